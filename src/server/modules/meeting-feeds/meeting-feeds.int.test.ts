import { getTypesForLanguage, isMeetingType } from '@code4recovery/spec';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createMeeting } from '../../../../tests/support/meetings.js';
import { publiclyVisibleMeetings } from '../meetings/public-meetings.repository.js';
import { acceptsGzip, keepMeetingFeedWarm } from './meeting-feeds.service.js';

let t: TestApp;
let partner: Awaited<ReturnType<typeof createMeeting>>;
let community: Awaited<ReturnType<typeof createMeeting>>;
let online: Awaited<ReturnType<typeof createMeeting>>;
let hybrid: Awaited<ReturnType<typeof createMeeting>>;
let monthly: Awaited<ReturnType<typeof createMeeting>>;
const hidden: string[] = [];

/** Every field the Meeting Guide specification (and the common tools' attendance_option) defines. */
const SPEC_FIELDS = new Set([
  'name', 'slug', 'day', 'time', 'end_time', 'timezone', 'formatted_address', 'address', 'city', 'state', 'postal_code', 'country',
  'latitude', 'longitude', 'approximate', 'region', 'sub_region', 'regions', 'conference_url', 'conference_url_notes',
  'conference_phone', 'conference_phone_notes', 'types', 'notes', 'location', 'location_notes', 'group', 'group_notes', 'updated',
  'url', 'edit_url', 'feedback_emails', 'feedback_url', 'entity', 'entity_email', 'entity_location', 'entity_logo', 'entity_phone',
  'entity_website_url', 'attendance_option',
]);

/** The specification's rules for each field we send; returns what is wrong, or nothing. */
function specProblems(m: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(`${String(m.slug)}: ${what}`);
  };
  for (const key of Object.keys(m)) check(SPEC_FIELDS.has(key), `unknown field ${key}`);
  check(typeof m.name === 'string' && m.name.length > 0 && m.name.length <= 255, 'name is a string of at most 255 characters');
  check(typeof m.slug === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(m.slug), 'slug is URL-safe and at most 64 characters');
  check(Number.isInteger(m.day) && (m.day as number) >= 0 && (m.day as number) <= 6, 'day is 0–6');
  for (const f of ['time', 'end_time']) check(typeof m[f] === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(m[f] as string), `${f} is HH:MM`);
  check(m.timezone === 'Europe/London', 'timezone is Europe/London');
  check(typeof m.formatted_address === 'string' && (m.formatted_address as string).length > 0, 'formatted_address is given');
  check(m.approximate === 'yes' || m.approximate === 'no', 'approximate is "yes" or "no"');
  for (const f of ['latitude', 'longitude']) {
    if (f in m) check(typeof m[f] === 'number' && Number.isFinite(m[f]) && String(m[f]).split('.')[1]!.length <= 5, `${f} is a number with at most five decimals`);
  }
  if ('latitude' in m) check((m.latitude as number) >= -90 && (m.latitude as number) <= 90 && 'longitude' in m, 'latitude and longitude come together');
  if ('conference_url' in m) check(URL.canParse(m.conference_url as string) && /^https?:/.test(m.conference_url as string), 'conference_url is a web address');
  if ('conference_phone' in m) check(/^\+?[0-9,*#]+$/.test(m.conference_phone as string), 'conference_phone is digits and + , * #');
  if (m.attendance_option !== 'in_person') check('conference_url' in m || 'conference_phone' in m, 'an online meeting has a URL or phone');
  check(['in_person', 'hybrid', 'online', 'inactive'].includes(m.attendance_option as string), 'attendance_option is known');
  check(Array.isArray(m.types) && (m.types as unknown[]).every((c) => typeof c === 'string' && isMeetingType(c)), 'every type is in @code4recovery/spec');
  check(!(m.types as string[]).includes('ONL'), 'no private ONL code');
  for (const f of ['notes', 'location', 'name', 'conference_url_notes', 'conference_phone_notes']) {
    if (f in m) check(typeof m[f] === 'string' && !/<[a-z/!][^>]*>/i.test(m[f] as string), `${f} is plain text without HTML`);
  }
  check(typeof m.updated === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(m.updated as string), 'updated is YYYY-MM-DD HH:MM:SS');
  check(typeof m.url === 'string' && URL.canParse(m.url as string), 'url is a web address');
  check(m.entity === 'UK SMART Recovery', 'entity is UK SMART Recovery');
  check(typeof m.entity_email === 'string' && /^[^@\s]+@[^@\s]+$/.test(m.entity_email as string), 'entity_email is one address');
  if ('regions' in m) check(Array.isArray(m.regions) && (m.regions as unknown[]).every((r) => typeof r === 'string'), 'regions are strings');
  return problems;
}

async function feed(headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url: '/feeds/meeting-guide.json', headers });
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  partner = await createMeeting(db, {
    name: 'Preston Tuesday Evening',
    audiences: ['women', 'lgbtq', 'veterans'],
    description: 'Ring the bell at the side door, then take the lift.',
  });
  await db.updateTable('sites').set({ name: 'Riverside Recovery Hub', address: '1 Test Street, Preston' }).where('id', '=', partner.site_id!).execute();
  community = await createMeeting(db, { provider: 'uksr', name: 'Preston Community Saturday', day: 6, start_time: '10:00', end_time: '11:30', location_approximate: true });
  online = await createMeeting(db, {
    name: 'Online Thursday',
    attendance: 'online',
    online_url: 'https://zoom.example/j/1234567890',
    online_phone: '0161 496 0000',
    online_notes: 'Passcode 4321',
    region_code: 'scotland',
    day: 4,
  });
  hybrid = await createMeeting(db, { name: 'Hybrid Monday', attendance: 'hybrid', online_url: 'https://teams.example/l/meetup', day: 1, audiences: ['young-people'] });
  monthly = await createMeeting(db, { name: 'Last Wednesday', frequency: 'monthly', week_of_month: -1, day: 3 });
  // Never in the feed: a closed meeting, one the facilitator keeps unlisted, one the listing rule
  // hides (say, its licence lapsed), and one that has closed down.
  for (const o of [{ access: 'closed' as const }, { listed_publicly: false }, { publicly_visible: false }, { status: 'closed_down' as const }]) {
    hidden.push((await createMeeting(db, { name: 'Should Never Appear', ...o })).slug);
  }
});
afterAll(async () => t?.close());

