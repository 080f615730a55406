import type { ChunkHit } from './chunks.repository';
import { dropNearDuplicates, fuseRankings } from './hybrid-fusion';

const hit = (chunkId: string, text = `passage ${chunkId}`, score = 1): ChunkHit => ({
  chunkId,
  documentId: 'd',
  collectionId: 'c',
  text,
  headingPath: [],
  start: 0,
  end: text.length,
  documentTitle: 'doc',
  sourceUrl: null,
  score,
});

describe('fuseRankings', () => {
  const options = { method: 'rrf' as const, rrfK: 60, vectorWeight: 1, duplicateThreshold: 0.9, k: 10 };

  it('ranks a chunk both searches found above chunks only one found', () => {
    const fused = fuseRankings([hit('a'), hit('b')], [hit('c'), hit('b')], options);
    expect(fused.map((h) => h.chunkId)).toEqual(['b', 'a', 'c']);
    expect(fused[0]).toMatchObject({ vectorRank: 2, textRank: 2 });
    expect(fused[1]).toMatchObject({ vectorRank: 1, textRank: null });
  });

  it('weights the vector list', () => {
    const fused = fuseRankings([hit('a')], [hit('c')], { ...options, vectorWeight: 2 });
    expect(fused.map((h) => h.chunkId)).toEqual(['a', 'c']);
    expect(fuseRankings([hit('a')], [hit('c')], { ...options, vectorWeight: 0.5 })[0].chunkId).toBe('c');
  });

  it('sums min-max normalised scores with the convex method, keeping score gaps', () => {
    const convex = { ...options, method: 'convex' as const };
    const vector = [hit('a', 'a', 0.9), hit('b', 'b', 0.89), hit('c', 'c', 0.1)];
    const text = [hit('c', 'c', 5), hit('b', 'b', 3), hit('z', 'z', 1)];
    const fused = fuseRankings(vector, text, convex);
    // b: 0.79/0.8 + 2/4; a: 1 + 0; c: 0 + 1; z: 0 + 0.
    expect(fused.map((h) => h.chunkId)).toEqual(['b', 'a', 'c', 'z']);
    expect(fused[0].score).toBeCloseTo(0.79 / 0.8 + 0.5, 10);
  });

  it('cuts to k', () => {
    expect(fuseRankings([hit('a'), hit('b'), hit('c')], [], { ...options, k: 2 })).toHaveLength(2);
  });
});

describe('dropNearDuplicates', () => {
  it('keeps the first of near-identical passages', () => {
    const hits = [
      hit('a', 'How do I reset my password? Open settings and choose reset.'),
      hit('b', 'How do I reset my password?  Open settings, and choose reset!'),
      hit('c', 'Shipping takes three days.'),
    ];
    expect(dropNearDuplicates(hits, 0.9).map((h) => h.chunkId)).toEqual(['a', 'c']);
  });

  it('stops once it kept `limit` passages, counting only the distinct ones', () => {
    const hits = [
      hit('a', 'Reset the router by holding its button.'),
      hit('b', 'Reset the router by holding its button!'),
      hit('c', 'Shipping takes three days.'),
      hit('d', 'Refunds arrive within a week.'),
    ];
    expect(dropNearDuplicates(hits, 0.9, 2).map((h) => h.chunkId)).toEqual(['a', 'c']);
  });
});
