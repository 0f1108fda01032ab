import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { issueInvoice, recordPayment } from '../invoices/invoices.service.js';

/**
 * A known network, and every figure on the dashboard, the map and the Coordinator's home page
 * checked against it; then the scope: a Coordinator of one region (and a programme lead) never
 * sees another's organisations in lists, counts, maps or CSV.
 */

let t: TestApp;
let central: SignedIn;
let northWestCoordinator: SignedIn;
let veteransLead: SignedIn;
const system = { userId: null, label: 'test' };
type Org = Awaited<ReturnType<typeof createOrganisation>>;
const ids: Record<string, string> = {};

async function licensed(org: Org, types: [string, number][], paidOn: string) {
  const invoice = await issueInvoice(t.deps, system, {
    organisationId: org.id, kind: 'new', billing: { name: 'Finance', email: 'finance@people.partnerhub.test' }, feeScheduleId: 'april-2026',
    source: { type: 'test', id: `${org.id}-${paidOn}` },
    lines: types.map(([type, amount]) => ({ kind: 'licence' as const, siteId: org.site.id, licenceType: type, description: type, rule: 'Section 10', amountPence: amount })),
  });
  await recordPayment(t.deps, system, invoice.id, { amountPence: types.reduce((s, [, a]) => s + a, 0), paidOn, method: 'bank-transfer', reference: `P-${org.id}` });
}