describe('Meeting Guide feed', () => {
  it('lists every listed meeting, and only those, each field keeping to the specification', async () => {
    const res = await feed();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json() as Record<string, unknown>[];
    expect(body.map((m) => m.slug).sort()).toEqual([partner, community, online, hybrid, monthly].map((m) => m.slug).sort());
    for (const slug of hidden) expect(res.body).not.toContain(slug);
    expect(res.body).not.toContain('Should Never Appear');
    expect(body.flatMap(specProblems)).toEqual([]);
    expect(new Set(body.map((m) => m.slug)).size).toBe(body.length);
  });

  it('writes an in-person partner meeting with its site, exact address, audiences as type codes and UTC update time', async () => {
    const m = ((await feed()).json() as Record<string, unknown>[]).find((x) => x.slug === partner.slug)!;
    const updated = partner.updated_at.toISOString().slice(0, 19).replace('T', ' ');
    expect(m).toEqual({
      name: 'Preston Tuesday Evening',
      slug: partner.slug,
      day: 2,
      time: '18:30',
      end_time: '20:00',
      timezone: 'Europe/London',
      formatted_address: '1 Test Street, Preston, PR1 8BU, UK',
      latitude: 53.75867,
      longitude: -2.70341,
      approximate: 'no',
      location: 'Riverside Recovery Hub',
      regions: ['England', 'North West'],
      attendance_option: 'in_person',
      // Veterans has no code in the specification: it is left out rather than invented.
      types: ['O', 'W', 'LGBTQ'],
      notes: 'Programme: SMART Recovery 4-Point Programme.\n\nRing the bell at the side door, then take the lift.',
      updated,
      url: `http://partnerhub.test/meetings/${partner.slug}`,
      entity: 'UK SMART Recovery',
      entity_email: 'info@smartrecovery.org.uk',
      feedback_emails: ['updates@smartrecovery.org.uk'],
    });
    const english = getTypesForLanguage('en') as Record<string, string>;
    expect((m.types as string[]).map((c) => english[c])).toEqual(['Open', 'Women', 'LGBTQ']);
  });

  it('gives a community meeting its venue, and still calls its street address exact though the pin is the postcode centre', async () => {
    const m = ((await feed()).json() as Record<string, unknown>[]).find((x) => x.slug === community.slug)!;
    expect(m.location).toBe('Riverside Community Centre');
    expect(m.formatted_address).toBe('2 Example Road, Preston, PR1 8BU, UK');
    expect(m.approximate).toBe('no');
    expect(m.day).toBe(6);
    expect(m.time).toBe('10:00');
    expect(m.end_time).toBe('11:30');
  });

  it('makes an online meeting online through its joining details, placed approximately in its region', async () => {
    const m = ((await feed()).json() as Record<string, unknown>[]).find((x) => x.slug === online.slug)!;
    expect(m.attendance_option).toBe('online');
    expect(m.conference_url).toBe('https://zoom.example/j/1234567890');
    expect(m.conference_url_notes).toBe('Passcode 4321');
    expect(m.conference_phone).toBe('+441614960000');
    expect(m.formatted_address).toBe('Scotland, UK');
    expect(m.approximate).toBe('yes');
    expect(m).not.toHaveProperty('latitude');
    expect(m).not.toHaveProperty('location');
    expect(m.types).toEqual(['O']);
    const h = ((await feed()).json() as Record<string, unknown>[]).find((x) => x.slug === hybrid.slug)!;
    expect(h.attendance_option).toBe('hybrid');
    expect(h.conference_url).toBe('https://teams.example/l/meetup');
    expect(h.approximate).toBe('no');
    expect(h.types).toEqual(['O', 'Y']);
  });

  it('says in the notes when a meeting does not meet every week', async () => {
    const m = ((await feed()).json() as Record<string, unknown>[]).find((x) => x.slug === monthly.slug)!;
    expect(m.day).toBe(3);
    expect((m.notes as string).split('\n')[0]).toBe('Meets on the last Wednesday of each month, not every week.');
  });

  it('is open to any origin, revalidated on every use, and answers a matching If-None-Match with 304', async () => {
    const first = await feed({ origin: 'https://another-recovery-site.example' });
    expect(first.headers['access-control-allow-origin']).toBe('*');
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await feed({ 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['access-control-allow-origin']).toBe('*');
    expect((await feed({ 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);
    expect((await feed({ 'if-none-match': '"something-else"' })).statusCode).toBe(200);
  });

  it('changes its ETag when a meeting is hidden without any other change, and the meeting leaves the feed', async () => {
    const before = (await feed()).headers.etag as string;
    // Only the stored listing answer changes (as the listing refresh does when a licence lapses).
    await t.database.db.updateTable('meetings').set({ publicly_visible: false }).where('id', '=', monthly.id).execute();
    const after = await feed({ 'if-none-match': before });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before);
    expect(after.body).not.toContain(monthly.slug);
    await t.database.db.updateTable('meetings').set({ publicly_visible: true }).where('id', '=', monthly.id).execute();
    expect((await feed()).body).toContain(monthly.slug);
  });

  it('changes its ETag when a meeting is edited or closed, or its site moves', async () => {
    const db = t.database.db;
    let etag = (await feed()).headers.etag as string;
    const changes = [
      () => db.updateTable('meetings').set({ start_time: '19:00' }).where('id', '=', partner.id).execute(),
      () => db.updateTable('sites').set({ address: '3 New Street, Preston' }).where('id', '=', partner.site_id!).execute(),
      () => db.updateTable('meetings').set({ status: 'closed_down' }).where('id', '=', hybrid.id).execute(),
    ];
    for (const change of changes) {
      await change();
      const res = await feed({ 'if-none-match': etag });
      expect(res.statusCode).toBe(200);
      etag = res.headers.etag as string;
    }
    const body = (await feed()).json() as Record<string, unknown>[];
    expect(body.find((m) => m.slug === partner.slug)).toMatchObject({ time: '19:00', formatted_address: '3 New Street, Preston, PR1 8BU, UK' });
    expect(body.some((m) => m.slug === hybrid.slug)).toBe(false);
  });

  it('builds each body from the one before without ever keeping a closed or changed meeting, in both encodings', async () => {
    const db = t.database.db;
    const extra = [];
    for (let i = 0; i < 12; i++) extra.push(await createMeeting(db, { name: `Kept Meeting ${i}` }));
    const slugsOf = (text: string) => (JSON.parse(text) as { slug: string }[]).map((m) => m.slug);
    const listedSlugs = async () =>
      (await publiclyVisibleMeetings(db).select('meetings.slug').execute()).map((m) => m.slug).sort();
    const both = async () => {
      const zipped = await feed({ 'accept-encoding': 'gzip' });
      const plain = await feed();
      const text = gunzipSync(zipped.rawPayload).toString('utf8');
      expect(plain.body).toBe(text);
      expect(plain.headers.etag).toBe(zipped.headers.etag);
      return text;
    };
    expect(slugsOf(await both()).sort()).toEqual(await listedSlugs());
    // One closed, one renamed, one hidden by the listing rule, one new: the next body (which copies
    // every other entry from the one before) has exactly the listed meetings, as they are now.
    await db.updateTable('meetings').set({ status: 'closed_down' }).where('id', '=', extra[3]!.id).execute();
    await db.updateTable('meetings').set({ name: 'Kept Meeting Renamed' }).where('id', '=', extra[7]!.id).execute();
    await db.updateTable('meetings').set({ publicly_visible: false }).where('id', '=', extra[9]!.id).execute();
    const added = await createMeeting(db, { name: 'Kept Meeting New' });
    const text = await both();
    expect(slugsOf(text).sort()).toEqual(await listedSlugs());
    expect(text).not.toContain(extra[3]!.slug);
    expect(text).not.toContain(extra[9]!.slug);
    expect(text).not.toContain('"name":"Kept Meeting 7"');
    expect(text).toContain('"name":"Kept Meeting Renamed"');
    expect(text).toContain(added.slug);
    // In slug order, as every body is.
    expect(slugsOf(text)).toEqual([...slugsOf(text)].sort());
    for (const m of [...extra, added]) await db.updateTable('meetings').set({ status: 'closed_down' }).where('id', '=', m.id).execute();
  });

  it('moves the listing revision once for a transaction that changes meetings one at a time', async () => {
    const db = t.database.db;
    const revision = async () => Number((await db.selectFrom('meeting_listing_revision').select('revision').executeTakeFirstOrThrow()).revision);
    const before = await revision();
    const etag = (await feed()).headers.etag as string;
    await db.transaction().execute(async (trx) => {
      for (const m of [partner, community, online]) await trx.updateTable('meetings').set({ listing_checked_on: '2026-11-24' }).where('id', '=', m.id).execute();
    });
    expect(await revision()).toBe(before + 1);
    expect((await feed({ 'if-none-match': etag })).statusCode).toBe(200);
  });

  it('is built in the background for the current revision, then sent gzip-compressed to clients that accept it', async () => {
    const db = t.database.db;
    // A meeting still in the feed after the tests above.
    const { slug, time } = (JSON.parse((await feed()).body) as { slug: string; time: string }[])[0]!;
    await db.updateTable('meetings').set({ start_time: '18:45' }).where('slug', '=', slug).execute();
    const warm = keepMeetingFeedWarm({ db, config: t.deps.config }, { intervalMs: 20 });
    try {
      // The compressed copy appears without any request asking for the feed.
      await expect.poll(async () => (await feed({ 'accept-encoding': 'gzip, deflate, br' })).headers['content-encoding'], { timeout: 10_000 }).toBe('gzip');
    } finally {
      warm.stop();
    }
    const zipped = await feed({ 'accept-encoding': 'gzip' });
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    const plainText = gunzipSync(zipped.rawPayload).toString('utf8');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.rawPayload.length);
    // The same feed either way, and the change is in it: never an older revision.
    const plain = await feed();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.etag).toBe(zipped.headers.etag);
    expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(plain.body));
    expect(plainText).toBe(plain.body);
    expect((JSON.parse(plainText) as { slug: string; time: string }[]).find((m) => m.slug === slug)?.time).toBe('18:45');
    // gzip refused with q=0, or not offered: the plain body.
    expect((await feed({ 'accept-encoding': 'gzip;q=0, identity' })).headers['content-encoding']).toBeUndefined();
    // A change after that: the next request gets the new revision at once, built on demand if need be.
    await db.updateTable('meetings').set({ start_time: '18:50' }).where('slug', '=', slug).execute();
    const after = await feed({ 'accept-encoding': 'gzip' });
    expect(after.headers.etag).not.toBe(zipped.headers.etag);
    const text = after.headers['content-encoding'] === 'gzip' ? gunzipSync(after.rawPayload).toString('utf8') : after.body;
    expect((JSON.parse(text) as { slug: string; time: string }[]).find((m) => m.slug === slug)?.time).toBe('18:50');
    await db.updateTable('meetings').set({ start_time: time }).where('slug', '=', slug).execute();
  });
});

