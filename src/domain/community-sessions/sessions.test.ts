import { describe, expect, it } from 'vitest';
import { londonDateAndTime, londonInstant } from './sessions.js';

describe('UK session times', () => {
  it('reads 18:30 as 18:30 UTC in winter and 17:30 UTC in summer', () => {
    expect(londonInstant('2026-12-10', '18:30')?.toISOString()).toBe('2026-12-10T18:30:00.000Z');
    expect(londonInstant('2027-07-08', '18:30')?.toISOString()).toBe('2027-07-08T17:30:00.000Z');
  });

  it('has no instant for a time the clocks skip, and takes the first of a time they repeat', () => {
    expect(londonInstant('2027-03-28', '01:30')).toBeNull();
    expect(londonInstant('2026-10-25', '01:30')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(londonInstant('2026-02-30', '10:00')).toBeNull();
  });

  it('gives back the UK date and time of an instant', () => {
    expect(londonDateAndTime(new Date('2027-07-08T17:30:00Z'))).toEqual(['2027-07-08', '18:30']);
    expect(londonDateAndTime(new Date('2026-12-31T23:30:00Z'))).toEqual(['2026-12-31', '23:30']);
  });
});
