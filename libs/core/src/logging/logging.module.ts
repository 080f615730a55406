import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { CoreConfig } from '../config/core-config';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The caller's `x-request-id` when it is sane, a fresh UUID otherwise. Fastify assigns it to each request. */
export function requestIdFor(req: Pick<IncomingMessage, 'headers'>): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * Structured JSON logs with pino. Each request's id is bound to every log line of the request.
 * Credentials are redacted before anything is written.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: Pick<CoreConfig, 'LOG_LEVEL'>, destination?: DestinationStream): DynamicModule {
    const options = {
      level: config.LOG_LEVEL,
      // Reuse the id Fastify gave the request (see createApiApp) so logs, headers and errors agree.
      genReqId: (req: IncomingMessage & { id?: unknown }) => (typeof req.id === 'string' ? req.id : requestIdFor(req)),
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
        censor: '[redacted]',
      },
      customProps: () => ({ service: 'seed' }),
    };
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: destination ? [options, destination] : options })],
    };
  }
}
