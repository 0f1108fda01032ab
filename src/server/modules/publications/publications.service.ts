import { coBrandedLines, PUBLICATIONS } from '../../../domain/publications/catalogue.js';
import { checkLogo } from '../../../domain/publications/logo.js';
import { publicationUnitPence } from '../../../domain/fees/publication-price.js';
import type { PublicationOrderRequest, PublicationOrderResponse } from '../../../shared/schemas/publications.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { canSeeOrganisation } from '../../auth/access.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { scheduleInForce } from '../fees/fee-schedule.service.js';
import { issueInvoiceIn } from '../invoices/invoices.service.js';
import { createTask } from '../tasks/tasks.repository.js';
import * as repo from './publications.repository.js';

/** The catalogue with today's co-branded price of each publication (Section 9). */
export async function catalogue(deps: AppDeps) {
  const schedule = await scheduleInForce(deps);
  return { publications: PUBLICATIONS.map((p) => ({ code: p.code, title: p.title, rrpPence: p.rrpPence, coBrandedPence: publicationUnitPence(p.rrpPence, true, schedule) })) };
}

/**
 * The organisation a person orders for: a SMART Lead their own; Central Office the one named. Any
 * other organisation is "not found", and the refusal is audited.
 */
async function orderingOrganisation(deps: AppDeps, user: CurrentUser, actor: Actor, requested: string | undefined) {
  if (user.role !== 'central_office' && user.role !== 'smart_lead') throw new AppError('forbidden', 'Only SMART Leads and Central Office order publications.');
  if (user.role === 'central_office' && !requested) {
    throw new AppError('validation_failed', 'Choose the organisation.', [{ field: 'organisationId', message: 'Choose the organisation' }]);
  }
  const id = user.role === 'smart_lead' ? (requested ?? user.organisationId) : requested!;
  const organisation = id ? await repo.findOrganisation(deps.db, id) : undefined;
  if (!organisation || !canSeeOrganisation(user, organisation)) {
    await recordAudit(deps.db, actor, { action: 'organisation.read_refused', entityType: 'organisation', entityId: id ?? null });
    throw notFound('organisation');
  }
  return organisation;
}

/** Checks a logo by its size and real type (its first bytes), then keeps it for the organisation's orders. */
export async function uploadLogo(deps: AppDeps, user: CurrentUser, actor: Actor, organisationId: string | undefined, content: Uint8Array) {
  const organisation = await orderingOrganisation(deps, user, actor, organisationId);
  const check = checkLogo(content);
  if (!check.ok) throw new AppError('validation_failed', check.message, [{ field: 'logo', message: check.message }]);
  return deps.db.transaction().execute(async (trx) => {
    const logo = await repo.insertLogo(trx, { organisationId: organisation.id, content, contentType: check.type, uploadedBy: user.id });
    await recordAudit(trx, actor, { action: 'publication_logo.uploaded', entityType: 'publication_logo', entityId: logo.id, after: { organisationId: organisation.id, contentType: check.type, byteSize: content.length } });
    return { id: logo.id, contentType: logo.content_type, byteSize: logo.byte_size };
  });
}

/**
 * Places a co-branded publication order and invoices it through the normal invoice flow: one line
 * per publication at the RRP plus one third. Central Office gets a task to send the logo to print.
 */
