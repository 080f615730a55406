import type { PublicMessage } from '@app/conversations';

/** A bot message's id is the replyId of the tokens that streamed it (see the socket protocol). */
export type WidgetMessage = PublicMessage;

/** What the widget keeps in sessionStorage so a page navigation shows the transcript at once. */
export interface TranscriptSnapshot {
  conversationId: string;
  lastSeq: number;
  messages: WidgetMessage[];
}

/** A snapshot keeps the newest messages only: sessionStorage is small and shared with the host page. */
export const SNAPSHOT_MESSAGE_LIMIT = 100;

export interface AddResult {
  /** False when this seq was already shown (replays, acks and broadcasts overlap by design). */
  added: boolean;
  /** The seq of the shown message this one goes before, or null to put it after every stored one. */
  beforeSeq: number | null;
}

/**
 * The widget's view of one conversation, without any DOM: stored messages deduplicated by seq,
 * replies being streamed (drafts, by replyId) and visitor messages not yet acknowledged.
 */
export class MessageStore {
  private conversationId: string | null = null;
  private readonly bySeq = new Map<number, WidgetMessage>();
  /** Every seq up to here has been received: what the server is asked to resume after. */
  private contiguousSeq = 0;
  private readonly drafts = new Map<string, string>();
  /** Replies whose tokens must no longer show (cancelled, completed, or partly missed while offline). */
  private readonly closedReplies = new Set<string>();
  private readonly pending: { localId: string; text: string }[] = [];
  private nextLocalId = 1;

  get lastSeq(): number {
    return this.contiguousSeq;
  }

  get currentConversationId(): string | null {
    return this.conversationId;
  }

  /** Shown messages in seq order. */
  messages(): WidgetMessage[] {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  /**
   * Binds the store to the conversation the server resumed. A different conversation than the one
   * in the store (a new visitor token, an expired one) empties it; returns whether it did.
   */
  bindConversation(conversationId: string): boolean {
    if (this.conversationId === conversationId) return false;
    const hadContent = this.conversationId !== null;
    this.conversationId = conversationId;
    this.bySeq.clear();
    this.contiguousSeq = 0;
    this.drafts.clear();
    return hadContent;
  }

  add(message: WidgetMessage): AddResult {
    if (!Number.isInteger(message.seq) || message.seq < 1 || this.bySeq.has(message.seq)) {
      return { added: false, beforeSeq: null };
    }
    this.bySeq.set(message.seq, message);
    while (this.bySeq.has(this.contiguousSeq + 1)) this.contiguousSeq += 1;
    let beforeSeq: number | null = null;
    for (const seq of this.bySeq.keys()) {
      if (seq > message.seq && (beforeSeq === null || seq < beforeSeq)) beforeSeq = seq;
    }
    return { added: true, beforeSeq };
  }

  /** Appends a streamed token; null when the reply is closed and its tokens must be dropped. */
  appendToken(replyId: string, token: string): { text: string; started: boolean } | null {
    if (this.closedReplies.has(replyId)) return null;
    const before = this.drafts.get(replyId);
    const text = (before ?? '') + token;
    this.drafts.set(replyId, text);
    return { text, started: before === undefined };
  }

  /** Closes a reply (cancelled by a takeover); returns whether a draft was showing. */
  cancelDraft(replyId: string): boolean {
    this.closedReplies.add(replyId);
    return this.drafts.delete(replyId);
  }

  /** The final bot message replaces its draft; returns the replyId of the draft to remove, if any. */
  settleDraft(message: WidgetMessage): string | null {
    if (message.role !== 'bot') return null;
    const replyId = message.id;
    this.closedReplies.add(replyId);
    return this.drafts.delete(replyId) ? replyId : null;
  }

  /**
   * After a reconnect the tokens sent while offline are lost, so a draft would show a gap: drafts are
   * dropped and their replies closed; the stored reply arrives as a `message` instead.
   */
  abandonDrafts(): string[] {
    const replyIds = [...this.drafts.keys()];
    for (const replyId of replyIds) this.closedReplies.add(replyId);
    this.drafts.clear();
    return replyIds;
  }

  /** A visitor message shown before the server acknowledged it. */
  addPending(text: string): string {
    const localId = `pending-${this.nextLocalId++}`;
    this.pending.push({ localId, text });
    return localId;
  }

  /** The stored copy of a visitor message arrived (ack or broadcast): the first pending one with its text goes. */
  settlePending(message: WidgetMessage): string | null {
    if (message.role !== 'visitor') return null;
    const index = this.pending.findIndex((entry) => entry.text === message.text);
    if (index < 0) return null;
    return this.pending.splice(index, 1)[0].localId;
  }

  /** The server refused a pending message: it is no longer expected. */
  dropPending(localId: string): void {
    const index = this.pending.findIndex((entry) => entry.localId === localId);
    if (index >= 0) this.pending.splice(index, 1);
  }

  snapshot(): TranscriptSnapshot | null {
    if (this.conversationId === null) return null;
    const messages = this.messages().filter((message) => message.seq <= this.contiguousSeq);
    return {
      conversationId: this.conversationId,
      lastSeq: this.contiguousSeq,
      messages: messages.slice(-SNAPSHOT_MESSAGE_LIMIT),
    };
  }

  /** Restores a snapshot written by `snapshot()`; anything malformed is ignored, not trusted. */
  restore(snapshot: unknown): boolean {
    if (!isSnapshot(snapshot)) return false;
    this.bindConversation(snapshot.conversationId);
    for (const message of snapshot.messages) {
      if (isMessage(message) && message.seq <= snapshot.lastSeq) this.bySeq.set(message.seq, message);
    }
    this.contiguousSeq = snapshot.lastSeq;
    return true;
  }
}

function isSnapshot(value: unknown): value is TranscriptSnapshot {
  const candidate = value as TranscriptSnapshot | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.conversationId === 'string' &&
    Number.isInteger(candidate.lastSeq) &&
    candidate.lastSeq >= 0 &&
    Array.isArray(candidate.messages)
  );
}

function isMessage(value: unknown): value is WidgetMessage {
  const candidate = value as WidgetMessage | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    Number.isInteger(candidate.seq) &&
    candidate.seq >= 1 &&
    typeof candidate.text === 'string' &&
    typeof candidate.role === 'string' &&
    Array.isArray(candidate.citations)
  );
}
