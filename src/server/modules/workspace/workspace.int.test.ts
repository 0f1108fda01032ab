import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { meetingRunningBetween } from '../../../domain/reports/network.js';
import { issueInvoice, recordPayment } from '../invoices/invoices.service.js';
import * as repo from './workspace.repository.js';
import { CHECK_DUE_SOON_DAYS, checkState } from './workspace.service.js';

let t: TestApp;
let central: SignedIn;
let northWest: SignedIn;
let scotland: SignedIn;
let veteransLead: SignedIn;
let smartLead: SignedIn;
let preston: Awaited<ReturnType<typeof createOrganisation>>;
let glasgow: Awaited<ReturnType<typeof createOrganisation>>;
const system = { userId: null, label: 'test' };

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  central = await signIn(t.app, await createUser(db, { role: 'central_office' }));
  northWest = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['north-west'] }));
  scotland = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['scotland-1'] }));
  veteransLead = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['veterans-lead'] }));
  preston = await createOrganisation(db, { name: 'Preston Recovery Service', region: 'north-west' });
  glasgow = await createOrganisation(db, { name: 'Glasgow Recovery Service', region: 'scotland' });
  smartLead = await signIn(t.app, await createUser(db, { role: 'smart_lead', organisationId: preston.id }));
  await db.insertInto('postcodes').values({ postcode: 'PR1 8BU', latitude: 53.7592, longitude: -2.6991, town: 'Preston' }).onConflict((oc) => oc.doNothing()).execute();
  const invoice = await issueInvoice(t.deps, system, {
    organisationId: preston.id, kind: 'new', billing: { name: 'Finance', email: 'finance@people.partnerhub.test' }, feeScheduleId: 'april-2026', source: { type: 'test', id: preston.id },
    lines: [{ kind: 'licence', siteId: preston.site.id, licenceType: 'smart-recovery', description: 'SMART Recovery', rule: 'Section 10', amountPence: 70_000 }],
  });
  await recordPayment(t.deps, system, invoice.id, { amountPence: 70_000, paidOn: '2026-10-01', method: 'bank-transfer', reference: 'P-1' });
  // A qualified facilitator with a current check and the Code of Conduct accepted, and one with nothing yet.
  const code = await db.selectFrom('code_of_conduct_versions').select('version').orderBy('published_at', 'desc').orderBy('version', 'desc').executeTakeFirstOrThrow();
  const ready = await db.insertInto('facilitators').values({ name: 'Ready Facilitator', email: 'ready.facilitator@people.partnerhub.test' }).returning('id').executeTakeFirstOrThrow();
  const fresh = await db.insertInto('facilitators').values({ name: 'New Facilitator', email: 'new.facilitator@people.partnerhub.test' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('facilitator_organisations').values([
    { facilitator_id: ready.id, organisation_id: preston.id, capacity: 'staff' },
    { facilitator_id: fresh.id, organisation_id: preston.id, capacity: 'volunteer' },
  ]).execute();
  await db.insertInto('facilitator_qualifications').values({ facilitator_id: ready.id, code: 'smart-facilitator', achieved_on: '2026-03-01', recorded_by: null }).execute();
  await db.insertInto('safeguarding_checks').values({
    facilitator_id: ready.id, kind: 'dbs', level: 'enhanced', certificate_number: '001234567890', issued_on: '2026-01-05', verified_by: null, verified_on: '2026-01-05', decision: 'suitable',
  }).execute();
  await db.insertInto('code_of_conduct_acceptances').values({ facilitator_id: ready.id, version: code.version }).execute();
});
afterAll(async () => t?.close());

