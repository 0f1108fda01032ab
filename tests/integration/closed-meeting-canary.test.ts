import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, londonDate } from '../../src/domain/iso-date.js';
import { AUDIENCE_CODES } from '../../src/domain/meetings/audiences.js';
import { PROGRAMMES, REGIONS } from '../../src/domain/reference.js';
import { issueInvoice, recordPayment } from '../../src/server/modules/invoices/invoices.service.js';
import { runRenewals } from '../../src/server/modules/renewals/renewals.service.js';
import { CookieJar, createOrganisation, createUser, formToken, signIn, type SignedIn } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The closed-meeting canary (issues 7 and 10). Closed, unlisted, closed-down and lapsed meetings are
 * registered through the real API with unique markers in every field a page could show, next to a
 * visible control meeting. Then every anonymous route is asked, with generated paths, queries and
 * headers, and no answer (body or header) may mention a hidden meeting: its name, venue, address,
 * link, description, slug or id. The control must appear, so the test cannot pass by showing nothing.
 */

let t: TestApp;
const system = { userId: null, label: 'canary test' };
const db = () => t.database.db;
const today = londonDate(new Date());
const inDays = (n: number) => addDays(today, n);
const DAY_MS = 24 * 60 * 60 * 1000;
const tag = () => randomBytes(5).toString('hex').toUpperCase();

interface Seeded {
  id: string;
  slug: string;
  /** Text only this meeting carries; none of it may ever reach an anonymous visitor. */
  markers: string[];
}

const hidden: Record<'closed' | 'unlisted' | 'closedDown' | 'lapsed' | 'communityUnlisted', Seeded> = {} as never;
let control: Seeded;
let anonymous: { jar: CookieJar; token: string };

async function license(organisationId: string, siteIds: string[], paidOn = today) {
  const invoice = await issueInvoice(t.deps, system, {
    organisationId, kind: 'new', billing: { name: 'Finance', email: `finance.${randomUUID().slice(0, 8)}@people.partnerhub.test` },
    feeScheduleId: 'april-2026', source: { type: 'test', id: randomUUID() },
    lines: siteIds.map((siteId) => ({ kind: 'licence' as const, siteId, licenceType: 'smart-recovery', description: 'SMART Recovery licence', rule: 'Section 10', amountPence: 10_000 })),
  });
  await recordPayment(t.deps, system, invoice.id, { amountPence: 10_000 * siteIds.length, paidOn, method: 'bank-transfer', reference: `PAY-${randomUUID().slice(0, 8)}` });
}

