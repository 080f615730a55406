/**
 * `npm run bench:retrieval`: synthetic chunks (10k and 100k by default; BENCH_SIZES=10000 for a quick
 * run), embedded by the configured embedder and stored as ingestion stores them (ReadyDocumentWriter). Reports p50/p95 of
 * `RetrievalService.retrieve` (vector-only and hybrid) against the bare SQL vector query with the same
 * ef_search, and HNSW recall@10 against exact search. Full-text search (`mode: 'fulltext'`) is timed
 * against the bare query it replaced (every match of any query word ranked by ts_rank), with the share
 * of that query's top 10 it returns. LangChain.js `PGVectorStore` holds the same texts and vectors in
 * its own table of the same database; its `similaritySearch` is timed beside `retrieve`, with its recall
 * against exact search on its table. DATABASE_URL selects PostgreSQL, else PGlite.
 * The bare queries below are the benchmark's baseline, so they are written out here on purpose.
 */
import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { Database } from '@app/core';
import { ChunksRepository, DocumentsRepository } from '@app/rag';
import { ModelRegistry } from '@app/slm';
import { KnowledgeRuntime, openKnowledgeRuntime } from '../libs/rag/src/cli/knowledge-runtime';
import { ReadyDocumentWriter } from '../libs/rag/src/ingestion/ready-document-writer';
import { LangchainBaseline, openLangchainBaseline } from './support/langchain-baseline';
import { percentile, round, seededRandom, sentence } from './support/synthetic-corpus';

// Each timed retrieve embeds its question as a new one would: the embedder's memory of recent texts
// would otherwise answer from the bench's own embedding of it for the bare query.
process.env.SLM_EMBED_MEMORY = '0';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 100);
const K = 10;
const PER_DOCUMENT = 1000;

async function load(
  runtime: KnowledgeRuntime,
  langchain: LangchainBaseline,
  count: number,
  seed: number,
): Promise<void> {
  const database = runtime.app.get(Database);
  const embedder = runtime.app.get(ModelRegistry).embedder();
  const space = { embedder: embedder.id, dimensions: embedder.dimension };
  const random = seededRandom(seed);
  for (let offset = 0; offset < count; offset += PER_DOCUMENT) {
    const texts = Array.from({ length: Math.min(PER_DOCUMENT, count - offset) }, () => sentence(random, 24));
    const embeddings = await embedder.embed(texts);
    const source = {
      title: `synthetic ${offset}`,
      sourceKind: 'text' as const,
      sourceKey: randomUUID(),
      bytes: Buffer.from(''),
    };
    const { document } = await database.transaction((client) =>
      runtime.app
        .get(DocumentsRepository)
        .upsertWithFile(client, runtime.tenantId, runtime.collectionId, source, randomUUID()),
    );
    const chunks = texts.map((text, i) => ({
      ordinal: i,
      text,
      searchText: text,
      headingPath: [],
      start: 0,
      end: text.length,
      embedding: embeddings[i],
    }));
    // As ingestion ends a document: ready, with its chunks and vectors, in one statement.
    await runtime.app.get(ReadyDocumentWriter).write(document, space, source.title, chunks);
    await langchain.addVectors(
      texts.map((text, i) => ({ id: `${offset + i}`, text, vector: Array.from(embeddings[i]) })),
    );
  }
  await runtime.app.get(ChunksRepository).ensureVectorIndex(embedder.dimension);
  await langchain.createIndex();
  // Autovacuum analyzes and vacuums a bulk load within a minute or so; without statistics the planner
  // takes the collection filter for a handful of rows and scans them exactly instead of using HNSW,
  // and until a vacuum the full-text index keeps recent rows in its unsorted pending list, so timing
  // the first seconds after the load would measure a state a running deployment is not in.
  await database.pool.query(`VACUUM ANALYZE chunk_embeddings, chunks, documents, ${langchain.tableName}`);
}

/** The same HNSW settings ChunksRepository.findNearestChunks uses for retrieve's 40 candidates. */
const EF_SEARCH = Math.max(40, 40 * 3);

