/**
 * `npm run bench:slm`: throughput of the offline embedders and what the runtime costs on top of
 * transformers.js. Runs a generated encoder (no download) with MiniLM's width and random weights, so the
 * transformers figures describe the runtime around a model of that size, not any real model's quality.
 * Prints one JSON line last.
 */
import { Embedder, loadSlmConfig, ModelRegistry } from '@app/slm';
import { ensureBenchEncoder } from '@app/slm/testing';

// transformers.js ships ESM types; this project runs its CommonJS build.
type Transformers = typeof import('@huggingface/transformers', { with: { 'resolution-mode': 'require' } });

const ROUNDS = 5;
const BATCH = 32;
const CONCURRENT_CALLS = 64;

const SUBJECTS = [
  'my order',
  'the refund',
  'your store',
  'a password reset',
  'the invoice',
  'shipping to Canada',
  'my subscription',
  'the warranty',
];
const ASKS = [
  'How long does',
  'When will',
  'Why did',
  'Can you explain how',
  'I want to know whether',
  'Is it possible that',
];
const TAILS = [
  'take to arrive',
  'be processed this week',
  'fail after I paid with a card',
  'work for business accounts',
  'change if I move to another plan',
  'get cancelled automatically',
];

/** Deterministic customer questions of varied length (8 to 40 words). */
function questions(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const base = `${ASKS[i % ASKS.length]} ${SUBJECTS[(i * 7) % SUBJECTS.length]} ${TAILS[(i * 5) % TAILS.length]}?`;
    return i % 3 === 0
      ? `${base} I ordered it on the ${(i % 28) + 1}th and still have not heard back from anyone.`
      : base;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeMs(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function embedInBatches(embed: (batch: string[]) => Promise<unknown>, texts: string[]): Promise<void> {
  for (let i = 0; i < texts.length; i += BATCH) await embed(texts.slice(i, i + BATCH));
}

async function perSecond(embedder: Embedder, texts: string[]): Promise<number> {
  await embedder.embed(texts.slice(0, BATCH));
  const ms = median(await sequence(ROUNDS, () => timeMs(() => embedInBatches((b) => embedder.embed(b), texts))));
  return Math.round((texts.length / ms) * 1000);
}

async function sequence<T>(n: number, run: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < n; i++) results.push(await run());
  return results;
}

/** Our embedder against transformers.js's own feature-extraction pipeline: same model, texts and batches. */
async function overheadRatio(encoder: string, ours: Embedder, texts: string[]): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { pipeline } = require('@huggingface/transformers') as Transformers;
  const extractor = await pipeline('feature-extraction', encoder, { dtype: 'fp32', local_files_only: true });
  const bare = async (batch: string[]) => (await extractor(batch, { pooling: 'mean', normalize: true })).tolist();
  await bare(texts.slice(0, BATCH));
  await ours.embed(texts.slice(0, BATCH));
  // Batches alternate between the two, so machine noise (GC, other processes) hits both alike.
  const ratios = await sequence(ROUNDS, async () => {
    let bareMs = 0;
    let oursMs = 0;
    for (let i = 0; i < texts.length; i += BATCH) {
      const batch = texts.slice(i, i + BATCH);
      const first = (i / BATCH) % 2 === 0;
      if (first) bareMs += await timeMs(() => bare(batch));
      oursMs += await timeMs(() => ours.embed(batch));
      if (!first) bareMs += await timeMs(() => bare(batch));
    }
    return oursMs / bareMs;
  });
  await extractor.dispose();
  return median(ratios);
}

/**
 * 64 callers embedding one text each at the same moment: micro-batched versus one model call per text
 * (batch size 1, the same one-call-at-a-time queue). Rounds alternate which goes first and the speedup is
 * the median of the per-round ratios, so load from other processes hits both sides alike.
 */
async function microbatchSpeedup(encoder: string, texts: string[]): Promise<number> {
  // Single-text calls are search queries: the question alone, without the long tail some texts carry.
  const burst = texts.slice(0, CONCURRENT_CALLS).map((text) => text.split('?')[0] + '?');
  const registryFor = (maxBatch: number) =>
    new ModelRegistry(loadSlmConfig({ SLM_EMBEDDER: `transformers:${encoder}`, SLM_BATCH_MAX: String(maxBatch) }));
  const unbatched = registryFor(1);
  const batched = registryFor(BATCH);
  const timeBurst = (registry: ModelRegistry) =>
    timeMs(() => Promise.all(burst.map((t) => registry.embedder().embed([t]))));
  await timeBurst(unbatched);
  await timeBurst(batched);
  let round = 0;
  const ratios = await sequence(ROUNDS, async () => {
    if (round++ % 2 === 0) {
      const batchedMs = await timeBurst(batched);
      return (await timeBurst(unbatched)) / batchedMs;
    }
    const unbatchedMs = await timeBurst(unbatched);
    return unbatchedMs / (await timeBurst(batched));
  });
  await unbatched.onApplicationShutdown();
  await batched.onApplicationShutdown();
  return median(ratios);
}

async function main(): Promise<void> {
  const encoder = ensureBenchEncoder();
  const texts = questions(256);
  const builtin = new ModelRegistry(loadSlmConfig({ SLM_EMBEDDER: 'builtin:hash' })).embedder();
  const registry = new ModelRegistry(loadSlmConfig({ SLM_EMBEDDER: `transformers:${encoder}` }));
  const transformers = registry.embedder();
  const result = {
    builtin_embed_per_s: await perSecond(builtin, questions(4096)),
    transformers_embed_per_s: await perSecond(transformers, texts),
    runtime_overhead_ratio: Number((await overheadRatio(encoder, transformers, texts)).toFixed(3)),
    microbatch_speedup: Number((await microbatchSpeedup(encoder, texts)).toFixed(2)),
  };
  await registry.onApplicationShutdown();
  console.log(
    `texts: ${texts.length} questions, batches of ${BATCH}, median of ${ROUNDS} rounds; model: bench fixture encoder (hidden 384, 4 MLP blocks, random weights)`,
  );
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
