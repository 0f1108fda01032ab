import { addDays, type IsoDate } from '../iso-date.js';
import { firstOccurrence, type MeetingSchedule } from './schedule.js';

/**
 * A meeting as an iCalendar file (RFC 5545; docs/decisions/087-meeting-calendar-files.md): one
 * recurring event in UK local time with the Europe/London time zone written out, so a calendar app
 * keeps the meeting at 18:30 on both sides of the clock change. Pure text building: the server
 * reads the meeting and serves the file.
 */

export const LONDON = 'Europe/London';

export interface CalendarMeeting {
  /** Globally unique and stable for the meeting, e.g. '<meeting id>@partnerhub.example'. */
  uid: string;
  name: string;
  schedule: MeetingSchedule;
  /** 'HH:MM', UK local time. */
  startTime: string;
  endTime: string;
  /** The meeting's public page. */
  url: string;
  /** Where people go in person (venue and address), or null for an online-only meeting. */
  address: string | null;
  coordinates: { latitude: number; longitude: number } | null;
  online: { url: string | null; phone: string | null; notes: string | null } | null;
  /** Plain text about the meeting (its description, how often it meets). */
  notes: string[];
  /** When the listing last changed (the file's DTSTAMP and LAST-MODIFIED). */
  updatedAt: Date;
  /** Raised with every edit, so calendar apps replace their copy. */
  sequence: number;
}

/** The product identifier written in every file. */
export const PRODUCT_ID = '-//UK SMART Recovery//Partner Hub meetings//EN';

// Europe/London since 1996: BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
// Sunday of October.
const LONDON_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${LONDON}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/** The whole calendar file: CRLF line ends, long lines folded at 75 octets. */
export function meetingCalendar(meeting: CalendarMeeting): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODUCT_ID}`, 'CALSCALE:GREGORIAN', ...LONDON_VTIMEZONE];
  const first = firstOccurrence(meeting.schedule);
  // A meeting whose end date comes before its first meeting never meets: the file has no event.
  if (first !== null) lines.push(...eventLines(meeting, first));
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

function eventLines(meeting: CalendarMeeting, first: IsoDate): string[] {
  const overnight = meeting.endTime <= meeting.startTime;
  const stamp = utcStamp(meeting.updatedAt);
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(meeting.uid)}`,
    // Without a METHOD, DTSTAMP is when the information last changed (RFC 5545 3.8.7.2).
    `DTSTAMP:${stamp}`,
    `LAST-MODIFIED:${stamp}`,
    `SEQUENCE:${Math.max(0, Math.trunc(meeting.sequence))}`,
    `SUMMARY:${escapeText(meeting.name)}`,
    `DTSTART;TZID=${LONDON}:${localStamp(first, meeting.startTime)}`,
    `DTEND;TZID=${LONDON}:${localStamp(overnight ? addDays(first, 1) : first, meeting.endTime)}`,
    `RRULE:${recurrenceRule(meeting.schedule)}`,
  ];
  const location = meeting.address ?? (meeting.online?.url ? meeting.online.url : meeting.online?.phone ? `By phone: ${meeting.online.phone}` : null);
  if (location) lines.push(`LOCATION:${escapeText(location)}`);
  if (meeting.address && meeting.coordinates) {
    lines.push(`GEO:${meeting.coordinates.latitude.toFixed(6)};${meeting.coordinates.longitude.toFixed(6)}`);
  }
  lines.push(`DESCRIPTION:${escapeText(description(meeting))}`);
  lines.push(`URL:${meeting.url}`);
  lines.push('END:VEVENT');
  return lines;
}

function description(meeting: CalendarMeeting): string {
  const parts = [...meeting.notes];
  if (meeting.online) {
    const joining = [
      meeting.online.url ? `Join online: ${meeting.online.url}` : null,
      meeting.online.phone ? `Join by phone: ${meeting.online.phone}` : null,
      meeting.online.notes,
    ].filter((p): p is string => Boolean(p));
    if (joining.length > 0) parts.push(joining.join('\n'));
  }
  parts.push(`Details and changes: ${meeting.url}`);
  return parts.join('\n\n');
}

/** The RRULE value: weekly, every other week, or the nth / last weekday of each month. */
export function recurrenceRule(schedule: MeetingSchedule): string {
  const day = WEEKDAYS[schedule.day];
  if (day === undefined) throw new RangeError(`day must be 0–6, not ${schedule.day}`);
  const parts: string[] = [];
  switch (schedule.frequency) {
    case 'weekly':
      parts.push('FREQ=WEEKLY', `BYDAY=${day}`);
      break;
    case 'fortnightly':
      parts.push('FREQ=WEEKLY', 'INTERVAL=2', `BYDAY=${day}`);
      break;
    case 'monthly':
      if (schedule.weekOfMonth === null) throw new RangeError('A monthly meeting needs weekOfMonth 1–4 or -1');
      parts.push('FREQ=MONTHLY', `BYDAY=${schedule.weekOfMonth}${day}`);
      break;
  }
  // With a zoned DTSTART, UNTIL must be UTC (RFC 5545 3.3.10): the end of the last day in London.
  if (schedule.endsOn !== null) parts.push(`UNTIL=${utcStamp(londonToUtc(schedule.endsOn, '23:59:59'))}`);
  return parts.join(';');
}

/**
 * Text values escaped as RFC 5545 3.3.11 asks: backslash, semicolon and comma get a backslash;
 * every kind of line break becomes \n.
 */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/**
 * Folds a content line so no line is longer than 75 octets (RFC 5545 3.1): the rest carries on
 * after CRLF and one space. A multi-byte character is never split.
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // Continuation lines start with a space, which counts towards their 75.
    if (octets + size > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

/** A local date and 'HH:MM' as an iCalendar local date-time, '20261201T183000'. */
function localStamp(date: IsoDate, time: string): string {
  return `${date.replaceAll('-', '')}T${time.replace(':', '')}00`;
}

/** An instant as an iCalendar UTC date-time, '20261201T183000Z'. */
export function utcStamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Minutes London is ahead of UTC at an instant (0 in winter, 60 in summer). */
function londonOffsetMinutes(at: Date): number {
  const p = Object.fromEntries(londonParts.formatToParts(at).map((part) => [part.type, part.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant of a UK local date and time ('HH:MM' or 'HH:MM:SS'). */
export function londonToUtc(date: IsoDate, time: string): Date {
  const naive = new Date(`${date}T${time.length === 5 ? `${time}:00` : time}Z`);
  const guess = new Date(naive.getTime() - londonOffsetMinutes(naive) * 60_000);
  return new Date(naive.getTime() - londonOffsetMinutes(guess) * 60_000);
}
