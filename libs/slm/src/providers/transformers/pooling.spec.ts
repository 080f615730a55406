import { poolRows } from './pooling';

describe('poolRows', () => {
  // 2 rows × 3 tokens × 2 dims; row 1 has one padding token.
  const hidden = { dims: [2, 3, 2], data: Float32Array.of(1, 0, 3, 0, 5, 0, 0, 2, 0, 4, 9, 9) };
  const mask = { dims: [2, 3], data: BigInt64Array.of(1n, 1n, 1n, 1n, 1n, 0n) };

  it('averages real tokens only', () => {
    expect(poolRows(hidden, mask, 'mean', false)).toEqual([
      [3, 0],
      [0, 3],
    ]);
  });

  it('takes the first token for CLS pooling', () => {
    expect(poolRows(hidden, mask, 'cls', false)).toEqual([
      [1, 0],
      [0, 2],
    ]);
  });

  it('normalises to unit length', () => {
    const [row] = poolRows(
      { dims: [1, 1, 2], data: Float32Array.of(3, 4) },
      { dims: [1, 1], data: BigInt64Array.of(1n) },
      'mean',
      true,
    );
    expect(row[0]).toBeCloseTo(0.6);
    expect(row[1]).toBeCloseTo(0.8);
  });
});
