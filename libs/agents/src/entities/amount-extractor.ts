import { AmountEntity } from './entity.types';

const SYMBOLS: Readonly<Record<string, string>> = {
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₹': 'INR',
  '₽': 'RUB',
  '₩': 'KRW',
};
const WORDS: Readonly<Record<string, string>> = {
  dollar: 'USD',
  dollars: 'USD',
  buck: 'USD',
  bucks: 'USD',
  euro: 'EUR',
  euros: 'EUR',
  pound: 'GBP',
  pounds: 'GBP',
  quid: 'GBP',
  yen: 'JPY',
  rupee: 'INR',
  rupees: 'INR',
  franc: 'CHF',
  francs: 'CHF',
};
const CODES = 'USD|EUR|GBP|CHF|JPY|CAD|AUD|NZD|INR|SEK|NOK|DKK|PLN|CZK|CNY|HKD|SGD|BRL|MXN|ZAR';

const NUMBER = String.raw`\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const SYMBOL = String.raw`[$€£¥₹₽₩]`;
const UNIT = String.raw`${SYMBOL}|\b(?:${CODES})\b|\b(?:${Object.keys(WORDS).join('|')})\b`;
// Currency before ("$20", "EUR 15,50") or after ("15,50 €", "20 dollars"); the first alternative wins.
const AMOUNT_PATTERN = new RegExp(
  String.raw`(?:(${SYMBOL}|\b(?:${CODES}))\s?(${NUMBER}))|(?:(?<![\w.,])(${NUMBER})\s?(${UNIT}))`,
  'gi',
);

/**
 * "1,234.56" and "1.234,56" are both 1234.56: the last separator followed by one or two digits is the
 * decimal mark, every other separator groups thousands.
 */
export function parseAmountNumber(raw: string): number {
  const compact = raw.replace(/[' ]/g, '');
  const decimal = /[.,](\d{1,2})$/.exec(compact);
  const integerPart = decimal ? compact.slice(0, decimal.index) : compact;
  const value = Number(integerPart.replace(/[.,]/g, ''));
  return decimal ? value + Number(`0.${decimal[1]}`) : value;
}

function currencyOf(unit: string): string | null {
  const upper = unit.toUpperCase();
  return SYMBOLS[unit] ?? WORDS[unit.toLowerCase()] ?? (new RegExp(`^(?:${CODES})$`).test(upper) ? upper : null);
}

/** Money amounts with an explicit currency, as `{ value, currency }` (ISO 4217). Bare numbers are not amounts. */
export function extractAmounts(text: string): AmountEntity[] {
  const found: AmountEntity[] = [];
  for (const m of text.matchAll(AMOUNT_PATTERN)) {
    const unit = m[1] ?? m[4];
    const number = m[2] ?? m[3];
    const currency = currencyOf(unit);
    if (!currency) continue;
    const value = Math.round(parseAmountNumber(number) * 100) / 100;
    found.push({ type: 'amount', text: m[0], start: m.index, end: m.index + m[0].length, value: { value, currency } });
  }
  return found;
}
