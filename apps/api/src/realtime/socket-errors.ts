import { randomUUID } from 'node:crypto';
import type { Logger } from '@nestjs/common';
import { DomainError } from '@app/core';
import type { Ack, SocketError } from '@app/conversations';

/**
 * The one mapping from failures to the socket error shape `{ code, message }`: domain errors keep
 * their code (the same codes as the REST API); anything else is logged with an id and answered as
 * InternalError with that id, never with its own message.
 */
export function toSocketError(error: unknown, logger: Logger): SocketError {
  if (error instanceof DomainError) {
    return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  }
  const id = randomUUID();
  logger.error(`unexpected socket error ${id}: ${(error as Error)?.stack ?? String(error)}`);
  return { code: 'InternalError', message: `internal error (id ${id})` };
}

/** A refused handshake: socket.io hands `data` to the client's `connect_error`. */
export function handshakeRefusal(error: unknown, logger: Logger): Error & { data: SocketError } {
  const data = toSocketError(error, logger);
  return Object.assign(new Error(data.message), { data });
}

/**
 * Opens every connection of a namespace with `open` (authentication, session set-up); a failure
 * refuses the handshake with `{ code, message }` instead of connecting.
 */
export function openConnectionsWith<S>(
  namespace: { use(middleware: (socket: S, next: (error?: Error) => void) => void): unknown },
  open: (socket: S) => Promise<void>,
  logger: Logger,
): void {
  namespace.use((socket, next) => {
    open(socket).then(
      () => next(),
      (error: unknown) => next(handshakeRefusal(error, logger)),
    );
  });
}

/**
 * Runs an event handler and answers its acknowledgement: `{ ok: true, ...result }` or
 * `{ ok: false, error }`. Nothing escapes (a bad event never drops the connection), and a client
 * that sent no acknowledgement callback simply gets no answer.
 */
export async function answer<T extends object>(ack: unknown, logger: Logger, work: () => Promise<T>): Promise<boolean> {
  let result: Ack<T>;
  try {
    result = { ok: true, ...(await work()) };
  } catch (error) {
    result = { ok: false, error: toSocketError(error, logger) };
  }
  if (typeof ack === 'function') (ack as (result: Ack<T>) => void)(result);
  return result.ok;
}
