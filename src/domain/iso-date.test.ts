import { describe, expect, it } from 'vitest';
import { addYears, assertIsoDate, formatLongDate, isIsoDate, isWithin } from './iso-date.js';

describe('isIsoDate', () => {
  it('accepts real YYYY-MM-DD dates, including 29 February in a leap year', () => {
    expect(isIsoDate('2026-11-24')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
  });

  it('refuses impossible days, other formats and 29 February in a common year', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('24/11/2026')).toBe(false);
    expect(isIsoDate('2026-11-24T10:00:00Z')).toBe(false);
  });
});

describe('assertIsoDate', () => {
  it('throws a RangeError naming the argument for a malformed date', () => {
    expect(() => assertIsoDate('2026-2-1', 'startsOn')).toThrow(new RangeError("startsOn must be a 'YYYY-MM-DD' date, got '2026-2-1'"));
  });
});

describe('isWithin', () => {
  it('includes both the first and the last day', () => {
    expect(isWithin('2026-05-01', '2026-05-01', '2026-05-31')).toBe(true);
    expect(isWithin('2026-05-31', '2026-05-01', '2026-05-31')).toBe(true);
    expect(isWithin('2026-04-30', '2026-05-01', '2026-05-31')).toBe(false);
    expect(isWithin('2026-06-01', '2026-05-01', '2026-05-31')).toBe(false);
  });
});

describe('addYears', () => {
  it('moves to the same day a number of years later', () => {
    expect(addYears('2023-11-24', 3)).toBe('2026-11-24');
  });

  it('turns 29 February into 28 February in a common year', () => {
    expect(addYears('2024-02-29', 3)).toBe('2027-02-28');
  });

  it('keeps 29 February when the later year is a leap year', () => {
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });
});

describe('formatLongDate', () => {
  it('writes a date as 23 November 2026', () => {
    expect(formatLongDate('2026-11-23')).toBe('23 November 2026');
    expect(formatLongDate('2027-03-01')).toBe('1 March 2027');
  });
});

describe('londonDate and addDays', () => {
  it('gives the UK calendar day, which is a day later than UTC just after midnight in summer time', async () => {
    const { londonDate } = await import('./iso-date.js');
    expect(londonDate(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(londonDate(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });

  it('adds days across month and year ends', async () => {
    const { addDays } = await import('./iso-date.js');
    expect(addDays('2026-12-25', 30)).toBe('2027-01-24');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
