import { retryDelayMs } from '@app/core';

/** ±20%: deliveries that failed together (a receiver went down) come back spread out, not in a burst. */
const JITTER = 0.2;

/** The retry base of one delivery: the configured base, randomised once per delivery. */
export function jitteredRetryBase(baseMs: number, random: () => number = Math.random): number {
  return Math.max(1, Math.round(baseMs * (1 - JITTER + 2 * JITTER * random())));
}

/** Delay after the `attempt`-th failed try (1-based): base, then doubling, as both queue drivers do. */
export function delayAfterAttempt(retryBaseMs: number, attempt: number): number {
  return retryDelayMs(retryBaseMs, attempt);
}
