import { sql } from 'kysely';
import type { DB } from '../../db/database.js';
import type { InvoiceLinesTable, InvoicesTable } from '../../db/schema.js';
import type { Insertable } from 'kysely';

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

/** Inserts invoices and their lines, two statements however many; returns each invoice's id by number. */
export async function insertInvoices(db: DB, invoices: { invoice: Insertable<InvoicesTable>; lines: Omit<Insertable<InvoiceLinesTable>, 'invoice_id'>[] }[]) {
  if (invoices.length === 0) return [];
  const rows = await db.insertInto('invoices').values(invoices.map((i) => i.invoice)).returning(['id', 'number']).execute();
  const idByNumber = new Map(rows.map((r) => [r.number, r.id]));
  const lines = invoices.flatMap((i) => i.lines.map((l) => ({ ...l, invoice_id: idByNumber.get(i.invoice.number)! })));
  if (lines.length) await db.insertInto('invoice_lines').values(lines).execute();
  return invoices.map((i) => ({ id: idByNumber.get(i.invoice.number)!, number: i.invoice.number }));
}

export function findInvoicesBySource(db: DB, sourceType: string, sourceIds: string[]) {
  if (sourceIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('invoices').select(['id', 'number', 'source_id']).where('source_type', '=', sourceType).where('source_id', 'in', sourceIds).execute();
}

export function findInvoiceBySource(db: DB, sourceType: string, sourceId: string) {
  return db.selectFrom('invoices').select(['id', 'number']).where('source_type', '=', sourceType).where('source_id', '=', sourceId).executeTakeFirst();
}

/** The invoice with the amounts paid and credited, optionally locked for an update. */
export async function findInvoice(db: DB, id: string, options: { lock?: boolean } = {}) {
  let query = db
    .selectFrom('invoices as i')
    .select([
      'i.id', 'i.number', 'i.organisation_id', 'i.kind', 'i.billing_name', 'i.billing_email', 'i.billing_address', 'i.po_number',
      day('i.issued_on').as('issued_on'), day('i.due_on').as('due_on'), 'i.total_pence', 'i.fee_schedule_id', 'i.paid_at', 'i.source_type', 'i.source_id',
    ])
    .where('i.id', '=', id);
  if (options.lock) query = query.forUpdate();
  const invoice = await query.executeTakeFirst();
  if (!invoice) return undefined;
  const [sums, lines] = await Promise.all([
    db
      .selectNoFrom((eb) => [
        eb.selectFrom('payments').select(sql<number>`coalesce(sum(amount_pence), 0)::int`.as('n')).where('invoice_id', '=', id).as('paid'),
        eb.selectFrom('credit_notes').select(sql<number>`coalesce(sum(amount_pence), 0)::int`.as('n')).where('invoice_id', '=', id).as('credited'),
      ])
      .executeTakeFirstOrThrow(),
    db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', id).orderBy('position').execute(),
  ]);
  return { ...invoice, paidPence: Number(sums.paid ?? 0), creditedPence: Number(sums.credited ?? 0), lines };
}

export function findPaymentByReference(db: DB, invoiceId: string, reference: string) {
  return db.selectFrom('payments').selectAll().where('invoice_id', '=', invoiceId).where('reference', '=', reference).executeTakeFirst();
}

/** The name of the organisation billed, shown with the billing contact as the PDF shows it. */
export async function billedOrganisationName(db: DB, organisationId: string): Promise<string> {
  const row = await db.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirst();
  return row?.name ?? '';
}

export function listPayments(db: DB, invoiceId: string) {
  return db
    .selectFrom('payments')
    .select(['id', 'amount_pence', day('paid_on').as('paid_on'), 'method', 'reference', 'created_at'])
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .execute();
}

export function listCreditNotes(db: DB, invoiceId: string) {
  return db
    .selectFrom('credit_notes')
    .select(['id', 'number', 'amount_pence', 'reason', day('issued_on').as('issued_on')])
    .where('invoice_id', '=', invoiceId)
    .orderBy('number')
    .execute();
}

/** Invoices, newest first, for every organisation or one. */
export async function listInvoices(db: DB, filter: { organisationId?: string | null; limit: number; offset: number }) {
  let query = db.selectFrom('invoices as i').innerJoin('organisations as o', 'o.id', 'i.organisation_id');
  if (filter.organisationId !== undefined) query = query.where('i.organisation_id', '=', filter.organisationId ?? '00000000-0000-0000-0000-000000000000');
  const [rows, total] = await Promise.all([
    query
      .select([
        'i.id', 'i.number', 'i.organisation_id', 'o.name as organisation_name', 'i.kind', day('i.issued_on').as('issued_on'), day('i.due_on').as('due_on'),
        'i.total_pence', 'i.paid_at',
      ])
      .select((eb) => [
        eb.selectFrom('payments as p').select(sql<number>`coalesce(sum(p.amount_pence), 0)::int`.as('n')).whereRef('p.invoice_id', '=', 'i.id').as('paid_pence'),
        eb.selectFrom('credit_notes as c').select(sql<number>`coalesce(sum(c.amount_pence), 0)::int`.as('n')).whereRef('c.invoice_id', '=', 'i.id').as('credited_pence'),
      ])
      // The page's invoices are found first, so the amounts paid and credited are summed for
      // those fifty only, not for every invoice skipped on the way to the last page (decision 152).
      .where('i.id', 'in', query.select('i.id').orderBy('i.number', 'desc').limit(filter.limit).offset(filter.offset))
      .orderBy('i.number', 'desc')
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
