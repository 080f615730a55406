export { extractEntities, compileEntityConfig } from './extract-entities';
export type { CompiledEntityConfig } from './extract-entities';
export { maskEntitiesForModel } from './entity-masking';
export type { ModelVisibleEntity, RedactedSpan } from './entity-masking';
export { InvalidEntityPatternError } from './reference-extractor';
export { extractAmounts, parseAmountNumber } from './amount-extractor';
export { extractDates } from './date-extractor';
export { extractEmails } from './email-extractor';
export { extractPhones } from './phone-extractor';
export { ProductCatalog } from './product-extractor';
export type {
  AmountEntity,
  DateEntity,
  EmailEntity,
  Entity,
  EntityType,
  MoneyAmount,
  PhoneEntity,
  ProductEntity,
  ReferenceEntity,
  TenantEntityConfig,
} from './entity.types';
