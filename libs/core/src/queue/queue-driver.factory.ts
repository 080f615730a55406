import type { Pool } from 'pg';
import { CoreConfig } from '../config/core-config';
import { BullmqQueueDriver } from './bullmq-queue.driver';
import { InlineQueueDriver } from './inline-queue.driver';
import { QueueDriver } from './queue.types';

export const DEFAULT_QUEUE_PREFIX = 'seed';

type QueueConfig = Pick<CoreConfig, 'REDIS_URL' | 'QUEUE_ATTEMPTS' | 'QUEUE_BACKOFF_MS' | 'QUEUE_LOCK_MS'>;

/** REDIS_URL set: BullMQ (any number of processes). Unset: the durable in-process queue on `pool`. */
export function createQueueDriver(
  config: QueueConfig,
  pool: Pool | undefined,
  prefix = DEFAULT_QUEUE_PREFIX,
): QueueDriver {
  const retry = { attempts: config.QUEUE_ATTEMPTS, backoffMs: config.QUEUE_BACKOFF_MS };
  if (config.REDIS_URL) {
    return new BullmqQueueDriver({ redisUrl: config.REDIS_URL, prefix, lockMs: config.QUEUE_LOCK_MS, ...retry });
  }
  if (!pool) throw new Error('REDIS_URL is unset, so the in-process queue needs the database (import DatabaseModule)');
  return new InlineQueueDriver(pool, retry);
}
