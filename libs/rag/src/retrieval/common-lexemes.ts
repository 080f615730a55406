import type { Database } from '@app/core';

/**
 * A word in more chunks than this is too common to pick full-text candidates by: ranking every chunk
 * that holds it is what made hybrid search slow on big collections (ts_rank over 98 % of 100k chunks).
 * Such words still count in the ranking. An absolute count, so small collections never lose a word.
 */
export const COMMON_LEXEME_ROWS = 2000;

/** How long a list of common words is used before the statistics are read again. */
const REFRESH_MS = 60_000;

/** Growth of `chunks` since the last ANALYZE after which embedded mode analyzes again. */
const REANALYZE_GROWTH = 1.2;

/** Common words, most frequent first, with the number of chunks each is estimated in. */
export interface LexemeCounts {
  words: string[];
  matches: number[];
  /** Chunks in the table when the statistics were taken. */
  total: number;
}

const NONE: LexemeCounts = { words: [], matches: [], total: 0 };

interface TableStatistics {
  reltuples: number;
  relpages: number;
  pages: number;
  elems: string[] | null;
  freqs: number[] | null;
}

/**
 * The English lexemes found in more than COMMON_LEXEME_ROWS chunks, most frequent first, from the planner's statistics of
 * `chunks.tsv` (ANALYZE keeps the most common elements of a tsvector column with their frequencies).
 * They are table-wide, not per tenant: a word common elsewhere but rare in one collection only narrows
 * the candidates, and the search falls back to every match when the narrowed set comes up short.
 * PostgreSQL's autovacuum keeps them fresh; embedded PGlite has no autovacuum, so there this analyzes
 * `chunks` (and the tables retrieval joins) itself once they have grown, which also gives the planner
 * the row counts that make it choose the HNSW index.
 */
export class CommonLexemes {
  private cached: { counts: LexemeCounts; at: number } | null = null;
  private pending: Promise<LexemeCounts> | null = null;

  constructor(private readonly database: Database) {}

  /** Never throws: without statistics every word counts as rare, which is the exact search. */
  async list(): Promise<LexemeCounts> {
    if (this.cached && Date.now() - this.cached.at < REFRESH_MS) return this.cached.counts;
    this.pending ??= this.refresh()
      .catch(() => NONE)
      .then((counts) => {
        this.cached = { counts, at: Date.now() };
        this.pending = null;
        return counts;
      });
    return this.pending;
  }

  /** Forgets the list (tests, and callers that just loaded many chunks). */
  invalidate(): void {
    this.cached = null;
  }

  private async refresh(): Promise<LexemeCounts> {
    let statistics = await this.read();
    if (this.database.kind === 'pglite' && isStale(statistics)) {
      await this.database.pool.query('ANALYZE chunks, chunk_embeddings, documents');
      statistics = await this.read();
    }
    const { elems, freqs, reltuples } = statistics;
    if (!elems || !freqs || reltuples <= 0) return NONE;
    const common = elems
      .map((word, i) => ({ word, matches: freqs[i] * reltuples }))
      .filter((entry) => entry.matches > COMMON_LEXEME_ROWS)
      .sort((a, b) => b.matches - a.matches);
    return {
      words: common.map((entry) => entry.word),
      matches: common.map((entry) => entry.matches),
      total: reltuples,
    };
  }

  private async read(): Promise<TableStatistics> {
    const { rows } = await this.database.pool.query<TableStatistics>(
      `SELECT c.reltuples::float8 AS reltuples, c.relpages, (pg_relation_size(c.oid) / current_setting('block_size')::int)::int AS pages,
              s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs::float8[] AS freqs
       FROM pg_class c LEFT JOIN pg_stats s ON s.tablename = 'chunks' AND s.attname = 'tsv' AND s.schemaname = current_schema()
       WHERE c.oid = 'chunks'::regclass`,
    );
    return rows[0];
  }
}

/** Never analyzed, or grown by a fifth since (a handful of pages is not worth an ANALYZE). */
function isStale(statistics: TableStatistics): boolean {
  if (statistics.pages < 8) return false;
  return statistics.reltuples < 0 || statistics.pages > statistics.relpages * REANALYZE_GROWTH;
}
