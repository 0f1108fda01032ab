import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAP_POINT_LIMIT } from '../../../domain/reports/network.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';

/**
 * The map of a network too big to show place by place (decision 161): more than MAP_POINT_LIMIT
 * licensed sites and running meetings are counted by region and map cell, the gaps stay exact, and
 * a Coordinator's grouped map holds nothing of another region.
 */

let t: TestApp;
let central: SignedIn;
let northWestCoordinator: SignedIn;
type Org = Awaited<ReturnType<typeof createOrganisation>>;

async function licence(org: Org, number: string) {
  await t.database.db
    .insertInto('licences')
    .values({ number, organisation_id: org.id, site_id: org.site.id, licence_type: 'smart-recovery', starts_on: '2026-04-01', ends_on: '2027-03-31', status: 'active', source: 'import' })
    .execute();
}

/** `count` meetings at once, named `${key} 1`…; a partner's at its site, otherwise community meetings at a venue. */
async function meetings(key: string, count: number, m: { org?: Org; region: string; nation?: string; venuePostcode?: string; latitude: number | null; longitude: number | null; status?: 'running' | 'closed_down'; endsOn?: string }) {
  const rows = Array.from({ length: count }, (_, i) => ({
    slug: `map-${key}-${i + 1}`, name: `${key} ${i + 1}`, programme_code: 'smart-recovery', provider: m.org ? ('partner' as const) : ('uksr' as const), organisation_id: m.org?.id ?? null,
    site_id: m.org?.site.id ?? null, venue_name: m.org ? null : 'Community Hall', venue_address: m.org ? null : '2 Hall Lane', venue_postcode: m.venuePostcode ?? null,
    nation_code: m.nation ?? 'england', region_code: m.region, attendance: m.latitude === null ? ('online' as const) : ('in_person' as const), online_url: m.latitude === null ? 'https://meet.partnerhub.test/room' : null,
    day: 2, start_time: '18:00', end_time: '19:30', starts_on: '2026-01-06', ends_on: m.endsOn ?? null, access: 'open' as const, listed_publicly: true, status: m.status ?? ('running' as const),
    latitude: m.latitude, longitude: m.longitude, listing_reasons: '[]',
  }));
  await t.database.db.insertInto('meetings').values(rows).execute();
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  central = await signIn(t.app, await createUser(db, { role: 'central_office' }));
  northWestCoordinator = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['north-west'] }));
  t.clock.set(new Date('2026-11-24T12:00:00Z'));

  const preston = await createOrganisation(db, { name: 'Preston Recovery Network', region: 'north-west' });
  const lancaster = await createOrganisation(db, { name: 'Lancaster Quay Project', region: 'north-west' });
  const glasgow = await createOrganisation(db, { name: 'Clyde Residential Ltd', region: 'scotland', type: 'for-profit', sector: 'residential' });
  await db.updateTable('sites').set({ postcode: 'LA1 1AA' }).where('id', '=', lancaster.site.id).execute();
  await db.updateTable('sites').set({ postcode: 'G1 1AA', nation_code: 'scotland' }).where('id', '=', glasgow.site.id).execute();
  await db.insertInto('postcodes').values([
    { postcode: 'PR1 8BU', latitude: 53.7592, longitude: -2.6991, town: 'Preston' },
    { postcode: 'LA1 1AA', latitude: 54.0466, longitude: -2.8007, town: 'Lancaster' },
    { postcode: 'G1 1AA', latitude: 55.8609, longitude: -4.2514, town: 'Glasgow' },
  ]).onConflict((oc) => oc.doNothing()).execute();
  await licence(preston, 'MAP-1');
  await licence(lancaster, 'MAP-2');
  await licence(glasgow, 'MAP-3');

  // North West: 300 meetings at Preston, 210 of Preston's in Manchester, 2 online, 1 closed; nothing at Lancaster.
  await meetings('Preston', 300, { org: preston, region: 'north-west', latitude: 53.76, longitude: -2.7 });
  await meetings('Manchester', 210, { org: preston, region: 'north-west', latitude: 53.48, longitude: -2.24 });
  await meetings('Online', 2, { org: preston, region: 'north-west', latitude: null, longitude: null });
  await meetings('Closed', 1, { org: preston, region: 'north-west', latitude: 53.76, longitude: -2.7, status: 'closed_down', endsOn: '2026-10-01' });
  // Scotland: three community meetings in Glasgow, none at the licensed site.
  await meetings('Glasgow', 3, { region: 'scotland', nation: 'scotland', venuePostcode: 'G2 1AA', latitude: 55.86, longitude: -4.2506 });
});
afterAll(async () => {
  t?.clock.reset();
  await t?.close();
});

