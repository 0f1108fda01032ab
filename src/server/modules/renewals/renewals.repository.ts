import { sql } from 'kysely';
import type { DB } from '../../db/database.js';

/**
 * Moves licences past their end into grace, and past their grace into lapsed, recording each
 * change in the audit trail in the same statement. Returns how many moved, and the organisations whose licences moved.
 */
export async function updateLicenceStatuses(trx: DB, today: string, graceDays: number, runId: string) {
  const inGrace = await sql<{ n: number; organisations: string[] | null }>`
    WITH moved AS (
      UPDATE licences SET status = 'in_grace'
      WHERE status = 'active' AND ends_on < ${today}::date AND ends_on >= ${today}::date - ${graceDays}::int
      RETURNING id, number, organisation_id
    ), audited AS (
      INSERT INTO audit_events (actor_label, action, entity_type, entity_id, before, after)
      SELECT 'renewal run', 'licence.in_grace', 'licence', id::text, '{"status":"active"}'::jsonb,
             jsonb_build_object('status', 'in_grace', 'runId', ${runId}::text)
      FROM moved RETURNING 1
    )
    SELECT count(*)::int AS n, array_agg(DISTINCT organisation_id::text) AS organisations FROM moved`.execute(trx);
  const lapsed = await sql<{ n: number; organisations: string[] | null }>`
    WITH moved AS (
      UPDATE licences SET status = 'lapsed'
      WHERE status <> 'lapsed' AND ends_on < ${today}::date - ${graceDays}::int
      RETURNING id, organisation_id
    ), audited AS (
      INSERT INTO audit_events (actor_label, action, entity_type, entity_id, after)
      SELECT 'renewal run', 'licence.lapsed', 'licence', id::text, jsonb_build_object('status', 'lapsed', 'runId', ${runId}::text)
      FROM moved RETURNING 1
    )
    SELECT count(*)::int AS n, array_agg(DISTINCT organisation_id::text) AS organisations FROM moved`.execute(trx);
  // The organisations whose licences moved: their meetings' listings are judged again in the same transaction.
  const organisationIds = [...new Set([...(inGrace.rows[0]?.organisations ?? []), ...(lapsed.rows[0]?.organisations ?? [])])];
  return { inGrace: Number(inGrace.rows[0]?.n ?? 0), lapsed: Number(lapsed.rows[0]?.n ?? 0), organisationIds };
}

/**
 * A subquery for an unpaid renewal invoice of licence `l`'s current year that the run did not
 * raise: a renewal priced by hand (decision 174), or any hand-raised invoice with a renewal line for
 * the licence's site and type, issued on or after the year's first reminder day. Paying it renews
 * the licence, so once paid it no longer stands for the current year. The run leaves such a licence
 * out, and it cannot be priced by hand a second time.
 */
function renewalInvoicedApart(horizon: number) {
  return sql<{ id: string; number: number }>`
    SELECT i.id, i.number FROM invoice_lines il JOIN invoices i ON i.id = il.invoice_id
    WHERE il.site_id = l.site_id AND il.licence_type = l.licence_type AND il.kind = 'renewal'
      AND i.source_type <> 'renewal' AND i.paid_at IS NULL AND i.issued_on >= l.ends_on - ${horizon}::int`;
}

export interface RenewalCandidate {
  id: string;
  number: string;
  organisation_id: string;
  organisation_type: string;
  site_id: string;
  site_name: string;
  licence_type: string;
  ends_on: string;
  smart_recovery_held: boolean;
  last_amount_pence: number | null;
  /** Its current year is already invoiced apart from the run (decision 174). */
  invoiced_apart: boolean;
}

/**
 * Licences that end within the first reminder's reach (or are in grace), not lapsed. The renewal
 * work for each is keyed by its licence year, so a repeated run finds the same work already done.
 */
