import { ReferenceEntity } from './entity.types';

export interface CompiledReferencePattern {
  readonly type: ReferenceEntity['type'];
  readonly pattern: RegExp;
}

export class InvalidEntityPatternError extends Error {
  constructor(
    readonly source: string,
    reason: string,
  ) {
    super(`Invalid reference-number pattern ${JSON.stringify(source)}: ${reason}`);
  }
}

/** Compiled once per tenant config; a broken pattern fails when the tenant saves it, not mid-chat. */
export function compileReferencePattern(type: ReferenceEntity['type'], source: string): CompiledReferencePattern {
  try {
    const pattern = new RegExp(source, 'gi');
    if (pattern.test('')) throw new InvalidEntityPatternError(source, 'it matches the empty string');
    return { type, pattern };
  } catch (error) {
    if (error instanceof InvalidEntityPatternError) throw error;
    throw new InvalidEntityPatternError(source, (error as Error).message);
  }
}

/**
 * Order and ticket numbers by the tenant's patterns. With a capture group the value is group 1
 * ("order #(\d+)" yields the digits), otherwise the whole match.
 */
export function extractReferences(text: string, patterns: readonly CompiledReferencePattern[]): ReferenceEntity[] {
  const found: ReferenceEntity[] = [];
  for (const { type, pattern } of patterns) {
    for (const m of text.matchAll(pattern)) {
      if (m[0].length === 0) continue;
      const value = m[1] ?? m[0];
      const offset = m[1] === undefined ? 0 : m[0].indexOf(m[1]);
      const start = m.index + offset;
      if (found.some((e) => start < e.end && e.start < start + value.length)) continue;
      found.push({ type, text: value, start, end: start + value.length, value: value.toUpperCase() });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
