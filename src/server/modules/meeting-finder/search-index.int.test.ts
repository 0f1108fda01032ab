import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../../tests/support/factories.js';
import { createMeeting, createPostcode } from '../../../../tests/support/meetings.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { meetingSearchQuerySchema, meetingSearchResultSchema } from '../../../shared/schemas/meeting-finder.js';
import type { CurrentUser } from '../../auth/current-user.js';
import { closeMeeting } from '../meetings/meetings.service.js';
import { refreshListings } from '../meetings/listing.service.js';
import { indexRevision, rebuildIndex, searchMeetings } from './finder.service.js';

/**
 * The in-process search index on a real database (docs/decisions/140): it gives the same answers as
 * the SQL path, page for page, and never a stale one: after a meeting is closed, its licence lapses
 * or it is edited, the very next search is right.
 */

let t: TestApp;
const ORIGIN = { latitude: 53.759, longitude: -2.699 };
const system = { userId: null, label: 'test' };
let central: CurrentUser;

/** A little generator of the same numbers every run (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await createPostcode(db, 'PR1 8BU', ORIGIN.latitude, ORIGIN.longitude, 'Preston');
  const user = await createUser(db, { role: 'central_office' });
  central = { id: user.id, email: user.email, name: 'Central Office', role: 'central_office', organisationId: null, regions: [], programmes: [] };
  // 150 community meetings around Preston (some sharing a venue, so a distance), online ones among them.
  const r = random(7);
  const programmes = ['smart-recovery', 'family-and-friends', 'insideout'];
  const audiences = [[], ['women'], ['men', 'veterans'], ['lgbtq']];
  const times = ['09:30', '12:00', '13:15', '17:00', '18:30', '19:00'];
  let venue = { latitude: ORIGIN.latitude, longitude: ORIGIN.longitude };
  for (let i = 0; i < 150; i++) {
    if (i % 3 !== 0) venue = { latitude: ORIGIN.latitude + (r() - 0.5) * 0.8, longitude: ORIGIN.longitude + (r() - 0.5) * 1.2 };
    const kind = r();
    const attendance = kind < 0.15 ? 'online' : kind < 0.3 ? 'hybrid' : 'in_person';
    await createMeeting(db, {
      provider: 'uksr',
      name: `Index Test Meeting ${i}`,
      attendance,
      online_url: attendance === 'in_person' ? null : `https://meet.example/index-${i}`,
      latitude: attendance === 'online' ? null : venue.latitude,
      longitude: attendance === 'online' ? null : venue.longitude,
      day: Math.floor(r() * 7),
      start_time: times[Math.floor(r() * times.length)]!,
      programme_code: programmes[Math.floor(r() * programmes.length)]!,
      audiences: audiences[Math.floor(r() * audiences.length)]!,
    });
  }
  // Hidden ones right at the origin: never in the index, never in an answer.
  await createMeeting(db, { provider: 'uksr', name: 'Secret Meeting Never Shown', publicly_visible: false, ...ORIGIN });
  await createMeeting(db, { name: 'Secret Meeting Never Shown', access: 'closed', ...ORIGIN });
});
afterAll(async () => t?.close());

const parse = (query: string) => meetingSearchQuerySchema.parse(Object.fromEntries(new URLSearchParams(query)));

/** Waits for the index to be read at the listing's current revision. */
async function freshIndex() {
  await rebuildIndex(t.database.db);
  const { revision } = await t.database.db.selectFrom('meeting_listing_revision').select((eb) => eb.cast<string>('revision', 'text').as('revision')).executeTakeFirstOrThrow();
  // rebuildIndex joins a read already under way, which a search that found the index stale may have
  // begun before the last change; once that read is done, one more read is at the current revision.
  if (indexRevision(t.database.db) !== revision) await rebuildIndex(t.database.db);
  expect(indexRevision(t.database.db)).toBe(revision);
}

const QUERIES = [
  'near=PR1%208BU',
  'near=PR1%208BU&limit=7',
  'near=PR1%208BU&radiusKm=5&limit=3',
  'near=PR1%208BU&radiusKm=100&limit=13',
  'near=PR1%208BU&day=2&limit=4',
  'near=PR1%208BU&timeOfDay=evening&limit=5',
  'near=PR1%208BU&timeOfDay=morning&attendance=in_person&limit=6',
  'near=PR1%208BU&programme=family-and-friends&limit=3',
  'near=PR1%208BU&audience=women&limit=2',
  'near=PR1%208BU&audience=young-people',
  'near=PR1%208BU&attendance=online&limit=4',
  'near=PR1%208BU&attendance=hybrid&limit=2',
  'near=53.9,-2.9&radiusKm=10&limit=3',
  'near=10,10&radiusKm=200',
  'attendance=online&limit=5',
  'attendance=online&day=4&limit=2',
];

