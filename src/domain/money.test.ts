import { describe, expect, it } from 'vitest';
import { formatPence } from './money.js';

describe('formatPence', () => {
  it('shows a Section 10 fee with a thousands separator and two decimals', () => {
    expect(formatPence(111_000)).toBe('£1,110.00');
  });

  it('shows whole pounds with two decimals', () => {
    expect(formatPence(70_000)).toBe('£700.00');
  });

  it('shows pence below a pound with a leading zero pound', () => {
    expect(formatPence(7)).toBe('£0.07');
  });

  it('shows zero as £0.00', () => {
    expect(formatPence(0)).toBe('£0.00');
  });

  it('shows negative zero as £0.00', () => {
    expect(formatPence(-0)).toBe('£0.00');
  });

  it('shows a negative amount with a hyphen-minus before the pound sign', () => {
    expect(formatPence(-500)).toBe('-£5.00');
  });

  it('groups millions of pounds', () => {
    expect(formatPence(123_456_789)).toBe('£1,234,567.89');
  });

  it('rejects a fraction of a penny', () => {
    expect(() => formatPence(1.5)).toThrow(RangeError);
  });

  it('rejects NaN', () => {
    expect(() => formatPence(Number.NaN)).toThrow(RangeError);
  });
});