export async function findRenewalCandidates(db: DB, today: string, reminderDays: number[], graceDays: number): Promise<RenewalCandidate[]> {
  const horizon = Math.max(...reminderDays, 0);
  const days = sql.join(reminderDays.map((d) => sql`(${d}::int)`));
  // Only organisation-months with work left: no renewal invoice yet, or a reminder due and not logged.
  const result = await sql<RenewalCandidate>`
    WITH due AS (
      SELECT l.id, l.organisation_id, l.ends_on
      FROM licences l
      WHERE l.status <> 'lapsed'
        AND l.ends_on <= ${today}::date + ${horizon}::int
        AND l.ends_on >= ${today}::date - ${graceDays}::int
    ), work AS (
      SELECT DISTINCT d.organisation_id, to_char(d.ends_on, 'YYYY-MM') AS month
      FROM due d
      WHERE NOT EXISTS (
              SELECT 1 FROM invoices i
              WHERE i.source_type = 'renewal' AND i.source_id = d.organisation_id::text || ':' || to_char(d.ends_on, 'YYYY-MM'))
         OR EXISTS (
              SELECT 1 FROM (VALUES ${days}) AS p(days_before)
              WHERE d.ends_on - p.days_before <= ${today}::date AND d.ends_on >= ${today}::date
                AND NOT EXISTS (SELECT 1 FROM licence_reminders r WHERE r.licence_id = d.id AND r.period_ends_on = d.ends_on AND r.days_before = p.days_before))
    )
    SELECT l.id, l.number, l.organisation_id, o.organisation_type, l.site_id, s.name AS site_name, l.licence_type,
           to_char(l.ends_on, 'YYYY-MM-DD') AS ends_on,
           EXISTS (SELECT 1 FROM licences sr WHERE sr.site_id = l.site_id AND sr.licence_type = 'smart-recovery' AND sr.status <> 'lapsed') AS smart_recovery_held,
           (SELECT il.amount_pence FROM invoice_lines il JOIN invoices i ON i.id = il.invoice_id
             WHERE il.site_id = l.site_id AND il.licence_type = l.licence_type ORDER BY i.number DESC LIMIT 1) AS last_amount_pence,
           EXISTS (${renewalInvoicedApart(horizon)}) AS invoiced_apart
    FROM licences l
    JOIN work w ON w.organisation_id = l.organisation_id AND w.month = to_char(l.ends_on, 'YYYY-MM')
    JOIN organisations o ON o.id = l.organisation_id
    JOIN sites s ON s.id = l.site_id
    WHERE l.status <> 'lapsed'
      AND l.ends_on <= ${today}::date + ${horizon}::int
      AND l.ends_on >= ${today}::date - ${graceDays}::int
    ORDER BY l.organisation_id, l.ends_on, s.name, l.licence_type`.execute(db);
  return result.rows;
}

