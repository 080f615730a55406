import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { pingPool } from '../database/create-pool';
import { InlineQueueConsumer } from './inline-queue.consumer';
import { InlineQueueRepository } from './inline-queue.repository';
import { assertValidJobId, assertValidQueueName } from './queue-names';
import {
  ConsumeOptions,
  EnqueueOptions,
  EnqueueResult,
  FINISHED_JOB_RETENTION,
  JobProcessor,
  JobStatus,
  NewJob,
  QueueDriver,
} from './queue.types';

const PRUNE_EVERY_MS = 3600_000;

export interface InlineQueueDriverOptions {
  attempts: number;
  backoffMs: number;
  /** Longest sleep when nothing is due (default 5 s). Local enqueues wake the consumer at once. */
  idlePollMs?: number;
  /** How long finished jobs keep their ids refused (default: as BullMQ's, FINISHED_JOB_RETENTION). */
  retention?: { completedSeconds: number; failedSeconds: number };
}

/**
 * The embedded-mode queue: durable jobs in PostgreSQL or PGlite, run in this process.
 *
 * Why a table and not memory: an accepted job must survive a crash. `enqueue` returns only after the
 * row is committed (PGlite included: it writes through to its data directory, so a SIGKILL after the
 * commit loses nothing; see test/medium/queue/worker-crash.test.ts). Job ids are idempotent through the
 * primary key (ON CONFLICT DO NOTHING). Retries reschedule the row with exponential backoff (`run_at`).
 * At start, rows left `active` are orphans of a crash and are resumed: embedded mode is one process, so
 * no other consumer can own them. Do not point two consuming processes at one database with this
 * driver; set REDIS_URL for that. A consuming process drops finished jobs past their retention at
 * start and hourly, as BullMQ does for its own.
 */
export class InlineQueueDriver implements QueueDriver {
  readonly kind = 'inline' as const;
  private readonly repository: InlineQueueRepository;
  private readonly consumers = new Map<string, InlineQueueConsumer>();
  private closed = false;
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    private readonly pool: Pool,
    private readonly options: InlineQueueDriverOptions,
  ) {
    this.repository = new InlineQueueRepository(pool);
  }

  async enqueue<T>(queue: string, name: string, data: T, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    const [result] = await this.enqueueMany(queue, [{ name, data, options }]);
    return result;
  }

  async enqueueMany<T>(queue: string, jobs: NewJob<T>[]): Promise<EnqueueResult[]> {
    assertValidQueueName(queue);
    if (jobs.length === 0) return [];
    const rows = jobs.map(({ name, data, options = {} }) => {
      const id = options.jobId ?? randomUUID();
      assertValidJobId(id);
      const maxAttempts = options.attempts ?? this.options.attempts;
      return { id, name, data, maxAttempts, backoffMs: options.backoffMs ?? this.options.backoffMs };
    });
    const created = await this.repository.insertJobs(queue, rows);
    if (created.size > 0) this.consumers.get(queue)?.wake();
    // An id listed twice was inserted once: only its first occurrence reports it created.
    return rows.map(({ id }) => ({ id, created: created.delete(id) }));
  }

  async consume(queue: string, processor: JobProcessor, options: ConsumeOptions): Promise<void> {
    assertValidQueueName(queue);
    if (this.closed) throw new Error(`Queue driver is closed; cannot consume "${queue}"`);
    if (this.consumers.has(queue)) throw new Error(`Queue "${queue}" already has a processor in this process`);
    const consumer = new InlineQueueConsumer(queue, processor, this.repository, {
      concurrency: options.concurrency,
      idempotent: options.idempotent ?? false,
      idlePollMs: this.options.idlePollMs ?? 5_000,
    });
    this.consumers.set(queue, consumer);
    this.startPruning();
    try {
      await consumer.start();
    } catch (error) {
      this.consumers.delete(queue);
      throw error;
    }
  }

  /** Drops finished jobs past their retention, in every queue; returns how many. */
  pruneFinishedJobs(): Promise<number> {
    return this.repository.pruneFinished(this.options.retention ?? FINISHED_JOB_RETENTION);
  }

  private startPruning(): void {
    if (this.pruneTimer) return;
    const prune = () => void this.pruneFinishedJobs().catch(() => undefined); // retried next hour
    this.pruneTimer = setInterval(prune, PRUNE_EVERY_MS).unref();
    prune();
  }

  getJob(queue: string, id: string): Promise<JobStatus | null> {
    return this.repository.findStatus(queue, id);
  }

  /** The queue is the database here. */
  ping(): Promise<boolean> {
    return pingPool(this.pool);
  }

  /** The pool belongs to the Database; it is left open. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pruneTimer);
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.close()));
  }
}
