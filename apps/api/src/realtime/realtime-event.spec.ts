import type { Conversation, Message } from '@app/conversations';
import { toRealtimeEvent } from './realtime-event';

const conversation: Conversation = {
  id: 'c1',
  tenantId: 't1',
  agentId: 'a1',
  contactId: 'k1',
  channel: 'widget',
  state: 'human',
  assigneeId: 'u1',
  intent: 'refund_question',
  handoffCount: 1,
  lastSeq: 2,
  pendingConfirmation: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:01.000Z',
  resolvedAt: null,
};

describe('toRealtimeEvent', () => {
  it('relays a stored message as its public view: no trace, no tenant id, no author id', () => {
    const message: Message = {
      id: 'm2',
      tenantId: 't1',
      conversationId: 'c1',
      seq: 2,
      role: 'bot',
      text: 'Refunds take five days [1].',
      citations: [],
      trace: [{ step: 'answer', detail: 'secret internals', ms: 1 } as never],
      authorId: null,
      createdAt: '2026-01-01T00:00:01.000Z',
    };
    const event = toRealtimeEvent({ type: 'message.created', tenantId: 't1', conversation, message });
    expect(event).toEqual({
      type: 'message',
      tenantId: 't1',
      conversationId: 'c1',
      message: {
        id: 'm2',
        conversationId: 'c1',
        seq: 2,
        role: 'bot',
        text: 'Refunds take five days [1].',
        citations: [],
        createdAt: '2026-01-01T00:00:01.000Z',
      },
    });
    expect(JSON.stringify(event)).not.toContain('secret internals');
  });

  it('relays a state change with the console view of the conversation and the reason', () => {
    const event = toRealtimeEvent({
      type: 'conversation.state_changed',
      tenantId: 't1',
      conversation,
      from: 'pending_human',
      to: 'human',
      reason: 'take_over',
    });
    expect(event).toMatchObject({ type: 'state', reason: 'take_over', conversation: { id: 'c1', state: 'human' } });
    expect(event.type === 'state' && event.conversation).not.toHaveProperty('handoffCount');
  });
});
