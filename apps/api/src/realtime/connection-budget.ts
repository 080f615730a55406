import type { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { DomainError, rateLimitedError, toResult } from '@app/core';
import { toSocketError } from './socket-errors';

/**
 * Events one connection may send per window. The count lives with the connection (a socket belongs to
 * one process), so it costs no Redis round trip per event; per-visitor limits that must hold across
 * processes use the shared RateLimiter instead.
 */
export class ConnectionBudget {
  private count = 0;
  private resetAt = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one event; the RateLimited error to answer when it is over the limit, else null. */
  spend(): DomainError | null {
    if (this.limit <= 0) return null;
    const now = this.now();
    if (now >= this.resetAt) {
      this.count = 0;
      this.resetAt = now + this.windowMs;
    }
    this.count += 1;
    const result = toResult(this.count, this.resetAt - now, this.limit);
    return result.allowed ? null : rateLimitedError(result, this.windowMs, 'events per connection');
  }
}

/**
 * Drops the events a connection sends over its budget before any handler runs; an event that expects
 * an acknowledgement is answered with the RateLimited error, so a well-behaved client can back off.
 */
export function limitEventsPerConnection(socket: Socket, budget: ConnectionBudget, logger: Logger): void {
  socket.use((packet, next) => {
    const refusal = budget.spend();
    if (!refusal) return next();
    const ack = packet[packet.length - 1];
    if (typeof ack === 'function')
      (ack as (result: unknown) => void)({ ok: false, error: toSocketError(refusal, logger) });
  });
}
