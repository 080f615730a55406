import type { DocumentEvent, DocumentRecord } from '@app/rag';
import type { Conversation, Message } from '../conversation.types';
import type { ConversationEvent } from '../events/conversation-events';
import type { WebhookEvent, WebhookEventType } from './webhook.types';

/**
 * Turns what happened into the event a tenant's systems receive, or null when it is not a webhook
 * event (streamed tokens, typing, other state changes). Ids and timestamps come from the stored
 * records, never from the clock, so every process that sees the same fact builds the same event.
 */
export function webhookEventFromConversation(event: ConversationEvent): WebhookEvent | null {
  switch (event.type) {
    case 'conversation.created':
      return envelope('conversation.created', event.conversation.id, event.conversation.createdAt, event.tenantId, {
        conversation: conversationView(event.conversation),
      });
    case 'message.created':
      return envelope('message.created', event.message.id, event.message.createdAt, event.tenantId, {
        conversation: conversationView(event.conversation),
        message: messageView(event.message),
      });
    case 'conversation.state_changed': {
      const type = STATE_EVENTS[event.to];
      if (!type) return null;
      const changedAt = iso(event.conversation.updatedAt);
      return envelope(type, `${event.conversation.id}:${changedAt}`, changedAt, event.tenantId, {
        conversation: conversationView(event.conversation),
        from: event.from,
        to: event.to,
        reason: event.reason,
      });
    }
    case 'reply.token':
    case 'reply.cancelled':
    case 'typing':
      return null;
  }
}

const STATE_EVENTS: Partial<Record<string, WebhookEventType>> = {
  pending_human: 'handoff.requested',
  resolved: 'conversation.resolved',
};

/** Only final document states are webhook events; progress is for the live console. */
export const isFinalDocumentEvent = (event: DocumentEvent): boolean =>
  event.status === 'ready' || event.status === 'failed';

/**
 * `document` is the stored row: its content hash names the version, so each version is one event. A
 * row that no longer has the event's status was re-uploaded since: that version's event is stale.
 */
export function webhookEventFromDocument(event: DocumentEvent, document: DocumentRecord): WebhookEvent | null {
  if (!isFinalDocumentEvent(event) || document.status !== event.status) return null;
  const type = event.status === 'ready' ? 'document.ready' : 'document.failed';
  return envelope(type, `${document.id}:${document.contentHash}`, document.updatedAt, event.tenantId, {
    document: {
      id: document.id,
      collectionId: document.collectionId,
      title: document.title,
      status: event.status,
      contentHash: document.contentHash,
      chunkCount: event.chunkCount ?? document.chunkCount,
      error: event.error ?? document.error,
      sourceUrl: document.sourceUrl,
      filename: document.filename,
      metadata: document.metadata,
    },
  });
}

function envelope(
  type: WebhookEventType,
  key: string,
  at: string | Date,
  tenantId: string,
  data: Record<string, unknown>,
): WebhookEvent {
  return { id: `${type}:${key}`, type, createdAt: iso(at), tenantId, data };
}

/** What integrations see of a conversation: no internal state such as a pending tool confirmation. */
function conversationView(conversation: Conversation) {
  return {
    id: conversation.id,
    agentId: conversation.agentId,
    contactId: conversation.contactId,
    channel: conversation.channel,
    state: conversation.state,
    assigneeId: conversation.assigneeId,
    intent: conversation.intent,
    createdAt: iso(conversation.createdAt),
    updatedAt: iso(conversation.updatedAt),
    resolvedAt: conversation.resolvedAt === null ? null : iso(conversation.resolvedAt),
  };
}

/** The pipeline trace stays out: it is for debugging in the console, not for CRMs. */
function messageView(message: Message) {
  return {
    id: message.id,
    conversationId: message.conversationId,
    seq: message.seq,
    role: message.role,
    text: message.text,
    citations: message.citations,
    authorId: message.authorId,
    createdAt: iso(message.createdAt),
  };
}

/** Records typed as ISO strings may arrive as Dates straight from node-postgres. */
function iso(value: string | Date): string {
  return new Date(value).toISOString();
}
