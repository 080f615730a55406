import { InlineQueueDriver } from '@app/core';
import { createTestDatabase, TestDatabase } from '../../support/test-database';
import { waitFor } from '../../support/wait-for';

/**
 * Embedded mode keeps jobs as rows: finished ones must not pile up forever, yet their ids must stay
 * refused (idempotency) for the retention window, as BullMQ's removeOnComplete/removeOnFail ages do.
 */
describe('in-process queue retention', () => {
  let database: TestDatabase;
  let driver: InlineQueueDriver;

  beforeAll(async () => {
    database = await createTestDatabase();
    driver = new InlineQueueDriver(database.pool, { attempts: 1, backoffMs: 10, idlePollMs: 50 });
  });
  afterAll(async () => {
    await driver?.close();
    await database?.destroy();
  });

  const ageJob = (id: string, days: number) =>
    database.pool.query(`UPDATE queue_jobs SET finished_at = now() - $2::int * interval '1 day' WHERE id = $1`, [
      id,
      days,
    ]);

  it('drops completed jobs after 7 days and failed ones after 30, and keeps everything else', async () => {
    await driver.consume(
      'retention',
      {
        handle: async (job) => {
          if (job.name === 'fail') throw new Error('bad file');
        },
      },
      { concurrency: 1 },
    );
    for (const id of ['old-done', 'new-done', 'old-failed', 'very-old-failed'])
      await driver.enqueue('retention', id.endsWith('failed') ? 'fail' : 'ok', {}, { jobId: id });
    for (const id of ['old-done', 'new-done'])
      await waitFor(`${id} completed`, async () => (await driver.getJob('retention', id))?.state === 'completed');
    for (const id of ['old-failed', 'very-old-failed'])
      await waitFor(`${id} failed`, async () => (await driver.getJob('retention', id))?.state === 'failed');
    await ageJob('old-done', 8);
    await ageJob('old-failed', 8);
    await ageJob('very-old-failed', 31);
    await database.pool.query(
      `INSERT INTO queue_jobs (queue, id, name, data, max_attempts, backoff_ms, run_at)
       VALUES ('retention', 'scheduled', 'ok', '{}', 1, 10, now() + interval '1 day')`,
    );

    expect(await driver.pruneFinishedJobs()).toBe(2);

    expect(await driver.getJob('retention', 'old-done')).toBeNull();
    expect(await driver.getJob('retention', 'very-old-failed')).toBeNull();
    expect((await driver.getJob('retention', 'new-done'))?.state).toBe('completed');
    expect(await driver.getJob('retention', 'old-failed')).toMatchObject({ state: 'failed', failedReason: 'bad file' });
    expect((await driver.getJob('retention', 'scheduled'))?.state).toBe('delayed');
    // Inside the window an id stays refused; once dropped it can be enqueued again.
    expect((await driver.enqueue('retention', 'ok', {}, { jobId: 'new-done' })).created).toBe(false);
    expect((await driver.enqueue('retention', 'ok', {}, { jobId: 'old-done' })).created).toBe(true);
  });
});
