import { formatLongDate, londonDate } from '../../../domain/iso-date.js';
import { renewedPeriod } from '../../../domain/licensing/licence-period.js';
import { formatPence } from '../../../domain/money.js';
import type { RenewalAwaitingPrice, RenewalPriceInput } from '../../../shared/schemas/renewals.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { DB } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { scheduleInForce } from '../fees/fee-schedule.service.js';
import { findInvoice, findInvoiceBySource } from '../invoices/invoices.repository.js';
import { invoiceReference, issueInvoicesIn } from '../invoices/invoices.service.js';
import { closeTasks } from '../tasks/tasks.repository.js';
import * as repo from './renewals.repository.js';
import { RENEWAL_PRICING_TASK, renewalBilling, renewalLine } from './renewals.service.js';

/** The invoice source of a renewal priced by hand: one per licence-year, so a second attempt finds the first. */
export const PRICED_RENEWAL_SOURCE = 'renewal_priced';

const horizonOf = (deps: AppDeps) => Math.max(...deps.config.licensing.reminderDays, 0);

/** Where a licence-year that was left for Central Office to price stands today. */
function yearState(
  licence: { ends_on: string; invoiced_apart_id: string | null },
  yearEndsOn: string,
  today: string,
): RenewalAwaitingPrice['state'] {
  if (licence.ends_on > yearEndsOn) return 'renewed';
  if (licence.invoiced_apart_id) return 'invoiced';
  // The renewal pays for the year after `yearEndsOn`; once that year is over there is nothing to renew.
  if (renewedPeriod({ startsOn: yearEndsOn, endsOn: yearEndsOn }).endsOn < today) return 'year_over';
  return 'awaiting_price';
}

/** Central Office's list of renewals the run could not price (decision 156), oldest first. */
export async function listRenewalsAwaitingPrice(deps: AppDeps, page: { limit: number; offset: number }): Promise<{ items: RenewalAwaitingPrice[]; total: number }> {
  const today = londonDate(deps.now());
  const { rows, total } = await repo.renewalsAwaitingPrice(deps.db, horizonOf(deps), page);
  return {
    total,
    items: rows.map((r) => ({
      taskId: r.task_id,
      raisedAt: new Date(r.raised_at).toISOString(),
      licenceId: r.id,
      licenceNumber: r.number,
      licenceType: r.licence_type,
      licenceTypeName: r.licence_type_name,
      organisationId: r.organisation_id,
      organisationName: r.organisation_name,
      siteName: r.site_name,
      endsOn: r.year_ends_on,
      status: r.status,
      state: yearState(r, r.year_ends_on, today),
      invoice: r.invoiced_apart_id && r.invoiced_apart_number !== null ? { id: r.invoiced_apart_id, reference: invoiceReference(r.invoiced_apart_number) } : null,
    })),
  };
}

/**
 * Central Office prices a renewal the run left out (decision 174) and Partner Hub raises its renewal
 * invoice: one line for exactly that licence's next year, built, numbered, emailed and audited as
 * the run's are, so paying it in full renews the licence through the same path. The price becomes
 * the licence's "last invoiced" amount, which prices next year's run. The licence-year is the
 * idempotency key: the same request again answers with the first invoice (`created: false`); a
 * different price for a year already invoiced is refused.
 */
export async function priceRenewal(deps: AppDeps, actor: Actor, licenceId: string, body: RenewalPriceInput): Promise<{ id: string; created: boolean }> {
  const source = { type: PRICED_RENEWAL_SOURCE, id: `${licenceId}:${body.endsOn}` };
  const poNumber = body.poNumber?.trim() || null;
  const today = londonDate(deps.now());
  const schedule = await scheduleInForce(deps, today);
  const attempt = () =>
    deps.db.transaction().execute(async (trx) => {
      // The licence row is locked first, so two attempts at once take turns and the second finds the first's invoice.
      const licence = await repo.licenceYearForPricing(trx, licenceId, body.endsOn, horizonOf(deps));
      if (!licence) throw notFound('licence');
      const first = await findInvoiceBySource(trx, source.type, source.id);
      if (first) return sameOrRefuse(trx, first, body.amountPence, poNumber);
      if (licence.ends_on !== body.endsOn) {
        throw new AppError('renewal_not_awaiting_price', `Licence ${licence.number} is not waiting for a price for the year after ${formatLongDate(body.endsOn)}: its current year ends on ${formatLongDate(licence.ends_on)}.`);
      }
      const state = yearState(licence, body.endsOn, today);
      if (state === 'invoiced') {
        const reference = invoiceReference(licence.invoiced_apart_number!);
        throw new AppError('renewal_already_invoiced', `The renewal of licence ${licence.number} for the year after ${formatLongDate(body.endsOn)} is already invoiced (${reference}).`, {
          invoice: { id: licence.invoiced_apart_id, reference },
        });
      }
      if (!licence.task_open) {
        throw new AppError('renewal_not_awaiting_price', `The renewal of licence ${licence.number} is not waiting for a price by hand: the renewal run prices it.`);
      }
      if (state === 'year_over') {
        throw new AppError('renewal_not_awaiting_price', `Licence ${licence.number} has lapsed and the year its renewal would pay for is over. Invoice it as a new licence instead.`);
      }
      const contacts = await repo.renewalContacts(trx, [licence.organisation_id]);
      const billing = renewalBilling(contacts.get(licence.organisation_id));
      if (!billing) throw new AppError('rule_broken', 'The organisation has no finance contact or SMART Lead to send the invoice to. Add a SMART Lead first.');
      const rule = `Annual price agreed with Central Office on ${formatLongDate(today)}: the licence is priced on request (Section 10).`;
      const [invoice] = await issueInvoicesIn(trx, deps, actor, [
        { organisationId: licence.organisation_id, kind: 'renewal', billing, poNumber, feeScheduleId: schedule.id, source, lines: [renewalLine(licence, { amountPence: body.amountPence, rule })] },
      ]);
      await closeTasks(trx, { subjectType: 'licence_year', subjectId: source.id, kind: RENEWAL_PRICING_TASK }, actor.userId, deps.now());
      await recordAudit(trx, actor, {
        action: 'renewal.priced',
        entityType: 'licence',
        entityId: licence.id,
        after: { endsOn: body.endsOn, amountPence: body.amountPence, amount: formatPence(body.amountPence), poNumber, invoiceId: invoice!.id },
      });
      return { id: invoice!.id, created: true };
    });
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof AppError) throw error;
    // Two attempts raced past the lock (a second app instance on another connection): the loser
    // meets the invoice's unique source and answers as a retry.
    const raced = await findInvoiceBySource(deps.db, source.type, source.id);
    if (!raced) throw error;
    return sameOrRefuse(deps.db, raced, body.amountPence, poNumber);
  }
}

/** A second attempt for a licence-year already priced: the same price and order number is a retry, anything else is refused. */
async function sameOrRefuse(db: DB, first: { id: string; number: number }, amountPence: number, poNumber: string | null) {
  const invoice = (await findInvoice(db, first.id))!;
  if (invoice.total_pence === amountPence && (invoice.po_number ?? null) === poNumber) return { id: first.id, created: false };
  const reference = invoiceReference(first.number);
  throw new AppError('renewal_already_invoiced', `This renewal is already priced and invoiced as ${reference} for ${formatPence(invoice.total_pence)}. Correct that invoice with a credit note rather than pricing it again.`, {
    invoice: { id: first.id, reference },
  });
}
