import type { z } from 'zod';
import type {
  agreePricesSchema,
  StartUpFormAnswers,
  StartUpFormDetail,
  StartUpFormLine,
  StartUpFormList,
  startUpFormListQuerySchema,
  StartUpFormQuote,
} from '../../../shared/schemas/start-up-form.js';
import { type IsoDate, londonDate } from '../../../domain/iso-date.js';
import { findQuoteByReference } from '../quotes/quotes.repository.js';
import { requesterLines } from '../quotes/quotes.service.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { hashToken, newToken } from '../../auth/tokens.js';
import type { DB } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { queueMail } from '../../mail/outbox.js';
import { closeTasks } from '../tasks/tasks.repository.js';
import { changesRequestedMail } from './start-up-form.mail.js';
import { totalOf } from './start-up-form.pricing.js';
import { REVIEW_TASK_KIND, type StartUpFormRow } from './start-up-form.service.js';
import * as repo from './start-up-forms.repository.js';
import { invoiceReference } from '../invoices/invoices.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const iso = (d: Date | string) => new Date(d).toISOString();

/** A form that has been submitted at least once; drafts are the applicant's alone. */
type SubmittedRow = StartUpFormRow & { reference: string; submitted_at: Date; fee_schedule_id: string; total_pence: number };

function isSubmitted(form: StartUpFormRow | undefined): form is SubmittedRow {
  return form !== undefined && form.status !== 'draft' && form.reference !== null;
}

function linesOf(form: Pick<StartUpFormRow, 'lines'>): StartUpFormLine[] {
  return (form.lines ?? []) as StartUpFormLine[];
}

function answersOf(form: Pick<StartUpFormRow, 'submitted_answers'>): StartUpFormAnswers {
  return form.submitted_answers as StartUpFormAnswers;
}

async function detailOf(db: DB, form: SubmittedRow): Promise<StartUpFormDetail> {
  const lines = linesOf(form);
  const acceptedBy = form.accepted_by ? await repo.userLabel(db, form.accepted_by) : undefined;
  const invoice = await db
    .selectFrom('invoices')
    .select(['id', 'number', 'organisation_id'])
    .where('source_type', '=', 'start_up_form')
    .where('source_id', '=', form.id)
    .executeTakeFirst();
  return {
    id: form.id,
    reference: form.reference,
    status: form.status,
    version: form.version,
    answers: answersOf(form),
    feeScheduleId: form.fee_schedule_id,
    lines,
    totalPence: form.total_pence,
    unpricedLines: totalOf(lines).unpricedLines,
    submittedAt: iso(form.submitted_at),
    changesRequested:
      form.changes_requested_message !== null && form.changes_requested_at !== null
        ? { message: form.changes_requested_message, at: iso(form.changes_requested_at) }
        : null,
    acceptedAt: form.accepted_at ? iso(form.accepted_at) : null,
    acceptedBy: acceptedBy ? `${acceptedBy.name} (${acceptedBy.email})` : null,
    quote: await quoteNamed(db, answersOf(form).purchase.quoteReference, londonDate(form.submitted_at)),
    invoice: invoice ? { id: invoice.id, reference: invoiceReference(invoice.number), organisationId: invoice.organisation_id } : null,
  };
}

/**
 * The quotation the form names, as its requester reads it now, and whether it still held its
 * prices when the form was submitted. Shown to Central Office only: the form's own lines are priced
 * from the schedule in force when it was submitted, never from the quote (docs/decisions/177).
 */
async function quoteNamed(db: DB, reference: string | undefined, submittedOn: IsoDate): Promise<StartUpFormQuote | null> {
  if (reference === undefined) return null;
  const quote = await findQuoteByReference(db, reference);
  if (!quote) return null;
  return {
    reference: quote.reference,
    issuedOn: quote.issuedOn,
    validUntil: quote.validUntil,
    validWhenSubmitted: submittedOn >= quote.issuedOn && submittedOn <= quote.validUntil,
    status: quote.status,
    ...requesterLines(quote),
  };
}

