import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQueueDriver, DatabaseHandle, openDatabase, QueueDriver, QueueKind } from '@app/core';
import { cleanEnv, RunningProcess } from '../../support/child-process';
import { deleteRedisKeys, describeEachQueueDriver, uniqueQueuePrefix } from '../../support/queue-drivers';
import { requireService, serviceUrl } from '../../support/services';
import { createTestDatabaseUrl } from '../../support/test-database';

/**
 * A real worker process accepts jobs (its enqueue returned), is killed with SIGKILL in the middle of
 * one and started again: every accepted job must then complete, and its effect be written exactly once. BullMQ recovers the job
 * through stalled-job detection (short lock here); the inline driver resumes the row left `active`.
 * On PGlite the database is a data directory on disk, shared by the processes one after the other.
 */
const FIXTURE = 'test/support/queue-worker.fixture.ts';
const QUEUE = 'crash-test';
const JOB_IDS = ['crash-a', 'crash-b', 'crash-c'];
const QUEUE_CONFIG = (redisUrl?: string) => ({
  REDIS_URL: redisUrl,
  QUEUE_ATTEMPTS: 3,
  QUEUE_BACKOFF_MS: 50,
  QUEUE_LOCK_MS: 1_000,
});

interface CrashStore {
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  destroy(): Promise<void>;
}

/** PostgreSQL (a fresh database) when TEST_DATABASE_URL is set, else a PGlite data directory on disk. */
async function createCrashStore(): Promise<CrashStore> {
  if (serviceUrl('postgres')) {
    const database = await createTestDatabaseUrl();
    const url = database.url!;
    return { env: { DATABASE_URL: url }, open: () => openStore({ url }), destroy: database.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'seed-crash-'));
  return {
    env: { DATA_DIR: dir },
    open: () => openStore({ dataDir: dir }),
    destroy: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

const openStore = (where: { url?: string; dataDir?: string }) =>
  openDatabase({ url: where.url, dataDir: where.dataDir ?? 'memory://', poolSize: 2, connectTimeoutMs: 5_000 });

describeEachQueueDriver('worker killed with SIGKILL mid-job', (kind: QueueKind) => {
  let store: CrashStore;
  let redisUrl: string | undefined;
  const prefix = uniqueQueuePrefix();
  const children: RunningProcess[] = [];

  beforeAll(async () => {
    redisUrl = kind === 'bullmq' ? await requireService('redis') : undefined;
    store = await createCrashStore();
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => child.stop('SIGKILL')));
    await store?.destroy();
    if (redisUrl) await deleteRedisKeys(redisUrl, prefix);
  });

  /** Opens the store and a driver on it, runs `work`, closes both (PGlite allows one process at a time). */
  async function withDriver<T>(work: (driver: QueueDriver, database: DatabaseHandle) => Promise<T>): Promise<T> {
    const database = await store.open();
    const driver = createQueueDriver(QUEUE_CONFIG(redisUrl), database.pool, prefix);
    try {
      return await work(driver, database);
    } finally {
      await driver.close();
      await database.close();
    }
  }

  /** The killed job is still `active` (its lock not yet expired) and nothing queued behind it has moved. */
  async function expectInterrupted(interrupted: string): Promise<void> {
    const driver = createQueueDriver(QUEUE_CONFIG(redisUrl), undefined, prefix);
    try {
      expect(await driver.getJob(QUEUE, interrupted)).toMatchObject({ state: 'active' });
      for (const id of JOB_IDS.filter((id) => id !== interrupted)) {
        expect(await driver.getJob(QUEUE, id)).toMatchObject({ state: 'waiting' });
      }
    } finally {
      await driver.close();
    }
  }

  function startWorker(jobMs: number, enqueueIds: string[] = []): RunningProcess {
    const env = {
      ...store.env,
      QUEUE_PREFIX: prefix,
      QUEUE_LOCK_MS: '1000',
      CRASH_QUEUE: QUEUE,
      JOB_MS: String(jobMs),
      ENQUEUE_IDS: enqueueIds.join(','),
    };
    const child = new RunningProcess(FIXTURE, cleanEnv(redisUrl ? { ...env, REDIS_URL: redisUrl } : env));
    children.push(child);
    return child;
  }

  it('runs every accepted job to completion exactly once after a restart', async () => {
    // The first worker accepts three jobs, then is killed while running the first (each would take a minute).
    const first = startWorker(60_000, JOB_IDS);
    const [, interrupted] = await first.waitForLine(/FIXTURE started (\S+)/);
    await first.waitForLine(new RegExp(`FIXTURE enqueued ${JOB_IDS[JOB_IDS.length - 1]}\\b`));
    expect(await first.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(first.output).not.toMatch(/FIXTURE done/);
    // BullMQ's state is in Redis and readable now; the inline driver's is checked by the restart below
    // (reopening a PGlite directory costs seconds on a loaded machine).
    if (kind === 'bullmq') await expectInterrupted(interrupted);

    const second = startWorker(200);
    for (const id of JOB_IDS) await second.waitForLine(new RegExp(`FIXTURE done ${id}\\b`));
    // SIGTERM is the graceful path: the queue closes, then the database, then the process exits.
    const exit = await second.stop('SIGTERM');
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);

    expect(countLines(second.output, /FIXTURE started/)).toBe(JOB_IDS.length);
    if (kind === 'inline') expect(second.output).toMatch(/resuming 1 job\(s\) interrupted by the previous shutdown/);
    await withDriver(async (driver, database) => {
      const { rows } = await database.pool.query<{ job_id: string; runs: number }>(
        'SELECT job_id, count(*)::int AS runs FROM crash_test_results GROUP BY job_id ORDER BY job_id',
      );
      expect(rows).toEqual(JOB_IDS.map((id) => ({ job_id: id, runs: 1 })));
      for (const id of JOB_IDS) {
        expect(await driver.getJob(QUEUE, id)).toMatchObject({ state: 'completed', attemptsMade: 1 });
      }
    });
  }, 90_000);
});

const countLines = (text: string, pattern: RegExp) => text.split('\n').filter((line) => pattern.test(line)).length;
