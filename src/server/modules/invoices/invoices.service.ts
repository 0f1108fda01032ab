import { addDays, formatLongDate, isIsoDate, londonDate } from '../../../domain/iso-date.js';
import { formatPence } from '../../../domain/money.js';
import type { FeeSchedule } from '../../../domain/fees/fee-schedule.js';
import { type Actor, recordAudit, recordAudits } from '../../audit/audit.js';
import type { DB } from '../../db/database.js';
import type { InvoiceLinesTable } from '../../db/schema.js';
import { nextNumber, nextNumbers } from '../../db/sequences.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { queueMails } from '../../mail/outbox.js';
import type { InvoiceResponse, PaymentRequest } from '../../../shared/schemas/invoices.js';
import { issueLicencesForInvoice } from '../licences/licences.service.js';
import { inviteSmartLeadOnFirstLicence } from '../onboarding/onboarding.service.js';
import { addBoughtPlacesForPaidInvoice } from '../training/training.service.js';
import { findSchedule } from '../fees/fee-schedule.repository.js';
import * as repo from './invoices.repository.js';
import type { Insertable } from 'kysely';

/** Days from issue to the due date. */
export const PAYMENT_TERMS_DAYS = 30;

export interface InvoiceDraft {
  organisationId: string;
  kind: 'new' | 'addition' | 'renewal' | 'other';
  billing: { name: string; email: string; address?: string | null | undefined };
  poNumber?: string | null | undefined;
  feeScheduleId?: string | null;
  /** What the invoice is for; the same source never gets a second invoice. */
  source: { type: string; id: string };
  lines: {
    kind: Insertable<InvoiceLinesTable>['kind'];
    siteId?: string | null | undefined;
    licenceType?: string | null | undefined;
    licenceId?: string | null;
    quantity?: number | undefined;
    description: string;
    rule: string;
    amountPence: number;
  }[];
}

export const invoiceReference = (number: number) => `INV-${String(number).padStart(6, '0')}`;
export const creditNoteReference = (number: number) => `CN-${String(number).padStart(6, '0')}`;

/**
 * Issues an invoice (Section 6 step 2): numbered in sequence when issued, addressed to the finance
 * contact, emailed, audited. Issuing the same source twice gives back the first invoice.
 */
export async function issueInvoice(deps: AppDeps, actor: Actor, draft: InvoiceDraft): Promise<{ id: string; number: number; created: boolean }> {
  const existing = await repo.findInvoiceBySource(deps.db, draft.source.type, draft.source.id);
  if (existing) return { ...existing, created: false };
  try {
    return await deps.db.transaction().execute((trx) => issueInvoiceIn(trx, deps, actor, draft));
  } catch (error) {
    // Two requests raced to invoice the same source: the loser answers with the winner's invoice.
    const raced = await repo.findInvoiceBySource(deps.db, draft.source.type, draft.source.id);
    if (raced) return { ...raced, created: false };
    throw error;
  }
}

/** Issues an invoice inside the caller's transaction. */
export async function issueInvoiceIn(trx: DB, deps: AppDeps, actor: Actor, draft: InvoiceDraft): Promise<{ id: string; number: number; created: boolean }> {
  return (await issueInvoicesIn(trx, deps, actor, [draft]))[0]!;
}

/**
 * Issues several invoices inside the caller's transaction with a handful of statements, in the
 * drafts' order (the renewal run issues thousands). A draft whose source is already invoiced gets
 * that invoice back.
 */
