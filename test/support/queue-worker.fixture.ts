/**
 * A real worker process for test/medium/queue/worker-crash.test.ts: the production modules (config,
 * database, queue) booted by Nest from the environment, with one processor. It prints
 * `FIXTURE started <id>` / `FIXTURE done <id>` so the test can kill it mid-job, and handles SIGTERM
 * like the worker does (the queue closes, then the database).
 *
 * With ENQUEUE_IDS it also enqueues those jobs through the app's own driver and prints
 * `FIXTURE enqueued <id>` once each enqueue has returned, so the test can check that an accepted job
 * survives a SIGKILL that follows.
 *
 * Environment: DATABASE_URL or DATA_DIR, REDIS_URL (BullMQ) or not (inline), QUEUE_PREFIX,
 * QUEUE_LOCK_MS, CRASH_QUEUE (queue name), JOB_MS (how long each job takes), ENQUEUE_IDS.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  CoreConfigModule,
  Database,
  DatabaseModule,
  JobProcessor,
  loadCoreConfig,
  QUEUE_DRIVER,
  QueueDriver,
  QueueJob,
  QueueModule,
  QueueProcessor,
} from '@app/core';

const queue = process.env.CRASH_QUEUE ?? 'crash-test';
const jobMs = Number(process.env.JOB_MS ?? 300);
const say = (line: string) => process.stdout.write(`FIXTURE ${line}\n`);

@QueueProcessor(queue, { concurrency: 1 })
class CrashTestProcessor implements JobProcessor<{ label: string }> {
  constructor(private readonly database: Database) {}

  async handle(job: QueueJob<{ label: string }>): Promise<void> {
    say(`started ${job.id}`);
    await new Promise((done) => setTimeout(done, jobMs));
    // The job's effect is written last, as a real processor would commit its result.
    await this.database.pool.query('INSERT INTO crash_test_results (job_id, label) VALUES ($1, $2)', [
      job.id,
      job.data.label,
    ]);
    say(`done ${job.id}`);
  }
}

@Module({
  imports: [
    CoreConfigModule.forRoot(loadCoreConfig()),
    DatabaseModule.forRoot({ migrate: true }),
    QueueModule.forRoot({ consume: true, prefix: process.env.QUEUE_PREFIX }),
  ],
  providers: [CrashTestProcessor],
})
class QueueWorkerFixtureModule {}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(QueueWorkerFixtureModule, {
    logger: ['error', 'warn', 'log'],
  });
  app.enableShutdownHooks();
  await app.init();
  say('ready');
  const ids = (process.env.ENQUEUE_IDS ?? '').split(',').filter(Boolean);
  if (ids.length === 0) return;
  await app
    .get(Database)
    .pool.query(
      'CREATE TABLE IF NOT EXISTS crash_test_results (id serial PRIMARY KEY, job_id text NOT NULL, label text NOT NULL)',
    );
  const driver = app.get<QueueDriver>(QUEUE_DRIVER);
  for (const id of ids) {
    await driver.enqueue(queue, 'crash', { label: `label of ${id}` }, { jobId: id });
    say(`enqueued ${id}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`FIXTURE crashed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
