import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createMeeting, createPostcode } from '../../../../tests/support/meetings.js';

/**
 * The public meeting finder and its API on a real database: nearest first, every filter, the
 * radius, stable pages, online meetings, 422s for bad input, one 404 for every meeting that is not
 * public, and hidden meetings nowhere.
 */

let t: TestApp;
type Made = Awaited<ReturnType<typeof createMeeting>>;
const m: Record<string, Made> = {};
const hidden: Made[] = [];

// PR1 8BU, the search's origin.
const ORIGIN = { latitude: 53.759, longitude: -2.699 };

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await createPostcode(db, 'PR1 8BU', ORIGIN.latitude, ORIGIN.longitude, 'Preston');
  await createPostcode(db, 'PR1 2HE', 53.7610, -2.7040, 'Preston');
  await createPostcode(db, 'M1 1AE', 53.4808, -2.2426, 'Manchester');

  // About 0.3 km: the factory's partner meeting at its site.
  m.partner = await createMeeting(db, { name: 'Riverside Tuesday Evening', day: 2, start_time: '18:30', end_time: '20:00' });
  await db.updateTable('sites').set({ name: 'Riverside Recovery Hub', address: '1 Test Street, Preston' }).where('id', '=', m.partner.site_id!).execute();
  // About 0.45 km.
  m.near = await createMeeting(db, { provider: 'uksr', name: 'Fishergate Tuesday', latitude: 53.763, longitude: -2.699, day: 2, start_time: '19:00', end_time: '20:30' });
  // About 3 km: Monday morning, Family & Friends, for women.
  m.morning = await createMeeting(db, {
    provider: 'uksr',
    name: 'Ashton Monday Morning',
    latitude: 53.786,
    longitude: -2.699,
    day: 1,
    start_time: '10:00',
    end_time: '11:30',
    programme_code: 'family-and-friends',
    audiences: ['women'],
  });
  // About 5 km: hybrid, Wednesday afternoon.
  m.hybrid = await createMeeting(db, {
    provider: 'uksr',
    name: 'Penwortham Hybrid Wednesday',
    venue_address: '5 Example Lane, Penwortham',
    latitude: 53.714,
    longitude: -2.699,
    attendance: 'hybrid',
    online_url: 'https://meet.example/penwortham',
    day: 3,
    start_time: '13:00',
    end_time: '14:30',
  });
  // About 40 km: Manchester.
  m.far = await createMeeting(db, { provider: 'uksr', name: 'Manchester Friday', venue_address: '9 Example Street, Manchester', latitude: 53.4808, longitude: -2.2426, day: 5 });
  // Online only: no place, no distance.
  m.onlineThursday = await createMeeting(db, {
    provider: 'uksr',
    name: 'Online Thursday Evening',
    attendance: 'online',
    online_url: 'https://meet.example/thursday',
    online_notes: 'Passcode 4321',
    latitude: null,
    longitude: null,
    day: 4,
    start_time: '19:00',
    end_time: '20:30',
  });
  m.onlineMonday = await createMeeting(db, {
    provider: 'uksr',
    name: 'Online Monday Evening',
    attendance: 'online',
    online_phone: '0161 496 0000',
    latitude: null,
    longitude: null,
    day: 1,
    start_time: '18:00',
    end_time: '19:30',
  });
  // Never public, though right on the origin and matching every filter: closed, unlisted, hidden by
  // the listing rule (a lapsed licence, say), closed down; and an online one hidden by the rule.
  for (const o of [{ access: 'closed' as const }, { listed_publicly: false }, { publicly_visible: false }, { status: 'closed_down' as const }]) {
    hidden.push(await createMeeting(db, { name: 'Secret Meeting Never Shown', ...o, latitude: ORIGIN.latitude, longitude: ORIGIN.longitude, day: 1, start_time: '10:00', audiences: ['women'] }));
  }
  hidden.push(
    await createMeeting(db, {
      provider: 'uksr',
      name: 'Secret Meeting Never Shown',
      attendance: 'online',
      online_url: 'https://meet.example/secret',
      latitude: null,
      longitude: null,
      publicly_visible: false,
      day: 1,
      start_time: '09:00',
    }),
  );
});
afterAll(async () => t?.close());

