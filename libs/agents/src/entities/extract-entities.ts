import { extractAmounts } from './amount-extractor';
import { extractDates } from './date-extractor';
import { extractEmails } from './email-extractor';
import { Entity, TenantEntityConfig } from './entity.types';
import { extractPhones } from './phone-extractor';
import { ProductCatalog } from './product-extractor';
import { CompiledReferencePattern, compileReferencePattern, extractReferences } from './reference-extractor';

/** A tenant's entity settings, compiled once: regexes built and validated, product names folded. */
export interface CompiledEntityConfig {
  readonly references: readonly CompiledReferencePattern[];
  readonly products: ProductCatalog;
  readonly defaultCallingCode?: string;
  readonly dateOrder: 'DMY' | 'MDY';
}

const compiledConfigs = new WeakMap<TenantEntityConfig, CompiledEntityConfig>();

/** Throws InvalidEntityPatternError for a pattern that does not compile or matches the empty string. */
export function compileEntityConfig(config: TenantEntityConfig): CompiledEntityConfig {
  const cached = compiledConfigs.get(config);
  if (cached) return cached;
  const compiled: CompiledEntityConfig = {
    references: [
      ...(config.orderNumberPatterns ?? []).map((source) => compileReferencePattern('order_number', source)),
      ...(config.ticketNumberPatterns ?? []).map((source) => compileReferencePattern('ticket_number', source)),
    ],
    products: new ProductCatalog(config.products ?? []),
    defaultCallingCode: config.defaultCallingCode,
    dateOrder: config.dateOrder ?? 'DMY',
  };
  compiledConfigs.set(config, compiled);
  return compiled;
}

/**
 * Higher-priority kinds claim their spans first: a tenant's order pattern beats a phone that happens to
 * match the same digits, and an amount's digits are not read again as a date.
 */
function dropOverlaps(groups: readonly Entity[][]): Entity[] {
  const kept: Entity[] = [];
  for (const group of groups) {
    for (const entity of group) {
      if (!kept.some((k) => entity.start < k.end && k.start < entity.end)) kept.push(entity);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * All built-in entities in the ORIGINAL text (not the redacted one), typed and normalised. Emails and
 * phones are personal data: pass them to tools, and show a model only the guard's placeholders (see
 * maskEntitiesForModel).
 */
export function extractEntities(text: string, config: TenantEntityConfig = {}, referenceDate = new Date()): Entity[] {
  const compiled = compileEntityConfig(config);
  return dropOverlaps([
    extractEmails(text),
    extractReferences(text, compiled.references),
    extractAmounts(text),
    extractDates(text, referenceDate, compiled.dateOrder),
    extractPhones(text, compiled.defaultCallingCode),
    compiled.products.extract(text),
  ]);
}