const get = (who: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: who.headers() });
const post = (who: SignedIn, url: string, body: unknown) => t.app.inject({ method: 'POST', url, headers: { ...who.headers(), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
const refusals = (id: string) =>
  t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'organisation.read_refused').where('entity_id', '=', id).execute();

describe("an organisation's page in the Coordinator's workspace", () => {
  it('shows sites placed on the map, licences, facilitators with their eligibility, meetings, visits and notes', async () => {
    const res = await get(northWest, `/api/v1/workspace/organisations/${preston.id}`);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.organisation).toMatchObject({ name: 'Preston Recovery Service', regionName: 'North West' });
    expect(page.sites).toEqual([expect.objectContaining({ postcode: 'PR1 8BU', latitude: 53.7592, longitude: -2.6991 })]);
    expect(page.licences).toEqual([expect.objectContaining({ licenceTypeName: 'SMART Recovery', status: 'active', startsOn: '2026-10-01' })]);
    const ready = page.facilitators.find((f: { name: string }) => f.name === 'Ready Facilitator');
    expect(ready).toMatchObject({ qualified: true, check: 'current', codeOfConductCurrent: true, eligible: true, reasons: [] });
    const fresh = page.facilitators.find((f: { name: string }) => f.name === 'New Facilitator');
    expect(fresh).toMatchObject({ qualified: false, check: 'missing', codeOfConductCurrent: false, eligible: false });
    expect(fresh.reasons.length).toBeGreaterThanOrEqual(3);
    expect(page.meetings).toEqual([]);
    expect(page.notes).toEqual([]);
  });

  it('shows when a check runs out as the facilitator record does: the same "valid until" day, the day before its recheck date', async () => {
    const page = (await get(northWest, `/api/v1/workspace/organisations/${preston.id}`)).json();
    const ready = page.facilitators.find((f: { name: string }) => f.name === 'Ready Facilitator');
    const record = await get(central, `/api/v1/facilitators/${ready.id}`);
    expect(record.statusCode).toBe(200);
    const checks = record.json().checks as { validUntil: string }[];
    // Issued 5 January 2026, a DBS check is rechecked three years on: it counts up to 4 January 2029.
    expect(checks.map((c) => c.validUntil)).toEqual(['2029-01-04']);
    expect(ready).toMatchObject({ checkDueOn: '2029-01-05', checkValidUntil: '2029-01-04' });
  });

  it("answers another region's organisation exactly as a missing one, and audits the attempt", async () => {
    const other = await get(northWest, `/api/v1/workspace/organisations/${glasgow.id}`);
    const missing = await get(northWest, '/api/v1/workspace/organisations/00000000-0000-4000-8000-000000000000');
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual(missing.json());
    expect(await refusals(glasgow.id)).toHaveLength(1);
    expect((await get(veteransLead, `/api/v1/workspace/organisations/${preston.id}`)).statusCode).toBe(404);
    expect((await get(scotland, `/api/v1/workspace/organisations/${glasgow.id}`)).statusCode).toBe(200);
    expect((await get(central, `/api/v1/workspace/organisations/${glasgow.id}`)).statusCode).toBe(200);
    expect((await get(smartLead, `/api/v1/workspace/organisations/${preston.id}`)).statusCode).toBe(403);
  });
});

describe('notes of contact', () => {
  it('records a dated note, audited, shown on the page newest first', async () => {
    const first = await post(northWest, `/api/v1/workspace/organisations/${preston.id}/notes`, { contactOn: '2026-11-02', kind: 'call', summary: 'Talked through registering a second meeting.' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ contactOn: '2026-11-02', kind: 'call', summary: 'Talked through registering a second meeting.' });
    expect(first.json().recordedBy).toMatch(/^Test coordinator/);
    await post(central, `/api/v1/workspace/organisations/${preston.id}/notes`, { contactOn: '2026-11-10', kind: 'email', summary: 'Sent the renewal reminder.' });
    const page = (await get(northWest, `/api/v1/workspace/organisations/${preston.id}`)).json();
    expect(page.notes.map((n: { contactOn: string; kind: string }) => [n.contactOn, n.kind])).toEqual([['2026-11-10', 'email'], ['2026-11-02', 'call']]);
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'after']).where('action', '=', 'contact_note.created').where('entity_id', '=', preston.id).execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses notes on another region\'s organisation as "not found", writing nothing', async () => {
    const res = await post(northWest, `/api/v1/workspace/organisations/${glasgow.id}/notes`, { contactOn: '2026-11-02', kind: 'call', summary: 'Should not be kept.' });
    expect(res.statusCode).toBe(404);
    const notes = await t.database.db.selectFrom('contact_notes').select('id').where('organisation_id', '=', glasgow.id).execute();
    expect(notes).toHaveLength(0);
    expect((await post(veteransLead, `/api/v1/workspace/organisations/${preston.id}/notes`, { contactOn: '2026-11-02', kind: 'call', summary: 'No.' })).statusCode).toBe(404);
    expect((await post(smartLead, `/api/v1/workspace/organisations/${preston.id}/notes`, { contactOn: '2026-11-02', kind: 'call', summary: 'No.' })).statusCode).toBe(403);
  });

  it('answers bad notes with 422 and the field', async () => {
    const empty = await post(northWest, `/api/v1/workspace/organisations/${preston.id}/notes`, { contactOn: 'yesterday', kind: 'fax', summary: '  ' });
    expect(empty.statusCode).toBe(422);
    const fields = empty.json().error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['body.contactOn', 'body.kind', 'body.summary']);
    const future = await post(northWest, `/api/v1/workspace/organisations/${preston.id}/notes`, { contactOn: '2099-01-01', kind: 'call', summary: 'From the future.' });
    expect(future.statusCode).toBe(422);
    expect(future.json().error.details).toEqual([{ field: 'body.contactOn', message: 'The date of the contact must be today or earlier' }]);
  });
});

