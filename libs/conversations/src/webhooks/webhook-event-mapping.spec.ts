import type { DocumentRecord } from '@app/rag';
import type { Conversation, Message } from '../conversation.types';
import { webhookEventFromConversation, webhookEventFromDocument } from './webhook-event-mapping';

const conversation: Conversation = {
  id: 'c1',
  tenantId: 't1',
  agentId: 'a1',
  contactId: 'p1',
  channel: 'widget',
  state: 'pending_human',
  assigneeId: null,
  intent: 'refund',
  handoffCount: 1,
  lastSeq: 2,
  pendingConfirmation: null,
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:05:00.123Z',
  resolvedAt: null,
};

const message: Message = {
  id: 'm1',
  tenantId: 't1',
  conversationId: 'c1',
  seq: 2,
  role: 'bot',
  text: 'Refunds take 5 days.',
  citations: [],
  trace: [{ stage: 'answer', decision: 'answered', ms: 3 }],
  authorId: null,
  createdAt: '2026-11-01T10:01:00.000Z',
};

const document = {
  id: 'd1',
  tenantId: 't1',
  collectionId: 'k1',
  title: 'Refunds',
  contentHash: 'abc123',
  status: 'ready',
  chunkCount: 3,
  error: null,
  sourceUrl: null,
  filename: 'refunds.md',
  metadata: {},
  updatedAt: new Date('2026-11-01T09:00:00.000Z'),
} as unknown as DocumentRecord;

describe('webhook events from conversation events', () => {
  it('names conversation and message events after the record, with public fields only', () => {
    const created = webhookEventFromConversation({ type: 'conversation.created', tenantId: 't1', conversation });
    expect(created).toMatchObject({ id: 'conversation.created:c1', type: 'conversation.created', tenantId: 't1' });
    expect(created?.data.conversation).not.toHaveProperty('pendingConfirmation');
    const posted = webhookEventFromConversation({ type: 'message.created', tenantId: 't1', conversation, message });
    expect(posted).toMatchObject({ id: 'message.created:m1', createdAt: message.createdAt });
    expect(posted?.data.message).toMatchObject({ text: 'Refunds take 5 days.', seq: 2 });
    expect(posted?.data.message).not.toHaveProperty('trace');
  });

  it('maps state changes to pending_human and resolved, and nothing else', () => {
    const change = (to: Conversation['state']) =>
      webhookEventFromConversation({
        type: 'conversation.state_changed',
        tenantId: 't1',
        conversation: { ...conversation, state: to },
        from: 'bot',
        to,
        reason: 'test',
      });
    expect(change('pending_human')).toMatchObject({
      id: 'handoff.requested:c1:2026-11-01T10:05:00.123Z',
      type: 'handoff.requested',
      data: { from: 'bot', to: 'pending_human' },
    });
    expect(change('resolved')?.type).toBe('conversation.resolved');
    expect(change('human')).toBeNull();
    expect(change('bot')).toBeNull();
    const token = { type: 'reply.token' as const, tenantId: 't1', conversationId: 'c1', replyId: 'r', token: 'x' };
    expect(webhookEventFromConversation(token)).toBeNull();
  });
});

describe('webhook events from document events', () => {
  const event = { tenantId: 't1', collectionId: 'k1', documentId: 'd1', progress: 100 };

  it('names a final state after the document version, so duplicates build the same event', () => {
    const ready = webhookEventFromDocument({ ...event, status: 'ready', chunkCount: 3 }, document);
    expect(ready).toEqual(webhookEventFromDocument({ ...event, status: 'ready', chunkCount: 3 }, document));
    expect(ready).toMatchObject({
      id: 'document.ready:d1:abc123',
      type: 'document.ready',
      createdAt: '2026-11-01T09:00:00.000Z',
      data: { document: { id: 'd1', status: 'ready', chunkCount: 3 } },
    });
    const failed = webhookEventFromDocument(
      { ...event, status: 'failed', error: 'unreadable PDF' },
      { ...document, status: 'failed', error: 'unreadable PDF' },
    );
    expect(failed).toMatchObject({ type: 'document.failed', data: { document: { error: 'unreadable PDF' } } });
  });

  it('ignores progress, and a final event the stored row has moved on from', () => {
    expect(webhookEventFromDocument({ ...event, status: 'processing' }, document)).toBeNull();
    expect(webhookEventFromDocument({ ...event, status: 'ready' }, { ...document, status: 'queued' })).toBeNull();
  });
});
