import { DomainError, ErrorCode } from '../errors/domain.error';
import { MemoryRateLimitBackend, RateLimitBackend } from './rate-limit.backends';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter (memory backend)', () => {
  let now = 1_000_000;
  const limiter = new RateLimiter(new MemoryRateLimitBackend(() => now));

  it('allows `limit` hits per window, then refuses with the time left, then resets', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.consume('key:a', 3, 10_000));
    expect(results.map((r) => [r.allowed, r.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(results[3]).toMatchObject({ limit: 3, retryAfterSeconds: 10, resetSeconds: 10 });

    now += 4_000;
    expect(await limiter.consume('key:a', 3, 10_000)).toMatchObject({ allowed: false, retryAfterSeconds: 6 });
    expect(await limiter.consume('key:b', 3, 10_000)).toMatchObject({ allowed: true, remaining: 2 });

    now += 6_000;
    expect(await limiter.consume('key:a', 3, 10_000)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('treats a limit of 0 as unlimited', async () => {
    for (let i = 0; i < 5; i++) expect((await limiter.consume('key:off', 0, 1_000)).allowed).toBe(true);
  });

  it('enforce throws RateLimited naming the limit and the wait', async () => {
    await limiter.enforce('visitor:v1', 1, 60_000, 'messages per visitor');
    const error = await limiter.enforce('visitor:v1', 1, 60_000, 'messages per visitor').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.RateLimited);
    expect((error as DomainError).message).toBe(
      'rate limit exceeded: 1 messages per visitor per minute; retry in 60 s',
    );
    expect((error as DomainError).details).toEqual({ limit: 1, windowSeconds: 60, retryAfterSeconds: 60 });
  });

  it('lets requests through when its backend fails', async () => {
    const broken: RateLimitBackend = {
      kind: 'redis',
      hit: () => Promise.reject(new Error('connection refused')),
      close: async () => undefined,
    };
    expect(await new RateLimiter(broken).consume('key:a', 1, 1_000)).toMatchObject({ allowed: true });
  });

  it('sweeps expired buckets as the map grows', async () => {
    let clock = 0;
    const backend = new MemoryRateLimitBackend(() => clock);
    for (let i = 0; i < 10_000; i++) await backend.hit(`b${i}`, 1_000);
    clock = 2_000;
    await backend.hit('fresh', 1_000);
    expect((backend as unknown as { buckets: Map<string, unknown> }).buckets.size).toBe(1);
  });
});
