import { HttpStatus, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_SECURITY, CONSOLE_TOKEN_SECURITY, ERROR_SCHEMA_REF } from './api-docs.decorators';
import { registerSwaggerUi } from './swagger-ui.routes';

/** The document's description: the conventions every route shares. */
const DESCRIPTION = `REST API of Seed. Every error has the shape of the Error schema.

- **API keys** (\`Authorization: Bearer seed_…\`) carry scopes: admin, agent, integration.
- **Idempotency-Key** on any POST: a retry with the same key and body returns the first response
  (header \`Idempotent-Replayed: true\`) and creates nothing twice; the same key with another body is
  422, a key still in progress 409. Failed requests are forgotten; keys last 24 hours.
- **Rate limits** per API key: \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\`
  on every response, 429 with \`Retry-After\` past the limit.`;

/** The error shape of HttpExceptionFilter, referenced by every documented error response. */
const ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'code', 'message', 'requestId'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    code: { type: 'string', example: 'ValidationFailed' },
    message: { type: 'string', example: 'name: expected 1 to 200 characters' },
    requestId: { type: 'string', description: 'also in the x-request-id response header' },
    details: { type: 'object', additionalProperties: true },
  },
} as const;

/** Builds the document from the controllers and serves it at /openapi.json, with Swagger UI at /docs. */
export function setupOpenApi(app: NestFastifyApplication, version = '0.1.0'): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Seed API')
    .setDescription(DESCRIPTION)
    .setVersion(version)
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'seed_<prefix>_<secret>', description: 'a tenant API key' },
      API_KEY_SECURITY,
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'a console token from POST /v1/auth/login' },
      CONSOLE_TOKEN_SECURITY,
    )
    .build();
  const document = withSuccessResponses(withSharedParts(SwaggerModule.createDocument(app, config)), app);
  SwaggerModule.setup('docs', app, document, { ui: false, raw: ['json'], jsonDocumentUrl: 'openapi.json' });
  registerSwaggerUi(app.getHttpAdapter().getInstance(), '/openapi.json', 'Seed API');
  return document;
}

/** The Error schema, and the Idempotency-Key header on every POST. */
function withSharedParts(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Error: ERROR_SCHEMA as never },
  };
  for (const item of Object.values(document.paths)) {
    if (!item.post) continue;
    item.post.parameters = [
      ...(item.post.parameters ?? []),
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'makes a retry safe: 1 to 255 visible ASCII characters, e.g. a UUID',
        schema: { type: 'string', minLength: 1, maxLength: 255 },
      },
    ];
    item.post.responses = {
      ...item.post.responses,
      ...(item.post.responses?.['422'] ? {} : { 422: idempotencyError('Idempotency-Key reused with another body') }),
      ...(item.post.responses?.['409']
        ? {}
        : { 409: idempotencyError('the first request with this key is still running') }),
    };
  }
  return document;
}

function idempotencyError(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: ERROR_SCHEMA_REF } } } };
}

/**
 * Swagger drops a route's default success response once the route declares any other response
 * (@ApiErrors), so it is put back here from the route's own metadata: @HttpCode, else 201 for POST.
 */
function withSuccessResponses(document: OpenAPIObject, app: NestFastifyApplication): OpenAPIObject {
  const statusByOperation = new Map<string, number>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const code = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
        statusByOperation.set(
          `${metatype.name}_${name}`,
          code ?? (method === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK),
        );
      }
    }
  }
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.post, item.put, item.patch, item.delete]) {
      if (!operation?.operationId || Object.keys(operation.responses ?? {}).some((status) => status.startsWith('2'))) {
        continue;
      }
      const status = statusByOperation.get(operation.operationId);
      if (status) operation.responses = { [status]: { description: '' }, ...operation.responses };
    }
  }
  return document;
}
