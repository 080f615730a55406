/**
 * What one extra model call costs, in padded tokens. On the bench encoder (MiniLM width, 2 cores, idle) a
 * call costs about 0.8 ms before any token is computed and each token about 50 µs, i.e. ~16 tokens. On a
 * busy machine a call costs more (the thread pool waits on descheduled threads), so this counts double:
 * the bench figures did not move between 16 and 32, and splitting too eagerly is what hurts under load.
 */
export const CALL_COST_IN_TOKENS = 32;

/**
 * Groups the rows of a batch by token length so a short query is not padded to the longest text in the
 * batch: an encoder computes every padded position, so padding is pure waste. Rows are sorted by length
 * and cut where the padding saved outweighs the cost of one more model call (exact, by dynamic
 * programming over the sorted lengths). Returns row indices in ascending order, one array per model call,
 * the bucket of shortest rows first.
 */
export function planLengthBuckets(lengths: number[], callCost = CALL_COST_IN_TOKENS): number[][] {
  const order = lengths.map((_, row) => row).sort((a, b) => lengths[a] - lengths[b]);
  // cheapest[j]: the best cost of the first j sorted rows; start[j]: where that plan's last bucket begins.
  const cheapest = [0];
  const start = [0];
  for (let end = 1; end <= order.length; end++) {
    const width = lengths[order[end - 1]];
    cheapest[end] = Infinity;
    for (let begin = 0; begin < end; begin++) {
      const cost = cheapest[begin] + callCost + (end - begin) * width;
      if (cost < cheapest[end]) {
        cheapest[end] = cost;
        start[end] = begin;
      }
    }
  }
  const buckets: number[][] = [];
  for (let end = order.length; end > 0; end = start[end])
    buckets.unshift(order.slice(start[end], end).sort((a, b) => a - b));
  return buckets;
}

/** The number of real (mask = 1) tokens in each row of a [rows, width] attention mask. */
export function rowLengths(mask: ArrayLike<number | bigint>, rows: number, width: number): number[] {
  return Array.from({ length: rows }, (_, row) => {
    let length = 0;
    for (let t = 0; t < width; t++) if (Number(mask[row * width + t]) !== 0) length++;
    return length;
  });
}

/**
 * Copies the given rows of a [rows, width] token matrix, keeping `keep` columns: the first ones when the
 * tokenizer pads on the right, the last ones when it pads on the left, so no real token is dropped.
 */
export function takeRows(
  data: BigInt64Array,
  width: number,
  rows: number[],
  keep: number,
  paddingSide: 'left' | 'right',
): BigInt64Array {
  const offset = paddingSide === 'left' ? width - keep : 0;
  const out = new BigInt64Array(rows.length * keep);
  rows.forEach((row, i) => out.set(data.subarray(row * width + offset, row * width + offset + keep), i * keep));
  return out;
}
