import { JobProcessor, QueueJob } from '@app/core';
import { createQueueTestContext, describeEachQueueDriver, QueueTestContext } from '../../support/queue-drivers';
import { sleep, waitFor } from '../../support/wait-for';

/** A processor from a plain function, as a test double of a `@QueueProcessor` class. */
const processor = (handle: (job: QueueJob) => Promise<void>): JobProcessor => ({ handle });

describeEachQueueDriver('queue', (kind) => {
  let context: QueueTestContext;

  beforeAll(async () => {
    context = await createQueueTestContext(kind);
  });
  afterEach(() => context.closeDrivers());
  afterAll(() => context?.destroy());

  const waitForState = (driver: ReturnType<QueueTestContext['newDriver']>, queue: string, id: string, state: string) =>
    waitFor(`job ${id} to be ${state}`, async () => {
      const status = await driver.getJob(queue, id);
      return status?.state === state && status;
    });

  it('retries a failing job with exponential backoff, then marks it failed with its reason', async () => {
    const driver = context.newDriver();
    const queue = context.queueName('always-fails');
    const tries: { startedAt: number; attemptsMade: number }[] = [];
    await driver.consume(
      queue,
      processor(async (job) => {
        tries.push({ startedAt: Date.now(), attemptsMade: job.attemptsMade });
        throw new Error(`parser exploded on try ${tries.length}`);
      }),
      { concurrency: 1 },
    );

    const { id } = await driver.enqueue(queue, 'parse', { documentId: 'd1' }, { attempts: 3, backoffMs: 40 });
    const status = await waitForState(driver, queue, id, 'failed');

    expect(status).toEqual({ id, state: 'failed', attemptsMade: 3, failedReason: 'parser exploded on try 3' });
    expect(tries.map((t) => t.attemptsMade)).toEqual([0, 1, 2]);
    // Backoff doubles: at least 40 ms before the 2nd try and 80 ms before the 3rd.
    expect(tries[1].startedAt - tries[0].startedAt).toBeGreaterThanOrEqual(40);
    expect(tries[2].startedAt - tries[1].startedAt).toBeGreaterThanOrEqual(80);
  });

  it('completes a job that succeeds on a retry, with its data intact', async () => {
    const driver = context.newDriver();
    const queue = context.queueName('flaky');
    const seen: unknown[] = [];
    await driver.consume(
      queue,
      processor(async (job) => {
        seen.push(job.data);
        if (job.attemptsMade === 0) throw new Error('temporary outage');
      }),
      { concurrency: 1 },
    );

    const data = { documentId: 'd2', tags: ['a', 'b'], nested: { n: 1 } };
    const { id } = await driver.enqueue(queue, 'parse', data, { attempts: 3, backoffMs: 10 });
    const status = await waitForState(driver, queue, id, 'completed');

    expect(status.attemptsMade).toBe(2);
    expect(seen).toEqual([data, data]);
  });

  it('runs a job id enqueued twice only once, and reports the second enqueue as not created', async () => {
    const driver = context.newDriver();
    const queue = context.queueName('idempotent');
    const runs: { id: string; data: unknown }[] = [];
    const first = await driver.enqueue(queue, 'ingest', { version: 1 }, { jobId: 'doc-1-hash-a' });
    const second = await driver.enqueue(queue, 'ingest', { version: 2 }, { jobId: 'doc-1-hash-a' });
    expect(first).toEqual({ id: 'doc-1-hash-a', created: true });
    expect(second).toEqual({ id: 'doc-1-hash-a', created: false });

    await driver.consume(
      queue,
      processor(async (job) => void runs.push({ id: job.id, data: job.data })),
      { concurrency: 1 },
    );
    await waitForState(driver, queue, 'doc-1-hash-a', 'completed');
    // A finished id is refused too; a later job proves nothing else was queued behind it (FIFO, one at a time).
    expect(await driver.enqueue(queue, 'ingest', { version: 3 }, { jobId: 'doc-1-hash-a' })).toEqual({
      id: 'doc-1-hash-a',
      created: false,
    });
    await driver.enqueue(queue, 'ingest', { version: 4 }, { jobId: 'sentinel' });
    await waitForState(driver, queue, 'sentinel', 'completed');

    expect(runs).toEqual([
      { id: 'doc-1-hash-a', data: { version: 1 } },
      { id: 'sentinel', data: { version: 4 } },
    ]);
  });

  it('enqueues many jobs at once: in order, each id once, existing ids reported as not created', async () => {
    const driver = context.newDriver();
    const queue = context.queueName('many');
    const runs: { id: string; data: unknown }[] = [];
    await driver.enqueue(queue, 'ingest', { version: 0 }, { jobId: 'doc-0' });
    const results = await driver.enqueueMany(queue, [
      { name: 'ingest', data: { version: 1 }, options: { jobId: 'doc-1' } },
      { name: 'ingest', data: { version: 0, again: true }, options: { jobId: 'doc-0' } },
      { name: 'ingest', data: { version: 2 }, options: { jobId: 'doc-2' } },
      { name: 'ingest', data: { version: 1, again: true }, options: { jobId: 'doc-1' } },
      { name: 'ingest', data: { version: 3 }, options: { jobId: 'doc-3' } },
    ]);
    expect(results).toEqual([
      { id: 'doc-1', created: true },
      { id: 'doc-0', created: false },
      { id: 'doc-2', created: true },
      { id: 'doc-1', created: false },
      { id: 'doc-3', created: true },
    ]);
    expect(await driver.enqueueMany(queue, [])).toEqual([]);

    await driver.consume(
      queue,
      processor(async (job) => void runs.push({ id: job.id, data: job.data })),
      { concurrency: 1 },
    );
    await waitForState(driver, queue, 'doc-3', 'completed');
    // One at a time, oldest first: the list's order survives a single statement's shared timestamp.
    expect(runs).toEqual([
      { id: 'doc-0', data: { version: 0 } },
      { id: 'doc-1', data: { version: 1 } },
      { id: 'doc-2', data: { version: 2 } },
      { id: 'doc-3', data: { version: 3 } },
    ]);
  });

  it('rejects job ids that BullMQ cannot store, on both drivers alike', async () => {
    const driver = context.newDriver();
    const queue = context.queueName('ids');
    await expect(driver.enqueue(queue, 'x', {}, { jobId: 'doc:1' })).rejects.toThrow(/contains ':'/);
    await expect(driver.enqueue(queue, 'x', {}, { jobId: '42' })).rejects.toThrow(/is an integer/);
    await expect(driver.enqueue('bad:queue', 'x', {})).rejects.toThrow(/Queue name "bad:queue" is invalid/);
  });

  it('close() waits for the running job to finish and leaves queued jobs for the next start', async () => {
    const driver = context.newDriver();
    const queue = context.queueName('shutdown');
    const events: string[] = [];
    await driver.consume(
      queue,
      processor(async (job) => {
        events.push(`start ${job.id}`);
        await sleep(300);
        events.push(`end ${job.id}`);
      }),
      { concurrency: 1 },
    );
    await driver.enqueue(queue, 'slow', {}, { jobId: 'running-job' });
    await driver.enqueue(queue, 'slow', {}, { jobId: 'queued-job' });
    await waitFor('the first job to start', () => events.includes('start running-job'));

    await driver.close();
    events.push('closed');

    expect(events).toEqual(['start running-job', 'end running-job', 'closed']);
    const reader = context.newDriver();
    expect(await reader.getJob(queue, 'running-job')).toMatchObject({ state: 'completed', attemptsMade: 1 });
    expect(await reader.getJob(queue, 'queued-job')).toMatchObject({ state: 'waiting', attemptsMade: 0 });
  });

  it('never runs more jobs of a queue at once than its concurrency', async () => {
    const driver = context.newDriver();
    const queue = context.queueName('concurrency');
    let running = 0;
    let mostAtOnce = 0;
    let finished = 0;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await driver.enqueue(queue, 'work', { i })).id);
    await driver.consume(
      queue,
      processor(async () => {
        mostAtOnce = Math.max(mostAtOnce, ++running);
        await sleep(150);
        running--;
        finished++;
      }),
      { concurrency: 2 },
    );

    await waitFor('all six jobs to finish', () => finished === 6);
    for (const id of ids) await waitForState(driver, queue, id, 'completed');
    expect(mostAtOnce).toBe(2);
  });
});
