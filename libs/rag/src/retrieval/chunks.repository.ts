import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Database } from '@app/core';
import { COMMON_LEXEME_ROWS, CommonLexemes, LexemeCounts } from './common-lexemes';
import { checkedDimensions, indexedVectorType } from './indexed-vectors';

export interface NewChunk {
  ordinal: number;
  text: string;
  /** What full-text search indexes (the text with its title and heading path). */
  searchText: string;
  headingPath: string[];
  start: number;
  end: number;
  embedding: ArrayLike<number>;
}

/** Where vectors of one embedder live; its dimension picks the HNSW index. */
export interface EmbeddingSpace {
  embedder: string;
  dimensions: number;
}

export interface ChunkHit {
  chunkId: string;
  documentId: string;
  collectionId: string;
  text: string;
  headingPath: string[];
  start: number;
  end: number;
  documentTitle: string;
  sourceUrl: string | null;
  /** Cosine similarity for vector hits, ts_rank for full-text hits. */
  score: number;
}

export interface NearestChunks {
  hits: ChunkHit[];
  /** How many of the searched collections belong to the tenant and use this embedder and dimension. */
  ownedCollections: number;
}

export interface ChunkFilter {
  tenantId: string;
  collectionIds: string[];
  /** Documents whose metadata contains this JSON object. */
  metadata?: Record<string, unknown>;
  documentIds?: string[];
}

const HIT_COLUMNS = `c.id AS "chunkId", c.document_id AS "documentId", c.collection_id AS "collectionId", c.text,
  c.heading_path AS "headingPath", c.start_offset AS "start", c.end_offset AS "end", d.title AS "documentTitle",
  d.source_url AS "sourceUrl"`;

export const vectorLiteral = (values: ArrayLike<number>) => `[${Array.from(values).join(',')}]`;

@Injectable()
export class ChunksRepository {
  private readonly indexedDimensions = new Set<number>();
  private readonly commonLexemes: CommonLexemes;

  constructor(private readonly database: Database) {
    this.commonLexemes = new CommonLexemes(database);
  }

