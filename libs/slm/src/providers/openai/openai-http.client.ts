import { OpenAiSettings } from '../../config/model-settings';
import { messageOf, SlmProviderError, SlmTimeoutError, SlmUnavailableError } from '../../slm.errors';
import { CircuitBreaker } from './circuit-breaker';
import { isRetryableStatus, retryDelayMs, sleep } from './retry-policy';
import { readSseData } from './sse-parser';

export interface OpenAiClientOptions {
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  retries: number;
  breaker: CircuitBreaker;
  /** Names the model in errors. */
  label: string;
}

class HttpStatusError extends SlmProviderError {
  constructor(
    status: number,
    message: string,
    readonly retryAfter: string | null,
  ) {
    super(message, status);
  }
}

/** A timer that aborts a request when the server stays silent for too long; re-armed on every chunk. */
class Deadline {
  private readonly controller = new AbortController();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ms: number,
    private readonly what: string,
  ) {
    this.reset();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  reset(): void {
    this.clear();
    this.timer = setTimeout(
      () => this.controller.abort(new SlmTimeoutError(`${this.what} sent nothing for ${this.ms} ms`)),
      this.ms,
    );
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

/**
 * The part of the OpenAI HTTP API Seed uses, for any compatible server. Every attempt has a timeout;
 * failures on 429, 5xx, timeouts and refused connections are retried with jittered backoff; a circuit
 * breaker makes calls to a server that keeps failing fail at once. The caller's abort is never retried.
 */
export class OpenAiHttpClient {
  constructor(private readonly options: OpenAiClientOptions) {}

  /** A client for one configured model, with its own circuit breaker. */
  static forModel(settings: OpenAiSettings): OpenAiHttpClient {
    const breaker = new CircuitBreaker({
      threshold: settings.breakerThreshold,
      cooldownMs: settings.breakerCooldownMs,
    });
    return new OpenAiHttpClient({ ...settings, breaker, label: settings.text });
  }

  postJson<T>(path: string, body: object, signal?: AbortSignal): Promise<T> {
    return this.withRetries(signal, async (attemptSignal, deadline) => {
      const response = await this.send(path, body, attemptSignal);
      const json = (await response.json()) as T;
      deadline.clear();
      return json;
    });
  }

  /** Streams the `data` of each server-sent event; retries happen only before the first byte of the body. */
  async *postStream(path: string, body: object, signal?: AbortSignal): AsyncGenerator<string> {
    const { response, deadline } = await this.withRetries(signal, async (attemptSignal, deadline) => ({
      response: await this.send(path, body, attemptSignal),
      deadline,
    }));
    try {
      for await (const data of readSseData(this.watch(response.body!, deadline))) yield data;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw deadline.signal.aborted
        ? deadline.signal.reason
        : new SlmProviderError(`${this.options.label}: stream broke: ${messageOf(error)}`, undefined, { cause: error });
    } finally {
      deadline.clear();
    }
  }

  private async *watch(body: AsyncIterable<Uint8Array>, deadline: Deadline): AsyncGenerator<Uint8Array> {
    for await (const chunk of body) {
      deadline.reset();
      yield chunk;
    }
  }

  private async send(path: string, body: object, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const response = await fetch(`${this.options.baseUrl}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal,
    });
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    throw new HttpStatusError(
      response.status,
      `${this.options.label}: ${response.status} ${errorMessage(text)}`,
      response.headers.get('retry-after'),
    );
  }

  private async withRetries<T>(
    signal: AbortSignal | undefined,
    run: (signal: AbortSignal, deadline: Deadline) => Promise<T>,
  ): Promise<T> {
    const { breaker, retries, label, baseUrl, timeoutMs } = this.options;
    if (!breaker.tryAcquire()) {
      throw new SlmUnavailableError(
        `${label}: ${baseUrl} kept failing; calls fail fast for another ${breaker.retryInMs} ms`,
      );
    }
    let lastError: unknown;
    for (let attempt = 0; attempt <= retries; attempt++) {
      const deadline = new Deadline(timeoutMs, `${label} (${baseUrl})`);
      try {
        const result = await run(signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal, deadline);
        breaker.recordSuccess();
        return result;
      } catch (error) {
        deadline.clear();
        if (signal?.aborted) {
          breaker.recordNeutral();
          throw signal.reason;
        }
        lastError = this.explain(error, deadline);
        if (!isRetryable(lastError) || attempt === retries) break;
        await sleep(retryDelayMs(attempt, lastError instanceof HttpStatusError ? lastError.retryAfter : null), signal);
      }
    }
    breaker.recordFailure();
    throw lastError;
  }

  private explain(error: unknown, deadline: Deadline): unknown {
    if (deadline.signal.aborted) return deadline.signal.reason;
    if (error instanceof SlmProviderError) return error;
    const cause = (error as { cause?: { code?: string } })?.cause?.code ?? messageOf(error);
    return new SlmProviderError(`${this.options.label}: cannot reach ${this.options.baseUrl} (${cause})`, undefined, {
      cause: error,
    });
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof HttpStatusError) return isRetryableStatus(error.status!);
  return error instanceof SlmTimeoutError || error instanceof SlmProviderError;
}

function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
    const error = parsed.error;
    return (typeof error === 'string' ? error : error?.message) ?? parsed.message ?? body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}
