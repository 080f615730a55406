import { DomainError } from '@app/core';
import { CollectionsService, DocumentsService, RetrievalService } from '@app/rag';
import { ModelRegistry } from '@app/slm';
import { IngestionProcessor } from '../../../libs/rag/src/ingestion/ingestion.processor';
import { ingestionJobId } from '../../../libs/rag/src/ingestion/ingestion.producer';
import { DocumentsRepository } from '../../../libs/rag/src/documents/documents.repository';
import { ReadyDocumentWriter } from '../../../libs/rag/src/ingestion/ready-document-writer';
import { CollectionVectorsRepository } from '../../../libs/rag/src/reembedding/collection-vectors.repository';
import { ReembeddingReconciler } from '../../../libs/rag/src/reembedding/reembedding.reconciler';
import { ReembeddingProcessor } from '../../../libs/rag/src/reembedding/reembedding.processor';
import { ReembeddingJobData } from '../../../libs/rag/src/reembedding/reembedding.producer';
import { createRagTestContext, RagTestContext } from './rag-test-context';

const OLD = 'builtin:hash@dim=384';
const NEW = 'builtin:hash@dim=256';

describe('re-embedding a collection (services on a real database)', () => {
  let ctx: RagTestContext;
  let collections: CollectionsService;
  let documents: DocumentsService;
  let tenantId: string;

  const newCollection = async (name: string) => (await collections.create(tenantId, name)).id;
  const ingest = async (collectionId: string, title: string, body: string) => {
    const [{ document }] = await documents.upload(tenantId, collectionId, [
      { title, sourceKind: 'text', sourceKey: `text:${title}`, mediaType: 'text/markdown', bytes: Buffer.from(body) },
    ]);
    const data = { tenantId, documentId: document.id, contentHash: document.contentHash };
    await ctx.app
      .get(IngestionProcessor)
      .handle({ id: ingestionJobId(data), queue: 'ingestion', name: 'ingest', data, attemptsMade: 0 });
    return document.id;
  };
  const queuedJobs = async (collectionId: string) =>
    (
      await ctx.database.pool.query<{ id: string; data: ReembeddingJobData }>(
        "SELECT id, data FROM queue_jobs WHERE queue = 'reembedding' AND data->>'collectionId' = $1",
        [collectionId],
      )
    ).rows;
  const runJob = async (collectionId: string, attemptsMade = 0) => {
    const jobs = await queuedJobs(collectionId);
    const job = jobs[jobs.length - 1];
    await ctx.app
      .get(ReembeddingProcessor)
      .handle({ id: job.id, queue: 'reembedding', name: 'reembed', data: job.data, attemptsMade });
  };
  const vectorsByEmbedder = async (collectionId: string) =>
    (
      await ctx.database.pool.query<{ embedder: string; dimensions: number; n: number }>(
        `SELECT embedder, dimensions, count(*)::int AS n FROM chunk_embeddings WHERE collection_id = $1
         GROUP BY embedder, dimensions ORDER BY embedder`,
        [collectionId],
      )
    ).rows;
  const vectorSearch = (collectionId: string, query: string) =>
    ctx.app.get(RetrievalService).retrieve({ tenantId, collectionIds: [collectionId], query, k: 3, mode: 'vector' });

  beforeAll(async () => {
    ctx = await createRagTestContext();
    collections = ctx.app.get(CollectionsService);
    documents = ctx.app.get(DocumentsService);
    tenantId = await ctx.newTenantId();
  });

  afterAll(() => ctx.close());
  afterEach(() => jest.restoreAllMocks());

  it('refuses specs that do not name a usable embedder, saying what is wrong', async () => {
    const id = await newCollection('bad specs');
    const refusal = (spec: string) => collections.changeEmbedder(tenantId, id, spec).catch((error: unknown) => error);
    const cases: Array<[string, string]> = [
      ['nope:model', 'unknown provider "nope"'],
      ['builtin:missing', 'no builtin embedder named "missing"'],
      ['builtin:hash@dim=3', 'dim'],
      ['builtin:hash@colour=red', 'colour'],
      ['hash', 'expected provider:model'],
      ['openai:text-embedding-3-small@dim=8,url=http://169.254.169.254/v1', 'url option is not accepted'],
      ['transformers:/etc', 'not a path'],
      ['transformers:../../etc', 'not a path'],
    ];
    for (const [spec, problem] of cases) {
      const error = await refusal(spec);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'ValidationFailed', message: expect.stringContaining(problem) });
    }
    expect(await collections.describe(tenantId, id)).toMatchObject({ embedder: OLD, nextEmbedder: null });
  });

  it('builds and caches embedders by spec in the registry, the configured one for its own spec', () => {
    const registry = ctx.app.get(ModelRegistry);
    expect(registry.embedderFor('builtin:hash')).toBe(registry.embedder());
    const small = registry.embedderFor(NEW);
    expect(small).toMatchObject({ id: NEW, dimension: 256 });
    expect(registry.embedderFor('builtin:hash@dim=256')).toBe(small);
  });

  it('keeps serving the old vectors during the re-embed, picks up documents ingested meanwhile, then switches', async () => {
    const id = await newCollection('switching');
    await ingest(id, 'Shipping', '# Shipping\n\nParcels leave the warehouse every afternoon at four.');
    await ingest(id, 'Returns', '# Returns\n\nItems can be returned within thirty days with the receipt.');
    const before = await vectorSearch(id, 'when do parcels leave');
    expect(before[0].documentTitle).toBe('Shipping');

    const started = await collections.changeEmbedder(tenantId, id, 'builtin:hash@dim=256');
    expect(started).toMatchObject({ embedder: OLD, nextEmbedder: NEW, reembedding: { to: NEW, progress: 0 } });
    expect(await queuedJobs(id)).toHaveLength(1);
    // Asking again is idempotent: the same job.
    await collections.changeEmbedder(tenantId, id, NEW);
    expect(await queuedJobs(id)).toHaveLength(1);

    // Mid-job, after the first batch is embedded but before it is stored: queries still use the old
    // vectors, and a new document is ingested (with the old embedder only).
    const vectors = ctx.app.get(CollectionVectorsRepository);
    const store = vectors.storeVectors.bind(vectors);
    let during: Awaited<ReturnType<typeof vectorSearch>> = [];
    jest.spyOn(vectors, 'storeVectors').mockImplementationOnce(async (...args) => {
      during = await vectorSearch(id, 'when do parcels leave');
      await ingest(id, 'Warranty', '# Warranty\n\nThe warranty covers spare parts for two full years.');
      return store(...args);
    });
    await runJob(id);
    expect(during.map((hit) => hit.score)).toEqual(before.map((hit) => hit.score));

    const after = await collections.describe(tenantId, id);
    expect(after).toMatchObject({ embedder: NEW, dimensions: 256, nextEmbedder: null, reembedding: null });
    // Old vectors are gone; every chunk (the mid-way document's too) has a new one.
    const { rows } = await ctx.database.pool.query('SELECT count(*)::int AS n FROM chunks WHERE collection_id = $1', [
      id,
    ]);
    expect(await vectorsByEmbedder(id)).toEqual([{ embedder: NEW, dimensions: 256, n: rows[0].n }]);
    expect((await vectorSearch(id, 'when do parcels leave'))[0].documentTitle).toBe('Shipping');
    expect((await vectorSearch(id, 'how long does the warranty cover parts'))[0].documentTitle).toBe('Warranty');
    // Documents ingested after the switch get the new embedder's vectors.
    await ingest(id, 'Hours', '# Hours\n\nThe shop opens at nine every weekday.');
    expect((await vectorSearch(id, 'what time does the shop open'))[0].documentTitle).toBe('Hours');
    expect(await vectorsByEmbedder(id)).toEqual([{ embedder: NEW, dimensions: 256, n: rows[0].n + 1 }]);
  });

  it('shows progress and resumes after a failed try without embedding chunks twice', async () => {
    const id = await newCollection('resumable');
    await ingest(id, 'One', '# One\n\nThe first document is about apples.');
    await ingest(id, 'Two', '# Two\n\nThe second document is about pears.');
    await collections.changeEmbedder(tenantId, id, NEW);
    const vectors = ctx.app.get(CollectionVectorsRepository);
    const scope = { tenantId, collectionId: id };
    const [first] = await vectors.findChunksMissingVectors(scope, NEW, null, 1);
    const [vector] = await ctx.app.get(ModelRegistry).embedderFor(NEW).embed(['apples']);
    await vectors.storeVectors(scope, { embedder: NEW, dimensions: 256 }, [first.id], [vector]);
    expect((await collections.describe(tenantId, id)).reembedding).toEqual({ to: NEW, progress: 50 });

    const embedded: string[] = [];
    const embedder = ctx.app.get(ModelRegistry).embedderFor(NEW);
    const embed = embedder.embed.bind(embedder);
    jest.spyOn(embedder, 'embed').mockImplementation(async (texts) => {
      embedded.push(...texts);
      return embed(texts);
    });
    await runJob(id);
    expect(embedded).toHaveLength(1);
    expect(embedded[0]).not.toContain(first.text);
    expect(await collections.describe(tenantId, id)).toMatchObject({ embedder: NEW, reembedding: null });
  });

  it('gives up on the last failed try and leaves the collection on its embedder', async () => {
    const id = await newCollection('failing');
    await ingest(id, 'Doc', 'Some text to embed.');
    await collections.changeEmbedder(tenantId, id, 'builtin:hash@dim=128');
    const embedder = ctx.app.get(ModelRegistry).embedderFor('builtin:hash@dim=128');
    jest.spyOn(embedder, 'embed').mockRejectedValue(new Error('model crashed'));
    await expect(runJob(id)).rejects.toThrow('model crashed');
    expect((await collections.describe(tenantId, id)).nextEmbedder).toBe('builtin:hash@dim=128');
    await expect(runJob(id, 99)).rejects.toThrow('model crashed');
    expect(await collections.describe(tenantId, id)).toMatchObject({ embedder: OLD, nextEmbedder: null });
    expect((await vectorSearch(id, 'text to embed')).length).toBe(1);
  });

  it('is a no-op for the current embedder, refuses a second target with 409, and cancels when set back', async () => {
    const id = await newCollection('cancelled');
    await ingest(id, 'Doc', '# Doc\n\nThe store ships to forty countries.');
    expect(await collections.changeEmbedder(tenantId, id, 'builtin:hash')).toMatchObject({
      embedder: OLD,
      nextEmbedder: null,
      reembedding: null,
    });
    expect(await queuedJobs(id)).toHaveLength(0);

    await collections.changeEmbedder(tenantId, id, NEW);
    const conflict = await collections.changeEmbedder(tenantId, id, 'builtin:hash@dim=128').catch((e: unknown) => e);
    expect(conflict).toMatchObject({ code: 'Conflict', message: expect.stringContaining(NEW) });

    const vectors = ctx.app.get(CollectionVectorsRepository);
    const [chunk] = await vectors.findChunksMissingVectors({ tenantId, collectionId: id }, NEW, null, 1);
    const [vector] = await ctx.app.get(ModelRegistry).embedderFor(NEW).embed(['x']);
    await vectors.storeVectors(
      { tenantId, collectionId: id },
      { embedder: NEW, dimensions: 256 },
      [chunk.id],
      [vector],
    );

    expect(await collections.changeEmbedder(tenantId, id, OLD)).toMatchObject({ embedder: OLD, nextEmbedder: null });
    expect(await vectorsByEmbedder(id)).toEqual([{ embedder: OLD, dimensions: 384, n: 1 }]);
    // The job queued before the cancel finds nothing to do.
    await runJob(id);
    expect(await collections.describe(tenantId, id)).toMatchObject({ embedder: OLD, nextEmbedder: null });
  });

  it('refuses to store a document embedded with the embedder the collection just switched away from', async () => {
    const id = await newCollection('raced');
    const documentId = await ingest(id, 'Doc', 'Text embedded before the switch.');
    await collections.changeEmbedder(tenantId, id, NEW);
    await runJob(id);
    const document = await ctx.app.get(DocumentsRepository).findById(tenantId, documentId);
    const chunk = { ordinal: 0, text: 'x', searchText: 'x', headingPath: [], start: 0, end: 1 };
    const write = ctx.app
      .get(ReadyDocumentWriter)
      .write(document!, { embedder: OLD, dimensions: 384 }, 'Doc', [{ ...chunk, embedding: new Array(384).fill(0.1) }]);
    await expect(write).rejects.toThrow(`switched to embedder ${NEW}`);
  });

  it('re-enqueues a re-embed at worker start when the queue lost its job, under the same job id', async () => {
    const id = await newCollection('lost job');
    await collections.changeEmbedder(tenantId, id, NEW);
    const [job] = await queuedJobs(id);
    await ctx.database.pool.query('DELETE FROM queue_jobs WHERE id = $1', [job.id]);
    await ctx.app.get(ReembeddingReconciler).onApplicationBootstrap();
    expect((await queuedJobs(id)).map((row) => row.id)).toEqual([job.id]);
    await runJob(id);
    expect(await collections.describe(tenantId, id)).toMatchObject({ embedder: NEW, nextEmbedder: null });
    // Switching back later gets a fresh job: the finished one keeps its id taken.
    await collections.changeEmbedder(tenantId, id, OLD);
    expect(await queuedJobs(id)).toHaveLength(2);
    await runJob(id);
    expect(await collections.describe(tenantId, id)).toMatchObject({ embedder: OLD, dimensions: 384 });
  });
});
