import { describe, expect, it } from 'vitest';
import { nextOccurrence, nthWeekdayOfMonth, occurrencesBetween, weekdayOf, type MeetingSchedule } from './schedule.js';

const weekly: MeetingSchedule = { frequency: 'weekly', day: 2, weekOfMonth: null, startsOn: '2026-11-01', endsOn: null };

describe('meeting schedule', () => {
  it('numbers weekdays from Sunday as the Meeting Guide does', () => {
    expect(weekdayOf('2026-11-22')).toBe(0);
    expect(weekdayOf('2026-11-24')).toBe(2);
  });

  it('meets weekly on its day from its first date', () => {
    expect(occurrencesBetween(weekly, '2026-11-01', '2026-11-30')).toEqual(['2026-11-03', '2026-11-10', '2026-11-17', '2026-11-24']);
  });

  it('counts the meeting day itself as the next occurrence', () => {
    expect(nextOccurrence(weekly, '2026-11-24')).toBe('2026-11-24');
    expect(nextOccurrence(weekly, '2026-11-25')).toBe('2026-12-01');
  });

  it('does not meet before it starts or after it ends', () => {
    const bounded = { ...weekly, startsOn: '2026-11-10', endsOn: '2026-11-20' };
    expect(occurrencesBetween(bounded, '2026-11-01', '2026-12-31')).toEqual(['2026-11-10', '2026-11-17']);
    expect(nextOccurrence(bounded, '2026-11-18')).toBeNull();
  });

  it('meets fortnightly counting from the first meeting, whatever day you ask from', () => {
    const fortnightly: MeetingSchedule = { ...weekly, frequency: 'fortnightly' };
    expect(occurrencesBetween(fortnightly, '2026-11-01', '2026-12-31')).toEqual(['2026-11-03', '2026-11-17', '2026-12-01', '2026-12-15', '2026-12-29']);
    expect(nextOccurrence(fortnightly, '2026-11-04')).toBe('2026-11-17');
    expect(nextOccurrence(fortnightly, '2026-11-11')).toBe('2026-11-17');
  });

  it('meets monthly on the nth weekday, or the last', () => {
    const second: MeetingSchedule = { ...weekly, frequency: 'monthly', weekOfMonth: 2 };
    expect(occurrencesBetween(second, '2026-11-01', '2027-01-31')).toEqual(['2026-11-10', '2026-12-08', '2027-01-12']);
    const last: MeetingSchedule = { ...weekly, frequency: 'monthly', weekOfMonth: -1 };
    expect(occurrencesBetween(last, '2026-11-01', '2027-01-31')).toEqual(['2026-11-24', '2026-12-29', '2027-01-26']);
    expect(nthWeekdayOfMonth(2027, 2, 0, -1)).toBe('2027-02-28');
  });

  it('refuses a monthly schedule without its week and a day outside 0–6', () => {
    expect(() => nextOccurrence({ ...weekly, frequency: 'monthly' }, '2026-11-01')).toThrow(RangeError);
    expect(() => nextOccurrence({ ...weekly, day: 7 }, '2026-11-01')).toThrow(RangeError);
  });
});
