export * from './rate-limit.backends';
export * from './rate-limiter';
export * from './rate-limit.guard';
export * from './idempotency.repository';
export * from './idempotency.interceptor';
export * from './http-edge.module';
export * from './response-sealer';
