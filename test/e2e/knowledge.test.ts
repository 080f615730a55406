import { randomBytes } from 'node:crypto';
import { buildHandbookDocx, buildZipBombDocx } from '../../libs/rag/src/testing/docx.fixtures';
import { buildCorruptPdf, buildEncryptedPdf, buildPdf } from '../../libs/rag/src/testing/pdf.fixtures';
import { knowledgeClient } from '../support/knowledge-client';
import { json, startTestApp, TestApp } from '../support/test-app';

const UPLOAD_LIMIT = 2 * 1024 * 1024;

const HTML = `<!doctype html><html><head><title>Returns policy</title><script>alert('x'); var secret = 'tracking';</script></head>
<body><h1>Returns</h1><p>Items can be returned within 30 days with the receipt.</p>
<h2>Refunds</h2><p>Refunds reach your card within five business days.</p></body></html>`;

const FAQ_CSV =
  'question,answer\n"How do I reset my password?","Use the Forgot password link on the sign-in page."\n' +
  '"Do you ship abroad?","We ship to 40 countries; customs fees are paid on delivery."\n';

describe('knowledge (HTTP)', () => {
  let t: TestApp;
  let acme: ReturnType<typeof knowledgeClient>;
  let globex: ReturnType<typeof knowledgeClient>;
  let collectionId: string;

  beforeAll(async () => {
    process.env.UPLOAD_MAX_BYTES = String(UPLOAD_LIMIT);
    t = await startTestApp();
    acme = knowledgeClient(t, (await t.newTenant('acme')).adminKey);
    globex = knowledgeClient(t, (await t.newTenant('globex')).adminKey);
    collectionId = await acme.createCollection('help center');
  });

  afterAll(async () => {
    delete process.env.UPLOAD_MAX_BYTES;
    await t.close();
  });

  it('creates, lists and refuses duplicate collections, recording the embedder', async () => {
    const listed = await json(await acme.call('/v1/collections'));
    expect(listed.data).toEqual([
      expect.objectContaining({
        id: collectionId,
        name: 'help center',
        embedder: 'builtin:hash@dim=384',
        dimensions: 384,
      }),
    ]);
    const duplicate = await acme.call('/v1/collections', {
      method: 'POST',
      body: JSON.stringify({ name: 'help center' }),
    });
    expect(duplicate.status).toBe(409);
    const invalid = await acme.call('/v1/collections', { method: 'POST', body: JSON.stringify({ name: '' }) });
    expect(invalid.status).toBe(400);
  });

  it('ingests PDF, DOCX, HTML, Markdown and a CSV FAQ uploaded together, and retrieves with citations', async () => {
    const pdf = await buildPdf([
      [{ text: 'Warranty', size: 18 }, { text: 'The warranty covers parts for two years.' }],
    ]);
    const response = await acme.uploadFiles(collectionId, [
      { name: 'warranty.pdf', bytes: pdf, type: 'application/pdf' },
      { name: 'handbook.docx', bytes: await buildHandbookDocx() },
      { name: 'returns.html', bytes: Buffer.from(HTML), type: 'text/html' },
      {
        name: 'shipping.md',
        bytes: Buffer.from('# Shipping\n\n## Express\n\nExpress parcels arrive the next morning.\n'),
      },
      { name: 'faq.csv', bytes: Buffer.from(FAQ_CSV), type: 'text/csv' },
    ]);
    expect(response.status).toBe(202);
    const uploaded = (await json(response)).data;
    expect(uploaded).toHaveLength(5);
    const settled = await Promise.all(uploaded.map((d: { id: string }) => acme.settled(collectionId, d.id)));
    for (const document of settled) expect(document).toMatchObject({ status: 'ready', progress: 100, error: null });
    expect(settled.find((d) => d.filename === 'faq.csv').chunkCount).toBe(2);

    const hits = (
      await json(await acme.retrieve({ collectionIds: [collectionId], query: 'when do refunds arrive', k: 3 }))
    ).data;
    expect(hits[0]).toMatchObject({ documentTitle: 'Returns policy', headingPath: ['Returns', 'Refunds'] });
    expect(hits[0].text).toContain('five business days');
    expect(hits[0].end).toBeGreaterThan(hits[0].start);
    const scripts = (
      await json(await acme.retrieve({ collectionIds: [collectionId], query: 'alert secret tracking', k: 5 }))
    ).data;
    expect(scripts.map((hit: { text: string }) => hit.text).join(' ')).not.toContain('alert');
  });

  it('treats an identical re-upload as a no-op and replaces the chunks of changed content', async () => {
    const first = (await json(await acme.uploadText(collectionId, 'Opening hours', 'We open at 9am on weekdays.')))
      .data[0];
    await acme.settled(collectionId, first.id);
    const again = (await json(await acme.uploadText(collectionId, 'Opening hours', 'We open at 9am on weekdays.')))
      .data[0];
    expect(again).toMatchObject({ id: first.id, unchanged: true, status: 'ready' });

    const changed = (await json(await acme.uploadText(collectionId, 'Opening hours', 'We open at 8am on Saturdays.')))
      .data[0];
    expect(changed).toMatchObject({ id: first.id, unchanged: false });
    await acme.settled(collectionId, first.id);
    const hits = (await json(await acme.retrieve({ collectionIds: [collectionId], query: 'opening hours', k: 10 })))
      .data;
    const texts = hits
      .filter((hit: { documentId: string }) => hit.documentId === first.id)
      .map((h: { text: string }) => h.text);
    expect(texts).toEqual(['We open at 8am on Saturdays.']);
  });

  it('answers 413 for a file over UPLOAD_MAX_BYTES and 415 for an unsupported type, storing nothing', async () => {
    const tooBig = await acme.uploadFiles(collectionId, [
      { name: 'big.txt', bytes: Buffer.alloc(UPLOAD_LIMIT + 1, 'a') },
    ]);
    expect(tooBig.status).toBe(413);
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(200)]);
    const unsupported = await acme.uploadFiles(collectionId, [{ name: 'logo.pdf', bytes: png }]);
    expect(unsupported.status).toBe(415);
    expect((await json(unsupported)).message).toContain('PNG');
    const { rows } = await t.pool.query(
      "SELECT count(*)::int AS n FROM documents WHERE filename IN ('big.txt', 'logo.pdf')",
    );
    expect(rows[0].n).toBe(0);
  });

  it.each([
    ['a corrupt PDF', 'broken.pdf', () => buildCorruptPdf()],
    ['an encrypted PDF', 'locked.pdf', () => buildEncryptedPdf()],
    ['a DOCX zip bomb', 'bomb.docx', () => buildZipBombDocx(200)],
    ['an empty file', 'empty.txt', () => Buffer.alloc(0)],
    ['binary junk named .txt', 'junk.txt', () => randomBytes(8192)],
  ])('fails %s with a readable reason and goes on with the next job', async (_case, name, build) => {
    const bad = (await json(await acme.uploadFiles(collectionId, [{ name, bytes: build() }]))).data[0];
    const good = (await json(await acme.uploadText(collectionId, `after ${name}`, `Still working after ${name}.`)))
      .data[0];
    const failed = await acme.settled(collectionId, bad.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/\w+ \w+/);
    expect(failed.chunkCount).toBe(0);
    expect((await acme.settled(collectionId, good.id)).status).toBe('ready');
  });

  it('lists documents newest first with cursor pagination and a status filter', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await json(await acme.call(`/v1/collections/${collectionId}/documents?limit=4${query}`));
      expect(page.data.length).toBeLessThanOrEqual(4);
      seen.push(...page.data.map((d: { id: string }) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    const { rows } = await t.pool.query(
      'SELECT id FROM documents WHERE collection_id = $1 ORDER BY created_at DESC, id DESC',
      [collectionId],
    );
    expect(seen).toEqual(rows.map((row) => row.id));
    const failed = await json(await acme.call(`/v1/collections/${collectionId}/documents?status=failed&limit=100`));
    expect(failed.data).toHaveLength(5);
    expect((await acme.call(`/v1/collections/${collectionId}/documents?status=bogus`)).status).toBe(400);
  });

  it('deletes a document with its file and chunks', async () => {
    const document = (await json(await acme.uploadText(collectionId, 'Doomed', 'This text must vanish entirely.')))
      .data[0];
    await acme.settled(collectionId, document.id);
    expect(
      (await acme.call(`/v1/collections/${collectionId}/documents/${document.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect((await acme.getDocument(collectionId, document.id)).status).toBe(404);
    const { rows } = await t.pool.query(
      `SELECT (SELECT count(*) FROM chunks WHERE document_id = $1)::int + (SELECT count(*) FROM document_files WHERE document_id = $1)::int
         + (SELECT count(*) FROM chunk_embeddings e WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.id = e.chunk_id))::int AS n`,
      [document.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it("keeps tenants apart: another tenant's collections and documents are 404", async () => {
    const listed = (await json(await acme.call(`/v1/collections/${collectionId}/documents?limit=1`))).data[0];
    expect((await globex.call(`/v1/collections/${collectionId}`)).status).toBe(404);
    expect((await globex.getDocument(collectionId, listed.id)).status).toBe(404);
    expect((await globex.uploadText(collectionId, 'Intrusion', 'Nope.')).status).toBe(404);
    expect((await globex.retrieve({ collectionIds: [collectionId], query: 'refunds' })).status).toBe(404);
    expect((await globex.call(`/v1/collections/${collectionId}`, { method: 'DELETE' })).status).toBe(404);
    expect((await acme.call(`/v1/collections/${collectionId}`)).status).toBe(200);
  });

  it('validates retrieval requests', async () => {
    expect((await acme.retrieve({ collectionIds: [], query: 'x' })).status).toBe(400);
    expect((await acme.retrieve({ collectionIds: [collectionId], query: 'x', k: 500 })).status).toBe(400);
  });
});
