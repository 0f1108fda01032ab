import { pricedQuoteValidUntil } from '../../../domain/fees/quote-reference.js';
import { formatLongDate, londonDate } from '../../../domain/iso-date.js';
import type { AgreeQuotePrices, QuoteList, QuoteListQuery, QuoteReview, QuoteStatus } from '../../../shared/schemas/quote.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { DB } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { closeTasks } from '../tasks/tasks.repository.js';
import { type AgreedPrice, reviewLines, totalOf } from './quote-prices.js';
import * as repo from './quotes.repository.js';
import type { StoredQuote } from './quotes.repository.js';
import { PRICE_ON_REQUEST_TASK_KIND } from './quotes.service.js';

// Central Office's side of quote requests (docs/decisions/024 and 025): the queue, one request as
// stored, and the prices it agrees for lines the guidance publishes no fee for (Section 10).

async function reviewOf(db: DB, quote: StoredQuote): Promise<QuoteReview> {
  const lines = reviewLines(quote.lines, quote.agreedPrices);
  const pricedBy = quote.pricedBy ? await repo.userLabel(db, quote.pricedBy) : undefined;
  return {
    reference: quote.reference,
    status: quote.status,
    version: quote.version,
    issuedOn: quote.issuedOn,
    validUntil: quote.validUntil,
    feeSchedule: quote.feeSchedule,
    request: quote.request as QuoteReview['request'],
    lines,
    ...totalOf(lines),
    pricedAt: quote.pricedAt ? quote.pricedAt.toISOString() : null,
    pricedBy: pricedBy ? `${pricedBy.name} (${pricedBy.email})` : null,
  };
}

/** Central Office's list of quotes, optionally of one status; the queue awaiting prices is oldest first. */
export async function listQuotes(deps: AppDeps, query: QuoteListQuery): Promise<QuoteList> {
  const { rows, total } = await repo.listQuotes(deps.db, query);
  return {
    total,
    items: rows.map((row) => ({
      reference: row.reference,
      issuedOn: row.issued_on,
      validUntil: row.valid_until,
      organisationType: row.organisation_type as QuoteList['items'][number]['organisationType'],
      totalPence: row.total_pence,
      unpricedLines: totalOf(reviewLines(row.lines as StoredQuote['lines'], row.agreed_prices as AgreedPrice[])).unpricedLines,
      status: row.status,
    })),
  };
}

/** One quote as it was asked for and priced, with any agreed prices; Central Office needs no key. */
export async function getQuoteForReview(deps: AppDeps, reference: string): Promise<QuoteReview> {
  const quote = await repo.findQuoteByReference(deps.db, reference);
  if (!quote) throw notFound('quote');
  return reviewOf(deps.db, quote);
}

/**
 * Section 10: Central Office agrees the price of each "price on request" line (corporate
 * partnerships, or licences with no published fee); the total follows. When no line is left
 * without a price the quote is priced: the task closes and the quote holds for 30 days from today.
 */
export async function agreeQuotePrices(deps: AppDeps, actor: Actor & { userId: string }, reference: string, body: AgreeQuotePrices): Promise<QuoteReview> {
  const at = deps.now();
  const today = londonDate(at);
  await deps.db.transaction().execute(async (trx) => {
    const quote = await repo.lockQuoteByReference(trx, reference);
    if (!quote) throw notFound('quote');
    if (quote.version !== body.version) {
      throw new AppError('precondition_failed', 'The quote has changed since you opened it. Reload it, check it again, then try again.', {
        currentVersion: quote.version,
      });
    }
    if (quote.status !== 'awaiting_prices') {
      throw new AppError(
        'conflict',
        quote.status === 'priced'
          ? `Quotation ${quote.reference} is already priced${quote.pricedAt ? ` (on ${formatLongDate(londonDate(quote.pricedAt))})` : ''}, and its requester may have the prices; ask them for a new quote to change it.`
          : `Quotation ${quote.reference} has no lines priced on request: every fee in it is published (Section 10).`,
      );
    }

    const before = reviewLines(quote.lines, quote.agreedPrices);
    const seen = new Set<number>();
    const problems = body.prices.flatMap((price, i) => {
      const line = before[price.line];
      const field = `prices.${i}.line`;
      if (!line) return [{ field, message: `The quote has no line ${price.line}.` }];
      if (!line.priceOnRequest) {
        return [{ field, message: `"${line.description}" has a published fee (Section 10); only lines priced on request are priced by Central Office.` }];
      }
      if (seen.has(price.line)) return [{ field, message: `Line ${price.line} is given more than one price.` }];
      seen.add(price.line);
      return [];
    });
    if (problems.length > 0) throw new AppError('rule_broken', 'Only the lines priced on request can be given a price, once each.', problems);

    // A line priced again before the quote is complete takes the new amount and day.
    const agreed = new Map(quote.agreedPrices.map((price) => [price.line, price]));
    for (const price of body.prices) agreed.set(price.line, { line: price.line, amountPence: price.amountPence, agreedOn: today });
    const agreedPrices = [...agreed.values()].sort((a, b) => a.line - b.line);
    const { totalPence, unpricedLines } = totalOf(reviewLines(quote.lines, agreedPrices));
    const complete = unpricedLines === 0;
    const status: QuoteStatus = complete ? 'priced' : 'awaiting_prices';
    const validUntil = complete ? pricedQuoteValidUntil(quote.validUntil, today) : quote.validUntil;

    const version = await repo.saveAgreedPrices(trx, quote.id, {
      agreedPrices,
      totalPence,
      status,
      validUntil,
      pricedAt: complete ? at : null,
      pricedBy: complete ? actor.userId : null,
    });
    if (complete) await closeTasks(trx, { subjectType: 'quote', subjectId: quote.id, kind: PRICE_ON_REQUEST_TASK_KIND }, actor.userId, at);
    await recordAudit(trx, actor, {
      action: 'quote.prices_agreed',
      entityType: 'quote',
      entityId: quote.id,
      before: { reference: quote.reference, version: quote.version, status: quote.status, totalPence: quote.totalPence, validUntil: quote.validUntil, agreedPrices: quote.agreedPrices },
      after: { reference: quote.reference, version, status, totalPence, validUntil, agreedPrices },
    });
  });
  return getQuoteForReview(deps, reference);
}