/** Reminders already sent for these licences' current years. */
export async function sentReminders(db: DB, licenceIds: string[]): Promise<Map<string, number[]>> {
  if (licenceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('licence_reminders as r')
    .innerJoin('licences as l', (join) => join.onRef('l.id', '=', 'r.licence_id').onRef('l.ends_on', '=', 'r.period_ends_on'))
    .select(['r.licence_id', 'r.days_before'])
    .where('r.licence_id', 'in', licenceIds)
    .execute();
  const sent = new Map<string, number[]>();
  for (const row of rows) sent.set(row.licence_id, [...(sent.get(row.licence_id) ?? []), row.days_before]);
  return sent;
}

/** Logs reminders; only those not already logged come back, so each is sent once. */
export async function logReminders(trx: DB, reminders: { licenceId: string; endsOn: string; daysBefore: number }[]) {
  if (reminders.length === 0) return [];
  return trx
    .insertInto('licence_reminders')
    .values(reminders.map((r) => ({ licence_id: r.licenceId, period_ends_on: r.endsOn, days_before: r.daysBefore })))
    .onConflict((oc) => oc.doNothing())
    .returning(['licence_id', 'days_before'])
    .execute();
}

export interface RenewalContacts {
  organisationName: string;
  billing: { name: string; email: string; address: string | null } | undefined;
  lead: { name: string; email: string } | undefined;
}

/**
 * Who hears about each organisation's renewal: its finance contact and its SMART Lead. The finance
 * contact is the one its last invoice went to or, for an organisation never invoiced (brought in
 * from the old records), the finance contact on its record (decision 174).
 */
export async function renewalContacts(db: DB, organisationIds: string[]): Promise<Map<string, RenewalContacts>> {
  if (organisationIds.length === 0) return new Map();
  const [billing, leads, organisations] = await Promise.all([
    db
      .selectFrom('invoices')
      .distinctOn('organisation_id')
      .select(['organisation_id', 'billing_name', 'billing_email', 'billing_address'])
      .where('organisation_id', 'in', organisationIds)
      .orderBy('organisation_id')
      .orderBy('number', 'desc')
      .execute(),
    db
      .selectFrom('users')
      .distinctOn('organisation_id')
      .select(['organisation_id', 'name', 'email'])
      .where('organisation_id', 'in', organisationIds)
      .where('role', '=', 'smart_lead')
      .where('status', '=', 'active')
      .orderBy('organisation_id')
      .orderBy('created_at')
      .execute(),
    db.selectFrom('organisations').select(['id', 'name', 'finance_contact_name', 'finance_contact_email', 'address', 'postcode']).where('id', 'in', organisationIds).execute(),
  ]);
  const byId = new Map<string, RenewalContacts>();
  for (const o of organisations) {
    const recorded = o.finance_contact_email
      ? { name: o.finance_contact_name ?? 'Finance', email: o.finance_contact_email, address: [o.address, o.postcode].filter(Boolean).join(', ') || null }
      : undefined;
    byId.set(o.id, { organisationName: o.name, billing: recorded, lead: undefined });
  }
  for (const b of billing) byId.get(b.organisation_id)!.billing = { name: b.billing_name, email: b.billing_email, address: b.billing_address };
  for (const l of leads) if (l.organisation_id) byId.get(l.organisation_id)!.lead = { name: l.name, email: l.email };
  return byId;
}

/** Which of these licence-years (`<licence id>:<ends on>`) already have a task to price their renewal by hand. */
export async function pricingTasksRaised(trx: DB, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await trx.selectFrom('tasks').select('subject_id').where('kind', '=', 'renewal.price_by_hand').where('subject_type', '=', 'licence_year').where('subject_id', 'in', keys).execute();
  return rows.map((r) => r.subject_id);
}

/** A licence-year whose renewal Central Office prices by hand, locked for the pricing (decision 174). */
export async function licenceYearForPricing(trx: DB, licenceId: string, endsOn: string, horizon: number) {
  const result = await sql<{
    id: string; number: string; organisation_id: string; site_id: string; site_name: string; licence_type: string; status: 'active' | 'in_grace' | 'lapsed';
    starts_on: string; ends_on: string; task_open: boolean; invoiced_apart_id: string | null; invoiced_apart_number: number | null;
  }>`
    SELECT l.id, l.number, l.organisation_id, l.site_id, s.name AS site_name, l.licence_type, l.status,
           to_char(l.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(l.ends_on, 'YYYY-MM-DD') AS ends_on,
           EXISTS (SELECT 1 FROM tasks t WHERE t.kind = 'renewal.price_by_hand' AND t.subject_type = 'licence_year'
                     AND t.subject_id = ${`${licenceId}:${endsOn}`} AND t.status = 'open') AS task_open,
           apart.id AS invoiced_apart_id, apart.number AS invoiced_apart_number
    FROM licences l
    JOIN sites s ON s.id = l.site_id
    LEFT JOIN LATERAL (${renewalInvoicedApart(horizon)} ORDER BY i.number LIMIT 1) apart ON true
    WHERE l.id = ${licenceId}
    FOR UPDATE OF l`.execute(trx);
  return result.rows[0];
}

/** The open tasks to price a renewal by hand, oldest first, with their licence as it now stands (decision 174). */
export async function renewalsAwaitingPrice(db: DB, horizon: number, page: { limit: number; offset: number }) {
  const [rows, total] = await Promise.all([
    sql<{
      task_id: string; raised_at: Date | string; year_ends_on: string; id: string; number: string; licence_type: string; licence_type_name: string;
      organisation_id: string; organisation_name: string; site_name: string; status: 'active' | 'in_grace' | 'lapsed'; ends_on: string;
      invoiced_apart_id: string | null; invoiced_apart_number: number | null;
    }>`
      SELECT t.id AS task_id, t.created_at AS raised_at, split_part(t.subject_id, ':', 2) AS year_ends_on,
             l.id, l.number, l.licence_type, lt.name AS licence_type_name, o.id AS organisation_id, o.name AS organisation_name,
             s.name AS site_name, l.status, to_char(l.ends_on, 'YYYY-MM-DD') AS ends_on,
             apart.id AS invoiced_apart_id, apart.number AS invoiced_apart_number
      FROM tasks t
      JOIN licences l ON l.id::text = split_part(t.subject_id, ':', 1)
      JOIN licence_types lt ON lt.code = l.licence_type
      JOIN organisations o ON o.id = l.organisation_id
      JOIN sites s ON s.id = l.site_id
      LEFT JOIN LATERAL (${renewalInvoicedApart(horizon)} ORDER BY i.number LIMIT 1) apart ON true
      WHERE t.kind = 'renewal.price_by_hand' AND t.subject_type = 'licence_year' AND t.status = 'open'
      ORDER BY t.created_at, t.id
      LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
    db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'renewal.price_by_hand').where('subject_type', '=', 'licence_year').where('status', '=', 'open').executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.rows, total: Number(total.n) };
}
