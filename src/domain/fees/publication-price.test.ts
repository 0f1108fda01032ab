import { describe, expect, it } from 'vitest';
import { APRIL_2026_SCHEDULE } from './fee-schedule.js';
import { publicationUnitPence } from './publication-price.js';

const schedule = APRIL_2026_SCHEDULE;

describe('publicationUnitPence', () => {
  it('sells a publication that is not co-branded at its RRP', () => {
    expect(publicationUnitPence(1_200, false, schedule)).toBe(1_200);
  });

  it('prices a £12 handbook at £16 co-branded (Section 9)', () => {
    expect(publicationUnitPence(1_200, true, schedule)).toBe(1_600);
  });

  it('rounds a third of a penny down: £4.99 co-branded is £6.65', () => {
    // 499 + 166.33…
    expect(publicationUnitPence(499, true, schedule)).toBe(665);
  });

  it('rounds two thirds of a penny up: £5.00 co-branded is £6.67', () => {
    // 500 + 166.66…
    expect(publicationUnitPence(500, true, schedule)).toBe(667);
  });

  it('keeps a free publication free when co-branded', () => {
    expect(publicationUnitPence(0, true, schedule)).toBe(0);
  });

  it('rounds half a penny up under a surcharge with an even denominator', () => {
    const halfSurcharge = { ...schedule, coBrandingSurcharge: { numerator: 1, denominator: 2 } };
    expect(publicationUnitPence(1, true, halfSurcharge)).toBe(2);
  });
});
