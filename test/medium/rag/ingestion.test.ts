import { CORE_CONFIG, CoreConfig } from '@app/core';
import {
  CollectionsService,
  DocumentEvent,
  DocumentEvents,
  DocumentsService,
  ingestionJobId,
  RetrievalService,
} from '@app/rag';
import { DocumentsRepository } from '../../../libs/rag/src/documents/documents.repository';
import { IngestionPipeline } from '../../../libs/rag/src/ingestion/ingestion-pipeline';
import { IngestionProcessor } from '../../../libs/rag/src/ingestion/ingestion.processor';
import { IngestionReconciler } from '../../../libs/rag/src/ingestion/ingestion.reconciler';
import { ReadyDocumentWriter } from '../../../libs/rag/src/ingestion/ready-document-writer';
import { createRagTestContext, RagTestContext } from './rag-test-context';

const text = (title: string, body: string, metadata?: Record<string, unknown>) => ({
  title,
  sourceKind: 'text' as const,
  sourceKey: `text:${title}`,
  mediaType: 'text/markdown',
  bytes: Buffer.from(body),
  metadata,
});

describe('ingestion and retrieval (services on a real database)', () => {
  let ctx: RagTestContext;
  let documents: DocumentsService;
  let processor: IngestionProcessor;
  let tenantId: string;
  let collectionId: string;
  const events: DocumentEvent[] = [];

  const jobFor = (document: { id: string; contentHash: string }, attemptsMade = 0) => ({
    id: ingestionJobId({ documentId: document.id, contentHash: document.contentHash }),
    queue: 'ingestion',
    name: 'ingest',
    data: { tenantId, documentId: document.id, contentHash: document.contentHash },
    attemptsMade,
  });
  const upload = async (title: string, body: string, metadata?: Record<string, unknown>) =>
    (await documents.upload(tenantId, collectionId, [text(title, body, metadata)]))[0].document;
  const ingest = async (title: string, body: string, metadata?: Record<string, unknown>) => {
    const document = await upload(title, body, metadata);
    await processor.handle(jobFor(document));
    return documents.get(tenantId, collectionId, document.id);
  };
  const chunkCount = async (documentId: string) =>
    (await ctx.database.pool.query('SELECT count(*)::int AS n FROM chunks WHERE document_id = $1', [documentId]))
      .rows[0].n;

  beforeAll(async () => {
    ctx = await createRagTestContext();
    documents = ctx.app.get(DocumentsService);
    processor = ctx.app.get(IngestionProcessor);
    ctx.app.get(DocumentEvents).subscribe((event) => events.push(event));
    tenantId = await ctx.newTenantId();
    collectionId = (await ctx.app.get(CollectionsService).create(tenantId, 'kb')).id;
  });

  afterAll(() => ctx.close());
  afterEach(() => jest.restoreAllMocks());

  it('queues one job per document version and writes chunks with ready, publishing progress', async () => {
    const document = await upload('Shipping', '# Shipping\n\nParcels leave the warehouse every afternoon.');
    const { rows } = await ctx.database.pool.query(
      "SELECT id FROM queue_jobs WHERE queue = 'ingestion' AND data->>'documentId' = $1",
      [document.id],
    );
    expect(rows.map((row) => row.id)).toEqual([`${document.id}-${document.contentHash.slice(0, 16)}`]);
    await processor.handle(jobFor(document));
    const ready = await documents.get(tenantId, collectionId, document.id);
    expect(ready).toMatchObject({ status: 'ready', progress: 100, chunkCount: 1 });
    const mine = events.filter((event) => event.documentId === document.id);
    expect(mine[0]).toMatchObject({ status: 'processing' });
    expect(mine[mine.length - 1]).toMatchObject({ status: 'ready', progress: 100, chunkCount: 1 });
    // Throttled, but never backwards: the console's bar only moves forward, to 100.
    const progress = mine.map((event) => event.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('stores a request of new, changed and unchanged sources with their files, telling which changed', async () => {
    await documents.upload(tenantId, collectionId, [text('Batch A', 'First A.'), text('Batch B', 'First B.')]);
    const stored = await documents.upload(tenantId, collectionId, [
      text('Batch A', 'First A.'),
      text('Batch B', 'Second B.'),
      text('Batch C', 'First C.'),
    ]);
    expect(stored.map(({ document, changed }) => [document.title, document.status, changed])).toEqual([
      ['Batch A', 'queued', false],
      ['Batch B', 'queued', true],
      ['Batch C', 'queued', true],
    ]);
    const files = await ctx.database.pool.query(
      'SELECT d.title, f.bytes FROM document_files f JOIN documents d ON d.id = f.document_id WHERE d.id = ANY($1)',
      [stored.map(({ document }) => document.id)],
    );
    const bytesByTitle = Object.fromEntries(files.rows.map((row) => [row.title, row.bytes.toString()]));
    expect(bytesByTitle).toEqual({ 'Batch A': 'First A.', 'Batch B': 'Second B.', 'Batch C': 'First C.' });
    // The same source twice in one request: the later content wins, as if uploaded one after the other.
    const twice = await documents.upload(tenantId, collectionId, [text('Twice', 'One.'), text('Twice', 'Two.')]);
    expect(twice[1].document.id).toBe(twice[0].document.id);
    const file = await ctx.app.get(DocumentsRepository).findFileBytes(tenantId, twice[0].document.id);
    expect(file?.toString()).toBe('Two.');
    const same = await documents.upload(tenantId, collectionId, [text('Same', 'One.'), text('Same', 'One.')]);
    expect(same.map(({ document, changed }) => [document.id, changed])).toEqual([
      [same[0].document.id, true],
      [same[0].document.id, false],
    ]);
  });

  it('does nothing for a job whose content was replaced, then ingests the new version', async () => {
    const first = await upload('Prices', 'The basic plan costs ten euros.');
    const second = await upload('Prices', 'The basic plan costs twelve euros.');
    expect(second.id).toBe(first.id);
    await processor.handle(jobFor(first));
    expect(await documents.get(tenantId, collectionId, first.id)).toMatchObject({ status: 'queued', chunkCount: 0 });
    await processor.handle(jobFor(second));
    expect(await documents.get(tenantId, collectionId, first.id)).toMatchObject({ status: 'ready', chunkCount: 1 });
  });

  it('writes no chunk when storing fails, retries, and marks the document failed on the last try', async () => {
    const document = await upload('Flaky', 'A document whose storage fails.');
    jest.spyOn(ctx.app.get(ReadyDocumentWriter), 'write').mockRejectedValue(new Error('disk full'));
    await expect(processor.handle(jobFor(document))).rejects.toThrow('disk full');
    expect(await documents.get(tenantId, collectionId, document.id)).toMatchObject({
      status: 'processing',
      chunkCount: 0,
    });
    expect(await chunkCount(document.id)).toBe(0);
    const attempts = ctx.app.get<CoreConfig>(CORE_CONFIG).QUEUE_ATTEMPTS;
    await expect(processor.handle(jobFor(document, attempts - 1))).rejects.toThrow('disk full');
    const failed = await documents.get(tenantId, collectionId, document.id);
    expect(failed).toMatchObject({ status: 'failed', error: 'ingestion failed: disk full' });
  });

  it('replaces the chunks of a ready document with those of its new version, in one write', async () => {
    const paragraphs = (word: string) =>
      Array.from({ length: 6 }, (_, i) => `## Part ${i}\n\n${`${word} paragraph ${i}. `.repeat(40)}`).join('\n\n');
    const first = await ingest('Manual', paragraphs('alpha'));
    expect(first.chunkCount).toBeGreaterThan(1);
    const second = await ingest('Manual', paragraphs('omega'));
    expect(second).toMatchObject({ id: first.id, status: 'ready' });
    const { rows } = await ctx.database.pool.query(
      `SELECT c.ordinal, c.text, e.embedder FROM chunks c JOIN chunk_embeddings e ON e.chunk_id = c.id
       WHERE c.document_id = $1 ORDER BY c.ordinal`,
      [first.id],
    );
    // Same ordinals as the old chunks (UNIQUE (document_id, ordinal)): the old ones went first.
    expect(rows.map((row) => row.ordinal)).toEqual(Array.from({ length: second.chunkCount }, (_, i) => i));
    expect(rows.every((row) => row.text.includes('omega') && !row.text.includes('alpha'))).toBe(true);
  });

  it('writes nothing when the collection switched embedder while the document was embedded', async () => {
    // A collection of its own: this test leaves it on another embedder.
    const raced = (await ctx.app.get(CollectionsService).create(tenantId, 'raced')).id;
    const [{ document }] = await documents.upload(tenantId, raced, [text('Raced', 'Embedded before the switch.')]);
    const pipeline = ctx.app.get(IngestionPipeline);
    const prepare = pipeline.prepare.bind(pipeline);
    jest.spyOn(pipeline, 'prepare').mockImplementation(async (...args) => {
      const prepared = await prepare(...args);
      // What a re-embed's switch leaves behind, landing between the embedding and the write.
      await ctx.database.pool.query("UPDATE collections SET embedder = 'builtin:hash@dim=256' WHERE id = $1", [raced]);
      return prepared;
    });
    await expect(processor.handle(jobFor(document))).rejects.toThrow('switched to embedder builtin:hash@dim=256');
    expect(await documents.get(tenantId, raced, document.id)).toMatchObject({ status: 'processing', chunkCount: 0 });
    expect(await chunkCount(document.id)).toBe(0);
  });

  it('ends quietly when the document was deleted before its job ran', async () => {
    const document = await upload('Gone', 'Deleted before ingestion.');
    await documents.delete(tenantId, collectionId, document.id);
    await expect(processor.handle(jobFor(document))).resolves.toBeUndefined();
    expect(await chunkCount(document.id)).toBe(0);
  });

  it('re-enqueues unfinished documents at worker start when the queue lost their jobs', async () => {
    const document = await upload('Lost', 'The queue forgot this one.');
    await ctx.database.pool.query("DELETE FROM queue_jobs WHERE queue = 'ingestion'");
    await ctx.app.get(IngestionReconciler).onApplicationBootstrap();
    const { rows } = await ctx.database.pool.query("SELECT id FROM queue_jobs WHERE queue = 'ingestion'");
    expect(rows.map((row) => row.id)).toContain(jobFor(document).id);
  });

  describe('retrieval', () => {
    const retrieve = (query: string, extra: Record<string, unknown> = {}) =>
      ctx.app.get(RetrievalService).retrieve({ tenantId, collectionIds: [collectionId], query, k: 5, ...extra });

    beforeAll(async () => {
      await ingest('Router A', 'Restart the Zyxel router by holding the reset button for ten seconds.', {
        product: 'a',
      });
      await ingest('Router B', 'Restart the Zyxel router by holding the reset button for ten seconds.', {
        product: 'b',
      });
      await ingest('Billing', '# Billing\n\n## Invoices\n\nInvoices are emailed on the first day of each month.', {
        product: 'a',
      });
    });

    it('fuses vector and full-text hits and returns citation fields', async () => {
      const [hit] = await retrieve('when are invoices sent');
      expect(hit).toMatchObject({ documentTitle: 'Billing', headingPath: ['Billing', 'Invoices'], sourceUrl: null });
      expect(hit.vectorRank).not.toBeNull();
      expect(hit.textRank).not.toBeNull();
      expect(hit.text.length).toBe(hit.end - hit.start);
    });

    it('caps near-duplicate passages and applies metadata filters', async () => {
      const hits = await retrieve('restart zyxel router');
      expect(hits.filter((hit) => hit.text.includes('Zyxel'))).toHaveLength(1);
      const filtered = await retrieve('restart zyxel router', { filters: { metadata: { product: 'b' } } });
      expect(filtered.map((hit) => hit.documentTitle)).toEqual(['Router B']);
    });

    it('searches each half alone when asked', async () => {
      const vectorOnly = await retrieve('invoices emailed', { mode: 'vector' });
      const textOnly = await retrieve('invoices emailed', { mode: 'fulltext' });
      expect(vectorOnly.every((hit) => hit.textRank === null)).toBe(true);
      expect(textOnly.every((hit) => hit.vectorRank === null)).toBe(true);
      expect(textOnly[0].documentTitle).toBe('Billing');
    });

    it("never returns another tenant's chunks", async () => {
      const otherTenant = await ctx.newTenantId();
      await expect(
        ctx.app
          .get(RetrievalService)
          .retrieve({ tenantId: otherTenant, collectionIds: [collectionId], query: 'router', k: 5 }),
      ).rejects.toThrow(/not found/);
    });
  });
});
