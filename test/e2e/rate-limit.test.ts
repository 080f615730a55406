import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { MemoryRateLimitBackend, RateLimitBackend, RateLimiter, RedisRateLimitBackend } from '@app/core';
import { requireService, serviceUrl } from '../support/services';
import { json, startTestApp, TestApp } from '../support/test-app';

describe('rate limits per API key (HTTP)', () => {
  let t: TestApp;
  let acme: { tenantId: string; adminKey: string };

  const get = (path: string, key?: string) =>
    fetch(`${t.baseUrl}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_KEY: 3, RATE_LIMIT_WINDOW_SECONDS: 60 });
    acme = await t.newTenant('acme');
  });

  afterAll(() => t.close());

  it('uses Redis when REDIS_URL is set, memory otherwise', () => {
    expect(t.app.get(RateLimiter).kind).toBe(serviceUrl('redis') ? 'redis' : 'memory');
  });

  it('counts down in RateLimit headers, then answers 429 with Retry-After and the error shape', async () => {
    const { adminKey } = await t.newTenant('counted');
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await get('/v1/tenant', adminKey);
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe('3');
      remaining.push(response.headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const limited = await get('/v1/tenant', adminKey);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(await json(limited)).toEqual({
      statusCode: 429,
      code: 'RateLimited',
      message: `rate limit exceeded: 3 requests per API key per minute; retry in ${retryAfter} s`,
      requestId: expect.any(String),
      details: { limit: 3, windowSeconds: 60, retryAfterSeconds: retryAfter },
    });
    // Every route counts against the same key, and a POST is refused before it runs.
    const post = await fetch(`${t.baseUrl}/v1/collections`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'never' }),
    });
    expect(post.status).toBe(429);
  });

  it('limits each key on its own', async () => {
    const { adminKey } = await t.newTenant('busy');
    for (let i = 0; i < 4; i++) await get('/v1/tenant', adminKey);
    expect((await get('/v1/tenant', adminKey)).status).toBe(429);
    expect((await get('/v1/tenant', acme.adminKey)).status).toBe(200);
  });

  it("a forged key with a real key's prefix fills its own bucket, not the real key's", async () => {
    const { adminKey } = await t.newTenant('victim');
    const forged = adminKey.slice(0, -4) + (adminKey.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get('/v1/tenant', forged)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await get('/v1/tenant', adminKey)).status).toBe(200);
  });

  it('leaves requests without an API key alone', async () => {
    for (let i = 0; i < 5; i++) {
      const response = await get('/health');
      expect(response.status).not.toBe(429);
      expect(response.headers.get('ratelimit-limit')).toBeNull();
    }
  });
});

const BACKENDS = ['memory', 'redis'] as const;

for (const kind of BACKENDS) {
  const available = kind === 'memory' || serviceUrl('redis') !== undefined;
  (available ? describe : describe.skip)(`RateLimiter [${kind}]`, () => {
    let redis: IORedis | undefined;
    const prefix = `seed-test-rl-${randomBytes(4).toString('hex')}:`;
    const backends: RateLimitBackend[] = [];
    const newLimiter = (): RateLimiter => {
      const backend = redis
        ? new RedisRateLimitBackend(redis.duplicate(), prefix)
        : (backends[0] ?? new MemoryRateLimitBackend());
      backends.push(backend);
      return new RateLimiter(backend);
    };

    beforeAll(async () => {
      if (kind === 'redis') redis = new IORedis(await requireService('redis'));
    });

    afterAll(async () => {
      if (redis) {
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length) await redis.del(...keys);
        await Promise.all(backends.map((backend) => backend.close()));
        await redis.quit();
      }
    });

    it('allows the limit, then refuses with the time left in the window', async () => {
      const limiter = newLimiter();
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await limiter.consume('visitor:a', 3, 10_000));
      expect(results.map((result) => result.allowed)).toEqual([true, true, true, false]);
      expect(results.map((result) => result.remaining)).toEqual([2, 1, 0, 0]);
      expect(results[3].retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(results[3].retryAfterSeconds).toBeLessThanOrEqual(10);
      expect(await limiter.consume('visitor:b', 3, 10_000)).toMatchObject({ allowed: true, remaining: 2 });
    });

    it('shares counts between limiters on the same store (api processes sharing one Redis)', async () => {
      const [first, second] = [newLimiter(), newLimiter()];
      await first.consume('key:shared', 3, 10_000);
      await second.consume('key:shared', 3, 10_000);
      await first.consume('key:shared', 3, 10_000);
      expect((await second.consume('key:shared', 3, 10_000)).allowed).toBe(false);
    });

    it('enforce throws the RateLimited error', async () => {
      const limiter = newLimiter();
      await limiter.enforce('visitor:enforced', 1, 10_000, 'messages per visitor');
      await expect(limiter.enforce('visitor:enforced', 1, 10_000, 'messages per visitor')).rejects.toMatchObject({
        code: 'RateLimited',
        message: expect.stringMatching(/^rate limit exceeded: 1 messages per visitor per 10 seconds; retry in \d+ s$/),
      });
    });

    if (kind === 'redis') {
      it('never leaves a counter without an expiry', async () => {
        await newLimiter().consume('key:expiring', 5, 10_000);
        const ttl = await redis!.pttl(`${prefix}key:expiring`);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(10_000);
      });
    }
  });
}
