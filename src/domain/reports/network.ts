import { addDays, type IsoDate } from '../iso-date.js';

/**
 * The rules behind the network reports' figures (decision 127): when a meeting counts as running,
 * when a licence counts as in operation, the weeks and months of a trend, and postcode areas.
 */

export interface MeetingSpan {
  status: 'running' | 'closed_down';
  startsOn: IsoDate;
  endsOn: IsoDate | null;
}

/**
 * Whether a meeting was running at some point from..to: registered to start on or before `to`,
 * and not ended before `from`. Closing a meeting sets its last date; a meeting closed with no last
 * date (closed before it ever met) never ran.
 */
export function meetingRunningBetween(m: MeetingSpan, from: IsoDate, to: IsoDate): boolean {
  if (m.startsOn > to) return false;
  if (m.endsOn === null) return m.status === 'running';
  return m.endsOn >= from;
}

export interface LicenceSpan {
  status: 'active' | 'in_grace' | 'lapsed';
  startsOn: IsoDate;
  endsOn: IsoDate;
}

/**
 * Whether a licence was in operation on a day. Today (and later) it is the licence's status: any
 * licence not lapsed, so one in its grace period counts (as Section 3's 770 do). On a past day it
 * is its licence year: started on or before the day and ending on or after it.
 */
export function licenceInOperationOn(l: LicenceSpan, date: IsoDate, today: IsoDate): boolean {
  if (date >= today) return l.status !== 'lapsed' && l.startsOn <= date;
  return l.startsOn <= date && date <= l.endsOn;
}

/** The Monday of the week a day falls in (UK weeks run Monday to Sunday). */
export function mondayOf(date: IsoDate): IsoDate {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/** The Mondays of every week that overlaps from..to. */
export function weeksBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const weeks: IsoDate[] = [];
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) weeks.push(monday);
  return weeks;
}

/** Every month ('YYYY-MM') that overlaps from..to. */
export function monthsBetween(from: IsoDate, to: IsoDate): string[] {
  const months: string[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const m = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    if (m > last) break;
    months.push(m);
    month += 1;
    if (month === 13) [year, month] = [year + 1, 1];
  }
  return months;
}

/** The last day of a month ('YYYY-MM'). */
export function monthEnd(month: string): IsoDate {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  const next = m === 12 ? `${year + 1}-01-01` : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

/** The postcode area: the letters at the start of the postcode ('PR1 8BU' → 'PR', 'M1 1AE' → 'M'). */
export function postcodeArea(postcode: string | null | undefined): string | null {
  const match = /^\s*([A-Za-z]{1,2})\d/.exec(postcode ?? '');
  return match?.[1] ? match[1].toUpperCase() : null;
}

/**
 * The map of the network shows every place (licensed site or running meeting) while there are at
 * most this many; beyond that the places are grouped by region and cell (decision 161).
 */
export const MAP_POINT_LIMIT = 500;

/** The side of a map group's cell in degrees of latitude and of longitude (about 22 km north to south). */
export const MAP_CELL_DEGREES = 0.2;

/** The cell of the map a place falls in, counted from 0°N 0°E; null when the place has no coordinates. */
export function mapCell(latitude: number | null, longitude: number | null): { row: number; column: number } | null {
  if (latitude === null || longitude === null) return null;
  return { row: Math.floor(latitude / MAP_CELL_DEGREES), column: Math.floor(longitude / MAP_CELL_DEGREES) };
}
