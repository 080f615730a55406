import { z } from 'zod';
import { env, parseEnv } from '@app/core';

const webhookEnv = {
  /** How long a receiver has to answer one delivery before the try counts as failed. */
  WEBHOOK_TIMEOUT_MS: env.int(10_000, 100),
  /** Tries per delivery, the first included; after the last failed one the delivery is `dead`. */
  WEBHOOK_MAX_ATTEMPTS: env.int(8, 1),
  /** Delay before the first retry; it doubles on each further retry (with ±20% jitter per delivery). */
  WEBHOOK_RETRY_BASE_MS: env.int(10_000, 1),
};

export type WebhookConfig = z.infer<z.ZodObject<typeof webhookEnv>>;

export const WEBHOOK_CONFIG = Symbol('WEBHOOK_CONFIG');

/** Read from the environment when the module starts, so tests set small delays before booting. */
export function loadWebhookConfig(source: NodeJS.ProcessEnv = process.env): WebhookConfig {
  return parseEnv(webhookEnv, source);
}
