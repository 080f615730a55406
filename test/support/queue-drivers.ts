import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { createQueueDriver, QueueDriver, QueueKind } from '@app/core';
import { requireService, serviceUrl } from './services';
import { createTestDatabase, TestDatabase } from './test-database';

const QUEUE_KINDS: QueueKind[] = ['inline', 'bullmq'];

/**
 * Defines the same suite once per queue driver. The inline driver always runs (on PostgreSQL when
 * TEST_DATABASE_URL is set, else PGlite); BullMQ runs when REDIS_URL is set and is otherwise reported
 * as skipped, never as passed (and fails the file when SEED_TEST_SERVICES=required).
 */
export function describeEachQueueDriver(title: string, body: (kind: QueueKind) => void): void {
  for (const kind of QUEUE_KINDS) {
    const available = kind === 'inline' || serviceUrl('redis') !== undefined;
    (available ? describe : describe.skip)(`${title} [${kind}]`, () => body(kind));
  }
}

/** A unique Redis prefix per test process, so parallel files and reruns never share keys. */
export const uniqueQueuePrefix = (): string => `seedtest-${process.pid}-${randomBytes(3).toString('hex')}`;

export interface RetryDefaults {
  attempts?: number;
  backoffMs?: number;
  lockMs?: number;
}

export interface QueueTestContext {
  kind: QueueKind;
  /** A new driver on this context's database or Redis prefix; closed by `closeDrivers`. */
  newDriver(defaults?: RetryDefaults): QueueDriver;
  /** A queue name no other test in this run uses. */
  queueName(label: string): string;
  closeDrivers(): Promise<void>;
  destroy(): Promise<void>;
}

export async function createQueueTestContext(kind: QueueKind): Promise<QueueTestContext> {
  const redisUrl = kind === 'bullmq' ? await requireService('redis') : undefined;
  const database: TestDatabase | undefined = kind === 'inline' ? await createTestDatabase() : undefined;
  const prefix = uniqueQueuePrefix();
  let drivers: QueueDriver[] = [];
  let queues = 0;
  const closeDrivers = async () => {
    const closing = drivers;
    drivers = [];
    await Promise.all(closing.map((driver) => driver.close()));
  };
  return {
    kind,
    newDriver: ({ attempts = 3, backoffMs = 20, lockMs = 30_000 } = {}) => {
      const config = {
        REDIS_URL: redisUrl,
        QUEUE_ATTEMPTS: attempts,
        QUEUE_BACKOFF_MS: backoffMs,
        QUEUE_LOCK_MS: lockMs,
      };
      const driver = createQueueDriver(config, database?.pool, prefix);
      drivers.push(driver);
      return driver;
    },
    queueName: (label) => `${label}-${++queues}`,
    closeDrivers,
    destroy: async () => {
      await closeDrivers();
      await database?.destroy();
      if (redisUrl) await deleteRedisKeys(redisUrl, prefix);
    },
  };
}

/** Removes every key under `prefix:` (SCAN, not KEYS, so a shared Redis is not blocked). */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
