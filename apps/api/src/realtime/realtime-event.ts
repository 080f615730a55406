import {
  ConsoleConversation,
  ConversationEvent,
  PublicMessage,
  toConsoleConversation,
  toPublicMessage,
} from '@app/conversations';

/**
 * A conversation event as the gateways need it: client views only (no trace, nothing private), small
 * enough to relay to every api process for each streamed token.
 */
export type RealtimeEvent =
  | { type: 'conversation.created'; tenantId: string; conversation: ConsoleConversation }
  | { type: 'message'; tenantId: string; conversationId: string; message: PublicMessage }
  | { type: 'reply.token'; tenantId: string; conversationId: string; replyId: string; token: string }
  | { type: 'reply.cancelled'; tenantId: string; conversationId: string; replyId: string; reason: string }
  | { type: 'state'; tenantId: string; conversation: ConsoleConversation; reason: string }
  | { type: 'typing'; tenantId: string; conversationId: string; role: 'visitor' | 'bot' | 'human' };

export function toRealtimeEvent(event: ConversationEvent): RealtimeEvent {
  switch (event.type) {
    case 'conversation.created':
      return { ...event, conversation: toConsoleConversation(event.conversation) };
    case 'message.created':
      return {
        type: 'message',
        tenantId: event.tenantId,
        conversationId: event.conversation.id,
        message: toPublicMessage(event.message),
      };
    case 'reply.token':
    case 'reply.cancelled':
    case 'typing':
      return event;
    case 'conversation.state_changed':
      return {
        type: 'state',
        tenantId: event.tenantId,
        conversation: toConsoleConversation(event.conversation),
        reason: event.reason,
      };
  }
}

/** Room names, shared by both namespaces: conversation ids and tenant ids are UUIDs, unique everywhere. */
export const conversationRoom = (conversationId: string): string => `conv:${conversationId}`;
export const tenantRoom = (tenantId: string): string => `tenant:${tenantId}`;
