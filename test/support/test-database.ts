import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DatabaseHandle, migrate, openDatabase } from '@app/core';

/**
 * A fresh, isolated database for one test file. With TEST_DATABASE_URL set it is a new database on
 * that PostgreSQL server (dropped at the end); otherwise an in-memory PGlite. Either way the code under
 * test gets a `pg.Pool`.
 */
export interface TestDatabase extends DatabaseHandle {
  /** Connection string of the fresh PostgreSQL database; undefined on PGlite. */
  url?: string;
  /** Closes the pool and drops the database. */
  destroy(): Promise<void>;
}

export const testDatabaseUrl = (): string | undefined => process.env.TEST_DATABASE_URL || undefined;

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = testDatabaseUrl();
  const url = serverUrl ? await createPostgresDatabase(serverUrl) : undefined;
  const handle = await openDatabase({ url, dataDir: 'memory://', poolSize: 5, connectTimeoutMs: 5_000 });
  if (options.migrate !== false) await migrate(handle.pool);
  return {
    ...handle,
    url,
    destroy: async () => {
      await handle.close();
      if (serverUrl && url) await dropPostgresDatabase(serverUrl, url);
    },
  };
}

/**
 * For tests that boot the app themselves: a fresh PostgreSQL database URL when TEST_DATABASE_URL is
 * set (the app then uses it), or undefined (the app opens its own in-memory PGlite).
 */
export async function createTestDatabaseUrl(): Promise<{ url?: string; drop(): Promise<void> }> {
  const serverUrl = testDatabaseUrl();
  if (!serverUrl) return { url: undefined, drop: async () => undefined };
  const url = await createPostgresDatabase(serverUrl);
  return { url, drop: () => dropPostgresDatabase(serverUrl, url) };
}

async function createPostgresDatabase(serverUrl: string): Promise<string> {
  const name = `seed_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropPostgresDatabase(serverUrl: string, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function withAdminClient<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
