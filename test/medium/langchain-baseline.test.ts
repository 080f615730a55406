/**
 * @jest-environment ./test/medium/slm/support/onnx-test-environment.js
 */
import { loadRagConfig } from '@app/rag';
import { loadSlmConfig, ModelRegistry } from '@app/slm';
import { ensureTinyModels } from '@app/slm/testing';
import { openLangchainBaseline } from '../../bench/support/langchain-baseline';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const documents = [
  { id: 'refunds', title: 'Refunds', text: 'Refunds are paid back to the original card within five business days.' },
  { id: 'shipping', title: 'Shipping', text: 'We ship worldwide; parcels to Europe arrive in three to seven days.' },
  { id: 'passwords', title: 'Passwords', text: 'To reset your password, open Settings and choose Forgot password.' },
];

describe('LangChain PGVectorStore baseline (bench/support/langchain-baseline)', () => {
  let database: TestDatabase;
  const registries: ModelRegistry[] = [];

  // A fresh migrated database; on the shared 2-core box under load this can outlast the 60 s default.
  beforeAll(async () => {
    database = await createTestDatabase();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(registries.map((registry) => registry.onApplicationShutdown()));
    await database.destroy();
  });

  const embedderFor = (spec: string) => {
    const registry = new ModelRegistry(loadSlmConfig({ SLM_EMBEDDER: spec }));
    registries.push(registry);
    return registry.embedder();
  };

  const tableExists = async (table: string) =>
    (await database.pool.query('SELECT 1 FROM pg_tables WHERE tablename = $1', [table])).rows.length > 0;

  it('ingests documents on its own HNSW-indexed table and finds the right one for a query', async () => {
    const baseline = await openLangchainBaseline({ pool: database.pool, embedder: embedderFor('builtin:hash') });
    expect(await baseline.ingest(documents)).toEqual({ chunks: 3 });
    const { rows: indexes } = await database.pool.query<{ indexdef: string }>(
      'SELECT indexdef FROM pg_indexes WHERE tablename = $1',
      [baseline.tableName],
    );
    expect(indexes.map((index) => index.indexdef).join('\n')).toMatch(/USING hnsw .*vector_cosine_ops/);

    const hits = await baseline.search('how do I reset my password', 3);
    expect(hits.map((hit) => hit.documentId)).toHaveLength(3);
    expect(hits[0]).toMatchObject({ id: 'passwords:0', documentId: 'passwords', text: documents[2].text });
    expect(hits[0].distance).toBeLessThan(hits[1].distance);

    await baseline.close();
    expect(await tableExists(baseline.tableName)).toBe(false);
  });

  it("splits like Seed's chunker: CHUNK_SIZE characters with CHUNK_OVERLAP", async () => {
    const baseline = await openLangchainBaseline({ pool: database.pool, embedder: embedderFor('builtin:hash') });
    const { CHUNK_SIZE, CHUNK_OVERLAP } = loadRagConfig();
    expect(baseline.splitter).toMatchObject({ chunkSize: CHUNK_SIZE, chunkOverlap: CHUNK_OVERLAP });
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const { chunks } = await baseline.ingest([{ id: 'long', title: 'Long', text: long }]);
    expect(chunks).toBeGreaterThan(Math.floor(long.length / CHUNK_SIZE));
    const { rows } = await database.pool.query<{ text: string }>(`SELECT text FROM ${baseline.tableName}`);
    expect(rows).toHaveLength(chunks);
    for (const row of rows) expect(row.text.length).toBeLessThanOrEqual(CHUNK_SIZE);
    await baseline.close();
  });

  it('loads pre-computed vectors under our ids and answers indexed and exact searches with them', async () => {
    const embedder = embedderFor('builtin:hash');
    const baseline = await openLangchainBaseline({
      pool: database.pool,
      embedder,
      tableName: 'langchain_bench_test_vectors',
      createIndex: false,
    });
    const texts = documents.map((document) => document.text);
    const vectors = await embedder.embed(texts);
    const ids = ['3f1c8e40-0000-4000-8000-000000000001', 'chunk-b', 'chunk-c'];
    await baseline.addVectors(ids.map((id, i) => ({ id, text: texts[i], vector: vectors[i], documentId: `doc-${i}` })));
    await baseline.createIndex();

    const [query] = await embedder.embed(['parcels to Europe']);
    const indexed = await baseline.searchVector(query, 2);
    const exact = await baseline.exactSearch(query, 2);
    expect(indexed[0]).toMatchObject({ id: 'chunk-b', documentId: 'doc-1' });
    expect(exact.map((hit) => hit.id)).toEqual(indexed.map((hit) => hit.id));
    expect(exact[0].distance).toBeCloseTo(indexed[0].distance, 5);
    await baseline.close();
  });

  it('embeds through SeedEmbeddings with a transformers.js model (tiny ONNX encoder)', async () => {
    const embedder = embedderFor(`transformers:${ensureTinyModels().encoder}`);
    const baseline = await openLangchainBaseline({ pool: database.pool, embedder });
    await baseline.ingest(documents);
    // The tiny encoder has random weights: only an identical text is reliably nearest.
    const [first] = await baseline.search(documents[1].text, 3);
    expect(first).toMatchObject({ documentId: 'shipping' });
    expect(first.distance).toBeCloseTo(0, 4);
    await baseline.close();
  });
});
