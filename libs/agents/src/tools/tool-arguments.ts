import Ajv, { ValidateFunction } from 'ajv';
import type { Entity } from '../entities/entity.types';
import type { ToolDefinition } from '../agents/agent.types';

// `format` is not checked (no ajv-formats): types, required fields, patterns and enums are.
const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: true, validateFormats: false });
const compiled = new WeakMap<object, ValidateFunction>();

export type ToolArguments = Record<string, unknown>;

export type ArgumentCheck = { ok: true; args: ToolArguments } | { ok: false; missing: string[]; problems: string[] };

/** An entity's value as a tool argument: amounts become their number, everything else its normalised value. */
function entityValue(entity: Entity): unknown {
  return entity.type === 'amount' ? entity.value.value : entity.value;
}

/** Fills each declared parameter from the first entity of its mapped type (by default, its own name). */
export function fillToolArguments(tool: Pick<ToolDefinition, 'parameters' | 'argumentEntities'>, entities: Entity[]) {
  const properties = (tool.parameters.properties ?? {}) as Record<string, unknown>;
  const args: ToolArguments = {};
  for (const name of Object.keys(properties)) {
    const type = tool.argumentEntities[name] ?? name;
    const entity = entities.find((candidate) => candidate.type === type);
    if (entity) args[name] = entityValue(entity);
  }
  return args;
}

/** Validates arguments against the tool's JSON schema; what is missing is asked of the visitor. */
export function checkToolArguments(tool: Pick<ToolDefinition, 'parameters'>, args: ToolArguments): ArgumentCheck {
  let validate = compiled.get(tool.parameters);
  if (!validate) {
    validate = ajv.compile(tool.parameters);
    compiled.set(tool.parameters, validate);
  }
  const copy = { ...args };
  if (validate(copy)) return { ok: true, args: copy };
  const errors = validate.errors ?? [];
  const missing = errors
    .filter((error) => error.keyword === 'required')
    .map((error) => String((error.params as { missingProperty: string }).missingProperty));
  const problems = errors.map((error) => `${error.instancePath || 'arguments'} ${error.message ?? 'is invalid'}`);
  return { ok: false, missing, problems };
}

/** Rejects a schema at definition time, so a broken tool is a 400 on save, not a failure mid-chat. */
export function assertValidParametersSchema(schema: Record<string, unknown>): string | null {
  try {
    ajv.compile(schema);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