/** Runs the bare queries on the baseline's connection. */
type BaselineSession = <T>(work: (client: PoolClient) => Promise<T>) => Promise<T>;

/**
 * The baseline's own connection, set up once as a tuned deployment would, so the timed bare query is
 * one round trip: the same cost model as retrieve, which keeps its settings on its pooled connections.
 * PGlite's pool has a single connection that retrieve needs too: there it is taken per query (the
 * settings stay on it, and retrieve sets the same ef_search).
 */
async function openBaselineSession(database: Database): Promise<{ run: BaselineSession; close(): void }> {
  const configure = async (client: PoolClient) => {
    await client.query(`SET hnsw.ef_search = ${EF_SEARCH}`);
    await client.query('SET hnsw.iterative_scan = relaxed_order');
  };
  if (database.kind === 'pglite') {
    const run: BaselineSession = async (work) => {
      const client = await database.pool.connect();
      try {
        return await work(client);
      } finally {
        client.release();
      }
    };
    await run(configure);
    return { run, close: () => undefined };
  }
  const client = await database.pool.connect();
  await configure(client);
  return { run: (work) => work(client), close: () => client.release() };
}

/**
 * Scoped to the run's collection, as retrieve is: the database may hold other runs' chunks (a default
 * run loads 10k before 100k), and an exact search over all of them counts neighbours retrieve may not
 * return (10k such chunks beside 100k would turn recall 0.98 into about 0.89).
 */
async function nearestIds(
  client: PoolClient,
  vector: number[],
  dimensions: number,
  collectionId: string,
): Promise<string[]> {
  const { rows } = await client.query<{ chunk_id: string }>(
    `SELECT chunk_id FROM chunk_embeddings WHERE dimensions = ${dimensions} AND collection_id = $2
     ORDER BY embedding::vector(${dimensions}) <=> $1::vector(${dimensions}) LIMIT ${K}`,
    [`[${vector.join(',')}]`, collectionId],
  );
  return rows.map((row) => row.chunk_id);
}

/** Exact search (no index): the ground truth for recall. */
async function exactNearestIds(
  client: PoolClient,
  vector: number[],
  dimensions: number,
  collectionId: string,
): Promise<string[]> {
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL enable_indexscan = off');
    return await nearestIds(client, vector, dimensions, collectionId);
  } finally {
    await client.query('COMMIT');
  }
}

