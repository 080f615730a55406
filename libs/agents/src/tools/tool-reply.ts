/** `{field.path}` placeholders in a tool's reply template. */
const FIELD = /\{([A-Za-z0-9_.[\]-]+)\}/g;
const SUMMARY_FIELDS = 6;

function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function scalar(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** Null when the response lacks a field the template needs: the caller then says it could not read it. */
export function renderToolReply(template: string | null, body: unknown): string | null {
  if (template === null) return summarise(body);
  let complete = true;
  const text = template.replace(FIELD, (_match, path: string) => {
    const value = scalar(readPath(body, path));
    if (value === null) complete = false;
    return value ?? '';
  });
  return complete ? text : null;
}

/** Without a template, the response's top-level plain fields, as "name: value" pairs. */
function summarise(body: unknown): string | null {
  const direct = scalar(body);
  if (direct !== null) return direct;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const pairs = Object.entries(body as Record<string, unknown>)
    .map(([key, value]) => [key, scalar(value)] as const)
    .filter(([, value]) => value !== null)
    .slice(0, SUMMARY_FIELDS)
    .map(([key, value]) => `${key.replace(/[_-]+/g, ' ')}: ${value}`);
  return pairs.length > 0 ? `Here is what I found: ${pairs.join('; ')}.` : null;
}