/** Central Office's queue: submitted forms, oldest first, optionally of one status. */
export async function listStartUpForms(deps: AppDeps, query: z.output<typeof startUpFormListQuerySchema>): Promise<StartUpFormList> {
  const { rows, total } = await repo.listSubmitted(deps.db, query);
  return {
    total,
    items: rows.map((row) => ({
      id: row.id,
      reference: row.reference ?? '',
      status: row.status,
      organisationName: row.organisation_name,
      submittedAt: iso(row.submitted_at!),
      totalPence: row.total_pence ?? 0,
      unpricedLines: totalOf(linesOf(row)).unpricedLines,
    })),
  };
}

/** One submitted form with every answer and its priced lines; a draft or unknown id is not found. */
export async function getStartUpForm(deps: AppDeps, id: string): Promise<StartUpFormDetail> {
  const form = UUID.test(id) ? await repo.findById(deps.db, id) : undefined;
  if (!isSubmitted(form)) throw notFound('Start-Up Form');
  return detailOf(deps.db, form);
}

/**
 * Locks a submitted form for a review action: it must be waiting for review, and unchanged since
 * the reviewer read it (the version they send back), so two reviewers cannot act on different
 * versions.
 */
async function lockForReview(trx: Parameters<typeof repo.lockById>[0], id: string, version: number, doing: string): Promise<SubmittedRow> {
  const form = UUID.test(id) ? await repo.lockById(trx, id) : undefined;
  if (!isSubmitted(form)) throw notFound('Start-Up Form');
  if (form.version !== version) {
    throw new AppError('precondition_failed', 'The form has changed since you opened it. Reload it, check it again, then try again.', {
      currentVersion: form.version,
    });
  }
  if (form.status !== 'submitted') {
    const now = form.status === 'accepted' ? 'has been accepted' : 'is back with the applicant for changes';
    throw new AppError('conflict', `You cannot ${doing} now: the form ${now}.`);
  }
  return form;
}

/**
 * Sends the form back to the applicant with Central Office's message. A new draft link is emailed
 * to the SMART Lead nominee (only its hash is kept, so the old link stops working); the review
 * task closes until the form comes back.
 */
export async function requestChanges(deps: AppDeps, actor: Actor, id: string, body: { version: number; message: string }): Promise<StartUpFormDetail> {
  const at = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const form = await lockForReview(trx, id, body.version, 'ask for changes');
    const key = newToken();
    const version = await repo.markChangesRequested(trx, form.id, { message: body.message, draftKeyHash: hashToken(key), at });
    await closeTasks(trx, { subjectType: 'start_up_form', subjectId: form.id, kind: REVIEW_TASK_KIND }, actor.userId, at);
    await queueMail(
      trx,
      changesRequestedMail({
        reference: form.reference,
        answers: answersOf(form),
        message: body.message,
        link: `${deps.config.publicUrl}/start-up-form/resume/${key}`,
      }),
    );
    await recordAudit(trx, actor, {
      action: 'start_up_form.changes_requested',
      entityType: 'start_up_form',
      entityId: form.id,
      before: { status: form.status, version: form.version },
      after: { status: 'changes_requested', version, message: body.message },
    });
  });
  return getStartUpForm(deps, id);
}

/**
 * Section 10: Central Office agrees the price of each "price on request" line (corporate
 * partnerships, or licences with no published fee); the total follows.
 */
