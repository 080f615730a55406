import { Logger } from '@nestjs/common';
import { ClaimedJob, InlineQueueRepository } from './inline-queue.repository';
import { retryDelayMs } from './queue-names';
import { JobProcessor } from './queue.types';

export interface InlineConsumerOptions {
  concurrency: number;
  /** Completions may be committed asynchronously: a rerun of a completed job is harmless. */
  idempotent: boolean;
  /** Longest sleep with nothing due, so rows written by another process are picked up eventually. */
  idlePollMs: number;
}

/** Caps the doubling so a job with many attempts never computes a delay Postgres cannot store. */
const MAX_RETRY_DELAY_MS = 7 * 24 * 3_600_000;
const DATABASE_ERROR_RETRY_MS = 1_000;

/**
 * Runs one queue's jobs in this process. The database row is the job: it is claimed (`active`), run,
 * then marked `completed`, rescheduled with backoff, or `failed` with its reason. Nothing is held only
 * in memory, so a crash at any point leaves a row that the next start resumes.
 */
export class InlineQueueConsumer {
  private readonly logger: Logger;
  private readonly running = new Set<Promise<void>>();
  private pumping: Promise<void> | null = null;
  private pumpAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(
    private readonly queue: string,
    private readonly processor: JobProcessor,
    private readonly repository: InlineQueueRepository,
    private readonly options: InlineConsumerOptions,
  ) {
    this.logger = new Logger(`Queue:${queue}`);
  }

  async start(): Promise<void> {
    const resumed = await this.repository.requeueInterrupted(this.queue);
    if (resumed > 0) this.logger.warn(`resuming ${resumed} job(s) interrupted by the previous shutdown`);
    this.wake();
  }

  /** Looks for due jobs now; called on start, after a local enqueue, when a job ends and by the timer. */
  wake(): void {
    if (this.closing) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = this.pump().finally(() => (this.pumping = null));
  }

  /** Stops claiming and waits for the jobs already claimed to finish and be recorded. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    await this.pumping;
    await Promise.allSettled([...this.running]);
  }

  private async pump(): Promise<void> {
    do {
      this.pumpAgain = false;
      await this.claimAndStart();
    } while (this.pumpAgain && !this.closing);
  }

  private async claimAndStart(): Promise<void> {
    clearTimeout(this.timer);
    const free = this.options.concurrency - this.running.size;
    if (free <= 0) return; // a finishing job wakes us
    try {
      const jobs = await this.repository.claimDueJobs(this.queue, free);
      for (const job of jobs) this.track(this.run(job));
      if (jobs.length === free || this.closing) return;
      const dueInMs = await this.repository.msUntilNextDue(this.queue);
      this.sleep(Math.min(dueInMs ?? this.options.idlePollMs, this.options.idlePollMs));
    } catch (error) {
      this.logger.error(`cannot read queue: ${(error as Error).message}`);
      this.sleep(DATABASE_ERROR_RETRY_MS);
    }
  }

  private sleep(ms: number): void {
    if (this.closing) return;
    clearTimeout(this.timer);
    // Not unref'd: like BullMQ's Redis connection, a consuming queue keeps a worker process alive.
    this.timer = setTimeout(() => this.wake(), Math.max(0, Math.ceil(ms)));
  }

  private track(job: Promise<void>): void {
    this.running.add(job);
    void job.finally(() => {
      this.running.delete(job);
      this.wake();
    });
  }

  private async run(job: ClaimedJob): Promise<void> {
    let failure: unknown;
    let failed = false;
    try {
      await this.processor.handle({
        id: job.id,
        queue: this.queue,
        name: job.name,
        data: job.data,
        attemptsMade: job.attemptsMade,
      });
    } catch (error) {
      failed = true;
      failure = error;
    }
    try {
      if (failed) await this.recordFailure(job, failure);
      else await this.repository.markCompleted(this.queue, job.id, { durable: !this.options.idempotent });
    } catch (error) {
      // The row stays active, so the job runs again at the next start rather than being lost.
      this.logger.error(`job ${job.id}: cannot record its outcome: ${(error as Error).message}`);
    }
  }

  private async recordFailure(job: ClaimedJob, failure: unknown): Promise<void> {
    const reason = failure instanceof Error ? failure.message : String(failure);
    const delay = Math.min(retryDelayMs(job.backoffMs, job.attemptsMade + 1), MAX_RETRY_DELAY_MS);
    const state = await this.repository.recordFailure(this.queue, job.id, reason, delay);
    const tries = job.attemptsMade + 1;
    if (state === 'failed') this.logger.error(`job ${job.id} failed after ${tries} tries: ${reason}`);
    else this.logger.warn(`job ${job.id} try ${tries} failed (${reason}); retrying in ${delay} ms`);
  }
}
