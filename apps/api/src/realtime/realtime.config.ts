import { z } from 'zod';
import { env, parseEnv } from '@app/core';

const realtimeEnv = {
  /**
   * How long a widget visitor token resumes its conversation. Every connection gets a fresh token, so
   * this is how long a visitor may stay away, not how long a conversation may last.
   */
  WIDGET_VISITOR_TOKEN_TTL_SECONDS: env.int(30 * 24 * 3600, 60),
  /** New widget conversations one address may open per minute per site (0: no limit). */
  RATE_LIMIT_WIDGET_NEW_VISITORS: env.int(60),
  /** Events one socket connection may send per RATE_LIMIT_SOCKET_WINDOW_SECONDS (0: no limit). */
  RATE_LIMIT_SOCKET_EVENTS: env.int(60),
  RATE_LIMIT_SOCKET_WINDOW_SECONDS: env.int(10, 1),
};

export type RealtimeConfig = z.infer<z.ZodObject<typeof realtimeEnv>>;

export const REALTIME_CONFIG = Symbol('REALTIME_CONFIG');

export function loadRealtimeConfig(source: NodeJS.ProcessEnv = process.env): RealtimeConfig {
  return parseEnv(realtimeEnv, source);
}
