/**
 * Email and phone matchers shared by the entity extractors and the guard's PII redactor, so what the
 * guard hides and what the extractors report are the same spans.
 */

export interface TextSpan {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const EMAIL_PATTERN =
  /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}(?![\w-])/g;

/**
 * Phone candidates: an optional + or 00, then digit groups separated by spaces, dots, dashes or
 * parentheses. Digit counts and shape are checked afterwards (see isPhoneShaped).
 */
const PHONE_PATTERN = /(?<![\w+/.,-])(?:\+|00)?\(?\d{1,5}\)?(?:[ .-]?\(?\d{1,5}\)?){1,6}(?![\w/]|[.,]\d)/g;
const DATE_SHAPE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/;

export function findEmails(text: string): TextSpan[] {
  return [...text.matchAll(EMAIL_PATTERN)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
}

export function phoneDigits(candidate: string): string {
  return candidate.replace(/\D/g, '');
}

/**
 * Separated groups ("555-123-4567", "+44 20 7946 0958") are phones with 8–15 digits. An unbroken digit
 * run is only a phone with an international prefix or a leading trunk 0 ("07700900123"), because bare
 * runs are far more often order numbers, amounts or card fragments.
 */
export function isPhoneShaped(candidate: string): boolean {
  const digits = phoneDigits(candidate);
  if (digits.length < 8 || digits.length > 15) return false;
  if (DATE_SHAPE.test(candidate)) return false;
  const international = candidate.startsWith('+') || candidate.startsWith('00');
  const separated = /[ .()-]/.test(candidate.trim());
  if (separated) return international || /^[(\d]/.test(candidate);
  return international || (digits.startsWith('0') && digits.length >= 10 && digits.length <= 11);
}

export function findPhones(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const m of text.matchAll(PHONE_PATTERN)) {
    const raw = m[0].replace(/[ .-]+$/, '');
    if (isPhoneShaped(raw)) spans.push({ start: m.index, end: m.index + raw.length, text: raw });
  }
  return spans;
}

/**
 * E.164-ish normalisation: "+" and the digits. "00" becomes "+"; a national number gets the tenant's
 * calling code when one is configured (a leading trunk 0 is dropped), otherwise it stays bare digits.
 */
export function normalizePhone(candidate: string, defaultCallingCode?: string): string {
  const digits = phoneDigits(candidate);
  if (candidate.trim().startsWith('+')) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if (!defaultCallingCode) return digits;
  const national = digits.startsWith('0') ? digits.slice(1) : digits;
  if (defaultCallingCode === '1' && national.length === 11 && national.startsWith('1')) return `+${national}`;
  return `+${defaultCallingCode}${national}`;
}
