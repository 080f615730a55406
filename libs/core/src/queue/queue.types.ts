export type QueueKind = 'inline' | 'bullmq';

export interface EnqueueOptions {
  /** Idempotency: a job id that exists already (waiting, running or finished) is not added again. */
  jobId?: string;
  /** Total tries before the job is marked failed (default QUEUE_ATTEMPTS). */
  attempts?: number;
  /** First retry delay; doubles on each further retry (default QUEUE_BACKOFF_MS). */
  backoffMs?: number;
}

export interface EnqueueResult {
  id: string;
  /** false when a job with this id already existed. */
  created: boolean;
}

/** One job of an `enqueueMany` call. */
export interface NewJob<T = unknown> {
  name: string;
  data: T;
  options?: EnqueueOptions;
}

export interface QueueJob<T = unknown> {
  id: string;
  queue: string;
  name: string;
  data: T;
  /** Tries before this one (0 on the first run). */
  attemptsMade: number;
}

export type JobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed';

export interface JobStatus {
  id: string;
  state: JobState;
  attemptsMade: number;
  failedReason?: string;
}

/** A processor class: one per queue, the same class behind both drivers. */
export interface JobProcessor<T = unknown> {
  handle(job: QueueJob<T>): Promise<void>;
}

/**
 * Idempotency window of both drivers: a finished job's id is refused for this long (its failure reason
 * stays readable), then its record is dropped so the queue's storage does not grow forever.
 */
export const FINISHED_JOB_RETENTION = { completedSeconds: 7 * 24 * 3600, failedSeconds: 30 * 24 * 3600 };

export interface ConsumeOptions {
  concurrency: number;
  /** A rerun of a completed job is harmless (see QueueProcessorOptions.idempotent). */
  idempotent?: boolean;
}

/**
 * The queue seen by the application. Two drivers implement it: BullMQ over Redis (production) and an
 * in-process driver whose jobs are rows in PostgreSQL/PGlite (embedded mode).
 */
export interface QueueDriver {
  readonly kind: QueueKind;
  enqueue<T>(queue: string, name: string, data: T, options?: EnqueueOptions): Promise<EnqueueResult>;
  /**
   * `enqueue` for many jobs of one queue in one round trip (one durable commit on the inline driver):
   * an upload of 100 files waited on 100 commits. Same rules per job; results in the jobs' order, and a
   * job id repeated in the list is created once (its first occurrence).
   */
  enqueueMany<T>(queue: string, jobs: NewJob<T>[]): Promise<EnqueueResult[]>;
  /** Starts running jobs of `queue` in this process. */
  consume(queue: string, processor: JobProcessor, options: ConsumeOptions): Promise<void>;
  getJob(queue: string, id: string): Promise<JobStatus | null>;
  /** Dependency state for /health. */
  ping(): Promise<boolean>;
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>;
}

export const QUEUE_DRIVER = Symbol('QUEUE_DRIVER');
