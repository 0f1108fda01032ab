import { escapeText, foldLine, utcStamp } from '../../../domain/meetings/icalendar.js';

export interface CalendarSession {
  /** Stable for the session, so a second copy replaces the first in the calendar. */
  uid: string;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  joiningUrl: string;
  description: string;
  createdAt: Date;
}

/**
 * One online session as an iCalendar file (RFC 5545) to attach to its invitation: a single event
 * in UTC, so no time zone block is needed, published rather than requested (no RSVP is asked for).
 * The text rules (escaping, folding) are the meeting calendar's (src/domain/meetings/icalendar.ts).
 */
export function sessionCalendar(session: CalendarSession): string {
  const ends = new Date(session.startsAt.getTime() + session.durationMinutes * 60_000);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//UK SMART Recovery//Partner Hub community sessions//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${escapeText(session.uid)}`,
    `DTSTAMP:${utcStamp(session.createdAt)}`,
    `DTSTART:${utcStamp(session.startsAt)}`,
    `DTEND:${utcStamp(ends)}`,
    `SUMMARY:${escapeText(session.title)}`,
    `LOCATION:${escapeText(session.joiningUrl)}`,
    `URL:${session.joiningUrl}`,
    `DESCRIPTION:${escapeText(`${session.description}\n\nJoin online: ${session.joiningUrl}`)}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