interface Result {
  slug: string;
  name: string;
  distanceKm: number | null;
  location: { venueName: string; address: string | null; postcode: string | null } | null;
  online: { url: string | null; phone: string | null; notes: string | null } | null;
  day: number;
  time: string;
  endTime: string;
  attendance: string;
  programme: string;
}
interface Search {
  near: { latitude: number; longitude: number; label: string } | null;
  meetings: Result[];
  nextCursor: string | null;
}

async function search(query: string): Promise<Search> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/meetings?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Search;
}
const slugs = (s: Search) => s.meetings.map((r) => r.slug);
const near = 'near=PR1%208BU';

describe('GET /api/v1/meetings', () => {
  it('lists meetings with a place nearest first, each with its distance, then online meetings Monday first without one', async () => {
    const s = await search(near);
    expect(s.near).toMatchObject({ label: 'PR1 8BU', latitude: ORIGIN.latitude, longitude: ORIGIN.longitude });
    expect(slugs(s)).toEqual([m.partner, m.near, m.morning, m.hybrid, m.onlineMonday, m.onlineThursday].map((x) => x!.slug));
    const distances = s.meetings.slice(0, 4).map((r) => r.distanceKm!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances[1]).toBeCloseTo(0.4, 1);
    expect(distances[3]).toBeCloseTo(5, 0);
    expect(s.meetings.slice(4).every((r) => r.distanceKm === null && r.location === null)).toBe(true);
    expect(s.nextCursor).toBeNull();
  });

  it('gives each result its times, programme, attendance and where to go (a partner meeting at its site) or how to join', async () => {
    const s = await search(near);
    const partner = s.meetings.find((r) => r.slug === m.partner!.slug)!;
    expect(partner).toMatchObject({ name: 'Riverside Tuesday Evening', day: 2, time: '18:30', endTime: '20:00', attendance: 'in_person', programme: 'smart-recovery', online: null });
    expect(partner.location).toMatchObject({ venueName: 'Riverside Recovery Hub', address: '1 Test Street, Preston', postcode: 'PR1 8BU' });
    const hybrid = s.meetings.find((r) => r.slug === m.hybrid!.slug)!;
    expect(hybrid.location).toMatchObject({ venueName: 'Riverside Community Centre', address: '5 Example Lane, Penwortham' });
    expect(hybrid.online).toEqual({ url: 'https://meet.example/penwortham', phone: null, notes: null });
    const online = s.meetings.find((r) => r.slug === m.onlineThursday!.slug)!;
    expect(online.online).toEqual({ url: 'https://meet.example/thursday', phone: null, notes: 'Passcode 4321' });
  });

  it('keeps to the radius', async () => {
    expect(slugs(await search(`${near}&radiusKm=1&attendance=in_person`))).toEqual([m.partner!.slug, m.near!.slug]);
    const wide = slugs(await search(`${near}&radiusKm=100&attendance=in_person`));
    expect(wide).toEqual([m.partner, m.near, m.morning, m.hybrid, m.far].map((x) => x!.slug));
  });

  it('filters by day, time of day, programme, audience and attendance', async () => {
    expect(slugs(await search(`${near}&day=1`))).toEqual([m.morning!.slug, m.onlineMonday!.slug]);
    expect(slugs(await search(`${near}&timeOfDay=morning`))).toEqual([m.morning!.slug]);
    expect(slugs(await search(`${near}&timeOfDay=afternoon`))).toEqual([m.hybrid!.slug]);
    expect(slugs(await search(`${near}&timeOfDay=evening`))).toEqual([m.partner, m.near, m.onlineMonday, m.onlineThursday].map((x) => x!.slug));
    expect(slugs(await search(`${near}&programme=family-and-friends`))).toEqual([m.morning!.slug]);
    expect(slugs(await search(`${near}&audience=women`))).toEqual([m.morning!.slug]);
    expect(slugs(await search(`${near}&attendance=in_person`))).toEqual([m.partner, m.near, m.morning, m.hybrid].map((x) => x!.slug));
    expect(slugs(await search(`${near}&attendance=online`))).toEqual([m.hybrid, m.onlineMonday, m.onlineThursday].map((x) => x!.slug));
    expect(slugs(await search(`${near}&attendance=hybrid`))).toEqual([m.hybrid!.slug]);
    expect(slugs(await search(`${near}&day=2&attendance=in_person&programme=smart-recovery`))).toEqual([m.partner!.slug, m.near!.slug]);
  });

  it('searches near a town, near coordinates, and lists online meetings without a place', async () => {
    const town = await search('near=preston&attendance=in_person');
    expect(town.near?.label).toBe('Preston');
    expect(slugs(town).slice(0, 2).sort()).toEqual([m.partner!.slug, m.near!.slug].sort());
    // A town the postcode directory does not know, named in a public meeting's address.
    const fromAddress = await search('near=Penwortham&attendance=in_person&radiusKm=1');
    expect(slugs(fromAddress)).toEqual([m.hybrid!.slug]);
    const here = await search('near=53.4808,-2.2426&attendance=in_person&radiusKm=5');
    expect(here.near?.label).toBe('your location');
    expect(slugs(here)).toEqual([m.far!.slug]);
    const online = await search('attendance=online');
    expect(online.near).toBeNull();
    expect(slugs(online)).toEqual([m.onlineMonday, m.hybrid, m.onlineThursday].map((x) => x!.slug));
  });

  it('pages with a cursor through both sections without repeating or missing a meeting, even when one is added between pages', async () => {
    const all = slugs(await search(`${near}&radiusKm=100`));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const s: Search = await search(`${near}&radiusKm=100&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(s.meetings.length).toBeLessThanOrEqual(2);
      seen.push(...slugs(s));
      cursor = s.nextCursor;
      pages += 1;
      if (pages === 1) {
        // A new meeting nearer than the first page does not push a meeting already seen onto the next page.
        await createMeeting(t.database.db, { provider: 'uksr', name: 'Added While Paging', slug: 'added-while-paging', latitude: ORIGIN.latitude, longitude: ORIGIN.longitude });
      }
    } while (cursor && pages < 10);
    expect(seen).toEqual(all);
    expect(pages).toBe(4);
    await t.database.db.deleteFrom('meetings').where('slug', '=', 'added-while-paging').execute();
  });

  it('answers bad input with 422 and the field, never a 5xx', async () => {
    const cases: [string, string][] = [
      [`${near}&day=7`, 'querystring.day'],
      [`${near}&day=`, 'querystring.day'],
      [`${near}&day=monday`, 'querystring.day'],
      [`${near}&radiusKm=far`, 'querystring.radiusKm'],
      [`${near}&radiusKm=0`, 'querystring.radiusKm'],
      [`${near}&radiusKm=1e999`, 'querystring.radiusKm'],
      [`${near}&limit=1000`, 'querystring.limit'],
      [`${near}&limit=2.5`, 'querystring.limit'],
      [`${near}&programme=astrology`, 'querystring.programme'],
      [`${near}&attendance=telepathy`, 'querystring.attendance'],
      [`${near}&audience=everyone`, 'querystring.audience'],
      [`${near}&timeOfDay=midnight`, 'querystring.timeOfDay'],
      [`${near}&cursor=%21%21%21`, 'querystring.cursor'],
      [`${near}&cursor=${Buffer.from('{"s":"n","d":-1}').toString('base64url')}`, 'querystring.cursor'],
      [`${near}&cursor=bm90LWpzb24`, 'querystring.cursor'],
      ['near=ZZ9%209ZZ', 'querystring.near'],
      ['near=Nowhereville', 'querystring.near'],
      ['near=123', 'querystring.near'],
      ['near=95,10', 'querystring.near'],
      ['near=', 'querystring.near'],
      ['day=1', 'querystring.near'],
      [`near=${'a'.repeat(101)}`, 'querystring.near'],
    ];
    for (const [query, field] of cases) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/meetings?${query}` });
      expect(res.statusCode, query).toBe(422);
      const body = res.json() as { error: { code: string; details: { field: string; message: string }[] } };
      expect(body.error.code, query).toBe('validation_failed');
      expect(body.error.details.map((d) => d.field), query).toContain(field);
    }
  });
});