export async function issueInvoicesIn(trx: DB, deps: AppDeps, actor: Actor, drafts: InvoiceDraft[]): Promise<{ id: string; number: number; created: boolean }[]> {
  const bySource = (d: { type: string; id: string }) => `${d.type}\u0000${d.id}`;
  const existing = new Map<string, { id: string; number: number }>();
  for (const type of new Set(drafts.map((d) => d.source.type))) {
    const found = await repo.findInvoicesBySource(trx, type, drafts.filter((d) => d.source.type === type).map((d) => d.source.id));
    for (const f of found) existing.set(bySource({ type, id: f.source_id }), { id: f.id, number: f.number });
  }
  const fresh = drafts.filter((d) => !existing.has(bySource(d.source)));
  const numbers = await nextNumbers(trx, 'invoice', fresh.length);
  const issuedOn = londonDate(deps.now());
  const dueOn = addDays(issuedOn, PAYMENT_TERMS_DAYS);
  const rows = fresh.map((draft, i) => ({ draft, number: numbers[i]!, totalPence: draft.lines.reduce((sum, l) => sum + l.amountPence, 0) }));
  const inserted = await repo.insertInvoices(
    trx,
    rows.map(({ draft, number, totalPence }) => ({
      invoice: {
        number,
        organisation_id: draft.organisationId,
        kind: draft.kind,
        billing_name: draft.billing.name,
        billing_email: draft.billing.email,
        billing_address: draft.billing.address ?? null,
        po_number: draft.poNumber ?? null,
        issued_on: issuedOn,
        due_on: dueOn,
        total_pence: totalPence,
        fee_schedule_id: draft.feeScheduleId ?? null,
        source_type: draft.source.type,
        source_id: draft.source.id,
        issued_by: actor.userId,
      },
      lines: draft.lines.map((l, position) => ({
        position,
        kind: l.kind,
        site_id: l.siteId ?? null,
        licence_type: l.licenceType ?? null,
        licence_id: l.licenceId ?? null,
        quantity: l.quantity ?? 1,
        description: l.description,
        rule: l.rule,
        amount_pence: l.amountPence,
      })),
    })),
  );
  const idByNumber = new Map(inserted.map((r) => [r.number, r.id]));
  await queueMails(
    trx,
    rows.map(({ draft, number, totalPence }) => ({
      to: draft.billing.email,
      kind: 'invoice',
      subject: `Invoice ${invoiceReference(number)} from ${deps.config.charity.name}`,
      attachments: [{ kind: 'invoice-pdf', id: idByNumber.get(number)!, filename: `${invoiceReference(number)}.pdf` }],
      text: [
        `Dear ${draft.billing.name},`,
        '',
        `Please find invoice ${invoiceReference(number)} for ${formatPence(totalPence)}, due by ${formatLongDate(dueOn)}.`,
        draft.poNumber ? `Your purchase order number: ${draft.poNumber}.` : '',
        '',
        ...draft.lines.map((l) => `- ${l.description}: ${formatPence(l.amountPence)} (${l.rule})`),
        '',
        `The invoice is attached as a PDF. Your organisation's SMART Lead can also download it from Partner Hub.`,
        '',
        deps.config.charity.name,
        deps.config.charity.numbers,
        deps.config.charity.address,
      ].join('\n'),
    })),
  );
  await recordAudits(
    trx,
    actor,
    rows.map(({ draft, number, totalPence }) => ({
      action: 'invoice.issued',
      entityType: 'invoice',
      entityId: idByNumber.get(number)!,
      after: { number, organisationId: draft.organisationId, totalPence, source: draft.source, lines: draft.lines },
    })),
  );
  const freshByKey = new Map(rows.map((r) => [bySource(r.draft.source), { id: idByNumber.get(r.number)!, number: r.number }]));
  return drafts.map((d) => {
    const before = existing.get(bySource(d.source));
    return before ? { ...before, created: false } : { ...freshByKey.get(bySource(d.source))!, created: true };
  });
}

/** An invoice as the API shows it, with what is paid, credited and outstanding. */
export async function getInvoice(deps: AppDeps, id: string): Promise<InvoiceResponse> {
  const invoice = await repo.findInvoice(deps.db, id);
  if (!invoice) throw notFound('invoice');
  const [payments, creditNotes, organisationName] = await Promise.all([
    repo.listPayments(deps.db, id),
    repo.listCreditNotes(deps.db, id),
    repo.billedOrganisationName(deps.db, invoice.organisation_id),
  ]);
  return present(invoice, organisationName, payments, creditNotes);
}

type FoundInvoice = NonNullable<Awaited<ReturnType<typeof repo.findInvoice>>>;

function present(
  invoice: FoundInvoice,
  organisationName: string,
  payments: Awaited<ReturnType<typeof repo.listPayments>>,
  creditNotes: Awaited<ReturnType<typeof repo.listCreditNotes>>,
): InvoiceResponse {
  const outstanding = invoice.total_pence - invoice.paidPence - invoice.creditedPence;
  return {
    id: invoice.id,
    number: invoice.number,
    reference: invoiceReference(invoice.number),
    organisationId: invoice.organisation_id,
    organisationName,
    kind: invoice.kind,
    billing: { name: invoice.billing_name, email: invoice.billing_email, address: invoice.billing_address },
    poNumber: invoice.po_number,
    issuedOn: invoice.issued_on,
    dueOn: invoice.due_on,
    totalPence: invoice.total_pence,
    paidPence: invoice.paidPence,
    creditedPence: invoice.creditedPence,
    outstandingPence: outstanding,
    status: invoiceStatus(invoice),
    lines: invoice.lines.map((l) => ({ description: l.description, rule: l.rule, amountPence: l.amount_pence, siteId: l.site_id, licenceType: l.licence_type })),
    payments: payments.map((p) => ({ id: p.id, amountPence: p.amount_pence, paidOn: p.paid_on, method: p.method, reference: p.reference })),
    creditNotes: creditNotes.map((c) => ({ id: c.id, number: c.number, reference: creditNoteReference(c.number), amountPence: c.amount_pence, reason: c.reason, issuedOn: c.issued_on })),
  };
}

function invoiceStatus(invoice: { total_pence: number; paidPence: number; creditedPence: number }): InvoiceResponse['status'] {
  if (invoice.creditedPence >= invoice.total_pence && invoice.total_pence > 0) return 'credited';
  if (invoice.paidPence + invoice.creditedPence >= invoice.total_pence) return 'paid';
  return invoice.paidPence > 0 ? 'part-paid' : 'issued';
}

/**
 * Records a payment. Part payments are kept; the same payment recorded twice (same reference on
 * the same invoice, or a retried request) is recorded once. When the invoice is paid in full its
 * licences are issued in the same transaction (Section 6 step 3).
 */