export async function agreePrices(deps: AppDeps, actor: Actor, id: string, body: z.output<typeof agreePricesSchema>): Promise<StartUpFormDetail> {
  const at = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const form = await lockForReview(trx, id, body.version, 'enter prices');
    const before = linesOf(form);
    const problems = body.prices.flatMap((price, i) => {
      const line = before[price.line];
      if (!line) return [{ field: `prices.${i}.line`, message: `The form has no line ${price.line}.` }];
      if (!line.priceOnRequest) {
        return [{ field: `prices.${i}.line`, message: `"${line.description}" has a published fee (Section 10); only price-on-request lines are priced by Central Office.` }];
      }
      return [];
    });
    if (problems.length > 0) throw new AppError('rule_broken', 'Only the lines priced on request can be given a price.', problems);

    const agreed = new Map(body.prices.map((price) => [price.line, price.amountPence]));
    const lines = before.map((line) => (agreed.has(line.index) ? { ...line, amountPence: agreed.get(line.index)! } : line));
    const { totalPence } = totalOf(lines);
    const version = await repo.updateLines(trx, form.id, lines, totalPence, at);
    await recordAudit(trx, actor, {
      action: 'start_up_form.prices_agreed',
      entityType: 'start_up_form',
      entityId: form.id,
      before: { version: form.version, totalPence: form.total_pence, lines: before },
      after: { version, totalPence, lines },
    });
  });
  return getStartUpForm(deps, id);
}

/**
 * Accepts a form once every line has a price: the review task closes and the form waits for its
 * invoice (Section 6 step 2), which invoicing picks up through acceptedStartUpForms.
 */
export async function acceptStartUpForm(deps: AppDeps, actor: Actor & { userId: string }, id: string, body: { version: number }): Promise<StartUpFormDetail> {
  const at = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    const form = await lockForReview(trx, id, body.version, 'accept it');
    const { unpricedLines } = totalOf(linesOf(form));
    if (unpricedLines > 0) {
      throw new AppError(
        'rule_broken',
        `Enter the agreed price of every price-on-request line before accepting: ${unpricedLines === 1 ? 'one line has' : `${unpricedLines} lines have`} no price yet.`,
        linesOf(form)
          .filter((line) => line.amountPence === null)
          .map((line) => ({ field: `lines.${line.index}`, message: `"${line.description}" for ${line.site ?? 'the organisation'} has no agreed price.` })),
      );
    }
    const version = await repo.markAccepted(trx, form.id, actor.userId, at);
    await closeTasks(trx, { subjectType: 'start_up_form', subjectId: form.id, kind: REVIEW_TASK_KIND }, actor.userId, at);
    await recordAudit(trx, actor, {
      action: 'start_up_form.accepted',
      entityType: 'start_up_form',
      entityId: form.id,
      before: { status: form.status, version: form.version },
      after: { status: 'accepted', version, totalPence: form.total_pence, acceptedAt: iso(at) },
    });
  });
  return getStartUpForm(deps, id);
}

/** An accepted form as invoicing needs it: who to invoice, for what, at the prices fixed and agreed. */
export interface AcceptedStartUpForm {
  id: string;
  reference: string;
  acceptedAt: Date;
  acceptedBy: string;
  feeScheduleId: string;
  answers: StartUpFormAnswers;
  lines: StartUpFormLine[];
  totalPence: number;
}

/**
 * The hand-over to invoicing (Section 6 step 2: "Upon receipt of a completed Start Up Form, we
 * will issue your finance department with an invoice"): accepted forms, oldest first, optionally
 * only those accepted after a point. Invoicing, a later capability, reads from here.
 */
export async function acceptedStartUpForms(deps: AppDeps, options: { acceptedAfter?: Date; id?: string } = {}): Promise<AcceptedStartUpForm[]> {
  const rows = await repo.listAccepted(deps.db, options.acceptedAfter, options.id);
  return rows.filter(isSubmitted).map((row) => ({
    id: row.id,
    reference: row.reference,
    acceptedAt: new Date(row.accepted_at!),
    acceptedBy: row.accepted_by!,
    feeScheduleId: row.fee_schedule_id,
    answers: answersOf(row),
    lines: linesOf(row),
    totalPence: row.total_pence,
  }));
}