  /**
   * One HNSW index per dimension in use, over the column cast to the dimension's type (see
   * indexed-vectors) and limited to that dimension's rows.
   */
  async ensureVectorIndex(dimensions: number): Promise<void> {
    const n = checkedDimensions(dimensions);
    if (this.indexedDimensions.has(n)) return;
    const { type, cosineOps } = indexedVectorType(n);
    // Two workers ingesting the first documents of a dimension would both create the index, and
    // IF NOT EXISTS does not stop the loser failing on the catalog's unique key: one at a time.
    await this.database.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`chunk_embeddings_hnsw_${n}`]);
      await client.query(
        `CREATE INDEX IF NOT EXISTS chunk_embeddings_hnsw_${n} ON chunk_embeddings
         USING hnsw ((embedding::${type}) ${cosineOps}) WHERE dimensions = ${n}`,
      );
    });
    this.indexedDimensions.add(n);
  }

  async insertEmbeddings(
    client: PoolClient,
    collectionId: string,
    space: EmbeddingSpace,
    chunkIds: string[],
    embeddings: ArrayLike<number>[],
  ): Promise<void> {
    await client.query(
      `INSERT INTO chunk_embeddings (chunk_id, embedder, collection_id, dimensions, embedding)
       SELECT id, $1, $2, $3, embedding FROM unnest($4::uuid[], $5::vector[]) AS t(id, embedding)
       ON CONFLICT (chunk_id, embedder) DO UPDATE SET embedding = EXCLUDED.embedding`,
      [space.embedder, collectionId, checkedDimensions(space.dimensions), chunkIds, embeddings.map(vectorLiteral)],
    );
  }

  /**
   * The vector query: cosine distance on the dimension's HNSW index. pgvector's iterative scan keeps
   * walking the graph until `k` rows pass the collection filter, so small collections in a big table
   * still get their k nearest chunks. Its batches after the first come in relaxed order, so the scan
   * must not stop before k rows: stopped earlier, it loses true neighbours when the filter passes few
   * rows per batch (test/medium/rag/retrieval-recall.test.ts).
   * The same round trip counts how many of the collections exist in this tenant with this embedder:
   * a caller that guessed the vector space learns whether the guess held without a query of its own.
   *
   * `keep` of the `k` rows scanned, the nearest by exact distance, are joined with their chunks and
   * documents: each joined row is a few random page reads, about 30 µs apiece once a collection
   * outgrows shared buffers (100k chunks: 1.2 ms of 11 for 40 rows against 20,
   * `npm run bench:retrieval`). The scan itself stays k rows deep, so the nearest are the same.
   */
  async findNearestChunks(
    filter: ChunkFilter,
    space: EmbeddingSpace,
    query: ArrayLike<number>,
    k: number,
    keep = k,
  ): Promise<NearestChunks> {
    const client = await this.database.pool.connect();
    try {
      // A candidate list 3× the rows asked for: at 100k × 384, 2× (ef_search 80 for 40 candidates) found
      // 94 % of the exact top 10, 3× (120) 98 % (`npm run bench:retrieval`).
      await applyVectorSearchSettings(client, Math.max(40, Math.min(1000, k * 3)));
      const statement = nearestChunksStatement(filter, space, query, k, keep);
      const { rows } = await client.query<ChunkHit & { ownedCollections: number }>({
        name: statementName(statement.text),
        ...statement,
      });
      const ownedCollections = rows[0]?.ownedCollections ?? 0;
      const hits = rows
        .filter((row) => row.chunkId !== null)
        .map(({ ownedCollections: _owned, ...hit }) => hit as ChunkHit);
      return { hits, ownedCollections };
    } finally {
      client.release();
    }
  }

  /**
   * Full-text search with PostgreSQL's English configuration; any query word may match (OR). Ranked by
   * `ts_rank` (term frequency): on the covid_faq validation queries it found the right FAQ first 49 % of
   * the time against 22 % for `ts_rank_cd`, whose proximity bonus means little for OR-ed words.
   *
   * Ranking is the cost (a question with a word like "help" or "order" matches most of a big
   * collection), so candidates are picked by the question's rarer words and ranked by all of them: see
   * `candidateQuerySql`. When that narrowed set has fewer than `k` chunks, every match is ranked.
   */
  async searchFullText(filter: ChunkFilter, query: string, k: number): Promise<ChunkHit[]> {
    const common = await this.commonLexemes.list();
    if (common.words.length > 0) {
      const narrowed = await this.rankFullText(filter, query, k, common);
      if (narrowed.length >= k) return narrowed;
    }
    return this.rankFullText(filter, query, k, NO_COMMON_LEXEMES);
  }

  private async rankFullText(filter: ChunkFilter, query: string, k: number, common: LexemeCounts): Promise<ChunkHit[]> {
    // Documents are joined after the LIMIT unless a filter needs them: a join per matching chunk cost
    // a fifth of the query when most chunks match.
    const needsDocuments = Boolean(filter.metadata);
    const { rows } = await this.database.pool.query<ChunkHit>(
      `WITH words AS (SELECT lexeme, ($6::float8[])[array_position($5::text[], lexeme)] AS matches
                      FROM unnest(to_tsvector('english', $1)) AS t(lexeme)),
       q AS (SELECT (SELECT string_agg(quote_literal(lexeme), ' | ') FROM words)::tsquery AS query,
                    ${candidateQuerySql} AS candidates),
       ranked AS (
         SELECT c.id, c.document_id, c.collection_id, c.text, c.heading_path, c.start_offset, c.end_offset,
                ts_rank(c.tsv, q.query) AS score
         FROM chunks c ${needsDocuments ? 'JOIN documents d ON d.id = c.document_id' : ''}, q
         WHERE q.query IS NOT NULL AND c.tsv @@ q.candidates AND c.tenant_id = $2 AND c.collection_id = ANY($3::uuid[])
           ${documentFilterSql(filter, 9)}
         ORDER BY score DESC, c.id
         LIMIT $4)
       SELECT c.id AS "chunkId", c.document_id AS "documentId", c.collection_id AS "collectionId", c.text,
              c.heading_path AS "headingPath", c.start_offset AS "start", c.end_offset AS "end",
              d.title AS "documentTitle", d.source_url AS "sourceUrl", c.score
       FROM ranked c JOIN documents d ON d.id = c.document_id
       ORDER BY c.score DESC, c.id`,
      [
        query,
        filter.tenantId,
        filter.collectionIds,
        k,
        common.words,
        common.matches,
        common.total,
        Math.min(COMMON_LEXEME_ROWS, k * CANDIDATES_PER_HIT),
        ...documentFilterParams(filter),
      ],
    );
    return rows;
  }
}

/**
 * findNearestChunks' SQL and parameters (a function of its own so that a test can EXPLAIN the very
 * statement retrieve runs).
 */