describe('Accept-Encoding', () => {
  it('accepts gzip when named or covered by *, unless its q-value is 0', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8, *;q=0.1')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('*;q=0.5, gzip;q=0')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

describe('meeting calendar files', () => {
  it('serves a listed meeting as an iCalendar file at both addresses, with the same content', async () => {
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/meetings/${community.slug}/calendar.ics` });
    expect(api.statusCode).toBe(200);
    expect(api.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(api.headers['content-disposition']).toBe(`attachment; filename="${community.slug}.ics"`);
    const lines = api.body.replace(/\r\n /g, '').split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('TZID:Europe/London');
    // 6 January 2026 is a Tuesday; the first Saturday from then is the 10th.
    expect(lines).toContain('DTSTART;TZID=Europe/London:20260110T100000');
    expect(lines).toContain('DTEND;TZID=Europe/London:20260110T113000');
    expect(lines).toContain('RRULE:FREQ=WEEKLY;BYDAY=SA');
    expect(lines).toContain('SUMMARY:Preston Community Saturday');
    expect(lines).toContain('LOCATION:Riverside Community Centre\\, 2 Example Road\\, Preston\\, PR1 8BU');
    expect(lines).toContain(`URL:http://partnerhub.test/meetings/${community.slug}`);
    expect(lines).toContain(`UID:${community.id}@partnerhub.test`);
    const page = await t.app.inject({ method: 'GET', url: `/meetings/${community.slug}/calendar.ics` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(api.body);
  });

  it('gives an online meeting its joining details and a monthly one its rule', async () => {
    const o = (await t.app.inject({ method: 'GET', url: `/api/v1/meetings/${online.slug}/calendar.ics` })).body.replace(/\r\n /g, '');
    expect(o).toContain('LOCATION:https://zoom.example/j/1234567890');
    expect(o).toContain('Join by phone: 0161 496 0000');
    const m = (await t.app.inject({ method: 'GET', url: `/api/v1/meetings/${monthly.slug}/calendar.ics` })).body;
    expect(m).toContain('RRULE:FREQ=MONTHLY;BYDAY=-1WE\r\n');
  });

  it('answers an unknown, closed, unlisted, hidden or closed-down meeting with the same 404', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/meetings/no-such-meeting/calendar.ics' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    for (const slug of hidden) {
      for (const url of [`/api/v1/meetings/${slug}/calendar.ics`, `/meetings/${slug}/calendar.ics`]) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(404);
        expect(res.body).toBe(unknown.body);
      }
    }
  });
});
