import { describe, expect, it } from 'vitest';
import { APRIL_2026_SCHEDULE } from '../../../domain/fees/fee-schedule.js';
import { feeHints, priceStartUpForm, type PricingAnswers, reviewLines, totalOf } from './start-up-form.pricing.js';

const answers = (organisationType: PricingAnswers['organisation']['organisationType']): PricingAnswers => ({
  organisation: { organisationType, servesVeterans: true, childrensServiceProvider: false },
  sites: [
    { name: 'Hub', satellite: false, licences: ['smart-recovery', 'veterans'] },
    { name: 'Drop-in', satellite: true, licences: ['satellite'] },
  ],
});

describe('pricing the form', () => {
  it('prices a non-profit with the schedule: SMART Recovery £700, Veterans reduced to £575, Satellite £180', () => {
    const result = priceStartUpForm(answers('non-profit'), APRIL_2026_SCHEDULE, '2026-11-24');
    if (!result.ok) throw new Error('expected a price');
    const lines = reviewLines(result);
    expect(lines.map((l) => [l.site, l.amountPence, l.priceOnRequest])).toEqual([
      ['Hub', 70_000, false],
      ['Hub', 57_500, false],
      ['Drop-in', 18_000, false],
    ]);
    expect(totalOf(lines)).toEqual({ totalPence: 145_500, unpricedLines: 0 });
  });

  it('leaves the lines a profit-making organisation has no published fee for to Central Office (Section 10)', () => {
    const result = priceStartUpForm(answers('for-profit'), APRIL_2026_SCHEDULE, '2026-11-24');
    if (!result.ok) throw new Error('expected a price');
    const lines = reviewLines(result);
    expect(lines.map((l) => l.amountPence)).toEqual([140_000, null, null]);
    expect(totalOf(lines)).toEqual({ totalPence: 140_000, unpricedLines: 2 });
  });

  it('gives the rules broken instead of prices', () => {
    const result = priceStartUpForm({ ...answers('non-profit'), organisation: { organisationType: 'non-profit', servesVeterans: false, childrensServiceProvider: false } }, APRIL_2026_SCHEDULE, '2026-11-24');
    expect(result.ok ? [] : result.errors.map((e) => [e.code, e.field])).toEqual([['veterans_not_eligible', 'sites.0.licences']]);
  });
});

describe('fee hints', () => {
  it("shows each licence's annual fee for the organisation's type, with the reduced fee where there is one", () => {
    const hints = feeHints(APRIL_2026_SCHEDULE, 'non-profit', '2026-11-24');
    expect(hints['smart-recovery']).toBe('£700.00 a year.');
    expect(hints['family-and-friends']).toBe('£700.00 a year, or £410.00 with SMART Recovery at the same site.');
    expect(hints['start-smart']).toBe('Not on sale yet (Section 3).');
  });

  it('says when Central Office prices a licence', () => {
    expect(feeHints(APRIL_2026_SCHEDULE, 'corporate', '2026-11-24')['smart-recovery']).toBe('Price on request: Central Office agrees it with you (Section 10).');
    expect(feeHints(APRIL_2026_SCHEDULE, 'for-profit', '2026-11-24').veterans).toBe('Price on request: Central Office agrees it with you (Section 10).');
  });
});
