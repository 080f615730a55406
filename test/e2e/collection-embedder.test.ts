import { ReembeddingProcessor } from '../../libs/rag/src/reembedding/reembedding.processor';
import { knowledgeClient } from '../support/knowledge-client';
import { json, startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const OLD = 'builtin:hash@dim=384';
const NEW = 'builtin:hash@dim=256';

describe('changing a collection embedder (HTTP)', () => {
  let t: TestApp;
  let acme: ReturnType<typeof knowledgeClient>;
  let globex: ReturnType<typeof knowledgeClient>;
  let collectionId: string;

  const patch = (client: typeof acme, id: string, body: unknown) =>
    client.call(`/v1/collections/${id}`, { method: 'PATCH', body: JSON.stringify(body) });
  const ingest = async (title: string, text: string) => {
    const [document] = (await json(await acme.uploadText(collectionId, title, text))).data;
    const settled = await acme.settled(collectionId, document.id);
    expect(settled.status).toBe('ready');
  };
  const search = async (query: string) =>
    (await json(await acme.retrieve({ collectionIds: [collectionId], query, k: 3, mode: 'vector' }))).data as Array<{
      documentTitle: string;
      score: number;
    }>;

  beforeAll(async () => {
    t = await startTestApp();
    acme = knowledgeClient(t, (await t.newTenant('acme')).adminKey);
    globex = knowledgeClient(t, (await t.newTenant('globex')).adminKey);
    collectionId = await acme.createCollection('help center');
    await ingest('Shipping', '# Shipping\n\nParcels leave the warehouse every afternoon at four.');
    await ingest('Returns', '# Returns\n\nItems can be returned within thirty days with the receipt.');
  });

  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('answers 400 naming the problem for bad specs and bodies, 404 for unknown or foreign collections', async () => {
    const cases: Array<[unknown, string]> = [
      [{ embedder: 'nope:model' }, 'unknown provider "nope"'],
      [{ embedder: 'builtin:missing' }, 'no builtin embedder named "missing"'],
      [{ embedder: 'builtin:hash@dim=3' }, 'dim'],
      [{ embedder: 'builtin:hash@colour=red' }, 'colour'],
      [{ embedder: 'builtin:hash@dim=4096' }, "pgvector's HNSW index takes at most 4000"],
      [{ embedder: '' }, 'embedder'],
      [{ embedder: 5 }, 'embedder'],
      [{}, 'embedder'],
      [{ embedder: NEW, name: 'x' }, 'name'],
    ];
    for (const [body, problem] of cases) {
      const response = await patch(acme, collectionId, body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect((await json(response)).message).toContain(problem);
    }
    expect((await patch(acme, '00000000-0000-4000-8000-000000000000', { embedder: NEW })).status).toBe(404);
    expect((await patch(globex, collectionId, { embedder: NEW })).status).toBe(404);
    expect((await patch(acme, 'not-a-uuid', { embedder: NEW })).status).toBe(400);
  });

  it('is a no-op for the current embedder', async () => {
    const response = await patch(acme, collectionId, { embedder: 'builtin:hash' });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ embedder: OLD, nextEmbedder: null, reembedding: null });
  });

  it('re-embeds in the background: old vectors until the switch, new dimension after, mid-way uploads included', async () => {
    const before = await search('when do parcels leave');
    expect(before[0].documentTitle).toBe('Shipping');

    // Hold the re-embedding job until the test has looked at the collection mid-way.
    const processor = t.app.get(ReembeddingProcessor);
    const handle = processor.handle.bind(processor);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(processor, 'handle').mockImplementation(async (job) => {
      await gate;
      return handle(job);
    });

    const started = await patch(acme, collectionId, { embedder: NEW });
    expect(started.status).toBe(200);
    expect(await json(started)).toMatchObject({ embedder: OLD, dimensions: 384, nextEmbedder: NEW });
    const during = await json(await acme.call(`/v1/collections/${collectionId}`));
    expect(during).toMatchObject({ embedder: OLD, reembedding: { to: NEW, progress: 0 } });
    const listed = await json(await acme.call('/v1/collections'));
    expect(listed.data[0]).toMatchObject({ id: collectionId, reembedding: { to: NEW, progress: 0 } });
    expect(await search('when do parcels leave')).toEqual(before);

    const conflict = await patch(acme, collectionId, { embedder: 'builtin:hash@dim=128' });
    expect(conflict.status).toBe(409);
    expect((await json(conflict)).message).toContain(NEW);
    expect((await patch(acme, collectionId, { embedder: NEW })).status).toBe(200);

    await ingest('Warranty', '# Warranty\n\nThe warranty covers spare parts for two full years.');
    release();

    const switched = await waitFor('the collection to switch embedder', async () => {
      const collection = await json(await acme.call(`/v1/collections/${collectionId}`));
      return collection.embedder === NEW && collection;
    });
    expect(switched).toMatchObject({ embedder: NEW, dimensions: 256, nextEmbedder: null, reembedding: null });
    expect((await search('when do parcels leave'))[0].documentTitle).toBe('Shipping');
    expect((await search('how long does the warranty cover parts'))[0].documentTitle).toBe('Warranty');

    const { rows } = await t.pool.query(
      'SELECT embedder, dimensions, count(*)::int AS n FROM chunk_embeddings WHERE collection_id = $1 GROUP BY 1, 2',
      [collectionId],
    );
    expect(rows).toEqual([{ embedder: NEW, dimensions: 256, n: 3 }]);
  });
});