async function meeting(key: string, m: {
  programme: string; org?: Org; region: string; nation?: string; venuePostcode?: string; status?: 'running' | 'closed_down'; startsOn: string; endsOn?: string;
  registeredOn: string; latitude?: number; longitude?: number;
}) {
  const row = await t.database.db
    .insertInto('meetings')
    .values({
      slug: `test-${key}`, name: `Meeting ${key}`, programme_code: m.programme, provider: m.org ? 'partner' : 'uksr', organisation_id: m.org?.id ?? null,
      site_id: m.org?.site.id ?? null, venue_name: m.org ? null : 'Community Hall', venue_address: m.org ? null : '2 Hall Lane', venue_postcode: m.venuePostcode ?? null,
      nation_code: m.nation ?? 'england', region_code: m.region, attendance: 'in_person', day: 2, start_time: '18:00', end_time: '19:30', starts_on: m.startsOn,
      ends_on: m.endsOn ?? null, access: 'open', listed_publicly: true, status: m.status ?? 'running', latitude: m.latitude ?? null, longitude: m.longitude ?? null,
      listing_reasons: '[]', created_at: `${m.registeredOn}T10:00:00Z`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[key] = row.id;
  return row.id;
}

async function facilitator(key: string, org: Org | null, opts: { qualifiedOn?: string; checkIssuedOn?: string; userId?: string; acceptCode?: boolean } = {}) {
  const db = t.database.db;
  const f = await db.insertInto('facilitators').values({ name: `Facilitator ${key}`, email: `facilitator.${key}@people.partnerhub.test`, user_id: opts.userId ?? null }).returning('id').executeTakeFirstOrThrow();
  if (org) await db.insertInto('facilitator_organisations').values({ facilitator_id: f.id, organisation_id: org.id, capacity: 'staff' }).execute();
  if (opts.qualifiedOn) await db.insertInto('facilitator_qualifications').values({ facilitator_id: f.id, code: 'smart-facilitator', achieved_on: opts.qualifiedOn, recorded_by: null }).execute();
  if (opts.checkIssuedOn) {
    await db.insertInto('safeguarding_checks').values({
      facilitator_id: f.id, kind: 'dbs', level: 'enhanced', certificate_number: '001234567890', issued_on: opts.checkIssuedOn, verified_by: null, verified_on: opts.checkIssuedOn, decision: 'suitable',
    }).execute();
  }
  if (opts.acceptCode) {
    const code = await db.selectFrom('code_of_conduct_versions').select('version').orderBy('published_at', 'desc').orderBy('version', 'desc').executeTakeFirstOrThrow();
    await db.insertInto('code_of_conduct_acceptances').values({ facilitator_id: f.id, version: code.version }).execute();
  }
  ids[key] = f.id;
  return f.id;
}

async function nomination(org: Org, status: 'nominated' | 'instructions_sent' | 'released', name: string) {
  const db = t.database.db;
  const ledger = await db.selectFrom('training_ledgers').select('id').where('organisation_id', '=', org.id).executeTakeFirstOrThrow();
  await db.insertInto('nominations').values({
    organisation_id: org.id, site_id: org.site.id, ledger_id: ledger.id, nominee_name: name, nominee_email: `${name.toLowerCase().replace(/ /g, '.')}@people.partnerhub.test`,
    routed_to_email: 'training@smartrecovery.org.uk', created_at: '2026-11-20T10:00:00Z',
  }).returning('id').executeTakeFirstOrThrow().then(({ id }) => db.updateTable('nominations').set({ status }).where('id', '=', id).execute());
}

async function survey(meetingId: string, heldOn: string, status: 'due' | 'completed' | 'not_held') {
  const db = t.database.db;
  const { id } = await db.insertInto('meeting_surveys').values({ meeting_id: meetingId, held_on: heldOn, asked_facilitator_id: null, asked_on: heldOn }).returning('id').executeTakeFirstOrThrow();
  if (status === 'completed') {
    await db.updateTable('meeting_surveys').set({ status, attendance: 6, new_attendees: 1, guidelines_shared: true, completed_at: new Date(`${heldOn}T20:00:00Z`) }).where('id', '=', id).execute();
  } else if (status === 'not_held') {
    await db.updateTable('meeting_surveys').set({ status, not_held_reason: 'Venue closed', completed_at: new Date(`${heldOn}T20:00:00Z`) }).where('id', '=', id).execute();
  }
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  // Signed in on the real clock (the codes are the authenticator's), then the day is fixed.
  central = await signIn(t.app, await createUser(db, { role: 'central_office' }));
  northWestCoordinator = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['north-west'] }));
  veteransLead = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['veterans-lead'] }));
  t.clock.set(new Date('2026-11-24T12:00:00Z')); // a Tuesday: the week of Monday 23 November

  const northWest = await createOrganisation(db, { name: '=HYPERLINK Lancashire Recovery', region: 'north-west' });
  const northWestNew = await createOrganisation(db, { name: 'Preston Wellbeing Hub', region: 'north-west' });
  const scotland = await createOrganisation(db, { name: 'Glen Residential Ltd', region: 'scotland', type: 'for-profit', sector: 'residential' });
  const prison = await createOrganisation(db, { name: 'HMP Testmoor', region: 'midlands-london', sector: 'prison' });
  const veterans = await createOrganisation(db, { name: 'Forces Recovery South', region: 'south-of-england', sector: 'veterans-service' });
  Object.assign(ids, { northWest: northWest.id, northWestNew: northWestNew.id, scotland: scotland.id, prison: prison.id, veterans: veterans.id, northWestSite: northWest.site.id });
  await db.updateTable('sites').set({ postcode: 'G1 1AA' }).where('id', '=', scotland.site.id).execute();
  await db.updateTable('sites').set({ postcode: 'B1 1AA' }).where('id', '=', prison.site.id).execute();
  await db.updateTable('sites').set({ postcode: 'SO14 7DU' }).where('id', '=', veterans.site.id).execute();
  await db.insertInto('postcodes').values([
    { postcode: 'PR1 8BU', latitude: 53.7592, longitude: -2.6991, town: 'Preston' },
    { postcode: 'G1 1AA', latitude: 55.8609, longitude: -4.2514, town: 'Glasgow' },
  ]).onConflict((oc) => oc.doNothing()).execute();

  await licensed(northWest, [['smart-recovery', 70_000], ['family-and-friends', 41_000]], '2026-10-10');
  await licensed(scotland, [['smart-recovery', 140_000]], '2026-02-01'); // ends 31 January 2027: within 90 days
  await licensed(prison, [['criminal-justice', 111_000]], '2026-09-15');
  await db.updateTable('licences').set({ status: 'lapsed' }).where('organisation_id', '=', prison.id).execute();
  await licensed(veterans, [['veterans', 50_000]], '2026-06-01');

  await meeting('nw-weekly', { programme: 'smart-recovery', org: northWest, region: 'north-west', startsOn: '2026-09-01', registeredOn: '2026-11-20', latitude: 53.76, longitude: -2.7 });
  await meeting('nw-closed', { programme: 'family-and-friends', org: northWest, region: 'north-west', status: 'closed_down', startsOn: '2026-03-03', endsOn: '2026-11-10', registeredOn: '2026-03-01' });
  await meeting('scot-future', { programme: 'smart-recovery', org: scotland, region: 'scotland', nation: 'scotland', startsOn: '2026-12-01', registeredOn: '2026-11-22' });
  await meeting('nw-community', { programme: 'smart-recovery', region: 'north-west', venuePostcode: 'M1 1AE', startsOn: '2026-01-06', registeredOn: '2026-01-01', latitude: 53.48, longitude: -2.24 });
  await meeting('uksr-veterans', { programme: 'veterans', region: 'midlands-london', venuePostcode: 'B2 4QA', startsOn: '2026-05-05', registeredOn: '2026-05-01', latitude: 52.48, longitude: -1.9 });
  await meeting('veterans-org', { programme: 'veterans', org: veterans, region: 'south-of-england', startsOn: '2026-06-16', registeredOn: '2026-06-10' });

  const lead = await createUser(db, { role: 'smart_lead', organisationId: northWest.id });
  const unqualifiedLead = await createUser(db, { role: 'smart_lead', organisationId: northWestNew.id });
  await facilitator('nwLead', northWest, { qualifiedOn: '2026-11-01', checkIssuedOn: '2026-01-05', userId: lead.id, acceptCode: true });
  await facilitator('nwNoCheck', northWest, { acceptCode: true });
  await facilitator('nwNewLead', northWestNew, { userId: unqualifiedLead.id, checkIssuedOn: '2026-02-01', acceptCode: true });
  await facilitator('scotNoCheck', scotland, { qualifiedOn: '2025-05-01' });
  await facilitator('volunteer', null, { qualifiedOn: '2025-01-01' });
  await db.insertInto('meeting_facilitators').values([
    { meeting_id: ids['nw-weekly']!, facilitator_id: ids.nwLead! },
    { meeting_id: ids['nw-community']!, facilitator_id: ids.volunteer! },
    { meeting_id: ids['nw-closed']!, facilitator_id: ids.nwNoCheck! },
  ]).execute();

  await nomination(northWest, 'nominated', 'Nominee One');
  await nomination(northWest, 'instructions_sent', 'Nominee Two');
  await nomination(northWest, 'released', 'Nominee Three');
  await nomination(scotland, 'nominated', 'Nominee Four');

  await survey(ids['nw-weekly']!, '2026-11-03', 'completed');
  await survey(ids['nw-weekly']!, '2026-11-10', 'due'); // overdue: ten days have passed
  await survey(ids['nw-weekly']!, '2026-11-17', 'due');
  await survey(ids['nw-community']!, '2026-11-05', 'not_held');
  await survey(ids['veterans-org']!, '2026-11-02', 'completed');

  const coordinatorUser = await db.selectFrom('users').select('id').where('role', '=', 'coordinator').executeTakeFirstOrThrow();
  await db.insertInto('visits').values([
    {
      kind: 'quality_assurance', organisation_id: northWest.id, site_id: northWest.site.id, meeting_id: ids['nw-weekly']!, scheduled_on: '2026-11-12', visitor_user_id: coordinatorUser.id,
      status: 'recorded', visited_on: '2026-11-12', structure: JSON.stringify({ check_in: true }),
    },
    { kind: 'site', organisation_id: scotland.id, site_id: scotland.site.id, scheduled_on: '2026-12-02', visitor_user_id: coordinatorUser.id },
  ]).execute();
});
afterAll(async () => {
  t?.clock.reset();
  await t?.close();
});

