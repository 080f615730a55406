import type { PublicMessage } from '@app/conversations';
import { ConversationFeed } from './conversation-feed';

const message = (seq: number): PublicMessage => ({
  id: `m${seq}`,
  conversationId: 'c1',
  seq,
  role: 'visitor',
  text: `message ${seq}`,
  citations: [],
  createdAt: '2026-01-01T00:00:00.000Z',
});

/** A conversation stored in memory: what the database read of a feed returns. */
function storedConversation(count: number) {
  const stored = Array.from({ length: count }, (_, i) => message(i + 1));
  const reads: number[] = [];
  const messagesAfter = async (after: number, limit: number) => {
    reads.push(after);
    return stored.filter((m) => m.seq > after).slice(0, limit);
  };
  return { stored, reads, messagesAfter };
}

describe('ConversationFeed', () => {
  it('replays everything after the client’s last seq, then sends live messages', async () => {
    const db = storedConversation(3);
    const sent: PublicMessage[] = [];
    const feed = new ConversationFeed(1, db.messagesAfter, (m) => sent.push(...m), fail);
    await feed.catchUp();
    feed.live(message(4));
    expect(sent.map((m) => m.seq)).toEqual([2, 3, 4]);
    expect(db.reads).toEqual([1]);
  });

  it('a live message ahead of a missing one reads the gap from the database and sends all in order', async () => {
    const db = storedConversation(5);
    const sent: PublicMessage[] = [];
    const feed = new ConversationFeed(2, db.messagesAfter, (m) => sent.push(...m), fail);
    feed.live(message(5)); // 3 and 4 were relayed by another process and have not arrived (or never will)
    await new Promise((resolve) => setImmediate(resolve));
    feed.live(message(3));
    feed.live(message(4));
    expect(sent.map((m) => m.seq)).toEqual([3, 4, 5]);
    expect(db.reads).toEqual([2]);
  });

  it('reads page after page for a long conversation', async () => {
    const db = storedConversation(1_200);
    const sent: PublicMessage[] = [];
    await new ConversationFeed(0, db.messagesAfter, (m) => sent.push(...m), fail).catchUp();
    expect(sent.map((m) => m.seq)).toEqual(db.stored.map((m) => m.seq));
    expect(db.reads).toEqual([0, 500, 1_000]);
  });

  it('reports a read that fails, and a gap the database cannot fill', async () => {
    const failures: unknown[] = [];
    const broken = new ConversationFeed(
      0,
      () => Promise.reject(new Error('db down')),
      () => undefined,
      (e) => failures.push(e),
    );
    await broken.catchUp();
    const holey = new ConversationFeed(
      0,
      async () => [],
      () => undefined,
      (e) => failures.push(e),
    );
    holey.live(message(2));
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures.map((e) => (e as Error).message)).toEqual(['db down', 'seq 1 is missing from the database']);
  });
});

function fail(error: unknown): never {
  throw error;
}
