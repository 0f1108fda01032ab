import { describe, expect, it } from 'vitest';
import { type CalendarMeeting, escapeText, foldLine, londonToUtc, meetingCalendar, recurrenceRule } from './icalendar.js';

const meeting: CalendarMeeting = {
  uid: '6f1c2a6e-0000-4000-8000-000000000001@partnerhub.test',
  name: 'Preston Tuesday Evening',
  schedule: { frequency: 'weekly', day: 2, weekOfMonth: null, startsOn: '2026-11-24', endsOn: null },
  startTime: '18:30',
  endTime: '20:00',
  url: 'https://partnerhub.test/meetings/preston-tuesday-evening',
  address: 'Riverside Centre, 1 Test Street, Preston PR1 8BU',
  coordinates: { latitude: 53.758, longitude: -2.7034 },
  online: null,
  notes: ['A friendly group; newcomers welcome.'],
  updatedAt: new Date('2026-11-20T09:15:00Z'),
  sequence: 3,
};

/** The file's logical lines: folds undone, split on CRLF. */
function unfolded(text: string): string[] {
  return text.replace(/\r\n /g, '').split('\r\n');
}

describe('iCalendar text', () => {
  it('escapes backslashes, semicolons, commas and every kind of line break', () => {
    expect(escapeText('a\\b; c, d\r\ne\nf\rg')).toBe('a\\\\b\\; c\\, d\\ne\\nf\\ng');
  });

  it('leaves a line of 75 octets alone and folds a longer one so no line passes 75 octets', () => {
    const exact = `SUMMARY:${'x'.repeat(67)}`;
    expect(foldLine(exact)).toBe(exact);
    const long = `DESCRIPTION:${'y'.repeat(200)}`;
    const folded = foldLine(long);
    const lines = folded.split('\r\n');
    expect(lines.length).toBe(3);
    for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
  });

  it('never splits a multi-byte character when folding', () => {
    const long = `SUMMARY:${'é'.repeat(60)}£${'€'.repeat(30)}`;
    const lines = foldLine(long).split('\r\n');
    for (const line of lines) {
      const bytes = new TextEncoder().encode(line);
      expect(bytes.length).toBeLessThanOrEqual(75);
      // Decoding each physical line on its own would show U+FFFD had a character been cut.
      expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(line);
    }
    expect(foldLine(long).replace(/\r\n /g, '')).toBe(long);
  });

  it('writes weekly, fortnightly and monthly (nth and last weekday) rules', () => {
    expect(recurrenceRule(meeting.schedule)).toBe('FREQ=WEEKLY;BYDAY=TU');
    expect(recurrenceRule({ ...meeting.schedule, frequency: 'fortnightly' })).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU');
    expect(recurrenceRule({ ...meeting.schedule, frequency: 'monthly', weekOfMonth: 2 })).toBe('FREQ=MONTHLY;BYDAY=2TU');
    expect(recurrenceRule({ ...meeting.schedule, frequency: 'monthly', weekOfMonth: -1 })).toBe('FREQ=MONTHLY;BYDAY=-1TU');
  });

  it('ends the rule at the end of the last day in London, written in UTC', () => {
    // 31 March 2027 is in British Summer Time: 23:59:59 there is 22:59:59 UTC.
    expect(recurrenceRule({ ...meeting.schedule, endsOn: '2027-03-31' })).toBe('FREQ=WEEKLY;BYDAY=TU;UNTIL=20270331T225959Z');
    // 28 February 2027 is in winter: London is on UTC.
    expect(recurrenceRule({ ...meeting.schedule, endsOn: '2027-02-28' })).toBe('FREQ=WEEKLY;BYDAY=TU;UNTIL=20270228T235959Z');
  });

  it('turns a London local time into the instant, either side of the clock change', () => {
    expect(londonToUtc('2026-07-01', '18:30').toISOString()).toBe('2026-07-01T17:30:00.000Z');
    expect(londonToUtc('2026-12-01', '18:30').toISOString()).toBe('2026-12-01T18:30:00.000Z');
  });

  it('builds a calendar with CRLF line ends, the London time zone and one recurring event from the first meeting date', () => {
    const text = meetingCalendar(meeting);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const lines = unfolded(text);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('TZID:Europe/London');
    expect(lines).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
    expect(lines).toContain('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU');
    // 24 November 2026 is a Tuesday: the first meeting is that day.
    expect(lines).toContain('DTSTART;TZID=Europe/London:20261124T183000');
    expect(lines).toContain('DTEND;TZID=Europe/London:20261124T200000');
    expect(lines).toContain('RRULE:FREQ=WEEKLY;BYDAY=TU');
    expect(lines).toContain('UID:6f1c2a6e-0000-4000-8000-000000000001@partnerhub.test');
    expect(lines).toContain('DTSTAMP:20261120T091500Z');
    expect(lines).toContain('SEQUENCE:3');
    expect(lines).toContain('SUMMARY:Preston Tuesday Evening');
    expect(lines).toContain('LOCATION:Riverside Centre\\, 1 Test Street\\, Preston PR1 8BU');
    expect(lines).toContain('GEO:53.758000;-2.703400');
    expect(lines).toContain('URL:https://partnerhub.test/meetings/preston-tuesday-evening');
    expect(lines.find((l) => l.startsWith('DESCRIPTION:'))).toBe(
      'DESCRIPTION:A friendly group\\; newcomers welcome.\\n\\nDetails and changes: https://partnerhub.test/meetings/preston-tuesday-evening',
    );
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(lines.at(-2)).toBe('END:VCALENDAR');
    expect(lines.at(-1)).toBe('');
  });

  it('starts a fortnightly or monthly meeting on its first real date', () => {
    const monthly = unfolded(meetingCalendar({ ...meeting, schedule: { ...meeting.schedule, frequency: 'monthly', weekOfMonth: -1 } }));
    // The last Tuesday of November 2026 is the 24th; of the second Tuesday, 8 December.
    expect(monthly).toContain('DTSTART;TZID=Europe/London:20261124T183000');
    const second = unfolded(meetingCalendar({ ...meeting, schedule: { ...meeting.schedule, frequency: 'monthly', weekOfMonth: 2 } }));
    expect(second).toContain('DTSTART;TZID=Europe/London:20261208T183000');
    expect(second).toContain('RRULE:FREQ=MONTHLY;BYDAY=2TU');
  });

  it('gives an online meeting its joining details and no street address', () => {
    const online = unfolded(
      meetingCalendar({
        ...meeting,
        address: null,
        coordinates: null,
        online: { url: 'https://zoom.example/j/123', phone: '+44 161 496 0000', notes: 'Passcode: 4321, ask the host' },
      }),
    );
    expect(online).toContain('LOCATION:https://zoom.example/j/123');
    expect(online.some((l) => l.startsWith('GEO:'))).toBe(false);
    const description = online.find((l) => l.startsWith('DESCRIPTION:'))!;
    expect(description).toContain('Join online: https://zoom.example/j/123\\nJoin by phone: +44 161 496 0000\\nPasscode: 4321\\, ask the host');
  });

  it('ends an overnight meeting on the next day', () => {
    const late = unfolded(meetingCalendar({ ...meeting, startTime: '23:00', endTime: '00:30' }));
    expect(late).toContain('DTEND;TZID=Europe/London:20261125T003000');
  });
});
