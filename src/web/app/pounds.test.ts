import { describe, expect, it } from 'vitest';
import { penceToPounds, poundsToPence } from './pounds.js';

describe('poundsToPence', () => {
  it.each([
    ['1500', 150_000],
    ['1,500', 150_000],
    ['£1,500.00', 150_000],
    ['£ 410.5', 41_050],
    ['0.99', 99],
    ['  700 ', 70_000],
  ])('reads %j as %i pence', (text, pence) => expect(poundsToPence(text)).toBe(pence));

  it.each(['', 'abc', '-5', '1.999', '1,50', '15,00.00', '£'])('refuses %j', (text) => expect(poundsToPence(text)).toBeNull());
});

describe('penceToPounds', () => {
  it('writes pence as pounds with two decimals', () => {
    expect(penceToPounds(150_000)).toBe('1500.00');
    expect(penceToPounds(41_050)).toBe('410.50');
    expect(penceToPounds(5)).toBe('0.05');
  });
});