describe('the home page, a section at a time (decision 159)', () => {
  type Item = { id: string; name: string };
  const names = (items: Item[]) => items.map((i) => i.name);
  let northWestDue: string[];
  let northWestNew: string[];
  let glasgowNames: string[];

  beforeAll(async () => {
    const db = t.database.db;
    t.clock.set(new Date('2026-11-24T12:00:00Z'));
    // 25 more facilitators of Preston with nothing recorded (so 26 due with "New Facilitator"), and 3 of Glasgow's.
    const add = async (org: { id: string }, name: string) => {
      const f = await db.insertInto('facilitators').values({ name, email: `${name.toLowerCase().replace(/ /g, '.')}@people.partnerhub.test` }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('facilitator_organisations').values({ facilitator_id: f.id, organisation_id: org.id, capacity: 'volunteer' }).execute();
    };
    for (let i = 1; i <= 25; i++) await add(preston, `Preston Volunteer ${String(i).padStart(2, '0')}`);
    for (let i = 1; i <= 3; i++) await add(glasgow, `Glasgow Volunteer ${i}`);
    // 23 new meetings in the North West and 2 in Scotland, registered in the last 30 days.
    const meeting = (org: { id: string; site: { id: string } }, region: string, name: string) => ({
      slug: `test-${name.toLowerCase().replace(/ /g, '-')}`, name, programme_code: 'smart-recovery', provider: 'partner' as const, organisation_id: org.id, site_id: org.site.id,
      nation_code: region === 'scotland' ? 'scotland' : 'england', region_code: region, attendance: 'in_person' as const, day: 2, start_time: '18:00', end_time: '19:30',
      starts_on: '2026-11-03', access: 'open' as const, listed_publicly: true, listing_reasons: '[]', created_at: new Date('2026-11-01T10:00:00Z'),
    });
    await db.insertInto('meetings').values([
      ...Array.from({ length: 23 }, (_, i) => meeting(preston, 'north-west', `Preston Meeting ${String(i + 1).padStart(2, '0')}`)),
      meeting(glasgow, 'scotland', 'Glasgow Meeting 1'), meeting(glasgow, 'scotland', 'Glasgow Meeting 2'),
    ]).execute();
    northWestDue = ['New Facilitator', ...Array.from({ length: 25 }, (_, i) => `Preston Volunteer ${String(i + 1).padStart(2, '0')}`)];
    northWestNew = Array.from({ length: 23 }, (_, i) => `Preston Meeting ${String(i + 1).padStart(2, '0')}`);
    glasgowNames = ['Glasgow Volunteer 1', 'Glasgow Volunteer 2', 'Glasgow Volunteer 3', 'Glasgow Meeting 1', 'Glasgow Meeting 2'];
  });
  afterAll(() => t.clock.reset());

  it('gives each section its first page in a stable order and its total', async () => {
    const res = await get(northWest, '/api/v1/workspace');
    expect(res.statusCode).toBe(200);
    const home = res.json();
    expect(home.pageSize).toBe(20);
    expect(home.counts).toMatchObject({ organisations: 1, facilitatorsDue: 26, newMeetings: 23 });
    expect(names(home.facilitatorsDue)).toEqual(northWestDue.slice(0, 20));
    expect(names(home.newMeetings)).toEqual(northWestNew.slice(0, 20));
    expect(home.facilitatorsDue[1]).toMatchObject({ name: 'Preston Volunteer 01', organisations: [{ id: preston.id, name: 'Preston Recovery Service' }], check: 'missing', codeOfConductCurrent: false });
    for (const name of glasgowNames) expect(res.body).not.toContain(name);
  });

  it('pages through a section: the second page holds the rest, the total stays the same', async () => {
    const second = await get(northWest, '/api/v1/workspace/sections/facilitators-due?offset=20');
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ section: 'facilitators-due', region: null, total: 26, limit: 20, offset: 20 });
    expect(names(second.json().items)).toEqual(northWestDue.slice(20));
    const meetings = (await get(northWest, '/api/v1/workspace/sections/new-meetings?offset=20')).json();
    expect(meetings.total).toBe(23);
    expect(names(meetings.items)).toEqual(northWestNew.slice(20));
    // Any size of page, and nothing past the end.
    const small = (await get(northWest, '/api/v1/workspace/sections/facilitators-due?limit=5&offset=5')).json();
    expect(names(small.items)).toEqual(northWestDue.slice(5, 10));
    const beyond = (await get(northWest, '/api/v1/workspace/sections/facilitators-due?offset=100')).json();
    expect(beyond).toMatchObject({ total: 26, items: [] });
    // The first page of a section is the home page's.
    const first = (await get(northWest, '/api/v1/workspace/sections/new-meetings')).json();
    expect(names(first.items)).toEqual(northWestNew.slice(0, 20));
  });

  it("never shows another region's items or counts, however the section is paged", async () => {
    for (const section of ['facilitators-due', 'new-meetings']) {
      for (const query of ['', '?offset=20', '?region=scotland', '?region=scotland&offset=0&limit=100']) {
        const res = await get(northWest, `/api/v1/workspace/sections/${section}${query}`);
        expect(res.statusCode).toBe(200);
        for (const name of glasgowNames) expect(res.body, `${section}${query}`).not.toContain(name);
        if (query.includes('scotland')) expect(res.json()).toMatchObject({ total: 0, items: [] });
      }
    }
    const scottish = (await get(northWest, '/api/v1/workspace?region=scotland')).json();
    expect(scottish.counts).toMatchObject({ organisations: 0, facilitatorsDue: 0, newMeetings: 0 });
    // Central Office: the whole network, or one region.
    const all = (await get(central, '/api/v1/workspace/sections/facilitators-due?limit=100')).json();
    expect(all.total).toBe(29);
    expect(names(all.items)).toEqual([...glasgowNames.slice(0, 3), ...northWestDue].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const scotland = (await get(central, '/api/v1/workspace/sections/new-meetings?region=scotland')).json();
    expect(scotland).toMatchObject({ region: 'scotland', total: 2 });
    expect(names(scotland.items)).toEqual(['Glasgow Meeting 1', 'Glasgow Meeting 2']);
    // A programme lead (veterans) sees none of these organisations.
    const veterans = (await get(veteransLead, '/api/v1/workspace/sections/facilitators-due')).json();
    expect(veterans).toMatchObject({ total: 0, items: [] });
  });

  it('refuses an unknown section or a bad page with 422, and people outside the staff with 403', async () => {
    expect((await get(northWest, '/api/v1/workspace/sections/everything')).statusCode).toBe(422);
    expect((await get(northWest, '/api/v1/workspace/sections/licences?limit=0')).statusCode).toBe(422);
    expect((await get(northWest, '/api/v1/workspace/sections/licences?offset=-1')).statusCode).toBe(422);
    expect((await get(northWest, '/api/v1/workspace/sections/licences?region=atlantis')).statusCode).toBe(422);
    expect((await get(smartLead, '/api/v1/workspace/sections/licences')).statusCode).toBe(403);
  });
});

