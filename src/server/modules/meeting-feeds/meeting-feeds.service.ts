import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { isMeetingType } from '@code4recovery/spec';
import { type AudienceCode, AUDIENCES, audienceMeetingGuideTypes } from '../../../domain/meetings/audiences.js';
import { LONDON, meetingCalendar } from '../../../domain/meetings/icalendar.js';
import { PROGRAMMES, TEAM_INBOXES } from '../../../domain/reference.js';
import type { DB } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { buildFeedBytes, type FeedBytes, type FreshEntry, plainFeedStream } from './feed-body.js';
import { findCalendarMeeting, type FeedMeetingRow, listFeedFingerprints, listFeedMeetings, listingRevision } from './meeting-feeds.repository.js';

/**
 * The open feeds other apps read (docs/decisions/085-meeting-guide-feed.md, 086, 087): every listed
 * meeting in the Meeting Guide JSON format, and each meeting as an iCalendar file.
 */

/** Raise when the feed's shape changes, so every ETag a client holds stops matching. */
const FEED_FORMAT = '1';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const ORDINALS: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', [-1]: 'last' };

/** One meeting as the Meeting Guide specification writes it (only the fields we send). */
export interface MeetingGuideMeeting {
  name: string;
  slug: string;
  day: number;
  time: string;
  end_time: string;
  timezone: string;
  formatted_address: string;
  latitude?: number;
  longitude?: number;
  approximate: 'yes' | 'no';
  location?: string;
  regions: string[];
  conference_url?: string;
  conference_url_notes?: string;
  conference_phone?: string;
  conference_phone_notes?: string;
  attendance_option: 'in_person' | 'hybrid' | 'online';
  types: string[];
  notes: string;
  updated: string;
  url: string;
  entity: string;
  entity_email: string;
  feedback_emails: string[];
}

const ENTITY_EMAIL = TEAM_INBOXES.find((i) => i.code === 'info')!.email;
// The "Meeting updates and changes" inbox: where an app's "report a change" should go.
const FEEDBACK_EMAIL = TEAM_INBOXES.find((i) => i.code === 'updates')!.email;

function meetingUrl(deps: Pick<AppDeps, 'config'>, slug: string): string {
  return `${deps.config.publicUrl}/meetings/${encodeURIComponent(slug)}`;
}

function programmeName(code: string): string {
  return PROGRAMMES.find((p) => p.code === code)?.name ?? code;
}

/** The in-person address on one line: venue or site address and postcode. */
function streetAddress(m: FeedMeetingRow): string | null {
  const parts = m.provider === 'uksr' ? [m.venue_address, m.venue_postcode] : [m.site_address, m.site_postcode];
  const present = parts.map((p) => p?.trim()).filter((p): p is string => Boolean(p));
  return present.length > 0 ? present.join(', ') : null;
}

function placeName(m: FeedMeetingRow): string | null {
  return (m.provider === 'uksr' ? m.venue_name : m.site_name)?.trim() || null;
}

/** Most general first, without repeating a region that is a whole nation (Scotland, Scotland). */
function regions(m: FeedMeetingRow): string[] {
  return m.region_name === m.nation_name ? [m.nation_name] : [m.nation_name, m.region_name];
}

/** How often a meeting that is not weekly meets, in words; null for a weekly one. */
export function frequencyNote(m: Pick<FeedMeetingRow, 'frequency' | 'day' | 'week_of_month'>): string | null {
  const day = DAY_NAMES[m.day] ?? '';
  if (m.frequency === 'fortnightly') return `Meets every other ${day} (fortnightly), not every week.`;
  if (m.frequency === 'monthly') return `Meets on the ${ORDINALS[m.week_of_month ?? 1] ?? 'one'} ${day} of each month, not every week.`;
  return null;
}

/**
 * A phone number as Meeting Guide wants it: digits, with + for the country and , * # for one-tap
 * dialling; a UK number written with its leading 0 gets +44 so it works from any phone.
 */
