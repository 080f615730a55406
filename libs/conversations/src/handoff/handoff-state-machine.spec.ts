import { DomainError, ErrorCode } from '@app/core';
import { CONVERSATION_STATES, ConversationState, HANDOFF_ACTIONS, HandoffAction } from '../conversation.types';
import { nextState, transition } from './handoff-state-machine';

const limits = { handoffCount: 0, maxHandoffs: 3 };

/** Every (action, state) pair: the target state, or undefined when refused. */
const TABLE: Record<HandoffAction, Record<ConversationState, ConversationState | undefined>> = {
  request_human: { bot: 'pending_human', pending_human: undefined, human: undefined, resolved: undefined },
  take_over: { bot: 'human', pending_human: 'human', human: undefined, resolved: undefined },
  hand_back: { bot: undefined, pending_human: undefined, human: 'bot', resolved: undefined },
  resolve: { bot: 'resolved', pending_human: 'resolved', human: 'resolved', resolved: undefined },
  reopen: { bot: undefined, pending_human: undefined, human: undefined, resolved: 'bot' },
};

describe('handoff state machine', () => {
  const cases = HANDOFF_ACTIONS.flatMap((action) => CONVERSATION_STATES.map((state) => [action, state] as const));

  it.each(cases)('%s from %s follows the table', (action, state) => {
    const expected = TABLE[action][state];
    const result = transition(state, action, limits);
    if (expected) {
      expect(result).toEqual({ ok: true, to: expected });
    } else {
      expect(result.ok).toBe(false);
      const error = (result as { error: DomainError }).error;
      expect(error.code).toBe(ErrorCode.Conflict);
      expect(error.message).toBe(`cannot ${action} a conversation in state ${state}`);
    }
  });

  it('refuses to hand back once the handoff limit is reached, naming the limit', () => {
    expect(transition('human', 'hand_back', { handoffCount: 2, maxHandoffs: 3 })).toEqual({ ok: true, to: 'bot' });
    const refused = transition('human', 'hand_back', { handoffCount: 3, maxHandoffs: 3 });
    expect(refused.ok).toBe(false);
    expect((refused as { error: DomainError }).error.message).toContain('CONVERSATION_MAX_HANDOFFS=3');
  });

  it('still lets the conversation reach a human and be resolved past the limit', () => {
    const over = { handoffCount: 5, maxHandoffs: 3 };
    expect(nextState('bot', 'request_human', over)).toBe('pending_human');
    expect(nextState('pending_human', 'take_over', over)).toBe('human');
    expect(nextState('human', 'resolve', over)).toBe('resolved');
  });

  it('nextState throws the Conflict error', () => {
    expect(() => nextState('resolved', 'take_over', limits)).toThrow(
      'cannot take_over a conversation in state resolved',
    );
  });
});
