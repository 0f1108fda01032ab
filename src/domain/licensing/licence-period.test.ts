import { describe, expect, it } from 'vitest';
import { addDays } from '../iso-date.js';
import { licencePeriod, renewedPeriod } from './licence-period.js';

describe('licencePeriod (Section 10: licences are renewed annually)', () => {
  it('runs from the day the invoice is paid to the day before the same date next year', () => {
    expect(licencePeriod('2026-04-01')).toEqual({ startsOn: '2026-04-01', endsOn: '2027-03-31' });
    expect(licencePeriod('2026-11-24')).toEqual({ startsOn: '2026-11-24', endsOn: '2027-11-23' });
  });

  it('crosses the year end', () => {
    expect(licencePeriod('2026-01-01')).toEqual({ startsOn: '2026-01-01', endsOn: '2026-12-31' });
  });

  it('includes 29 February when the year has one', () => {
    expect(licencePeriod('2027-03-01')).toEqual({ startsOn: '2027-03-01', endsOn: '2028-02-29' });
    expect(licencePeriod('2027-06-15')).toEqual({ startsOn: '2027-06-15', endsOn: '2028-06-14' });
  });

  it('ends a year that starts on 29 February on 28 February, a full year rather than a day short', () => {
    expect(licencePeriod('2028-02-29')).toEqual({ startsOn: '2028-02-29', endsOn: '2029-02-28' });
  });

  it('ends a year that starts on 1 March in a leap year on 28 February', () => {
    expect(licencePeriod('2028-03-01')).toEqual({ startsOn: '2028-03-01', endsOn: '2029-02-28' });
  });

  it('refuses a malformed start date', () => {
    expect(() => licencePeriod('2026-02-30')).toThrow(RangeError);
  });
});

describe('renewedPeriod', () => {
  it('starts the day after the current year ends and runs a year', () => {
    expect(renewedPeriod({ startsOn: '2026-04-01', endsOn: '2027-03-31' })).toEqual({ startsOn: '2027-04-01', endsOn: '2028-03-31' });
  });

  it('does not depend on when the renewal is paid: a late payment neither shortens nor shifts the year', () => {
    // The renewal takes only the current year, so there is no payment date that could move it.
    const current = licencePeriod('2026-04-01');
    const renewed = renewedPeriod(current);
    expect(renewed.startsOn).toBe(addDays(current.endsOn, 1));
    expect(renewed).toEqual(licencePeriod('2027-04-01'));
  });

  it('follows a year that started on 29 February with one from 1 March', () => {
    expect(renewedPeriod(licencePeriod('2028-02-29'))).toEqual({ startsOn: '2029-03-01', endsOn: '2030-02-28' });
  });

  it('keeps years back to back, with no gap or overlap, over a run of renewals through leap years', () => {
    for (const start of ['2026-04-01', '2027-02-28', '2027-03-01', '2028-02-29', '2026-12-31']) {
      let period = licencePeriod(start);
      for (let year = 0; year < 9; year += 1) {
        const next = renewedPeriod(period);
        expect(next.startsOn).toBe(addDays(period.endsOn, 1));
        expect(next.startsOn > period.endsOn).toBe(true);
        period = next;
      }
    }
  });

  it('keeps the anniversary of a year that does not start on 29 February', () => {
    let period = licencePeriod('2026-04-01');
    for (let year = 0; year < 5; year += 1) period = renewedPeriod(period);
    expect(period).toEqual({ startsOn: '2031-04-01', endsOn: '2032-03-31' });
  });
});
