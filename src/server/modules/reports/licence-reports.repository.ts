import { sql } from 'kysely';
import { LICENCE_TYPES, ORGANISATION_TYPE_NAMES, type OrganisationType } from '../../../domain/reference.js';
import { pageFromEitherEnd } from '../../db/paging.js';
import type { DB } from '../../db/database.js';
import { organisationVisible, type NetworkScope } from './network-scope.js';

export interface LicenceFilter {
  status?: 'active' | 'in_grace' | 'lapsed' | 'in-operation' | undefined;
  licenceType?: string | undefined;
  region?: string | undefined;
  organisationType?: string | undefined;
  /** Licences ending between today and this many days ahead. */
  expiringWithinDays?: number | undefined;
  today: string;
  /** Whose licences: a Coordinator's region or programme, or everything (decision 125). */
  scope: NetworkScope;
}

function filtered(db: DB, f: LicenceFilter) {
  let query = db
    .selectFrom('licences as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .innerJoin('sites as s', 's.id', 'l.site_id')
    .innerJoin('regions as r', 'r.code', 's.region_code')
    .innerJoin('licence_types as t', 't.code', 'l.licence_type')
    .where(organisationVisible(f.scope));
  if (f.status === 'in-operation') query = query.where('l.status', '<>', 'lapsed');
  else if (f.status) query = query.where('l.status', '=', f.status);
  if (f.licenceType) query = query.where('l.licence_type', '=', f.licenceType);
  if (f.region) query = query.where('s.region_code', '=', f.region);
  if (f.organisationType) query = query.where('o.organisation_type', '=', f.organisationType);
  if (f.expiringWithinDays !== undefined) {
    query = query
      .where('l.ends_on', '>=', f.today)
      .where('l.ends_on', '<=', sql<string>`${f.today}::date + ${f.expiringWithinDays}::int`)
      .where('l.status', '=', 'active');
  }
  return query;
}

/**
 * How many licences match: from the licences alone when neither the scope nor a filter needs the
 * organisation or site (the joins are to required references and change no count).
 */
async function countLicences(db: DB, f: LicenceFilter): Promise<number> {
  if (f.scope.organisations.kind !== 'all' || f.region || f.organisationType) {
    return Number((await filtered(db, f).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  }
  let query = db.selectFrom('licences as l');
  if (f.status === 'in-operation') query = query.where('l.status', '<>', 'lapsed');
  else if (f.status) query = query.where('l.status', '=', f.status);
  if (f.licenceType) query = query.where('l.licence_type', '=', f.licenceType);
  if (f.expiringWithinDays !== undefined) {
    query = query
      .where('l.ends_on', '>=', f.today)
      .where('l.ends_on', '<=', sql<string>`${f.today}::date + ${f.expiringWithinDays}::int`)
      .where('l.status', '=', 'active');
  }
  return Number((await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
}

/**
 * Licences matching a filter, soonest ending first, a page at a time. A page in the far half is
 * read from the end of the index backwards and turned round (as the meetings list does, decision
 * 152), so the last page costs what the first does rather than sorting every licence (decision 163).
 */
export async function listLicenceReport(db: DB, f: LicenceFilter, page: { limit: number; offset: number }) {
  const total = await countLicences(db, f);
  const { fromEnd, limit, offset } = pageFromEitherEnd(total, page);
  if (limit === 0) return { rows: [], total };
  const direction = fromEnd ? ('desc' as const) : ('asc' as const);
  const rows = await filtered(db, f)
    .select([
      'l.id', 'l.number', 'l.status', 'l.licence_type', 't.name as licence_type_name', 'o.id as organisation_id', 'o.name as organisation_name',
      'o.organisation_type', 's.name as site_name', 'r.name as region_name',
      sql<string>`to_char(l.starts_on, 'YYYY-MM-DD')`.as('starts_on'), sql<string>`to_char(l.ends_on, 'YYYY-MM-DD')`.as('ends_on'),
    ])
    .orderBy('l.ends_on', direction)
    .orderBy('l.number', direction)
    .limit(limit)
    .offset(offset)
    .execute();
  if (fromEnd) rows.reverse();
  return { rows, total };
}

/** Counts of licences in operation (not lapsed) by programme, region and organisation type, and by status. */
export async function licenceSummary(db: DB, today: string, scope: NetworkScope) {
  const base = filtered(db, { status: 'in-operation', today, scope });
  const [byType, byRegion, byOrganisationType, byStatus, expiring] = await Promise.all([
    base.select(['l.licence_type as key', 't.name as label']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy(['l.licence_type', 't.name']).orderBy('t.name').execute(),
    base.select(['s.region_code as key', 'r.name as label']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy(['s.region_code', 'r.name']).orderBy('r.name').execute(),
    base.select(['o.organisation_type as key', 'o.organisation_type as label']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('o.organisation_type').orderBy('o.organisation_type').execute(),
    db.selectFrom('licences as l').innerJoin('organisations as o', 'o.id', 'l.organisation_id').where(organisationVisible(scope)).select(['l.status as key', 'l.status as label']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('l.status').orderBy('l.status').execute(),
    filtered(db, { expiringWithinDays: 90, today, scope }).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const counts = (rows: { key: string; label: string; n: number | string }[]) => rows.map((r) => ({ key: r.key, label: r.label, count: Number(r.n) }));
  const statusCount = (s: string) => Number(byStatus.find((r) => r.key === s)?.n ?? 0);
  return {
    inOperation: statusCount('active') + statusCount('in_grace'),
    inGrace: statusCount('in_grace'),
    lapsed: statusCount('lapsed'),
    expiringWithin90Days: Number(expiring.n),
    byLicenceType: counts(byType),
    byRegion: counts(byRegion),
    // The type's name, not its code ("Non-profit", not "non-profit"), as the network dashboard shows it.
    byOrganisationType: counts(byOrganisationType).map((r) => ({ ...r, label: ORGANISATION_TYPE_NAMES[r.key as OrganisationType] ?? r.key })),
  };
}

/**
 * Income by month and programme: each payment shared across its invoice's lines in proportion to
 * their amounts, so part payments count too. Lines that are not licences count as "other".
 */
export async function incomeByMonth(db: DB, range: { from: string; to: string }, scope: NetworkScope) {
  const result = await sql<{ month: string; licence_type: string | null; pence: number | string }>`
    SELECT to_char(p.paid_on, 'YYYY-MM') AS month,
           il.licence_type,
           round(sum(p.amount_pence::numeric * il.amount_pence / NULLIF(i.total_pence, 0)))::bigint AS pence
    FROM payments p
    JOIN invoices i ON i.id = p.invoice_id
    JOIN organisations o ON o.id = i.organisation_id
    JOIN invoice_lines il ON il.invoice_id = i.id
    WHERE p.paid_on >= ${range.from}::date AND p.paid_on <= ${range.to}::date AND ${organisationVisible(scope)}
    GROUP BY 1, 2
    ORDER BY 1, 2 NULLS LAST`.execute(db);
  // The programme's name beside its code, as the licences report gives it ("SMART Satellite", not "satellite").
  return result.rows.map((r) => ({ month: r.month, licenceType: r.licence_type ?? 'other', licenceTypeName: licenceTypeName(r.licence_type), pence: Number(r.pence ?? 0) }));
}

function licenceTypeName(code: string | null): string {
  if (code === null) return 'Other (not a licence)';
  return LICENCE_TYPES.find((t) => t.code === code)?.name ?? code;
}
