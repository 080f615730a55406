import { findEmails, findPhones, TextSpan } from '../entities/contact-patterns';
import { isCardNumber, isIbanValid } from './pii-checksums';

export type PiiType = 'EMAIL' | 'PHONE' | 'CARD' | 'IBAN' | 'SSN';

/** One piece of personal data found in a message; `value` is the text exactly as the visitor typed it. */
export interface PiiMatch {
  readonly type: PiiType;
  readonly placeholder: string;
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export interface Redaction {
  readonly redactedText: string;
  /** placeholder → original value. Only tools may read it; it never goes to a model, a log or an index. */
  readonly vault: Record<string, string>;
  readonly matches: PiiMatch[];
}

// Digits with optional single spaces or dashes between them: "4111 1111 1111 1111", "4111-1111-…".
const CARD_PATTERN = /(?<![\w.,-])\d(?:[ -]?\d){12,18}(?![\w]|[.,]\d)/g;
// Country, check digits, then groups of four (space-separated or not); uppercase as printed on statements.
const IBAN_PATTERN = /(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![\w])/g;
// US social security numbers in their written form only; a bare 9-digit run is too often something else.
const SSN_PATTERN = /(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])/g;

interface Candidate extends TextSpan {
  readonly type: PiiType;
  /** Canonical form: the same card typed with or without spaces gets the same placeholder. */
  readonly key: string;
}

function findCards(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of text.matchAll(CARD_PATTERN)) {
    const digits = m[0].replace(/\D/g, '');
    if (isCardNumber(digits))
      found.push({ type: 'CARD', start: m.index, end: m.index + m[0].length, text: m[0], key: digits });
  }
  return found;
}

/** The pattern may swallow a following group of four; drop trailing groups until the checksum holds. */
function findIbans(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of text.matchAll(IBAN_PATTERN)) {
    let raw = m[0];
    while (raw.replace(/ /g, '').length >= 15) {
      const compact = raw.replace(/ /g, '');
      if (isIbanValid(compact)) {
        found.push({ type: 'IBAN', start: m.index, end: m.index + raw.length, text: raw, key: compact });
        break;
      }
      raw = raw.replace(/ ?[A-Z0-9]{1,4}$/, '');
    }
  }
  return found;
}

function findAll(text: string): Candidate[] {
  const spans: Candidate[] = [
    ...findCards(text),
    ...findIbans(text),
    ...[...text.matchAll(SSN_PATTERN)].map((m) => ({
      type: 'SSN' as const,
      start: m.index,
      end: m.index + m[0].length,
      text: m[0],
      key: m[0],
    })),
    ...findEmails(text).map((s) => ({ ...s, type: 'EMAIL' as const, key: s.text.toLowerCase() })),
    ...findPhones(text).map((s) => ({ ...s, type: 'PHONE' as const, key: s.text.replace(/[^\d+]/g, '') })),
  ];
  return dropOverlaps(spans);
}

/** Checksummed types are listed first, so a Luhn-valid card is never re-read as a phone number. */
function dropOverlaps(spans: Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  for (const span of spans) {
    if (!kept.some((k) => span.start < k.end && k.start < span.end)) kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Replaces emails, phone numbers, Luhn-valid card numbers, mod-97-valid IBANs and written SSNs with
 * numbered placeholders ([EMAIL_1], [CARD_1], …). The same value gets the same placeholder within a
 * message, so a model can still tell "the same card twice" from "two cards".
 */
export function redactPii(text: string): Redaction {
  const candidates = findAll(text);
  const vault: Record<string, string> = {};
  const placeholderByKey = new Map<string, string>();
  const counters = new Map<PiiType, number>();
  const matches: PiiMatch[] = [];
  let redactedText = '';
  let cursor = 0;
  for (const candidate of candidates) {
    const mapKey = `${candidate.type}:${candidate.key}`;
    let placeholder = placeholderByKey.get(mapKey);
    if (!placeholder) {
      const n = (counters.get(candidate.type) ?? 0) + 1;
      counters.set(candidate.type, n);
      placeholder = `[${candidate.type}_${n}]`;
      placeholderByKey.set(mapKey, placeholder);
      vault[placeholder] = candidate.text;
    }
    matches.push({
      type: candidate.type,
      placeholder,
      value: candidate.text,
      start: candidate.start,
      end: candidate.end,
    });
    redactedText += text.slice(cursor, candidate.start) + placeholder;
    cursor = candidate.end;
  }
  redactedText += text.slice(cursor);
  return { redactedText, vault, matches };
}

/** Puts the real values back, e.g. into a tool's arguments that a model wrote with placeholders. */
export function restorePii(text: string, vault: Readonly<Record<string, string>>): string {
  return text.replace(/\[(?:EMAIL|PHONE|CARD|IBAN|SSN)_\d+\]/g, (placeholder) => vault[placeholder] ?? placeholder);
}
