/**
 * `npm run bench:retrieval`: synthetic chunks (10k and 100k by default; BENCH_SIZES=10000 for a quick
 * run), embedded by the configured embedder and stored through ChunksRepository. Reports p50/p95 of
 * `RetrievalService.retrieve` (vector-only and hybrid) against the bare SQL vector query with the same
 * ef_search, and HNSW recall@10 against exact search. DATABASE_URL selects PostgreSQL, else PGlite.
 * The bare queries below are the benchmark's baseline, so they are written out here on purpose.
 */
import { randomUUID } from 'node:crypto';
import { Database } from '@app/core';
import { ChunksRepository, DocumentsRepository } from '@app/rag';
import { ModelRegistry } from '@app/slm';
import { KnowledgeRuntime, openKnowledgeRuntime } from '../libs/rag/src/cli/knowledge-runtime';
import { percentile, round, seededRandom, sentence } from './support/synthetic-corpus';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const QUERIES = 100;
const K = 10;
const PER_DOCUMENT = 1000;

async function load(runtime: KnowledgeRuntime, count: number, seed: number): Promise<void> {
  const database = runtime.app.get(Database);
  const embedder = runtime.app.get(ModelRegistry).embedder();
  const space = { embedder: embedder.id, dimensions: embedder.dimension };
  const random = seededRandom(seed);
  for (let offset = 0; offset < count; offset += PER_DOCUMENT) {
    const texts = Array.from({ length: Math.min(PER_DOCUMENT, count - offset) }, () => sentence(random, 24));
    const embeddings = await embedder.embed(texts);
    await database.transaction(async (client) => {
      const source = {
        title: `synthetic ${offset}`,
        sourceKind: 'text' as const,
        sourceKey: randomUUID(),
        bytes: Buffer.from(''),
      };
      const { document } = await runtime.app
        .get(DocumentsRepository)
        .upsertWithFile(client, runtime.tenantId, runtime.collectionId, source, randomUUID());
      const chunks = texts.map((text, i) => ({
        ordinal: i,
        text,
        searchText: text,
        headingPath: [],
        start: 0,
        end: text.length,
        embedding: embeddings[i],
      }));
      const scope = { tenantId: runtime.tenantId, collectionId: runtime.collectionId, documentId: document.id };
      await runtime.app.get(ChunksRepository).replaceForDocument(client, scope, space, chunks);
    });
  }
  await runtime.app.get(ChunksRepository).ensureVectorIndex(embedder.dimension);
}

async function bareNearest(
  database: Database,
  vector: number[],
  dimensions: number,
  exact: boolean,
): Promise<string[]> {
  return database.transaction(async (client) => {
    await client.query(`SET LOCAL hnsw.ef_search = ${Math.max(40, 40 * 2)}`);
    if (exact) await client.query('SET LOCAL enable_indexscan = off');
    const { rows } = await client.query<{ chunk_id: string }>(
      `SELECT chunk_id FROM chunk_embeddings WHERE dimensions = ${dimensions}
       ORDER BY embedding::vector(${dimensions}) <=> $1::vector(${dimensions}) LIMIT ${K}`,
      [`[${vector.join(',')}]`],
    );
    return rows.map((row) => row.chunk_id);
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

async function measure(runtime: KnowledgeRuntime, size: number) {
  const database = runtime.app.get(Database);
  const embedder = runtime.app.get(ModelRegistry).embedder();
  const random = seededRandom(size + 7);
  const queries = Array.from({ length: QUERIES }, () => sentence(random, 8));
  const request = (query: string, mode: 'vector' | 'hybrid') => ({
    tenantId: runtime.tenantId,
    collectionIds: [runtime.collectionId],
    query,
    k: K,
    mode,
  });
  const times = { bare: [] as number[], vector: [] as number[], hybrid: [] as number[] };
  let recall = 0;
  for (const query of queries) {
    const [vector] = await embedder.embed([query]);
    const bare = await timed(() => bareNearest(database, vector, embedder.dimension, false));
    times.bare.push(bare.ms);
    times.vector.push((await timed(() => runtime.retrieval.retrieve(request(query, 'vector')))).ms);
    times.hybrid.push((await timed(() => runtime.retrieval.retrieve(request(query, 'hybrid')))).ms);
    const exact = new Set(await bareNearest(database, vector, embedder.dimension, true));
    recall += bare.value.filter((id) => exact.has(id)).length / Math.max(1, exact.size);
  }
  const stats = (values: number[]) => ({
    p50_ms: round(percentile(values, 0.5)),
    p95_ms: round(percentile(values, 0.95)),
  });
  return {
    chunks: size,
    bare_sql: stats(times.bare),
    retrieve_vector: stats(times.vector),
    retrieve_hybrid: stats(times.hybrid),
    overhead_vector_p50: round(percentile(times.vector, 0.5) / percentile(times.bare, 0.5), 2),
    hnsw_recall_at_10: round(recall / QUERIES, 3),
  };
}

async function main(): Promise<void> {
  const results = [];
  let databaseKind = '';
  for (const size of SIZES) {
    const runtime = await openKnowledgeRuntime(`bench-retrieval-${size}`);
    try {
      databaseKind = runtime.databaseKind;
      const started = Date.now();
      await load(runtime, size, size);
      console.error(`loaded ${size} chunks in ${round((Date.now() - started) / 1000, 1)} s`);
      results.push(await measure(runtime, size));
    } finally {
      await runtime.close();
    }
  }
  console.log(
    JSON.stringify({
      bench: 'retrieval',
      database: databaseKind,
      k: K,
      results,
      langchain_pgvectorstore: 'not run: @langchain/community@1 peers @huggingface/transformers@3 (ERESOLVE)',
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
