import { z } from 'zod';
import { formatPostcode, isUkPostcode } from '../../../domain/postcode.js';
import { REGIONS } from '../../../domain/reference.js';
import {
  type Attendance,
  type MeetingSearchQuery,
  type MeetingSearchResult,
  type PublicMeeting,
  type PublicMeetingDetail,
  TIMES_OF_DAY,
} from '../../../shared/schemas/meeting-finder.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { geocodePostcode } from '../postcodes/geocoder.js';
import * as repo from './finder.repository.js';
import { programmeName } from './finder.format.js';

/**
 * The public meeting finder: where "near" is, the search (nearest first, then online meetings),
 * stable pages, and one meeting. Reads only public meetings (finder.repository.ts), so nothing
 * here can show, count or mention a hidden one.
 */

export interface NearPlace {
  latitude: number;
  longitude: number;
  /** What to call it on the page: the postcode as written, the town, or "your location". */
  label: string;
}

/** The field a validation message belongs to, as the API names it ('querystring.near'). */
function invalid(field: string, message: string): AppError {
  return new AppError('validation_failed', 'Some of the details are not valid.', [{ field: `querystring.${field}`, message }]);
}

const LAT_LNG = /^\s*(-?\d{1,3}(?:\.\d{1,10})?)\s*,\s*(-?\d{1,3}(?:\.\d{1,10})?)\s*$/;

/**
 * Where to search near (docs/decisions/081-meeting-finder-town-search.md): 'latitude,longitude'
 * (the browser's "near me"), a UK postcode (geocodePostcode), or a town: the ONS directory's town
 * column first, then the public meetings' own addresses.
 */
export async function resolveNear(deps: AppDeps, near: string): Promise<NearPlace> {
  const text = near.trim();
  const coordinates = LAT_LNG.exec(text);
  if (coordinates) {
    const latitude = Number(coordinates[1]);
    const longitude = Number(coordinates[2]);
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) throw invalid('near', 'Enter a latitude from -90 to 90 and a longitude from -180 to 180');
    return { latitude, longitude, label: 'your location' };
  }
  if (isUkPostcode(text)) {
    const found = await geocodePostcode(deps, text);
    if (!found) throw invalid('near', `We could not find the postcode ${formatPostcode(text)}. Check it, or enter a town`);
    return { latitude: found.latitude, longitude: found.longitude, label: formatPostcode(text) };
  }
  if (!/\p{L}/u.test(text)) throw invalid('near', 'Enter a postcode, like PR1 8BU, or a town, like Preston');
  const fromDirectory = await repo.townCentreFromPostcodes(deps.db, text);
  if (fromDirectory) return { latitude: fromDirectory.latitude, longitude: fromDirectory.longitude, label: fromDirectory.town };
  const fromMeetings = await repo.townCentreFromMeetings(deps.db, text);
  if (fromMeetings) return { ...fromMeetings, label: text };
  throw invalid('near', `We could not find a town called ${text}. Check the spelling, or enter a postcode`);
}

// ---- Cursors: where the last page stopped, in one of the two sections of the answer ----

const cursorSchema = z.union([
  z.strictObject({ s: z.literal('n'), d: z.number().finite().nonnegative(), i: z.uuid() }),
  z.strictObject({ s: z.literal('o'), k: z.int().min(0).max(6), t: z.string().regex(/^\d\d:\d\d$/), i: z.uuid() }),
  z.strictObject({ s: z.literal('o') }),
]);
type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(value: string): Cursor {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Falls through to the message below.
  }
  throw invalid('cursor', 'Use the nextCursor from the previous page');
}

// ---- The search ----

/** Which attendance values the search accepts ('online' means "I can join online": online or hybrid). */
function attendanceValues(attendance: Attendance | undefined): repo.MeetingFilters['attendance'] {
  if (attendance === 'in_person') return ['in_person', 'hybrid'];
  if (attendance === 'online') return ['online', 'hybrid'];
  if (attendance === 'hybrid') return ['hybrid'];
  return ['in_person', 'online', 'hybrid'];
}

function filtersOf(query: MeetingSearchQuery, attendance: repo.MeetingFilters['attendance']): repo.MeetingFilters {
  const time = TIMES_OF_DAY.find((t) => t.code === query.timeOfDay);
  return {
    attendance,
    day: query.day === undefined ? undefined : Number(query.day),
    startsFrom: time?.from,
    startsBefore: time?.to,
    programme: query.programme,
    audience: query.audience,
  };
}

export interface SearchOutcome extends MeetingSearchResult {
  place: NearPlace | null;
}

/**
 * Meetings for a search (docs/decisions/080-meeting-finder-search.md). With `near`: meetings with
 * a place (in person or hybrid) within the radius, nearest first, then, when the search includes
 * online meetings, the online-only meetings in the order of the week. Without `near`: only meetings
 * you can join online (the search must say attendance=online), in the order of the week.
 */