export function nearestChunksStatement(
  filter: ChunkFilter,
  space: EmbeddingSpace,
  query: ArrayLike<number>,
  k: number,
  keep = k,
): { text: string; values: unknown[] } {
  const n = checkedDimensions(space.dimensions);
  const { type } = indexedVectorType(n);
  const text = `SELECT owned.count AS "ownedCollections", hits.*
     FROM (SELECT count(*)::int AS count FROM collections
           WHERE tenant_id = $5 AND id = ANY($3::uuid[]) AND embedder = $2 AND dimensions = ${n}) owned
     LEFT JOIN LATERAL (
       SELECT ${HIT_COLUMNS}, nearest.score
       FROM (
         SELECT chunk_id, 1 - distance AS score FROM (
           SELECT chunk_id, embedding::${type} <=> $1::${type} AS distance
           FROM chunk_embeddings
           WHERE dimensions = ${n} AND embedder = $2 AND collection_id = ANY($3::uuid[])
           ORDER BY embedding::${type} <=> $1::${type}
           LIMIT $4
         ) scanned
         -- By score, not distance: the planner cannot take the scan's order for it, so a sort reads
         -- all k rows first. Ordered by distance, this LIMIT stopped the relaxed-order scan at
         -- the kept rows (recall 0.77 in retrieval-recall.test.ts).
         ORDER BY score DESC
         LIMIT $6
       ) nearest
       JOIN chunks c ON c.id = nearest.chunk_id
       JOIN documents d ON d.id = c.document_id
       WHERE c.tenant_id = $5 ${documentFilterSql(filter, 7)}
     ) hits ON true
     ORDER BY hits.score DESC`;
  const values = [
    vectorLiteral(query),
    space.embedder,
    filter.collectionIds,
    k,
    filter.tenantId,
    Math.min(keep, k),
    ...documentFilterParams(filter),
  ];
  return { text, values };
}

const NO_COMMON_LEXEMES: LexemeCounts = { words: [], matches: [], total: 0 };

/** Chunks a question made only of common words should match, per hit asked for, before ranking. */
const CANDIDATES_PER_HIT = 5;

/**
 * The chunks worth ranking for a question, as a tsquery built from its lexemes (`words`; `matches`
 * estimates how many chunks hold a common word, null for the others): any of its uncommon words. When
 * every word is common, the conjunction of its rarest words, as many as keep the expected number of
 * chunks holding them all ($7 chunks in all, words taken as independent) at or above $8. ts_rank adds
 * about the same for each query word a chunk holds, so a chunk missing the rarer words or most of the
 * words is rarely near the top; the caller ranks every match when this set is short of k.
 * A conjunction, because GIN answers one by walking the words' lists together: "all words but any
 * one" (an OR of conjunctions) made GIN test the whole expression on every chunk holding any word, as
 * slow as ranking them (7 common words in 100k chunks: 33 against 470 ms, on a loaded machine).
 */
const candidateQuerySql = `coalesce(
  (SELECT string_agg(quote_literal(lexeme), ' | ') FROM words WHERE matches IS NULL),
  (SELECT string_agg(quote_literal(lexeme), ' & ') FROM (
     SELECT lexeme, row_number() OVER rarest_first AS place,
            $7::float8 * exp(sum(ln(least(1, matches / $7::float8))) OVER rarest_first) AS expected
     FROM words WINDOW rarest_first AS (ORDER BY matches, lexeme ROWS UNBOUNDED PRECEDING)) tiers
   WHERE place = 1 OR expected >= $8::float8))::tsquery`;

/**
 * The vector query is a named prepared statement, so each connection parses and analyses its text once
 * per dimension and filter shape: 0.5 ms of a 7 ms search at 10k chunks. The name is the text's hash, so
 * one name never stands for two texts. It is still planned for each request's values
 * (`plan_cache_mode = force_custom_plan`, set with the HNSW settings): a generic plan cannot tell a small
 * collection, best sorted exactly, from a big one that needs the HNSW index.
 */
const statementName = (text: string) => `seed_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;

/** The HNSW settings each pooled connection was last given (connections are reused, settings stick). */
const vectorSearchSettings = new WeakMap<PoolClient, number>();

/**
 * Session-level rather than SET LOCAL in a transaction: BEGIN, two SETs and COMMIT were four round trips
 * around each query, about 2 ms of a 10k-chunk search. Only HNSW scans read the HNSW settings, and this
 * repository runs the only HNSW queries; the plan cache mode touches only named prepared statements, of
 * which this is the only one. So leaving them on the connection is safe.
 */
async function applyVectorSearchSettings(client: PoolClient, efSearch: number): Promise<void> {
  if (vectorSearchSettings.get(client) === efSearch) return;
  await client.query(
    `SELECT set_config('hnsw.ef_search', $1, false), set_config('hnsw.iterative_scan', 'relaxed_order', false),
            set_config('plan_cache_mode', 'force_custom_plan', false)`,
    [String(efSearch)],
  );
  vectorSearchSettings.set(client, efSearch);
}

function documentFilterSql(filter: ChunkFilter, firstParam: number): string {
  let sql = '';
  let param = firstParam;
  if (filter.metadata) sql += ` AND d.metadata @> $${param++}::jsonb`;
  if (filter.documentIds) sql += ` AND c.document_id = ANY($${param++}::uuid[])`;
  return sql;
}

function documentFilterParams(filter: ChunkFilter): unknown[] {
  const params: unknown[] = [];
  if (filter.metadata) params.push(JSON.stringify(filter.metadata));
  if (filter.documentIds) params.push(filter.documentIds);
  return params;
}
