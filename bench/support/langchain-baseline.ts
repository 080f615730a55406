/**
 * The LangChain.js baseline for the ingest and retrieval benches: `PGVectorStore` from
 * `@langchain/community` plus `RecursiveCharacterTextSplitter`, on the caller's `pg.Pool` (PostgreSQL or
 * Seed's embedded PGlite) and embedding with the caller's Seed embedder through `SeedEmbeddings`, so
 * both sides use the same database and the same model.
 *
 *   const baseline = await openLangchainBaseline({ pool: database.pool, embedder });
 *   await baseline.ingest([{ id: 'doc-1', title: 'Refunds', text: '…' }]);   // → { chunks }
 *   await baseline.addVectors([{ id: chunkId, text, vector }]);               // pre-computed vectors
 *   await baseline.createIndex();                                             // if opened with createIndex: false
 *   const hits = await baseline.search('how long do refunds take', 10);      // embeds the query
 *   const same = await baseline.searchVector(queryVector, 10);               // HNSW, as LangChain queries
 *   const exact = await baseline.exactSearch(queryVector, 10);               // sequential scan, for recall
 *   await baseline.close();                                                   // drops the table, keeps the pool
 *
 * Each hit is `{ id, documentId, text, distance }` (cosine distance, smaller is nearer); `id` is the chunk
 * id given to addVectors, or `<documentId>:<n>` for chunks made by ingest.
 *
 * Set up the way LangChain documents it, with two deliberate departures, both forced by the shared pool:
 * - `PGVectorStore.initialize()` checks out a pool client and keeps it until `end()`. Seed's PGlite pool
 *   has exactly one connection, so every later query would wait forever; the store is therefore built
 *   with its constructor and `ensureTableInDatabase(dimensions)`, which is what initialize() does
 *   minus the held client.
 * - `end()` would end the caller's pool; close() only drops the table (unless keepTable).
 * The index is `createHnswIndex` (m 16, ef_construction 64, cosine; the same as Seed's chunk index).
 * Searches run as LangChain runs them: `SELECT *` on a pooled connection at the server's default
 * `hnsw.ef_search` (40 unless configured), since PGVectorStore has no setting for it.
 * On PGlite, do not hold a client of the same pool while calling these methods (single connection).
 */
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { Document } from '@langchain/core/documents';
import { PGVectorStore } from '@langchain/community/vectorstores/pgvector';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { loadRagConfig } from '@app/rag';
import { Embedder, SeedEmbeddings } from '@app/slm';

export interface LangchainBaselineOptions {
  pool: Pool;
  /** The Seed embedder the Seed side uses; wrapped in `SeedEmbeddings` for LangChain. */
  embedder: Embedder;
  /** Vector size; defaults to `embedder.dimension` (the embedder must be loaded). */
  dimensions?: number;
  /** Own table, default `langchain_bench_<random>`; lower-case letters, digits and `_` only. */
  tableName?: string;
  /** Splitter size in characters; default Seed's CHUNK_SIZE / CHUNK_OVERLAP (env or 1000 / 150). */
  chunkSize?: number;
  chunkOverlap?: number;
  /** Build the HNSW index now (true, default: inserts then maintain it, as in Seed's ingestion) or later via createIndex(). */
  createIndex?: boolean;
  /** Leave the table in place on close(). */
  keepTable?: boolean;
}

export interface BaselineDocument {
  id: string;
  title: string;
  text: string;
}

export interface BaselineVectorRow {
  /** Reported back as the hit's id (e.g. Seed's chunk id), so recall compares like with like. */
  id: string;
  text: string;
  vector: number[];
  documentId?: string;
}

export interface BaselineHit {
  id: string;
  documentId?: string;
  text: string;
  /** Cosine distance (`<=>`), smaller is nearer. */
  distance: number;
}

export interface LangchainBaseline {
  readonly tableName: string;
  readonly store: PGVectorStore;
  readonly splitter: RecursiveCharacterTextSplitter;
  /** Splits, embeds (through SeedEmbeddings) and stores the documents, as `splitDocuments` + `addDocuments`. */
  ingest(documents: BaselineDocument[]): Promise<{ chunks: number }>;
  /** Stores pre-computed vectors with `PGVectorStore.addVectors`; the id travels in the metadata. */
  addVectors(rows: BaselineVectorRow[]): Promise<void>;
  /** `createHnswIndex` on the vector column; throws if the index is not there afterwards. */
  createIndex(): Promise<void>;
  search(query: string, k: number): Promise<BaselineHit[]>;
  searchVector(vector: number[], k: number): Promise<BaselineHit[]>;
  /** Exact nearest neighbours (index scans off in one transaction): the reference for recall@k. */
  exactSearch(vector: number[], k: number): Promise<BaselineHit[]>;
  close(): Promise<void>;
}

