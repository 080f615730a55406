import { env } from './parse-env';

/**
 * What the edge of the api enforces: rate limits and console session length. Part of CoreConfig, so
 * every process reads them the same way and tests override them like any other variable.
 */
export const httpEnv = {
  /** Requests per API key per RATE_LIMIT_WINDOW_SECONDS; 0 turns the limit off. */
  RATE_LIMIT_PER_KEY: env.int(600),
  RATE_LIMIT_WINDOW_SECONDS: env.int(60, 1),
  /** Messages one widget visitor may send per RATE_LIMIT_VISITOR_WINDOW_SECONDS (a burst, then a pause). */
  RATE_LIMIT_VISITOR_MESSAGES: env.int(20),
  RATE_LIMIT_VISITOR_WINDOW_SECONDS: env.int(10, 1),
  /** Login attempts per email address per minute, whatever their outcome: slows password guessing. */
  RATE_LIMIT_LOGIN: env.int(10),
  /** Lifetime of a console login token (JWT); a deleted user keeps access at most this long. */
  AUTH_TOKEN_TTL_SECONDS: env.int(900, 60),
};
