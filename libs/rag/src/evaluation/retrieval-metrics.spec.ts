import { meanMetrics, scoreRanking, uniqueInOrder } from './retrieval-metrics';

describe('retrieval metrics', () => {
  it('scores a ranking against graded judgements', () => {
    const scores = scoreRanking(['x', 'a', 'y', 'b'], { a: 1, b: 1 });
    expect(scores['recall@1']).toBe(0);
    expect(scores['recall@5']).toBe(1);
    expect(scores['mrr@10']).toBe(0.5);
    const ideal = 1 + 1 / Math.log2(3);
    expect(scores['ndcg@10']).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(5)) / ideal, 10);
  });

  it('gives zero when nothing relevant is found, and averages over judged queries only', () => {
    expect(scoreRanking(['x'], { a: 1 })).toEqual({
      'recall@1': 0,
      'recall@5': 0,
      'recall@10': 0,
      'mrr@10': 0,
      'ndcg@10': 0,
    });
    const rankings = new Map([
      ['q1', ['a']],
      ['q2', ['x']],
      ['unjudged', ['a']],
    ]);
    expect(meanMetrics(rankings, { q1: { a: 1 }, q2: { b: 1 } })['recall@1']).toBe(0.5);
  });

  it('keeps the first occurrence of each corpus id', () => {
    expect(uniqueInOrder(['a', 'b', 'a', 'c', 'b'])).toEqual(['a', 'b', 'c']);
  });
});
