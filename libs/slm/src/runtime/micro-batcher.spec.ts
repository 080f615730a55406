import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  const double = (calls: number[][]) => async (items: number[]) => {
    calls.push(items);
    return items.map((x) => x * 2);
  };

  it('merges concurrent submissions into one call and hands each caller its own results', async () => {
    const calls: number[][] = [];
    const batcher = new MicroBatcher(double(calls), { windowMs: 5, maxBatch: 32, concurrency: 1 });
    const results = await Promise.all([batcher.submit([1]), batcher.submit([2, 3]), batcher.submit([4])]);
    expect(results).toEqual([[2], [4, 6], [8]]);
    expect(calls).toEqual([[1, 2, 3, 4]]);
  });

  it('sends full batches at once and splits large submissions', async () => {
    const calls: number[][] = [];
    const batcher = new MicroBatcher(double(calls), { windowMs: 60_000, maxBatch: 2, concurrency: 4 });
    expect(await batcher.submit([1, 2, 3, 4])).toEqual([2, 4, 6, 8]);
    expect(calls).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('lets items pile up while the model is busy and sends them together next', async () => {
    const calls: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const batcher = new MicroBatcher(
      async (items: number[]) => {
        calls.push(items);
        if (calls.length === 1) await gate;
        return items;
      },
      { windowMs: 0, maxBatch: 10, concurrency: 1 },
    );
    const first = batcher.submit([1]);
    await new Promise((r) => setTimeout(r, 5));
    const later = [batcher.submit([2]), batcher.submit([3])];
    await new Promise((r) => setTimeout(r, 5));
    expect(batcher.waiting).toBe(2);
    release();
    await Promise.all([first, ...later]);
    expect(calls).toEqual([[1], [2, 3]]);
  });

  it('sends a lone item at once when the window is zero, without waiting for a timer', async () => {
    const calls: number[][] = [];
    const batcher = new MicroBatcher(double(calls), { windowMs: 0, maxBatch: 8, concurrency: 1 });
    const result = batcher.submit([1]);
    await Promise.resolve(); // one microtask: a timer, even setTimeout(0), fires only after 1 ms
    expect(calls).toEqual([[1]]);
    expect(await result).toEqual([2]);
  });

  it('rejects every caller of a failed batch, and the next batch still runs', async () => {
    let fail = true;
    const batcher = new MicroBatcher(
      async (items: number[]) => {
        if (fail) throw new Error('model crashed');
        return items;
      },
      { windowMs: 1, maxBatch: 8, concurrency: 1 },
    );
    await expect(Promise.all([batcher.submit([1]), batcher.submit([2])])).rejects.toThrow('model crashed');
    fail = false;
    await expect(batcher.submit([3])).resolves.toEqual([3]);
  });

  it('fails callers when the batch returns the wrong number of results', async () => {
    const batcher = new MicroBatcher(async () => [1], { windowMs: 1, maxBatch: 8, concurrency: 1 });
    await expect(batcher.submit([1, 2])).rejects.toThrow(/1 results for 2 inputs/);
  });
});
