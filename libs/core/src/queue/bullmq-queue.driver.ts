import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Job, JobsOptions, Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { assertValidJobId, assertValidQueueName } from './queue-names';
import {
  ConsumeOptions,
  EnqueueOptions,
  EnqueueResult,
  FINISHED_JOB_RETENTION,
  JobProcessor,
  JobState,
  JobStatus,
  NewJob,
  QueueDriver,
} from './queue.types';

export interface BullmqQueueDriverOptions {
  redisUrl: string;
  /** Redis key prefix shared by all queues; tests use a unique one per run. */
  prefix: string;
  attempts: number;
  backoffMs: number;
  /** A job whose worker stops renewing its lock for this long is stalled and handed to another worker. */
  lockMs: number;
  /** Idempotency window: a finished job id is refused for this long, then its record is dropped. */
  keepCompletedSeconds?: number;
  keepFailedSeconds?: number;
}

const PING_TIMEOUT_MS = 2_000;

/**
 * Marks the job hash the first time an enqueue sees it. BullMQ's add returns the same result whether it
 * created the job or found it, so this is how `created` is told apart; only the hash's first marker
 * wins, so concurrent enqueues of one id get exactly one `created: true`. The EXISTS guard keeps the
 * marker from recreating the hash of a job that finished and was removed in between.
 */
