import { describe, expect, it } from 'vitest';
import { addMonths, isMonth, mayRecordContributions, monthBounds, monthOf, PARTNERSHIP_CONTRIBUTIONS_REASON } from './contributions.js';

describe('pass the hat', () => {
  it('is for community peer-led meetings only', () => {
    expect(mayRecordContributions('uksr')).toBe(true);
    expect(mayRecordContributions('partner')).toBe(false);
  });

  it('gives the reason in the words of Section 9', () => {
    expect(PARTNERSHIP_CONTRIBUTIONS_REASON).toContain('we do not permit contributions for room hire within those meetings');
  });

  it('reads months', () => {
    expect(monthOf('2026-11-24')).toBe('2026-11');
    expect(isMonth('2026-11')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
    expect(monthBounds('2028-02')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', 2)).toBe('2027-01');
  });
});
