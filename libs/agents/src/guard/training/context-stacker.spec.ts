import { CONTEXT_FEATURES, contextProbability } from '../context-scorer';
import { StackerRow, fitContextStacker } from './context-stacker';

describe('fitContextStacker', () => {
  it('learns which feature separates the classes', () => {
    const row = (ngram: number, imperative: number, label: 0 | 1): StackerRow => ({
      features: CONTEXT_FEATURES.map((name) => (name === 'ngram' ? ngram : name === 'imperative' ? imperative : 0)),
      label,
    });
    const rows = [
      ...Array.from({ length: 40 }, (_, i) => row((i % 5) - 2, 1, 1)),
      ...Array.from({ length: 200 }, (_, i) => row((i % 5) - 2, 0, 0)),
      row(0, 1, 0),
      row(0, 0, 1),
    ];
    const stacker = fitContextStacker(rows);
    const imperativeWeight = stacker.weights[CONTEXT_FEATURES.indexOf('imperative')];
    expect(imperativeWeight).toBeGreaterThan(2);
    const weights = { ...stacker, threshold: 0.5 };
    expect(contextProbability(weights, rows[0].features)).toBeGreaterThan(0.5);
    expect(contextProbability(weights, rows[40].features)).toBeLessThan(0.5);
  });

  it('refuses rows of one class only', () => {
    expect(() => fitContextStacker([{ features: CONTEXT_FEATURES.map(() => 0), label: 1 }])).toThrow(/both classes/);
  });
});
