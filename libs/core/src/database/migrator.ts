import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';

/** Repository root's `migrations/`, found from this file whether it runs from source or from dist. */
export const MIGRATIONS_DIR = resolve(
  __dirname,
  __dirname.includes('/dist/') ? '../../../../../migrations' : '../../../../migrations',
);

const logger = new Logger('Migrations');

/**
 * Applies pending SQL migrations with node-pg-migrate: files in name order, each in its own
 * transaction, recorded in `pgmigrations`, under an advisory lock that makes a second process wait
 * and then find nothing left to do. It runs on one client of our pool, so PGlite and PostgreSQL take
 * the same path.
 */
export async function migrate(pool: Pool, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  // node-pg-migrate 9 is ESM-only; Node 20 loads it through require(esm).
  const { runner } = await import('node-pg-migrate');
  const client = await pool.connect();
  try {
    const applied = await runner({
      dbClient: client,
      dir,
      migrationsTable: 'pgmigrations',
      direction: 'up',
      singleTransaction: false,
      checkOrder: true,
      advisoryLockMode: 'wait',
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: (m) => logger.warn(m),
        error: (m) => logger.error(m),
      },
    });
    for (const migration of applied) logger.log(`applied ${migration.name}`);
    return applied.map((migration) => migration.name);
  } catch (error) {
    // node-pg-migrate leaves a failed file's transaction open and so cannot release its lock. Roll the
    // file back and drop the lock here, or the connection (PGlite's only one) stays unusable.
    await client.query('ROLLBACK').catch(() => undefined);
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
