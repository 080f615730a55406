import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { vector } from '@electric-sql/pglite-pgvector';
import { Pool } from 'pg';
import { lockDataDir } from './data-dir-lock';
import { DatabaseKind } from './database-kind';

export interface DatabaseHandle {
  kind: DatabaseKind;
  pool: Pool;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Unset: embedded PGlite. */
  url?: string;
  /** PGlite data directory; `memory://` keeps it in memory (tests). */
  dataDir: string;
  poolSize: number;
  connectTimeoutMs: number;
}

const logger = new Logger('Database');

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url, options) : openPglite(options.dataDir);
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  const pool = new Pool({ connectionString: url, max: options.poolSize, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its server emits 'error' on the pool; without a listener that kills the process.
  pool.on('error', (error) => logger.warn(`idle database connection lost: ${error.message}`));
  try {
    await waitUntilReachable(pool, options.connectTimeoutMs, describeUrl(url));
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return { kind: 'postgres', pool, close: () => pool.end() };
}

/**
 * PGlite is one Postgres backend in this process: the pool's single connection makes concurrent
 * callers queue for it instead of failing. Code must not hold a client while waiting for another one.
 */
async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://');
  const location = inMemory ? dataDir : resolve(dataDir, 'pglite');
  if (!inMemory) mkdirSync(location, { recursive: true });
  const unlock = inMemory ? () => undefined : lockDataDir(resolve(dataDir));
  try {
    const pglite = await PGlite.create(location, { extensions: { vector } });
    const pool = new Pool({ ...createPgConfig(pglite), max: 1 });
    return {
      kind: 'pglite',
      pool,
      close: async () => {
        await pool.end();
        await pglite.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/** True when the pool answers a trivial query; for health checks, never throws. */
export async function pingPool(pool: Pool): Promise<boolean> {
  try {
    await pool.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** Retries with exponential backoff (250 ms doubling, capped at 5 s) until `timeoutMs` has passed. */
export async function waitUntilReachable(pool: Pool, timeoutMs: number, label: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1, delay = 250; ; attempt++, delay = Math.min(delay * 2, 5_000)) {
    try {
      await pool.query('SELECT 1');
      if (attempt > 1) logger.log(`database ${label} reachable after ${attempt} attempts`);
      return;
    } catch (error) {
      const reason = (error as Error).message || (error as { code?: string }).code || String(error);
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `DATABASE_URL: cannot reach database ${label} after ${attempt} attempts over ${Math.round(timeoutMs / 1000)} s (${reason})`,
        );
      }
      logger.warn(`database ${label} unreachable (attempt ${attempt}: ${reason}); retrying in ${delay} ms`);
      await new Promise((done) => setTimeout(done, Math.min(delay, remaining)));
    }
  }
}

/** host:port/db without credentials, for logs. */
function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
