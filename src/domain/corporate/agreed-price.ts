import { isPriceOnRequest, withoutPriceOnRequest, type PricedQuote } from '../fees/quote.js';
import type { IsoDate } from '../iso-date.js';

/** The rule text on an invoice line priced from a corporate partnership. */
export const CORPORATE_AGREED_RULE = 'Price agreed in the corporate partnership';

/**
 * Section 10: "Tailored pricing is available for corporate organisations. Fees are agreed on a
 * case-by-case basis." A corporate partnership records the agreed price per licence type (or
 * other item); while it is in force, an invoice line for that item uses it
 * (docs/decisions/134-corporate-partnerships.md).
 */
export interface CorporatePartnershipTerms {
  startsOn: IsoDate;
  endsOn: IsoDate | null;
  /** Agreed prices in pence by item code (a licence type code, or 'training-place'). */
  prices: Readonly<Record<string, number>>;
}

export function partnershipInForce(p: Pick<CorporatePartnershipTerms, 'startsOn' | 'endsOn'>, date: IsoDate): boolean {
  return p.startsOn <= date && (p.endsOn === null || date <= p.endsOn);
}

/** The agreed price of an item on a day, or null when there is no partnership in force or no price for it. */
export function agreedPrice(partnership: CorporatePartnershipTerms | null, item: string, date: IsoDate): { amountPence: number; rule: string } | null {
  if (!partnership || !partnershipInForce(partnership, date)) return null;
  const amount = partnership.prices[item];
  return amount === undefined ? null : { amountPence: amount, rule: CORPORATE_AGREED_RULE };
}

/**
 * A quote's lines with the partnership's agreed prices applied: a line Central Office would price
 * on request (every corporate licence and training place) takes the agreed price of its item where
 * one is set; other lines, and items without an agreed price, are unchanged.
 */
export function withAgreedPrices(priced: PricedQuote, partnership: CorporatePartnershipTerms | null, date: IsoDate): PricedQuote {
  const lines = priced.lines.map((line, index) => {
    if (!isPriceOnRequest(line)) return line;
    const item = priced.items[index]!;
    const code = item.kind === 'licence' ? item.licenceType : item.kind === 'training_places' ? 'training-place' : null;
    const price = code === null ? null : agreedPrice(partnership, code, date);
    if (!price) return line;
    const quantity = item.kind === 'training_places' ? item.places : 1;
    return { ...line, description: withoutPriceOnRequest(line.description), amountPence: price.amountPence * quantity, rule: price.rule };
  });
  return { ...priced, lines, totalPence: lines.reduce((sum, l) => sum + l.amountPence, 0), priceOnRequest: lines.some(isPriceOnRequest) };
}
