import type { PublicMessage } from '@app/conversations';

/**
 * Which messages of one conversation one socket has been sent. Messages are sent strictly in seq
 * order, each once: a message that arrives ahead of a missing one (live events relayed from several
 * api processes, or a replay still being read) waits until the gap is filled. Seqs are gapless and a
 * message is only published after its transaction committed, so a gap can always be filled from the
 * database (see ConversationFeed).
 */
export class MessageCursor {
  /** Every seq up to here has been sent (or the client already had it). */
  private floor: number;
  /** Offered messages above the floor, waiting for their turn. */
  private readonly waiting = new Map<number, PublicMessage>();
  private paused = false;

  constructor(alreadySeenSeq = 0) {
    this.floor = alreadySeenSeq;
  }

  /** The last seq sent in order: the database read that fills a gap starts after it. */
  get sentUpTo(): number {
    return this.floor;
  }

  /** Messages wait behind a missing one, which only a read from the database will bring. */
  get hasGap(): boolean {
    return !this.paused && this.waiting.size > 0;
  }

  /** Offers messages (live or read, in any order, repeats allowed); returns what may be sent now. */
  offer(messages: PublicMessage[]): PublicMessage[] {
    for (const message of messages) {
      if (message.seq > this.floor) this.waiting.set(message.seq, message);
    }
    return this.paused ? [] : this.drain();
  }

  /** Holds every offered message (e.g. until an acknowledgement carrying earlier ones has been sent). */
  pause(): void {
    this.paused = true;
  }

  resume(): PublicMessage[] {
    this.paused = false;
    return this.drain();
  }

  /** The messages that are next in order, marked sent. */
  drain(): PublicMessage[] {
    const next: PublicMessage[] = [];
    for (let message = this.waiting.get(this.floor + 1); message; message = this.waiting.get(this.floor + 1)) {
      this.waiting.delete(message.seq);
      this.floor = message.seq;
      next.push(message);
    }
    return next;
  }
}
