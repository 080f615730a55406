import { createHash } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '../auth/bearer-token';
import { CORE_CONFIG, CoreConfig } from '../config/core-config';
import { parseApiKeyPrefix } from '../tenancy/api-key-secret';
import { RateLimitResult } from './rate-limit.backends';
import { RateLimiter, rateLimitedError } from './rate-limiter';

/**
 * Global guard: RATE_LIMIT_PER_KEY requests per API key per window, checked before the key is looked
 * up, so a flood costs no database work. The bucket is the key's prefix plus a hash of the whole key:
 * someone who knows a prefix but not the secret fills a bucket of their own, not the real key's.
 * Requests without an API key (console tokens, the widget) are limited where they are handled.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http' || this.config.RATE_LIMIT_PER_KEY <= 0) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = bearerToken(request.headers.authorization);
    const prefix = key ? parseApiKeyPrefix(key) : null;
    if (!key || !prefix) return true;
    const bucket = `apikey:${prefix}:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
    const windowMs = this.config.RATE_LIMIT_WINDOW_SECONDS * 1000;
    const result = await this.limiter.consume(bucket, this.config.RATE_LIMIT_PER_KEY, windowMs);
    setRateLimitHeaders(context.switchToHttp().getResponse<FastifyReply>(), result);
    if (!result.allowed) throw rateLimitedError(result, windowMs, 'requests per API key');
    return true;
  }
}

/** `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (IETF draft names), and `Retry-After` when refused. */
export function setRateLimitHeaders(reply: FastifyReply, result: RateLimitResult): void {
  void reply.header('RateLimit-Limit', result.limit);
  void reply.header('RateLimit-Remaining', result.remaining);
  void reply.header('RateLimit-Reset', result.resetSeconds);
  if (!result.allowed) void reply.header('Retry-After', result.retryAfterSeconds);
}