export function conferencePhone(value: string): string {
  const kept = value.replace(/[^0-9+,*#]/g, '');
  return /^0[1-9]/.test(kept) ? `+44${kept.slice(1)}` : kept;
}

/** Seconds since 1970 as Meeting Guide's `updated`: 'YYYY-MM-DD HH:MM:SS' in UTC. */
function utcTimestamp(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

const typesByAudiences = new Map<string, string[]>();

/** Type codes: O (every listed meeting is open) and the audiences', only codes the specification has. */
function meetingTypes(m: FeedMeetingRow): string[] {
  const key = m.audiences.join(',');
  let types = typesByAudiences.get(key);
  if (!types) {
    const known = m.audiences.filter((c): c is AudienceCode => AUDIENCES.some((a) => a.code === c));
    types = [...new Set(['O', ...audienceMeetingGuideTypes(known)])].filter((t) => isMeetingType(t));
    // A handful of combinations occur; the cap keeps odd data from growing the map.
    if (typesByAudiences.size < 1000) typesByAudiences.set(key, types);
  }
  return types;
}

/** One listed meeting as a Meeting Guide feed entry. */
export function toMeetingGuide(deps: Pick<AppDeps, 'config'>, m: FeedMeetingRow): MeetingGuideMeeting {
  const url = meetingUrl(deps, m.slug);
  const inPerson = m.attendance !== 'online';
  const address = inPerson ? streetAddress(m) : null;
  const area = regions(m);
  const notes = [frequencyNote(m), `Programme: ${programmeName(m.programme_code)}.`, m.description?.trim() || null].filter(
    (n): n is string => Boolean(n),
  );
  const entry: MeetingGuideMeeting = {
    // The specification allows 255 characters; the registry's own limit is lower still.
    name: m.name.slice(0, 255),
    slug: m.slug,
    day: m.day,
    time: m.start_time,
    end_time: m.end_time,
    timezone: LONDON,
    // An online meeting's place is its region (Meeting Guide asks for one, to show it "nearby").
    formatted_address: address ? `${address}, UK` : `${[...area].reverse().join(', ')}, UK`,
    // The street address is exact for a meeting people attend; "no" keeps finders from treating a
    // short UK address as approximate and showing the meeting as inactive.
    approximate: address ? 'no' : 'yes',
    regions: area,
    attendance_option: m.attendance,
    types: meetingTypes(m),
    notes: notes.join('\n\n'),
    updated: utcTimestamp(m.updated_epoch),
    url,
    entity: deps.config.charity.name,
    entity_email: ENTITY_EMAIL,
    feedback_emails: [FEEDBACK_EMAIL],
  };
  if (address && m.latitude !== null && m.longitude !== null) {
    entry.latitude = Math.round(m.latitude * 100_000) / 100_000;
    entry.longitude = Math.round(m.longitude * 100_000) / 100_000;
  }
  const place = address ? placeName(m) : null;
  if (place) entry.location = place;
  if (m.attendance !== 'in_person') {
    const notesOnline = m.online_notes?.trim() || undefined;
    // Registration checks the link; a value that is not a web address is still never passed on.
    if (m.online_url && /^https?:\/\//i.test(m.online_url) && URL.canParse(m.online_url)) {
      entry.conference_url = m.online_url;
      if (notesOnline) entry.conference_url_notes = notesOnline;
    }
    const phone = m.online_phone ? conferencePhone(m.online_phone) : '';
    if (/\d/.test(phone)) {
      entry.conference_phone = phone;
      if (notesOnline && !entry.conference_url) entry.conference_phone_notes = notesOnline;
    }
  }
  return entry;
}

/** A built feed: its ETag and its body, kept gzip-compressed (feed-body.ts, decision 165). */
export interface FeedBody {
  etag: string;
  bytes: FeedBytes;
}

export type FeedResponse =
  | { status: 304; etag: string }
  | { status: 200; etag: string; body: FeedBody };

interface FeedState {
  /** The last feed built (its ETag is the revision it was built for); the next build copies its unchanged entries. */
  body: FeedBody | null;
  /** Builds in progress by ETag, and the chain that runs them one at a time. */
  pending: Map<string, Promise<FeedBody>>;
  queue: Promise<unknown>;
}

// Per database (each test has its own). After a change only the meetings whose rows changed are
// read and written again; the rest of the feed is reused (docs/decisions/086-meeting-feed-etag.md).
const states = new WeakMap<DB, FeedState>();

function stateFor(db: DB): FeedState {
  let state = states.get(db);
  if (!state) {
    state = { body: null, pending: new Map(), queue: Promise.resolve() };
    states.set(db, state);
  }
  return state;
}

/** The ETag for a listing revision and this server's configuration (its URLs and name are in the body). */
function feedEtag(deps: Pick<AppDeps, 'config'>, revision: string): string {
  const configHash = createHash('sha256').update(`${deps.config.publicUrl}\n${deps.config.charity.name}`).digest('hex').slice(0, 8);
  return `"mg${FEED_FORMAT}-${revision}-${configHash}"`;
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/** Whether an Accept-Encoding header accepts gzip (named or `*`, with a q-value above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let gzip: number | null = null;
  let any: number | null = null;
  for (const item of header.toLowerCase().split(',')) {
    const [coding, ...params] = item.split(';').map((p) => p.trim());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const weight = Number.isFinite(q) ? q : 0;
    if (coding === 'gzip' || coding === 'x-gzip') gzip = weight;
    else if (coding === '*') any = weight;
  }
  return (gzip ?? any ?? 0) > 0;
}

/** The Meeting Guide feed, or "not modified" when the client's copy is still current. */
export async function meetingGuideFeed(deps: Pick<AppDeps, 'db' | 'config'>, ifNoneMatch: string | undefined): Promise<FeedResponse> {
  const etag = feedEtag(deps, await listingRevision(deps.db));
  if (etagMatches(ifNoneMatch, etag)) return { status: 304, etag };
  return { status: 200, etag, body: await feedBody(deps, etag) };
}

/** The plain body, decompressed from the kept copy as it is sent. */
export function plainFeed(body: FeedBody): Readable {
  return plainFeedStream(body.bytes);
}

function feedBody(deps: Pick<AppDeps, 'db' | 'config'>, etag: string): Promise<FeedBody> {
  const state = stateFor(deps.db);
  if (state.body?.etag === etag) return Promise.resolve(state.body);
  let pending = state.pending.get(etag);
  if (!pending) {
    // One build at a time, as each copies the unchanged entries of the body the one before it built.
    pending = state.queue.then(async () => {
      if (state.body?.etag === etag) return state.body;
      // The rows may be a little newer than the revision in the ETag (a change committed in
      // between); then the next request sees the newer revision and builds again.
      const body: FeedBody = { etag, bytes: await buildFeed(deps, state.body?.bytes ?? null) };
      state.body = body;
      return body;
    });
    const settled = () => state.pending.delete(etag);
    pending.then(settled, settled);
    state.pending.set(etag, pending);
    state.queue = pending.catch(() => undefined);
  }
  return pending;
}

/**
 * Keeps the feed built for the current listing revision (decision 150): builds it soon after the
 * server starts listening and again within `intervalMs` of each revision change, so a request
 * finds it ready. Requests still read the revision themselves; an older body is never served.
 */
export function keepMeetingFeedWarm(
  deps: Pick<AppDeps, 'db' | 'config'>,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): { stop: () => void } {
  const state = stateFor(deps.db);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const etag = feedEtag(deps, await listingRevision(deps.db));
      if (state.body?.etag !== etag) await feedBody(deps, etag);
    } catch (error) {
      options.onError?.(error);
    }
    if (!stopped) timer = setTimeout(() => void tick(), options.intervalMs ?? 1000);
  };
  timer = setTimeout(() => void tick(), 0);
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Reads the listing, then builds its body from the previous one and the meetings whose rows changed. */
async function buildFeed(deps: Pick<AppDeps, 'db' | 'config'>, previous: FeedBytes | null): Promise<FeedBytes> {
  const listed = await listFeedFingerprints(deps.db);
  return buildFeedBytes(listed, previous, async (ids) => {
    const entries = new Map<string, FreshEntry>();
    for (const m of await listFeedMeetings(deps.db, ids)) entries.set(m.id, { fingerprint: m.fingerprint, json: JSON.stringify(toMeetingGuide(deps, m)) });
    return entries;
  });
}

/** A listed meeting's iCalendar file; an unknown, closed or unlisted slug is the public API's 404. */
export async function meetingCalendarFile(deps: Pick<AppDeps, 'db' | 'config'>, slug: string): Promise<{ filename: string; text: string }> {
  const m = await findCalendarMeeting(deps.db, slug);
  if (!m) throw notFound('meeting');
  const url = meetingUrl(deps, m.slug);
  const address = m.attendance === 'online' ? null : streetAddress(m);
  const place = address ? placeName(m) : null;
  const text = meetingCalendar({
    uid: `${m.id}@${new URL(deps.config.publicUrl).hostname}`,
    name: m.name,
    schedule: { frequency: m.frequency, day: m.day, weekOfMonth: m.week_of_month, startsOn: m.starts_on, endsOn: m.ends_on },
    startTime: m.start_time,
    endTime: m.end_time,
    url,
    address: address ? [place, address].filter(Boolean).join(', ') : null,
    coordinates: address && m.latitude !== null && m.longitude !== null ? { latitude: m.latitude, longitude: m.longitude } : null,
    online: m.attendance === 'in_person' ? null : { url: m.online_url, phone: m.online_phone, notes: m.online_notes },
    notes: [`Programme: ${programmeName(m.programme_code)}.`, m.description?.trim() || null].filter((n): n is string => Boolean(n)),
    updatedAt: new Date(m.updated_epoch * 1000),
    sequence: m.version - 1,
  });
  return { filename: `${m.slug}.ics`, text };
}
