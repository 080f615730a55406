import type { PublicMessage } from '@app/conversations';
import { MessageCursor } from './message-cursor';

const message = (seq: number): PublicMessage => ({
  id: `m${seq}`,
  conversationId: 'c1',
  seq,
  role: 'visitor',
  text: `message ${seq}`,
  citations: [],
  createdAt: '2026-01-01T00:00:00.000Z',
});
const seqs = (messages: PublicMessage[]) => messages.map((m) => m.seq);

describe('MessageCursor', () => {
  it('sends messages once each, never those the client already had', () => {
    const cursor = new MessageCursor(2);
    expect(seqs(cursor.offer([message(2)]))).toEqual([]);
    expect(seqs(cursor.offer([message(3)]))).toEqual([3]);
    expect(seqs(cursor.offer([message(3)]))).toEqual([]);
    expect(cursor.sentUpTo).toBe(3);
  });

  it('holds a message that arrives ahead of a missing one, and says there is a gap, until it is filled', () => {
    const cursor = new MessageCursor(0);
    expect(seqs(cursor.offer([message(1)]))).toEqual([1]);
    expect(seqs(cursor.offer([message(3)]))).toEqual([]);
    expect(cursor.hasGap).toBe(true);
    expect(seqs(cursor.offer([message(4)]))).toEqual([]);
    // The database read that fills the gap may repeat what is waiting: each goes out once, in order.
    expect(seqs(cursor.offer([message(2), message(3), message(4)]))).toEqual([2, 3, 4]);
    expect(cursor.hasGap).toBe(false);
  });

  it('a replay and live messages meet in any order: in order, once', () => {
    const cursor = new MessageCursor(1);
    expect(seqs(cursor.offer([message(2)]))).toEqual([2]); // live, ahead of the replay's read
    expect(seqs(cursor.offer([message(5)]))).toEqual([]);
    expect(seqs(cursor.offer([message(2), message(3), message(4)]))).toEqual([3, 4, 5]);
  });

  it('while paused it holds everything; drain takes what is in order, resume lets the rest go', () => {
    const cursor = new MessageCursor();
    cursor.pause();
    expect(cursor.offer([message(1), message(2)])).toEqual([]);
    expect(cursor.hasGap).toBe(false);
    expect(seqs(cursor.drain())).toEqual([1, 2]);
    expect(cursor.offer([message(3)])).toEqual([]);
    expect(seqs(cursor.resume())).toEqual([3]);
    expect(seqs(cursor.offer([message(4)]))).toEqual([4]);
  });
});