async function eligibleFacilitator(o: { organisationId?: string; volunteer?: 'active' }) {
  const codeVersion = (await db().selectFrom('code_of_conduct_versions').select('version').orderBy('published_at', 'desc').limit(1).executeTakeFirstOrThrow()).version;
  const { id } = await db()
    .insertInto('facilitators')
    .values({ name: `Canary Facilitator ${tag()}`, email: `canary.${tag().toLowerCase()}@people.partnerhub.test`, uksr_volunteer_status: o.volunteer ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (o.organisationId) await db().insertInto('facilitator_organisations').values({ facilitator_id: id, organisation_id: o.organisationId, capacity: 'staff' }).execute();
  await db().insertInto('facilitator_qualifications').values({ facilitator_id: id, code: 'smart-facilitator', achieved_on: inDays(-60), recorded_by: null }).execute();
  await db()
    .insertInto('safeguarding_checks')
    .values({ facilitator_id: id, kind: 'dbs', level: 'enhanced', certificate_number: '001234567890', issued_on: inDays(-30), verified_on: inDays(-29), verified_by: null, decision: 'suitable' })
    .execute();
  await db().insertInto('code_of_conduct_acceptances').values({ facilitator_id: id, version: codeVersion }).execute();
  return id;
}

/** Registers a meeting through POST /api/v1/registered-meetings with markers in its name, description and link. */
async function register(session: SignedIn, kind: string, body: Record<string, unknown>): Promise<Seeded> {
  const marker = `CANARY-${kind}-${tag()}`;
  const res = await t.app.inject({
    method: 'POST', url: '/api/v1/registered-meetings', headers: session.headers(),
    payload: {
      programme: 'smart-recovery', attendance: 'hybrid', frequency: 'weekly', day: 2, startTime: '18:30', endTime: '20:00', startsOn: inDays(7),
      access: 'open', audiences: ['women'], listedPublicly: true,
      name: marker, description: `${marker}-DESCRIPTION`, onlineUrl: `https://meet.example.org/${marker}-LINK`, onlineNotes: `${marker}-NOTES`, onlinePhone: '0161 496 0123',
      ...body,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const m = res.json() as { id: string; slug: string };
  const venue = typeof body.venueName === 'string' ? [body.venueName, String(body.venueAddress)] : [];
  return { id: m.id, slug: m.slug, markers: [marker, `${marker}-DESCRIPTION`, `${marker}-LINK`, `${marker}-NOTES`, ...venue] };
}

const hiddenList = () => Object.values(hidden);
const hiddenMarkers = () => hiddenList().flatMap((m) => m.markers);
const CONTROL_POSTCODE = 'PR1 8BU';
const HIDDEN_PLACES = ['PR1 8BU', 'PR2 2AA', 'LS7 4AA', 'Preston', 'Fulwood', 'Leeds', '53.7601,-2.7001', '53.7702,-2.7102', '53.8237,-1.5355'];

beforeAll(async () => {
  t = await createTestApp();
  await db()
    .insertInto('postcodes')
    .values([
      { postcode: 'PR1 8BU', latitude: 53.7589, longitude: -2.7036, town: 'Preston' },
      { postcode: 'PR2 2AA', latitude: 53.7800, longitude: -2.7000, town: 'Fulwood' },
      { postcode: 'LS7 4AA', latitude: 53.8237, longitude: -1.5355, town: 'Leeds' },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
  const central = await signIn(t.app, await createUser(db(), { role: 'central_office' }));

  // Organisation A: licensed now and after the clock moves on; the control and three hidden meetings.
  const orgA = await createOrganisation(db(), { name: `Canary Recovery ${tag()}`, region: 'north-west' });
  const satellite = await db()
    .insertInto('sites')
    .values({ organisation_id: orgA.id, name: `Canary outreach ${tag()}`, address: '9 Test Row, Preston', postcode: 'PR2 2AA', nation_code: 'england', region_code: 'north-west', satellite: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  await license(orgA.id, [orgA.site.id, satellite.id]);
  const fA = await eligibleFacilitator({ organisationId: orgA.id });
  const partner = { provider: 'partner', organisationId: orgA.id, siteId: orgA.site.id, facilitatorIds: [fA] };

  const c = await register(central, 'CONTROL', partner);
  control = c;
  // A closed meeting is never listed (the API refuses to list one); the stored answers are then forced
  // wrong, as a bug might leave them, to prove the public rule's own access check (belt and braces).
  hidden.closed = await register(central, 'CLOSED', { ...partner, access: 'closed', listedPublicly: false, latitude: 53.7601, longitude: -2.7001 });
  hidden.unlisted = await register(central, 'UNLISTED', { ...partner, siteId: satellite.id, listedPublicly: false, latitude: 53.7702, longitude: -2.7102 });
  hidden.closedDown = await register(central, 'CLOSEDDOWN', { ...partner, startsOn: today });
  const closing = await t.app.inject({ method: 'POST', url: `/api/v1/registered-meetings/${hidden.closedDown.id}/close`, headers: central.headers(), payload: { closedOn: today, reason: 'Canary' } });
  expect(closing.statusCode, closing.body).toBe(200);

  // A UKSR community meeting (always open), not listed, with markers in its venue name and address.
  const volunteer = await eligibleFacilitator({ volunteer: 'active' });
  const venueTag = tag();
  hidden.communityUnlisted = await register(central, 'COMMUNITY', {
    provider: 'uksr', venueName: `CANARY-VENUE-${venueTag}`, venueAddress: `CANARY-ADDRESS-${venueTag}, Leeds`, venuePostcode: 'LS7 4AA', venueKind: 'community-venue',
    listedPublicly: false, facilitatorIds: [volunteer],
  });

  // Organisation B: registered while its licence is in force (so it is listed), then lapsed by the renewal run.
  const orgB = await createOrganisation(db(), { name: `Canary Lapsing ${tag()}`, region: 'north-west' });
  await license(orgB.id, [orgB.site.id]);
  const fB = await eligibleFacilitator({ organisationId: orgB.id });
  hidden.lapsed = await register(central, 'LAPSED', { provider: 'partner', organisationId: orgB.id, siteId: orgB.site.id, facilitatorIds: [fB] });
  const before = await t.app.inject({ method: 'GET', url: `/meetings/${hidden.lapsed.slug}` });
  expect(before.statusCode, 'the lapsing meeting is listed while its licence is in force').toBe(200);
  expect(before.body).toContain(hidden.lapsed.markers[0]);

  t.clock.advance(400 * DAY_MS); // past the licence's end and the 30 days' grace
  await runRenewals(t.deps);
  // Organisation A renews, so the control is listed on the day the visitors come.
  await license(orgA.id, [orgA.site.id, satellite.id], londonDate(t.clock.now()));
  await db().updateTable('meetings').set({ listed_publicly: true, publicly_visible: true }).where('id', '=', hidden.closed.id).execute();

  const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
  anonymous = { jar: new CookieJar().take(page), token: formToken(page.body) };
}, 60_000);
afterAll(async () => {
  t?.clock.reset();
  await t?.close();
});

/** Everything in a response a visitor could read: status line aside, every header and the body. */
function visible(res: { body: string; headers: Record<string, unknown> }): string {
  return `${JSON.stringify(res.headers)}\n${res.body}`;
}

function leaks(text: string, requested: string): string[] {
  const found = hiddenMarkers().filter((m) => text.includes(m));
  // A slug or id the visitor typed may come back only as they typed it (see the 404 comparison below).
  for (const m of hiddenList()) for (const value of [m.slug, m.id]) if (text.includes(value) && !requested.includes(value)) found.push(value);
  return found;
}

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('the closed-meeting canary', () => {
  it('has set the scene: the control is public and every hidden meeting is hidden for its own reason', async () => {
    const rows = await db().selectFrom('meetings').select(['id', 'publicly_visible', 'access', 'listed_publicly', 'status']).where('id', 'in', [control.id, ...hiddenList().map((m) => m.id)]).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(control.id)).toMatchObject({ publicly_visible: true });
    expect(byId.get(hidden.closed.id)).toMatchObject({ access: 'closed', listed_publicly: true, publicly_visible: true });
    expect(byId.get(hidden.unlisted.id)).toMatchObject({ listed_publicly: false });
    expect(byId.get(hidden.closedDown.id)).toMatchObject({ status: 'closed_down' });
    expect(byId.get(hidden.communityUnlisted.id)).toMatchObject({ listed_publicly: false });
    // The lapsed one is open, listed and running: only the lapsed licence hides it.
    expect(byId.get(hidden.lapsed.id)).toMatchObject({ access: 'open', listed_publicly: true, status: 'running', publicly_visible: false });
  });

  it('shows the control, and only the control, on the finder, the API, the feed, the printable list, its page and its calendar', async () => {
    const finder = await get(`/meetings?near=${encodeURIComponent(CONTROL_POSTCODE)}`);
    expect(finder.statusCode).toBe(200);
    expect(finder.body).toContain(control.markers[0]);
    expect(finder.body).toContain('data-count="1"');
    expect(finder.body).toMatch(/1 meeting within 25 km of/);
    const api = await get(`/api/v1/meetings?near=${encodeURIComponent(CONTROL_POSTCODE)}`);
    expect(api.json().meetings.map((m: { slug: string }) => m.slug)).toEqual([control.slug]);
    const online = await get('/api/v1/meetings?attendance=online');
    expect(online.json().meetings.map((m: { slug: string }) => m.slug)).toEqual([control.slug]);
    const feed = await get('/feeds/meeting-guide.json');
    expect(feed.statusCode).toBe(200);
    expect((feed.json() as { slug: string }[]).map((m) => m.slug)).toEqual([control.slug]);
    const print = await get('/meetings/print?region=north-west');
    expect(print.body).toContain(control.markers[0]);
    expect((await get(`/meetings/${control.slug}`)).body).toContain(control.markers[2]);
    expect((await get(`/meetings/${control.slug}/calendar.ics`)).body).toContain(control.markers[0]);
    for (const res of [finder, api, online, feed, print]) expect(leaks(visible(res), '')).toEqual([]);
  });

  it('counts only the control near every hidden meeting (by postcode, town and pin), in words and in data', async () => {
    for (const near of HIDDEN_PLACES) {
      const page = await get(`/meetings?near=${encodeURIComponent(near)}&radiusKm=200`);
      expect(page.statusCode, near).toBe(200);
      expect(page.body, near).toContain('data-count="1"');
      expect(page.body, near).toMatch(/1 meeting within 200 km of/);
      const api = await get(`/api/v1/meetings?near=${encodeURIComponent(near)}&radiusKm=200&limit=100`);
      expect(api.json().meetings.map((m: { slug: string }) => m.slug), near).toEqual([control.slug]);
      expect(leaks(visible(page), '').concat(leaks(visible(api), '')), near).toEqual([]);
    }
  });

  it('answers a hidden meeting exactly as a meeting that never existed, on every route that takes a slug', async () => {
    const slugRoutes = t.app.routeInventory.filter((r) => r.method === 'GET' && r.policy === 'public' && r.url.includes(':slug'));
    expect(slugRoutes.length).toBeGreaterThanOrEqual(4);
    for (const route of slugRoutes) {
      for (const m of hiddenList()) {
        const never = `${m.slug.slice(0, -4)}zzzz`;
        const [a, b] = [await get(route.url.replace(':slug', m.slug)), await get(route.url.replace(':slug', never))];
        expect(a.statusCode, `${route.url} ${m.slug}`).toBe(404);
        expect(a.body.replaceAll(m.slug, 'SLUG')).toBe(b.body.replaceAll(never, 'SLUG'));
        const headers = (h: Record<string, unknown>) => Object.keys(h).filter((k) => !['date', 'content-length', 'x-request-id'].includes(k)).sort();
        expect(headers(a.headers)).toEqual(headers(b.headers));
      }
    }
  });

  it('never mentions a hidden meeting on any anonymous route, whatever the path, query or headers', async () => {
    const routes = t.app.routeInventory.filter((r) => r.policy === 'public' && (r.method === 'GET' || r.method === 'POST'));
    expect(routes.filter((r) => r.method === 'GET').length).toBeGreaterThan(25);
    const hiddenIds = hiddenList().map((m) => m.id);
    const hiddenSlugs = hiddenList().map((m) => m.slug);
    const param = fc.oneof(
      fc.constantFrom(...hiddenSlugs, ...hiddenIds, control.slug, control.id),
      fc.stringMatching(/^[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,4}$/),
      fc.uuid(),
    );
    const filterValues = {
      near: fc.constantFrom(...HIDDEN_PLACES, 'Nowhere Town', ''),
      radiusKm: fc.constantFrom('1', '5', '25', '100', '200', 'x'),
      day: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', ''),
      timeOfDay: fc.constantFrom('morning', 'afternoon', 'evening', ''),
      programme: fc.constantFrom(...PROGRAMMES.map((p) => p.code), ''),
      attendance: fc.constantFrom('in_person', 'online', 'hybrid', ''),
      audience: fc.constantFrom(...AUDIENCE_CODES, ''),
      region: fc.constantFrom(...REGIONS.map((r) => r.code), 'nowhere'),
      limit: fc.constantFrom('1', '2', '100'),
      cursor: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), fc.constantFrom(...hiddenIds, ...hiddenSlugs)),
      slug: fc.constantFrom(...hiddenSlugs),
    };
    const query = fc.record(filterValues, { requiredKeys: [] });
    const headers = fc.record(
      {
        'if-none-match': fc.oneof(fc.constantFrom('"1"', '*', 'W/"x"'), fc.constantFrom(...hiddenIds).map((id) => `"${id}"`)),
        accept: fc.constantFrom('text/html', 'application/json', 'text/calendar', '*/*'),
        'accept-language': fc.constantFrom('en-GB', 'cy'),
      },
      { requiredKeys: [] },
    );
    const failures: string[] = [];
    let controlSeen = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.array(param, { minLength: 1, maxLength: 3 }), query, headers, async (route, params, q, h) => {
        let i = 0;
        const path = route.url.replace(/:[A-Za-z]+|\*/g, () => encodeURIComponent(params[i++ % params.length]!));
        const url = `${path}?${new URLSearchParams(q as Record<string, string>).toString()}`;
        const requestHeaders: Record<string, string> = { ...(h as Record<string, string>), cookie: anonymous.jar.header() };
        let payload: string | undefined;
        if (route.method === 'POST') {
          // Public forms and JSON posts, filled with the places and filters above (never a hidden name).
          const fields = { ...(q as Record<string, string>), email: 'canary@people.partnerhub.test', name: 'Canary Visitor', _csrf: anonymous.token };
          if (route.url.startsWith('/api/')) {
            requestHeaders['content-type'] = 'application/json';
            payload = JSON.stringify(fields);
          } else {
            requestHeaders['content-type'] = 'application/x-www-form-urlencoded';
            payload = new URLSearchParams(fields).toString();
          }
        }
        const res = await t.app.inject({ method: route.method as 'GET', url, headers: requestHeaders, ...(payload === undefined ? {} : { payload }) });
        const text = visible(res);
        if (text.includes(control.markers[0]!)) controlSeen += 1;
        const found = leaks(text, `${url} ${JSON.stringify(requestHeaders)} ${payload ?? ''}`);
        if (found.length > 0) failures.push(`${route.method} ${url} → ${res.statusCode} shows ${found.join(', ')}`);
        // Counts in words or data are of visible meetings only: at most the control.
        for (const match of text.matchAll(/data-count="(\d+)"/g)) if (Number(match[1]) > 1) failures.push(`${url} counts ${match[1]}`);
        return found.length === 0;
      }),
      { numRuns: 3000, seed: 20261125 },
    );
    expect(failures).toEqual([]);
    expect(controlSeen, 'the control meeting is shown by some of the generated requests').toBeGreaterThan(10);
  }, 240_000);
});
