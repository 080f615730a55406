import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CORE_CONFIG,
  CoreConfig,
  HttpExceptionFilter,
  IdempotencyInterceptor,
  RateLimitGuard,
  requestIdFor,
} from '@app/core';
import { RAG_CONFIG, RagConfig } from '@app/rag';
import { Logger } from 'nestjs-pino';
import { ApiModule, ApiModuleOptions } from './api.module';
import { setupOpenApi } from './openapi/setup-openapi';
import { SocketIoAdapter } from './realtime/socket-io.adapter';

/** Builds the HTTP application; `main.ts`, the embedded start and the e2e tests all go through here. */
export async function createApiApp(options: ApiModuleOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(options),
    new FastifyAdapter({ trustProxy: true, genReqId: requestIdFor }),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  // The raw request carries the id too, so pino-http and the error filter use the same one.
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    (request.raw as { id?: string }).id = request.id;
    void reply.header('x-request-id', request.id);
    done();
  });
  // Document uploads: files are size-checked while they stream (413 past UPLOAD_MAX_BYTES).
  const { UPLOAD_MAX_BYTES } = app.get<RagConfig>(RAG_CONFIG);
  await app.register(multipart, { limits: { fileSize: UPLOAD_MAX_BYTES, files: 100, fields: 10 } });
  app.useGlobalFilters(new HttpExceptionFilter());
  // Rate limits run before any route guard (no database work for a flood); idempotency after them.
  app.useGlobalGuards(app.get(RateLimitGuard));
  app.useGlobalInterceptors(app.get(IdempotencyInterceptor));
  // The /widget and /console gateways share the HTTP server; with Redis, socket.io spans api processes.
  const { REDIS_URL } = app.get<CoreConfig>(CORE_CONFIG);
  app.useWebSocketAdapter(new SocketIoAdapter(app, { redisUrl: REDIS_URL, keyPrefix: options.queuePrefix ?? 'seed' }));
  setupOpenApi(app);
  app.enableShutdownHooks();
  return app;
}
