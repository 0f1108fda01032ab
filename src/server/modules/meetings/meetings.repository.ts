import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { pageFromEitherEnd } from '../../db/paging.js';
import type { DB } from '../../db/database.js';
import type { Database } from '../../db/schema.js';

/** The meeting registry's SQL (docs/decisions/070). The public finder reads through public-meetings.repository.ts instead. */

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
const NONE = '00000000-0000-0000-0000-000000000000';

/** Which meetings a person may see, as a WHERE clause (services decide single records through access.ts). */
export type MeetingScope =
  | { kind: 'all' }
  | { kind: 'coordinator'; regions: string[]; sectors: string[]; programmes: string[] }
  | { kind: 'organisation'; organisationId: string | null }
  | { kind: 'facilitator'; organisationIds: string[]; facilitatorId: string | null };

function meetingQuery(db: DB) {
  return db
    .selectFrom('meetings as m')
    .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .leftJoin('sites as s', 's.id', 'm.site_id')
    .innerJoin('regions as r', 'r.code', 'm.region_code')
    .select([
      'm.id', 'm.slug', 'm.name', 'm.programme_code', 'm.provider', 'm.organisation_id', 'o.name as organisation_name', 'o.region_code as organisation_region',
      'o.sector_code as organisation_sector', 'm.site_id', 's.name as site_name', 's.satellite as site_satellite', 's.postcode as site_postcode',
      'm.venue_name', 'm.venue_address', 'm.venue_postcode', 'm.nation_code', 'm.region_code', 'r.name as region_name', 'm.attendance', 'm.online_url',
      'm.online_phone', 'm.online_notes', 'm.frequency', 'm.day', 'm.week_of_month', 'm.start_time', 'm.end_time', day('m.starts_on').as('starts_on'),
      day('m.ends_on').as('ends_on'), 'm.access', 'm.audiences', 'm.listed_publicly', 'm.status', 'm.description', 'm.latitude', 'm.longitude',
      'm.location_approximate', 'm.pin_set_by_hand', 'm.publicly_visible', 'm.listing_reasons', day('m.listing_checked_on').as('listing_checked_on'),
      'm.version', 'm.created_at', 'm.updated_at',
    ]);
}

export type MeetingRow = NonNullable<Awaited<ReturnType<typeof findMeeting>>>;

export function findMeeting(db: DB, id: string) {
  return meetingQuery(db).where('m.id', '=', id).executeTakeFirst();
}

