import { z } from 'zod';
import { httpEnv } from './http-config';
import { outboundEnv } from './outbound-config';
import { env, parseEnv } from './parse-env';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const coreEnv = {
  PORT: env.port(3000),
  /** Unset: embedded PGlite under DATA_DIR. */
  DATABASE_URL: env.url(['postgres:', 'postgresql:']).optional(),
  DATA_DIR: z.string().default('./data'),
  /** Unset: the in-process queue and in-process events. */
  REDIS_URL: env.url(['redis:', 'rediss:']).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  /** How long to keep retrying an unreachable database at boot. */
  DATABASE_CONNECT_TIMEOUT_MS: env.int(30_000),
  DATABASE_POOL_SIZE: env.int(10, 1),
  /** Jobs run at once per queue in this process. */
  QUEUE_CONCURRENCY: env.int(2, 1),
  QUEUE_ATTEMPTS: env.int(5, 1),
  QUEUE_BACKOFF_MS: env.int(1_000),
  /** BullMQ: a job whose worker stopped renewing its lock for this long is taken over by another. */
  QUEUE_LOCK_MS: env.int(30_000, 1_000),
  ...httpEnv,
  ...outboundEnv,
};

export type CoreConfig = z.infer<z.ZodObject<typeof coreEnv>>;

export const CORE_CONFIG = Symbol('CORE_CONFIG');

export function loadCoreConfig(source: NodeJS.ProcessEnv = process.env): CoreConfig {
  return parseEnv(coreEnv, source);
}
