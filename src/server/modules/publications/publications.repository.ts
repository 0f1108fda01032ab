import type { DB } from '../../db/database.js';

export function findOrganisation(db: DB, id: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'region_code', 'sector_code', 'finance_contact_name', 'finance_contact_email'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertLogo(db: DB, logo: { organisationId: string; content: Uint8Array; contentType: 'image/png' | 'image/jpeg'; uploadedBy: string }) {
  return db
    .insertInto('publication_logos')
    .values({ organisation_id: logo.organisationId, content: logo.content, content_type: logo.contentType, byte_size: logo.content.length, uploaded_by: logo.uploadedBy })
    .returning(['id', 'content_type', 'byte_size'])
    .executeTakeFirstOrThrow();
}

export function findLogoOwner(db: DB, id: string) {
  return db.selectFrom('publication_logos').select(['id', 'organisation_id']).where('id', '=', id).executeTakeFirst();
}

export function findLogo(db: DB, id: string) {
  return db.selectFrom('publication_logos').select(['id', 'organisation_id', 'content', 'content_type']).where('id', '=', id).executeTakeFirst();
}

/** The billing contact of the organisation's latest invoice, when it has no finance contact recorded. */
export function latestBilling(db: DB, organisationId: string) {
  return db.selectFrom('invoices').select(['billing_name as name', 'billing_email as email']).where('organisation_id', '=', organisationId).orderBy('number', 'desc').executeTakeFirst();
}

export async function insertOrder(
  db: DB,
  order: { organisationId: string; logoId: string; poNumber: string | null; orderedBy: string },
  lines: { publication_code: string; title: string; quantity: number; rrp_pence: number; unit_pence: number; amount_pence: number }[],
) {
  const row = await db
    .insertInto('publication_orders')
    .values({ organisation_id: order.organisationId, logo_id: order.logoId, po_number: order.poNumber, ordered_by: order.orderedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('publication_order_lines')
    .values(lines.map((l, position) => ({ ...l, order_id: row.id, position })))
    .execute();
  return row.id;
}

export async function setOrderInvoice(db: DB, orderId: string, invoiceId: string) {
  await db.updateTable('publication_orders').set({ invoice_id: invoiceId }).where('id', '=', orderId).execute();
}

function orderQuery(db: DB) {
  return db
    .selectFrom('publication_orders as o')
    .innerJoin('organisations as org', 'org.id', 'o.organisation_id')
    .leftJoin('invoices as i', 'i.id', 'o.invoice_id')
    .select(['o.id', 'o.organisation_id', 'org.name as organisation_name', 'org.region_code', 'org.sector_code', 'o.logo_id', 'o.invoice_id', 'i.number as invoice_number', 'o.po_number', 'o.created_at']);
}

export function findOrder(db: DB, id: string) {
  return orderQuery(db).where('o.id', '=', id).executeTakeFirst();
}

export function listOrders(db: DB, filter: { organisationId?: string | null }) {
  let query = orderQuery(db);
  if (filter.organisationId !== undefined) query = query.where('o.organisation_id', '=', filter.organisationId ?? '00000000-0000-0000-0000-000000000000');
  return query.orderBy('o.created_at', 'desc').orderBy('o.id').limit(200).execute();
}

export function orderLines(db: DB, orderIds: string[]) {
  if (orderIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('publication_order_lines').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('position').execute();
}
