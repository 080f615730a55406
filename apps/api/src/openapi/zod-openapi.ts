import type { ZodType } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import type { SchemaObject } from '@nestjs/swagger';

/**
 * The OpenAPI form of a request schema. DTOs are zod schemas (they validate at runtime), so the
 * document is derived from the same objects and cannot drift from what the API accepts. Inputs are
 * described as a client sends them: fields with defaults are optional.
 */
export function zodToOpenApi(schema: ZodType): SchemaObject {
  const converted = zodToJsonSchema(schema, {
    target: 'openApi3',
    $refStrategy: 'none',
    effectStrategy: 'input',
    pipeStrategy: 'input',
  }) as Record<string, unknown>;
  delete converted.$schema;
  delete converted.definitions;
  return converted as SchemaObject;
}
