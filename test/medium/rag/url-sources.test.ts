import {
  CollectionsService,
  DocumentRecord,
  DocumentsService,
  ingestionJobId,
  UrlSource,
  UrlSourcesService,
} from '@app/rag';
import { IngestionProcessor } from '../../../libs/rag/src/ingestion/ingestion.processor';
import { CORE_CONFIG, CoreConfig, OutboundGuard } from '@app/core';
import { RAG_CONFIG, RagConfig } from '@app/rag';
import { fetchPage } from '../../../libs/rag/src/sources/page-fetcher';
import { UrlSourceSyncProcessor } from '../../../libs/rag/src/sources/url-source-sync.processor';
import { UrlSourcesRepository } from '../../../libs/rag/src/sources/url-sources.repository';
import { UrlSourcesSweeper } from '../../../libs/rag/src/sources/url-sources.sweeper';
import { htmlPage, startTestWebsite, TestWebsite } from '../../support/test-website';
import { createRagTestContext, RagTestContext } from './rag-test-context';

/**
 * URL sources against a real HTTP server on 127.0.0.1: the crawl job and the ingestion jobs are run
 * by hand (the queue is not consumed here), so every step is deterministic.
 */
describe('URL sources (crawler and services on a real database and a real HTTP server)', () => {
  let ctx: RagTestContext;
  let site: TestWebsite;
  let elsewhere: TestWebsite;
  let sources: UrlSourcesService;
  let documents: DocumentsService;
  let tenantId: string;
  let collections = 0;

  const newCollection = async () =>
    (await ctx.app.get(CollectionsService).create(tenantId, `site-${++collections}`)).id;
  const runSync = async (source: UrlSource) => {
    await ctx.app.get(UrlSourceSyncProcessor).handle({
      id: `sync-${source.id}`,
      queue: 'url-sources',
      name: 'sync',
      data: { tenantId, sourceId: source.id },
      attemptsMade: 0,
    });
    return sources.get(tenantId, source.id);
  };
  const listDocuments = async (collectionId: string) =>
    (await documents.list(tenantId, collectionId, { limit: 100 })).data;
  const pathsOf = (list: { sourceUrl: string | null }[]) =>
    list.map((document) => new URL(document.sourceUrl!).pathname).sort();
  /** Runs the ingestion job of every queued document, as the worker would. */
  const ingestQueued = async (collectionId: string) => {
    for (const document of await listDocuments(collectionId)) {
      if (document.status !== 'queued') continue;
      await ctx.app.get(IngestionProcessor).handle({
        id: ingestionJobId({ documentId: document.id, contentHash: document.contentHash }),
        queue: 'ingestion',
        name: 'ingest',
        data: { tenantId, documentId: document.id, contentHash: document.contentHash },
        attemptsMade: 0,
      });
    }
    return listDocuments(collectionId);
  };
  const chunkIdsOf = async (documentId: string) =>
    (
      await ctx.database.pool.query<{ id: string }>('SELECT id FROM chunks WHERE document_id = $1 ORDER BY ordinal', [
        documentId,
      ])
    ).rows.map((row) => row.id);
  const requestsSince = (mark: number) => site.requests.slice(mark);

  beforeAll(async () => {
    ctx = await createRagTestContext();
    sources = ctx.app.get(UrlSourcesService);
    documents = ctx.app.get(DocumentsService);
    tenantId = await ctx.newTenantId();
    elsewhere = await startTestWebsite({ '/': htmlPage('Elsewhere', 'Another origin; never crawled.') });
    site = await startTestWebsite({
      '/robots.txt': { type: 'text/plain', body: 'User-agent: *\nDisallow: /private\n' },
      '/': htmlPage('Help centre', 'Welcome to the help centre of the shop.', [
        '/shipping',
        'returns#policy',
        '/private/secret',
        '/logo.png',
        `${elsewhere.origin}/`,
        'mailto:help@example.com',
        '/about',
      ]),
      '/shipping': htmlPage('Shipping', 'Parcels leave the warehouse every afternoon.', ['/', '/shipping/express']),
      '/shipping/express': htmlPage('Express shipping', 'Express parcels arrive the next morning.', [
        '/shipping/express/cost',
      ]),
      '/shipping/express/cost': htmlPage('Express cost', 'Express costs nine euros; three hops from the root.'),
      '/returns': htmlPage('Returns', 'Returns are accepted within thirty days of delivery.'),
      '/about': { status: 302, headers: { location: '/about-us' } },
      '/about-us': htmlPage('About us', 'A small shop that ships parcels across Europe.', ['/about']),
      '/private/secret': htmlPage('Secret', 'Robots.txt keeps this page out.'),
      '/logo.png': { type: 'image/png', body: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') },
    });
  });

  afterAll(async () => {
    await ctx?.close();
    await site?.close();
    await elsewhere?.close();
  });

  it('crawls links breadth-first within the origin and the depth, obeying robots.txt, then re-syncs only what changed', async () => {
    const collectionId = await newCollection();
    const mark = site.requests.length;
    const created = await sources.create(tenantId, collectionId, `${site.origin}/#top`, { maxDepth: 2 });
    expect(created).toMatchObject({ url: `${site.origin}/`, status: 'queued' });

    const synced = await runSync(created);
    expect(synced).toMatchObject({ status: 'ready', error: null });
    expect(synced.lastSync).toMatchObject({ pagesFetched: 5, documentsChanged: 5, documentsUnchanged: 0 });
    expect(synced.lastSync!.issues).toEqual([
      { url: `${site.origin}/private/secret`, reason: 'disallowed by robots.txt' },
    ]);
    const requested = requestsSince(mark);
    expect(requested.filter((path) => path === '/robots.txt')).toHaveLength(1);
    expect(requested).not.toEqual(expect.arrayContaining(['/private/secret']));
    expect(requested).not.toContain('/logo.png');
    expect(requested).not.toContain('/shipping/express/cost'); // depth 3
    expect(elsewhere.requests).toEqual([]);
    expect([...site.userAgents]).toEqual(['SeedBot/1.0 (+self-hosted)']);

    const firstPass = await ingestQueued(collectionId);
    // /about redirects to /about-us, which links back to /about: one document, stored under its final URL.
    expect(pathsOf(firstPass)).toEqual(['/', '/about-us', '/returns', '/shipping', '/shipping/express']);
    expect(firstPass.every((document) => document.status === 'ready' && document.sourceKind === 'url')).toBe(true);
    expect(firstPass.find((document) => document.sourceUrl === `${site.origin}/shipping`)).toMatchObject({
      title: 'Shipping',
      metadata: { urlSourceId: created.id },
    });
    const before = new Map<string, { doc: DocumentRecord; chunks: string[] }>();
    for (const doc of firstPass) before.set(doc.sourceUrl!, { doc, chunks: await chunkIdsOf(doc.id) });

    site.set('/returns', htmlPage('Returns', 'Returns are now accepted within sixty days of delivery.'));
    const resynced = await runSync(await sources.syncNow(tenantId, created.id));
    expect(resynced.lastSync).toMatchObject({ pagesFetched: 5, documentsChanged: 1, documentsUnchanged: 4 });
    const returnsUrl = `${site.origin}/returns`;
    expect(resynced.lastSync!.changedDocumentIds).toEqual([before.get(returnsUrl)!.doc.id]);

    const secondPass = await ingestQueued(collectionId);
    for (const doc of secondPass) {
      const previous = before.get(doc.sourceUrl!)!;
      expect(doc.id).toBe(previous.doc.id);
      if (doc.sourceUrl === returnsUrl) {
        expect(doc.contentHash).not.toBe(previous.doc.contentHash);
        expect(await chunkIdsOf(doc.id)).not.toEqual(previous.chunks);
      } else {
        expect(doc.updatedAt).toEqual(previous.doc.updatedAt);
        expect(await chunkIdsOf(doc.id)).toEqual(previous.chunks);
      }
    }
    const { rows } = await ctx.database.pool.query('SELECT text FROM chunks WHERE document_id = $1', [
      before.get(returnsUrl)!.doc.id,
    ]);
    expect(rows.map((row) => row.text).join(' ')).toContain('sixty days');
  });

  it('stops at maxPages fetches, and a plain { url } is that one page', async () => {
    const limited = await newCollection();
    const source = await runSync(await sources.create(tenantId, limited, site.origin, { maxPages: 2 }));
    expect(source.lastSync).toMatchObject({ pagesFetched: 2 });
    expect(pathsOf(await listDocuments(limited))).toEqual(['/', '/shipping']);

    const single = await newCollection();
    const mark = site.requests.length;
    const page = await runSync(await sources.create(tenantId, single, `${site.origin}/shipping`));
    expect(page.options).toEqual({ sitemap: false, maxPages: 1, maxDepth: 0, resyncEveryMinutes: null });
    expect(requestsSince(mark)).toEqual(['/robots.txt', '/shipping']);
    expect(pathsOf(await listDocuments(single))).toEqual(['/shipping']);
    expect(page.nextSyncAt).toBeNull();
  });

  it('takes the pages from the sitemap (index and urlset), same origin and robots.txt applied, without following links', async () => {
    site.set('/robots.txt', {
      type: 'text/plain',
      body: 'User-agent: *\nDisallow: /private\nSitemap: {{origin}}/sitemap-index.xml\n',
    });
    site.set('/sitemap-index.xml', {
      type: 'application/xml',
      body: `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>{{origin}}/sitemap-pages.xml</loc></sitemap></sitemapindex>`,
    });
    site.set('/sitemap-pages.xml', {
      type: 'application/xml',
      body: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>{{origin}}/returns</loc></url><url><loc>{{origin}}/shipping</loc></url>
        <url><loc>{{origin}}/private/secret</loc></url><url><loc>${elsewhere.origin}/</loc></url></urlset>`,
    });
    try {
      const collectionId = await newCollection();
      const mark = site.requests.length;
      const source = await runSync(await sources.create(tenantId, collectionId, site.origin, { sitemap: true }));
      expect(source).toMatchObject({ status: 'ready' });
      expect(pathsOf(await listDocuments(collectionId))).toEqual(['/returns', '/shipping']);
      expect(requestsSince(mark)).toEqual([
        '/robots.txt',
        '/sitemap-index.xml',
        '/sitemap-pages.xml',
        '/returns',
        '/shipping',
      ]);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      site.set('/robots.txt', { type: 'text/plain', body: 'User-agent: *\nDisallow: /private\n' });
    }
  });

  it('fails a sync with a readable reason: unreachable host, robots-disallowed root, missing root or sitemap', async () => {
    const collectionId = await newCollection();
    const closed = await startTestWebsite();
    await closed.close();
    const cases: [string, Parameters<UrlSourcesService['create']>[3], RegExp][] = [
      [closed.origin, undefined, /^http:\/\/127\.0\.0\.1:\d+ is unreachable: connection refused$/],
      [`${site.origin}/private/area`, { maxDepth: 1 }, /robots\.txt of .* disallows .*\/private\/area for SeedBot/],
      [`${site.origin}/missing`, {}, /\/missing: HTTP 404$/],
      [`${site.origin}/docs/`, { sitemap: true }, /^no sitemap could be read \(.*\/sitemap\.xml: HTTP 404\)$/],
    ];
    for (const [url, crawl, reason] of cases) {
      const source = await runSync(await sources.create(tenantId, collectionId, url, crawl));
      expect(source.status).toBe('failed');
      expect(source.error).toMatch(reason);
    }
    site.set('/robots.txt', { status: 503, type: 'text/plain', body: 'busy' });
    try {
      const source = await runSync(await sources.create(tenantId, collectionId, `${site.origin}/returns`));
      expect(source).toMatchObject({ status: 'failed' });
      expect(source.error).toMatch(/robots\.txt answered HTTP 503/);
    } finally {
      site.set('/robots.txt', { type: 'text/plain', body: 'User-agent: *\nDisallow: /private\n' });
    }
    expect(await listDocuments(collectionId)).toEqual([]);
  });

  it('refuses bad URLs and out-of-range options, and unknown collections', async () => {
    const collectionId = await newCollection();
    await expect(sources.create(tenantId, collectionId, 'ftp://example.com/')).rejects.toThrow(
      'url: expected an http or https URL (got ftp)',
    );
    await expect(sources.create(tenantId, collectionId, site.origin, { maxPages: 1001 })).rejects.toThrow(
      'crawl.maxPages: expected a whole number from 1 to 1000 (got 1001)',
    );
    await expect(sources.create(tenantId, '00000000-0000-4000-8000-000000000000', site.origin)).rejects.toThrow(
      /collection .* not found/,
    );
  });

  it('schedules re-syncs: the sweep queues each due sync once, whoever sweeps', async () => {
    const collectionId = await newCollection();
    const created = await sources.create(tenantId, collectionId, `${site.origin}/returns`, { resyncEveryMinutes: 30 });
    const synced = await runSync(created);
    expect(synced.nextSyncAt!.getTime() - synced.lastSyncedAt!.getTime()).toBe(30 * 60_000);

    await ctx.database.pool.query("UPDATE url_sources SET next_sync_at = now() - interval '1 minute' WHERE id = $1", [
      created.id,
    ]);
    const due = await sources.get(tenantId, created.id);
    const sweeper = ctx.app.get(UrlSourcesSweeper);
    const otherWorker = new UrlSourcesSweeper(
      ctx.app.get(UrlSourcesRepository),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (sweeper as any).producer,
      { URL_FETCH_TIMEOUT_MS: 1000, URL_SOURCES_SWEEP_MS: 0 },
    );
    await Promise.all([sweeper.sweep(), otherWorker.sweep(), sweeper.sweep()]);
    const { rows } = await ctx.database.pool.query(
      "SELECT id FROM queue_jobs WHERE queue = 'url-sources' AND data->>'sourceId' = $1 ORDER BY created_at",
      [created.id],
    );
    expect(rows.map((row) => row.id)).toEqual([
      `${created.id}-${created.nextSyncAt!.getTime()}`,
      `${created.id}-${due.nextSyncAt!.getTime()}`,
    ]);

    const resynced = await runSync(due);
    expect(resynced.lastSyncedAt!.getTime()).toBeGreaterThan(synced.lastSyncedAt!.getTime());
    // The same job again (a retry, a second worker): the source is not due any more, nothing is fetched.
    const mark = site.requests.length;
    await runSync(due);
    expect(requestsSince(mark)).toEqual([]);
  });

  it('runs one sync at a time per source; deleting a source stops its syncs and keeps its documents', async () => {
    const collectionId = await newCollection();
    const source = await sources.create(tenantId, collectionId, `${site.origin}/shipping`);
    const repository = ctx.app.get(UrlSourcesRepository);
    expect(await repository.acquireLease(tenantId, source.id, 60_000)).toMatchObject({ status: 'syncing' });
    const mark = site.requests.length;
    await runSync(source);
    expect(requestsSince(mark)).toEqual([]);
    expect(await sources.syncNow(tenantId, source.id)).toMatchObject({ status: 'syncing' });
    await repository.releaseLease(tenantId, source.id);

    await runSync(source);
    expect(await listDocuments(collectionId)).toHaveLength(1);
    await sources.delete(tenantId, source.id);
    await expect(sources.get(tenantId, source.id)).rejects.toThrow(/source .* not found/);
    await expect(sources.syncNow(tenantId, source.id)).rejects.toThrow(/not found/);
    expect(await listDocuments(collectionId)).toHaveLength(1);

    const otherTenant = await ctx.newTenantId('other');
    await expect(sources.list(otherTenant, collectionId)).rejects.toThrow(/collection .* not found/);
  });

  it('bounds each fetch: no answer in time, an off-origin redirect and a redirect loop are reasons, not hangs', async () => {
    site.set('/slow', { hang: true });
    site.set('/moved', { status: 301, headers: { location: `${elsewhere.origin}/` } });
    site.set('/loop', { status: 302, headers: { location: '/loop' } });
    const options = {
      timeoutMs: 300,
      maxBytes: 1024,
      userAgent: 'SeedBot/1.0 (+self-hosted)',
      guard: ctx.app.get(OutboundGuard),
    };
    await expect(fetchPage(`${site.origin}/slow`, site.origin, options)).rejects.toMatchObject({
      reason: 'no answer within 300 ms',
    });
    await expect(fetchPage(`${site.origin}/moved`, site.origin, options)).rejects.toMatchObject({
      reason: `redirects to another origin (${elsewhere.origin}/)`,
    });
    await expect(fetchPage(`${site.origin}/loop`, site.origin, options)).rejects.toMatchObject({
      reason: 'more than 5 redirects',
    });
    await expect(fetchPage(`${site.origin}/`, site.origin, { ...options, maxBytes: 100 })).rejects.toMatchObject({
      reason: expect.stringMatching(/^larger than the .* MB limit$/),
    });
    expect(elsewhere.requests).toEqual([]);

    const collectionId = await newCollection();
    const moved = await runSync(await sources.create(tenantId, collectionId, `${site.origin}/moved`));
    expect(moved).toMatchObject({
      status: 'failed',
      error: `${site.origin}/moved: redirects to another origin (${elsewhere.origin}/)`,
    });
  });

  it('stops a sync between pages when the worker shuts down, leaving the source due again', async () => {
    const collectionId = await newCollection();
    const source = await sources.create(tenantId, collectionId, site.origin, { maxDepth: 2 });
    const shuttingDown = new UrlSourceSyncProcessor(
      ctx.app.get(UrlSourcesRepository),
      documents,
      { URL_FETCH_TIMEOUT_MS: 5_000, URL_SOURCES_SWEEP_MS: 0 },
      ctx.app.get<RagConfig>(RAG_CONFIG),
      ctx.app.get<CoreConfig>(CORE_CONFIG),
      ctx.app.get(OutboundGuard),
    );
    shuttingDown.onModuleDestroy();
    await shuttingDown.handle({
      id: 'x',
      queue: 'url-sources',
      name: 'sync',
      data: { tenantId, sourceId: source.id },
      attemptsMade: 0,
    });
    const stopped = await sources.get(tenantId, source.id);
    expect(stopped).toMatchObject({ status: 'queued', lastSyncedAt: null });
    expect(await listDocuments(collectionId)).toEqual([]);
    const due = await ctx.app.get(UrlSourcesRepository).findDue(1000);
    expect(due.map((entry) => entry.id)).toContain(source.id);
  });

  it('refuses the test site under the default outbound policy: the source fails naming the address, no request is made', async () => {
    const strict = new OutboundGuard({ allowPrivate: false, allowedHosts: [] });
    const byName = new OutboundGuard({ allowPrivate: false, allowedHosts: ['localhost'] });
    const processorWith = (guard: OutboundGuard) =>
      new UrlSourceSyncProcessor(
        ctx.app.get(UrlSourcesRepository),
        documents,
        { URL_FETCH_TIMEOUT_MS: 5_000, URL_SOURCES_SWEEP_MS: 0 },
        ctx.app.get<RagConfig>(RAG_CONFIG),
        ctx.app.get<CoreConfig>(CORE_CONFIG),
        guard,
      );
    const syncWith = async (guard: OutboundGuard, url: string) => {
      const collectionId = await newCollection();
      const source = await sources.create(tenantId, collectionId, url, { maxDepth: 0 });
      const job = { id: `x-${source.id}`, queue: 'url-sources', name: 'sync', attemptsMade: 0 };
      await processorWith(guard).handle({ ...job, data: { tenantId, sourceId: source.id } });
      return { source: await sources.get(tenantId, source.id), documents: await listDocuments(collectionId) };
    };
    try {
      const mark = site.requests.length;
      const literal = await syncWith(strict, `${site.origin}/`);
      expect(literal.source).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+ is unreachable: 127\.0\.0\.1 is a loopback address/),
      });
      expect(literal.source.error).toContain('OUTBOUND_ALLOW_PRIVATE');
      const localhost = site.origin.replace('127.0.0.1', 'localhost');
      const named = await syncWith(strict, `${localhost}/`);
      expect(named.source).toMatchObject({ status: 'failed', error: expect.stringContaining('localhost resolves to') });
      expect(named.documents).toEqual([]);
      expect(requestsSince(mark)).toEqual([]);

      const allowed = await syncWith(byName, `${localhost}/`);
      expect(allowed.source).toMatchObject({ status: 'ready', error: null });
      expect(allowed.documents.map((document) => document.sourceUrl)).toEqual([`${localhost}/`]);
      expect(requestsSince(mark)).toEqual(['/robots.txt', '/']);
    } finally {
      await strict.onApplicationShutdown();
      await byName.onApplicationShutdown();
    }
  });
});
