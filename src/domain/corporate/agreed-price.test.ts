import { describe, expect, it } from 'vitest';
import { APRIL_2026_SCHEDULE } from '../fees/fee-schedule.js';
import { priceQuote } from '../fees/quote.js';
import { agreedPrice, CORPORATE_AGREED_RULE, partnershipInForce, withAgreedPrices } from './agreed-price.js';

const terms = { startsOn: '2027-01-01', endsOn: '2027-12-31', prices: { 'smart-recovery': 250_000, 'training-place': 9_000 } };

describe('agreedPrice', () => {
  it('gives the agreed price and the rule while the partnership is in force', () => {
    expect(agreedPrice(terms, 'smart-recovery', '2027-06-01')).toEqual({ amountPence: 250_000, rule: CORPORATE_AGREED_RULE });
    expect(CORPORATE_AGREED_RULE).toBe('Price agreed in the corporate partnership');
  });

  it('gives nothing for an item without a price, outside the dates, or without a partnership', () => {
    expect(agreedPrice(terms, 'veterans', '2027-06-01')).toBeNull();
    expect(agreedPrice(terms, 'smart-recovery', '2026-12-31')).toBeNull();
    expect(agreedPrice(terms, 'smart-recovery', '2028-01-01')).toBeNull();
    expect(agreedPrice(null, 'smart-recovery', '2027-06-01')).toBeNull();
  });

  it('treats a partnership with no end date as open-ended', () => {
    expect(partnershipInForce({ startsOn: '2027-01-01', endsOn: null }, '2040-01-01')).toBe(true);
  });
});

describe('withAgreedPrices', () => {
  const quote = () => {
    const result = priceQuote(
      { organisationType: 'corporate', sites: [{ name: 'Head office', satellite: false, licences: ['smart-recovery', 'family-and-friends'], extraTrainingPlaces: 4 }] },
      APRIL_2026_SCHEDULE,
      '2027-06-01',
    );
    if (!result.ok) throw new Error('quote refused');
    return result;
  };

  it('prices on-request licence and training-place lines from the partnership, leaving items without a price on request', () => {
    const priced = withAgreedPrices(quote(), terms, '2027-06-01');
    expect(priced.lines.map((l) => [l.amountPence, l.rule])).toEqual([
      [250_000, CORPORATE_AGREED_RULE],
      [0, expect.stringContaining('Section 10')],
      [36_000, CORPORATE_AGREED_RULE],
    ]);
    expect(priced.lines[0]!.description).not.toContain('price on request');
    expect(priced.lines[1]!.description).toContain('price on request');
    expect(priced).toMatchObject({ totalPence: 286_000, priceOnRequest: true });
  });

  it('changes nothing when the partnership is not in force', () => {
    const before = quote();
    expect(withAgreedPrices(before, terms, '2028-02-01')).toEqual(before);
  });
});