const get = (who: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: who.headers() });
type Group = { key: string; regionName: string; latitude: number | null; longitude: number | null; licensedSites: number; sitesWithoutMeeting: number; runningMeetings: number };
const counts = (groups: Group[]) => groups.map((g) => [g.regionName, g.latitude, g.longitude, g.licensedSites, g.sitesWithoutMeeting, g.runningMeetings]);

describe('the map of a big network', () => {
  it('counts the places by region and cell beyond the limit, with the gaps exact', async () => {
    const res = await get(central, '/api/v1/reports/network/map');
    expect(res.statusCode).toBe(200);
    const m = res.json();
    expect(3 + 300 + 210 + 2 + 3).toBeGreaterThan(MAP_POINT_LIMIT);
    expect(m.grouped).toBe(true);
    expect(m.points).toEqual([]);
    // A licensed site and the meetings in its cell make one group, placed at their mean; the closed meeting is not counted.
    expect(counts(m.groups)).toEqual([
      ['North West', 54.0466, -2.8007, 1, 1, 0], // Lancaster: licensed, no meeting
      ['North West', 53.76, -2.7, 1, 0, 300], // Preston's site and its 300 meetings
      ['North West', 53.48, -2.24, 0, 0, 210], // Manchester
      ['North West', null, null, 0, 0, 2], // online: no coordinates
      ['Scotland', 55.8602, -4.2508, 1, 1, 3], // Glasgow: the site and three community meetings, none at the site
    ]);
    expect(m.sitesWithoutMeeting.map((s: { organisationName: string }) => s.organisationName).sort()).toEqual(['Clyde Residential Ltd', 'Lancaster Quay Project']);
    const region = (code: string) => m.regions.find((r: { code: string }) => r.code === code);
    expect(region('north-west')).toMatchObject({ licensedSites: 2, runningMeetings: 512, gap: false });
    expect(region('scotland')).toMatchObject({ licensedSites: 1, runningMeetings: 3, gap: false });
    expect(m.areaGaps).toEqual([{ area: 'LA', regionName: 'North West', licensedSites: 1 }]);

    const csv = await get(central, '/api/v1/reports/network/map?format=csv');
    expect(csv.body.split('\r\n').slice(0, 3)).toEqual([
      'Region,Latitude,Longitude,Licensed sites,Licensed sites with no meeting,Meetings running',
      'North West,54.0466,-2.8007,1,1,0',
      'North West,53.76,-2.7,1,0,300',
    ]);
  });

  it('shows each place again when a region has few', async () => {
    const m = (await get(central, '/api/v1/reports/network/map?region=scotland')).json();
    expect(m.grouped).toBe(false);
    expect(m.groups).toEqual([]);
    expect(m.points.map((p: { kind: string; name: string; gap: boolean }) => [p.kind, p.name, p.gap])).toEqual([
      ['site', 'Clyde Residential Ltd main site', true],
      ['meeting', 'Glasgow 1', false], ['meeting', 'Glasgow 2', false], ['meeting', 'Glasgow 3', false],
    ]);
    expect(m.sitesWithoutMeeting.map((s: { name: string }) => s.name)).toEqual(['Clyde Residential Ltd main site']);
  });

  it("gives a Coordinator their own region's groups and nothing of another's", async () => {
    for (const url of ['/api/v1/reports/network/map', '/api/v1/reports/network/map?format=csv', '/api/v1/reports/network/map?region=scotland']) {
      const res = await get(northWestCoordinator, url);
      expect(res.statusCode, url).toBe(200);
      for (const name of ['Clyde', 'Glasgow', '55.86']) expect(res.body, `${url} mentions ${name}`).not.toContain(name);
    }
    const m = (await get(northWestCoordinator, '/api/v1/reports/network/map')).json();
    expect(m.grouped).toBe(true);
    expect(counts(m.groups).map((g) => g[5])).toEqual([0, 300, 210, 2]);
    expect(m.regions.map((r: { code: string }) => r.code)).toEqual(['north-west']);
    expect(m.sitesWithoutMeeting.map((s: { organisationName: string }) => s.organisationName)).toEqual(['Lancaster Quay Project']);
  });
});