describe('the SQL behind the counts agrees with the scheme rules in src/domain', () => {
  const today = '2026-11-24';

  it('counts a meeting as running as meetingRunningBetween does (or running and yet to start)', async () => {
    const db = t.database.db;
    const org = await createOrganisation(db, { name: 'Running Rules Recovery', region: 'north-east-yorkshire' });
    const cases: { status: 'running' | 'closed_down'; startsOn: string; endsOn: string | null }[] = [];
    for (const status of ['running', 'closed_down'] as const) {
      for (const startsOn of ['2026-01-06', '2026-11-23', today, '2026-11-25', '2027-01-05']) {
        for (const endsOn of [null, '2026-11-23', today, '2026-11-25', '2027-06-01']) cases.push({ status, startsOn, endsOn });
      }
    }
    const inserted = await db.insertInto('meetings').values(cases.map((c, i) => ({
      slug: `rule-${i}`, name: `Rule ${i}`, programme_code: 'smart-recovery', provider: 'partner' as const, organisation_id: org.id, site_id: org.site.id, nation_code: 'england',
      region_code: 'north-east-yorkshire', attendance: 'in_person' as const, day: 2, start_time: '18:00', end_time: '19:30', starts_on: c.startsOn, ends_on: c.endsOn, status: c.status,
      access: 'open' as const, listed_publicly: true, listing_reasons: '[]',
    }))).returning(['id', 'slug']).execute();
    const bySql = await db.selectFrom('meetings as m').select('m.slug').where('m.organisation_id', '=', org.id).where(repo.meetingRunningOrStarting(today)).execute();
    const byRule = cases.flatMap((c, i) => (meetingRunningBetween(c, today, today) || (c.status === 'running' && c.startsOn > today) ? [`rule-${i}`] : []));
    expect(inserted).toHaveLength(50);
    expect(bySql.map((r) => r.slug).sort()).toEqual(byRule.sort());
    expect(byRule.length).toBeGreaterThan(5);
    expect(byRule.length).toBeLessThan(45);
  });

  it("finds the facilitators due, and their recheck dates, as checkState and recheckDueDate do", async () => {
    const db = t.database.db;
    const org = await createOrganisation(db, { name: 'Check Rules Recovery', region: 'south-wales' });
    const code = await db.selectFrom('code_of_conduct_versions').select('version').orderBy('published_at', 'desc').orderBy('version', 'desc').executeTakeFirstOrThrow();
    // A policy unlike the default, so the SQL must follow the policy it is given.
    const policy = { recheckAfterYears: { dbs: 2, pvg: 4, accessni: 3 } };
    type Check = { kind: 'dbs' | 'pvg' | 'accessni'; issued_on: string; decision?: 'suitable' | 'not_suitable' };
    const people: { name: string; checks: Check[]; accepted: boolean }[] = [
      { name: 'Rule Nothing', checks: [], accepted: false },
      { name: 'Rule Accepted Only', checks: [], accepted: true },
      { name: 'Rule Leap Day PVG', checks: [{ kind: 'pvg', issued_on: '2024-02-29' }], accepted: true }, // due 28 February 2028: current
      { name: 'Rule Leap Day DBS', checks: [{ kind: 'dbs', issued_on: '2024-02-29' }], accepted: true }, // due 28 February 2026: expired
      { name: 'Rule Due Today', checks: [{ kind: 'dbs', issued_on: '2024-11-24' }], accepted: true }, // expired on the day
      { name: 'Rule Due In 60 Days', checks: [{ kind: 'accessni', issued_on: '2024-01-23' }], accepted: true }, // 23 January 2027: due
      { name: 'Rule Due In 61 Days', checks: [{ kind: 'accessni', issued_on: '2024-01-24' }], accepted: true }, // 24 January 2027: current
      { name: 'Rule Latest Decides', checks: [{ kind: 'dbs', issued_on: '2022-01-10' }, { kind: 'pvg', issued_on: '2025-06-01' }], accepted: true }, // current
      { name: 'Rule Latest Old', checks: [{ kind: 'dbs', issued_on: '2022-01-10' }, { kind: 'accessni', issued_on: '2023-03-01' }], accepted: true }, // expired
      { name: 'Rule Unsuitable Ignored', checks: [{ kind: 'pvg', issued_on: '2025-06-01', decision: 'not_suitable' }], accepted: true }, // missing
      { name: 'Rule Current Not Accepted', checks: [{ kind: 'pvg', issued_on: '2025-06-01' }], accepted: false },
    ];
    const ids = new Map<string, string>();
    for (const p of people) {
      const f = await db.insertInto('facilitators').values({ name: p.name, email: `${p.name.toLowerCase().replace(/ /g, '.')}@people.partnerhub.test` }).returning('id').executeTakeFirstOrThrow();
      ids.set(p.name, f.id);
      await db.insertInto('facilitator_organisations').values({ facilitator_id: f.id, organisation_id: org.id, capacity: 'staff' }).execute();
      for (const c of p.checks) {
        await db.insertInto('safeguarding_checks').values({
          facilitator_id: f.id, kind: c.kind, level: 'enhanced', certificate_number: '001234567890', issued_on: c.issued_on, verified_by: null, verified_on: c.issued_on, decision: c.decision ?? 'suitable',
        }).execute();
      }
      if (p.accepted) await db.insertInto('code_of_conduct_acceptances').values({ facilitator_id: f.id, version: code.version }).execute();
    }
    const filter = { scope: { organisations: { kind: 'organisation' as const, organisationId: org.id }, uksrMeetings: { kind: 'some' as const, regions: [], programmes: [] }, label: '' }, today };
    const standing = { policy, codeOfConductVersion: code.version, dueSoonDays: CHECK_DUE_SOON_DAYS };
    const rows = await repo.facilitatorsDue(db, filter, standing, { limit: 100, offset: 0 });
    const expected = people.flatMap((p) => {
      const s = checkState(p.checks.filter((c) => (c.decision ?? 'suitable') === 'suitable'), today, policy);
      return s.check === 'current' && p.accepted ? [] : [{ name: p.name, check_due_on: s.checkDueOn, code_of_conduct_current: p.accepted }];
    });
    expect(rows.map((r) => ({ name: r.name, check_due_on: r.check_due_on, code_of_conduct_current: r.code_of_conduct_current }))).toEqual(expected.sort((a, b) => (a.name < b.name ? -1 : 1)));
    expect(await repo.facilitatorsDueCount(db, filter, standing)).toBe(expected.length);
    // The cases cover every state.
    const states = people.map((p) => checkState(p.checks.filter((c) => (c.decision ?? 'suitable') === 'suitable'), today, policy).check);
    expect(new Set(states)).toEqual(new Set(['missing', 'due', 'expired', 'current']));
    expect(rows.map((r) => r.name)).not.toContain('Rule Leap Day PVG');
    expect(rows.find((r) => r.name === 'Rule Leap Day DBS')?.check_due_on).toBe('2026-02-28');
  });
});
