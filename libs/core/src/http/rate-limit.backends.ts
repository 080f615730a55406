import type IORedis from 'ioredis';

/** How one `consume` went. `remaining` counts what is left in the current window after this call. */
export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets and the full limit is available again. */
  resetSeconds: number;
  /** Seconds to wait before trying again: 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * A fixed window per bucket that starts with its first hit and lasts `windowMs`. Fixed windows can let
 * up to twice the limit through around a window's end; for abuse protection that is good enough and it
 * costs one counter per bucket.
 */
export interface RateLimitBackend {
  readonly kind: 'redis' | 'memory';
  /** Counts one hit; the count and the time left in its window. */
  hit(bucket: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
  close(): Promise<void>;
}

export function toResult(count: number, resetMs: number, limit: number): RateLimitResult {
  const allowed = count <= limit;
  const resetSeconds = Math.max(1, Math.ceil(resetMs / 1000));
  return {
    allowed,
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds,
    retryAfterSeconds: allowed ? 0 : resetSeconds,
  };
}

/** One process's counters: the embedded mode, or tests. Expired buckets are swept as the map grows. */
export class MemoryRateLimitBackend implements RateLimitBackend {
  readonly kind = 'memory' as const;
  private readonly buckets = new Map<string, { count: number; resetAt: number }>();
  private sweepAt = 10_000;

  constructor(private readonly now: () => number = Date.now) {}

  async hit(bucket: string, windowMs: number): Promise<{ count: number; resetMs: number }> {
    const now = this.now();
    let entry = this.buckets.get(bucket);
    if (!entry || entry.resetAt <= now) {
      if (this.buckets.size >= this.sweepAt) this.sweep(now);
      entry = { count: 0, resetAt: now + windowMs };
      this.buckets.set(bucket, entry);
    }
    entry.count += 1;
    return { count: entry.count, resetMs: entry.resetAt - now };
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.buckets) if (entry.resetAt <= now) this.buckets.delete(key);
    // Still full of live buckets: sweep again only once it has doubled, so a sweep stays amortised O(1).
    this.sweepAt = Math.max(10_000, this.buckets.size * 2);
  }
}

/**
 * INCR and PEXPIRE in one script, so every api process sharing the Redis counts in the same window and
 * a crash between the two commands cannot leave a counter without an expiry. The window is timed by
 * Redis itself, so the processes' clocks do not matter.
 */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

export class RedisRateLimitBackend implements RateLimitBackend {
  readonly kind = 'redis' as const;

  constructor(
    private readonly redis: IORedis,
    private readonly prefix: string,
  ) {}

  async hit(bucket: string, windowMs: number): Promise<{ count: number; resetMs: number }> {
    const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, this.prefix + bucket, windowMs)) as [number, number];
    return { count, resetMs: ttl };
  }

  async close(): Promise<void> {
    if (this.redis.status !== 'ready') return this.redis.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
