import { addDays, assertIsoDate, type IsoDate } from '../iso-date.js';

/**
 * When a meeting meets. Weekly meetings meet on their day every week from their first date;
 * fortnightly ones every other week counting from the first meeting; monthly ones on the nth (or
 * last) of their weekday in each month. Dates are UK calendar days; times are UK local time.
 */

export type Frequency = 'weekly' | 'fortnightly' | 'monthly';

export interface MeetingSchedule {
  frequency: Frequency;
  /** 0 = Sunday … 6 = Saturday (the Meeting Guide numbering). */
  day: number;
  /** Monthly only: 1–4, or -1 for the last such weekday of the month. */
  weekOfMonth: number | null;
  /** The first day the meeting may meet. */
  startsOn: IsoDate;
  /** The last day it may meet, if it has an end. */
  endsOn: IsoDate | null;
}

/** The weekday of a date, 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The first date on or after `date` that falls on `day`. */
function onOrAfterWeekday(date: IsoDate, day: number): IsoDate {
  return addDays(date, (day - weekdayOf(date) + 7) % 7);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The nth (1–4) or last (-1) `day` of a month (month 1–12). */
export function nthWeekdayOfMonth(year: number, month: number, day: number, n: number): IsoDate {
  if (n === -1) {
    const last = `${year}-${pad(month)}-${pad(daysInMonth(year, month))}`;
    return addDays(last, -((weekdayOf(last) - day + 7) % 7));
  }
  const first = onOrAfterWeekday(`${year}-${pad(month)}-01`, day);
  return addDays(first, 7 * (n - 1));
}

/** The schedule's first meeting date, or null if it never meets. */
export function firstOccurrence(schedule: MeetingSchedule): IsoDate | null {
  return nextOccurrence(schedule, schedule.startsOn);
}

/** Every meeting date from `from` to `to` inclusive, in order. */
export function occurrencesBetween(schedule: MeetingSchedule, from: IsoDate, to: IsoDate): IsoDate[] {
  assertIsoDate(from, 'from');
  assertIsoDate(to, 'to');
  const dates: IsoDate[] = [];
  let next = nextOccurrence(schedule, from);
  while (next !== null && next <= to) {
    dates.push(next);
    next = nextOccurrence(schedule, addDays(next, 1));
  }
  return dates;
}

/** The first meeting date on or after `onOrAfter`, or null when the meeting has ended by then. */
export function nextOccurrence(schedule: MeetingSchedule, onOrAfter: IsoDate): IsoDate | null {
  assertIsoDate(onOrAfter, 'onOrAfter');
  assertIsoDate(schedule.startsOn, 'startsOn');
  if (!Number.isInteger(schedule.day) || schedule.day < 0 || schedule.day > 6) throw new RangeError(`day must be 0–6, not ${schedule.day}`);
  const from = onOrAfter > schedule.startsOn ? onOrAfter : schedule.startsOn;
  let candidate: IsoDate;
  switch (schedule.frequency) {
    case 'weekly':
      candidate = onOrAfterWeekday(from, schedule.day);
      break;
    case 'fortnightly': {
      const first = onOrAfterWeekday(schedule.startsOn, schedule.day);
      const weekly = onOrAfterWeekday(from, schedule.day);
      const weeks = Math.round((Date.parse(weekly) - Date.parse(first)) / (7 * 86_400_000));
      candidate = weeks % 2 === 0 ? weekly : addDays(weekly, 7);
      break;
    }
    case 'monthly': {
      const n = schedule.weekOfMonth;
      if (n === null || ![1, 2, 3, 4, -1].includes(n)) throw new RangeError('A monthly meeting needs weekOfMonth 1–4 or -1');
      let year = Number(from.slice(0, 4));
      let month = Number(from.slice(5, 7));
      candidate = nthWeekdayOfMonth(year, month, schedule.day, n);
      if (candidate < from) {
        month += 1;
        if (month === 13) {
          month = 1;
          year += 1;
        }
        candidate = nthWeekdayOfMonth(year, month, schedule.day, n);
      }
      break;
    }
  }
  return schedule.endsOn !== null && candidate > schedule.endsOn ? null : candidate;
}