const get = (who: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: who.headers() });
const pairs = (rows: { label: string; count: number }[]) => rows.map((r) => [r.label, r.count]);

describe('the network dashboard matches the data', () => {
  it('gives Central Office every figure for the whole network', async () => {
    const res = await get(central, '/api/v1/reports/network?from=2026-09-01&to=2026-11-24');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.scopeLabel).toBe('the whole network');
    // Meetings running: the weekly, the community, the two veterans meetings; not the closed one nor the one yet to start.
    expect(r.meetings.runningThisWeek).toBe(4);
    expect(r.meetings.byWeek.slice(-5)).toEqual([
      { weekStarting: '2026-10-26', count: 5 },
      { weekStarting: '2026-11-02', count: 5 },
      { weekStarting: '2026-11-09', count: 5 }, // the closed meeting's last date was Tuesday 10 November
      { weekStarting: '2026-11-16', count: 4 },
      { weekStarting: '2026-11-23', count: 4 },
    ]);
    expect(pairs(r.meetings.byRegion)).toEqual([['North West', 2], ['South of England', 1], ['The Midlands & London', 1]]);
    expect(pairs(r.meetings.byProgramme)).toEqual([['SMART Recovery 4-Point Programme', 2], ['SMART Veterans', 2]]);

    expect(r.licences.inOperation).toBe(4);
    expect(r.licences.byMonth).toEqual([
      { month: '2026-09', count: 3 }, // Scotland, the prison (then in its year) and veterans
      { month: '2026-10', count: 5 },
      { month: '2026-11', count: 4 }, // today: the prison's licence has lapsed
    ]);
    expect(pairs(r.licences.byRegion)).toEqual([['North West', 2], ['Scotland', 1], ['South of England', 1]]);
    expect(pairs(r.licences.byProgramme)).toEqual([['SMART Family & Friends', 1], ['SMART Recovery', 2], ['SMART Veterans', 1]]);
    expect(pairs(r.licences.byOrganisationType)).toEqual([['For-profit', 1], ['Non-profit', 3]]);
    expect(pairs(r.licences.bySector)).toEqual([['Addiction treatment service', 2], ['Residential (private) provider', 1], ['Veterans service', 1]]);

    expect(r.training).toEqual({ nominated: 3, enrolled: 1, qualified: 1, facilitating: 2 });
    expect(r.surveys).toEqual({ due: 2, completed: 2, notHeld: 1, overdue: 1, rate: 60 });
    expect(r.visits).toEqual({ organisations: 5, organisationsVisited: 1, runningMeetings: 2, meetingsQualityAssured: 1, visitsRecorded: 1 });
    expect(r.income.totalPence).toBe(222_000);
    expect(r.income.byProgramme.map((i: { key: string; pence: number }) => [i.key, i.pence])).toEqual([['criminal-justice', 111_000], ['family-and-friends', 41_000], ['smart-recovery', 70_000]]);
  });

  it('narrows every figure to a region and a period', async () => {
    const r = (await get(central, '/api/v1/reports/network?region=scotland&from=2026-01-01&to=2026-11-24')).json();
    expect(r.meetings.runningThisWeek).toBe(0);
    expect(r.licences.inOperation).toBe(1);
    expect(r.training).toEqual({ nominated: 1, enrolled: 0, qualified: 0, facilitating: 0 });
    expect(r.visits.organisations).toBe(1);
    expect(r.income.totalPence).toBe(140_000);
    const bad = await get(central, '/api/v1/reports/network?from=2026-11-24&to=2026-01-01');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('validation_failed');
    expect((await get(central, '/api/v1/reports/network?region=atlantis')).statusCode).toBe(422);
  });

  it('exports each table as CSV a spreadsheet will not run as a formula', async () => {
    const csv = await get(central, '/api/v1/reports/network?from=2026-09-01&to=2026-11-24&format=csv&table=licences-by-region');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toBe('Region,Count\r\nNorth West,2\r\nScotland,1\r\nSouth of England,1\r\n');
    const funnel = await get(central, '/api/v1/reports/network?from=2026-09-01&to=2026-11-24&format=csv&table=training-funnel');
    expect(funnel.body).toContain('Nominated,3\r\nEnrolled,1\r\nQualified,1\r\nFacilitating,2');
    const map = await get(central, '/api/v1/reports/network/map?format=csv');
    expect(map.body).toContain(`"'=HYPERLINK Lancashire Recovery"`);
    expect(map.body).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('maps licensed sites, running meetings and the gaps', async () => {
    const m = (await get(central, '/api/v1/reports/network/map')).json();
    // Few places: each one is a point (a big network's are grouped: network-map.int.test.ts).
    expect(m.grouped).toBe(false);
    expect(m.groups).toEqual([]);
    const sites = m.points.filter((p: { kind: string }) => p.kind === 'site');
    expect(sites.map((p: { organisationName: string; gap: boolean }) => [p.organisationName, p.gap]).sort()).toEqual([
      ['=HYPERLINK Lancashire Recovery', false], ['Forces Recovery South', false], ['Glen Residential Ltd', true],
    ]);
    expect(sites.find((p: { organisationName: string }) => p.organisationName === 'Glen Residential Ltd')).toMatchObject({ latitude: 55.8609, longitude: -4.2514 });
    expect(m.points.filter((p: { kind: string }) => p.kind === 'meeting').map((p: { name: string }) => p.name).sort()).toEqual([
      'Meeting nw-community', 'Meeting nw-weekly', 'Meeting uksr-veterans', 'Meeting veterans-org',
    ]);
    const region = (code: string) => m.regions.find((r: { code: string }) => r.code === code);
    expect(region('scotland')).toMatchObject({ licensedSites: 1, runningMeetings: 0, gap: true, coordinatorVacant: false });
    expect(region('north-west')).toMatchObject({ licensedSites: 1, runningMeetings: 2, gap: false });
    expect(region('midlands-london')).toMatchObject({ coordinatorVacant: true });
    expect(m.areaGaps).toEqual([{ area: 'G', regionName: 'Scotland', licensedSites: 1 }]);
    expect(m.sitesWithoutMeeting).toEqual([expect.objectContaining({ organisationName: 'Glen Residential Ltd', postcode: 'G1 1AA', latitude: 55.8609, longitude: -4.2514 })]);
  });

  it("lists what needs the Coordinator's attention on the home page", async () => {
    const nw = (await get(northWestCoordinator, '/api/v1/workspace')).json();
    expect(nw.counts).toEqual({
      organisations: 2, nominationsToEnrol: 1, newMeetings: 1, smartLeadsNotQualified: 1, facilitatorsDue: 1,
      meetingsBehindOnSurveys: 1, licencesExpiring: 0, licencesLapsed: 0, organisationsWithoutMeetings: 1,
    });
    expect(nw.nominationsToEnrol.map((n: { nomineeName: string }) => n.nomineeName)).toEqual(['Nominee One']);
    expect(nw.newMeetings.map((m: { name: string }) => m.name)).toEqual(['Meeting nw-weekly']);
    expect(nw.smartLeadsNotQualified.map((l: { organisation: { name: string } }) => l.organisation.name)).toEqual(['Preston Wellbeing Hub']);
    expect(nw.facilitatorsDue).toEqual([expect.objectContaining({ name: 'Facilitator nwNoCheck', check: 'missing', codeOfConductCurrent: true })]);
    expect(nw.meetingsBehindOnSurveys).toEqual([expect.objectContaining({ name: 'Meeting nw-weekly', overdue: 1 })]);
    expect(nw.organisationsWithoutMeetings.map((o: { name: string }) => o.name)).toEqual(['Preston Wellbeing Hub']);

    const all = (await get(central, '/api/v1/workspace')).json();
    expect(all.counts).toMatchObject({ organisations: 5, nominationsToEnrol: 2, newMeetings: 2, licencesExpiring: 1, licencesLapsed: 1, facilitatorsDue: 2 });
    expect(all.licences.map((l: { organisation: { name: string }; status: string }) => [l.organisation.name, l.status])).toEqual([['Glen Residential Ltd', 'active'], ['HMP Testmoor', 'lapsed']]);
    expect(all.organisationsWithoutMeetings.map((o: { name: string }) => o.name)).toEqual(['HMP Testmoor', 'Preston Wellbeing Hub']);
  });
});

describe('a Coordinator sees only their own region (a programme lead their programme)', () => {
  const otherRegions = ['Glen Residential Ltd', 'HMP Testmoor', 'Forces Recovery South', 'Nominee Four', 'Meeting scot-future', 'Meeting uksr-veterans', 'Meeting veterans-org'];

  it('in the workspace, the dashboard, the map and every CSV', async () => {
    const urls = [
      '/api/v1/workspace', '/api/v1/reports/network?from=2026-01-01&to=2026-11-24', '/api/v1/reports/network/map', '/api/v1/reports/network/map?format=csv',
      '/api/v1/reports/licences?format=csv', '/api/v1/reports/licences', '/api/v1/reports/licences/summary',
      ...['summary', 'licences-by-region', 'licences-by-sector', 'meetings-by-region', 'income-by-programme'].map((table) => `/api/v1/reports/network?format=csv&from=2026-01-01&table=${table}`),
    ];
    for (const url of urls) {
      const res = await get(northWestCoordinator, url);
      expect(res.statusCode, url).toBe(200);
      for (const name of otherRegions) expect(res.body, `${url} mentions ${name}`).not.toContain(name);
    }
    const r = (await get(northWestCoordinator, '/api/v1/reports/network?from=2026-09-01&to=2026-11-24')).json();
    expect(r.scopeLabel).toBe('North West');
    expect(r.meetings.runningThisWeek).toBe(2);
    expect(r.licences.inOperation).toBe(2);
    expect(pairs(r.licences.byRegion)).toEqual([['North West', 2]]);
    expect(r.training).toEqual({ nominated: 2, enrolled: 1, qualified: 1, facilitating: 2 });
    expect(r.surveys).toEqual({ due: 2, completed: 1, notHeld: 1, overdue: 1, rate: 50 });
    expect(r.visits).toMatchObject({ organisations: 2, organisationsVisited: 1 });
    expect(r.income.totalPence).toBe(111_000);
    // Asking for another region gives nothing of it, not its figures.
    const scotland = (await get(northWestCoordinator, '/api/v1/reports/network?region=scotland')).json();
    expect(scotland.licences.inOperation).toBe(0);
    expect(scotland.visits.organisations).toBe(0);
    const map = (await get(northWestCoordinator, '/api/v1/reports/network/map')).json();
    expect(map.points).toHaveLength(3);
    expect(map.regions.map((x: { code: string }) => x.code)).toEqual(['north-west']);
    expect((await get(northWestCoordinator, '/api/v1/reports/licences/summary')).json().inOperation).toBe(2);
  });

  it("gives a programme lead their programme's organisations and meetings only", async () => {
    const r = (await get(veteransLead, '/api/v1/reports/network?from=2026-09-01&to=2026-11-24')).json();
    expect(r.meetings.runningThisWeek).toBe(2); // the UKSR veterans meeting and the veterans service's
    expect(r.licences.inOperation).toBe(1);
    expect(r.visits.organisations).toBe(1);
    const home = await get(veteransLead, '/api/v1/workspace');
    expect(home.json().counts.organisations).toBe(1);
    for (const name of ['Lancashire', 'Glen Residential', 'HMP Testmoor', 'Preston']) expect(home.body).not.toContain(name);
    const csv = await get(veteransLead, '/api/v1/reports/licences?format=csv');
    expect(csv.body).toContain('Forces Recovery South');
    expect(csv.body).not.toContain('Glen Residential');
  });
});
