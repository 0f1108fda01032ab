import { describe, expect, it } from 'vitest';
import { APRIL_2026_SCHEDULE } from '../../../domain/fees/fee-schedule.js';
import { priceQuote, type QuoteLine } from '../../../domain/fees/quote.js';
import { requesterLine, reviewLines, totalOf } from './quote-prices.js';

/** A for-profit site with SMART Recovery (£1,400.00 published) and Criminal Justice (price on request), and a corporate one. */
function linesOf(organisationType: 'for-profit' | 'corporate'): QuoteLine[] {
  const result = priceQuote({ organisationType, sites: [{ name: 'Harbour House', licences: ['smart-recovery', 'criminal-justice'] }] }, APRIL_2026_SCHEDULE, '2026-11-24');
  if (!result.ok) throw new Error('expected a priced quote');
  return result.lines;
}

describe('reviewLines', () => {
  it('marks the lines Central Office prices, with no amount until one is agreed, and keeps published fees', () => {
    const lines = reviewLines(linesOf('for-profit'), []);
    expect(lines.map((l) => [l.index, l.priceOnRequest, l.amountPence, l.agreedOn])).toEqual([
      [0, false, 140_000, null],
      [1, true, null, null],
    ]);
    expect(totalOf(lines)).toEqual({ totalPence: 140_000, unpricedLines: 1 });
  });

  it('puts an agreed price on its line and into the total', () => {
    const lines = reviewLines(linesOf('for-profit'), [{ line: 1, amountPence: 150_000, agreedOn: '2026-11-25' }]);
    expect(lines[1]).toMatchObject({ priceOnRequest: true, amountPence: 150_000, agreedOn: '2026-11-25' });
    expect(totalOf(lines)).toEqual({ totalPence: 290_000, unpricedLines: 0 });
  });

  it('ignores an agreed price for a line with a published fee, so a stored mistake cannot change a published price', () => {
    const lines = reviewLines(linesOf('for-profit'), [{ line: 0, amountPence: 1, agreedOn: '2026-11-25' }]);
    expect(lines[0]).toMatchObject({ amountPence: 140_000, agreedOn: null });
  });

  it('prices every corporate line on request (Section 10: tailored pricing), so a corporate quote starts at £0.00', () => {
    const lines = reviewLines(linesOf('corporate'), []);
    expect(lines.every((l) => l.priceOnRequest && l.amountPence === null)).toBe(true);
    expect(totalOf(lines)).toEqual({ totalPence: 0, unpricedLines: 2 });
  });
});

describe('requesterLine', () => {
  it('shows an agreed line with its amount, without "price on request", saying Central Office agreed it and when', () => {
    const [, agreed] = reviewLines(linesOf('for-profit'), [{ line: 1, amountPence: 150_000, agreedOn: '2026-11-25' }]).map(requesterLine);
    expect(agreed).toEqual({
      site: 'Harbour House',
      description: 'SMART Criminal Justice licence (includes 10 facilitator training places a year)',
      amountPence: 150_000,
      rule: expect.stringMatching(/^Price agreed by Central Office on 25 November 2026\. Section 10: there is no published SMART Criminal Justice/),
    });
  });

  it('leaves a line still waiting exactly as it was issued, and a published fee unchanged', () => {
    const issued = linesOf('for-profit');
    expect(reviewLines(issued, []).map(requesterLine)).toEqual(issued);
  });
});
