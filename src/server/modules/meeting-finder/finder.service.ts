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
import type { DB } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { geocodePostcode } from '../postcodes/geocoder.js';
import * as repo from './finder.repository.js';
import { programmeName } from './finder.format.js';
import { type SearchIndex, UnsupportedSearch } from './search-index.js';

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
  /** Which path chose the meetings (the same answer either way; for tests and the benchmark). */
  answeredBy: 'index' | 'sql';
}

/**
 * Meetings for a search (docs/decisions/080-meeting-finder-search.md). With `near`: meetings with
 * a place (in person or hybrid) within the radius, nearest first, then, when the search includes
 * online meetings, the online-only meetings in the order of the week. Without `near`: only meetings
 * you can join online (the search must say attendance=online), in the order of the week.
 * Through the in-process index while it is at the listing's current revision (decision 140),
 * otherwise through SQL; the answer is the same.
 */
export async function searchMeetings(
  deps: AppDeps,
  query: MeetingSearchQuery,
  options: { maxLimit?: number; /** false: answer through SQL only (tests and the benchmark compare the two). */ useIndex?: boolean } = {},
): Promise<SearchOutcome> {
  const limit = Math.min(query.limit, options.maxLimit ?? query.limit);
  const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor);
  const accepted = attendanceValues(query.attendance);
  if (query.near === undefined && query.attendance !== 'online') throw invalid('near', 'Enter a postcode or a town');
  const place = query.near === undefined ? null : await resolveNear(deps, query.near);

  if (options.useIndex !== false) {
    const index = currentIndex(deps.db);
    if (index) {
      const answer = await searchThroughIndex(deps, index, { query, place, cursor, limit, accepted });
      if (typeof answer !== 'string') return answer;
      if (answer === 'stale') {
        // The listing changed since the index was read: this answer comes from SQL, and a new index is read.
        const state = indexState(deps.db);
        if (state.index === index) state.stale = true;
        void rebuildIndex(deps.db);
      }
    }
  }

  if (place === null) {
    const page = await onlinePage(deps, filtersOf(query, accepted), cursor?.s === 'o' ? cursor : null, limit);
    return { near: null, place: null, radiusKm: query.radiusKm, meetings: page.rows.map((r) => toPublicMeeting(r, null)), nextCursor: page.next, answeredBy: 'sql' };
  }

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
        answeredBy: 'sql',
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
  return { near, place, radiusKm: query.radiusKm, meetings, nextCursor, answeredBy: 'sql' };
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

// ---- The same search through the in-process index (docs/decisions/140-in-process-meeting-search-index.md) ----

interface IndexState {
  index: SearchIndex | null;
  /** The one read of the index under way, if any (single flight). */
  building: Promise<void> | null;
  /** A search found the listing newer than the index: use SQL until the next index is read. */
  stale: boolean;
}

// Per database (each test has its own), as the feed's state is.
const indexStates = new WeakMap<DB, IndexState>();

function indexState(db: DB): IndexState {
  let state = indexStates.get(db);
  if (!state) {
    state = { index: null, building: null, stale: false };
    indexStates.set(db, state);
  }
  return state;
}

/**
 * Details of meetings already shown, read at the revision of the index they belong to: valid
 * exactly as long as the listing revision is still that one (the revision moves with any change to
 * a meeting or a site, the only tables they come from), which every search checks. Bounded: emptied
 * when full (about 600 bytes a meeting).
 */
const keptDetailsByIndex = new WeakMap<SearchIndex, Map<string, repo.PublicMeetingRow>>();
const KEPT_DETAILS_MAX = 20_000;

function keptDetails(index: SearchIndex): Map<string, repo.PublicMeetingRow> {
  let kept = keptDetailsByIndex.get(index);
  if (!kept) {
    kept = new Map();
    keptDetailsByIndex.set(index, kept);
  }
  return kept;
}

/** The index if one has been read; otherwise starts reading one and answers null (use SQL meanwhile). */
function currentIndex(db: DB): SearchIndex | null {
  const state = indexState(db);
  if (!state.index || state.stale) {
    void rebuildIndex(db);
    return null;
  }
  return state.index;
}

/**
 * Reads a new index in the background unless a read is already under way. A failed read (the
 * database closing, say) leaves the old index in place: searches still check its revision on
 * every request, so a stale index is never used, only tried.
 */
