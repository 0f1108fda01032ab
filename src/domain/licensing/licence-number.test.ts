import { describe, expect, it } from 'vitest';
import { LICENCE_TYPES, type LicenceTypeCode } from '../reference.js';
import { LICENCE_NUMBER_CODES, licenceNumber, parseLicenceNumber } from './licence-number.js';

describe('licenceNumber', () => {
  it('formats the scheme, licence type code, year and a six-digit sequence', () => {
    expect(licenceNumber({ licenceType: 'smart-recovery', year: 2026, sequence: 123 })).toBe('UKSR-SR-2026-000123');
  });

  it.each<[LicenceTypeCode, string]>([
    ['smart-recovery', 'UKSR-SR-2026-000001'],
    ['family-and-friends', 'UKSR-FF-2026-000001'],
    ['criminal-justice', 'UKSR-CJ-2026-000001'],
    ['veterans', 'UKSR-VET-2026-000001'],
    ['start-smart', 'UKSR-SS-2026-000001'],
    ['community', 'UKSR-COM-2026-000001'],
    ['satellite', 'UKSR-SAT-2026-000001'],
  ])('gives a %s licence the number %s', (licenceType, expected) => {
    expect(licenceNumber({ licenceType, year: 2026, sequence: 1 })).toBe(expected);
  });

  it('has a different code for every licence type', () => {
    const codes = LICENCE_TYPES.map((t) => LICENCE_NUMBER_CODES[t.code]);
    expect(new Set(codes).size).toBe(LICENCE_TYPES.length);
  });

  it('takes the largest six-digit sequence', () => {
    expect(licenceNumber({ licenceType: 'community', year: 2027, sequence: 999_999 })).toBe('UKSR-COM-2027-999999');
  });

  it('refuses a sequence that is not a whole number from 1 to 999,999, and a year that is not four digits', () => {
    expect(() => licenceNumber({ licenceType: 'smart-recovery', year: 2026, sequence: 0 })).toThrow(RangeError);
    expect(() => licenceNumber({ licenceType: 'smart-recovery', year: 2026, sequence: 1_000_000 })).toThrow(RangeError);
    expect(() => licenceNumber({ licenceType: 'smart-recovery', year: 2026, sequence: 1.5 })).toThrow(RangeError);
    expect(() => licenceNumber({ licenceType: 'smart-recovery', year: 26, sequence: 1 })).toThrow(RangeError);
  });
});

describe('parseLicenceNumber', () => {
  it('reads back every licence type', () => {
    for (const { code } of LICENCE_TYPES) {
      const parts = { licenceType: code, year: 2026, sequence: 42 };
      expect(parseLicenceNumber(licenceNumber(parts))).toEqual(parts);
    }
  });

  it('forgives spaces around it and lower case', () => {
    expect(parseLicenceNumber('  uksr-vet-2026-000123 ')).toEqual({ licenceType: 'veterans', year: 2026, sequence: 123 });
  });

  it('gives null for anything that is not a licence number', () => {
    expect(parseLicenceNumber('UKSR-XX-2026-000123')).toBeNull();
    expect(parseLicenceNumber('UKSR-SR-2026-123')).toBeNull();
    expect(parseLicenceNumber('UKSR-SR-2026-000000')).toBeNull();
    expect(parseLicenceNumber('SR-2026-000123')).toBeNull();
    expect(parseLicenceNumber('')).toBeNull();
  });
});
