import { sql } from 'kysely';
import type { DB } from '../../db/database.js';
import { PUBLIC_MEETING_COLUMNS, publiclyVisibleMeetingsWithSites, type PublicMeetingFields } from '../meetings/public-meetings.repository.js';

/**
 * The SQL behind the open feeds (the Meeting Guide JSON feed and the calendar files). Meetings are
 * read only through publiclyVisibleMeetings, so a closed, unlisted or hidden meeting is never read.
 */

/** What the Meeting Guide feed prints of a meeting. */
export interface FeedMeetingRow extends PublicMeetingFields {
  description: string | null;
  region_name: string;
  nation_name: string;
  /** When the meeting last changed, in whole seconds since 1970 (UTC). */
  updated_epoch: number;
}

/** A calendar file needs the dates and identity of the meeting as well. */
export interface CalendarMeetingRow extends FeedMeetingRow {
  id: string;
  starts_on: string;
  ends_on: string | null;
  version: number;
}

// The row versions of the meeting and of the site, region and nation it names.
const FINGERPRINT = sql<string>`meetings.xmin::text || '.' || coalesce(sites.xmin::text, '') || '.' || regions.xmin::text || '.' || nations.xmin::text`;

function publicMeetingsWithPlaces(db: DB) {
  return publiclyVisibleMeetingsWithSites(db)
    .innerJoin('regions', 'regions.code', 'meetings.region_code')
    .innerJoin('nations', 'nations.code', 'meetings.nation_code');
}

/**
 * Each publicly visible meeting's id, slug and a fingerprint of everything the feed prints of it,
 * in slug order. The fingerprint is the row versions (xmin) of the meeting and of the site, region
 * and nation it names: any committed change to one of them gives a new row version. Reading this
 * is a fraction of the cost of reading the meetings themselves, so the feed re-reads only the
 * meetings whose fingerprint moved (docs/decisions/086-meeting-feed-etag.md). Sorting inside the
 * aggregate cost more than the rest of the query, so the sort is done here.
 */
export async function listFeedFingerprints(db: DB): Promise<{ id: string; slug: string; fingerprint: string }[]> {
  const row = await publicMeetingsWithPlaces(db)
    .select(
      sql<string | null>`string_agg(
        meetings.id::text || ' ' || meetings.slug || ' ' || ${FINGERPRINT},
        ',')`.as('listing'),
    )
    .executeTakeFirst();
  if (!row?.listing) return [];
  // Slugs are lower-case letters, digits and hyphens: no space or comma can occur in them.
  const listed = row.listing.split(',').map((entry) => {
    const [id = '', slug = '', fingerprint = ''] = entry.split(' ');
    return { id, slug, fingerprint };
  });
  // Code-point order, the same on every server whatever its collation.
  return listed.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

/**
 * Publicly visible meetings (all, or those with the given ids) for the feed, each with its
 * fingerprint (as listFeedFingerprints), in no order.
 *
 * PostgreSQL builds them as one JSON array of arrays, which JavaScript parses in one go: reading
 * 100,000 rows through the driver field by field was several times slower.
 */
export async function listFeedMeetings(db: DB, ids?: readonly string[]): Promise<(FeedMeetingRow & { id: string; fingerprint: string })[]> {
  if (ids && ids.length === 0) return [];
  let query = publicMeetingsWithPlaces(db);
  // One array parameter, whatever the number of ids (a statement takes at most 65,535 parameters).
  if (ids) query = query.where(sql<boolean>`meetings.id = ANY(${[...ids]}::uuid[])`);
  const row = await query
    .select(
      sql<string | null>`json_agg(json_build_array(
        meetings.id, meetings.slug, meetings.name, meetings.programme_code, meetings.provider, meetings.frequency,
        meetings.week_of_month, meetings.day, meetings.start_time, meetings.end_time, meetings.attendance,
        meetings.audiences, meetings.description, meetings.latitude, meetings.longitude,
        meetings.venue_name, meetings.venue_address, meetings.venue_postcode,
        sites.name, sites.address, sites.postcode,
        meetings.online_url, meetings.online_phone, meetings.online_notes,
        regions.name, nations.name, floor(extract(epoch FROM meetings.updated_at))::bigint, ${FINGERPRINT}
      ))::text`.as('listing'),
    )
    .executeTakeFirst();
  const arrays = JSON.parse(row?.listing ?? '[]') as unknown[][];
  // In the order of json_build_array above.
  return arrays.map((v) => ({
    id: v[0] as string,
    slug: v[1] as string,
    name: v[2] as string,
    programme_code: v[3] as string,
    provider: v[4] as FeedMeetingRow['provider'],
    frequency: v[5] as FeedMeetingRow['frequency'],
    week_of_month: v[6] as number | null,
    day: v[7] as number,
    start_time: v[8] as string,
    end_time: v[9] as string,
    attendance: v[10] as FeedMeetingRow['attendance'],
    audiences: v[11] as string[],
    description: v[12] as string | null,
    latitude: v[13] as number | null,
    longitude: v[14] as number | null,
    venue_name: v[15] as string | null,
    venue_address: v[16] as string | null,
    venue_postcode: v[17] as string | null,
    site_name: v[18] as string | null,
    site_address: v[19] as string | null,
    site_postcode: v[20] as string | null,
    online_url: v[21] as string | null,
    online_phone: v[22] as string | null,
    online_notes: v[23] as string | null,
    region_name: v[24] as string,
    nation_name: v[25] as string,
    updated_epoch: Number(v[26]),
    fingerprint: v[27] as string,
  }));
}

/** One publicly visible meeting by its slug, or undefined (unknown, closed and unlisted alike). */
export async function findCalendarMeeting(db: DB, slug: string): Promise<CalendarMeetingRow | undefined> {
  const row = await publicMeetingsWithPlaces(db)
    .where('meetings.slug', '=', slug)
    .select([
      'meetings.id',
      ...PUBLIC_MEETING_COLUMNS,
      sql<string>`to_char(meetings.starts_on, 'YYYY-MM-DD')`.as('starts_on'),
      sql<string | null>`to_char(meetings.ends_on, 'YYYY-MM-DD')`.as('ends_on'),
      'meetings.description',
      'regions.name as region_name',
      'nations.name as nation_name',
      'meetings.version',
      sql<number>`floor(extract(epoch FROM meetings.updated_at))::float8`.as('updated_epoch'),
    ])
    .executeTakeFirst();
  return row as CalendarMeetingRow | undefined;
}

/**
 * The public listing's revision: raised by triggers in the same transaction as any change to a
 * meeting or a site (migration 2026-11-24T1630), so it is one primary-key read.
 */
export async function listingRevision(db: DB): Promise<string> {
  const row = await db.selectFrom('meeting_listing_revision').select(sql<string>`revision::text`.as('revision')).executeTakeFirstOrThrow();
  return row.revision;
}