/** What full-text search cost before it picked its candidates: every match of any word, ranked. */
async function bareFullText(
  client: PoolClient,
  query: string,
  collectionId: string,
): Promise<{ id: string; score: number }[]> {
  const { rows } = await client.query<{ id: string; score: number }>(
    `WITH q AS (SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery AS query
                FROM unnest(to_tsvector('english', $1)) AS t(lexeme))
     SELECT c.id, ts_rank(c.tsv, q.query) AS score FROM chunks c, q WHERE c.tsv @@ q.query AND c.collection_id = $2
     ORDER BY score DESC, c.id LIMIT ${K}`,
    [query, collectionId],
  );
  return rows;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

/**
 * LangChain's searches, on connections of their own: Seed's pooled connections keep the HNSW settings
 * retrieve gave them (ef_search 120, iterative scan), which LangChain would otherwise inherit. `default`:
 * the server's settings, as a LangChain user runs it (ef_search 40); `sameEf`: Seed's settings, for a
 * comparison at equal recall. PGlite has one connection, so there both run with whatever it holds last.
 */
interface LangchainSearchers {
  default: LangchainBaseline;
  sameEf: LangchainBaseline;
}

async function openLangchainSearchers(
  runtime: KnowledgeRuntime,
  tableName: string,
  dimensions: number,
): Promise<{ searchers: LangchainSearchers; close(): Promise<void> }> {
  const embedder = runtime.app.get(ModelRegistry).embedder();
  const shared = runtime.app.get(Database).pool;
  const url = process.env.DATABASE_URL;
  const pools =
    runtime.databaseKind === 'postgres' && url
      ? [
          new Pool({ connectionString: url, max: 1 }),
          new Pool({
            connectionString: url,
            max: 1,
            options: `-c hnsw.ef_search=${EF_SEARCH} -c hnsw.iterative_scan=relaxed_order`,
          }),
        ]
      : [];
  const open = (pool: Pool) =>
    openLangchainBaseline({ pool, embedder, dimensions, tableName, createIndex: false, keepTable: true });
  const searchers = {
    default: await open(pools[0] ?? shared),
    sameEf: await open(pools[1] ?? shared),
  };
  return { searchers, close: async () => void (await Promise.all(pools.map((pool) => pool.end()))) };
}

async function measure(runtime: KnowledgeRuntime, langchain: LangchainSearchers, size: number) {
  const database = runtime.app.get(Database);
  const embedder = runtime.app.get(ModelRegistry).embedder();
  const random = seededRandom(size + 7);
  const queries = Array.from({ length: QUERIES }, () => sentence(random, 8));
  const request = (query: string, mode: 'vector' | 'hybrid' | 'fulltext') => ({
    tenantId: runtime.tenantId,
    collectionIds: [runtime.collectionId],
    query,
    k: K,
    mode,
  });
  const times = {
    embed: [] as number[],
    bare: [] as number[],
    vector: [] as number[],
    hybrid: [] as number[],
    fulltext: [] as number[],
    bareFulltext: [] as number[],
    langchain: [] as number[],
    langchainSameEf: [] as number[],
  };
  const recall = { bare: 0, vector: 0, langchain: 0, langchainSameEf: 0, fulltextTop10: 0, fulltextScores: 0 };
  const baseline = await openBaselineSession(database);
  try {
    for (const query of queries) {
      // retrieve embeds the query itself; the bare query gets the vector: timed apart to tell them apart.
      const embedded = await timed(() => embedder.embed([query]));
      times.embed.push(embedded.ms);
      const [vector] = embedded.value;
      // Whichever runs second finds the graph pages the first one read in cache: take turns going first.
      const retrieveVector = () => timed(() => runtime.retrieval.retrieve(request(query, 'vector')));
      const earlier = times.bare.length % 2 === 0 ? null : await retrieveVector();
      const bare = await timed(() =>
        baseline.run((client) => nearestIds(client, vector, embedder.dimension, runtime.collectionId)),
      );
      times.bare.push(bare.ms);
      const retrieved = earlier ?? (await retrieveVector());
      times.vector.push(retrieved.ms);
      times.hybrid.push((await timed(() => runtime.retrieval.retrieve(request(query, 'hybrid')))).ms);
      const exact = new Set(
        await baseline.run((client) => exactNearestIds(client, vector, embedder.dimension, runtime.collectionId)),
      );
      const recallOf = (ids: string[]) => ids.filter((id) => exact.has(id)).length / Math.max(1, exact.size);
      recall.bare += recallOf(bare.value);
      recall.vector += recallOf(retrieved.value.map((hit) => hit.chunkId));

      const fulltext = await timed(() => runtime.retrieval.retrieve(request(query, 'fulltext')));
      times.fulltext.push(fulltext.ms);
      const bareFulltext = await timed(() =>
        baseline.run((client) => bareFullText(client, query, runtime.collectionId)),
      );
      times.bareFulltext.push(bareFulltext.ms);
      const found = new Set(fulltext.value.map((hit) => hit.chunkId));
      const bareHits = bareFulltext.value;
      recall.fulltextTop10 += bareHits.filter((hit) => found.has(hit.id)).length / Math.max(1, bareHits.length);
      // Chunks with equal ts_rank are ordered by id, so two correct top 10s may hold different chunks:
      // the scores rank by rank say whether the ranking is as good.
      const sameScore = (hit: { textScore: number | null }, i: number) =>
        bareHits[i] !== undefined && Math.abs((hit.textScore ?? 0) - bareHits[i].score) < 1e-6;
      recall.fulltextScores += fulltext.value.filter(sameScore).length / Math.max(1, bareHits.length);

      // LangChain embeds the question itself too, so this compares with retrieve in vector mode.
      const lc = await timed(() => langchain.default.search(query, K));
      times.langchain.push(lc.ms);
      const lcSameEf = await timed(() => langchain.sameEf.search(query, K));
      times.langchainSameEf.push(lcSameEf.ms);
      const lcExact = new Set((await langchain.default.exactSearch(vector, K)).map((hit) => hit.id));
      const lcRecall = (hits: { id: string }[]) =>
        hits.filter((hit) => lcExact.has(hit.id)).length / Math.max(1, lcExact.size);
      recall.langchain += lcRecall(lc.value);
      recall.langchainSameEf += lcRecall(lcSameEf.value);
    }
  } finally {
    baseline.close();
  }
  const stats = (values: number[]) => ({
    p50_ms: round(percentile(values, 0.5)),
    p95_ms: round(percentile(values, 0.95)),
  });
  return {
    chunks: size,
    embed_query: stats(times.embed),
    bare_sql: stats(times.bare),
    retrieve_vector: stats(times.vector),
    retrieve_hybrid: stats(times.hybrid),
    overhead_vector_p50: round(percentile(times.vector, 0.5) / percentile(times.bare, 0.5), 2),
    // What the stack adds beyond what any caller must do: embed the question, then run the query.
    overhead_vector_p50_vs_embed_plus_sql: round(
      percentile(times.vector, 0.5) / (percentile(times.embed, 0.5) + percentile(times.bare, 0.5)),
      2,
    ),
    hnsw_recall_at_10: round(recall.bare / QUERIES, 3),
    retrieve_vector_recall_at_10: round(recall.vector / QUERIES, 3),
    retrieve_fulltext: stats(times.fulltext),
    bare_fulltext_all_matches: stats(times.bareFulltext),
    // Share of the bare query's top 10 that retrieve's full-text top 10 holds (ties make it < 1).
    fulltext_top10_agreement: round(recall.fulltextTop10 / QUERIES, 3),
    // Share of the top 10 ranks where retrieve's chunk has the bare query's ts_rank score.
    fulltext_top10_same_scores: round(recall.fulltextScores / QUERIES, 3),
    langchain_similarity_search: stats(times.langchain),
    langchain_recall_at_10: round(recall.langchain / QUERIES, 3),
    langchain_same_ef_search: stats(times.langchainSameEf),
    langchain_same_ef_recall_at_10: round(recall.langchainSameEf / QUERIES, 3),
  };
}

async function main(): Promise<void> {
  const results = [];
  let databaseKind = '';
  for (const size of SIZES) {
    const runtime = await openKnowledgeRuntime(`bench-retrieval-${size}`);
    const embedder = runtime.app.get(ModelRegistry).embedder();
    const langchain = await openLangchainBaseline({
      pool: runtime.app.get(Database).pool,
      embedder,
      dimensions: embedder.dimension,
      createIndex: false,
    });
    try {
      databaseKind = runtime.databaseKind;
      const started = Date.now();
      await load(runtime, langchain, size, size);
      console.error(`loaded ${size} chunks in ${round((Date.now() - started) / 1000, 1)} s`);
      const searchers = await openLangchainSearchers(runtime, langchain.tableName, embedder.dimension);
      try {
        results.push(await measure(runtime, searchers.searchers, size));
      } finally {
        await searchers.close();
      }
    } finally {
      await langchain.close();
      // The next size (and the next run) starts from an empty table: its chunks cascade with the tenant.
      await runtime.app.get(Database).pool.query('DELETE FROM tenants WHERE id = $1', [runtime.tenantId]);
      await runtime.close();
    }
  }
  console.log(
    JSON.stringify({
      bench: 'retrieval',
      database: databaseKind,
      k: K,
      results,
      langchain_pgvectorstore:
        'same data in its own table; searched as LangChain does on connections of its own: at the server default hnsw.ef_search, and at the ef_search retrieve uses',
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
