import { Inject, Injectable } from '@nestjs/common';
import { Database, DomainError, ErrorCode } from '@app/core';
import { CONVERSATIONS_CONFIG, ConversationsConfig } from '../config/conversations-config';
import type { Actor, Conversation, ConversationState, HandoffAction } from '../conversation.types';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { FOREIGN_KEY_VIOLATION, pgErrorCode } from '../database/pg-errors';
import { ConversationEvents } from '../events/conversation-events';
import { Appended, ConversationLog } from '../messages/conversation-log';
import { ReplyRegistry } from '../replies/reply-registry';
import { handoffSystemMessage } from './handoff-messages';
import { nextState } from './handoff-state-machine';

export interface HandoffOptions {
  /** Why, for `conversation.state_changed` (default: the action). */
  reason?: string;
  outOfHours?: boolean;
}

/**
 * Applies handoff actions: validated by the state machine, written only if the state is still the one
 * read (so of two concurrent takeovers exactly one wins), with the visitor's system message in the same
 * transaction. Leaving `bot` mutes the bot: its replies in this process are cancelled.
 */
@Injectable()
export class HandoffService {
  constructor(
    private readonly database: Database,
    private readonly conversations: ConversationsRepository,
    private readonly log: ConversationLog,
    private readonly events: ConversationEvents,
    private readonly replies: ReplyRegistry,
    @Inject(CONVERSATIONS_CONFIG) private readonly config: ConversationsConfig,
  ) {}

  async apply(
    conversation: Conversation,
    action: HandoffAction,
    actor: Actor,
    options: HandoffOptions = {},
  ): Promise<Conversation> {
    const { tenantId, id } = conversation;
    const from = conversation.state;
    const to = nextState(from, action, {
      handoffCount: conversation.handoffCount,
      maxHandoffs: this.config.CONVERSATION_MAX_HANDOFFS,
    });
    const text = handoffSystemMessage(action, { actor, outOfHours: options.outOfHours });
    const appended = await this.store(conversation, action, actor, to, text);
    if (!appended) {
      const current = await this.conversations.findById(tenantId, id);
      throw new DomainError(ErrorCode.Conflict, `cannot ${action} a conversation in state ${current?.state ?? from}`);
    }
    const reason = options.reason ?? action;
    if (to !== 'bot') this.replies.cancelAll(id, to === 'resolved' ? 'resolved' : 'human_took_over');
    this.events.publish({
      type: 'conversation.state_changed',
      tenantId,
      conversation: appended.conversation,
      from,
      to,
      reason,
    });
    this.log.publish(tenantId, appended);
    return appended.conversation;
  }

  private async store(
    conversation: Conversation,
    action: HandoffAction,
    actor: Actor,
    to: ConversationState,
    text: string,
  ): Promise<Appended | null> {
    const { tenantId, id, state: from } = conversation;
    try {
      return await this.database.transaction(async (client) => {
        const changed = await this.conversations.changeState(client, tenantId, id, {
          from,
          to,
          assigneeId: assigneeAfter(action, actor, to),
          countHandoff: action === 'request_human',
        });
        if (!changed) return null;
        return this.log.appendIn(client, tenantId, id, { role: 'system', text });
      });
    } catch (error) {
      if (pgErrorCode(error) !== FOREIGN_KEY_VIOLATION) throw error;
      throw new DomainError(ErrorCode.ValidationFailed, `actor: user ${actor.id} does not exist`);
    }
  }
}

/** undefined keeps the assignee. A takeover assigns the user (an API key has none); the bot has none. */
function assigneeAfter(action: HandoffAction, actor: Actor, to: ConversationState): string | null | undefined {
  if (action === 'take_over') return actor.kind === 'user' ? actor.id : null;
  if (to === 'bot' || to === 'pending_human') return null;
  return undefined;
}