describe('GET /api/v1/meetings/:slug and /meetings/:slug', () => {
  it('answers a public meeting with its details and the calendar link', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/meetings/${m.hybrid!.slug}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      slug: m.hybrid!.slug,
      name: 'Penwortham Hybrid Wednesday',
      attendance: 'hybrid',
      timeZone: 'Europe/London',
      startsOn: '2026-01-06',
      calendarUrl: `/meetings/${m.hybrid!.slug}/calendar.ics`,
      distanceKm: null,
    });
  });

  it('answers an unknown, closed, unlisted, hidden or closed-down slug with the same 404, in the API and on the page', async () => {
    const unknownApi = await t.app.inject({ method: 'GET', url: '/api/v1/meetings/no-such-meeting' });
    const unknownPage = await t.app.inject({ method: 'GET', url: '/meetings/no-such-meeting' });
    expect(unknownApi.statusCode).toBe(404);
    expect(unknownApi.json().error.code).toBe('not_found');
    expect(unknownPage.statusCode).toBe(404);
    for (const slug of [...hidden.map((h) => h.slug), 'Not_A_Slug', 'a'.repeat(100)]) {
      const api = await t.app.inject({ method: 'GET', url: `/api/v1/meetings/${slug}` });
      expect(api.statusCode, slug).toBe(404);
      expect(api.body, slug).toBe(unknownApi.body);
      const page = await t.app.inject({ method: 'GET', url: `/meetings/${slug}` });
      expect(page.statusCode, slug).toBe(404);
      expect(page.body, slug).toBe(unknownPage.body);
    }
  });
});

