/** Domain errors of the model runtime; `code` lets the API layer map them to HTTP without string matching. */
export type SlmErrorCode =
  'SLM_INVALID_INPUT' | 'SLM_MODEL_LOAD_FAILED' | 'SLM_PROVIDER_FAILED' | 'SLM_UNAVAILABLE' | 'SLM_TIMEOUT';

export class SlmError extends Error {
  constructor(
    readonly code: SlmErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The caller passed something no model can take (a non-string text, a malformed message). */
export class SlmInputError extends SlmError {
  constructor(message: string) {
    super('SLM_INVALID_INPUT', message);
  }
}

export class SlmModelLoadError extends SlmError {
  constructor(spec: string, cause: unknown) {
    super('SLM_MODEL_LOAD_FAILED', `Could not load model ${spec}: ${messageOf(cause)}`, { cause });
  }
}

/** A model server answered with an error, or the connection failed, after the allowed retries. */
export class SlmProviderError extends SlmError {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super('SLM_PROVIDER_FAILED', message, options);
  }
}

/** The circuit breaker is open: the server failed repeatedly, so calls fail fast until it cools down. */
export class SlmUnavailableError extends SlmError {
  constructor(message: string) {
    super('SLM_UNAVAILABLE', message);
  }
}

export class SlmTimeoutError extends SlmError {
  constructor(message: string) {
    super('SLM_TIMEOUT', message);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
