import { formatLongDate, type IsoDate, londonDate } from '../../../domain/iso-date.js';
import { audienceName, AUDIENCES, type AudienceCode } from '../../../domain/meetings/audiences.js';
import { PROGRAMMES } from '../../../domain/reference.js';

/** How the finder writes days, times and the UK's clocks. Pure functions; the clock is passed in. */

export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** Monday first, as a UK week is shown (Meeting Guide's day numbers: 0 = Sunday). */
export const DAYS_MONDAY_FIRST = [1, 2, 3, 4, 5, 6, 0] as const;

export function programmeName(code: string): string {
  return PROGRAMMES.find((p) => p.code === code)?.name ?? code;
}

/** An audience code's public name; codes the finder does not know are left out. */
export function audienceNames(codes: readonly string[]): string[] {
  return codes.filter((c): c is AudienceCode => AUDIENCES.some((a) => a.code === c)).map((c) => audienceName(c));
}

/** '19:00' → '7pm', '09:30' → '9:30am', '12:00' → '12 noon'. */
export function formatClockTime(time: string): string {
  const [h = 0, m = 0] = time.split(':').map(Number);
  if (h === 12 && m === 0) return '12 noon';
  if (h === 0 && m === 0) return 'midnight';
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  const suffix = h < 12 ? 'am' : 'pm';
  return m === 0 ? `${hour12}${suffix}` : `${hour12}:${String(m).padStart(2, '0')}${suffix}`;
}

const ORDINALS: Record<number, string> = { 1: 'First', 2: 'Second', 3: 'Third', 4: 'Fourth', [-1]: 'Last' };

/** 'Every Tuesday', 'Every other Tuesday', 'First Tuesday of the month'. */
export function formatSchedule(m: { frequency: 'weekly' | 'fortnightly' | 'monthly'; day: number; week_of_month: number | null }): string {
  const day = DAY_NAMES[m.day] ?? '';
  if (m.frequency === 'fortnightly') return `Every other ${day}`;
  if (m.frequency === 'monthly') return `${ORDINALS[m.week_of_month ?? 1] ?? 'One'} ${day} of the month`;
  return `Every ${day}`;
}

/** The schedule inside a sentence, as the printable list writes it: "every other Thursday", day names kept capitalised. */
export function formatScheduleInSentence(m: Parameters<typeof formatSchedule>[0]): string {
  const text = formatSchedule(m);
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function formatTimes(start: string, end: string): string {
  return `${formatClockTime(start)} to ${formatClockTime(end)}`;
}

/** '1.2 km', '12 km'; with miles for those who think in them. */
export function formatDistance(km: number): string {
  const miles = km / 1.609344;
  const kmText = km < 10 ? km.toFixed(1) : String(Math.round(km));
  const milesText = miles < 10 ? miles.toFixed(1) : String(Math.round(miles));
  return `${kmText} km (${milesText} miles)`;
}

/** The last Sunday of a month, as an ISO date (the UK's clocks change then, at 01:00 UTC). */
function lastSunday(year: number, month: number): IsoDate {
  const last = new Date(Date.UTC(year, month, 0));
  last.setUTCDate(last.getUTCDate() - last.getUTCDay());
  return last.toISOString().slice(0, 10);
}

export interface UkClocks {
  /** What UK time is now. */
  now: 'GMT' | 'BST';
  /** The day the clocks next change, and to what. */
  changesOn: IsoDate;
  next: 'GMT' | 'BST';
}

/** Whether the UK is on GMT or BST at an instant, and when that next changes. */
export function ukClocks(at: Date): UkClocks {
  const year = Number(londonDate(at).slice(0, 4));
  const springAt = new Date(`${lastSunday(year, 3)}T01:00:00Z`);
  const autumnAt = new Date(`${lastSunday(year, 10)}T01:00:00Z`);
  if (at < springAt) return { now: 'GMT', changesOn: lastSunday(year, 3), next: 'BST' };
  if (at < autumnAt) return { now: 'BST', changesOn: lastSunday(year, 10), next: 'GMT' };
  return { now: 'GMT', changesOn: lastSunday(year + 1, 3), next: 'BST' };
}

/** "UK time: GMT now, BST (GMT+1) from 29 March 2026." */
export function ukTimeNote(at: Date): string {
  const c = ukClocks(at);
  const name = (zone: 'GMT' | 'BST') => (zone === 'BST' ? 'BST (GMT+1)' : 'GMT');
  return `Times are UK time: ${name(c.now)} now, ${name(c.next)} from ${formatLongDate(c.changesOn)}.`;
}
