/**
 * `npm run bench:chat`: CHAT_CLIENTS (200) widget visitors on real socket.io connections to the api
 * booted in-process with the demo tenant (the Brightdesk help pages, builtin models), each asking a
 * question, waiting for the complete reply, thinking about CHAT_THINK_MS (0, jittered) and asking again, for
 * CHAT_SECONDS (30). Reports time to first token and to the complete reply (p50/p99, from the emit),
 * and checks every message against the database: lost and duplicated must be 0. PostgreSQL when
 * DATABASE_URL is set (use a fresh database), else in-memory PGlite; REDIS_URL optional. One JSON line last.
 */
import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Database, env, loadCoreConfig, parseEnv } from '@app/core';
import { DocumentsService } from '@app/rag';
import { createApiApp } from '../apps/api/src/create-api-app';
import { DemoSetup, DemoTenant } from '../apps/api/src/widget/demo-setup.service';
import { WORKER_JOB_MODULES } from '../apps/worker/src/job-modules';
import { deleteRedisKeys } from '../test/support/queue-drivers';
import { accountChat, ChatAccounting, percentile, StoredMessage } from './support/chat-accounting';
import { WidgetVisitor } from './support/widget-visitor';

const settings = parseEnv({
  CHAT_CLIENTS: env.int(200, 1),
  CHAT_SECONDS: env.int(30, 1),
  CHAT_THINK_MS: env.int(0),
  CHAT_REPLY_TIMEOUT_SECONDS: env.int(120, 1),
});

// Hundreds of visitors from one address and many messages each: the abuse limits would measure
// themselves, not the chat. 0 turns each off; set them explicitly to bench with limits.
process.env.RATE_LIMIT_VISITOR_MESSAGES ??= '0';
process.env.RATE_LIMIT_WIDGET_NEW_VISITORS ??= '0';
process.env.RATE_LIMIT_SOCKET_EVENTS ??= '0';

/** Questions the help pages answer, so the replies go through retrieval and grounded generation. */
const QUESTIONS = [
  'How much does express delivery cost?',
  'How long is the home trial?',
  'How much does the under-desk drawer cost?',
  'How long does a refund to my PayPal account take?',
  'What is the maximum load of the Brightdesk Go?',
  'How do I clean the desktop?',
  'The app cannot find my desk, what should I do?',
  'Do you deliver to Switzerland and what does it cost?',
  'Can I cancel my Brightdesk Plus subscription?',
  'What is covered by the warranty?',
  'How much does the dual monitor arm cost?',
  'Is standard delivery free?',
];

const READY_TIMEOUT_MS = 300_000;

