import { describe, expect, it } from 'vitest';
import { START_UP_FORM_REFERENCE_PATTERN, startUpFormReference } from './reference.js';

describe('startUpFormReference', () => {
  it('writes the UK year of submission and the number in six digits', () => {
    expect(startUpFormReference('2026-11-24', 42)).toBe('SUF-2026-000042');
    expect(startUpFormReference('2027-01-01', 43)).toBe('SUF-2027-000043');
  });

  it('lets the number grow past six digits rather than wrap', () => {
    expect(startUpFormReference('2026-11-24', 1_234_567)).toBe('SUF-2026-1234567');
    expect(START_UP_FORM_REFERENCE_PATTERN.test('SUF-2026-1234567')).toBe(true);
  });

  it('refuses a number that is not a whole number from 1, and a day that is not a date', () => {
    expect(() => startUpFormReference('2026-11-24', 0)).toThrow(RangeError);
    expect(() => startUpFormReference('2026-11-24', 1.5)).toThrow(RangeError);
    expect(() => startUpFormReference('24/11/2026', 1)).toThrow(RangeError);
  });
});
