import type { Pool } from 'pg';
import { JobStatus } from './queue.types';

export interface NewQueueJob {
  id: string;
  name: string;
  data: unknown;
  maxAttempts: number;
  backoffMs: number;
}

export interface ClaimedJob {
  id: string;
  name: string;
  data: unknown;
  attemptsMade: number;
  backoffMs: number;
}

interface ClaimedRow {
  id: string;
  name: string;
  data: unknown;
  attempts_made: number;
  backoff_ms: number;
  run_at: Date;
  created_at: Date;
}

/**
 * All SQL of the in-process queue, over the `queue_jobs` table. Every method is one statement on the
 * pool, never a held client: on PGlite the pool has a single connection, and a held client would
 * deadlock the next query. Timestamps come from the database's clock, which the claim compares with.
 */
export class InlineQueueRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Inserts jobs of one queue in one statement; returns the ids it created. Idempotent by (queue, id): a
   * job that already existed, whatever its state, is left as it is and not returned. A later job
   * is claimed after an earlier one: created_at rises by a microsecond along the list, since now() is
   * the same for the whole statement.
   */
  async insertJobs(queue: string, jobs: NewQueueJob[]): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO queue_jobs (queue, id, name, data, max_attempts, backoff_ms, created_at)
       SELECT $1, id, name, data, max_attempts, backoff_ms, now() + n * interval '1 microsecond'
       FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::int[], $6::int[])
         WITH ORDINALITY AS t(id, name, data, max_attempts, backoff_ms, n)
       ON CONFLICT (queue, id) DO NOTHING
       RETURNING id`,
      [
        queue,
        jobs.map((job) => job.id),
        jobs.map((job) => job.name),
        jobs.map((job) => JSON.stringify(job.data ?? null)),
        jobs.map((job) => job.maxAttempts),
        jobs.map((job) => job.backoffMs),
      ],
    );
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Marks up to `limit` due jobs active, oldest first; SKIP LOCKED keeps concurrent claims apart.
   * Committed asynchronously (no wait for the WAL flush): a claim lost in a crash leaves the job
   * `waiting`, which is where the next start would put an `active` one anyway (requeueInterrupted).
   * A later durable commit, such as the job's own result, flushes the claim with it.
   */
  async claimDueJobs(queue: string, limit: number): Promise<ClaimedJob[]> {
    const result = await this.pool.query<ClaimedRow>(
      `UPDATE queue_jobs SET state = 'active'
       FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
       WHERE (queue, id) IN (
         SELECT queue, id FROM queue_jobs
         WHERE queue = $1 AND state = 'waiting' AND run_at <= now()
         ORDER BY run_at, created_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING id, name, data, attempts_made, backoff_ms, run_at, created_at`,
      [queue, limit],
    );
    return result.rows
      .sort((a, b) => a.run_at.getTime() - b.run_at.getTime() || a.created_at.getTime() - b.created_at.getTime())
      .map((row) => ({
        id: row.id,
        name: row.name,
        data: row.data,
        attemptsMade: row.attempts_made,
        backoffMs: row.backoff_ms,
      }));
  }

  /**
   * `durable: false` commits without waiting for the WAL flush, for queues whose jobs are harmless to
   * rerun: a completion lost in a crash leaves the job `active`, and the next start runs it again (as a
   * crash between the job's end and this commit always could).
   */
  async markCompleted(queue: string, id: string, { durable }: { durable: boolean }): Promise<void> {
    await this.pool.query(
      `UPDATE queue_jobs SET state = 'completed', attempts_made = attempts_made + 1, finished_at = now()
       FROM (SELECT set_config('synchronous_commit', $3, true)) AS commit_mode
       WHERE queue = $1 AND id = $2 AND state = 'active'`,
      [queue, id, durable ? 'on' : 'off'],
    );
  }

  /** Counts the try; schedules the next one after `retryDelayMs`, or marks the job failed when none is left. */
  async recordFailure(queue: string, id: string, reason: string, retryDelayMs: number): Promise<'waiting' | 'failed'> {
    const result = await this.pool.query<{ state: 'waiting' | 'failed' }>(
      `UPDATE queue_jobs SET
         attempts_made = attempts_made + 1,
         failed_reason = $3,
         state = CASE WHEN attempts_made + 1 >= max_attempts THEN 'failed' ELSE 'waiting' END,
         run_at = CASE WHEN attempts_made + 1 >= max_attempts THEN run_at
                       ELSE now() + $4::float8 * interval '1 millisecond' END,
         finished_at = CASE WHEN attempts_made + 1 >= max_attempts THEN now() END
       WHERE queue = $1 AND id = $2 AND state = 'active'
       RETURNING state`,
      [queue, id, reason, retryDelayMs],
    );
    return result.rows[0]?.state ?? 'failed';
  }

  /** Drops finished jobs older than their retention; their ids can be enqueued again afterwards. */
  async pruneFinished(retention: { completedSeconds: number; failedSeconds: number }): Promise<number> {
    const result = await this.pool.query(
      `DELETE FROM queue_jobs
       WHERE (state = 'completed' AND finished_at < now() - $1::float8 * interval '1 second')
          OR (state = 'failed' AND finished_at < now() - $2::float8 * interval '1 second')`,
      [retention.completedSeconds, retention.failedSeconds],
    );
    return result.rowCount ?? 0;
  }

  /**
   * Jobs left active by a process that died mid-job go back to waiting. Only safe where one process
   * consumes the queue (embedded mode); the interrupted try is not counted, so a restart never fails a job.
   */
  async requeueInterrupted(queue: string): Promise<number> {
    const result = await this.pool.query(
      `UPDATE queue_jobs SET state = 'waiting', run_at = now() WHERE queue = $1 AND state = 'active'`,
      [queue],
    );
    return result.rowCount ?? 0;
  }

  /** Milliseconds until the earliest waiting job is due (0 if one is due now), or null if none waits. */
  async msUntilNextDue(queue: string): Promise<number | null> {
    const result = await this.pool.query<{ ms: number | null }>(
      // GREATEST ignores NULL, so an empty queue must be tested first or it would read as "due now".
      `SELECT CASE WHEN min(run_at) IS NULL THEN NULL
         ELSE GREATEST(0, EXTRACT(EPOCH FROM min(run_at) - now()) * 1000)::float8 END AS ms
       FROM queue_jobs WHERE queue = $1 AND state = 'waiting'`,
      [queue],
    );
    return result.rows[0]?.ms ?? null;
  }

  async findStatus(queue: string, id: string): Promise<JobStatus | null> {
    const result = await this.pool.query<{
      state: string;
      attempts_made: number;
      failed_reason: string | null;
      due: boolean;
    }>(
      `SELECT state, attempts_made, failed_reason, run_at <= now() AS due FROM queue_jobs WHERE queue = $1 AND id = $2`,
      [queue, id],
    );
    const row = result.rows[0];
    if (!row) return null;
    const state = row.state === 'waiting' && !row.due ? 'delayed' : (row.state as JobStatus['state']);
    return {
      id,
      state,
      attemptsMade: row.attempts_made,
      ...(row.failed_reason ? { failedReason: row.failed_reason } : {}),
    };
  }
}
