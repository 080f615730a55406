import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DomainError, ErrorCode } from '../errors/domain.error';
import { RateLimitBackend, RateLimitResult, toResult } from './rate-limit.backends';

export const RATE_LIMIT_BACKEND = Symbol('RATE_LIMIT_BACKEND');

/**
 * Counts hits per bucket (`apikey:<id>`, `visitor:<id>`, `login:<email>`...) in fixed windows, in Redis
 * when REDIS_URL is set (shared by every api process) and in memory otherwise. If Redis fails, requests
 * are let through and a warning logged: an outage of the limiter must not become an outage of the api.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimiter');

  constructor(@Inject(RATE_LIMIT_BACKEND) private readonly backend: RateLimitBackend) {}

  get kind(): RateLimitBackend['kind'] {
    return this.backend.kind;
  }

  /** Counts one hit in `bucketKey`; a limit of 0 means unlimited. */
  async consume(bucketKey: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    if (limit <= 0) return unlimited(limit, windowMs);
    try {
      const { count, resetMs } = await this.backend.hit(bucketKey, windowMs);
      return toResult(count, resetMs, limit);
    } catch (error) {
      this.logger.warn(`rate limiting skipped, the ${this.backend.kind} backend failed: ${(error as Error).message}`);
      return unlimited(limit, windowMs);
    }
  }

  /**
   * Like `consume`, but throws the standard RateLimited error (429 over HTTP) when over the limit;
   * `what` names the limit in the message, e.g. "messages per visitor".
   */
  async enforce(bucketKey: string, limit: number, windowMs: number, what: string): Promise<RateLimitResult> {
    const result = await this.consume(bucketKey, limit, windowMs);
    if (!result.allowed) throw rateLimitedError(result, windowMs, what);
    return result;
  }

  onApplicationShutdown(): Promise<void> {
    return this.backend.close();
  }
}

function unlimited(limit: number, windowMs: number): RateLimitResult {
  const resetSeconds = Math.ceil(windowMs / 1000);
  return { allowed: true, limit, remaining: Math.max(limit, 0), resetSeconds, retryAfterSeconds: 0 };
}

export function rateLimitedError(result: RateLimitResult, windowMs: number, what: string): DomainError {
  return new DomainError(
    ErrorCode.RateLimited,
    `rate limit exceeded: ${result.limit} ${what} per ${describeWindow(windowMs)}; retry in ${result.retryAfterSeconds} s`,
    { limit: result.limit, windowSeconds: Math.ceil(windowMs / 1000), retryAfterSeconds: result.retryAfterSeconds },
  );
}

function describeWindow(windowMs: number): string {
  const seconds = Math.ceil(windowMs / 1000);
  if (seconds === 60) return 'minute';
  if (seconds % 60 === 0) return `${seconds / 60} minutes`;
  return seconds === 1 ? 'second' : `${seconds} seconds`;
}
