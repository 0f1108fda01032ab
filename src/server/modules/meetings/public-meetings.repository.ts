import type { DB } from '../../db/database.js';

/**
 * THE PUBLIC RULE (docs/notes meetings contract): every public page, search, map, feed, calendar,
 * sitemap, count and error message reads meetings only through this query. It asks the stored
 * listing answer (`publicly_visible`, kept up to date by the meetings module) and, belt and braces,
 * that the meeting is open, listed by the facilitator's choice and still running, so a closed,
 * unlisted or closed-down meeting can never be shown even if the stored answer were wrong.
 *
 * Callers add their own conditions, columns, joins and order; they never widen it.
 */
export function publiclyVisibleMeetings(db: DB) {
  return db
    .selectFrom('meetings')
    .where('meetings.publicly_visible', '=', true)
    .where('meetings.access', '=', 'open')
    .where('meetings.listed_publicly', '=', true)
    .where('meetings.status', '=', 'running');
}

/** What every public surface prints of a meeting: when, where and how to join. */
export interface PublicMeetingFields {
  slug: string;
  name: string;
  programme_code: string;
  provider: 'partner' | 'uksr';
  frequency: 'weekly' | 'fortnightly' | 'monthly';
  week_of_month: number | null;
  day: number;
  start_time: string;
  end_time: string;
  attendance: 'in_person' | 'online' | 'hybrid';
  audiences: string[];
  latitude: number | null;
  longitude: number | null;
  venue_name: string | null;
  venue_address: string | null;
  venue_postcode: string | null;
  site_name: string | null;
  site_address: string | null;
  site_postcode: string | null;
  online_url: string | null;
  online_phone: string | null;
  online_notes: string | null;
}

/** The columns behind PublicMeetingFields, for a query from publiclyVisibleMeetingsWithSites. */
export const PUBLIC_MEETING_COLUMNS = [
  'meetings.slug',
  'meetings.name',
  'meetings.programme_code',
  'meetings.provider',
  'meetings.frequency',
  'meetings.week_of_month',
  'meetings.day',
  'meetings.start_time',
  'meetings.end_time',
  'meetings.attendance',
  'meetings.audiences',
  'meetings.latitude',
  'meetings.longitude',
  'meetings.venue_name',
  'meetings.venue_address',
  'meetings.venue_postcode',
  'sites.name as site_name',
  'sites.address as site_address',
  'sites.postcode as site_postcode',
  'meetings.online_url',
  'meetings.online_phone',
  'meetings.online_notes',
] as const;

/** The public meetings with their site, whose address a partner meeting takes. */
export function publiclyVisibleMeetingsWithSites(db: DB) {
  return publiclyVisibleMeetings(db).leftJoin('sites', 'sites.id', 'meetings.site_id');
}
