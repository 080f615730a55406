import { Test } from '@nestjs/testing';
import { CollectionsService, IngestionWorkerModule, RetrievalService } from '@app/rag';
import { SlmModule } from '@app/slm';
import { CollectionEmbedders } from '../../../libs/rag/src/ingestion/collection-embedders';
import { nearestChunksStatement } from '../../../libs/rag/src/retrieval/chunks.repository';
import { ReembeddingProcessor } from '../../../libs/rag/src/reembedding/reembedding.processor';
import { ReembeddingJobData } from '../../../libs/rag/src/reembedding/reembedding.producer';
import { ModuleTestContext, newIngestedCollection, startModuleContext } from '../../support/module-test-context';

/*
 * pgvector's HNSW index takes `vector` up to 2,000 dimensions. Wider embedders (3,072 for OpenAI's
 * text-embedding-3-large) are indexed and searched as `halfvec`, up to 4,000; wider still is refused
 * before any collection or document depends on it.
 */
const WIDE = 'builtin:hash@dim=3072';
const WIDER = 'builtin:hash@dim=2560';
const PAGES = [
  { title: 'Shipping', text: '# Shipping\n\nParcels leave the warehouse every afternoon at four.' },
  { title: 'Returns', text: '# Returns\n\nItems can be returned within thirty days with the receipt.' },
  { title: 'Warranty', text: '# Warranty\n\nThe warranty covers spare parts for two full years.' },
];

describe('embedders wider than 2,000 dimensions', () => {
  let ctx: ModuleTestContext;
  let tenantId: string;
  let collectionId: string;

  const vectorSearch = (query: string) =>
    ctx.app.get(RetrievalService).retrieve({ tenantId, collectionIds: [collectionId], query, k: 3, mode: 'vector' });
  const indexDefinition = async (dimensions: number) => {
    const { rows } = await ctx.database.pool.query<{ indexdef: string }>(
      'SELECT indexdef FROM pg_indexes WHERE indexname = $1',
      [`chunk_embeddings_hnsw_${dimensions}`],
    );
    return rows[0]?.indexdef;
  };

  beforeAll(async () => {
    ctx = await startModuleContext({
      imports: [SlmModule.forRoot({ env: { ...process.env, SLM_EMBEDDER: WIDE } }), IngestionWorkerModule],
    });
    tenantId = await ctx.newTenantId();
    collectionId = await newIngestedCollection(ctx.app, tenantId, 'wide', PAGES);
  });

  afterAll(() => ctx?.close());

  it('stores 3,072-dimensional vectors under a half-precision HNSW index and finds the right page', async () => {
    expect(await ctx.app.get(CollectionsService).get(tenantId, collectionId)).toMatchObject({ dimensions: 3072 });
    expect(await indexDefinition(3072)).toMatch(
      /hnsw .*halfvec\(3072\)\) halfvec_cosine_ops\) WHERE \(dimensions = 3072\)/,
    );
    const hits = await vectorSearch('when do parcels leave the warehouse');
    expect(hits[0].documentTitle).toBe('Shipping');
    expect(hits[0].score).toBeGreaterThan(0);
  });

  it('searches through that index: the statement retrieve runs can be served by it', async () => {
    // With sorting priced out, the planner orders by distance through the index only if the
    // statement's expression is the one the index was built on.
    const [vector] = await ctx.app.get(CollectionEmbedders).configured().embed(['parcels']);
    const statement = nearestChunksStatement(
      { tenantId, collectionIds: [collectionId] },
      { embedder: WIDE, dimensions: 3072 },
      vector,
      40,
      20,
    );
    const plan = await ctx.database.transaction(async (client) => {
      await client.query('SET LOCAL enable_sort = off');
      await client.query("SET LOCAL hnsw.iterative_scan = 'relaxed_order'");
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement.text}`, statement.values);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('Index Scan using chunk_embeddings_hnsw_3072');
  });

  it('re-embeds into another wide space and switches to it', async () => {
    await ctx.app.get(CollectionsService).changeEmbedder(tenantId, collectionId, WIDER);
    const { rows } = await ctx.database.pool.query<{ id: string; data: ReembeddingJobData }>(
      "SELECT id, data FROM queue_jobs WHERE queue = 'reembedding' AND data->>'collectionId' = $1",
      [collectionId],
    );
    const job = rows[rows.length - 1];
    await ctx.app
      .get(ReembeddingProcessor)
      .handle({ id: job.id, queue: 'reembedding', name: 'reembed', data: job.data, attemptsMade: 0 });
    expect(await ctx.app.get(CollectionsService).get(tenantId, collectionId)).toMatchObject({
      embedder: WIDER,
      dimensions: 2560,
    });
    expect(await indexDefinition(2560)).toContain('halfvec_cosine_ops');
    expect((await vectorSearch('how long does the warranty cover parts'))[0].documentTitle).toBe('Warranty');
  });

  it('refuses a re-embed into more than 4,000 dimensions and keeps the collection as it was', async () => {
    const refusal = await ctx.app
      .get(CollectionsService)
      .changeEmbedder(tenantId, collectionId, 'builtin:hash@dim=4096')
      .catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      code: 'ValidationFailed',
      message: expect.stringContaining("4096-dimensional vectors, and pgvector's HNSW index takes at most 4000"),
    });
    expect(await ctx.app.get(CollectionsService).describe(tenantId, collectionId)).toMatchObject({
      embedder: WIDER,
      nextEmbedder: null,
    });
    expect((await vectorSearch('what is the return window'))[0].documentTitle).toBe('Returns');
  });

  it('will not start with a configured embedder past 4,000 dimensions, naming the setting', async () => {
    const module = await Test.createTestingModule({
      imports: [SlmModule.forRoot({ env: { ...process.env, SLM_EMBEDDER: 'builtin:hash@dim=4096' } })],
      providers: [CollectionEmbedders],
    }).compile();
    await expect(module.init()).rejects.toThrow(
      "SLM_EMBEDDER builtin:hash@dim=4096 cannot back collections: it makes 4096-dimensional vectors, and pgvector's HNSW index takes at most 4000",
    );
    // Nothing to close: close() would only rethrow the failed start, and built-in models hold nothing.
  });
});
