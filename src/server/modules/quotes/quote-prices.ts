import { isPriceOnRequest, type QuoteLine, withoutPriceOnRequest } from '../../../domain/fees/quote.js';
import { formatLongDate, type IsoDate } from '../../../domain/iso-date.js';
import type { QuoteReviewLine } from '../../../shared/schemas/quote.js';

// A quote's lines are kept as they were issued (docs/decisions/020); the prices Central Office
// agrees for its price-on-request lines are kept beside them, by line index (docs/decisions/025).
// These functions put the two together, for Central Office, the requester's API and the PDF.

/** A price Central Office agreed for one line priced on request, and the UK day it did. */
export interface AgreedPrice {
  line: number;
  amountPence: number;
  agreedOn: IsoDate;
}

/**
 * The issued lines as Central Office reviews them: each says whether Central Office prices it,
 * and a price-on-request line has no amount until one is agreed.
 */
export function reviewLines(lines: readonly QuoteLine[], agreed: readonly AgreedPrice[]): QuoteReviewLine[] {
  const byLine = new Map(agreed.map((price) => [price.line, price]));
  return lines.map((line, index) => {
    const onRequest = isPriceOnRequest(line);
    const price = onRequest ? byLine.get(index) : undefined;
    return {
      index,
      site: line.site,
      description: line.description,
      rule: line.rule,
      priceOnRequest: onRequest,
      amountPence: onRequest ? (price?.amountPence ?? null) : line.amountPence,
      agreedOn: price?.agreedOn ?? null,
    };
  });
}

/** The total of the lines with an amount, and how many still wait for Central Office's price. */
export function totalOf(lines: readonly QuoteReviewLine[]): { totalPence: number; unpricedLines: number } {
  return {
    totalPence: lines.reduce((total, line) => total + (line.amountPence ?? 0), 0),
    unpricedLines: lines.filter((line) => line.amountPence === null).length,
  };
}

/**
 * A line as the requester reads it: an agreed line shows its amount, loses "price on request" and
 * says Central Office agreed it; a line still waiting stays a £0 "price on request" line.
 */
export function requesterLine(line: QuoteReviewLine): QuoteLine {
  if (!line.priceOnRequest) return { site: line.site, description: line.description, amountPence: line.amountPence!, rule: line.rule };
  if (line.amountPence === null || line.agreedOn === null) return { site: line.site, description: line.description, amountPence: 0, rule: line.rule };
  return {
    site: line.site,
    description: withoutPriceOnRequest(line.description),
    amountPence: line.amountPence,
    rule: `Price agreed by Central Office on ${formatLongDate(line.agreedOn)}. ${line.rule}`,
  };
}
