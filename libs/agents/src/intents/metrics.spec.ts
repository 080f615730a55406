import { computeIntentMetrics } from './metrics';

describe('computeIntentMetrics', () => {
  // Hand-checked: a: TP 2, FN 1 (→ b), FP 0 → F1 = 4/5. b: TP 1, FP 2 (a, oos), FN 1 (→ oos) → F1 = 2/5.
  // In-scope accuracy 3/5. OOS: 2 truths, 1 caught; 2 rejections, 1 right → recall 1/2, precision 1/2.
  const actual = ['a', 'a', 'a', 'b', 'b', 'oos', 'oos'];
  const predicted = ['a', 'a', 'b', 'b', 'oos', 'oos', 'b'];

  it('computes accuracy, per-intent and macro F1', () => {
    const metrics = computeIntentMetrics(actual, predicted, ['a', 'b'], 'oos');
    expect(metrics.examples).toBe(7);
    expect(metrics.accuracy).toBeCloseTo(3 / 5);
    expect(metrics.perIntentF1.a).toBeCloseTo(4 / 5);
    expect(metrics.perIntentF1.b).toBeCloseTo(2 / 5);
    expect(metrics.macroF1).toBeCloseTo(3 / 5);
  });

  it('computes out-of-scope recall and precision', () => {
    const metrics = computeIntentMetrics(actual, predicted, ['a', 'b'], 'oos');
    expect(metrics.oosRecall).toBeCloseTo(1 / 2);
    expect(metrics.oosPrecision).toBeCloseTo(1 / 2);
  });

  it('lists the most confused pairs, most frequent first', () => {
    const metrics = computeIntentMetrics(['a', 'a', 'b', 'c'], ['b', 'b', 'a', 'a'], ['a', 'b', 'c'], 'oos', 2);
    expect(metrics.confusedPairs).toEqual([
      { actual: 'a', predicted: 'b', count: 2 },
      { actual: 'b', predicted: 'a', count: 1 },
    ]);
  });

  it('reports null OOS figures when there is nothing out of scope to measure', () => {
    const metrics = computeIntentMetrics(['a', 'b'], ['a', 'a'], ['a', 'b'], 'oos');
    expect(metrics.oosRecall).toBeNull();
    expect(metrics.oosPrecision).toBeNull();
    expect(metrics.accuracy).toBe(0.5);
  });
});