export async function searchMeetings(deps: AppDeps, query: MeetingSearchQuery, options: { maxLimit?: number } = {}): Promise<SearchOutcome> {
  const limit = Math.min(query.limit, options.maxLimit ?? query.limit);
  const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor);
  const accepted = attendanceValues(query.attendance);

  if (query.near === undefined) {
    if (query.attendance !== 'online') throw invalid('near', 'Enter a postcode or a town');
    const page = await onlinePage(deps, filtersOf(query, accepted), cursor?.s === 'o' ? cursor : null, limit);
    return { near: null, place: null, radiusKm: query.radiusKm, meetings: page.rows.map((r) => toPublicMeeting(r, null)), nextCursor: page.next };
  }

  const place = await resolveNear(deps, query.near);
  const near = { latitude: place.latitude, longitude: place.longitude, label: place.label };
  const meetings: PublicMeeting[] = [];
  const located = accepted.filter((a) => a !== 'online');
  const includeOnline = accepted.includes('online');

  if (located.length > 0 && cursor?.s !== 'o') {
    const rows = await repo.nearestMeetings(deps.db, {
      origin: place,
      radiusKm: query.radiusKm,
      filters: filtersOf(query, located),
      after: cursor?.s === 'n' ? { distanceKm: cursor.d, id: cursor.i } : null,
      limit: limit + 1,
    });
    if (rows.length > limit) {
      const shown = rows.slice(0, limit);
      const last = shown[shown.length - 1]!;
      return {
        near,
        place,
        radiusKm: query.radiusKm,
        meetings: shown.map((r) => toPublicMeeting(r, r.distance_km)),
        nextCursor: encodeCursor({ s: 'n', d: last.distance_km, i: last.id }),
      };
    }
    meetings.push(...rows.map((r) => toPublicMeeting(r, r.distance_km)));
  }

  let nextCursor: string | null = null;
  if (includeOnline) {
    const room = limit - meetings.length;
    const page = await onlinePage(deps, filtersOf(query, ['online']), cursor?.s === 'o' ? cursor : null, room);
    meetings.push(...page.rows.map((r) => toPublicMeeting(r, null)));
    nextCursor = page.next;
  }
  return { near, place, radiusKm: query.radiusKm, meetings, nextCursor };
}

/** Up to `room` meetings in the order of the week after the cursor, and the cursor for the rest. */
async function onlinePage(deps: AppDeps, filters: repo.MeetingFilters, cursor: Extract<Cursor, { s: 'o' }> | null, room: number) {
  const after = cursor && 'k' in cursor ? { weekOrder: cursor.k, startTime: cursor.t, id: cursor.i } : null;
  const rows = await repo.meetingsByWeek(deps.db, { filters, after, limit: room + 1 });
  if (rows.length <= room) return { rows, next: null };
  const shown = rows.slice(0, room);
  const last = shown[shown.length - 1];
  // No room left on this page: the next one starts the online section from its beginning.
  const next = last ? encodeCursor({ s: 'o', k: last.week_order, t: last.start_time, i: last.id }) : encodeCursor({ s: 'o' });
  return { rows: shown, next };
}

/** A printable list: every public meeting of a region, in the order of the week. */
export async function regionList(deps: AppDeps, regionCode: string, max: number) {
  const region = REGIONS.find((r) => r.code === regionCode);
  if (!region) throw invalid('region', 'Choose a region from the list');
  const rows = await repo.meetingsByWeek(deps.db, { filters: { attendance: ['in_person', 'hybrid'] }, regionCode, after: null, limit: max + 1 });
  return { region, meetings: rows.slice(0, max).map((r) => toPublicMeeting(r, null)), more: rows.length > max };
}

/** One public meeting; an unknown, closed, unlisted or unlicensed slug is the same "not found". */
export async function getPublicMeeting(deps: AppDeps, slug: string): Promise<PublicMeetingDetail> {
  const row = await repo.findPublicMeeting(deps.db, slug);
  if (!row) throw notFound('meeting');
  return {
    ...toPublicMeeting(row, null),
    description: row.description,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    calendarUrl: `/meetings/${row.slug}/calendar.ics`,
  };
}

export function toPublicMeeting(row: repo.PublicMeetingRow, distanceKm: number | null): PublicMeeting {
  const partner = row.provider === 'partner';
  const hasPlace = row.attendance !== 'online' && row.latitude !== null && row.longitude !== null;
  return {
    slug: row.slug,
    name: row.name,
    url: `/meetings/${row.slug}`,
    programme: row.programme_code,
    programmeName: programmeName(row.programme_code),
    frequency: row.frequency,
    weekOfMonth: row.week_of_month,
    day: row.day,
    time: row.start_time,
    endTime: row.end_time,
    timeZone: 'Europe/London',
    attendance: row.attendance,
    audiences: row.audiences,
    distanceKm: distanceKm === null ? null : Math.round(distanceKm * 10) / 10,
    location: hasPlace
      ? {
          venueName: (partner ? row.site_name : row.venue_name) ?? row.name,
          address: partner ? row.site_address : row.venue_address,
          postcode: partner ? row.site_postcode : row.venue_postcode,
          latitude: row.latitude!,
          longitude: row.longitude!,
          approximate: row.location_approximate,
        }
      : null,
    online: row.attendance === 'in_person' ? null : { url: row.online_url, phone: row.online_phone, notes: row.online_notes },
  };
}