const MARK_CREATED_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 1 end
return redis.call('HSETNX', KEYS[1], ARGV[1], '1')`;

const BULLMQ_STATES: Record<string, JobState> = {
  waiting: 'waiting',
  wait: 'waiting',
  prioritized: 'waiting',
  'waiting-children': 'waiting',
  active: 'active',
  delayed: 'delayed',
  completed: 'completed',
  failed: 'failed',
};

/**
 * The production queue. It uses bullmq's Queue and Worker directly rather than @nestjs/bullmq, whose
 * WorkerHost would tie processor classes to BullMQ; here the same JobProcessor runs on either driver.
 * BullMQ gives retries with exponential backoff, idempotent job ids, stalled-job recovery (a worker
 * killed mid-job loses its lock and another worker, or the restarted one, takes the job over) and a
 * graceful `Worker.close()` that lets running jobs finish.
 */
export class BullmqQueueDriver implements QueueDriver {
  readonly kind = 'bullmq' as const;
  private readonly logger = new Logger('Queue');
  private readonly producer: IORedis;
  private workerConnection: IORedis | undefined;
  private readonly queues = new Map<string, Queue>();
  private readonly workers = new Map<string, Worker>();

  constructor(private readonly options: BullmqQueueDriverOptions) {
    // Producers keep ioredis's bounded retries so an enqueue fails instead of hanging when Redis is down.
    this.producer = this.connect({});
  }

  async enqueue<T>(queue: string, name: string, data: T, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    const [result] = await this.enqueueMany(queue, [{ name, data, options }]);
    return result;
  }

  async enqueueMany<T>(queue: string, jobs: NewJob<T>[]): Promise<EnqueueResult[]> {
    const target = this.queueFor(queue);
    if (jobs.length === 0) return [];
    const ids = jobs.map((job) => job.options?.jobId ?? randomUUID());
    ids.forEach(assertValidJobId);
    await target.addBulk(
      jobs.map((job, i) => ({ name: job.name, data: job.data, opts: this.jobOptions(ids[i], job.options ?? {}) })),
    );
    const marks = this.producer.pipeline();
    for (const id of ids) marks.eval(MARK_CREATED_SCRIPT, 1, target.toKey(id), 'seedEnqueued');
    const replies = (await marks.exec()) ?? [];
    return ids.map((id, i) => {
      const [error, created] = replies[i] ?? [new Error('no reply from Redis')];
      if (error) throw error;
      return { id, created: created === 1 };
    });
  }

  async consume(queue: string, processor: JobProcessor, options: ConsumeOptions): Promise<void> {
    assertValidQueueName(queue);
    if (this.workers.has(queue)) throw new Error(`Queue "${queue}" already has a processor in this process`);
    const worker = new Worker(queue, (job: Job) => processor.handle(toQueueJob(queue, job)), {
      connection: this.sharedWorkerConnection(),
      prefix: this.options.prefix,
      concurrency: options.concurrency,
      lockDuration: this.options.lockMs,
      // Checked twice per lock period, so a dead worker's job is taken over within about 1.5 lock periods.
      stalledInterval: Math.max(500, Math.floor(this.options.lockMs / 2)),
      // A job that keeps killing its worker (say, out of memory) fails after as many crashes as tries.
      maxStalledCount: this.options.attempts,
    });
    worker.on('error', (error) => this.logger.error(`${queue}: ${error.message}`));
    worker.on('failed', (job, error) => this.logFailure(queue, job, error));
    this.workers.set(queue, worker);
    await worker.waitUntilReady();
  }

  async getJob(queue: string, id: string): Promise<JobStatus | null> {
    // State first, then the job's fields: a finished state never changes, so fields read after it are
    // final. The other order could pair `completed` with the attempt count of the try still running.
    const state = BULLMQ_STATES[await this.queueFor(queue).getJobState(id)];
    if (!state) return null;
    const job = await this.queueFor(queue).getJob(id);
    if (!job) return null;
    return {
      id,
      state,
      attemptsMade: job.attemptsMade,
      ...(job.failedReason ? { failedReason: job.failedReason } : {}),
    };
  }

  async ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((done) => (timer = setTimeout(() => done(false), PING_TIMEOUT_MS)));
    try {
      return await Promise.race([this.producer.ping().then((reply) => reply === 'PONG'), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Workers first (each waits for its running jobs), then queues, then the connections. */
  async close(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await Promise.all([this.producer, this.workerConnection].map((connection) => connection && quietly(connection)));
  }

  private jobOptions(id: string, options: EnqueueOptions): JobsOptions {
    return {
      jobId: id,
      attempts: options.attempts ?? this.options.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs ?? this.options.backoffMs },
      // Finished jobs are kept: their ids stay refused (idempotency) and failures keep their reason.
      removeOnComplete: { age: this.options.keepCompletedSeconds ?? FINISHED_JOB_RETENTION.completedSeconds },
      removeOnFail: { age: this.options.keepFailedSeconds ?? FINISHED_JOB_RETENTION.failedSeconds },
    };
  }

  private queueFor(name: string): Queue {
    assertValidQueueName(name);
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.producer, prefix: this.options.prefix });
      queue.on('error', (error) => this.logger.error(`${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Workers block on Redis, which BullMQ requires to retry forever (maxRetriesPerRequest: null). */
  private sharedWorkerConnection(): IORedis {
    this.workerConnection ??= this.connect({ maxRetriesPerRequest: null });
    return this.workerConnection;
  }

  private connect(options: { maxRetriesPerRequest?: null }): IORedis {
    // ioredis waits 2 s for a socket closed mid-handshake; a driver closed right after start need not.
    const connection = new IORedis(this.options.redisUrl, { ...options, disconnectTimeout: 200 });
    // Without a listener ioredis prints every reconnect attempt as an unhandled error.
    connection.on('error', (error) => this.logger.warn(`redis: ${error.message}`));
    return connection;
  }

  private logFailure(queue: string, job: Job | undefined, error: Error): void {
    if (!job) return;
    const tries = job.attemptsMade;
    const final = tries >= (job.opts.attempts ?? 1);
    const message = `${queue}: job ${job.id} ${final ? `failed after ${tries} tries` : `try ${tries} failed`}: ${error.message}`;
    if (final) this.logger.error(message);
    else this.logger.warn(message);
  }
}

function toQueueJob(queue: string, job: Job) {
  return { id: job.id ?? '', queue, name: job.name, data: job.data as unknown, attemptsMade: job.attemptsMade };
}

/** QUIT lets pending replies arrive; a connection that never became ready is simply dropped. */
async function quietly(connection: IORedis): Promise<void> {
  if (connection.status !== 'ready') return connection.disconnect();
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}
