/**
 * `npm run bench:pipeline`: latency of the agent pipeline with the builtin models over a synthetic
 * collection of about 10k chunks, on embedded PGlite (or DATABASE_URL when set). Reports p50/p99 of
 * the understanding stages (guard + intent + entities) and of the whole pipeline (to the verified
 * reply). Prints one JSON line last.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CoreModule, Database, loadCoreConfig, TenantsService } from '@app/core';
import { AgentPipeline, AgentsService, AgentsWorkerModule, IntentTrainingService } from '@app/agents';
import { CollectionsService, DocumentsService, ingestionJobId, IngestionWorkerModule } from '@app/rag';
import { SlmModule } from '@app/slm';
import { IngestionProcessor } from '../libs/rag/src/ingestion/ingestion.processor';
import { IntentTrainingProcessor } from '../libs/agents/src/agents/intent-training.processor';

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 100);
const SECTIONS = 100;
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 300);
const PRODUCTS = ['router', 'kettle', 'bicycle', 'camera', 'printer', 'speaker', 'laptop', 'blender', 'drone', 'watch'];
const TOPICS = [
  'warranty',
  'delivery',
  'refund',
  'battery',
  'setup',
  'cleaning',
  'firmware',
  'returns',
  'pricing',
  'spare parts',
];
const UNDERSTANDING = new Set(['guard', 'intent', 'entities']);

function section(doc: number, i: number): string {
  const product = PRODUCTS[(doc + i) % PRODUCTS.length];
  const topic = TOPICS[i % TOPICS.length];
  return (
    `## ${product} ${topic} ${doc}-${i}\n\nThe ${product} model ${doc}-${i} ${topic} policy covers ${(i % 7) + 1} years. ` +
    `Customers in region ${doc % 13} receive ${topic} help within ${(i % 5) + 1} business days of asking. ` +
    `Order numbers for the ${product} start with the letter ${String.fromCharCode(65 + (i % 26))}.\n`
  );
}

function question(n: number): string {
  const product = PRODUCTS[n % PRODUCTS.length];
  const topic = TOPICS[(n * 7) % TOPICS.length];
  return n % 5 === 0
    ? `Where is my order A${10000 + n}? My email is user${n}@example.com`
    : `How long does ${topic} help take for the ${product} model ${n % DOCUMENTS}-${n % SECTIONS}?`;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(2));
};

async function main(): Promise<void> {
  const config = { ...loadCoreConfig({ ...process.env, DATA_DIR: 'memory://' }), LOG_LEVEL: 'silent' as const };
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot({ config, consumeJobs: false, migrate: true }),
      SlmModule.forRoot(),
      IngestionWorkerModule,
      AgentsWorkerModule,
    ],
  }).compile();
  const app = await moduleRef.init();
  try {
    const tenantId = (await app.get(TenantsService).createWithAdminKey(`bench-${Date.now()}`, 'bench')).tenant.id;
    const started = performance.now();
    const { collectionId, chunks } = await buildCollection(app, tenantId);
    const ingestSeconds = (performance.now() - started) / 1000;
    // A running PostgreSQL has analysed a table this size within a minute (autovacuum); the bench must
    // not measure the minute before. PGlite has no autovacuum: retrieval analyses it itself.
    if (config.DATABASE_URL) await app.get(Database).pool.query('ANALYZE chunks, chunk_embeddings, documents');
    const agent = await app.get(AgentsService).create(tenantId, {
      name: 'Bench',
      slug: 'bench',
      settings: benchSettings(collectionId),
    });
    await trainIntents(app, tenantId, agent.id);
    const pipeline = app.get(AgentPipeline);
    const understanding: number[] = [];
    const whole: number[] = [];
    const retrieval: number[] = [];
    for (let n = 0; n < MESSAGES; n++) {
      const begin = performance.now();
      const result = await pipeline.handleMessage(agent, { tenantId }, question(n)).result;
      whole.push(performance.now() - begin);
      retrieval.push(result.trace.find((step) => step.stage === 'retrieve')?.ms ?? 0);
      understanding.push(
        result.trace.filter((step) => UNDERSTANDING.has(step.stage)).reduce((sum, step) => sum + step.ms, 0),
      );
    }
    console.log(
      `collection: ${chunks} chunks in ${DOCUMENTS} documents, ingested in ${ingestSeconds.toFixed(1)} s; ${MESSAGES} messages, builtin models, ${config.DATABASE_URL ? 'postgres' : 'pglite'}`,
    );
    console.log(
      JSON.stringify({
        chunks,
        messages: MESSAGES,
        understanding_p50_ms: percentile(understanding, 50),
        understanding_p99_ms: percentile(understanding, 99),
        retrieve_p50_ms: percentile(retrieval, 50),
        pipeline_p50_ms: percentile(whole, 50),
        pipeline_p99_ms: percentile(whole, 99),
      }),
    );
  } finally {
    await app.close();
  }
}

type App = INestApplicationContext;

async function buildCollection(app: App, tenantId: string): Promise<{ collectionId: string; chunks: number }> {
  const collectionId = (await app.get(CollectionsService).create(tenantId, 'bench')).id;
  let chunks = 0;
  for (let doc = 0; doc < DOCUMENTS; doc++) {
    const text = `# Manual ${doc}\n\n` + Array.from({ length: SECTIONS }, (_, i) => section(doc, i)).join('\n');
    const source = {
      title: `Manual ${doc}`,
      sourceKind: 'text' as const,
      sourceKey: `bench:${doc}`,
      mediaType: 'text/markdown',
      bytes: Buffer.from(text),
    };
    const [{ document }] = await app.get(DocumentsService).upload(tenantId, collectionId, [source]);
    const data = { tenantId, documentId: document.id, contentHash: document.contentHash };
    await app
      .get(IngestionProcessor)
      .handle({ id: ingestionJobId(data), queue: 'ingestion', name: 'ingest', data, attemptsMade: 0 });
    chunks += (await app.get(DocumentsService).get(tenantId, collectionId, document.id)).chunkCount;
  }
  return { collectionId, chunks };
}

async function trainIntents(app: App, tenantId: string, agentId: string): Promise<void> {
  const examples = [
    ...TOPICS.flatMap((topic) =>
      PRODUCTS.map((product) => ({ text: `how long does ${topic} take for my ${product}`, label: 'product_question' })),
    ),
    ...PRODUCTS.map((product) => ({ text: `where is my ${product} order`, label: 'order_status' })),
    ...PRODUCTS.map((product) => ({ text: `track the order for my ${product}`, label: 'order_status' })),
  ];
  const version = await app.get(IntentTrainingService).startTraining(tenantId, agentId, { examples });
  const data = { tenantId, agentId, modelId: version.id };
  await app
    .get(IntentTrainingProcessor)
    .handle({ id: `intent-${version.id}`, queue: 'intent-training', name: 'train', data, attemptsMade: 0 });
  await app.get(IntentTrainingService).activate(tenantId, agentId, version.version);
}

function benchSettings(collectionId: string) {
  return {
    persona: 'You are the help desk.',
    instructions: '',
    collectionIds: [collectionId],
    guard: { blockInjection: true, blockToxicity: true, maxChars: 4000 },
    outOfScope: 'answer' as const,
    thresholds: { minRetrievalScore: 0.05, minAnswerConfidence: 0.5, minSentenceSupport: 0.5 },
    escalation: false,
    handoff: { intents: [], outOfHoursMessage: null, hours: null },
    languages: ['en'],
    tools: [],
    entities: { orderNumberPatterns: ['\\b([A-Z]\\d{5})\\b'] },
    topK: 5,
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
