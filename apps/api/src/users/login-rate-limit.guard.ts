import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CORE_CONFIG, CoreConfig, RateLimiter, rateLimitedError, setRateLimitHeaders } from '@app/core';

const WINDOW_MS = 60_000;

/**
 * RATE_LIMIT_LOGIN attempts per email address per minute, counted before the password is checked
 * (scrypt is the expensive part), so guessing one account's password is slow whatever the caller's address.
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const body = context.switchToHttp().getRequest<FastifyRequest>().body as { email?: unknown } | undefined;
    if (typeof body?.email !== 'string') return true; // the body pipe answers 400
    const email = body.email.trim().toLowerCase();
    const result = await this.limiter.consume(`login:${email}`, this.config.RATE_LIMIT_LOGIN, WINDOW_MS);
    if (result.allowed) return true;
    setRateLimitHeaders(context.switchToHttp().getResponse<FastifyReply>(), result);
    throw rateLimitedError(result, WINDOW_MS, 'login attempts per email address');
  }
}
