import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, MIGRATIONS_DIR } from '@app/core';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

const ROOT = join(__dirname, '../../..');

async function schemaSnapshot(db: TestDatabase): Promise<string[]> {
  const { rows } = await db.pool.query<{ item: string }>(`
    SELECT table_name || '.' || column_name || ':' || data_type AS item FROM information_schema.columns
    WHERE table_schema = 'public'
    UNION ALL SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = 'public'
    ORDER BY 1`);
  return rows.map((row) => row.item);
}

async function appliedMigrations(db: TestDatabase): Promise<string[]> {
  const { rows } = await db.pool.query<{ name: string }>('SELECT name FROM pgmigrations ORDER BY run_on, id');
  return rows.map((row) => row.name);
}

/** Runs `npm run migrate`'s entry point in its own process against `url`. */
function migrateInChildProcess(url: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/cli/migrate.cli.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('migrations', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase({ migrate: false });
  });

  afterEach(() => db.destroy());

  it('applies every file once; a second run changes nothing', async () => {
    const first = await migrate(db.pool);
    expect(first.length).toBeGreaterThan(0);
    const before = await schemaSnapshot(db);
    expect(before).toEqual(expect.arrayContaining(['api_keys.key_hash:text', 'tenants.name:text']));

    expect(await migrate(db.pool)).toEqual([]);
    expect(await schemaSnapshot(db)).toEqual(before);
    expect(await appliedMigrations(db)).toEqual(first);
  });

  it('creates the vector extension', async () => {
    await migrate(db.pool);
    const { rows } = await db.pool.query("SELECT extname FROM pg_extension WHERE extname = 'vector'");
    expect(rows).toHaveLength(1);
  });

  it('a failing migration leaves no partial schema and is not recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-migrations-'));
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      writeFileSync(
        join(dir, '9999999999999_broken.sql'),
        '-- Up Migration\nCREATE TABLE half_done (id int);\nSELECT no_such_function();\n-- Down Migration\n',
      );
      await expect(migrate(db.pool, dir)).rejects.toThrow(/no_such_function/);

      const { rows } = await db.pool.query("SELECT to_regclass('public.half_done') AS found");
      expect(rows[0].found).toBeNull();
      expect(await appliedMigrations(db)).not.toContain('9999999999999_broken');
      // Earlier files were each in their own transaction, so they stay applied.
      expect(await appliedMigrations(db)).toContain('1732780800000_foundation');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('concurrent runs on one pool apply each file once', async () => {
    const results = await Promise.all([migrate(db.pool), migrate(db.pool), migrate(db.pool)]);
    const applied = results.flat();
    expect(new Set(applied).size).toBe(applied.length);
    expect(await appliedMigrations(db)).toEqual(applied.sort());
  });

  // Two real processes racing on one PostgreSQL database: the advisory lock makes the second wait.
  // (PGlite is one process's database by design, so this case exists only against PostgreSQL.)
  if (process.env.TEST_DATABASE_URL)
    it('two processes migrating at once both succeed and apply each file once', async () => {
      const runs = await Promise.all([migrateInChildProcess(db.url!), migrateInChildProcess(db.url!)]);
      for (const run of runs) expect(run).toMatchObject({ code: 0 });
      const names = await appliedMigrations(db);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toContain('1732780800000_foundation');
      expect(runs.map((run) => run.output).join('')).toMatch(/database is up to date/);
    }, 60_000);
});
