import { describe, expect, it } from 'vitest';
import { licenceStatusOn, type LicenceForStatus } from './licence-status.js';
import { renewedPeriod } from './licence-period.js';
import { DEFAULT_LICENSING_POLICY } from './licensing-policy.js';

const YEAR: LicenceForStatus = { startsOn: '2026-04-01', endsOn: '2027-03-31', renewalPaid: false };
const POLICY = { graceDays: 30 };

describe('licenceStatusOn', () => {
  it('is not started before the first day', () => {
    expect(licenceStatusOn(YEAR, '2026-03-31', POLICY)).toBe('not-started');
  });

  it('is active from the first day to the last, both included', () => {
    expect(licenceStatusOn(YEAR, '2026-04-01', POLICY)).toBe('active');
    expect(licenceStatusOn(YEAR, '2026-11-24', POLICY)).toBe('active');
    expect(licenceStatusOn(YEAR, '2027-03-31', POLICY)).toBe('active');
  });

  it('is in grace for the 30 days after the end date while the renewal is unpaid', () => {
    expect(licenceStatusOn(YEAR, '2027-04-01', POLICY)).toBe('in-grace');
    expect(licenceStatusOn(YEAR, '2027-04-30', POLICY)).toBe('in-grace');
  });

  it('lapses on the 31st day after the end date while the renewal is unpaid', () => {
    expect(licenceStatusOn(YEAR, '2027-05-01', POLICY)).toBe('lapsed');
    expect(licenceStatusOn(YEAR, '2028-01-01', POLICY)).toBe('lapsed');
  });

  it('uses the default 30 grace days when no policy is given', () => {
    expect(DEFAULT_LICENSING_POLICY.graceDays).toBe(30);
    expect(licenceStatusOn(YEAR, '2027-04-30')).toBe('in-grace');
    expect(licenceStatusOn(YEAR, '2027-05-01')).toBe('lapsed');
  });

  it('follows the configured grace period, including none', () => {
    expect(licenceStatusOn(YEAR, '2027-04-14', { graceDays: 14 })).toBe('in-grace');
    expect(licenceStatusOn(YEAR, '2027-04-15', { graceDays: 14 })).toBe('lapsed');
    expect(licenceStatusOn(YEAR, '2027-04-01', { graceDays: 0 })).toBe('lapsed');
  });

  it('stays active after the end date once the renewal is paid, through the renewed year', () => {
    const paid = { ...YEAR, renewalPaid: true };
    expect(licenceStatusOn(paid, '2027-04-01', POLICY)).toBe('active');
    expect(licenceStatusOn(paid, '2027-06-01', POLICY)).toBe('active');
    expect(licenceStatusOn(paid, '2028-03-31', POLICY)).toBe('active');
  });

  it('judges a day after the renewed year against that year, whose own renewal is not known to be paid', () => {
    const paid = { ...YEAR, renewalPaid: true };
    expect(licenceStatusOn(paid, '2028-04-01', POLICY)).toBe('in-grace');
    expect(licenceStatusOn(paid, '2028-05-01', POLICY)).toBe('lapsed');
  });

  it('is active again when a lapsed licence is renewed and the caller passes the renewed year', () => {
    expect(licenceStatusOn(YEAR, '2027-06-10', POLICY)).toBe('lapsed');
    const renewed = { ...renewedPeriod(YEAR), renewalPaid: false };
    expect(renewed).toEqual({ startsOn: '2027-04-01', endsOn: '2028-03-31', renewalPaid: false });
    expect(licenceStatusOn(renewed, '2027-06-10', POLICY)).toBe('active');
  });

  it('refuses a malformed date, a year that ends before it starts, and a negative grace period', () => {
    expect(() => licenceStatusOn(YEAR, '10/06/2027', POLICY)).toThrow(RangeError);
    expect(() => licenceStatusOn({ ...YEAR, endsOn: '2026-03-01' }, '2026-06-01', POLICY)).toThrow(RangeError);
    expect(() => licenceStatusOn(YEAR, '2027-04-01', { graceDays: -1 })).toThrow(RangeError);
    expect(() => licenceStatusOn(YEAR, '2027-04-01', { graceDays: 1.5 })).toThrow(RangeError);
  });
});