describe('the meeting search through the index', () => {
  it('answers every search and every page exactly as the SQL path does', async () => {
    await freshIndex();
    for (const query of QUERIES) {
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q = parse(`${query}${cursor ? `&cursor=${cursor}` : ''}`);
        const indexed = await searchMeetings(t.deps, q);
        const sql = await searchMeetings(t.deps, q, { useIndex: false });
        expect(indexed.answeredBy, query).toBe('index');
        expect(sql.answeredBy, query).toBe('sql');
        expect({ ...indexed, answeredBy: null }, `${query} page ${pages + 1}`).toEqual({ ...sql, answeredBy: null });
        // A cursor written by one path continues the same in the other.
        if (indexed.nextCursor) {
          const next = parse(`${query}&cursor=${indexed.nextCursor}`);
          expect((await searchMeetings(t.deps, next)).meetings).toEqual((await searchMeetings(t.deps, next, { useIndex: false })).meetings);
        }
        cursor = indexed.nextCursor;
        pages += 1;
      } while (cursor && pages < 60);
      expect(cursor, query).toBeNull();
    }
  });

  it('answers with the API response schema and never mentions a hidden meeting', async () => {
    await freshIndex();
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/meetings?near=PR1%208BU&limit=100&radiusKm=200' });
    expect(res.statusCode).toBe(200);
    expect(meetingSearchResultSchema.safeParse(res.json()).success).toBe(true);
    expect(res.body).not.toContain('Secret Meeting');
  });
});

describe('freshness: the very next search after a change', () => {
  async function nearest() {
    const result = await searchMeetings(t.deps, parse('near=PR1%208BU&radiusKm=1&attendance=in_person&limit=100'));
    return { by: result.answeredBy, slugs: result.meetings.map((m) => m.slug) };
  }

  it('does not show a meeting closed down through the meetings service', async () => {
    const meeting = await createMeeting(t.database.db, { name: 'Closing Soon', ...ORIGIN });
    await freshIndex();
    expect(await nearest()).toMatchObject({ by: 'index', slugs: expect.arrayContaining([meeting.slug]) });
    await closeMeeting(t.deps, central, system, meeting.id, undefined, { reason: 'The room is no longer available' });
    const after = await nearest();
    expect(after.slugs).not.toContain(meeting.slug);
    // Answered by SQL while a new index is read; then by the new index, still without it.
    expect(after.by).toBe('sql');
    await freshIndex();
    expect(await nearest()).toEqual({ by: 'index', slugs: after.slugs });
  });

  it('does not show a meeting whose licence has lapsed (the listing refresh hides it)', async () => {
    // The factory's partner meeting is stored as listed, but its site holds no licence: the refresh
    // the renewal run does when licences lapse takes it off.
    const meeting = await createMeeting(t.database.db, { name: 'Licence Lapsing', ...ORIGIN });
    await freshIndex();
    expect((await nearest()).slugs).toContain(meeting.slug);
    await t.database.db.transaction().execute((trx) => refreshListings({ db: trx, now: t.deps.now, config: t.deps.config }, 'all'));
    const visible = await t.database.db.selectFrom('meetings').select('publicly_visible').where('id', '=', meeting.id).executeTakeFirstOrThrow();
    expect(visible.publicly_visible).toBe(false);
    expect((await nearest()).slugs).not.toContain(meeting.slug);
  });

  it("shows a site's new address at once, though the meeting's details were read before", async () => {
    const meeting = await createMeeting(t.database.db, { name: 'Site Moving', ...ORIGIN });
    await freshIndex();
    const address = async () => {
      const result = await searchMeetings(t.deps, parse('near=PR1%208BU&radiusKm=1&attendance=in_person&limit=100'));
      return result.meetings.find((m) => m.slug === meeting.slug)?.location?.address;
    };
    expect(await address()).toBe('1 Test Street');
    expect(await address()).toBe('1 Test Street');
    await t.database.db.updateTable('sites').set({ address: '7 New Road, Preston' }).where('id', '=', meeting.site_id!).execute();
    expect(await address()).toBe('7 New Road, Preston');
    await freshIndex();
    expect(await address()).toBe('7 New Road, Preston');
  });

  it('shows an edit (a new day or place) and a new meeting at once', async () => {
    const meeting = await createMeeting(t.database.db, { provider: 'uksr', name: 'Moving Venue', ...ORIGIN, day: 3 });
    await freshIndex();
    const wednesday = async () => (await searchMeetings(t.deps, parse('near=PR1%208BU&radiusKm=1&day=3&attendance=in_person&limit=100'))).meetings.map((m) => m.slug);
    expect(await wednesday()).toContain(meeting.slug);
    await t.database.db.updateTable('meetings').set({ day: 4 }).where('id', '=', meeting.id).execute();
    expect(await wednesday()).not.toContain(meeting.slug);
    await freshIndex();
    await t.database.db.updateTable('meetings').set({ day: 3, latitude: 54.5, longitude: -3.5 }).where('id', '=', meeting.id).execute();
    expect(await wednesday()).not.toContain(meeting.slug);
    await freshIndex();
    const added = await createMeeting(t.database.db, { provider: 'uksr', name: 'Brand New', ...ORIGIN, day: 3 });
    expect(await wednesday()).toContain(added.slug);
  });
});
