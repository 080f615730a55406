import type { VisitorRecord } from './widget-visitor';

/** A visitor or bot message as the database holds it at the end of the run. */
export interface StoredMessage {
  id: string;
  conversationId: string;
  seq: number;
  role: 'visitor' | 'bot';
  text: string;
  citationCount: number;
}

export interface ChatAccounting {
  sent: number;
  acked: number;
  /** Answered with an error (rate limited, invalid...): not lost, the client was told. */
  refused: number;
  stored: number;
  storedVisitor: number;
  storedBot: number;
  /** Stored bot replies citing at least one help page: grounded answers, not fallbacks. */
  citedReplies: number;
  /** Sent and never acknowledged, or acknowledged and not in the database. */
  lost: number;
  lostUnacked: number;
  lostAckedNotStored: number;
  /** A visitor message stored more often than it was sent, or a bot message delivered twice. */
  duplicated: number;
  duplicateStores: number;
  duplicateDeliveries: number;
  replies: number;
  /** Stored bot replies the visitor's connection never received (e.g. it closed first). */
  repliesUndelivered: number;
  replyTimeouts: number;
  cancelled: number;
  handoffs: number;
  conversations: number;
  connectErrors: string[];
  ttftMs: number[];
  replyMs: number[];
}

/** Compares what every visitor sent and received with what the database stored. */
export function accountChat(records: VisitorRecord[], stored: StoredMessage[]): ChatAccounting {
  const sent = records.flatMap((record) => record.sent);
  const storedIds = new Set(stored.map((message) => message.id));
  const acked = sent.filter((message) => message.acked);
  const lostUnacked = sent.filter((message) => !message.acked && !message.refusal).length;
  const lostAckedNotStored = acked.filter((message) => !storedIds.has(message.acked!.id)).length;
  const duplicateStores = countDuplicateStores(sent, stored);
  const duplicateDeliveries = sum(records.map((record) => record.duplicateDeliveries));
  const storedBot = stored.filter((message) => message.role === 'bot');
  return {
    sent: sent.length,
    acked: acked.length,
    refused: sent.filter((message) => message.refusal).length,
    stored: stored.length,
    storedVisitor: stored.length - storedBot.length,
    storedBot: storedBot.length,
    citedReplies: storedBot.filter((message) => message.citationCount > 0).length,
    lost: lostUnacked + lostAckedNotStored,
    lostUnacked,
    lostAckedNotStored,
    duplicated: duplicateStores + duplicateDeliveries,
    duplicateStores,
    duplicateDeliveries,
    replies: sent.filter((message) => message.outcome === 'bot').length,
    repliesUndelivered: countUndelivered(records, storedBot),
    replyTimeouts: sent.filter((message) => message.outcome === 'timeout').length,
    cancelled: sent.filter((message) => message.outcome === 'cancelled').length,
    handoffs: sum(records.map((record) => record.handoffs)),
    conversations: sum(records.map((record) => record.conversations)),
    connectErrors: records.flatMap((record) => record.connectErrors),
    ttftMs: sent.flatMap((message) => (message.firstTokenMs === undefined ? [] : [message.firstTokenMs])),
    replyMs: sent.flatMap((message) => (message.replyMs === undefined ? [] : [message.replyMs])),
  };
}

/** Visitors ask the same questions again, so a text may repeat: stored more times than sent is a duplicate. */
function countDuplicateStores(sent: VisitorRecord['sent'], stored: StoredMessage[]): number {
  const sentCount = new Map<string, number>();
  for (const message of sent) increment(sentCount, `${message.conversationId}\n${message.text}`);
  const storedCount = new Map<string, number>();
  for (const message of stored) {
    if (message.role === 'visitor') increment(storedCount, `${message.conversationId}\n${message.text}`);
  }
  let duplicates = 0;
  for (const [key, count] of storedCount) duplicates += Math.max(0, count - (sentCount.get(key) ?? 0));
  return duplicates;
}

function countUndelivered(records: VisitorRecord[], storedBot: StoredMessage[]): number {
  const delivered = new Map<string, Set<number>>();
  for (const record of records) {
    for (const [conversationId, seqs] of record.botDeliveries) delivered.set(conversationId, seqs);
  }
  return storedBot.filter((message) => !delivered.get(message.conversationId)?.has(message.seq)).length;
}

/** Nearest-rank percentile, in ms with two decimals; null without samples. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Number(sorted[rank].toFixed(2));
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
