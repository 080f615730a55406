import { knowledgeClient } from '../support/knowledge-client';
import { json, startTestApp, TestApp } from '../support/test-app';
import { htmlPage, startTestWebsite, TestWebsite } from '../support/test-website';
import { waitFor } from '../support/wait-for';

const PAGE_LIMIT = 64 * 1024;

/** URL sources over HTTP, crawled by the app's own worker (in-process queue, or BullMQ with REDIS_URL). */
describe('URL sources (HTTP)', () => {
  let t: TestApp;
  let site: TestWebsite;
  let acme: ReturnType<typeof knowledgeClient>;
  let globex: ReturnType<typeof knowledgeClient>;
  let collectionId: string;

  const post = (body: unknown, collection = collectionId) =>
    acme.call(`/v1/collections/${collection}/documents`, { method: 'POST', body: JSON.stringify(body) });
  const getSource = async (id: string) => json(await acme.call(`/v1/sources/${id}`));
  const settledSource = (id: string, after: string | null = null) =>
    waitFor(`source ${id} to finish a sync`, async () => {
      const source = await getSource(id);
      return ['ready', 'failed'].includes(source.status) && source.lastSyncedAt !== after && source;
    });
  const documentsOf = async () =>
    (await json(await acme.call(`/v1/collections/${collectionId}/documents?limit=100`))).data as {
      id: string;
      sourceUrl: string;
      status: string;
      updatedAt: string;
    }[];

  beforeAll(async () => {
    process.env.UPLOAD_MAX_BYTES = String(PAGE_LIMIT);
    site = await startTestWebsite({
      '/robots.txt': { type: 'text/plain', body: 'User-agent: SeedBot\nDisallow: /drafts\n' },
      '/': htmlPage('Help', 'Start here for help with orders.', ['/orders', '/drafts/new', '/big', '/orders/old']),
      '/orders': htmlPage('Orders', 'Orders can be cancelled until they ship.', ['/orders/old']),
      '/orders/old': htmlPage('Old orders', 'Orders older than a year are archived.'),
      '/big': { body: `<!doctype html><html><body><p>${'x'.repeat(PAGE_LIMIT)}</p></body></html>` },
      '/drafts/new': htmlPage('Draft', 'Not public yet.'),
      '/faq': htmlPage('FAQ', 'The warehouse in Lyon dispatches parcels on weekdays.'),
    });
    t = await startTestApp();
    acme = knowledgeClient(t, (await t.newTenant('acme')).adminKey);
    globex = knowledgeClient(t, (await t.newTenant('globex')).adminKey);
    collectionId = await acme.createCollection('website');
  });

  afterAll(async () => {
    delete process.env.UPLOAD_MAX_BYTES;
    await t?.close();
    await site?.close();
  });

  it('refuses bad URL bodies with 400 naming the field, and an unknown collection with 404', async () => {
    const cases: [unknown, string][] = [
      [{ url: 'ftp://example.com/' }, 'url: expected an http or https URL (got ftp)'],
      [{ url: 'example.com/help' }, 'url: expected an absolute http or https URL'],
      [{ url: 42 }, 'url: expected an http or https URL'],
      [{ url: `${site.origin}/`, crawl: { maxPages: 0 } }, 'crawl.maxPages: expected a whole number from 1 to 1000'],
      [{ url: `${site.origin}/`, crawl: { maxPages: 1001 } }, 'crawl.maxPages: expected a whole number from 1 to 1000'],
      [{ url: `${site.origin}/`, crawl: { maxDepth: 1.5 } }, 'crawl.maxDepth: expected a whole number from 0 to 10'],
      [
        { url: `${site.origin}/`, crawl: { resyncEveryMinutes: 1 } },
        'crawl.resyncEveryMinutes: expected a whole number from 5 to 43200',
      ],
      [{ url: `${site.origin}/`, crawl: { depth: 2 } }, "crawl: Unrecognized key(s) in object: 'depth'"],
      [{ url: `${site.origin}/`, text: 'x' }, "body: Unrecognized key(s) in object: 'text'"],
    ];
    for (const [body, message] of cases) {
      const response = await post(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect((await json(response)).message).toContain(message);
    }
    const unknown = await post({ url: `${site.origin}/` }, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
  });

  it('crawls a site into documents, lists the source, and re-syncs on demand re-ingesting only the changed page', async () => {
    const created = await post({ url: site.origin, crawl: { maxDepth: 1, resyncEveryMinutes: 60 } });
    expect(created.status).toBe(202);
    const { source } = await json(created);
    expect(source).toMatchObject({
      url: `${site.origin}/`,
      status: 'queued',
      crawl: { sitemap: false, maxPages: 50, maxDepth: 1, resyncEveryMinutes: 60 },
    });

    const synced = await settledSource(source.id);
    expect(synced).toMatchObject({ status: 'ready', error: null });
    expect(synced.lastSync).toMatchObject({ pagesFetched: 3, documentsChanged: 3, pagesSkipped: 2 });
    expect(synced.lastSync.issues).toEqual(
      expect.arrayContaining([
        { url: `${site.origin}/drafts/new`, reason: 'disallowed by robots.txt' },
        { url: `${site.origin}/big`, reason: 'larger than the 0.1 MB limit' },
      ]),
    );
    expect(Date.parse(synced.nextSyncAt) - Date.parse(synced.lastSyncedAt)).toBe(60 * 60_000);
    const listed = await json(await acme.call(`/v1/collections/${collectionId}/sources`));
    expect(listed.data.map((entry: { id: string }) => entry.id)).toEqual([source.id]);

    await waitFor('crawled documents to be ready', async () => {
      const documents = await documentsOf();
      return documents.length === 3 && documents.every((document) => document.status === 'ready');
    });
    const before = await documentsOf();
    expect(before.map((document) => new URL(document.sourceUrl).pathname).sort()).toEqual([
      '/',
      '/orders',
      '/orders/old',
    ]);

    site.set('/orders', htmlPage('Orders', 'Orders can be cancelled within one hour of purchase.', ['/orders/old']));
    const sync = await acme.call(`/v1/sources/${source.id}/sync`, { method: 'POST' });
    expect(sync.status).toBe(202);
    const resynced = await settledSource(source.id, synced.lastSyncedAt);
    expect(resynced.lastSync).toMatchObject({ documentsChanged: 1, documentsUnchanged: 2 });
    const ordersId = before.find((document) => document.sourceUrl === `${site.origin}/orders`)!.id;
    expect(resynced.lastSync.changedDocumentIds).toEqual([ordersId]);
    await acme.settled(collectionId, ordersId);
    await waitFor('the changed page to be re-ingested', async () => {
      const hits = await json(
        await acme.retrieve({ collectionIds: [collectionId], query: 'cancelled within one hour', k: 1 }),
      );
      return hits.data[0]?.text.includes('one hour') && hits.data[0];
    });
    const after = await documentsOf();
    for (const document of after.filter((entry) => entry.id !== ordersId)) {
      expect(document.updatedAt).toBe(before.find((entry) => entry.id === document.id)!.updatedAt);
    }
  });

  it('fetches a single page for a plain { url }, citable by its URL', async () => {
    const { source } = await json(await post({ url: `${site.origin}/faq` }));
    expect(source.crawl).toEqual({ sitemap: false, maxPages: 1, maxDepth: 0, resyncEveryMinutes: null });
    const synced = await settledSource(source.id);
    expect(synced).toMatchObject({ status: 'ready', nextSyncAt: null });
    const documentId = synced.lastSync.changedDocumentIds[0];
    expect(await acme.settled(collectionId, documentId)).toMatchObject({ status: 'ready', title: 'FAQ' });
    const hits = await json(await acme.retrieve({ collectionIds: [collectionId], query: 'warehouse in Lyon', k: 1 }));
    expect(hits.data[0]).toMatchObject({ documentId, sourceUrl: `${site.origin}/faq`, documentTitle: 'FAQ' });
  });

  it('reports fetch errors on the source', async () => {
    const gone = await startTestWebsite();
    await gone.close();
    const { source } = await json(await post({ url: `${gone.origin}/help` }));
    const failed = await settledSource(source.id);
    expect(failed).toMatchObject({ status: 'failed', error: `${gone.origin} is unreachable: connection refused` });
    const disallowed = await json(await post({ url: `${site.origin}/drafts/new` }));
    expect(await settledSource(disallowed.source.id)).toMatchObject({
      status: 'failed',
      error: `robots.txt of ${site.origin} disallows ${site.origin}/drafts/new for SeedBot`,
    });
  });

  it('deletes a source (its documents stay), and keeps sources to their tenant', async () => {
    const { source } = await json(await post({ url: `${site.origin}/orders/old` }));
    await settledSource(source.id);
    const count = (await documentsOf()).length;
    expect((await globex.call(`/v1/sources/${source.id}`)).status).toBe(404);
    expect((await globex.call(`/v1/sources/${source.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await globex.call(`/v1/collections/${collectionId}/sources`)).status).toBe(404);
    expect((await acme.call('/v1/sources/not-a-uuid')).status).toBe(400);

    expect((await acme.call(`/v1/sources/${source.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await acme.call(`/v1/sources/${source.id}`)).status).toBe(404);
    expect((await acme.call(`/v1/sources/${source.id}/sync`, { method: 'POST' })).status).toBe(404);
    expect((await acme.call(`/v1/sources/${source.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(await documentsOf()).toHaveLength(count);
  });
});
