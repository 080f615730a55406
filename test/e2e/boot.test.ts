import { runEntryPoint } from '../support/run-process';

const API = 'apps/api/src/main.ts';
const WORKER = 'apps/worker/src/main.ts';

describe('boot failures', () => {
  it.each([
    ['PORT', 'abc', /PORT: expected a port number \(got "abc"\)/],
    ['PORT', '70000', /PORT: expected a port between 1 and 65535/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: expected a URL starting with postgres:\/\/ or postgresql:\/\//],
    ['REDIS_URL', 'not a url', /REDIS_URL: expected a URL such as redis:\/\/host:port/],
  ])('stops with exit 1 when %s=%s', async (name, value, message) => {
    const result = await runEntryPoint(API, { [name]: value });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('reports every bad variable at once', async () => {
    const result = await runEntryPoint(WORKER, { PORT: 'abc', QUEUE_CONCURRENCY: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT: /);
    expect(result.stderr).toMatch(/QUEUE_CONCURRENCY: expected a whole number >= 1/);
  });

  it.each([API, WORKER])(
    '%s reports bad variables of every library in one message, without a stack trace',
    async (entry) => {
      const result = await runEntryPoint(entry, { PORT: 'abc', SLM_EMBEDDER: 'nope:model', CHUNK_SIZE: 'big' });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/PORT: expected a port number/);
      expect(result.stderr).toMatch(/SLM_EMBEDDER: .*nope/);
      expect(result.stderr).toMatch(/CHUNK_SIZE: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr).not.toMatch(/ExceptionHandler/);
    },
  );

  it.each([API, WORKER])('%s retries an unreachable database, then exits 1 naming it', async (entry) => {
    const result = await runEntryPoint(entry, {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/seed',
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      REDIS_URL: undefined,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/DATABASE_URL: cannot reach database 127\.0\.0\.1:1\/seed after \d+ attempts/);
    const attempts = (result.stdout + result.stderr).match(/unreachable \(attempt \d+/g) ?? [];
    expect(attempts.length).toBeGreaterThanOrEqual(2);
  });
});
