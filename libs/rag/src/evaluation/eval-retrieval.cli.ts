import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openKnowledgeRuntime, KnowledgeRuntime } from '../cli/knowledge-runtime';
import type { ChunkHit } from '../retrieval/chunks.repository';
import { RetrievalMode } from '../retrieval/retrieval.types';
import { ingestBeirCorpus } from './beir-corpus.ingest';
import { readBeirDataset } from './beir-dataset.reader';
import { BeirDataset, BeirQuery } from './beir-dataset.types';
import { CachedLists, tuneFusion } from './fusion-tuning';
import { splitQueries } from './query-split';
import { meanMetrics, RetrievalMetrics, uniqueInOrder } from './retrieval-metrics';

const USAGE = `Usage: npm run eval:retrieval -- --beir <dir> [--split test] [--no-tune]
  Ingests the corpus through the real pipeline into a fresh collection (DATABASE_URL, else in-memory
  PGlite), tunes fusion on a validation split carved from the queries (30%, by query-id hash) and
  reports hybrid, full-text-only and vector-only on the remaining test queries. Last line: JSON.`;

/** Chunks asked for per query: enough for ten distinct documents when long documents have many chunks. */
const CHUNKS_PER_QUERY = 50;
const CACHE_DEPTH = 80;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      beir: { type: 'string' },
      split: { type: 'string', default: 'test' },
      'no-tune': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.beir) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const dataset = await readBeirDataset(resolve(values.beir), values.split);
  const runtime = await openKnowledgeRuntime('beir-eval');
  try {
    console.log(JSON.stringify(await evaluate(runtime, dataset, !values['no-tune'])));
  } finally {
    await runtime.close();
  }
}

async function evaluate(runtime: KnowledgeRuntime, dataset: BeirDataset, tune: boolean) {
  const started = Date.now();
  const toCorpusId = await ingestBeirCorpus(runtime, dataset);
  const ingestSeconds = (Date.now() - started) / 1000;
  const judged = dataset.queries.filter((query) => dataset.qrels[query._id]);
  const { validation, test } = splitQueries(judged);
  let tuned = null;
  if (tune) {
    const lists = await cacheLists(runtime, validation);
    const best = tuneFusion(lists, dataset.qrels, toCorpusId, CHUNKS_PER_QUERY);
    runtime.retrieval.configure(best.tuning);
    tuned = { ...best.tuning, validation: best.validation };
  }
  const run = (mode: RetrievalMode) => runQueries(runtime, test, mode, toCorpusId, dataset);
  const hybrid = await run('hybrid');
  return {
    ...hybrid,
    fts_only: await run('fulltext'),
    vector_only: await run('vector'),
    database: runtime.databaseKind,
    queries: { validation: validation.length, test: test.length },
    corpus: dataset.corpus.length,
    ingest_seconds: Math.round(ingestSeconds * 10) / 10,
    tuned,
  };
}

async function cacheLists(runtime: KnowledgeRuntime, queries: BeirQuery[]): Promise<CachedLists[]> {
  const lists: CachedLists[] = [];
  for (const query of queries) {
    const request = {
      tenantId: runtime.tenantId,
      collectionIds: [runtime.collectionId],
      query: query.text,
      k: CACHE_DEPTH,
    };
    lists.push({ queryId: query._id, ...(await runtime.retrieval.candidateLists(request, CACHE_DEPTH)) });
  }
  return lists;
}

async function runQueries(
  runtime: KnowledgeRuntime,
  queries: BeirQuery[],
  mode: RetrievalMode,
  toCorpusId: (hit: ChunkHit) => string,
  dataset: BeirDataset,
): Promise<RetrievalMetrics> {
  const rankings = new Map<string, string[]>();
  for (const query of queries) {
    const hits = await runtime.retrieval.retrieve({
      tenantId: runtime.tenantId,
      collectionIds: [runtime.collectionId],
      query: query.text,
      k: CHUNKS_PER_QUERY,
      mode,
    });
    rankings.set(query._id, uniqueInOrder(hits.map(toCorpusId)));
  }
  return meanMetrics(rankings, dataset.qrels);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
