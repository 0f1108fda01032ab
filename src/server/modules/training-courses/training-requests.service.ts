import { formatLongDate, londonDate } from '../../../domain/iso-date.js';
import { formatPence } from '../../../domain/money.js';
import type { TrainingRequestInput, TrainingRequestInvoiceInput, TrainingRequestResponse } from '../../../shared/schemas/training-courses.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { queueMail } from '../../mail/outbox.js';
import { invoiceReference, issueInvoiceIn } from '../invoices/invoices.service.js';
import { closeTasks, createTask } from '../tasks/tasks.repository.js';
import * as repo from './training-courses.repository.js';
import { scopeFilter } from './training-courses.service.js';

const KIND_NAMES = { bespoke: 'Bespoke training', refresher: 'Refresher training' } as const;

type RequestRow = NonNullable<Awaited<ReturnType<typeof repo.findRequest>>>;

function present(row: RequestRow): TrainingRequestResponse {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    kind: row.kind,
    needs: row.needs,
    people: row.people,
    preferredDates: row.preferred_dates,
    status: row.status,
    requestedAt: new Date(row.created_at).toISOString(),
    invoice: row.invoice_id && row.invoice_number !== null ? { id: row.invoice_id, reference: invoiceReference(row.invoice_number), totalPence: row.invoice_total_pence ?? 0 } : null,
  };
}

/**
 * A SMART Lead asks for bespoke or refresher training (Section 10: "get in touch … and we will
 * quote you"; Section 6: "we can also arrange refresher training"). The request goes to the
 * training inbox by email and as a task for Central Office to price.
 */
export async function createTrainingRequest(deps: AppDeps, user: CurrentUser, actor: Actor, body: TrainingRequestInput): Promise<TrainingRequestResponse> {
  const organisationId = user.role === 'central_office' ? body.organisationId : user.organisationId;
  if (!organisationId || (user.role !== 'central_office' && body.organisationId && body.organisationId !== user.organisationId)) {
    throw new AppError('validation_failed', 'Choose the organisation the training is for.', [{ field: 'organisationId', message: 'Choose the organisation' }]);
  }
  const organisation = await repo.findOrganisation(deps.db, organisationId);
  if (!organisation) throw new AppError('validation_failed', 'There is no such organisation.', [{ field: 'organisationId', message: 'Choose the organisation' }]);
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('training_requests')
      .values({ organisation_id: organisationId, kind: body.kind, needs: body.needs.trim(), people: body.people, preferred_dates: body.preferredDates.trim(), requested_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const inbox = await trx.selectFrom('team_inboxes').select(['email']).where('code', '=', 'training').executeTakeFirstOrThrow();
    await queueMail(trx, {
      to: inbox.email,
      kind: 'training_request',
      subject: `${KIND_NAMES[body.kind]} request: ${organisation.name}`,
      text: [
        'Dear training team,',
        '',
        `${user.name} (${user.email}) of ${organisation.name} asks for ${KIND_NAMES[body.kind].toLowerCase()}.`,
        '',
        `What they need: ${body.needs.trim()}`,
        `How many people: ${body.people}`,
        `Preferred dates: ${body.preferredDates.trim()}`,
        '',
        `Price it and raise the invoice from Partner Hub: ${deps.config.publicUrl}/portal/training/requests`,
      ].join('\n'),
    });
    await createTask(trx, {
      kind: 'training_request.price',
      title: `Price ${KIND_NAMES[body.kind].toLowerCase()} for ${organisation.name} (${body.people} ${body.people === 1 ? 'person' : 'people'})`,
      subjectType: 'training_request',
      subjectId: row.id,
      inbox: 'training',
    });
    await recordAudit(trx, actor, {
      action: 'training_request.created',
      entityType: 'training_request',
      entityId: row.id,
      after: { organisationId, kind: body.kind, needs: body.needs.trim(), people: body.people, preferredDates: body.preferredDates.trim() },
    });
    return row.id;
  });
  return present((await repo.findRequest(deps.db, id))!);
}

/** The requests a person may see: waiting ones first, oldest first. */
export async function listTrainingRequests(deps: AppDeps, user: CurrentUser): Promise<{ items: TrainingRequestResponse[] }> {
  const filter = scopeFilter(user);
  if (filter.organisationIds && filter.organisationIds.length === 0) return { items: [] };
  const rows = await repo.listRequests(deps.db, {
    ...(filter.organisationIds ? { organisationId: filter.organisationIds[0]! } : {}),
    ...(filter.regions ? { regions: filter.regions } : {}),
    ...(filter.sectors ? { sectors: filter.sectors } : {}),
  });
  return { items: rows.map(present) };
}

/**
 * Central Office prices a request by hand and invoices it through the normal invoice flow: one
 * `staff_training` line whose rule says the price was agreed by Central Office, as a
 * price-on-request line is once priced (decisions 024, 025). A request is invoiced once.
 */
export async function invoiceTrainingRequest(deps: AppDeps, actor: Actor, id: string, body: TrainingRequestInvoiceInput): Promise<TrainingRequestResponse> {
  const seen = await repo.findRequest(deps.db, id);
  if (!seen) throw notFound('training request');
  const organisation = (await repo.findOrganisation(deps.db, seen.organisation_id))!;
  const billing = await repo.billingOf(deps.db, organisation);
  if (!billing) throw new AppError('rule_broken', 'The organisation has no finance contact to invoice.', [{ field: 'organisationId', message: 'Add a finance contact first' }]);
  const today = londonDate(deps.now());
  await deps.db.transaction().execute(async (trx) => {
    const request = (await repo.findRequest(trx, id, { lock: true }))!;
    if (request.status !== 'received' || request.invoice_id) {
      throw new AppError('conflict', `This request is already invoiced${request.invoice_number !== null ? ` (${invoiceReference(request.invoice_number)})` : ''}.`);
    }
    const invoice = await issueInvoiceIn(trx, deps, actor, {
      organisationId: request.organisation_id,
      kind: 'other',
      billing,
      poNumber: body.poNumber || null,
      source: { type: 'training_request', id: request.id },
      lines: [
        {
          kind: 'staff_training',
          quantity: 1,
          description: body.description.trim(),
          rule: `Price agreed by Central Office on ${formatLongDate(today)} for ${request.people} ${request.people === 1 ? 'person' : 'people'}. Section 10: bespoke training is quoted for each organisation.`,
          amountPence: body.amountPence,
        },
      ],
    });
    await trx.updateTable('training_requests').set({ status: 'invoiced', invoice_id: invoice.id, priced_by: actor.userId, priced_at: deps.now() }).where('id', '=', id).execute();
    await closeTasks(trx, { subjectType: 'training_request', subjectId: id, kind: 'training_request.price' }, actor.userId, deps.now());
    await recordAudit(trx, actor, {
      action: 'training_request.invoiced',
      entityType: 'training_request',
      entityId: id,
      before: { status: 'received' },
      after: { status: 'invoiced', invoiceId: invoice.id, amountPence: body.amountPence, amount: formatPence(body.amountPence), description: body.description.trim() },
    });
  });
  return present((await repo.findRequest(deps.db, id))!);
}
