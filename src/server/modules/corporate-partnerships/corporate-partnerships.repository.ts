import { sql } from 'kysely';
import type { DB } from '../../db/database.js';

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

function partnershipQuery(db: DB) {
  return db
    .selectFrom('corporate_partnerships as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .innerJoin('users as u', 'u.id', 'p.account_manager_user_id')
    .select([
      'p.id',
      'p.organisation_id',
      'o.name as organisation_name',
      'p.terms',
      'p.prices',
      day('p.starts_on').as('starts_on'),
      sql<string | null>`to_char(p.ends_on, 'YYYY-MM-DD')`.as('ends_on'),
      'u.id as manager_id',
      'u.name as manager_name',
      'u.email as manager_email',
      'p.version',
    ]);
}

export function findByOrganisation(db: DB, organisationId: string) {
  return partnershipQuery(db).where('p.organisation_id', '=', organisationId).executeTakeFirst();
}

/** The partnership's version, its row locked for the rest of the transaction (null when there is none). */
export async function lockVersion(db: DB, organisationId: string): Promise<number | null> {
  const row = await db.selectFrom('corporate_partnerships').select('version').where('organisation_id', '=', organisationId).forUpdate().executeTakeFirst();
  return row?.version ?? null;
}

export function listPartnerships(db: DB) {
  return partnershipQuery(db).orderBy('o.name').execute();
}

export function findOrganisation(db: DB, id: string) {
  return db.selectFrom('organisations').select(['id', 'name', 'organisation_type']).where('id', '=', id).executeTakeFirst();
}

export function corporateOrganisations(db: DB) {
  return db.selectFrom('organisations').select(['id', 'name']).where('organisation_type', '=', 'corporate').orderBy('name').execute();
}

export function centralOfficeUsers(db: DB) {
  return db.selectFrom('users').select(['id', 'name']).where('role', '=', 'central_office').where('status', '=', 'active').orderBy('name').execute();
}

export function findActiveCentralOfficeUser(db: DB, id: string) {
  return db.selectFrom('users').select(['id']).where('id', '=', id).where('role', '=', 'central_office').where('status', '=', 'active').executeTakeFirst();
}

export async function upsertPartnership(
  db: DB,
  p: { organisationId: string; terms: string; prices: Record<string, number>; startsOn: string; endsOn: string | null; accountManagerUserId: string; recordedBy: string },
) {
  const values = {
    terms: p.terms,
    prices: JSON.stringify(p.prices),
    starts_on: p.startsOn,
    ends_on: p.endsOn,
    account_manager_user_id: p.accountManagerUserId,
    recorded_by: p.recordedBy,
  };
  await db
    .insertInto('corporate_partnerships')
    .values({ organisation_id: p.organisationId, ...values })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ ...values, version: sql`corporate_partnerships.version + 1`, updated_at: sql`now()` }))
    .execute();
}

/** The organisation's partnership terms, for pricing its invoices. */
export async function partnershipTerms(db: DB, organisationId: string) {
  const row = await db
    .selectFrom('corporate_partnerships')
    .select(['prices', day('starts_on').as('starts_on'), sql<string | null>`to_char(ends_on, 'YYYY-MM-DD')`.as('ends_on')])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row ? { startsOn: row.starts_on, endsOn: row.ends_on, prices: parsePrices(row.prices) } : null;
}

/** The partnership terms of many organisations in one query, for pricing a batch of invoices (the renewal run). */
export async function partnershipTermsOf(db: DB, organisationIds: string[]) {
  const terms = new Map<string, { startsOn: string; endsOn: string | null; prices: Record<string, number> }>();
  if (organisationIds.length === 0) return terms;
  const rows = await db
    .selectFrom('corporate_partnerships')
    .select(['organisation_id', 'prices', day('starts_on').as('starts_on'), sql<string | null>`to_char(ends_on, 'YYYY-MM-DD')`.as('ends_on')])
    .where('organisation_id', 'in', organisationIds)
    .execute();
  for (const row of rows) terms.set(row.organisation_id, { startsOn: row.starts_on, endsOn: row.ends_on, prices: parsePrices(row.prices) });
  return terms;
}

export function parsePrices(value: unknown): Record<string, number> {
  const raw = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  const out: Record<string, number> = {};
  if (raw && typeof raw === 'object') for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (typeof v === 'number') out[k] = v;
  return out;
}
