import { timingSafeEqual } from 'node:crypto';
import { isPriceOnRequest, priceQuote, type QuoteLine, type QuoteRequest } from '../../../domain/fees/quote.js';
import { quoteReference, quoteValidUntil } from '../../../domain/fees/quote-reference.js';
import { type IsoDate, londonDate } from '../../../domain/iso-date.js';
import type { QuoteStatus } from '../../../shared/schemas/quote.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { hashToken, newToken } from '../../auth/tokens.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { scheduleInForce } from '../fees/fee-schedule.service.js';
import { createTask } from '../tasks/tasks.repository.js';
import { renderQuotePdf } from './quote-pdf.js';
import { requesterLine, reviewLines, totalOf } from './quote-prices.js';
import * as repo from './quotes.repository.js';
import type { StoredQuote } from './quotes.repository.js';

export type { StoredQuote } from './quotes.repository.js';

/** The Central Office task a quote with lines priced on request raises, closed when they are priced. */
export const PRICE_ON_REQUEST_TASK_KIND = 'quote.price_on_request';

/** A quote just issued, with the key to its links (the only time the key is known). */
export interface IssuedQuote {
  id: string;
  reference: string;
  issuedOn: IsoDate;
  validUntil: IsoDate;
  lines: QuoteLine[];
  totalPence: number;
  priceOnRequest: boolean;
  status: QuoteStatus;
  accessKey: string;
}

/**
 * Prices a request against the fee schedule in force today (UK time) and saves it as a numbered
 * quotation; a broken scheme rule is refused with every rule it breaks.
 */
export async function issueQuote(deps: AppDeps, actor: Actor, request: QuoteRequest): Promise<IssuedQuote> {
  const issuedOn = londonDate(deps.now());
  const schedule = await scheduleInForce(deps, issuedOn);
  const priced = priceQuote(request, schedule, issuedOn);
  if (!priced.ok) {
    throw new AppError(
      'rule_broken',
      priced.errors.length === 1
        ? `This quote breaks a rule of the scheme: ${priced.errors[0]!.message}`
        : `This quote breaks ${priced.errors.length} rules of the scheme; each is listed with what to do instead.`,
      priced.errors,
    );
  }

  // Only the key's hash is kept, as for sessions and emailed links (docs/decisions/021).
  const accessKey = newToken();
  const validUntil = quoteValidUntil(issuedOn);
  const status: QuoteStatus = priced.priceOnRequest ? 'awaiting_prices' : 'issued';

  return deps.db.transaction().execute(async (trx) => {
    const reference = quoteReference(issuedOn, await repo.nextQuoteNumber(trx));
    const id = await repo.insertQuote(trx, {
      reference,
      issuedOn,
      validUntil,
      request,
      // The lines and the schedule's id are stored, so the quote keeps these prices whatever
      // Central Office publishes later.
      lines: priced.lines,
      totalPence: priced.totalPence,
      priceOnRequest: priced.priceOnRequest,
      feeScheduleId: schedule.id,
      accessKeyHash: hashToken(accessKey),
      status,
    });
    if (priced.priceOnRequest) {
      const onRequest = priced.lines.filter(isPriceOnRequest).length;
      await createTask(trx, {
        kind: PRICE_ON_REQUEST_TASK_KIND,
        title: `Price ${onRequest === 1 ? 'one line' : `${onRequest} lines`} of quotation ${reference}`,
        subjectType: 'quote',
        subjectId: id,
        inbox: 'partnerships',
      });
    }
    await recordAudit(trx, actor, {
      action: 'quote.issued',
      entityType: 'quote',
      entityId: id,
      after: { reference, issuedOn, validUntil, totalPence: priced.totalPence, priceOnRequest: priced.priceOnRequest, status, feeScheduleId: schedule.id },
    });
    return { id, reference, issuedOn, validUntil, lines: priced.lines, totalPence: priced.totalPence, priceOnRequest: priced.priceOnRequest, status, accessKey };
  });
}

/** A saved quote, for whoever holds its access key; a wrong or missing key answers exactly as an unknown reference. */
export async function findQuote(deps: AppDeps, reference: string, key: string | undefined): Promise<StoredQuote> {
  const quote = await repo.findQuoteByReference(deps.db, reference);
  if (!quote || !key || !sameHash(quote.accessKeyHash, hashToken(key))) throw notFound('quote');
  return quote;
}

/**
 * A saved quote's lines and total as its requester reads them now: lines Central Office has priced
 * show the agreed amount (docs/decisions/025); priceOnRequest stays true while any line waits.
 */
export function requesterLines(quote: StoredQuote): { lines: QuoteLine[]; totalPence: number; priceOnRequest: boolean } {
  const lines = reviewLines(quote.lines, quote.agreedPrices);
  const { totalPence, unpricedLines } = totalOf(lines);
  return { lines: lines.map(requesterLine), totalPence, priceOnRequest: unpricedLines > 0 };
}

/** The quotation as a PDF, for whoever holds its access key. */
export async function quotePdf(deps: AppDeps, reference: string, key: string | undefined): Promise<Buffer> {
  return renderQuotePdf(await findQuote(deps, reference, key), { charity: deps.config.charity, publicUrl: deps.config.publicUrl });
}

/** The path of a quote's PDF, carrying its access key. */
export function quotePdfPath(reference: string, accessKey: string): string {
  return `/quotes/${encodeURIComponent(reference)}.pdf?key=${encodeURIComponent(accessKey)}`;
}

/** The full address of a quote's PDF, for API clients and mail. */
export function quotePdfUrl(deps: AppDeps, reference: string, accessKey: string): string {
  return new URL(quotePdfPath(reference, accessKey), deps.config.publicUrl).toString();
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