interface ChunkMetadata {
  id: string;
  documentId?: string;
  title?: string;
}

/** Rows per addDocuments call: PGVectorStore's own insert chunk, and a bound on memory per batch. */
const INGEST_BATCH = 500;

export async function openLangchainBaseline(options: LangchainBaselineOptions): Promise<LangchainBaseline> {
  const tableName = options.tableName ?? `langchain_bench_${randomBytes(4).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(tableName)) throw new Error(`invalid table name: ${tableName}`);
  const dimensions = options.dimensions ?? options.embedder.dimension;
  const rag = loadRagConfig();
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: options.chunkSize ?? rag.CHUNK_SIZE,
    chunkOverlap: options.chunkOverlap ?? rag.CHUNK_OVERLAP,
  });
  const { pool } = options;
  const store = new PGVectorStore(new SeedEmbeddings(options.embedder), {
    pool,
    tableName,
    distanceStrategy: 'cosine',
  });
  await store.ensureTableInDatabase(dimensions);

  const createIndex = async (): Promise<void> => {
    await store.createHnswIndex({ dimensions, namespace: tableName });
    // createHnswIndex logs and swallows failures; a missing index would silently benchmark a seq scan.
    const { rows } = await pool.query(`SELECT 1 FROM pg_indexes WHERE tablename = $1 AND indexdef ILIKE '%hnsw%'`, [
      tableName,
    ]);
    if (rows.length === 0) throw new Error(`HNSW index on ${tableName} was not created`);
  };
  if (options.createIndex !== false) await createIndex();

  return {
    tableName,
    store,
    splitter,
    async ingest(documents) {
      const chunks = await splitter.splitDocuments(
        documents.map(
          (document) =>
            new Document({ pageContent: document.text, metadata: { documentId: document.id, title: document.title } }),
        ),
      );
      const perDocument = new Map<string, number>();
      for (const chunk of chunks) {
        const documentId = chunk.metadata.documentId as string;
        const n = perDocument.get(documentId) ?? 0;
        perDocument.set(documentId, n + 1);
        chunk.metadata = { ...chunk.metadata, id: `${documentId}:${n}` };
      }
      for (let i = 0; i < chunks.length; i += INGEST_BATCH) await store.addDocuments(chunks.slice(i, i + INGEST_BATCH));
      return { chunks: chunks.length };
    },
    async addVectors(rows) {
      for (let i = 0; i < rows.length; i += INGEST_BATCH) {
        const batch = rows.slice(i, i + INGEST_BATCH);
        await store.addVectors(
          batch.map((row) => row.vector),
          batch.map((row) => {
            const metadata: ChunkMetadata = { id: row.id, ...(row.documentId ? { documentId: row.documentId } : {}) };
            return new Document({ pageContent: row.text, metadata });
          }),
        );
      }
    },
    createIndex,
    async search(query, k) {
      return toHits(await store.similaritySearchWithScore(query, k));
    },
    async searchVector(vector, k) {
      return toHits(await store.similaritySearchVectorWithScore(vector, k));
    },
    async exactSearch(vector, k) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL enable_indexscan = off');
        const { rows } = await client.query<{ text: string; metadata: ChunkMetadata; distance: number }>(
          `SELECT text, metadata, embedding <=> $1 AS distance FROM ${tableName} ORDER BY distance LIMIT $2`,
          [`[${vector.join(',')}]`, k],
        );
        await client.query('COMMIT');
        return rows.map((row) => hit(row.metadata, row.text, row.distance));
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      if (!options.keepTable) await pool.query(`DROP TABLE IF EXISTS ${tableName}`);
    },
  };
}

function hit(metadata: ChunkMetadata, text: string, distance: number): BaselineHit {
  return { id: metadata.id, documentId: metadata.documentId, text, distance: Number(distance) };
}

function toHits(results: [Document, number][]): BaselineHit[] {
  return results.map(([document, distance]) => hit(document.metadata as ChunkMetadata, document.pageContent, distance));
}