async function main(): Promise<void> {
  const config = loadCoreConfig({
    ...process.env,
    DATA_DIR: 'memory://',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const db = config.DATABASE_URL ? 'postgres' : 'pglite';
  const queuePrefix = `seed-bench-chat-${randomBytes(4).toString('hex')}`;
  const app = await createApiApp({
    config,
    consumeJobs: true,
    migrate: true,
    jobModules: WORKER_JOB_MODULES,
    queuePrefix,
    // stdout is the report (JSON last); the api's logs go to stderr.
    logDestination: process.stderr,
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const demo = (await app.get(DemoSetup).ensure([baseUrl]))!;
    const readySeconds = await waitForHelpPages(app, demo);
    const accounting = await chat(app, baseUrl, demo);
    report(accounting, db, readySeconds, Boolean(config.REDIS_URL));
  } finally {
    await app.close();
    if (config.REDIS_URL) await deleteRedisKeys(config.REDIS_URL, queuePrefix);
  }
}

async function waitForHelpPages(app: NestFastifyApplication, demo: DemoTenant): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { data } = await app.get(DocumentsService).list(demo.tenantId, demo.collectionId, { limit: 100 });
    const failed = data.filter((document) => document.status === 'failed');
    if (failed.length) throw new Error(`demo help pages failed to ingest: ${failed.map((d) => d.title).join(', ')}`);
    if (data.length > 0 && data.every((document) => document.status === 'ready')) {
      return (performance.now() - started) / 1000;
    }
    if (performance.now() - started > READY_TIMEOUT_MS) throw new Error('demo help pages not ready in time');
    await new Promise((done) => setTimeout(done, 200));
  }
}

async function chat(app: NestFastifyApplication, baseUrl: string, demo: DemoTenant): Promise<ChatAccounting> {
  const options = {
    baseUrl,
    siteKey: demo.siteKey,
    origin: baseUrl,
    questions: QUESTIONS,
    thinkMs: settings.CHAT_THINK_MS,
    replyTimeoutMs: settings.CHAT_REPLY_TIMEOUT_SECONDS * 1000,
  };
  // One question before the clock starts: the first reply loads the builtin models.
  const warmUp = new WidgetVisitor(options, 0);
  if (!(await warmUp.connect())) throw new Error(`warm-up refused: ${warmUp.record.connectErrors.join('; ')}`);
  await warmUp.run(Date.now() + 1);
  warmUp.close();

  const visitors = Array.from({ length: settings.CHAT_CLIENTS }, (_, index) => new WidgetVisitor(options, index));
  const connected = await Promise.all(visitors.map((visitor) => visitor.connect()));
  const refused = connected.filter((ok) => !ok).length;
  if (refused) process.stderr.write(`${refused} visitors could not connect\n`);
  const deadline = Date.now() + settings.CHAT_SECONDS * 1000;
  await Promise.all(visitors.map((visitor) => visitor.run(deadline)));
  for (const visitor of visitors) visitor.close();

  const records = visitors.map((visitor) => visitor.record);
  const conversationIds = [
    ...new Set(records.flatMap((record) => record.sent.map((message) => message.conversationId))),
  ];
  return accountChat(records, await storedMessages(app, demo.tenantId, conversationIds));
}

/** The bench's own conversations only (a reused database may hold earlier runs). */
async function storedMessages(app: NestFastifyApplication, tenantId: string, conversationIds: string[]) {
  const { rows } = await app.get(Database).pool.query<StoredMessage>(
    `SELECT id, conversation_id AS "conversationId", seq, role, text,
            jsonb_array_length(citations)::int AS "citationCount" FROM messages
      WHERE tenant_id = $1 AND conversation_id = ANY($2::uuid[]) AND role IN ('visitor', 'bot')`,
    [tenantId, conversationIds],
  );
  return rows;
}

function report(result: ChatAccounting, db: string, readySeconds: number, redis: boolean): void {
  const { CHAT_CLIENTS: clients, CHAT_SECONDS: seconds, CHAT_THINK_MS: thinkMs } = settings;
  const figures = {
    clients,
    seconds,
    messages_sent: result.sent,
    messages_stored: result.stored,
    lost: result.lost,
    duplicated: result.duplicated,
    ttft_p50_ms: percentile(result.ttftMs, 50),
    ttft_p99_ms: percentile(result.ttftMs, 99),
    reply_p50_ms: percentile(result.replyMs, 50),
    reply_p99_ms: percentile(result.replyMs, 99),
    db,
    messages_acked: result.acked,
    refused: result.refused,
    replies: result.replies,
    replies_per_second: Number((result.replies / seconds).toFixed(2)),
    reply_timeouts: result.replyTimeouts,
    replies_undelivered: result.repliesUndelivered,
    replies_cited: result.citedReplies,
    handoffs: result.handoffs,
    think_ms: thinkMs,
    redis,
  };
  const rows: [string, string | number | null][] = [
    ['database / queue', `${db} / ${redis ? 'redis (BullMQ, socket.io adapter)' : 'inline'}`],
    ['clients × seconds (think time)', `${clients} × ${seconds} s (${thinkMs} ms)`],
    ['help pages ready after', `${readySeconds.toFixed(1)} s`],
    ['conversations opened', result.conversations],
    ['messages sent / acked / refused', `${result.sent} / ${result.acked} / ${result.refused}`],
    ['stored (visitor + bot)', `${result.stored} (${result.storedVisitor} + ${result.storedBot})`],
    ['replies received (per second)', `${result.replies} (${figures.replies_per_second})`],
    ['stored replies citing a help page', result.citedReplies],
    ['time to first token p50 / p99', `${figures.ttft_p50_ms} / ${figures.ttft_p99_ms} ms`],
    ['complete reply p50 / p99', `${figures.reply_p50_ms} / ${figures.reply_p99_ms} ms`],
    ['lost (no ack / acked not stored)', `${result.lost} (${result.lostUnacked} / ${result.lostAckedNotStored})`],
    [
      'duplicated (stored / delivered)',
      `${result.duplicated} (${result.duplicateStores} / ${result.duplicateDeliveries})`,
    ],
    ['reply timeouts / cancelled / handoffs', `${result.replyTimeouts} / ${result.cancelled} / ${result.handoffs}`],
    ['stored replies never delivered', result.repliesUndelivered],
  ];
  for (const [label, value] of rows) console.log(`${label.padEnd(40)} ${value}`);
  const errors = [...new Set(result.connectErrors)];
  if (errors.length)
    console.log(`connection errors (${result.connectErrors.length}): ${errors.slice(0, 5).join('; ')}`);
  console.log(JSON.stringify(figures));
}

main().then(
  // socket.io-client and the queue may leave handles open: the report is out, end the process.
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
