import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { PUBLIC_MEETING_COLUMNS, publiclyVisibleMeetings, publiclyVisibleMeetingsWithSites, type PublicMeetingFields } from '../meetings/public-meetings.repository.js';
import { DISTANCE_QUANTUM_PER_KM, type IndexMeeting, SearchIndexBuilder, type SearchIndex } from './search-index.js';

/**
 * The meeting finder's SQL. Every query starts from publiclyVisibleMeetings (the public rule), so
 * a closed, unlisted or unlicensed meeting is never read here, let alone shown or counted.
 *
 * Nearest first (docs/decisions/080-meeting-finder-search.md): a bounding box on latitude and
 * longitude that the partial index meetings_public_location_idx answers, the exact great-circle
 * distance (haversine) computed in SQL for the rows inside it only, then ORDER BY distance, id
 * LIMIT n. Pages continue from the last (distance, id) seen, so they stay stable.
 */

const EARTH_RADIUS_KM = 6371.0088;
/** Along a meridian, on the sphere the distances are measured on (111.195 km; 111.32 made the box too short). */
const KM_PER_DEGREE_LATITUDE = (EARTH_RADIUS_KM * Math.PI) / 180;
/** A hair wider than exact, so rounding never leaves a meeting on the circle outside the box. */
const BOX_MARGIN = 1 + 1e-9;

export interface MeetingFilters {
  day?: number | undefined;
  /** Start time window, 'HH:MM' inclusive → exclusive. */
  startsFrom?: string | undefined;
  startsBefore?: string | undefined;
  programme?: string | undefined;
  audience?: string | undefined;
  /** The attendance values the search accepts. */
  attendance: readonly ('in_person' | 'online' | 'hybrid')[];
}

export interface Origin {
  latitude: number;
  longitude: number;
}

export interface PublicMeetingRow extends PublicMeetingFields {
  id: string;
  location_approximate: boolean;
}

export interface NearbyMeetingRow extends PublicMeetingRow {
  distance_km: number;
}

export interface PublicMeetingDetailRow extends PublicMeetingRow {
  description: string | null;
  starts_on: string;
  ends_on: string | null;
}

type MeetingsEb = ExpressionBuilder<Database & { sites: Database['sites'] }, 'meetings' | 'sites'>;

/** The public meetings with their site and what the finder shows of them. */
function publicMeetingsWithSites(db: DB) {
  return publiclyVisibleMeetingsWithSites(db).select(['meetings.id', ...PUBLIC_MEETING_COLUMNS, 'meetings.location_approximate']);
}

function filtersMatch(eb: MeetingsEb, f: MeetingFilters): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [eb('meetings.attendance', 'in', [...f.attendance])];
  if (f.day !== undefined) conditions.push(eb('meetings.day', '=', f.day));
  if (f.startsFrom !== undefined) conditions.push(eb('meetings.start_time', '>=', f.startsFrom));
  if (f.startsBefore !== undefined) conditions.push(eb('meetings.start_time', '<', f.startsBefore));
  if (f.programme !== undefined) conditions.push(eb('meetings.programme_code', '=', f.programme));
  if (f.audience !== undefined) conditions.push(sql<SqlBool>`meetings.audiences @> ARRAY[${f.audience}]::text[]`);
  return eb.and(conditions);
}

/**
 * The great-circle distance in km from the origin to the meeting's pin, rounded to the micrometre
 * (1e9 per km): the in-process index (search-index.ts distanceKm) computes the same, and the rounding
 * hides any last-bit difference between the two sine tables, so both order meetings alike and a
 * page cursor written by one means the same to the other.
 */
function haversineKm(origin: Origin) {
  const lat = origin.latitude;
  const lng = origin.longitude;
  return sql<number>`(round(2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1.0::float8, sqrt(
    power(sin(radians(meetings.latitude - ${lat}::float8) / 2), 2)
    + cos(radians(${lat}::float8)) * cos(radians(meetings.latitude)) * power(sin(radians(meetings.longitude - ${lng}::float8) / 2), 2)
  ))) * ${DISTANCE_QUANTUM_PER_KM}::float8) / ${DISTANCE_QUANTUM_PER_KM}::float8)`;
}

/** The latitude/longitude box that holds every point within radiusKm of the origin. */
export function boundingBox(origin: Origin, radiusKm: number) {
  const dLat = (radiusKm / KM_PER_DEGREE_LATITUDE) * BOX_MARGIN;
  // Longitude degrees shrink towards the poles; the box is widened at its edge nearest the pole.
  const edgeLatitude = Math.min(89, Math.abs(origin.latitude) + dLat);
  const dLng = Math.min(180, (radiusKm / (KM_PER_DEGREE_LATITUDE * Math.cos((edgeLatitude * Math.PI) / 180))) * BOX_MARGIN);
  return {
    minLat: origin.latitude - dLat,
    maxLat: origin.latitude + dLat,
    minLng: origin.longitude - dLng,
    maxLng: origin.longitude + dLng,
  };
}

