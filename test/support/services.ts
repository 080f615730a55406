import IORedis from 'ioredis';
import { Client } from 'pg';

/**
 * The external services a test can use, each configured by one variable. A configured service must
 * answer: a test never passes by skipping a service it was told to use. With SEED_TEST_SERVICES=required
 * (the CI run with services), every service must also be configured, so a CI job that lost a variable
 * fails instead of quietly testing less.
 */
export type TestService = 'postgres' | 'redis';

const SERVICE_ENV: Record<TestService, string> = { postgres: 'TEST_DATABASE_URL', redis: 'REDIS_URL' };
const REACH_TIMEOUT_MS = 5_000;

export const servicesRequired = (): boolean => process.env.SEED_TEST_SERVICES === 'required';

/** The service's URL, or undefined when it is not configured (throws if it must be). */
export function serviceUrl(name: TestService): string | undefined {
  const url = process.env[SERVICE_ENV[name]] || undefined;
  if (!url && servicesRequired()) {
    throw new Error(`SEED_TEST_SERVICES=required but ${SERVICE_ENV[name]} is not set: this run must test ${name}`);
  }
  return url;
}

/** For beforeAll: the URL of a configured service once it answers; throws a loud error otherwise. */
export async function requireService(name: TestService): Promise<string> {
  const url = serviceUrl(name);
  if (!url) throw new Error(`${SERVICE_ENV[name]} is not set; this test needs ${name}`);
  try {
    await (name === 'redis' ? pingRedis(url) : pingPostgres(url));
  } catch (error) {
    throw new Error(
      `${SERVICE_ENV[name]} is set but ${name} does not answer at ${redact(url)}: ${(error as Error).message}`,
    );
  }
  return url;
}

async function pingRedis(url: string): Promise<void> {
  const redis = new IORedis(url, {
    lazyConnect: true,
    connectTimeout: REACH_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

async function pingPostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: REACH_TIMEOUT_MS });
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  parsed.password = parsed.password ? '***' : '';
  return parsed.toString();
}
