import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { ZodType } from 'zod';
import { zodToOpenApi } from './zod-openapi';

/** Security scheme names of the document. */
export const API_KEY_SECURITY = 'api-key';
export const CONSOLE_TOKEN_SECURITY = 'console-token';
export const ERROR_SCHEMA_REF = '#/components/schemas/Error';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'invalid input; the message names each bad field',
  401: 'missing, unknown, revoked or expired credentials',
  403: 'the credentials lack the scope or role this route needs',
  404: 'not found in this tenant',
  409: 'conflicts with the current state',
  413: 'too large',
  422: 'refused as a whole',
  429: 'rate limited; see Retry-After',
};

/** Documents a JSON request body from the zod schema that validates it. */
export const ApiZodBody = (schema: ZodType, description?: string) =>
  ApiBody({ schema: zodToOpenApi(schema), description });

/** Documents each field of a zod query schema as a query parameter. */
export function ApiZodQuery(schema: ZodType) {
  const converted = zodToOpenApi(schema) as { properties?: Record<string, object>; required?: string[] };
  return applyDecorators(
    ...Object.entries(converted.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: converted.required?.includes(name) ?? false, schema: property }),
    ),
  );
}

/** The error responses a route can give, all in the one error shape. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] ?? 'error', schema: { $ref: ERROR_SCHEMA_REF } }),
    ),
  );

/** Routes behind ApiKeyGuard: `Authorization: Bearer seed_<prefix>_<secret>`. */
export const ApiKeyAuth = () => applyDecorators(ApiBearerAuth(API_KEY_SECURITY), ApiErrors(401, 403, 429));

/** Routes behind ConsoleUserGuard: `Authorization: Bearer <token from POST /v1/auth/login>`. */
export const ConsoleTokenAuth = () => applyDecorators(ApiBearerAuth(CONSOLE_TOKEN_SECURITY), ApiErrors(401, 403));
