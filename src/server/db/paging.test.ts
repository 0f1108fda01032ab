import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageFromEitherEnd } from './paging.js';

/** The rows a page holds, read the way the repositories read them: forwards, or backwards and turned round. */
function read(total: number, page: { limit: number; offset: number }): number[] {
  const rows = Array.from({ length: total }, (_, i) => i);
  const { fromEnd, limit, offset } = pageFromEitherEnd(total, page);
  if (!fromEnd) return rows.slice(offset, offset + limit);
  return [...rows].reverse().slice(offset, offset + limit).reverse();
}

describe('a page read from either end', () => {
  it('reads a near page forwards and a far page backwards from the end', () => {
    expect(pageFromEitherEnd(1000, { limit: 50, offset: 0 })).toEqual({ fromEnd: false, limit: 50, offset: 0 });
    expect(pageFromEitherEnd(1000, { limit: 50, offset: 950 })).toEqual({ fromEnd: true, limit: 50, offset: 0 });
    expect(pageFromEitherEnd(1000, { limit: 50, offset: 980 })).toEqual({ fromEnd: true, limit: 20, offset: 0 });
    expect(pageFromEitherEnd(1000, { limit: 50, offset: 1000 })).toMatchObject({ fromEnd: true, limit: 0 });
  });

  it('holds exactly the rows offset to offset + limit in order, whichever end it is read from', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 400 }), (total, limit, offset) => {
        const expected = Array.from({ length: total }, (_, i) => i).slice(offset, offset + limit);
        expect(read(total, { limit, offset })).toEqual(expected);
      }),
    );
  });
});
