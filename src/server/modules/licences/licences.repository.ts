import { sql } from 'kysely';
import type { DB } from '../../db/database.js';
import type { LicenceTypeCode, ProgrammeCode } from '../../../domain/reference.js';

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

export function findLicenceForSite(db: DB, siteId: string, licenceType: string) {
  return db
    .selectFrom('licences')
    .select(['id', 'number', day('starts_on').as('starts_on'), day('ends_on').as('ends_on'), 'status'])
    .where('site_id', '=', siteId)
    .where('licence_type', '=', licenceType)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertLicence(
  db: DB,
  licence: {
    number: string;
    organisationId: string;
    siteId: string;
    licenceType: LicenceTypeCode;
    startsOn: string;
    endsOn: string;
    includedTrainingPlaces: number;
    invoiceId: string;
  },
) {
  return db
    .insertInto('licences')
    .values({
      number: licence.number,
      organisation_id: licence.organisationId,
      site_id: licence.siteId,
      licence_type: licence.licenceType,
      starts_on: licence.startsOn,
      ends_on: licence.endsOn,
      included_training_places: licence.includedTrainingPlaces,
      issued_by_invoice_id: licence.invoiceId,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
}

export async function extendLicence(db: DB, id: string, period: { startsOn: string; endsOn: string }, includedTrainingPlaces: number) {
  await db
    .updateTable('licences')
    .set({ starts_on: period.startsOn, ends_on: period.endsOn, status: 'active', included_training_places: includedTrainingPlaces })
    .where('id', '=', id)
    .execute();
}

/** Licences of one organisation, or of all, with their site and type. */
export function listLicences(db: DB, filter: { organisationId?: string | null }) {
  let query = db
    .selectFrom('licences as l')
    .innerJoin('sites as s', 's.id', 'l.site_id')
    .innerJoin('licence_types as t', 't.code', 'l.licence_type')
    .select([
      'l.id', 'l.number', 'l.organisation_id', 'l.site_id', 's.name as site_name', 'l.licence_type', 't.name as licence_type_name',
      day('l.starts_on').as('starts_on'), day('l.ends_on').as('ends_on'), 'l.status', 'l.included_training_places',
    ]);
  if (filter.organisationId !== undefined) query = query.where('l.organisation_id', '=', filter.organisationId ?? '00000000-0000-0000-0000-000000000000');
  return query.orderBy('s.name').orderBy('l.licence_type').execute();
}

/** Whether an organisation holds any licence in force today (active, or in its grace period). */
export async function hasLicenceInForce(db: DB, organisationId: string): Promise<boolean> {
  const row = await db.selectFrom('licences').select('id').where('organisation_id', '=', organisationId).where('status', '<>', 'lapsed').limit(1).executeTakeFirst();
  return Boolean(row);
}

/**
 * A site's licences in the shape the coverage rule reads (src/domain/coverage): the one place the
 * meeting registry asks whether a site's licence covers a programme, so a lapse is seen everywhere.
 */
export async function siteLicences(db: DB, siteId: string) {
  const rows = await db
    .selectFrom('licences')
    .select(['licence_type', day('starts_on').as('starts_on'), day('ends_on').as('ends_on'), 'status'])
    .where('site_id', '=', siteId)
    .execute();
  return rows.map((r) => ({
    licenceType: r.licence_type as LicenceTypeCode,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: r.status === 'in_grace' ? ('in-grace' as const) : r.status,
  }));
}

/**
 * What the coverage rule needs for a site: its own licences and, for satellite premises, the
 * licences of the organisation's main sites, which a Satellite licence extends (Section 3).
 */
export async function siteCoverageInput(db: DB, siteId: string) {
  const site = await db.selectFrom('sites').select(['organisation_id', 'satellite']).where('id', '=', siteId).executeTakeFirst();
  const [licences, exceptions] = await Promise.all([siteLicences(db, siteId), siteExceptions(db, siteId)]);
  if (!site?.satellite) return { licences, exceptions };
  const mainSites = await db.selectFrom('sites').select('id').where('organisation_id', '=', site.organisation_id).where('satellite', '=', false).execute();
  const primarySiteLicences = (await Promise.all(mainSites.map((s) => siteLicences(db, s.id)))).flat();
  return { licences, primarySiteLicences, exceptions };
}

/**
 * siteCoverageInput for many sites in four statements, not three per site: the daily listing check
 * (and the renewal run, which makes it) asks about every site with a meeting, 20,000 at the
 * ten-times network (docs/decisions/151-renewal-run-with-listings.md). Each id is one array parameter.
 */
export async function siteCoverageInputs(db: DB, siteIds: readonly string[]) {
  const result = new Map<string, Awaited<ReturnType<typeof siteCoverageInput>>>();
  const ids = [...new Set(siteIds)];
  if (ids.length === 0) return result;
  const anyId = (column: string, values: readonly string[]) => sql<boolean>`${sql.ref(column)} = ANY(${[...values]}::uuid[])`;
  const sites = await db.selectFrom('sites').select(['id', 'organisation_id', 'satellite']).where(anyId('id', ids)).execute();
  const satelliteOrganisations = [...new Set(sites.filter((s) => s.satellite).map((s) => s.organisation_id))];
  const mainSites = satelliteOrganisations.length
    ? await db.selectFrom('sites').select(['id', 'organisation_id']).where(anyId('organisation_id', satelliteOrganisations)).where('satellite', '=', false).execute()
    : [];
  const licenceSiteIds = [...new Set([...ids, ...mainSites.map((s) => s.id)])];
  const [licenceRows, exceptionRows] = await Promise.all([
    db.selectFrom('licences').select(['site_id', 'licence_type', day('starts_on').as('starts_on'), day('ends_on').as('ends_on'), 'status']).where(anyId('site_id', licenceSiteIds)).execute(),
    db
      .selectFrom('site_exceptions')
      .select(['site_id', 'id', 'programme_code', day('from_date').as('from_date'), day('to_date').as('to_date'), day('agreed_on').as('agreed_on')])
      .where(anyId('site_id', ids))
      .orderBy('from_date')
      .execute(),
  ]);
  type Licence = Awaited<ReturnType<typeof siteLicences>>[number];
  const licencesBySite = new Map<string, Licence[]>();
  for (const r of licenceRows) {
    const list = licencesBySite.get(r.site_id) ?? [];
    list.push({ licenceType: r.licence_type as LicenceTypeCode, startsOn: r.starts_on, endsOn: r.ends_on, status: r.status === 'in_grace' ? ('in-grace' as const) : r.status });
    licencesBySite.set(r.site_id, list);
  }
  const exceptionsBySite = new Map<string, Awaited<ReturnType<typeof siteExceptions>>>();
  for (const r of exceptionRows) {
    const list = exceptionsBySite.get(r.site_id) ?? [];
    list.push({ id: r.id, programme: r.programme_code as ProgrammeCode, from: r.from_date, to: r.to_date, agreedOn: r.agreed_on });
    exceptionsBySite.set(r.site_id, list);
  }
  const mainSitesOf = new Map<string, string[]>();
  for (const m of mainSites) mainSitesOf.set(m.organisation_id, [...(mainSitesOf.get(m.organisation_id) ?? []), m.id]);
  const siteById = new Map(sites.map((s) => [s.id, s]));
  for (const id of ids) {
    const site = siteById.get(id);
    const licences = licencesBySite.get(id) ?? [];
    const exceptions = exceptionsBySite.get(id) ?? [];
    if (!site?.satellite) result.set(id, { licences, exceptions });
    else result.set(id, { licences, primarySiteLicences: (mainSitesOf.get(site.organisation_id) ?? []).flatMap((m) => licencesBySite.get(m) ?? []), exceptions });
  }
  return result;
}

/** Section 9: the exceptions Central Office has agreed for a site, in the shape the coverage rule reads. */
export async function siteExceptions(db: DB, siteId: string) {
  const rows = await db
    .selectFrom('site_exceptions')
    .select(['id', 'programme_code', day('from_date').as('from_date'), day('to_date').as('to_date'), day('agreed_on').as('agreed_on')])
    .where('site_id', '=', siteId)
    .orderBy('from_date')
    .execute();
  return rows.map((r) => ({ id: r.id, programme: r.programme_code as ProgrammeCode, from: r.from_date, to: r.to_date, agreedOn: r.agreed_on }));
}