/** The first box searched: most searches in a town find a page of meetings within it. */
const FIRST_SEARCH_KM = 3;
const WIDENING = 2;

/**
 * Meetings with a pin within radiusKm of the origin, nearest first (ties by id), after the
 * (distance, id) of the last one already shown.
 *
 * The box grows from a few kilometres to the whole radius, twice as wide each time, until it
 * holds a full page: every meeting within r of the origin lies in the box for r, so when a box's
 * circle holds `limit` of them they are the nearest `limit` overall. A search in a town reads a few
 * dozen rows; only a sparse area or the last page reads the whole radius.
 */
export async function nearestMeetings(
  db: DB,
  args: { origin: Origin; radiusKm: number; filters: MeetingFilters; after: { distanceKm: number; id: string } | null; limit: number },
): Promise<NearbyMeetingRow[]> {
  let searchKm = Math.min(args.radiusKm, Math.max(FIRST_SEARCH_KM, (args.after?.distanceKm ?? 0) * 1.5));
  for (;;) {
    const rows = await nearestWithin(db, { ...args, searchKm });
    if (rows.length >= args.limit || searchKm >= args.radiusKm) return rows;
    searchKm = Math.min(args.radiusKm, searchKm * WIDENING);
  }
}

async function nearestWithin(
  db: DB,
  args: { origin: Origin; searchKm: number; filters: MeetingFilters; after: { distanceKm: number; id: string } | null; limit: number },
): Promise<NearbyMeetingRow[]> {
  const box = boundingBox(args.origin, args.searchKm);
  const inBox = publicMeetingsWithSites(db)
    .select(haversineKm(args.origin).as('distance_km'))
    // Within the box: the partial index on (latitude, longitude) WHERE publicly_visible answers it.
    .where('meetings.latitude', '>=', box.minLat)
    .where('meetings.latitude', '<=', box.maxLat)
    .where('meetings.longitude', '>=', box.minLng)
    .where('meetings.longitude', '<=', box.maxLng)
    .where((eb) => filtersMatch(eb as unknown as MeetingsEb, args.filters));
  let query = db
    .selectFrom(inBox.as('m'))
    .selectAll('m')
    .where('m.distance_km', '<=', args.searchKm);
  if (args.after) {
    const { distanceKm, id } = args.after;
    query = query.where(sql<SqlBool>`(m.distance_km, m.id) > (${distanceKm}::float8, ${id}::uuid)`);
  }
  const rows = await query.orderBy('m.distance_km').orderBy('m.id').limit(args.limit).execute();
  return rows.map((r) => ({ ...(r as NearbyMeetingRow), distance_km: Number(r.distance_km) }));
}

/** Monday first: the order of the week in the UK (Meeting Guide's 0 is Sunday). */
const WEEK_ORDER = sql<number>`((meetings.day + 6) % 7)`;

export interface WeekKey {
  weekOrder: number;
  startTime: string;
  id: string;
}

/**
 * Meetings in the order of the week (Monday first), by start time, then id; after the key of the
 * last one already shown. For online meetings, which have no distance, and printable lists.
 */
export async function meetingsByWeek(
  db: DB,
  args: { filters: MeetingFilters; regionCode?: string | undefined; after: WeekKey | null; limit: number },
): Promise<(PublicMeetingRow & { week_order: number })[]> {
  let query = publicMeetingsWithSites(db)
    .select(WEEK_ORDER.as('week_order'))
    .where((eb) => filtersMatch(eb as unknown as MeetingsEb, args.filters));
  if (args.regionCode !== undefined) query = query.where('meetings.region_code', '=', args.regionCode);
  // Written out as the partial index meetings_public_online_week_idx says it, so the planner uses it.
  if (!args.filters.attendance.includes('in_person')) query = query.where(sql<SqlBool>`meetings.attendance <> 'in_person'`);
  if (args.after) {
    const { weekOrder, startTime, id } = args.after;
    query = query.where(sql<boolean>`(((meetings.day + 6) % 7), meetings.start_time, meetings.id) > (${weekOrder}::int, ${startTime}::text, ${id}::uuid)`);
  }
  const rows = await query.orderBy(WEEK_ORDER).orderBy('meetings.start_time').orderBy('meetings.id').limit(args.limit).execute();
  return rows.map((r) => ({ ...r, week_order: Number(r.week_order) }));
}

/** One public meeting by its slug; undefined when there is none to show (whatever the reason). */
export async function findPublicMeeting(db: DB, slug: string): Promise<PublicMeetingDetailRow | undefined> {
  const row = await publicMeetingsWithSites(db)
    .select(['meetings.description', sql<string>`to_char(meetings.starts_on, 'YYYY-MM-DD')`.as('starts_on'), sql<string | null>`to_char(meetings.ends_on, 'YYYY-MM-DD')`.as('ends_on')])
    .where('meetings.slug', '=', slug)
    .executeTakeFirst();
  return row;
}

