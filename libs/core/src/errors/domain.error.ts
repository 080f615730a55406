/**
 * Every failure the application expects carries a code. The codes map to HTTP (and later WebSocket)
 * errors in one place, `http-exception.filter.ts`, so services never think in status codes.
 */
export enum ErrorCode {
  ValidationFailed = 'ValidationFailed',
  Unauthenticated = 'Unauthenticated',
  Forbidden = 'Forbidden',
  NotFound = 'NotFound',
  Conflict = 'Conflict',
  /** Well-formed but refused as a whole, e.g. an Idempotency-Key reused with a different body (422). */
  Unprocessable = 'Unprocessable',
  PayloadTooLarge = 'PayloadTooLarge',
  UnsupportedMediaType = 'UnsupportedMediaType',
  RateLimited = 'RateLimited',
  ServiceUnavailable = 'ServiceUnavailable',
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = code;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super(ErrorCode.NotFound, `${what} ${id} not found`);
  }
}
