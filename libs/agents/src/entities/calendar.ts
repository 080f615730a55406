/** Calendar arithmetic on UTC dates, so the server's time zone never shifts a day. */

export interface CalendarDay {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
}

export const MONTHS: Readonly<Record<string, number>> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

export const WEEKDAYS: Readonly<Record<string, number>> = {
  sunday: 0,
  sun: 0,
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
};

export function dayOf(date: Date): CalendarDay {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function toDate(day: CalendarDay): Date {
  return new Date(Date.UTC(day.year, day.month - 1, day.day));
}

export function addDays(day: CalendarDay, days: number): CalendarDay {
  const date = toDate(day);
  date.setUTCDate(date.getUTCDate() + days);
  return dayOf(date);
}

export function weekdayOf(day: CalendarDay): number {
  return toDate(day).getUTCDay();
}

/** Rejects 31 April or 29 February in a common year. */
export function isRealDay(day: CalendarDay): boolean {
  if (day.month < 1 || day.month > 12 || day.day < 1 || day.day > 31) return false;
  const round = dayOf(toDate(day));
  return round.year === day.year && round.month === day.month && round.day === day.day;
}

export function toIsoDate(day: CalendarDay): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(day.year, 4)}-${pad(day.month, 2)}-${pad(day.day, 2)}`;
}

/**
 * A day and month without a year take the reference date's year: predictable, and right for both
 * "it shipped on 2 March" and "deliver by 20 March" within the year, which is what support chats hold.
 */
export function inReferenceYear(month: number, dayOfMonth: number, reference: CalendarDay): CalendarDay | null {
  const day = { year: reference.year, month, day: dayOfMonth };
  return isRealDay(day) ? day : null;
}
