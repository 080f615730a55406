/** A span of the original message; offsets are UTF-16 indices, end exclusive. */
interface EntityBase {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface EmailEntity extends EntityBase {
  readonly type: 'email';
  /** Lower-cased address. */
  readonly value: string;
}

export interface PhoneEntity extends EntityBase {
  readonly type: 'phone';
  /** "+" and digits when the country is known (E.164-ish), bare national digits otherwise. */
  readonly value: string;
}

export interface DateEntity extends EntityBase {
  readonly type: 'date';
  /** ISO 8601 calendar date, YYYY-MM-DD, resolved against the reference date. */
  readonly value: string;
}

export interface MoneyAmount {
  readonly value: number;
  /** ISO 4217 code. */
  readonly currency: string;
}

export interface AmountEntity extends EntityBase {
  readonly type: 'amount';
  readonly value: MoneyAmount;
}

export interface ReferenceEntity extends EntityBase {
  readonly type: 'order_number' | 'ticket_number';
  /** Upper-cased, as reference numbers are usually compared. */
  readonly value: string;
}

export interface ProductEntity extends EntityBase {
  readonly type: 'product';
  /** The product's name exactly as the tenant listed it. */
  readonly value: string;
  /** Character edits between the text and the listed name after case and accent folding (0 = exact). */
  readonly edits: number;
}

export type Entity = EmailEntity | PhoneEntity | DateEntity | AmountEntity | ReferenceEntity | ProductEntity;
export type EntityType = Entity['type'];

/** What a tenant configures; plain JSON so it can live in the agent's settings row. */
export interface TenantEntityConfig {
  /** Regular expression sources (case-insensitive). With a capture group, group 1 is the value. */
  readonly orderNumberPatterns?: readonly string[];
  readonly ticketNumberPatterns?: readonly string[];
  readonly products?: readonly string[];
  /** Calling code without "+" (e.g. "44") used to complete national phone numbers. */
  readonly defaultCallingCode?: string;
  /** How to read 03/04/2025: day first (default) or month first. */
  readonly dateOrder?: 'DMY' | 'MDY';
}
