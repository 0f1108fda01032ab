import { addDays, assertIsoDate, type IsoDate } from '../iso-date.js';

/** How many days a quotation holds its prices after the day it is issued. */
export const QUOTE_VALID_DAYS = 30;

/** A quotation's reference: 'Q-', the UK year of issue, and its number from the quote sequence. */
export const QUOTE_REFERENCE_PATTERN = /^Q-\d{4}-\d{6,}$/;

/** The last day a quotation issued on a day holds its prices. */
export function quoteValidUntil(issuedOn: IsoDate): IsoDate {
  return addDays(issuedOn, QUOTE_VALID_DAYS);
}

/**
 * The last day a quotation holds its prices once Central Office has priced its last line on
 * request: 30 days from that day, since the requester had no full price before it, and never
 * earlier than the quote already held (docs/decisions/025).
 */
export function pricedQuoteValidUntil(validUntil: IsoDate, pricedOn: IsoDate): IsoDate {
  assertIsoDate(validUntil, 'validUntil');
  const fromPricing = quoteValidUntil(pricedOn);
  return fromPricing > validUntil ? fromPricing : validUntil;
}

/**
 * 'Q-2026-000123': the year is the UK calendar year of issue; the number comes from one sequence
 * that never restarts, so a reference is never used twice even across a new year.
 */
export function quoteReference(issuedOn: IsoDate, number: number): string {
  assertIsoDate(issuedOn, 'issuedOn');
  if (!Number.isSafeInteger(number) || number < 1) throw new RangeError(`a quote number is a whole number from 1, got ${number}`);
  return `Q-${issuedOn.slice(0, 4)}-${String(number).padStart(6, '0')}`;
}