export async function recordPayment(deps: AppDeps, actor: Actor, invoiceId: string, payment: PaymentRequest) {
  assertPaidOnPlausible(payment.paidOn, londonDate(deps.now()));
  const attempt = () =>
    deps.db.transaction().execute(async (trx) => {
      const invoice = await repo.findInvoice(trx, invoiceId, { lock: true });
      if (!invoice) throw notFound('invoice');
      const already = await repo.findPaymentByReference(trx, invoiceId, payment.reference);
      if (already) {
        if (already.amount_pence !== payment.amountPence) {
          throw new AppError('conflict', `A payment with reference ${payment.reference} is already recorded on this invoice for ${formatPence(already.amount_pence)}.`, [
            { field: 'reference', message: 'This reference is already used for a different amount' },
          ]);
        }
        return { paymentId: already.id, duplicate: true, licencesIssued: [] };
      }
      const outstanding = invoice.total_pence - invoice.paidPence - invoice.creditedPence;
      if (payment.amountPence > outstanding) {
        throw new AppError('rule_broken', `The payment is more than the ${formatPence(outstanding)} outstanding on this invoice.`, [
          { field: 'amountPence', message: `Enter at most ${formatPence(outstanding)}` },
        ]);
      }
      const inserted = await trx
        .insertInto('payments')
        .values({ invoice_id: invoiceId, amount_pence: payment.amountPence, paid_on: payment.paidOn, method: payment.method, reference: payment.reference, recorded_by: actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, { action: 'payment.recorded', entityType: 'invoice', entityId: invoiceId, after: { paymentId: inserted.id, ...payment } });
      let licencesIssued: { id: string; number: string; renewed: boolean }[] = [];
      if (payment.amountPence === outstanding) {
        await trx.updateTable('invoices').set({ paid_at: deps.now() }).where('id', '=', invoiceId).execute();
        const schedule = invoice.fee_schedule_id ? await findSchedule(trx, invoice.fee_schedule_id) : undefined;
        licencesIssued = await issueLicencesForInvoice(trx, actor, invoice, payment.paidOn, schedule as FeeSchedule | undefined);
        if (licencesIssued.some((l) => !l.renewed)) await inviteSmartLeadOnFirstLicence(trx, deps, actor, invoice.organisation_id);
        // Places bought on the invoice's training_places lines join their sites' ledgers (decision 065).
        await addBoughtPlacesForPaidInvoice(trx, deps, actor, invoiceId);
      }
      return { paymentId: inserted.id, duplicate: false, licencesIssued };
    });
  let result;
  try {
    result = await attempt();
  } catch (error) {
    // The same payment sent twice at once: the second insert meets the unique reference.
    if (error instanceof AppError) throw error;
    const raced = await repo.findPaymentByReference(deps.db, invoiceId, payment.reference);
    if (!raced) throw error;
    result = { paymentId: raced.id, duplicate: true, licencesIssued: [] };
  }
  return { ...result, invoice: await getInvoice(deps, invoiceId) };
}

/**
 * The date paid starts the licences a full payment issues, so a mistyped year would issue licences
 * years ahead: a date after today (in London, by the app's clock) is refused, as is a date that is
 * not on the calendar. Earlier dates are accepted, even before the invoice was issued (decision 179).
 */
function assertPaidOnPlausible(paidOn: string, today: string): void {
  if (!isIsoDate(paidOn)) throw new AppError('validation_failed', 'Enter the date paid as a real date.', [{ field: 'paidOn', message: 'Enter a real date' }]);
  if (paidOn > today) {
    throw new AppError('rule_broken', `The date paid cannot be after today (${formatLongDate(today)}): record a payment once it has been received.`, [
      { field: 'paidOn', message: `Enter today or an earlier date: ${formatLongDate(paidOn)} is in the future` },
    ]);
  }
}

/** Corrects an issued invoice with a numbered credit note linked to it; the invoice itself never changes. */
export async function issueCreditNote(deps: AppDeps, actor: Actor, invoiceId: string, input: { amountPence: number; reason: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const invoice = await repo.findInvoice(trx, invoiceId, { lock: true });
    if (!invoice) throw notFound('invoice');
    const creditable = invoice.total_pence - invoice.creditedPence - invoice.paidPence;
    if (input.amountPence > creditable) {
      throw new AppError('rule_broken', `A credit note can be at most the ${formatPence(creditable)} not yet paid or credited.`, [
        { field: 'amountPence', message: `Enter at most ${formatPence(creditable)}` },
      ]);
    }
    const number = await nextNumber(trx, 'credit_note');
    const note = await trx
      .insertInto('credit_notes')
      .values({ number, invoice_id: invoiceId, amount_pence: input.amountPence, reason: input.reason, issued_on: londonDate(deps.now()), issued_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'credit_note.issued', entityType: 'invoice', entityId: invoiceId, after: { creditNoteId: note.id, number, ...input } });
  });
  return getInvoice(deps, invoiceId);
}

export function listInvoices(db: DB, filter: { organisationId?: string | null; limit: number; offset: number }) {
  return repo.listInvoices(db, filter);
}
