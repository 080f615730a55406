/**
 * `npm run bench:guard`: per-message latency of the pipeline's first steps on support traffic —
 * guard (input checks, PII redaction, injection and toxicity detection), entity extraction, and the
 * built-in intent classifier trained on BANKING77 train. Messages are BANKING77 and CLINC150 test
 * texts, a share of them with PII and dates added. Prints one JSON line last.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LabelledText,
  MessageGuard,
  TenantEntityConfig,
  extractEntities,
  parseLabelledCsv,
  trainIntentClassifier,
} from '@app/agents';

const DATA_DIR = process.env.SEED_DATA_DIR ?? join(process.cwd(), '..', 'shared', 'data');
const MESSAGES = 3000;
const WARMUP = 300;
const REFERENCE = new Date('2025-03-05T12:00:00Z');
const TENANT: TenantEntityConfig = {
  orderNumberPatterns: [String.raw`\bORD-\d{6}\b`],
  ticketNumberPatterns: [String.raw`ticket\s*#?\s*(\d{5,})`],
  products: ['Visa Debit Card', 'Mastercard Gold', 'Premium Account', 'Metal Card', 'Travel Insurance'],
  defaultCallingCode: '44',
};
const ADDITIONS = [
  ' My card is 4111 1111 1111 1111.',
  ' Call me on +44 20 7946 0958 tomorrow.',
  ' Refund £25.50 to DE89 3704 0044 0532 0130 00 by next Friday.',
  ' Order ORD-123456, email jane@example.com.',
];

/** BANKING77 names its label column "category". */
function readLabelled(path: string): LabelledText[] {
  return parseLabelledCsv(readFileSync(path, 'utf8').replace(/^text,category/, 'text,label'));
}

function supportMessages(): string[] {
  const banking = readLabelled(join(DATA_DIR, 'banking77', 'test.csv')).map((e) => e.text);
  const clinc = (JSON.parse(readFileSync(join(DATA_DIR, 'clinc150', 'data_full.json'), 'utf8')) as { test: [string][] })
    .test;
  const texts = [...banking, ...clinc.map(([text]) => text)];
  // Every fourth message carries PII or a date, as real support chats often do.
  return Array.from({ length: MESSAGES }, (_, i) => {
    const base = texts[(i * 7919) % texts.length];
    return i % 4 === 0 ? base + ADDITIONS[(i / 4) % ADDITIONS.length] : base;
  });
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

function time(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function main(): void {
  const guard = new MessageGuard();
  const trainStarted = performance.now();
  const { classifier } = trainIntentClassifier(readLabelled(join(DATA_DIR, 'banking77', 'train.csv')));
  process.stdout.write(`intent classifier trained in ${((performance.now() - trainStarted) / 1000).toFixed(1)} s\n`);
  const messages = supportMessages();
  for (const text of messages.slice(0, WARMUP)) {
    const { redactedText } = guard.inspect(text);
    extractEntities(text, TENANT, REFERENCE);
    classifier.predict(redactedText);
  }
  const guardEntities: number[] = [];
  const intents: number[] = [];
  const totals: number[] = [];
  for (const text of messages) {
    let redacted = '';
    const front = time(() => {
      redacted = guard.inspect(text).redactedText;
      extractEntities(text, TENANT, REFERENCE);
    });
    const intent = time(() => classifier.predict(redacted));
    guardEntities.push(front);
    intents.push(intent);
    totals.push(front + intent);
  }
  for (const list of [guardEntities, intents, totals]) list.sort((a, b) => a - b);
  const summary = {
    messages: messages.length,
    guard_entities_p50_ms: round3(percentile(guardEntities, 0.5)),
    guard_entities_p99_ms: round3(percentile(guardEntities, 0.99)),
    intent_p50_ms: round3(percentile(intents, 0.5)),
    intent_p99_ms: round3(percentile(intents, 0.99)),
    total_p50_ms: round3(percentile(totals, 0.5)),
    total_p99_ms: round3(percentile(totals, 0.99)),
  };
  process.stdout.write(
    `guard + entities p50 ${summary.guard_entities_p50_ms} ms, p99 ${summary.guard_entities_p99_ms} ms\n`,
  );
  process.stdout.write(
    `intent p50 ${summary.intent_p50_ms} ms; all three p50 ${summary.total_p50_ms} ms, p99 ${summary.total_p99_ms} ms\n`,
  );
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main();
