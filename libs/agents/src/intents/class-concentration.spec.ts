import { classConcentration } from './class-concentration';

describe('classConcentration', () => {
  const documents = [
    ['refund', 'please'],
    ['refund', 'please'],
    ['weather', 'please'],
    ['joke', 'please'],
  ];
  const labels = [0, 0, 1, 2];

  it('is 1 for an n-gram seen in one class only and 0 for one spread evenly over all classes', () => {
    const [refund, please, unseen] = classConcentration(documents, labels, 3, ['refund', 'please', 'missing']);
    expect(refund).toBeCloseTo(1, 10);
    expect(please).toBeGreaterThan(0);
    expect(please).toBeLessThan(0.1);
    expect(unseen).toBe(0);
    const even = classConcentration([['a'], ['a'], ['a']], [0, 1, 2], 3, ['a']);
    expect(even[0]).toBeCloseTo(0, 10);
  });

  it('counts an n-gram once per document', () => {
    const [repeated] = classConcentration([['x', 'x', 'x'], ['x']], [0, 1], 2, ['x']);
    expect(repeated).toBeCloseTo(0, 10);
  });
});
