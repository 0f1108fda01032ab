import { describe, expect, it } from 'vitest';
import { checkValidUntil, DEFAULT_SAFEGUARDING_POLICY, isCheckCurrentOn, recheckDueDate, safeguardingCheckFor } from './safeguarding.js';

describe('safeguardingCheckFor', () => {
  it('asks for a DBS check in England and in Wales', () => {
    expect(safeguardingCheckFor('england')).toBe('dbs');
    expect(safeguardingCheckFor('wales')).toBe('dbs');
  });

  it('asks for PVG in Scotland', () => {
    expect(safeguardingCheckFor('scotland')).toBe('pvg');
  });

  it('asks for AccessNI in Northern Ireland', () => {
    expect(safeguardingCheckFor('northern-ireland')).toBe('accessni');
  });
});

describe('checkValidUntil', () => {
  it('is the last day the check counts, the day before its recheck date', () => {
    const check = { kind: 'dbs' as const, issuedOn: '2024-12-10' };
    expect(recheckDueDate(check)).toBe('2027-12-10');
    expect(checkValidUntil(check)).toBe('2027-12-09');
    expect(isCheckCurrentOn(check, checkValidUntil(check))).toBe(true);
    expect(isCheckCurrentOn(check, recheckDueDate(check))).toBe(false);
  });
});

describe('recheckDueDate', () => {
  it('by default makes a DBS check due three years after issue', () => {
    expect(recheckDueDate({ kind: 'dbs', issuedOn: '2024-03-10' })).toBe('2027-03-10');
  });

  it('by default makes an AccessNI check due three years after issue', () => {
    expect(recheckDueDate({ kind: 'accessni', issuedOn: '2024-03-10' })).toBe('2027-03-10');
  });

  it('by default makes PVG membership due for renewal five years after issue', () => {
    expect(recheckDueDate({ kind: 'pvg', issuedOn: '2024-03-10' })).toBe('2029-03-10');
  });

  it('follows the policy Central Office sets instead of the default', () => {
    const policy = { recheckAfterYears: { ...DEFAULT_SAFEGUARDING_POLICY.recheckAfterYears, dbs: 2 } };
    expect(recheckDueDate({ kind: 'dbs', issuedOn: '2024-03-10' }, policy)).toBe('2026-03-10');
  });

  it('brings a check issued on 29 February due on 28 February in a common year', () => {
    expect(recheckDueDate({ kind: 'dbs', issuedOn: '2024-02-29' })).toBe('2027-02-28');
  });

  it('refuses a policy of less than one whole year', () => {
    const policy = { recheckAfterYears: { ...DEFAULT_SAFEGUARDING_POLICY.recheckAfterYears, pvg: 0 } };
    expect(() => recheckDueDate({ kind: 'pvg', issuedOn: '2024-03-10' }, policy)).toThrow(RangeError);
  });
});

describe('isCheckCurrentOn', () => {
  const check = { kind: 'dbs', issuedOn: '2023-11-24' } as const;

  it('counts from the day of issue to the day before the recheck is due', () => {
    expect(isCheckCurrentOn(check, '2023-11-24')).toBe(true);
    expect(isCheckCurrentOn(check, '2026-11-23')).toBe(true);
  });

  it('does not count on the day the recheck is due', () => {
    expect(isCheckCurrentOn(check, '2026-11-24')).toBe(false);
  });

  it('does not count before it was issued', () => {
    expect(isCheckCurrentOn(check, '2023-11-23')).toBe(false);
  });
});