describe('the day tally of surveys behind the whole network\'s survey figures', () => {
  it('stays equal to the surveys as they are asked for, answered and removed', async () => {
    const db = t.database.db;
    const tally = async () => (await sql<{ held_on: string; status: string; surveys: number }>`
      SELECT to_char(held_on, 'YYYY-MM-DD') AS held_on, status, surveys FROM meeting_survey_days WHERE surveys <> 0 ORDER BY 1, 2`.execute(db)).rows;
    const counted = async () => (await sql<{ held_on: string; status: string; surveys: number }>`
      SELECT to_char(held_on, 'YYYY-MM-DD') AS held_on, status, count(*)::int AS surveys FROM meeting_surveys GROUP BY 1, 2 ORDER BY 1, 2`.execute(db)).rows;
    const glasgow = await db.selectFrom('meetings').select('id').where('name', 'like', 'Glasgow %').orderBy('name').execute();
    await db.insertInto('meeting_surveys').values(glasgow.flatMap((m) => ['2026-11-03', '2026-11-10', '2026-11-17'].map((heldOn) => ({ meeting_id: m.id, held_on: heldOn, asked_on: heldOn })))).execute();
    expect(await tally()).toEqual([
      { held_on: '2026-11-03', status: 'due', surveys: 3 }, { held_on: '2026-11-10', status: 'due', surveys: 3 }, { held_on: '2026-11-17', status: 'due', surveys: 3 },
    ]);
    await db.updateTable('meeting_surveys').set({ status: 'completed', attendance: 5, new_attendees: 0, guidelines_shared: true, completed_at: new Date() }).where('held_on', '=', '2026-11-03').execute();
    await db.updateTable('meeting_surveys').set({ status: 'not_held', not_held_reason: 'Venue closed', completed_at: new Date() }).where('held_on', '=', '2026-11-10').where('meeting_id', '=', glasgow[0]!.id).execute();
    await db.deleteFrom('meeting_surveys').where('held_on', '=', '2026-11-17').where('meeting_id', '=', glasgow[1]!.id).execute();
    await db.deleteFrom('meetings').where('id', '=', glasgow[2]!.id).execute(); // its surveys go with it
    expect(await tally()).toEqual(await counted());
    expect(await tally()).toEqual([
      { held_on: '2026-11-03', status: 'completed', surveys: 2 }, { held_on: '2026-11-10', status: 'due', surveys: 1 }, { held_on: '2026-11-10', status: 'not_held', surveys: 1 },
      { held_on: '2026-11-17', status: 'due', surveys: 1 },
    ]);
    // The whole network's figures (from the tally) and a region's (from the surveys) agree.
    const whole = (await get(central, '/api/v1/reports/network?from=2026-11-01&to=2026-11-24')).json();
    const scotland = (await get(central, '/api/v1/reports/network?region=scotland&from=2026-11-01&to=2026-11-24')).json();
    expect(whole.surveys).toEqual({ due: 2, completed: 2, notHeld: 1, overdue: 1, rate: 60 });
    expect(scotland.surveys).toEqual(whole.surveys);
  });
});
