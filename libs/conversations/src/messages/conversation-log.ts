import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Database } from '@app/core';
import type { Conversation, ConversationState, Message } from '../conversation.types';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { ConversationEvents } from '../events/conversation-events';
import { MessagesRepository, NewMessage } from './messages.repository';

export interface Appended {
  conversation: Conversation;
  message: Message;
}

/**
 * Appends messages with gapless sequence numbers: seq is allocated and the row inserted in one
 * transaction, so a failed insert gives the number back. Publishes `message.created` after commit.
 */
@Injectable()
export class ConversationLog {
  constructor(
    private readonly database: Database,
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly events: ConversationEvents,
  ) {}

  /** Null when the conversation is gone, or not in `requireState` at the moment of storing. */
  async append(
    tenantId: string,
    conversationId: string,
    input: NewMessage,
    requireState?: ConversationState,
  ): Promise<Appended | null> {
    const appended = await this.database.transaction((client) =>
      this.appendIn(client, tenantId, conversationId, input, requireState),
    );
    if (appended) this.publish(tenantId, appended);
    return appended;
  }

  /** For callers that store more in the same transaction; they publish after commit. */
  async appendIn(
    client: PoolClient,
    tenantId: string,
    conversationId: string,
    input: NewMessage,
    requireState?: ConversationState,
  ): Promise<Appended | null> {
    const conversation = await this.conversations.allocateSeq(client, tenantId, conversationId, requireState);
    if (!conversation) return null;
    const message = await this.messages.insert(client, tenantId, conversationId, conversation.lastSeq, input);
    return { conversation, message };
  }

  publish(tenantId: string, appended: Appended): void {
    this.events.publish({ type: 'message.created', tenantId, ...appended });
  }
}
