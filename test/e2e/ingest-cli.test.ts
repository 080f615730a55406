import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CoreModule, loadCoreConfig, TenantsService } from '@app/core';
import { CollectionsService, RagModule } from '@app/rag';
import { SlmModule } from '@app/slm';
import { runEntryPoint } from '../support/run-process';
import { createTestDatabaseUrl } from '../support/test-database';
import { htmlPage, startTestWebsite, TestWebsite } from '../support/test-website';

const CLI = 'libs/rag/src/cli/ingest.cli.ts';
const TIMEOUT_MS = 120_000;

/** The database the CLI opens: a fresh PostgreSQL database with TEST_DATABASE_URL, else a PGlite folder. */
interface CliDatabase {
  env: Record<string, string | undefined>;
  drop(): Promise<void>;
}

async function createCliDatabase(workDir: string): Promise<CliDatabase> {
  const postgres = await createTestDatabaseUrl();
  const env = postgres.url
    ? { DATABASE_URL: postgres.url, DATA_DIR: undefined }
    : { DATABASE_URL: undefined, DATA_DIR: join(workDir, 'data') };
  // REDIS_URL passes through: with it the CLI's jobs run on BullMQ, without it on the in-process queue.
  // The site it crawls listens on 127.0.0.1, which the default outbound policy refuses.
  const outbound = { OUTBOUND_ALLOW_PRIVATE: 'true' };
  return { env: { ...env, ...outbound, TEST_DATABASE_URL: undefined, LOG_LEVEL: undefined }, drop: postgres.drop };
}

/** A tenant and a collection in that database, written by a context that is closed again (PGlite's lock). */
async function createCollection(env: Record<string, string | undefined>): Promise<string> {
  const config = { ...loadCoreConfig({ ...env, REDIS_URL: undefined }), LOG_LEVEL: 'silent' as const };
  @Module({
    imports: [CoreModule.forRoot({ config, consumeJobs: false, migrate: true }), SlmModule.forRoot(), RagModule],
  })
  class SetupModule {}
  const app = await NestFactory.createApplicationContext(SetupModule, { logger: false });
  try {
    const { tenant } = await app.get(TenantsService).createWithAdminKey('cli', 'test');
    return (await app.get(CollectionsService).create(tenant.id, 'bulk')).id;
  } finally {
    await app.close();
  }
}

const summaryOf = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!);

describe('npm run ingest (the CLI as a child process)', () => {
  let workDir: string;
  let database: CliDatabase;
  let collectionId: string;
  let site: TestWebsite;
  const ingest = (args: string[], env: Record<string, string | undefined> = database.env) =>
    runEntryPoint(CLI, env, args, TIMEOUT_MS);

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'seed-ingest-'));
    database = await createCliDatabase(workDir);
    collectionId = await createCollection(database.env);
    site = await startTestWebsite({
      '/robots.txt': { type: 'text/plain', body: 'User-agent: *\nDisallow: /internal\n' },
      '/': htmlPage('Docs', 'Documentation home for the billing product.', ['/billing', '/internal']),
      '/billing': htmlPage('Billing', 'Invoices are sent on the first day of each month.', ['/billing/vat']),
      '/billing/vat': htmlPage('VAT', 'Prices include VAT; two hops away from the root.'),
    });
  });

  afterAll(async () => {
    await site?.close();
    await database?.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('loads a folder: ready documents, the binary junk named .txt failed with its reason, exit code 1', async () => {
    const folder = join(workDir, 'files');
    mkdirSync(join(folder, 'nested'), { recursive: true });
    writeFileSync(join(folder, 'returns.md'), '# Returns\n\nItems can be returned within 30 days of delivery.\n');
    writeFileSync(join(folder, 'shipping.txt'), 'Parcels leave the warehouse every afternoon.\n');
    writeFileSync(join(folder, 'junk.txt'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)));
    writeFileSync(join(folder, '.notes.md'), '# Hidden\n\nNot loaded.\n');
    writeFileSync(join(folder, 'nested', 'more.md'), '# Nested\n\nOnly with --recursive.\n');

    const result = await ingest([folder, '--collection', collectionId]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 1, stderr: expect.any(String) });
    expect(summaryOf(result.stdout)).toEqual({
      documents: 3,
      ready: 2,
      failed: 1,
      chunks: 2,
      seconds: expect.any(Number),
    });
    expect(result.stderr).toMatch(/failed junk\.txt: .*binary/);
    expect(result.stderr).toMatch(/ready returns\.md \(1 chunk\)/);
    expect(result.stderr).toContain('add --recursive');
    expect(result.stderr).not.toContain('.notes.md');

    const again = await ingest([folder, '--collection', collectionId, '--recursive']);
    expect(again.code).toBe(1);
    expect(summaryOf(again.stdout)).toMatchObject({ documents: 4, ready: 3, failed: 1, chunks: 3 });
  });

  it('crawls a URL into the collection within the depth and robots.txt', async () => {
    const result = await ingest([site.origin, '--collection', collectionId, '--max-depth', '1']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(summaryOf(result.stdout)).toMatchObject({ documents: 2, ready: 2, failed: 0, chunks: 2, pages: 2 });
    expect(result.stderr).toContain(`skipped ${site.origin}/internal: disallowed by robots.txt`);
    expect(site.requests).not.toContain('/billing/vat');
    expect(site.requests).not.toContain('/internal');
  });

  it('exits 2 with a message for a missing or unknown collection or a missing path', async () => {
    const cases: [string[], RegExp][] = [
      [[workDir], /--collection: the id of the collection to load into is required/],
      [[join(workDir, 'nothing-here'), '--collection', collectionId], /nothing-here: no such file or folder/],
      [
        [workDir, '--collection', '00000000-0000-4000-8000-000000000000'],
        /no collection 00000000-0000-4000-8000-000000000000/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await ingest(args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
  });

  it('refuses to open an embedded database another process holds, with the lock message', async () => {
    const dataDir = join(workDir, 'locked');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'seed.lock'), String(process.pid)); // this live process "runs npm start"
    const result = await ingest([workDir, '--collection', collectionId], {
      DATABASE_URL: undefined,
      TEST_DATABASE_URL: undefined,
      DATA_DIR: dataDir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the embedded database in ${dataDir} is in use by process ${process.pid}`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
