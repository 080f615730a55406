import {
  CalendarDay,
  MONTHS,
  WEEKDAYS,
  addDays,
  dayOf,
  inReferenceYear,
  isRealDay,
  toIsoDate,
  weekdayOf,
} from './calendar';
import { DateEntity } from './entity.types';

type Resolver = (match: RegExpMatchArray, reference: CalendarDay, dayFirst: boolean) => CalendarDay | null;

const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
// Full names only: "sat", "sun" and "wed" are ordinary words far more often than weekdays.
const WEEKDAY = String.raw`(monday|tuesday|wednesday|thursday|friday|saturday|sunday)`;
const ORDINAL = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const SMALL_NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  ten: 10,
};

function year(text: string | undefined, reference: CalendarDay): number {
  if (!text) return reference.year;
  const n = Number(text);
  return text.length === 2 ? 2000 + n : n;
}

function withYear(y: number, month: number, day: number): CalendarDay | null {
  const candidate = { year: y, month, day };
  return isRealDay(candidate) ? candidate : null;
}

function weekdayShift(reference: CalendarDay, weekday: number, mode: string): CalendarDay {
  const today = weekdayOf(reference);
  if (mode === 'last') return addDays(reference, -(((today - weekday + 6) % 7) + 1));
  if (mode === 'next') return addDays(reference, ((weekday - today + 6) % 7) + 1);
  return addDays(reference, (weekday - today + 7) % 7);
}

/**
 * Patterns, most specific first; a span claimed by one is not read again. Relative rules:
 * "next Friday" is the first Friday strictly after the reference date, "Friday"/"this Friday" the first on
 * or after it, "last Friday" the latest strictly before it; a day and month without a year take the
 * reference year.
 */
const RULES: readonly { pattern: RegExp; resolve: Resolver }[] = [
  {
    pattern: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/gi,
    resolve: (m) => withYear(Number(m[1]), Number(m[2]), Number(m[3])),
  },
  {
    pattern: /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b/gi,
    resolve: (m, ref, dayFirst) =>
      dayFirst
        ? withYear(year(m[3], ref), Number(m[2]), Number(m[1]))
        : withYear(year(m[3], ref), Number(m[1]), Number(m[2])),
  },
  {
    pattern: new RegExp(String.raw`\b${ORDINAL}(?:\s+of)?\s+${MONTH}(?:,?\s+(\d{4}))?\b`, 'gi'),
    resolve: (m, ref) => resolveDayMonth(Number(m[1]), m[2], m[3], ref),
  },
  {
    pattern: new RegExp(String.raw`\b${MONTH}\s+(?:the\s+)?${ORDINAL}(?:,?\s+(\d{4}))?\b`, 'gi'),
    resolve: (m, ref) => resolveDayMonth(Number(m[2]), m[1], m[3], ref),
  },
  { pattern: /\b(?:the\s+)?day\s+after\s+tomorrow\b/gi, resolve: (_m, ref) => addDays(ref, 2) },
  { pattern: /\b(?:the\s+)?day\s+before\s+yesterday\b/gi, resolve: (_m, ref) => addDays(ref, -2) },
  { pattern: /\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b/gi, resolve: (_m, ref) => ref },
  { pattern: /\btomorrow\b/gi, resolve: (_m, ref) => addDays(ref, 1) },
  { pattern: /\byesterday\b/gi, resolve: (_m, ref) => addDays(ref, -1) },
  {
    pattern: /\bin\s+(\d{1,2}|an?|one|two|three|four|five|six|seven|ten)\s+(days?|weeks?)\b/gi,
    resolve: (m, ref) => addDays(ref, countOf(m[1]) * (m[2].toLowerCase().startsWith('week') ? 7 : 1)),
  },
  {
    pattern: /\b(\d{1,2}|an?|one|two|three|four|five|six|seven|ten)\s+(days?|weeks?)\s+ago\b/gi,
    resolve: (m, ref) => addDays(ref, -countOf(m[1]) * (m[2].toLowerCase().startsWith('week') ? 7 : 1)),
  },
  {
    pattern: new RegExp(String.raw`\b(?:(next|this|last|coming|on)\s+)?${WEEKDAY}\b`, 'gi'),
    resolve: (m, ref) => weekdayShift(ref, WEEKDAYS[m[2].toLowerCase()], (m[1] ?? '').toLowerCase()),
  },
];

function countOf(word: string): number {
  return SMALL_NUMBERS[word.toLowerCase()] ?? Number(word);
}

function resolveDayMonth(day: number, monthName: string, yearText: string | undefined, ref: CalendarDay) {
  const month = MONTHS[monthName.toLowerCase().replace('.', '')];
  if (month === undefined) return null;
  return yearText ? withYear(Number(yearText), month, day) : inReferenceYear(month, day, ref);
}

/** Dates in the text, normalised to ISO 8601 relative to `referenceDate` (its UTC calendar day). */
export function extractDates(text: string, referenceDate: Date, dateOrder: 'DMY' | 'MDY' = 'DMY'): DateEntity[] {
  const reference = dayOf(referenceDate);
  const found: DateEntity[] = [];
  const taken = (start: number, end: number) => found.some((e) => start < e.end && e.start < end);
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken(start, end)) continue;
      const day = rule.resolve(m, reference, dateOrder === 'DMY');
      if (day) found.push({ type: 'date', text: m[0], start, end, value: toIsoDate(day) });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
