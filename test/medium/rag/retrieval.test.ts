import { ChunksRepository, CollectionsService, RetrievalService } from '@app/rag';
import { CommonLexemes, COMMON_LEXEME_ROWS } from '../../../libs/rag/src/retrieval/common-lexemes';
import { DEFAULT_FUSION, fuseRankings } from '../../../libs/rag/src/retrieval/hybrid-fusion';
import { RetrievalRequest } from '../../../libs/rag/src/retrieval/retrieval.types';
import { newIngestedCollection } from '../../support/module-test-context';
import { createRagTestContext, RagTestContext } from './rag-test-context';

/** More chunks than make a word common, all holding "quokka" and nothing else of the questions below. */
const FILLER_CHUNKS = COMMON_LEXEME_ROWS + 200;

describe('retrieval on a real database', () => {
  let ctx: RagTestContext;
  let retrieval: RetrievalService;
  let tenantId: string;

  const request = (collectionId: string, query: string, extra: Partial<RetrievalRequest> = {}): RetrievalRequest => ({
    tenantId,
    collectionIds: [collectionId],
    query,
    k: 5,
    ...extra,
  });

  beforeAll(async () => {
    ctx = await createRagTestContext();
    retrieval = ctx.app.get(RetrievalService);
    tenantId = await ctx.newTenantId();
  });

  afterAll(() => ctx.close());

  it('answers 404 for a collection deleted right after it was searched', async () => {
    const pages = [{ title: 'Billing', text: 'Invoices are emailed on the first day of each month.' }];
    const collectionId = await newIngestedCollection(ctx.app, tenantId, 'short-lived', pages);
    expect((await retrieval.retrieve(request(collectionId, 'when are invoices emailed')))[0].documentTitle).toBe(
      'Billing',
    );
    await ctx.app.get(CollectionsService).delete(tenantId, collectionId);
    for (const mode of ['hybrid', 'vector', 'fulltext'] as const) {
      await expect(retrieval.retrieve(request(collectionId, 'when are invoices emailed', { mode }))).rejects.toThrow(
        /not found/,
      );
    }
  });

  it("answers 404 for another tenant's collection even once its owner searched it", async () => {
    const pages = [{ title: 'Returns', text: 'Returns are free within thirty days.' }];
    const collectionId = await newIngestedCollection(ctx.app, tenantId, 'owned', pages);
    await retrieval.retrieve(request(collectionId, 'free returns'));
    const stranger = await ctx.newTenantId();
    await expect(retrieval.retrieve({ ...request(collectionId, 'free returns'), tenantId: stranger })).rejects.toThrow(
      /not found/,
    );
  });

  describe('vector search, which reads the chunk rows of the nearest 2k candidates only', () => {
    const copy = 'Parcels to Norway ship within five working days from our Oslo warehouse.';
    let collectionId: string;

    beforeAll(async () => {
      // Six copies of one passage are the six nearest to the question below, and are near-duplicates:
      // the first 2k (k = 3) rows hold one passage worth keeping.
      const copies = Array.from({ length: 6 }, (_, i) => ({ title: `Norway ${i}`, text: copy }));
      const others = [
        { title: 'Sweden', text: 'Parcels to Sweden ship within three working days from our Oslo warehouse.' },
        { title: 'Denmark', text: 'Parcels to Denmark ship within four working days from the Oslo warehouse.' },
        { title: 'Gift cards', text: 'Gift cards never expire and can be used on any order.' },
      ];
      collectionId = await newIngestedCollection(ctx.app, tenantId, 'norway', [...copies, ...others]);
    });

    it('still answers k passages when near-duplicates fill the nearest rows', async () => {
      const hits = await retrieval.retrieve(request(collectionId, copy, { k: 3, mode: 'vector' }));
      expect(hits).toHaveLength(3);
      expect(hits.filter((hit) => hit.text === copy)).toHaveLength(1);
    });

    it('answers what fusing every scanned candidate answers', async () => {
      const query = 'how many working days until a parcel ships to Sweden';
      const req = request(collectionId, query, { k: 3, mode: 'vector' });
      const all = await retrieval.candidateLists(req, 40);
      const expected = fuseRankings(all.vector, [], { ...DEFAULT_FUSION, k: 3 }).map((hit) => hit.chunkId);
      expect((await retrieval.retrieve(req)).map((hit) => hit.chunkId)).toEqual(expected);
    });
  });

  describe('full-text search when a question word is in most chunks', () => {
    let collectionId: string;

    beforeAll(async () => {
      const pages = [
        { title: 'Habitat', text: 'The quokka habitat is Rottnest Island, off the coast of Western Australia.' },
        { title: 'Diet', text: 'Leaves and grasses are what a quokka eats.' },
      ];
      collectionId = await newIngestedCollection(ctx.app, tenantId, 'quokkas', pages);
      const { rows } = await ctx.database.pool.query<{ id: string }>(
        'SELECT id FROM documents WHERE collection_id = $1 LIMIT 1',
        [collectionId],
      );
      await ctx.database.pool.query(
        `INSERT INTO chunks (id, tenant_id, collection_id, document_id, ordinal, text, start_offset, end_offset, tsv)
         SELECT gen_random_uuid(), $1, $2, $3, 1000 + g, 'quokka ' || g, 0, 0, to_tsvector('english', 'quokka ' || g)
         FROM generate_series(1, $4::int) AS g`,
        [tenantId, collectionId, rows[0].id, FILLER_CHUNKS],
      );
      // PostgreSQL's autovacuum would analyze the table in its own time; embedded PGlite has none, so
      // there the search analyzes by itself (asserted below).
      if (ctx.database.kind === 'postgres') await ctx.database.pool.query('ANALYZE chunks');
    });

    it('counts the word as common from the table statistics', async () => {
      expect((await new CommonLexemes(ctx.database).list()).words).toContain('quokka');
    });

    it('still ranks the passage holding the rare word first', async () => {
      const hits = await retrieval.retrieve(request(collectionId, 'quokka habitat', { mode: 'fulltext' }));
      expect(hits[0].documentTitle).toBe('Habitat');
      expect(hits).toHaveLength(5);
    });

    it('ranks the chunks holding the rare word when they are enough', async () => {
      const filter = { tenantId, collectionIds: [collectionId] };
      const [hit] = await ctx.app.get(ChunksRepository).searchFullText(filter, 'quokka habitat', 1);
      expect(hit.documentTitle).toBe('Habitat');
    });

    it('ranks every match when the rare words find fewer than k passages', async () => {
      const hits = await retrieval.retrieve(request(collectionId, 'quokka xylophone', { mode: 'fulltext' }));
      expect(hits).toHaveLength(5);
      expect(hits.every((hit) => /quokka/i.test(hit.text))).toBe(true);
    });

    it('finds passages for a question made only of common words', async () => {
      expect(await retrieval.retrieve(request(collectionId, 'quokka', { mode: 'fulltext' }))).toHaveLength(5);
    });
  });
});
