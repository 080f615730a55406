import type { Conversation, Message } from '../conversation.types';
import type { ConsoleConversation, PublicMessage } from './socket-protocol';

/** A message as clients see it: no trace, no tenant id, no author id. */
export function toPublicMessage(message: Message): PublicMessage {
  return {
    id: message.id,
    conversationId: message.conversationId,
    seq: message.seq,
    role: message.role,
    text: message.text,
    citations: message.citations,
    createdAt: message.createdAt,
  };
}

export function toConsoleConversation(conversation: Conversation): ConsoleConversation {
  return {
    id: conversation.id,
    agentId: conversation.agentId,
    contactId: conversation.contactId,
    channel: conversation.channel,
    state: conversation.state,
    assigneeId: conversation.assigneeId,
    intent: conversation.intent,
    lastSeq: conversation.lastSeq,
    updatedAt: conversation.updatedAt,
  };
}
