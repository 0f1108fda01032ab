import { describe, expect, it } from 'vitest';
import { percentile, summarise } from './stats.js';

describe('benchmark statistics', () => {
  it('takes the nearest-rank percentile', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
  });

  it('summarises unsorted timings', () => {
    const s = summarise([5, 1, 3, 2, 4]);
    expect(s).toMatchObject({ count: 5, mean: 3, p50: 3, max: 5 });
  });
});
