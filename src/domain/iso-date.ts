/**
 * UK calendar dates as 'YYYY-MM-DD' strings. The scheme's rules are about days (a licence ends on a
 * day, a check is due on a day), never instants, so no Date object or time zone is involved: dates
 * of this form sort as strings, and the few sums needed are done on the parts.
 */

/** A UK calendar date written 'YYYY-MM-DD'. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

function parts(value: string): { year: number; month: number; day: number } | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Whether a string is a real calendar date in 'YYYY-MM-DD' form. */
export function isIsoDate(value: string): boolean {
  const p = parts(value);
  return p !== null && p.month >= 1 && p.month <= 12 && p.day >= 1 && p.day <= daysInMonth(p.year, p.month);
}

/** Throws a RangeError unless the value is a real 'YYYY-MM-DD' date. */
export function assertIsoDate(value: string, name = 'date'): void {
  // A malformed date would still compare as a string and give a confident wrong answer.
  if (!isIsoDate(value)) throw new RangeError(`${name} must be a 'YYYY-MM-DD' date, got '${value}'`);
}

/** Whether a date falls within from..to, both days included. */
export function isWithin(date: IsoDate, from: IsoDate, to: IsoDate): boolean {
  return from <= date && date <= to;
}

/** The same day a whole number of years later; 29 February becomes 28 February in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  assertIsoDate(date);
  if (!Number.isInteger(years)) throw new RangeError(`years must be a whole number, got ${years}`);
  const p = parts(date);
  if (p === null) throw new RangeError(`date must be a 'YYYY-MM-DD' date, got '${date}'`);
  const year = p.year + years;
  // Clamp to the end of February rather than roll into March: a due date should never come later
  // than the anniversary it stands for.
  const day = Math.min(p.day, daysInMonth(year, p.month));
  return `${pad(year, 4)}-${pad(p.month, 2)}-${pad(day, 2)}`;
}

/** A date as people in the scheme write it, e.g. '23 November 2026'. */
export function formatLongDate(date: IsoDate): string {
  const p = parts(date);
  const month = p === null ? undefined : MONTH_NAMES[p.month - 1];
  if (p === null || month === undefined) return date;
  return `${p.day} ${month} ${p.year}`;
}

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in the UK (Europe/London) at an instant: what "today" means for the scheme. */
export function londonDate(at: Date): IsoDate {
  return LONDON_DAY.format(at);
}

/** A day some whole days after another. */
export function addDays(date: IsoDate, days: number): IsoDate {
  assertIsoDate(date);
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
