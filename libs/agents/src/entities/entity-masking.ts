import { Entity } from './entity.types';

/** The guard's PII spans, as far as masking needs them (structurally a PiiMatch). */
export interface RedactedSpan {
  readonly start: number;
  readonly end: number;
  readonly placeholder: string;
}

/** The form of an entity a model may see: personal values replaced by the guard's placeholder. */
export type ModelVisibleEntity = Omit<Entity, 'value' | 'text'> & { readonly text: string; readonly value: unknown };

/**
 * Entities are extracted from the original message so tools get real values, but a model (and a log)
 * must only see placeholders. Any entity overlapping a redacted span shows the placeholder instead of
 * its text and value; emails and phones are never shown in clear even if the guard missed them.
 */
export function maskEntitiesForModel(
  entities: readonly Entity[],
  redacted: readonly RedactedSpan[],
): ModelVisibleEntity[] {
  return entities.map((entity) => {
    const span = redacted.find((r) => entity.start < r.end && r.start < entity.end);
    if (span) return { ...entity, text: span.placeholder, value: span.placeholder };
    if (entity.type === 'email' || entity.type === 'phone') {
      const hidden = `[${entity.type.toUpperCase()}]`;
      return { ...entity, text: hidden, value: hidden };
    }
    return entity;
  });
}
