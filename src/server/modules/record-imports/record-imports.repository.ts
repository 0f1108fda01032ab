import { sql } from 'kysely';
import type { DB } from '../../db/database.js';

/** All the SQL of bringing in today's records (decisions 135–139). Legacy ids are matched case-insensitively. */

const lower = (values: string[]) => [...new Set(values.map((v) => v.toLowerCase()))];

// ---- Organisations ---------------------------------------------------------------------------

export function organisationsByLegacyIds(db: DB, legacyIds: string[]) {
  if (legacyIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'postcode', 'legacy_id'])
    .where(sql<string>`lower(legacy_id)`, 'in', lower(legacyIds))
    .execute();
}

/** An organisation already on Partner Hub without a legacy id, with this name and postcode. */
export function organisationByNameAndPostcode(db: DB, name: string, postcode: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .where(sql<string>`upper(replace(postcode, ' ', ''))`, '=', postcode.toUpperCase().replace(/\s+/g, ''))
    .where('legacy_id', 'is', null)
    .executeTakeFirst();
}

export function insertOrganisation(
  db: DB,
  o: { legacyId: string; name: string; organisationType: string; sector: string; region: string; address: string | null; postcode: string; charityOrCompanyNumber: string | null; financeContactName: string | null; financeContactEmail: string | null; servesVeterans: boolean; childrensServiceProvider: boolean },
) {
  return db
    .insertInto('organisations')
    .values({
      legacy_id: o.legacyId, name: o.name, organisation_type: o.organisationType, sector_code: o.sector, region_code: o.region, address: o.address, postcode: o.postcode,
      charity_or_company_number: o.charityOrCompanyNumber, finance_contact_name: o.financeContactName, finance_contact_email: o.financeContactEmail,
      serves_veterans: o.servesVeterans, childrens_service_provider: o.childrensServiceProvider,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function setOrganisationLegacyId(db: DB, id: string, legacyId: string, now: Date) {
  await db.updateTable('organisations').set({ legacy_id: legacyId, updated_at: now }).where('id', '=', id).execute();
}

// ---- Sites -----------------------------------------------------------------------------------

export function sitesByLegacyIds(db: DB, legacyIds: string[]) {
  if (legacyIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sites as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['s.id', 's.name', 's.legacy_id', 's.organisation_id', 's.satellite', 's.postcode', 's.nation_code', 's.region_code', 'o.legacy_id as organisation_legacy_id'])
    .where(sql<string>`lower(s.legacy_id)`, 'in', lower(legacyIds))
    .execute();
}

export function siteByNameAndPostcode(db: DB, organisationId: string, name: string, postcode: string) {
  return db
    .selectFrom('sites')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .where(sql<string>`upper(replace(postcode, ' ', ''))`, '=', postcode.toUpperCase().replace(/\s+/g, ''))
    .where('legacy_id', 'is', null)
    .executeTakeFirst();
}

export function insertSite(db: DB, s: { legacyId: string; organisationId: string; name: string; address: string; postcode: string; nation: string; region: string; satellite: boolean }) {
  return db
    .insertInto('sites')
    .values({ legacy_id: s.legacyId, organisation_id: s.organisationId, name: s.name, address: s.address, postcode: s.postcode, nation_code: s.nation, region_code: s.region, satellite: s.satellite })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function setSiteLegacyId(db: DB, id: string, legacyId: string) {
  await db.updateTable('sites').set({ legacy_id: legacyId }).where('id', '=', id).execute();
}

// ---- Licences --------------------------------------------------------------------------------

export function licencesByNumbers(db: DB, numbers: string[]) {
  if (numbers.length === 0) return Promise.resolve([]);
  return db.selectFrom('licences').select(['id', 'number', 'site_id', 'licence_type']).where(sql<string>`upper(number)`, 'in', [...new Set(numbers.map((n) => n.toUpperCase()))]).execute();
}

export function licencesOfSites(db: DB, siteIds: string[]) {
  if (siteIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('licences').select(['id', 'number', 'site_id', 'licence_type']).where('site_id', 'in', [...new Set(siteIds)]).execute();
}

export function insertImportedLicence(db: DB, l: { number: string; organisationId: string; siteId: string; licenceType: string; startsOn: string; endsOn: string; status: 'active' | 'in_grace' | 'lapsed' }) {
  return db
    .insertInto('licences')
    .values({
      number: l.number, organisation_id: l.organisationId, site_id: l.siteId, licence_type: l.licenceType, starts_on: l.startsOn, ends_on: l.endsOn, status: l.status,
      issued_by_invoice_id: null, source: 'import',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Keeps new licence numbers clear of imported ones: the sequence moves past the highest imported. */
export async function raiseLicenceSequence(db: DB, highestUsed: number) {
  await db
    .updateTable('document_sequences')
    .set({ next_value: sql<number>`GREATEST(next_value, ${highestUsed + 1})` })
    .where('name', '=', 'licence')
    .execute();
}

// ---- Facilitators ----------------------------------------------------------------------------

export function facilitatorsByEmails(db: DB, emails: string[]) {
  if (emails.length === 0) return Promise.resolve([]);
  return db.selectFrom('facilitators').select(['id', 'email', 'name']).where(sql<string>`lower(email)`, 'in', lower(emails)).execute();
}

export async function facilitatorLinks(db: DB, ids: string[]) {
  if (ids.length === 0) return { organisations: [], sites: [], qualifications: [] };
  const [organisations, sites, qualifications] = await Promise.all([
    db.selectFrom('facilitator_organisations').select(['facilitator_id', 'organisation_id']).where('facilitator_id', 'in', ids).execute(),
    db.selectFrom('facilitator_sites').select(['facilitator_id', 'site_id']).where('facilitator_id', 'in', ids).execute(),
    db.selectFrom('facilitator_qualifications').select(['facilitator_id', 'code']).where('facilitator_id', 'in', ids).execute(),
  ]);
  return { organisations, sites, qualifications };
}

export function insertFacilitator(db: DB, f: { name: string; email: string; phone: string | null; isVeteran: boolean; uksrVolunteerStatus: 'onboarding' | 'active' | 'paused' | 'left' | null }) {
  return db
    .insertInto('facilitators')
    .values({ name: f.name, email: f.email, phone: f.phone, is_veteran: f.isVeteran, uksr_volunteer_status: f.uksrVolunteerStatus })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function linkFacilitatorOrganisation(db: DB, facilitatorId: string, organisationId: string, capacity: 'staff' | 'volunteer') {
  await db.insertInto('facilitator_organisations').values({ facilitator_id: facilitatorId, organisation_id: organisationId, capacity }).onConflict((c) => c.doNothing()).execute();
}

export async function linkFacilitatorSite(db: DB, facilitatorId: string, siteId: string, addedBy: string) {
  await db.insertInto('facilitator_sites').values({ facilitator_id: facilitatorId, site_id: siteId, added_by: addedBy }).onConflict((c) => c.doNothing()).execute();
}

export async function addQualification(db: DB, facilitatorId: string, code: 'smart-facilitator' | 'family-and-friends-module' | 'veterans-module', achievedOn: string, recordedBy: string) {
  await db.insertInto('facilitator_qualifications').values({ facilitator_id: facilitatorId, code, achieved_on: achievedOn, recorded_by: recordedBy }).onConflict((c) => c.doNothing()).execute();
}

// ---- Meetings --------------------------------------------------------------------------------

export function meetingsByLegacyRefs(db: DB, refs: string[]) {
  if (refs.length === 0) return Promise.resolve([]);
  return db.selectFrom('meetings').select(['id', 'legacy_ref', 'name']).where(sql<string>`lower(legacy_ref)`, 'in', lower(refs)).execute();
}

export async function partnerSiteAt(db: DB, postcode: string): Promise<boolean> {
  const row = await db.selectFrom('sites').select('id').where(sql<string>`upper(replace(postcode, ' ', ''))`, '=', postcode.toUpperCase().replace(/\s+/g, '')).limit(1).executeTakeFirst();
  return Boolean(row);
}

export async function postcodeTown(db: DB, postcode: string): Promise<string | null> {
  const row = await db.selectFrom('postcodes').select('town').where('postcode', '=', postcode).executeTakeFirst();
  return row?.town ?? null;
}

export async function slugTaken(db: DB, slug: string): Promise<boolean> {
  return Boolean(await db.selectFrom('meetings').select('id').where('slug', '=', slug).executeTakeFirst());
}

export function insertImportedMeeting(
  db: DB,
  m: {
    legacyRef: string; slug: string; name: string; programme: string; provider: 'partner' | 'uksr'; organisationId: string | null; siteId: string | null;
    venueName: string | null; venueAddress: string | null; venuePostcode: string | null; nation: string; region: string; attendance: 'in_person' | 'online' | 'hybrid';
    onlineUrl: string | null; onlinePhone: string | null; onlineNotes: string | null; frequency: 'weekly' | 'fortnightly' | 'monthly'; day: number; weekOfMonth: number | null;
    startTime: string; endTime: string; startsOn: string; endsOn: string | null; access: 'open' | 'closed'; audiences: string[]; listedPublicly: boolean;
    status: 'running' | 'closed_down'; description: string | null; latitude: number | null; longitude: number | null; registeredBy: string;
  },
) {
  return db
    .insertInto('meetings')
    .values({
      legacy_ref: m.legacyRef, slug: m.slug, name: m.name, programme_code: m.programme, provider: m.provider, organisation_id: m.organisationId, site_id: m.siteId,
      venue_name: m.venueName, venue_address: m.venueAddress, venue_postcode: m.venuePostcode, nation_code: m.nation, region_code: m.region, attendance: m.attendance,
      online_url: m.onlineUrl, online_phone: m.onlinePhone, online_notes: m.onlineNotes, frequency: m.frequency, day: m.day, week_of_month: m.weekOfMonth,
      start_time: m.startTime, end_time: m.endTime, starts_on: m.startsOn, ends_on: m.endsOn, access: m.access,
      audiences: sql<string[]>`${sql.val(m.audiences)}::text[]` as unknown as string[], listed_publicly: m.listedPublicly, status: m.status, description: m.description,
      latitude: m.latitude, longitude: m.longitude, location_approximate: true, pin_set_by_hand: false, registered_by: m.registeredBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function addMeetingFacilitators(db: DB, meetingId: string, facilitatorIds: string[]) {
  if (facilitatorIds.length === 0) return;
  await db.insertInto('meeting_facilitators').values(facilitatorIds.map((id) => ({ meeting_id: meetingId, facilitator_id: id }))).execute();
}

// ---- Runs (decision 172) ---------------------------------------------------------------------

export interface RunProgress {
  phase: 'checking' | 'importing' | 'done';
  done: number;
  total: number;
}

export interface RunOutcome extends RunProgress {
  phase: 'done';
  status: 'finished' | 'refused' | 'failed';
  message: string;
  report: unknown;
}

/** True on PGlite (one process, one connection), false on a PostgreSQL server. */
export async function isEmbedded(db: DB): Promise<boolean> {
  const { rows } = await sql<{ embedded: boolean }>`SELECT version() LIKE '%PGlite%' AS embedded`.execute(db);
  return rows[0]?.embedded ?? false;
}

/** Starts a run; false, writing nothing, when another run is running (the unique index over running runs). */
export async function insertRun(db: DB, run: { id: string; kind: string; dryRun: boolean; total: number; startedBy: string | null; at: Date }): Promise<boolean> {
  const row = await db
    .insertInto('record_import_runs')
    .values({ id: run.id, kind: run.kind, dry_run: run.dryRun, status: 'running', phase: 'checking', total: run.total, started_by: run.startedBy, started_at: run.at, heartbeat_at: run.at })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export function runById(db: DB, id: string) {
  return db.selectFrom('record_import_runs').select(['id', 'kind', 'dry_run', 'status', 'phase', 'done', 'total', 'message', 'report', 'heartbeat_at']).where('id', '=', id).executeTakeFirst();
}

/** A running run's progress, which also says its instance is alive. */
export async function writeProgress(db: DB, id: string, progress: RunProgress, at: Date): Promise<void> {
  await db.updateTable('record_import_runs').set({ ...progress, heartbeat_at: at }).where('id', '=', id).where('status', '=', 'running').execute();
}

/** A run's outcome; nothing if it is no longer running (already finished, or ended as stopped). */
export async function finishRun(db: DB, id: string, outcome: RunOutcome, at: Date): Promise<void> {
  await db
    .updateTable('record_import_runs')
    .set({ ...outcome, report: outcome.report === null ? null : JSON.stringify(outcome.report), heartbeat_at: at, finished_at: at })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/**
 * Ends as failed the running runs whose instance has stopped: those not heard from since
 * `silentSince` (every one, when it is null), other than the runs `except` this instance executes.
 */
export async function endStoppedRuns(db: DB, options: { silentSince: Date | null; except: string[]; id?: string; message: string; at: Date }): Promise<string[]> {
  let query = db
    .updateTable('record_import_runs')
    .set({ status: 'failed', phase: 'done', message: options.message, finished_at: options.at })
    .where('status', '=', 'running');
  if (options.silentSince) query = query.where('heartbeat_at', '<', options.silentSince);
  if (options.except.length) query = query.where('id', 'not in', options.except);
  if (options.id) query = query.where('id', '=', options.id);
  const rows = await query.returning('id').execute();
  return rows.map((r) => r.id);
}

/** Deletes runs last heard of before `before`, and finished runs beyond the newest `keep`. */
export async function pruneRuns(db: DB, before: Date, keep: number): Promise<number> {
  const newest = db.selectFrom('record_import_runs').select('id').where('status', '<>', 'running').orderBy('finished_at', 'desc').limit(keep);
  const result = await db
    .deleteFrom('record_import_runs')
    .where((eb) => eb.or([eb(eb.fn.coalesce('finished_at', 'heartbeat_at'), '<', before), eb.and([eb('status', '<>', 'running'), eb('id', 'not in', newest)])]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
