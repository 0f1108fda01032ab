import { describe, expect, it } from 'vitest';
import { pricedQuoteValidUntil, QUOTE_REFERENCE_PATTERN, quoteReference, quoteValidUntil } from './quote-reference.js';

describe('quoteReference', () => {
  it('writes the year of issue and the number padded to six digits', () => {
    expect(quoteReference('2026-11-24', 123)).toBe('Q-2026-000123');
  });

  it('takes the year from the UK date it is given, so a quote issued on New Year\'s Day is numbered in the new year', () => {
    expect(quoteReference('2027-01-01', 124)).toBe('Q-2027-000124');
  });

  it('keeps every digit of a number beyond six digits rather than cutting it', () => {
    expect(quoteReference('2026-11-24', 1_234_567)).toBe('Q-2026-1234567');
    expect(QUOTE_REFERENCE_PATTERN.test('Q-2026-1234567')).toBe(true);
  });

  it('refuses a number that is not a whole number from 1', () => {
    expect(() => quoteReference('2026-11-24', 0)).toThrow(RangeError);
    expect(() => quoteReference('2026-11-24', 1.5)).toThrow(RangeError);
  });

  it('refuses a day that is not a real date', () => {
    expect(() => quoteReference('2026-02-30', 1)).toThrow(RangeError);
  });

  it('matches the pattern the API checks references against', () => {
    expect(QUOTE_REFERENCE_PATTERN.test(quoteReference('2026-11-24', 1))).toBe(true);
    expect(QUOTE_REFERENCE_PATTERN.test('Q-26-1')).toBe(false);
  });
});

describe('quoteValidUntil', () => {
  it('is 30 days after the day of issue', () => {
    expect(quoteValidUntil('2026-11-24')).toBe('2026-12-24');
  });

  it('runs across the end of the year and through February in a leap year', () => {
    expect(quoteValidUntil('2026-12-15')).toBe('2027-01-14');
    expect(quoteValidUntil('2028-02-10')).toBe('2028-03-11');
  });
});

describe('pricedQuoteValidUntil', () => {
  it('holds a quote priced after its issue for 30 days from the day Central Office priced it', () => {
    // Issued 24 November (valid until 24 December), priced on 10 December.
    expect(pricedQuoteValidUntil('2026-12-24', '2026-12-10')).toBe('2027-01-09');
  });

  it('never shortens a quote: priced on the day of issue, it keeps its 30 days', () => {
    expect(pricedQuoteValidUntil('2026-12-24', '2026-11-24')).toBe('2026-12-24');
  });

  it('gives an expired quote priced late 30 days from its pricing', () => {
    expect(pricedQuoteValidUntil('2026-12-24', '2027-02-01')).toBe('2027-03-03');
  });
});