export async function placeOrder(deps: AppDeps, user: CurrentUser, actor: Actor, request: PublicationOrderRequest): Promise<PublicationOrderResponse> {
  const organisation = await orderingOrganisation(deps, user, actor, request.organisationId);
  const logo = await repo.findLogoOwner(deps.db, request.logoId);
  if (!logo || logo.organisation_id !== organisation.id) {
    await recordAudit(deps.db, actor, { action: 'publication_logo.read_refused', entityType: 'publication_logo', entityId: request.logoId });
    throw notFound('logo');
  }
  const schedule = await scheduleInForce(deps);
  const lines = coBrandedLines(
    request.items.map((item) => {
      const publication = PUBLICATIONS.find((p) => p.code === item.publicationCode)!;
      return { code: publication.code, title: publication.title, rrpPence: publication.rrpPence, quantity: item.quantity };
    }),
    schedule,
  );
  const billing = organisation.finance_contact_email
    ? { name: organisation.finance_contact_name ?? 'Finance', email: organisation.finance_contact_email }
    : ((await repo.latestBilling(deps.db, organisation.id)) ?? { name: user.name, email: user.email });

  const orderId = await deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertOrder(
      trx,
      { organisationId: organisation.id, logoId: logo.id, poNumber: request.poNumber ?? null, orderedBy: user.id },
      lines.map((l) => ({ publication_code: l.code, title: l.title, quantity: l.quantity, rrp_pence: l.rrpPence, unit_pence: l.unitPence, amount_pence: l.amountPence })),
    );
    const invoice = await issueInvoiceIn(trx, deps, actor, {
      organisationId: organisation.id,
      kind: 'other',
      billing,
      poNumber: request.poNumber ?? null,
      feeScheduleId: schedule.id,
      source: { type: 'publication_order', id },
      lines: lines.map((l) => ({ kind: 'publication' as const, quantity: l.quantity, description: l.description, rule: l.rule, amountPence: l.amountPence })),
    });
    await repo.setOrderInvoice(trx, id, invoice.id);
    await recordAudit(trx, actor, {
      action: 'publication_order.placed',
      entityType: 'publication_order',
      entityId: id,
      after: { organisationId: organisation.id, logoId: logo.id, invoiceId: invoice.id, lines: lines.map((l) => ({ code: l.code, quantity: l.quantity, unitPence: l.unitPence })) },
    });
    await createTask(trx, {
      kind: 'publication_order.print',
      title: `Print co-branded publications for ${organisation.name}`,
      subjectType: 'publication_order',
      subjectId: id,
      inbox: 'info',
    });
    return id;
  });
  return (await viewOrders(deps, [(await repo.findOrder(deps.db, orderId))!]))[0]!;
}

type OrderRow = NonNullable<Awaited<ReturnType<typeof repo.findOrder>>>;

async function viewOrders(deps: AppDeps, rows: OrderRow[]): Promise<PublicationOrderResponse[]> {
  const lines = await repo.orderLines(deps.db, rows.map((r) => r.id));
  return rows.map((r) => {
    const own = lines.filter((l) => l.order_id === r.id);
    return {
      id: r.id,
      organisationId: r.organisation_id,
      organisationName: r.organisation_name,
      logoId: r.logo_id,
      invoiceId: r.invoice_id,
      invoiceNumber: r.invoice_number === null ? null : Number(r.invoice_number),
      poNumber: r.po_number,
      createdAt: new Date(r.created_at).toISOString(),
      totalPence: own.reduce((sum, l) => sum + l.amount_pence, 0),
      lines: own.map((l) => ({ publicationCode: l.publication_code, title: l.title, quantity: l.quantity, rrpPence: l.rrp_pence, unitPence: l.unit_pence, amountPence: l.amount_pence })),
    };
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One order for Central Office or its own organisation's SMART Lead; anyone else gets "not found", audited. */
async function visibleOrder(deps: AppDeps, user: CurrentUser, actor: Actor, id: string) {
  const order = UUID.test(id) ? await repo.findOrder(deps.db, id) : undefined;
  // The route's policy admits only Central Office and SMART Leads; access.ts narrows a SMART Lead to their organisation.
  const allowed = order && canSeeOrganisation(user, { id: order.organisation_id, region_code: order.region_code, sector_code: order.sector_code });
  if (!allowed) {
    await recordAudit(deps.db, actor, { action: 'publication_order.read_refused', entityType: 'publication_order', entityId: id.slice(0, 64) });
    throw notFound('order');
  }
  return order;
}

export async function getOrder(deps: AppDeps, user: CurrentUser, actor: Actor, id: string) {
  return (await viewOrders(deps, [await visibleOrder(deps, user, actor, id)]))[0]!;
}

export async function orderLogo(deps: AppDeps, user: CurrentUser, actor: Actor, id: string) {
  const order = await visibleOrder(deps, user, actor, id);
  const logo = (await repo.findLogo(deps.db, order.logo_id))!;
  return { content: Buffer.from(logo.content), contentType: logo.content_type, filename: `logo-${order.id.slice(0, 8)}.${logo.content_type === 'image/png' ? 'png' : 'jpg'}` };
}

export async function listOrders(deps: AppDeps, user: CurrentUser) {
  const rows = await repo.listOrders(deps.db, user.role === 'central_office' ? {} : { organisationId: user.organisationId });
  return { orders: await viewOrders(deps, rows) };
}