describe('hidden meetings', () => {
  it('never appear in any search, page, map, count or printable list', async () => {
    const urls = [
      `/api/v1/meetings?${near}&radiusKm=200&limit=100`,
      `/api/v1/meetings?${near}&day=1&audience=women`,
      '/api/v1/meetings?attendance=online&limit=100',
      '/api/v1/meetings?near=Preston',
      `/meetings?${near}&radiusKm=200`,
      `/meetings?${near}&day=1&audience=women`,
      '/meetings?attendance=online',
      `/meetings/print?${near}&radiusKm=200`,
      '/meetings/print?region=north-west',
      '/meetings/print?attendance=online',
    ];
    for (const url of urls) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('Secret Meeting');
      for (const h of hidden) expect(res.body, url).not.toContain(h.slug);
      expect(res.body, url).not.toContain('meet.example/secret');
    }
    // The count on the page is of public meetings only: Monday, women → the one morning meeting.
    const page = await t.app.inject({ method: 'GET', url: `/meetings?${near}&day=1&audience=women` });
    expect(page.body).toContain('1 meeting within 25 km of PR1 8BU, nearest first.');
    const all = await t.app.inject({ method: 'GET', url: `/meetings?${near}` });
    expect(all.body).toContain('4 meetings within 25 km of PR1 8BU, nearest first, and 2 online meetings.');
  });

  it('are not used to find a town, either', async () => {
    await createMeeting(t.database.db, { provider: 'uksr', name: 'Hidden Hamlet', venue_address: '1 Lane, Secretville', publicly_visible: false });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/meetings?near=Secretville' });
    expect(res.statusCode).toBe(422);
    expect(res.body).not.toContain('Hidden Hamlet');
  });
});

