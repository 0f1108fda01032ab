import { describe, expect, it } from 'vitest';
import { groupRenewals, remindersDue, renewalInvoiceDueOn } from './renewals.js';
import { DEFAULT_LICENSING_POLICY } from './licensing-policy.js';

const LICENCE = { startsOn: '2026-04-01', endsOn: '2027-03-31' };
const POLICY = { reminderDays: [60, 30, 7] };

describe('renewalInvoiceDueOn', () => {
  it('is 60 days before the end date by default', () => {
    expect(renewalInvoiceDueOn('2027-03-31')).toBe('2027-01-30');
  });

  it('is the day of the first reminder', () => {
    expect(renewalInvoiceDueOn('2027-03-31', DEFAULT_LICENSING_POLICY)).toBe('2027-01-30');
    expect(remindersDue(LICENCE, '2027-01-30', POLICY, [], false)).toEqual([60]);
  });

  it('follows the configured reminders, whatever order they are listed in', () => {
    expect(renewalInvoiceDueOn('2027-03-31', { reminderDays: [14, 45] })).toBe('2027-02-14');
  });

  it('counts back across a leap day', () => {
    expect(renewalInvoiceDueOn('2028-03-31')).toBe('2028-01-31');
  });

  it('refuses a policy with no reminders, or with a reminder after the end date', () => {
    expect(() => renewalInvoiceDueOn('2027-03-31', { reminderDays: [] })).toThrow(RangeError);
    expect(() => renewalInvoiceDueOn('2027-03-31', { reminderDays: [60, -7] })).toThrow(RangeError);
  });
});

describe('remindersDue', () => {
  it('sends nothing before the first reminder point', () => {
    expect(remindersDue(LICENCE, '2027-01-29', POLICY, [], false)).toEqual([]);
  });

  it('sends each reminder on its day: 60, 30 and 7 days before the end date', () => {
    expect(remindersDue(LICENCE, '2027-01-30', POLICY, [], false)).toEqual([60]);
    expect(remindersDue(LICENCE, '2027-03-01', POLICY, [60], false)).toEqual([30]);
    expect(remindersDue(LICENCE, '2027-03-24', POLICY, [60, 30], false)).toEqual([7]);
  });

  it('does not send a reminder twice', () => {
    expect(remindersDue(LICENCE, '2027-01-31', POLICY, [60], false)).toEqual([]);
    expect(remindersDue(LICENCE, '2027-03-31', POLICY, [60, 30, 7], false)).toEqual([]);
  });

  it('still sends a reminder whose day was missed because the run did not happen, once', () => {
    expect(remindersDue(LICENCE, '2027-02-02', POLICY, [], false)).toEqual([60]);
    expect(remindersDue(LICENCE, '2027-02-03', POLICY, [60], false)).toEqual([]);
  });

  it('sends every missed reminder, earliest first', () => {
    expect(remindersDue(LICENCE, '2027-03-25', POLICY, [], false)).toEqual([60, 30, 7]);
    expect(remindersDue(LICENCE, '2027-03-25', POLICY, [60], false)).toEqual([30, 7]);
  });

  it('can still send the last reminder on the end date itself', () => {
    expect(remindersDue(LICENCE, '2027-03-31', POLICY, [60, 30], false)).toEqual([7]);
  });

  it('sends no reminder after the end date, even one that was missed', () => {
    expect(remindersDue(LICENCE, '2027-04-01', POLICY, [60, 30], false)).toEqual([]);
  });

  it('sends nothing once the renewal is paid', () => {
    expect(remindersDue(LICENCE, '2027-03-01', POLICY, [60], true)).toEqual([]);
    expect(remindersDue(LICENCE, '2027-03-25', POLICY, [], true)).toEqual([]);
  });

  it('ignores a reminder listed twice in the policy', () => {
    expect(remindersDue(LICENCE, '2027-03-01', { reminderDays: [30, 60, 30] }, [], false)).toEqual([60, 30]);
  });

  it('allows a reminder on the end date (0 days) but refuses one after it', () => {
    expect(remindersDue(LICENCE, '2027-03-31', { reminderDays: [0] }, [], false)).toEqual([0]);
    expect(() => remindersDue(LICENCE, '2027-04-07', { reminderDays: [60, -7] }, [], false)).toThrow(RangeError);
  });

  it('refuses a malformed today', () => {
    expect(() => remindersDue(LICENCE, '2027-3-1', POLICY, [], false)).toThrow(RangeError);
  });
});

describe('groupRenewals', () => {
  const sr = { id: 'sr', organisationId: 'org-a', endsOn: '2027-03-31' };
  const ff = { id: 'ff', organisationId: 'org-a', endsOn: '2027-03-02' };
  const sat = { id: 'sat', organisationId: 'org-a', endsOn: '2027-04-01' };
  const other = { id: 'other', organisationId: 'org-b', endsOn: '2027-03-15' };

  it('puts one organisation\'s licences ending in the same calendar month on one invoice', () => {
    expect(groupRenewals([sr, ff])).toEqual([{ organisationId: 'org-a', month: '2027-03', licences: [sr, ff] }]);
  });

  it('keeps licences ending in different months apart, even a day apart', () => {
    expect(groupRenewals([sr, sat])).toEqual([
      { organisationId: 'org-a', month: '2027-03', licences: [sr] },
      { organisationId: 'org-a', month: '2027-04', licences: [sat] },
    ]);
  });

  it('never puts two organisations on one invoice', () => {
    expect(groupRenewals([sr, other, ff])).toEqual([
      { organisationId: 'org-a', month: '2027-03', licences: [sr, ff] },
      { organisationId: 'org-b', month: '2027-03', licences: [other] },
    ]);
  });

  it('keeps the same month of different years apart', () => {
    const nextYear = { id: 'next', organisationId: 'org-a', endsOn: '2028-03-31' };
    expect(groupRenewals([nextYear, sr]).map((g) => [g.month, g.licences.map((l) => l.id)])).toEqual([
      ['2027-03', ['sr']],
      ['2028-03', ['next']],
    ]);
  });

  it('orders groups by month, then organisation', () => {
    expect(groupRenewals([sat, other, sr]).map((g) => `${g.month} ${g.organisationId}`)).toEqual([
      '2027-03 org-a',
      '2027-03 org-b',
      '2027-04 org-a',
    ]);
  });

  it('gives no groups for no licences, and refuses a malformed end date', () => {
    expect(groupRenewals([])).toEqual([]);
    expect(() => groupRenewals([{ organisationId: 'org-a', endsOn: '31/03/2027' }])).toThrow(RangeError);
  });
});
