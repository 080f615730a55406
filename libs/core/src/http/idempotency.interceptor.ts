import { createHash } from 'node:crypto';
import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
  SetMetadata,
  StreamableFile,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, catchError, from, mergeMap, of } from 'rxjs';
import type { ConsoleUser } from '../auth/console-token';
import { SECRET_KEY } from '../auth/secret-key';
import { DomainError, ErrorCode } from '../errors/domain.error';
import type { AuthContext } from '../tenancy/scopes';
import { IdempotencyRepository } from './idempotency.repository';
import { ResponseSealer } from './response-sealer';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
const MAX_KEY_LENGTH = 255;
const PRUNE_EVERY_MS = 10 * 60_000;
const SKIP_KEY = 'seed:skip-idempotency';

/** For POST routes where replaying makes no sense or would store a secret (login returns a token). */
export const SkipIdempotency = () => SetMetadata(SKIP_KEY, true);

type IdentifiedRequest = FastifyRequest & { auth?: AuthContext; consoleUser?: ConsoleUser };

/**
 * `Idempotency-Key` on POST: the first request runs and its response is stored; a retry with the same
 * key and the same request gets that response again (with `Idempotent-Replayed: true`) and creates
 * nothing. Runs after the guards, so the key is scoped to the authenticated caller, then method and path.
 * - same key, different request: 422; same key while the first is still running: 409.
 * - a failed request (an error response) is forgotten, so the client may retry it.
 * - a response the handler streamed itself (SSE) cannot be replayed: a retry gets 409.
 * - multipart uploads are identified by the key alone (their body is read by the handler, not here).
 * Keys are remembered 24 hours; stored responses are sealed, as one may hold a secret shown once.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');
  private nextPruneAt = 0;
  private readonly sealer: ResponseSealer;

  constructor(
    private readonly repository: IdempotencyRepository,
    private readonly reflector: Reflector,
    @Inject(SECRET_KEY) secretKey: Buffer,
  ) {
    this.sealer = new ResponseSealer(secretKey);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<IdentifiedRequest>();
    const header = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (request.method !== 'POST' || header === undefined) return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(SKIP_KEY, [context.getHandler(), context.getClass()])) {
      return next.handle();
    }
    const key = validKey(header);
    const scope = `${callerOf(request)} ${request.method} ${request.url.split('?')[0]}`;
    const requestHash = hashRequest(request);
    this.pruneNowAndThen();

    const claimed = await this.repository.claim({ scope, key, tenantId: tenantOf(request), requestHash });
    if (!claimed) return of(await this.replay(scope, key, requestHash, context));

    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        // Stored before the response leaves, so a retry that follows it at once finds the result.
        const streamed = reply.sent || reply.raw.headersSent || isStream(body);
        const sealed = streamed || body === undefined ? null : this.sealer.seal(body, `${scope} ${key}`);
        await this.repository.complete(scope, key, streamed ? 'streamed' : 'completed', status, sealed);
        return body;
      }),
      catchError((error: unknown) =>
        from(this.repository.release(scope, key)).pipe(
          mergeMap(() => {
            throw error;
          }),
        ),
      ),
    );
  }

  private async replay(scope: string, key: string, requestHash: string, context: ExecutionContext): Promise<unknown> {
    const record = await this.repository.find(scope, key);
    // Released by a failed first request between our claim and this read: the client should simply retry.
    if (!record || record.state === 'in_progress') {
      throw new DomainError(ErrorCode.Conflict, 'a request with this Idempotency-Key is still in progress');
    }
    if (record.requestHash !== requestHash) {
      throw new DomainError(ErrorCode.Unprocessable, 'Idempotency-Key reused with a different request body');
    }
    if (record.state === 'streamed') {
      throw new DomainError(
        ErrorCode.Conflict,
        'the response to this Idempotency-Key was streamed and cannot be replayed; use a new key to run it again',
      );
    }
    let body: unknown;
    try {
      body = record.sealedResponse ? this.sealer.open(record.sealedResponse, `${scope} ${key}`) : undefined;
    } catch {
      throw new DomainError(
        ErrorCode.Conflict,
        'the stored response to this Idempotency-Key cannot be read: api processes must share SEED_SECRET_KEY',
      );
    }
    void context.switchToHttp().getResponse<FastifyReply>().header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return body;
  }

  private pruneNowAndThen(): void {
    const now = Date.now();
    if (now < this.nextPruneAt) return;
    this.nextPruneAt = now + PRUNE_EVERY_MS;
    this.repository.pruneExpired().catch((error: Error) => this.logger.warn(`pruning keys failed: ${error.message}`));
  }
}

function validKey(header: string | string[]): string {
  const key = Array.isArray(header) ? header.join(',') : header;
  if (key.length < 1 || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} visible ASCII characters (a UUID is a good choice)`,
    );
  }
  return key;
}

/** Who is asking: the same key from two callers is two different keys. */
function callerOf(request: IdentifiedRequest): string {
  if (request.auth) return `key:${request.auth.keyId}`;
  if (request.consoleUser) return `user:${request.consoleUser.userId}`;
  const authorization = request.headers.authorization;
  if (authorization) return `credential:${createHash('sha256').update(authorization).digest('hex')}`;
  return `ip:${request.ip}`;
}

function tenantOf(request: IdentifiedRequest): string | null {
  return request.auth?.tenantId ?? request.consoleUser?.tenantId ?? null;
}

/** Method, path with query, media type and parsed body; a multipart body is not parsed at this point. */
function hashRequest(request: FastifyRequest): string {
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const body = mediaType === 'multipart/form-data' ? null : (request.body ?? null);
  return createHash('sha256')
    .update(JSON.stringify([request.method, request.url, mediaType, body]))
    .digest('hex');
}

function isStream(body: unknown): boolean {
  return (
    body instanceof StreamableFile ||
    Buffer.isBuffer(body) ||
    (typeof body === 'object' && body !== null && typeof (body as { pipe?: unknown }).pipe === 'function')
  );
}
