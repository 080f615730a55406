import { openDatabase, DatabaseHandle } from '@app/core';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

const DIMENSIONS = 16;
const ROWS = 400;

/** Deterministic pseudo-random unit vectors, identical on every run and backend. */
function vectors(count: number, seed: number): number[][] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return Array.from({ length: count }, () => {
    const v = Array.from({ length: DIMENSIONS }, next);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

const literal = (v: number[]) => `[${v.map((x) => x.toFixed(6)).join(',')}]`;

async function loadItems(db: DatabaseHandle): Promise<void> {
  await db.pool.query('CREATE EXTENSION IF NOT EXISTS vector');
  await db.pool.query(`CREATE TABLE items (id int PRIMARY KEY, embedding vector(${DIMENSIONS}) NOT NULL)`);
  await db.pool.query('CREATE INDEX items_embedding_idx ON items USING hnsw (embedding vector_cosine_ops)');
  const rows = vectors(ROWS, 42);
  await db.pool.query('INSERT INTO items (id, embedding) SELECT * FROM unnest($1::int[], $2::vector[])', [
    rows.map((_, i) => i),
    rows.map(literal),
  ]);
}

/** The query shape the retrieval code uses: `<=>` on the HNSW index with ef_search set in the transaction. */
async function nearestIds(db: DatabaseHandle, query: number[]): Promise<number[]> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL hnsw.ef_search = 100');
    await client.query('SET LOCAL enable_seqscan = off');
    const { rows } = await client.query<{ id: number }>(
      'SELECT id FROM items ORDER BY embedding <=> $1::vector LIMIT 10',
      [literal(query)],
    );
    await client.query('COMMIT');
    return rows.map((row) => row.id);
  } finally {
    client.release();
  }
}

function exactNearestIds(query: number[]): number[] {
  const rows = vectors(ROWS, 42);
  const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i], 0);
  return rows
    .map((v, id) => ({ id, distance: 1 - dot(v, query) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 10)
    .map((row) => row.id);
}

describe('vector search', () => {
  const queries = vectors(5, 7);
  let pglite: DatabaseHandle;
  let postgres: TestDatabase | undefined;

  beforeAll(async () => {
    pglite = await openDatabase({ dataDir: 'memory://', poolSize: 1, connectTimeoutMs: 1_000 });
    await loadItems(pglite);
    if (process.env.TEST_DATABASE_URL) {
      postgres = await createTestDatabase({ migrate: false });
      await loadItems(postgres);
    }
  });

  afterAll(async () => {
    await pglite?.close();
    await postgres?.destroy();
  });

  it('uses the HNSW index on PGlite', async () => {
    const { rows } = await pglite.pool.query(
      `EXPLAIN SELECT id FROM items ORDER BY embedding <=> '${literal(queries[0])}'::vector LIMIT 10`,
    );
    expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/items_embedding_idx/);
  });

  it('PGlite returns the exact nearest neighbours', async () => {
    for (const query of queries) expect(await nearestIds(pglite, query)).toEqual(exactNearestIds(query));
  });

  if (process.env.TEST_DATABASE_URL) {
    it('PostgreSQL and PGlite return the same ids for the same query', async () => {
      for (const query of queries) {
        expect(await nearestIds(postgres!, query)).toEqual(await nearestIds(pglite, query));
      }
    });
  }
});
