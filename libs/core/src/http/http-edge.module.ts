import { DynamicModule, Global, Module } from '@nestjs/common';
import IORedis from 'ioredis';
import { CORE_CONFIG, CoreConfig } from '../config/core-config';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyRepository } from './idempotency.repository';
import { MemoryRateLimitBackend, RateLimitBackend, RedisRateLimitBackend } from './rate-limit.backends';
import { RATE_LIMIT_BACKEND, RateLimiter } from './rate-limiter';
import { RateLimitGuard } from './rate-limit.guard';

export interface HttpEdgeModuleOptions {
  /** Redis key prefix; tests give each app its own so parallel apps never share counters. */
  prefix?: string;
}

/**
 * What every request crosses at the edge: rate limits and idempotency keys. The api registers the
 * guard and the interceptor globally (create-api-app.ts); RateLimiter is injectable anywhere (the
 * widget gateway limits visitors with it).
 */
@Global()
@Module({})
export class HttpEdgeModule {
  static forRoot(options: HttpEdgeModuleOptions = {}): DynamicModule {
    return {
      module: HttpEdgeModule,
      providers: [
        {
          provide: RATE_LIMIT_BACKEND,
          inject: [CORE_CONFIG],
          useFactory: (config: CoreConfig): RateLimitBackend =>
            config.REDIS_URL
              ? new RedisRateLimitBackend(connect(config.REDIS_URL), `${options.prefix ?? 'seed'}:ratelimit:`)
              : new MemoryRateLimitBackend(),
        },
        RateLimiter,
        RateLimitGuard,
        IdempotencyRepository,
        IdempotencyInterceptor,
      ],
      exports: [RateLimiter, RateLimitGuard, IdempotencyInterceptor],
    };
  }
}

/** Connects on first use (a worker never does), and fails a command fast rather than stall a request. */
function connect(url: string): IORedis {
  const redis = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: 2_000 });
  redis.on('error', () => undefined); // each failed command is logged once by RateLimiter
  return redis;
}
