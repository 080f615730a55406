import { json, startTestApp } from '../support/test-app';

describe('GET /health', () => {
  it('answers 200 with the database and queue kinds in use', async () => {
    const t = await startTestApp();
    try {
      const response = await fetch(`${t.baseUrl}/health`);
      expect(response.status).toBe(200);
      expect(await json(response)).toMatchObject({
        status: 'ok',
        database: { kind: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite', up: true },
        queue: { kind: process.env.REDIS_URL ? 'bullmq' : 'inline', up: true },
        models: {
          embedder: { spec: expect.stringMatching(/^builtin:hash/), provider: 'builtin' },
          generator: { spec: 'builtin:extractive', provider: 'builtin' },
        },
      });
    } finally {
      await t.close();
    }
  });

  it('answers 503 naming the dependency that is down', async () => {
    // Nothing listens on port 1: the queue's Redis is down while the database is up. An api-only
    // process (no job consumers) is what a load balancer health-checks.
    const t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' }, { consumeJobs: false });
    try {
      const response = await fetch(`${t.baseUrl}/health`);
      expect(response.status).toBe(503);
      expect(await json(response)).toMatchObject({
        status: 'degraded',
        database: { up: true },
        queue: { kind: 'bullmq', up: false },
      });
    } finally {
      await t.close();
    }
  });
});
