import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { issueInvoice, recordPayment } from '../invoices/invoices.service.js';

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
