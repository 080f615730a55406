import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Pool } from 'pg';
import { CoreConfig, Database, loadCoreConfig, TenantsService } from '@app/core';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { WORKER_JOB_MODULES } from '../../apps/worker/src/job-modules';
import { deleteRedisKeys } from './queue-drivers';
import { createTestDatabaseUrl } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  pool: Pool;
  /** Every log line the app wrote, for assertions about what is (not) logged. */
  logs: string[];
  newTenant(name?: string): Promise<{ tenantId: string; adminKey: string }>;
  close(): Promise<void>;
}

/**
 * Boots the real api on a random port against a fresh database (PostgreSQL when TEST_DATABASE_URL is
 * set, in-memory PGlite otherwise), with the queue the environment selects, and talks real HTTP.
 */
export async function startTestApp(
  overrides: Partial<CoreConfig> = {},
  options: { consumeJobs?: boolean } = {},
): Promise<TestApp> {
  const database = await createTestDatabaseUrl();
  // Apps of parallel test files share one Redis; their own prefix keeps each app's jobs to itself.
  const queuePrefix = `seed-test-${randomBytes(6).toString('hex')}`;
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config: CoreConfig = {
    ...loadCoreConfig({ ...process.env, DATABASE_URL: database.url, DATA_DIR: 'memory://' }),
    LOG_LEVEL: 'info',
    // Tests poll with one key far faster than any client would; the rate-limit tests set their own limit.
    RATE_LIMIT_PER_KEY: 0,
    // The crawler, webhook and tool tests call servers on 127.0.0.1, which the default policy refuses;
    // the outbound-guard tests pass OUTBOUND_ALLOW_PRIVATE: false to see that default.
    OUTBOUND_ALLOW_PRIVATE: true,
    ...overrides,
  };
  // Like the embedded start: the api runs the job processors too, unless the test wants an api-only process.
  const consumeJobs = options.consumeJobs ?? true;
  const app = await createApiApp({
    config,
    consumeJobs,
    migrate: true,
    logDestination,
    // An api-only process (consumeJobs: false) has no job modules, exactly like `npm run start:api`.
    jobModules: consumeJobs ? WORKER_JOB_MODULES : [],
    queuePrefix,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    pool: app.get(Database).pool,
    logs,
    newTenant: async (name = 'acme') => {
      const { tenant, adminKey } = await app.get(TenantsService).createWithAdminKey(name, 'test');
      return { tenantId: tenant.id, adminKey: adminKey.key };
    },
    close: async () => {
      await app.close();
      await database.drop();
      if (config.REDIS_URL && consumeJobs) await deleteRedisKeys(config.REDIS_URL, queuePrefix);
    },
  };
}

/**
 * startTestApp with `env` set while the app boots, e.g. SLM_* variables pointing at a test model server:
 * the SLM and other env-read config is read at boot, so the variables are put back as they were once it
 * has started (or failed to), and never leak into the next test file's app.
 */
export async function startTestAppWith(
  env: Record<string, string>,
  overrides: Partial<CoreConfig> = {},
  options: { consumeJobs?: boolean } = {},
): Promise<TestApp> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return await startTestApp(overrides, options);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      // Assigning undefined to process.env would store the string "undefined".
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** Parsed JSON body of a response; tests assert on its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = (response: Response): Promise<any> => response.json();

/** The secret part of `seed_<12 hex prefix>_<secret>` (the secret is base64url, so it may hold `_` itself). */
export const apiKeySecret = (key: string): string => key.slice('seed_'.length + 12 + 1);
