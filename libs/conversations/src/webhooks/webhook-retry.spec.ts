import { delayAfterAttempt, jitteredRetryBase } from './webhook-retry';

describe('webhook retry schedule', () => {
  it('keeps the per-delivery base within ±20% of the configured one', () => {
    expect(jitteredRetryBase(10_000, () => 0)).toBe(8_000);
    expect(jitteredRetryBase(10_000, () => 0.5)).toBe(10_000);
    expect(jitteredRetryBase(10_000, () => 0.999999)).toBe(12_000);
    expect(jitteredRetryBase(1, () => 0)).toBe(1);
  });

  it('doubles the delay after each failed try', () => {
    expect([1, 2, 3, 7].map((attempt) => delayAfterAttempt(10_000, attempt))).toEqual([
      10_000, 20_000, 40_000, 640_000,
    ]);
  });
});
