import { MessageStore, SNAPSHOT_MESSAGE_LIMIT, type WidgetMessage } from './message-store';

const message = (seq: number, role: WidgetMessage['role'] = 'bot', text = `message ${seq}`): WidgetMessage => ({
  id: `m${seq}`,
  conversationId: 'c1',
  seq,
  role,
  text,
  citations: [],
  createdAt: '2026-01-01T00:00:00.000Z',
});

function storeFor(conversationId = 'c1'): MessageStore {
  const store = new MessageStore();
  store.bindConversation(conversationId);
  return store;
}

describe('MessageStore', () => {
  it('shows each seq once, however often it arrives (replay, ack and broadcast overlap)', () => {
    const store = storeFor();
    expect(store.add(message(1)).added).toBe(true);
    expect(store.add(message(1)).added).toBe(false);
    expect(store.add(message(2)).added).toBe(true);
    expect(store.add({ ...message(2), text: 'changed' }).added).toBe(false);
    expect(store.messages().map((m) => m.text)).toEqual(['message 1', 'message 2']);
  });

  it('ignores messages without a valid seq', () => {
    const store = storeFor();
    expect(store.add(message(0)).added).toBe(false);
    expect(store.add({ ...message(1), seq: 1.5 }).added).toBe(false);
    expect(store.messages()).toEqual([]);
  });

  it('places a late message before the next higher seq already shown', () => {
    const store = storeFor();
    store.add(message(1));
    store.add(message(4));
    store.add(message(3));
    expect(store.add(message(2))).toEqual({ added: true, beforeSeq: 3 });
    expect(store.add(message(5))).toEqual({ added: true, beforeSeq: null });
  });

  it('resumes after the last seq without a gap, so a missed message is replayed', () => {
    const store = storeFor();
    store.add(message(1));
    store.add(message(3));
    expect(store.lastSeq).toBe(1);
    store.add(message(2));
    expect(store.lastSeq).toBe(3);
  });

  it('assembles streamed tokens per reply and replaces the draft with the stored bot message', () => {
    const store = storeFor();
    expect(store.appendToken('r1', 'Deliveries ')).toEqual({ text: 'Deliveries ', started: true });
    expect(store.appendToken('r2', 'Other')).toEqual({ text: 'Other', started: true });
    expect(store.appendToken('r1', 'take 3 days')).toEqual({ text: 'Deliveries take 3 days', started: false });
    // The stored bot message carries its reply's id: it settles that draft and no other.
    expect(store.settleDraft({ ...message(2), id: 'r2' })).toBe('r2');
    expect(store.settleDraft({ ...message(3), id: 'r1' })).toBe('r1');
    expect(store.settleDraft({ ...message(4), id: 'r1' })).toBeNull();
  });

  it('drops tokens of a reply that was completed or cancelled', () => {
    const store = storeFor();
    store.appendToken('r1', 'a');
    store.settleDraft({ ...message(1), id: 'r1' });
    expect(store.appendToken('r1', 'late')).toBeNull();
    store.appendToken('r2', 'b');
    expect(store.cancelDraft('r2')).toBe(true);
    expect(store.appendToken('r2', 'late')).toBeNull();
    expect(store.cancelDraft('r3')).toBe(false);
    expect(store.appendToken('r3', 'never shown')).toBeNull();
  });

  it('does not settle drafts with visitor or system messages', () => {
    const store = storeFor();
    store.appendToken('r1', 'a');
    expect(store.settleDraft(message(1, 'visitor'))).toBeNull();
    expect(store.settleDraft(message(2, 'system'))).toBeNull();
    expect(store.appendToken('r1', 'b')).toEqual({ text: 'ab', started: false });
  });

  it('abandons drafts after a reconnect and ignores the rest of their tokens', () => {
    const store = storeFor();
    store.appendToken('r1', 'half an ans');
    expect(store.abandonDrafts()).toEqual(['r1']);
    expect(store.appendToken('r1', 'wer')).toBeNull();
    expect(store.abandonDrafts()).toEqual([]);
  });

  it('settles each pending visitor message once, by its text', () => {
    const store = storeFor();
    const first = store.addPending('hello');
    const second = store.addPending('hello');
    const other = store.addPending('bye');
    expect(store.settlePending(message(1, 'bot', 'hello'))).toBeNull();
    expect(store.settlePending(message(1, 'visitor', 'hello'))).toBe(first);
    expect(store.settlePending(message(2, 'visitor', 'hello'))).toBe(second);
    expect(store.settlePending(message(3, 'visitor', 'hello'))).toBeNull();
    store.dropPending(other);
    expect(store.settlePending(message(4, 'visitor', 'bye'))).toBeNull();
  });

  it('empties itself when the server resumes another conversation', () => {
    const store = storeFor('c1');
    store.add(message(1));
    store.appendToken('r1', 'x');
    expect(store.bindConversation('c1')).toBe(false);
    expect(store.messages()).toHaveLength(1);
    expect(store.bindConversation('c2')).toBe(true);
    expect(store.messages()).toEqual([]);
    expect(store.lastSeq).toBe(0);
    expect(new MessageStore().bindConversation('c1')).toBe(false);
  });

  it('round-trips a snapshot of the newest contiguous messages', () => {
    const store = storeFor();
    for (let seq = 1; seq <= SNAPSHOT_MESSAGE_LIMIT + 5; seq += 1) store.add(message(seq));
    store.add(message(SNAPSHOT_MESSAGE_LIMIT + 7)); // after a gap: not part of what was surely seen
    const snapshot = JSON.parse(JSON.stringify(store.snapshot()));
    expect(snapshot.lastSeq).toBe(SNAPSHOT_MESSAGE_LIMIT + 5);
    expect(snapshot.messages).toHaveLength(SNAPSHOT_MESSAGE_LIMIT);

    const restored = new MessageStore();
    expect(restored.restore(snapshot)).toBe(true);
    expect(restored.currentConversationId).toBe('c1');
    expect(restored.lastSeq).toBe(SNAPSHOT_MESSAGE_LIMIT + 5);
    expect(restored.messages()[0].seq).toBe(6);
  });

  it('refuses malformed snapshots and skips malformed messages in them', () => {
    const store = new MessageStore();
    expect(store.restore(null)).toBe(false);
    expect(store.restore('{"conversationId":1}')).toBe(false);
    expect(store.restore({ conversationId: 'c1', lastSeq: -1, messages: [] })).toBe(false);
    expect(store.restore({ conversationId: 'c1', lastSeq: 2, messages: [message(1), { seq: 2 }, message(9)] })).toBe(
      true,
    );
    expect(store.messages().map((m) => m.seq)).toEqual([1]);
    expect(new MessageStore().snapshot()).toBeNull();
  });
});
