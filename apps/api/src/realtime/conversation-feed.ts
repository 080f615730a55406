import type { PublicMessage } from '@app/conversations';
import { MessageCursor } from './message-cursor';

/** Reads the conversation's messages with seq > afterSeq, in order, at most `limit`. */
export type MessagesAfter = (afterSeq: number, limit: number) => Promise<PublicMessage[]>;

const PAGE = 500;
/** Reads that may find a gap still open (a message committed but not yet visible) before giving up. */
const GAP_READS = 3;

/**
 * The messages of one conversation to one socket: the replay after the client's lastSeq, then live
 * messages, in order and once each (MessageCursor). A live message that arrives ahead of one it
 * should follow makes the feed read the missing ones from the database, so neither a relay that
 * overtakes another nor one lost on the way leaves the client with a hole.
 */
export class ConversationFeed {
  readonly cursor: MessageCursor;
  private reading = false;

  constructor(
    alreadySeenSeq: number,
    private readonly messagesAfter: MessagesAfter,
    private readonly send: (messages: PublicMessage[]) => void,
    /** A read failed: the client cannot be kept in order (the gateway makes it reconnect). */
    private readonly fail: (error: unknown) => void,
  ) {
    this.cursor = new MessageCursor(alreadySeenSeq);
  }

  live(message: PublicMessage): void {
    this.send(this.cursor.offer([message]));
    if (this.cursor.hasGap) void this.catchUp();
  }

  resume(): void {
    this.send(this.cursor.resume());
    if (this.cursor.hasGap) void this.catchUp();
  }

  /** Reads and sends everything after what was sent; one read at a time (a running one re-checks for gaps). */
  async catchUp(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      for (let gapReads = 0; ;) {
        const page = await this.messagesAfter(this.cursor.sentUpTo, PAGE);
        this.send(this.cursor.offer(page));
        if (page.length === PAGE) continue;
        if (!this.cursor.hasGap) return;
        if (++gapReads >= GAP_READS) throw new Error(`seq ${this.cursor.sentUpTo + 1} is missing from the database`);
      }
    } catch (error) {
      this.fail(error);
    } finally {
      this.reading = false;
    }
  }
}