export function rebuildIndex(db: DB): Promise<void> {
  const state = indexState(db);
  if (!state.building) {
    state.building = repo
      .loadSearchIndex(db)
      .then((index) => {
        if (!state.index || BigInt(index.revision) >= BigInt(state.index.revision)) state.index = index;
        state.stale = false;
      })
      .catch((error: unknown) => {
        if (!/destroyed|closed/i.test(String(error))) console.warn(`The meeting search index could not be read: ${String(error)}`);
      })
      .finally(() => {
        state.building = null;
      });
  }
  return state.building;
}

/** The index's revision, or null before one has been read (for tests and the benchmark). */
export function indexRevision(db: DB): string | null {
  return indexStates.get(db)?.index?.revision ?? null;
}

/**
 * The search through the index: the index chooses the meetings and their order; one query reads
 * their details and the listing revision together. 'stale' when that revision is not the index's
 * (a meeting or site changed since), 'unsupported' for a search the index cannot answer exactly: the
 * caller then answers through SQL. Same sections, filters, order and cursors as the SQL path below.
 */
async function searchThroughIndex(
  deps: AppDeps,
  index: SearchIndex,
  args: { query: MeetingSearchQuery; place: NearPlace | null; cursor: Cursor | null; limit: number; accepted: repo.MeetingFilters['attendance'] },
): Promise<SearchOutcome | 'stale' | 'unsupported'> {
  const { query, place, cursor, limit, accepted } = args;
  const near = place && { latitude: place.latitude, longitude: place.longitude, label: place.label };
  const picks: { id: string; distanceKm: number | null }[] = [];
  let nextCursor: string | null = null;
  try {
    const onlineSection = (filters: repo.MeetingFilters, room: number) => {
      const after = cursor?.s === 'o' && 'k' in cursor ? { weekOrder: cursor.k, startTime: cursor.t, id: cursor.i } : null;
      const rows = index.byWeek({ filters, after, limit: room + 1 });
      const shown = rows.slice(0, room);
      picks.push(...shown.map((r) => ({ id: r.id, distanceKm: null })));
      if (rows.length <= room) return null;
      const last = shown[shown.length - 1];
      return last ? encodeCursor({ s: 'o', k: last.weekOrder, t: last.startTime, i: last.id }) : encodeCursor({ s: 'o' });
    };
    if (place === null) {
      nextCursor = onlineSection(filtersOf(query, accepted), limit);
    } else {
      const located = accepted.filter((a) => a !== 'online');
      let full = false;
      if (located.length > 0 && cursor?.s !== 'o') {
        const rows = index.nearest({
          origin: place,
          radiusKm: query.radiusKm,
          filters: filtersOf(query, located),
          after: cursor?.s === 'n' ? { distanceKm: cursor.d, id: cursor.i } : null,
          limit: limit + 1,
        });
        full = rows.length > limit;
        const shown = rows.slice(0, limit);
        picks.push(...shown);
        if (full) nextCursor = encodeCursor({ s: 'n', d: shown[shown.length - 1]!.distanceKm, i: shown[shown.length - 1]!.id });
      }
      if (!full && accepted.includes('online')) nextCursor = onlineSection(filtersOf(query, ['online']), limit - picks.length);
    }
  } catch (error) {
    if (error instanceof UnsupportedSearch) return 'unsupported';
    throw error;
  }

  // One query either way: the listing revision alone when every chosen meeting's details are kept
  // from an earlier search at this index's revision, else the missing details with the revision.
  const kept = keptDetails(index);
  const missing = picks.filter((p) => !kept.has(p.id)).map((p) => p.id);
  if (missing.length === 0) {
    if ((await repo.listingRevision(deps.db)) !== index.revision) return 'stale';
  } else {
    const details = await repo.publicMeetingsByIds(deps.db, missing);
    if (details.revision !== index.revision || details.rows.length !== missing.length) return 'stale';
    if (kept.size + details.rows.length > KEPT_DETAILS_MAX) kept.clear();
    for (const row of details.rows) kept.set(row.id, row);
  }
  const meetings = picks.map((p) => toPublicMeeting(kept.get(p.id)!, p.distanceKm));
  return { near, place, radiusKm: query.radiusKm, meetings, nextCursor, answeredBy: 'index' };
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