describe('the finder pages', () => {
  it('shows the search form with the feed link and its script, and no results before a search', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/meetings' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<link rel="alternate" type="application/json" title="Meetings Feed" href="/feeds/meeting-guide.json"/>');
    expect(res.body).toContain('<script src="/static/finder.js" defer="">');
    expect(res.body).toMatch(/<form id="finder-form"[^>]* action="\/meetings" method="get">/);
    expect(res.body).not.toContain('id="finder-list"');
  });

  it('lists the results in order with distances and a map of numbered pins, without JavaScript', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/meetings?${near}&radiusKm=25&day=&timeOfDay=&attendance=&programme=&audience=` });
    expect(res.statusCode).toBe(200);
    const order = ['Riverside Tuesday Evening', 'Fishergate Tuesday', 'Ashton Monday Morning', 'Penwortham Hybrid Wednesday', 'Online Monday Evening', 'Online Thursday Evening'].map((n) =>
      res.body.indexOf(`>${n}</a>`),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(res.body).toContain('0.4 km (0.2 miles) away');
    expect(res.body).toContain('id="finder-map"');
    expect(res.body).toMatch(/<image href="https:\/\/tile\.openstreetmap\.org\/\d+\/\d+\/\d+\.png"/);
    expect(res.body).toContain('Map data © OpenStreetMap contributors.');
    expect(res.body).toContain('The circled dot is where you searched from; the numbers match the list. Map data');
    expect(res.body).toMatch(/Times are UK time: (GMT|BST \(GMT\+1\)) now/);
    // What was typed stays in the form.
    expect(res.body).toContain('value="PR1 8BU"');
    expect(res.headers['content-security-policy']).toContain("img-src 'self' data: https://tile.openstreetmap.org");
  });

  it('links to the next page of results, which continues where the first stopped', async () => {
    const extra: string[] = [];
    for (let i = 1; i <= 20; i++) {
      extra.push((await createMeeting(t.database.db, { provider: 'uksr', name: `Manchester Extra ${i}`, latitude: 53.4808 + i * 0.001, longitude: -2.2426 })).slug);
    }
    try {
      const first = await t.app.inject({ method: 'GET', url: '/meetings?near=M1+1AE&attendance=in_person' });
      expect(first.statusCode).toBe(200);
      expect(first.body).toContain('20 or more meetings within 25 km of M1 1AE, nearest first.');
      expect(first.body).toContain('>Manchester Friday</a>');
      expect(first.body).not.toContain('>Manchester Extra 20</a>');
      const next = /id="finder-next"|href="([^"]+)" id="finder-next"/.exec(first.body);
      expect(next?.[1]).toMatch(/^\/meetings\?near=M1\+1AE&amp;radiusKm=25&amp;attendance=in_person&amp;cursor=[A-Za-z0-9_-]+$/);
      const second = await t.app.inject({ method: 'GET', url: next![1]!.replaceAll('&amp;', '&') });
      expect(second.statusCode).toBe(200);
      expect(second.body).toContain('>Manchester Extra 20</a>');
      expect(second.body).not.toContain('>Manchester Friday</a>');
      expect(second.body).toContain('Back to the first meetings');
      expect(second.body).not.toContain('id="finder-next"');
    } finally {
      await t.database.db.deleteFrom('meetings').where('slug', 'in', extra).execute();
    }
  });

  it('explains a postcode it cannot find next to the field, with 422 and the postcode kept', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/meetings?near=ZZ9+9ZZ&day=2' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('We could not find the postcode ZZ9 9ZZ. Check it, or enter a town');
    expect(res.body).toContain('value="ZZ9 9ZZ"');
    expect(res.body).toContain('<option value="2" selected="">Tuesday</option>');
    const empty = await t.app.inject({ method: 'GET', url: '/meetings?near=&day=2' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Enter a postcode or a town');
    const bad = await t.app.inject({ method: 'GET', url: '/meetings?near=PR1+8BU&day=9&cursor=%21' });
    expect(bad.statusCode).toBe(422);
  });

  it("shows a meeting's page with when, where, directions, joining details, what to expect and the calendar link", async () => {
    const res = await t.app.inject({ method: 'GET', url: `/meetings/${m.hybrid!.slug}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Penwortham Hybrid Wednesday</h1>');
    expect(res.body).toContain('Every Wednesday, 1pm to 2:30pm');
    expect(res.body).toContain(`href="/meetings/${m.hybrid!.slug}/calendar.ics"`);
    expect(res.body).toContain('https://www.openstreetmap.org/directions?route=%3B53.714%2C-2.699');
    expect(res.body).toContain('href="https://meet.example/penwortham"');
    expect(res.body).toContain('What to expect at a SMART meeting');
    // One unnumbered pin and no list: the caption must not point to numbers that are not there.
    expect(res.body).toContain('id="meeting-map"');
    expect(res.body).not.toContain('numbers match the list');
    expect(res.body).toContain('<figcaption class="finder-map-caption">Map data © OpenStreetMap contributors.</figcaption>');
    expect(res.body).toMatch(/Times are UK time: (GMT|BST \(GMT\+1\)) now, (GMT|BST \(GMT\+1\)) from \d+ (March|October) \d{4}\./);
    expect(res.body).toContain('Open to anyone who wants to change an addictive behaviour.');
    // A meeting for one audience is still open (Section 9); the sentence says who, in an order that reads.
    const forWomen = await t.app.inject({ method: 'GET', url: `/meetings/${m.morning!.slug}` });
    expect(forWomen.body).toContain('Women only. Open to anyone in this group who wants to change an addictive behaviour.');
    const online = await t.app.inject({ method: 'GET', url: `/meetings/${m.onlineMonday!.slug}` });
    expect(online.body).toContain('Join by phone: <a href="tel:01614960000">0161 496 0000</a>');
    expect(online.body).not.toContain('id="meeting-map"');
  });

  it('prints a list for a town or a region, by day of the week', async () => {
    const town = await t.app.inject({ method: 'GET', url: '/meetings/print?near=Preston&attendance=in_person' });
    expect(town.statusCode).toBe(200);
    expect(town.body).toContain('<h1>SMART meetings within 25 km of Preston</h1>');
    expect(town.body.indexOf('>Monday</h2>')).toBeLessThan(town.body.indexOf('>Tuesday</h2>'));
    expect(town.body).toContain('Ashton Monday Morning');
    expect(town.body).toContain(`http://partnerhub.test/meetings/${m.near!.slug}`);
    const region = await t.app.inject({ method: 'GET', url: '/meetings/print?region=north-west' });
    expect(region.statusCode).toBe(200);
    expect(region.body).toContain('<h1>SMART meetings in North West</h1>');
    expect(region.body).toContain('Manchester Friday');
    expect(region.body).not.toContain('Online Thursday Evening');
    // A schedule inside the line keeps its day name capitalised.
    const fortnightly = await createMeeting(t.database.db, { name: 'Chorley Fortnightly', day: 4, frequency: 'fortnightly', start_time: '18:00', end_time: '19:30' });
    const withFortnightly = await t.app.inject({ method: 'GET', url: '/meetings/print?region=north-west' });
    expect(withFortnightly.body).toContain('Chorley Fortnightly (every other Thursday)');
    await t.database.db.deleteFrom('meetings').where('id', '=', fortnightly.id).execute();
    const nothing = await t.app.inject({ method: 'GET', url: '/meetings/print?near=ZZ9+9ZZ' });
    expect(nothing.statusCode).toBe(303);
    expect(nothing.headers.location).toBe('/meetings?near=ZZ9+9ZZ');
  });
});
