import { Global, Module, Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import {
  CoreConfigModule,
  DATABASE,
  Database,
  JobProcessor,
  loadCoreConfig,
  QUEUE_DRIVER,
  QueueDriver,
  QueueJob,
  QueueKind,
  QueueModule,
  QueueProcessor,
} from '@app/core';
import { deleteRedisKeys, describeEachQueueDriver, uniqueQueuePrefix } from '../../support/queue-drivers';
import { requireService } from '../../support/services';
import { createTestDatabase, TestDatabase } from '../../support/test-database';
import { sleep, waitFor } from '../../support/wait-for';

/** What happened, in order, across the processor and the shutdown hooks. */
const events: string[] = [];
const QUEUE = 'module-test';

@QueueProcessor(QUEUE, { concurrency: 1 })
class RecordingProcessor implements JobProcessor<{ holdMs: number }> {
  constructor(private readonly database: Database) {}

  async handle(job: QueueJob<{ holdMs: number }>): Promise<void> {
    events.push(`start ${job.id}`);
    await sleep(job.data.holdMs);
    // Needs the database after the job's wait: it must still be open while the app shuts down.
    await this.database.pool.query('INSERT INTO module_test_results (job_id) VALUES ($1)', [job.id]);
    events.push(`end ${job.id}`);
  }
}

@QueueProcessor(QUEUE)
class SecondProcessorOfTheSameQueue implements JobProcessor {
  async handle(): Promise<void> {}
}

/** Jobs at once derived from QUEUE_CONCURRENCY (2 in these tests' config): expects 4. */
const DERIVED_QUEUE = 'module-test-derived';
const derivedRunning = { now: 0, max: 0 };

@QueueProcessor(DERIVED_QUEUE, { concurrency: (configured) => 2 * configured, idempotent: true })
class DerivedConcurrencyProcessor implements JobProcessor {
  async handle(): Promise<void> {
    derivedRunning.max = Math.max(derivedRunning.max, ++derivedRunning.now);
    await sleep(150);
    derivedRunning.now--;
  }
}

describeEachQueueDriver('QueueModule', (kind: QueueKind) => {
  let database: TestDatabase;
  let redisUrl: string | undefined;
  const prefix = uniqueQueuePrefix();

  beforeAll(async () => {
    redisUrl = kind === 'bullmq' ? await requireService('redis') : undefined;
    database = await createTestDatabase();
    await database.pool.query('CREATE TABLE module_test_results (job_id text NOT NULL)');
  });
  beforeEach(() => (events.length = 0));
  afterAll(async () => {
    await database?.destroy();
    if (redisUrl) await deleteRedisKeys(redisUrl, prefix);
  });

  /** The real Database class over the shared test pool; its shutdown hook is recorded, not run. */
  function bootApp(consume: boolean, processors: Type[]): Promise<TestingModule> {
    const config = { ...loadCoreConfig({}), REDIS_URL: redisUrl, QUEUE_BACKOFF_MS: 20 };
    const handle = { ...database, close: async () => void events.push('database closed') };
    @Global()
    @Module({ providers: [{ provide: DATABASE, useValue: handle }, Database], exports: [Database] })
    class TestDatabaseModule {}
    // Compiled, not yet initialised: each test calls init() (bootstrap hooks) and close() itself.
    return Test.createTestingModule({
      imports: [CoreConfigModule.forRoot(config), TestDatabaseModule, QueueModule.forRoot({ consume, prefix })],
      providers: processors,
    }).compile();
  }

  it('runs @QueueProcessor classes, and on close lets the running job finish before the database closes', async () => {
    const app = await bootApp(true, [RecordingProcessor]);
    await app.init();
    const driver = app.get<QueueDriver>(QUEUE_DRIVER);
    expect(driver.kind).toBe(kind);

    await driver.enqueue(QUEUE, 'record', { holdMs: 300 }, { jobId: 'during-shutdown' });
    await waitFor('the job to start', () => events.includes('start during-shutdown'));
    await app.close();

    expect(events).toEqual(['start during-shutdown', 'end during-shutdown', 'database closed']);
    const { rows } = await database.pool.query('SELECT job_id FROM module_test_results');
    expect(rows).toEqual([{ job_id: 'during-shutdown' }]);
  });

  it('only enqueues in a process that does not consume (api)', async () => {
    const app = await bootApp(false, [RecordingProcessor]);
    await app.init();
    const driver = app.get<QueueDriver>(QUEUE_DRIVER);
    await driver.enqueue(QUEUE, 'record', { holdMs: 0 }, { jobId: 'for-the-worker' });
    await sleep(300);

    expect(await driver.getJob(QUEUE, 'for-the-worker')).toMatchObject({ state: 'waiting' });
    await app.close();
    expect(events).toEqual(['database closed']);
  });

  it('derives the concurrency of a processor from QUEUE_CONCURRENCY when it asks to', async () => {
    Object.assign(derivedRunning, { now: 0, max: 0 });
    const app = await bootApp(true, [DerivedConcurrencyProcessor]);
    await app.init();
    const driver = app.get<QueueDriver>(QUEUE_DRIVER);
    const jobs = Array.from({ length: 8 }, (_, i) => ({ name: 'hold', data: {}, options: { jobId: `derived-${i}` } }));
    await driver.enqueueMany(DERIVED_QUEUE, jobs);
    await waitFor('all jobs to complete', async () => {
      const states = await Promise.all(jobs.map((job) => driver.getJob(DERIVED_QUEUE, job.options.jobId)));
      return states.every((status) => status?.state === 'completed');
    });
    await app.close();
    expect(derivedRunning.max).toBe(4);
  });

  it('refuses to start with two processors for one queue', async () => {
    const app = await bootApp(true, [RecordingProcessor, SecondProcessorOfTheSameQueue]);
    await expect(app.init()).rejects.toThrow(`Queue "${QUEUE}" has two processors`);
    // Nest skips shutdown hooks after a failed bootstrap (the process would exit); release Redis here.
    await app.get<QueueDriver>(QUEUE_DRIVER).close();
    expect(events).toEqual([]);
  });
});