/** Locks the meeting row for a change, so two edits of one meeting take turns. */
export function lockMeeting(trx: DB, id: string) {
  return trx.selectFrom('meetings').select(['id', 'version', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function meetingFacilitators(db: DB, meetingIds: string[]) {
  // Ten thousand meetings per statement: PostgreSQL takes at most 65,535 parameters, and the daily
  // listing check asks about every meeting.
  const rows: { meeting_id: string; id: string; name: string }[] = [];
  for (let i = 0; i < meetingIds.length; i += 10_000) {
    rows.push(
      ...(await db
        .selectFrom('meeting_facilitators as mf')
        .innerJoin('facilitators as f', 'f.id', 'mf.facilitator_id')
        .select(['mf.meeting_id', 'f.id', 'f.name'])
        // One array parameter rather than a list of them: the daily check asks about a batch at a time.
        .where(sql<boolean>`mf.meeting_id = ANY(${meetingIds.slice(i, i + 10_000)}::uuid[])`)
        .execute()),
    );
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

export async function listMeetings(
  db: DB,
  scope: MeetingScope,
  filter: { organisationId?: string | undefined; region?: string | undefined; status?: string | undefined; provider?: string | undefined; programme?: string | undefined; limit: number; offset: number },
) {
  // The scope and filters on the meeting alone; the page's ids are found from them, and only those
  // fifty rows are joined to their organisation, site and region (decision 152), so the last page
  // costs about what the first does.
  let query = db.selectFrom('meetings as m');
  if (filter.organisationId) query = query.where('m.organisation_id', '=', filter.organisationId);
  if (filter.region) query = query.where('m.region_code', '=', filter.region);
  if (filter.status) query = query.where('m.status', '=', filter.status as 'running');
  if (filter.provider) query = query.where('m.provider', '=', filter.provider as 'partner');
  if (filter.programme) query = query.where('m.programme_code', '=', filter.programme);
  if (scope.kind === 'organisation') query = query.where('m.organisation_id', '=', scope.organisationId ?? NONE);
  if (scope.kind === 'facilitator') {
    query = query.where((eb) =>
      eb.or([
        ...(scope.organisationIds.length ? [eb('m.organisation_id', 'in', scope.organisationIds)] : []),
        eb.exists(eb.selectFrom('meeting_facilitators as mf').select('mf.meeting_id').whereRef('mf.meeting_id', '=', 'm.id').where('mf.facilitator_id', '=', scope.facilitatorId ?? NONE)),
      ]),
    );
  }
  // A Coordinator's scope is an OR across the meeting's organisation (its region or sector) and, for
  // a community meeting, the meeting's own region or programme (decision 163). The organisations
  // are a subquery on their own, so the condition is on the meeting's columns; the two halves are
  // disjoint (a partner meeting always has an organisation, a community one never), so the total is
  // the sum of two counts each read from an index (organisation; community meetings), not a scan
  // of every meeting joined to its organisation, and the page walks the list's index once.
  let total: number;
  if (scope.kind === 'coordinator') {
    const organisations = (eb: ExpressionBuilder<Database & { m: Database['meetings'] }, 'm'>) =>
      scope.regions.length || scope.sectors.length
        ? eb(
            'm.organisation_id',
            'in',
            eb
              .selectFrom('organisations as so')
              .select('so.id')
              .where((w) => w.or([...(scope.regions.length ? [w('so.region_code', 'in', scope.regions)] : []), ...(scope.sectors.length ? [w('so.sector_code', 'in', scope.sectors)] : [])])),
          )
        : sql<SqlBool>`false`;
    const community = (eb: ExpressionBuilder<Database & { m: Database['meetings'] }, 'm'>) =>
      eb.or([...(scope.regions.length ? [eb('m.region_code', 'in', scope.regions)] : []), ...(scope.programmes.length ? [eb('m.programme_code', 'in', scope.programmes)] : []), sql<SqlBool>`false`]);
    const partnerHalf = query.where(organisations).select((eb) => eb.fn.countAll<number>().as('n'));
    const communityHalf = query.where('m.provider', '=', 'uksr').where(community).select((eb) => eb.fn.countAll<number>().as('n'));
    total = Number((await sql<{ n: string }>`SELECT (${partnerHalf}) + (${communityHalf}) AS n`.execute(db)).rows[0]!.n);
    query = query.where((eb) => eb.or([eb.and([eb('m.provider', '=', 'partner'), organisations(eb)]), eb.and([eb('m.provider', '=', 'uksr'), community(eb)])]));
  } else {
    total = Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  }
  // A page in the far half is read from the other end of the index, backwards, and turned round:
  // the last page costs what the first does, not a walk over every meeting before it.
  const { fromEnd, limit, offset } = pageFromEitherEnd(total, filter);
  const direction = fromEnd ? ('asc' as const) : ('desc' as const);
  const other = fromEnd ? ('desc' as const) : ('asc' as const);
  if (limit === 0) return { rows: [], total };
  const ids = (await query.select('m.id').orderBy('m.status', direction).orderBy('m.name', other).orderBy('m.id', other).limit(limit).offset(offset).execute()).map((r) => r.id);
  if (fromEnd) ids.reverse();
  const found = ids.length ? await meetingQuery(db).where('m.id', 'in', ids).execute() : [];
  const byId = new Map(found.map((r) => [r.id, r]));
  return { rows: ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])), total };
}

export function findOrganisation(db: DB, id: string) {
  return db.selectFrom('organisations').select(['id', 'name', 'region_code', 'sector_code']).where('id', '=', id).executeTakeFirst();
}

export function findSite(db: DB, id: string) {
  return db
    .selectFrom('sites as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['s.id', 's.name', 's.organisation_id', 's.postcode', 's.nation_code', 's.region_code', 's.satellite', 'o.region_code as organisation_region', 'o.sector_code as organisation_sector'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

/** The signed-in person's facilitator record, with the organisations they facilitate for. */
export async function facilitatorOfUser(db: DB, userId: string) {
  const f = await db.selectFrom('facilitators').select(['id', 'uksr_volunteer_status']).where('user_id', '=', userId).executeTakeFirst();
  if (!f) return undefined;
  const orgs = await db.selectFrom('facilitator_organisations').select('organisation_id').where('facilitator_id', '=', f.id).execute();
  return { ...f, organisationIds: orgs.map((o) => o.organisation_id) };
}

/** Sites of partner organisations at a postcode (a community venue must not be one). */
export function partnerSitesAt(db: DB, postcodes: string[]) {
  if (postcodes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sites')
    .select(['id', 'postcode', 'organisation_id'])
    .where(sql<string>`upper(replace(postcode, ' ', ''))`, 'in', postcodes.map((p) => p.toUpperCase().replace(/\s+/g, '')))
    .execute();
}

export async function postcodeTown(db: DB, postcode: string): Promise<string | null> {
  const row = await db.selectFrom('postcodes').select('town').where('postcode', '=', postcode).executeTakeFirst();
  return row?.town ?? null;
}

export async function slugTaken(db: DB, slug: string): Promise<boolean> {
  return Boolean(await db.selectFrom('meetings').select('id').where('slug', '=', slug).executeTakeFirst());
}

export interface MeetingValues {
  name: string;
  programme_code: string;
  site_id: string | null;
  venue_name: string | null;
  venue_address: string | null;
  venue_postcode: string | null;
  nation_code: string;
  region_code: string;
  attendance: 'in_person' | 'online' | 'hybrid';
  online_url: string | null;
  online_phone: string | null;
  online_notes: string | null;
  frequency: 'weekly' | 'fortnightly' | 'monthly';
  day: number;
  week_of_month: number | null;
  start_time: string;
  end_time: string;
  starts_on: string;
  ends_on: string | null;
  access: 'open' | 'closed';
  audiences: string[];
  listed_publicly: boolean;
  description: string | null;
  latitude: number | null;
  longitude: number | null;
  location_approximate: boolean;
  pin_set_by_hand: boolean;
}

export function insertMeeting(trx: DB, m: MeetingValues & { slug: string; provider: 'partner' | 'uksr'; organisation_id: string | null; registered_by: string | null }) {
  return trx
    .insertInto('meetings')
    .values({ ...m, audiences: sql<string[]>`${sql.val(m.audiences)}::text[]` as unknown as string[] })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateMeeting(trx: DB, id: string, m: Partial<MeetingValues> & { status?: 'running' | 'closed_down' }, now: Date) {
  const values = { ...m, ...(m.audiences ? { audiences: sql<string[]>`${sql.val(m.audiences)}::text[]` as unknown as string[] } : {}) };
  await trx
    .updateTable('meetings')
    .set({ ...values, version: sql<number>`version + 1`, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function replaceFacilitators(trx: DB, meetingId: string, facilitatorIds: string[]) {
  await trx.deleteFrom('meeting_facilitators').where('meeting_id', '=', meetingId).execute();
  if (facilitatorIds.length) {
    await trx.insertInto('meeting_facilitators').values(facilitatorIds.map((facilitator_id) => ({ meeting_id: meetingId, facilitator_id }))).execute();
  }
}

/** Facilitator names for a message, by id. */
export function facilitatorNames(db: DB, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('facilitators').select(['id', 'name']).where('id', 'in', ids).execute();
}

// ---- Listing freshness -------------------------------------------------------------------

export type ListingScopeFilter = { meetingIds: string[] } | { siteIds: string[] } | { facilitatorIds: string[] } | { organisationIds: string[] } | 'all';

/** The meetings a refresh looks at, locked so two refreshes of one meeting take turns (and tell people once); unlocked only to judge without writing. */
export function meetingsForListing(trx: DB, scope: ListingScopeFilter, options: { lock: boolean } = { lock: true }) {
  let query = trx
    .selectFrom('meetings as m')
    .select([
      'm.id', 'm.slug', 'm.name', 'm.programme_code', 'm.provider', 'm.organisation_id', 'm.site_id', 'm.venue_postcode', 'm.nation_code', 'm.region_code',
      'm.access', 'm.listed_publicly', 'm.status', day('m.ends_on').as('ends_on'), 'm.publicly_visible', 'm.listing_reasons', day('m.listing_checked_on').as('listing_checked_on'),
    ]);
  if (scope !== 'all') {
    if ('meetingIds' in scope) query = scope.meetingIds.length ? query.where(sql<boolean>`m.id = ANY(${scope.meetingIds}::uuid[])`) : query.where(sql<boolean>`false`);
    else if ('siteIds' in scope) query = scope.siteIds.length ? query.where('m.site_id', 'in', scope.siteIds) : query.where(sql<boolean>`false`);
    else if ('organisationIds' in scope) query = scope.organisationIds.length ? query.where('m.organisation_id', 'in', scope.organisationIds) : query.where(sql<boolean>`false`);
    else {
      const ids = scope.facilitatorIds;
      query = ids.length
        ? query.where((eb) => eb.exists(eb.selectFrom('meeting_facilitators as mf').select('mf.meeting_id').whereRef('mf.meeting_id', '=', 'm.id').where('mf.facilitator_id', 'in', ids)))
        : query.where(sql<boolean>`false`);
    }
  }
  return options.lock ? query.orderBy('m.id').forUpdate().execute() : query.orderBy('m.id').execute();
}

/**
 * Every meeting's id, an organisation's meetings together (UKSR's own by region, last), for the
 * daily check to cut into batches: a batch then reads each facilitator and site it needs once.
 */
export async function meetingIdsByOrganisation(db: DB): Promise<string[]> {
  const rows = await db
    .selectFrom('meetings')
    .select('id')
    .orderBy(sql`organisation_id NULLS LAST`)
    .orderBy('region_code')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The day (`after.on`) of the latest audit entry of a kind about one entity, or null. */
export async function lastAuditedDay(db: DB, entityType: string, entityId: string): Promise<string | null> {
  const row = await db
    .selectFrom('audit_events')
    .select(sql<string | null>`after->>'on'`.as('on'))
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.on ?? null;
}

/** Stores the listing rule's new answer for meetings whose listing changed: a thousand to a statement. */
export async function saveListings(trx: DB, rows: { id: string; visible: boolean; reasons: unknown }[], checkedOn: string) {
  for (let i = 0; i < rows.length; i += 1000) {
    const values = sql.join(rows.slice(i, i + 1000).map((r) => sql`(${r.id}::uuid, ${r.visible}::boolean, ${JSON.stringify(r.reasons)}::jsonb)`));
    await sql`UPDATE meetings AS m SET publicly_visible = v.visible, listing_reasons = v.reasons, listing_checked_on = ${checkedOn}::date
              FROM (VALUES ${values}) AS v(id, visible, reasons) WHERE m.id = v.id`.execute(trx);
  }
}

/** Marks meetings whose listing is unchanged as checked on a day: one statement per thousand meetings. */
export async function markListingsChecked(trx: DB, ids: string[], checkedOn: string) {
  for (let i = 0; i < ids.length; i += 1000) {
    await trx.updateTable('meetings').set({ listing_checked_on: checkedOn }).where('id', 'in', ids.slice(i, i + 1000)).execute();
  }
}

/** Rewrites the reasons of meetings whose listing is unchanged but whose reasons read differently (they name the day): a thousand to a statement. */
export async function rewordListings(trx: DB, rows: { id: string; reasons: unknown }[], checkedOn: string) {
  for (let i = 0; i < rows.length; i += 1000) {
    const values = sql.join(rows.slice(i, i + 1000).map((r) => sql`(${r.id}::uuid, ${JSON.stringify(r.reasons)}::jsonb)`));
    await sql`UPDATE meetings AS m SET listing_reasons = v.reasons, listing_checked_on = ${checkedOn}::date FROM (VALUES ${values}) AS v(id, reasons) WHERE m.id = v.id`.execute(trx);
  }
}

/** Active SMART Leads of organisations, by organisation. */
export async function smartLeadEmails(db: DB, organisationIds: string[]) {
  const map = new Map<string, { name: string; email: string }[]>();
  if (organisationIds.length === 0) return map;
  const rows = await db
    .selectFrom('users')
    .select(['organisation_id', 'name', 'email'])
    .where('organisation_id', 'in', organisationIds)
    .where('role', '=', 'smart_lead')
    .where('status', '=', 'active')
    .orderBy('created_at')
    .execute();
  for (const r of rows) map.set(r.organisation_id!, [...(map.get(r.organisation_id!) ?? []), { name: r.name, email: r.email }]);
  return map;
}

// ---- Site exceptions -----------------------------------------------------------------------

export function listSiteExceptions(db: DB, siteId: string) {
  return db
    .selectFrom('site_exceptions as e')
    .innerJoin('programmes as p', 'p.code', 'e.programme_code')
    .leftJoin('users as u', 'u.id', 'e.recorded_by')
    .select([
      'e.id', 'e.site_id', 'e.programme_code', 'p.name as programme_name', day('e.from_date').as('from_date'), day('e.to_date').as('to_date'),
      day('e.agreed_on').as('agreed_on'), 'e.reason', 'u.name as recorded_by_name', 'e.created_at',
    ])
    .where('e.site_id', '=', siteId)
    .orderBy('e.from_date', 'desc')
    .orderBy('e.created_at', 'desc')
    .execute();
}

export function insertSiteException(trx: DB, e: { siteId: string; programme: string; from: string; to: string; agreedOn: string; reason: string; recordedBy: string | null }) {
  return trx
    .insertInto('site_exceptions')
    .values({ site_id: e.siteId, programme_code: e.programme, from_date: e.from, to_date: e.to, agreed_on: e.agreedOn, reason: e.reason, recorded_by: e.recordedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
}