/**
 * The centre of a town: the mean of its postcodes' coordinates in the ONS directory (matched
 * case-insensitively on the town column, which the index postcodes_town_idx answers).
 */
export async function townCentreFromPostcodes(db: DB, town: string): Promise<{ latitude: number; longitude: number; town: string } | undefined> {
  const row = await db
    .selectFrom('postcodes')
    .select([
      sql<number | null>`avg(latitude)`.as('latitude'),
      sql<number | null>`avg(longitude)`.as('longitude'),
      sql<string | null>`min(town)`.as('town'),
    ])
    .where(sql<boolean>`lower(town) = lower(${town})`)
    .where('town', 'is not', null)
    .executeTakeFirst();
  if (!row || row.latitude === null || row.longitude === null || row.town === null) return undefined;
  return { latitude: Number(row.latitude), longitude: Number(row.longitude), town: row.town };
}

/**
 * The centre of the public meetings whose address names the town: the fallback where the
 * directory has no such town. Only public meetings are read, so nothing hidden shapes the answer.
 */
export async function townCentreFromMeetings(db: DB, town: string): Promise<{ latitude: number; longitude: number } | undefined> {
  const pattern = `%${town.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const row = await publiclyVisibleMeetings(db)
    .leftJoin('sites', 'sites.id', 'meetings.site_id')
    .select([sql<number | null>`avg(meetings.latitude)`.as('latitude'), sql<number | null>`avg(meetings.longitude)`.as('longitude')])
    .where('meetings.latitude', 'is not', null)
    .where('meetings.longitude', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('meetings.venue_address', 'ilike', pattern),
        eb('meetings.venue_name', 'ilike', pattern),
        eb('sites.address', 'ilike', pattern),
      ]),
    )
    .executeTakeFirst();
  if (!row || row.latitude === null || row.longitude === null) return undefined;
  return { latitude: Number(row.latitude), longitude: Number(row.longitude) };
}

// ---- The in-process search index (search-index.ts; docs/decisions/140-in-process-meeting-search-index.md) ----

const INDEX_CHUNK = 20_000;

/**
 * Every public meeting's search fields and the listing revision, read in one REPEATABLE READ
 * snapshot so they agree: the index is exactly the public meetings as of that revision. Read in
 * chunks by id, so the rows of 100,000 meetings are never all in memory as objects at once.
 */
export async function loadSearchIndex(db: DB): Promise<SearchIndex> {
  return db.transaction().execute(async (trx) => {
    // First in the transaction (both PostgreSQL and PGlite accept it there): one snapshot for every read below.
    await sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`.execute(trx);
    const revision = await listingRevision(trx);
    const { count } = await publiclyVisibleMeetings(trx).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const builder = new SearchIndexBuilder(Number(count), revision);
    let after: string | null = null;
    for (;;) {
      let query = publiclyVisibleMeetings(trx).select([
        'meetings.id',
        'meetings.latitude',
        'meetings.longitude',
        'meetings.day',
        'meetings.start_time',
        'meetings.programme_code',
        'meetings.attendance',
        'meetings.audiences',
      ]);
      if (after !== null) query = query.where('meetings.id', '>', after);
      const rows: IndexMeeting[] = await query.orderBy('meetings.id').limit(INDEX_CHUNK).execute();
      for (const row of rows) builder.add({ ...row, latitude: row.latitude === null ? null : Number(row.latitude), longitude: row.longitude === null ? null : Number(row.longitude) });
      if (rows.length < INDEX_CHUNK) break;
      after = rows[rows.length - 1]!.id;
    }
    return builder.finish();
  });
}

/** The public listing's revision (raised by triggers with every change to meetings or sites), as text. */
export async function listingRevision(db: DB): Promise<string> {
  const row = await db.selectFrom('meeting_listing_revision').select(sql<string>`revision::text`.as('revision')).executeTakeFirstOrThrow();
  return row.revision;
}

/**
 * The chosen meetings' details and the listing revision, in ONE statement (so one snapshot): the
 * caller uses the rows only if the revision is the index's. Through publiclyVisibleMeetings, so a
 * meeting hidden since the index was read is simply missing, never shown.
 */
export async function publicMeetingsByIds(db: DB, ids: readonly string[]): Promise<{ revision: string | null; rows: PublicMeetingRow[] }> {
  if (ids.length === 0) return { revision: await listingRevision(db), rows: [] };
  const rows = await publicMeetingsWithSites(db)
    .select(sql<string>`(SELECT revision::text FROM meeting_listing_revision)`.as('listing_revision'))
    .where('meetings.id', 'in', [...ids])
    .execute();
  const revision = rows[0]?.listing_revision ?? null;
  return { revision, rows: rows.map(({ listing_revision: _, ...row }) => row) };
}
