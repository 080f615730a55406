import { planLengthBuckets, rowLengths, takeRows } from './length-buckets';

describe('planLengthBuckets', () => {
  const padded = (lengths: number[], buckets: number[][]) =>
    buckets.reduce((sum, rows) => sum + rows.length * Math.max(...rows.map((row) => lengths[row])), 0);

  it('keeps a batch of similar lengths in one call', () => {
    expect(planLengthBuckets([12, 13, 12, 14, 13])).toEqual([[0, 1, 2, 3, 4]]);
  });

  it('splits short queries from long chunks, shortest first, rows in ascending order', () => {
    const lengths = [120, 10, 118, 12, 11, 125];
    expect(planLengthBuckets(lengths)).toEqual([
      [1, 3, 4],
      [0, 2, 5],
    ]);
  });

  it('splits only where the padding saved outweighs the cost of another call', () => {
    const lengths = [10, 10, 10, 10, 30];
    // Together: 5 × 30 = 150 tokens + 1 call; apart: 4 × 10 + 30 = 70 tokens + 2 calls.
    expect(planLengthBuckets(lengths, 100)).toHaveLength(1);
    expect(planLengthBuckets(lengths, 50)).toHaveLength(2);
  });

  it('covers every row exactly once and never pads more than one call would', () => {
    const lengths = Array.from({ length: 40 }, (_, i) => 5 + ((i * 37) % 60));
    const buckets = planLengthBuckets(lengths);
    expect(buckets.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    expect(padded(lengths, buckets)).toBeLessThanOrEqual(lengths.length * Math.max(...lengths));
  });

  it('plans nothing for an empty batch', () => {
    expect(planLengthBuckets([])).toEqual([]);
  });
});

describe('rowLengths', () => {
  it('counts the real tokens of each row', () => {
    expect(rowLengths(BigInt64Array.of(1n, 1n, 1n, 1n, 0n, 0n), 2, 3)).toEqual([3, 1]);
  });
});

describe('takeRows', () => {
  // 3 rows × 4 columns: row r holds 10r + column.
  const data = BigInt64Array.from({ length: 12 }, (_, i) => BigInt(10 * Math.floor(i / 4) + (i % 4)));

  it('keeps the first columns of right-padded rows, in the order asked', () => {
    expect(Array.from(takeRows(data, 4, [2, 0], 2, 'right'))).toEqual([20n, 21n, 0n, 1n]);
  });

  it('keeps the last columns of left-padded rows', () => {
    expect(Array.from(takeRows(data, 4, [1], 3, 'left'))).toEqual([11n, 12n, 13n]);
  });
});
