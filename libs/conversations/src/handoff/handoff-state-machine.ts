import { DomainError, ErrorCode } from '@app/core';
import type { ConversationState, HandoffAction } from '../conversation.types';

export interface TransitionLimits {
  /** bot → pending_human handoffs so far. */
  handoffCount: number;
  maxHandoffs: number;
}

export type TransitionResult = { ok: true; to: ConversationState } | { ok: false; error: DomainError };

/** Which state each action leads to, from the states where it is allowed. */
const TRANSITIONS: Record<HandoffAction, Partial<Record<ConversationState, ConversationState>>> = {
  request_human: { bot: 'pending_human' },
  // A human may take over straight from the bot, without the bot asking first.
  take_over: { bot: 'human', pending_human: 'human' },
  hand_back: { human: 'bot' },
  resolve: { bot: 'resolved', pending_human: 'resolved', human: 'resolved' },
  // A visitor writing again to a resolved conversation reopens it with the bot.
  reopen: { resolved: 'bot' },
};

/**
 * The handoff state machine: pure, deterministic, never fed by model output directly (the pipeline's
 * handoff request becomes an explicit `request_human`).
 *
 * Loop protection: the only way to bounce is bot → pending_human → human → bot. It is cut at the
 * hand-back: once the conversation has been handed to humans `maxHandoffs` times, `hand_back` is
 * refused and it stays with a human until resolved. `request_human` itself is never refused for the
 * count, so a visitor who asks for a person is never left with the bot.
 */
export function transition(
  state: ConversationState,
  action: HandoffAction,
  limits: TransitionLimits,
): TransitionResult {
  const to = TRANSITIONS[action][state];
  if (!to) return refuse(`cannot ${action} a conversation in state ${state}`);
  if (action === 'hand_back' && limits.handoffCount >= limits.maxHandoffs) {
    return refuse(
      `cannot hand_back: the conversation was handed to a human ${limits.handoffCount} times ` +
        `(limit CONVERSATION_MAX_HANDOFFS=${limits.maxHandoffs}); it stays with a human until resolved`,
    );
  }
  return { ok: true, to };
}

/** Like `transition`, throwing the Conflict error. */
export function nextState(
  state: ConversationState,
  action: HandoffAction,
  limits: TransitionLimits,
): ConversationState {
  const result = transition(state, action, limits);
  if (!result.ok) throw result.error;
  return result.to;
}

function refuse(message: string): TransitionResult {
  return { ok: false, error: new DomainError(ErrorCode.Conflict, message) };
}
