import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, londonDate } from '../../src/domain/iso-date.js';
import { issueInvoice, recordPayment } from '../../src/server/modules/invoices/invoices.service.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Each role's answers carry only the fields that role may see (issue 10). Safeguarding check details
 * (the certificate number, level, who verified it, the decision) are for Central Office and the
 * facilitator's own SMART Lead; everyone else who may see a facilitator sees each check's status and
 * until when it counts. The same record answers every role with the same keys, so a field added for
 * one role cannot slip out to another, and no answer to anyone else holds the certificate number.
 */

let t: TestApp;
const db = () => t.database.db;
const today = londonDate(new Date());
const system = { userId: null, label: 'role fields test' };
let org: Awaited<ReturnType<typeof createOrganisation>>;
let invoiceId: string;
let central: SignedIn;
let lead: SignedIn;
let otherLead: SignedIn;
let coordinator: SignedIn;
let facilitator: SignedIn;
/** The signed-in facilitator's own record, and a colleague's, each with a certificate number nobody else has. */
let ownId: string;
let colleagueId: string;
let colleagueEmail: string;
let meetingId: string;
const certificates: string[] = [];

const digits = () => String(BigInt(`0x${randomBytes(6).toString('hex')}`) % 10n ** 11n).padStart(11, '0');
const get = (session: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers() });
const keys = (value: object) => Object.keys(value).sort();
const noCertificate = (body: string) => certificates.filter((c) => body.includes(c));

async function facilitatorRecord(userId: string | null, email: string) {
  const codeVersion = (await db().selectFrom('code_of_conduct_versions').select('version').orderBy('published_at', 'desc').limit(1).executeTakeFirstOrThrow()).version;
  const { id } = await db().insertInto('facilitators').values({ name: `Role Fields ${randomBytes(3).toString('hex')}`, email, user_id: userId, phone: '0161 496 0999' }).returning('id').executeTakeFirstOrThrow();
  await db().insertInto('facilitator_organisations').values({ facilitator_id: id, organisation_id: org.id, capacity: 'staff' }).execute();
  await db().insertInto('facilitator_qualifications').values({ facilitator_id: id, code: 'smart-facilitator', achieved_on: addDays(today, -60), recorded_by: null }).execute();
  const certificate = `1${digits()}`;
  certificates.push(certificate);
  await db()
    .insertInto('safeguarding_checks')
    .values({ facilitator_id: id, kind: 'dbs', level: 'enhanced', certificate_number: certificate, issued_on: addDays(today, -30), verified_on: addDays(today, -29), verified_by: null, decision: 'suitable' })
    .execute();
  await db().insertInto('code_of_conduct_acceptances').values({ facilitator_id: id, version: codeVersion }).execute();
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrganisation(db(), { name: 'Ribblesdale Role Fields Trust', region: 'north-west' });
  const other = await createOrganisation(db(), { name: 'Fellgate Role Fields CIC', region: 'north-west' });
  const invoice = await issueInvoice(t.deps, system, {
    organisationId: org.id, kind: 'new', billing: { name: 'Finance', email: 'finance.rolefields@people.partnerhub.test' }, feeScheduleId: 'april-2026', source: { type: 'test', id: randomUUID() },
    lines: [{ kind: 'licence', siteId: org.site.id, licenceType: 'smart-recovery', description: 'SMART Recovery licence', rule: 'Section 10', amountPence: 70_000 }],
  });
  await recordPayment(t.deps, system, invoice.id, { amountPence: 70_000, paidOn: today, method: 'bank-transfer', reference: `ROLE-${randomUUID().slice(0, 8)}` });
  invoiceId = invoice.id;
  const facilitatorUser = await createUser(db(), { role: 'facilitator', organisationId: org.id });
  central = await signIn(t.app, await createUser(db(), { role: 'central_office' }));
  lead = await signIn(t.app, await createUser(db(), { role: 'smart_lead', organisationId: org.id }));
  otherLead = await signIn(t.app, await createUser(db(), { role: 'smart_lead', organisationId: other.id }));
  const coordinatorUser = await createUser(db(), { role: 'coordinator', posts: ['north-west'] });
  await db().updateTable('coordinator_posts').set({ holder_user_id: coordinatorUser.id, vacant: false }).where('code', '=', 'north-west').execute();
  coordinator = await signIn(t.app, coordinatorUser);
  facilitator = await signIn(t.app, facilitatorUser);
  ownId = await facilitatorRecord(facilitatorUser.id, facilitatorUser.email);
  colleagueEmail = `colleague.${randomBytes(3).toString('hex')}@people.partnerhub.test`;
  colleagueId = await facilitatorRecord(null, colleagueEmail);
  const res = await t.app.inject({
    method: 'POST', url: '/api/v1/registered-meetings', headers: facilitator.headers(),
    payload: {
      provider: 'partner', organisationId: org.id, siteId: org.site.id, name: 'Role Fields Thursday', programme: 'smart-recovery', attendance: 'in_person',
      frequency: 'weekly', day: 4, startTime: '18:30', endTime: '20:00', startsOn: addDays(today, 7), access: 'open', audiences: [], listedPublicly: true, facilitatorIds: [ownId, colleagueId],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  meetingId = res.json().id;
});
afterAll(async () => t?.close());

const SUMMARY_CHECK_KEYS = ['id', 'kind', 'status', 'validUntil'];

describe('facilitator records', () => {
  it("gives Central Office, the SMART Lead and the Coordinator the same record, with each check's status only, and says who may open the details", async () => {
    const answers = { central: await get(central, `/api/v1/facilitators/${colleagueId}`), lead: await get(lead, `/api/v1/facilitators/${colleagueId}`), coordinator: await get(coordinator, `/api/v1/facilitators/${colleagueId}`) };
    const shapes = Object.values(answers).map((r) => keys(r.json()));
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);
    for (const [who, res] of Object.entries(answers)) {
      expect(res.statusCode, who).toBe(200);
      expect(res.json().checks.map(keys), who).toEqual([SUMMARY_CHECK_KEYS]);
      expect(noCertificate(res.body), who).toEqual([]);
    }
    expect(answers.central.json().canSeeCheckDetails).toBe(true);
    expect(answers.lead.json().canSeeCheckDetails).toBe(true);
    expect(answers.coordinator.json().canSeeCheckDetails).toBe(false);
  });

  it('shows the facilitator their own record with the same keys, no certificate number, and not a colleague’s record', async () => {
    const mine = await get(facilitator, '/api/v1/facilitators/me');
    expect(mine.statusCode).toBe(200);
    expect(keys(mine.json())).toEqual(keys((await get(central, `/api/v1/facilitators/${ownId}`)).json()));
    expect(mine.json().canSeeCheckDetails).toBe(false);
    expect(mine.json().checks.map(keys)).toEqual([SUMMARY_CHECK_KEYS]);
    expect(noCertificate(mine.body)).toEqual([]);
    const colleague = await get(facilitator, `/api/v1/facilitators/${colleagueId}`);
    const missing = await get(facilitator, `/api/v1/facilitators/${randomUUID()}`);
    expect(colleague.statusCode).toBe(404);
    expect(colleague.body).toBe(missing.body);
  });

  it("answers another organisation's SMART Lead exactly as for a record that does not exist", async () => {
    const refused = await get(otherLead, `/api/v1/facilitators/${colleagueId}`);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toBe((await get(otherLead, `/api/v1/facilitators/${randomUUID()}`)).body);
  });
});

describe('safeguarding check details', () => {
  it("opens the details to Central Office and the facilitator's own SMART Lead only", async () => {
    const url = `/api/v1/facilitators/${colleagueId}/safeguarding-checks`;
    for (const session of [central, lead]) {
      const res = await get(session, url);
      expect(res.statusCode).toBe(200);
      expect(res.json().items[0]).toMatchObject({ certificateNumber: certificates[1], level: 'enhanced', decision: 'suitable' });
    }
    expect((await get(coordinator, url)).statusCode).toBe(403);
    const own = await get(facilitator, `/api/v1/facilitators/${ownId}/safeguarding-checks`);
    expect(own.statusCode).toBe(403);
    expect(noCertificate(own.body)).toEqual([]);
    const other = await get(otherLead, url);
    expect(other.statusCode).toBe(404);
    expect(other.body).toBe((await get(otherLead, `/api/v1/facilitators/${randomUUID()}/safeguarding-checks`)).body);
  });
});

describe('lists of facilitators', () => {
  it('gives a facilitator the ids and names of their own organisation’s facilitators and nothing else', async () => {
    const full = await get(lead, '/api/v1/facilitators');
    const names = await get(facilitator, '/api/v1/facilitators');
    expect(names.statusCode).toBe(200);
    expect(names.json().items.map((i: { id: string }) => i.id).sort()).toEqual([ownId, colleagueId].sort());
    for (const item of names.json().items) expect(keys(item)).toEqual(['id', 'name']);
    expect(names.body).not.toContain(colleagueEmail);
    expect(noCertificate(names.body)).toEqual([]);
    // Those who oversee facilitators get the fuller list, the same keys for each.
    const fullKeys = keys(full.json().items[0]);
    expect(fullKeys).toEqual(expect.arrayContaining(['id', 'name', 'email', 'qualified', 'checkValidUntil']));
    for (const session of [central, coordinator]) {
      const res = await get(session, '/api/v1/facilitators');
      expect(keys(res.json().items[0])).toEqual(fullKeys);
      expect(noCertificate(res.body)).toEqual([]);
    }
    // Another organisation's facilitator asks: none of these names.
    expect((await get(otherLead, '/api/v1/facilitators')).json().items.map((i: { id: string }) => i.id)).not.toContain(colleagueId);
  });
});

describe('meetings, organisations and invoices', () => {
  it('gives every role that may see a registered meeting the same keys, with facilitators by name only', async () => {
    const shapes: string[][] = [];
    for (const session of [central, lead, coordinator, facilitator]) {
      const res = await get(session, `/api/v1/registered-meetings/${meetingId}`);
      expect(res.statusCode).toBe(200);
      shapes.push(keys(res.json()));
      for (const f of res.json().facilitators) expect(keys(f)).toEqual(['id', 'name']);
      expect(res.body).not.toContain(colleagueEmail);
      expect(noCertificate(res.body)).toEqual([]);
      const list = await get(session, '/api/v1/registered-meetings');
      expect(list.json().items.map((m: { id: string }) => m.id)).toContain(meetingId);
      expect(noCertificate(list.body)).toEqual([]);
    }
    for (const shape of shapes) expect(shape).toEqual(shapes[0]);
    const refused = await get(otherLead, `/api/v1/registered-meetings/${meetingId}`);
    expect(refused.statusCode).toBe(404);
  });

  it('gives every role that may see an organisation the same keys, sites marked satellite or not', async () => {
    const shapes: string[][] = [];
    for (const session of [central, lead, coordinator, facilitator]) {
      const res = await get(session, `/api/v1/organisations/${org.id}`);
      expect(res.statusCode).toBe(200);
      shapes.push(keys(res.json()));
      expect(res.json().sites).toEqual([expect.objectContaining({ id: org.site.id, satellite: false })]);
    }
    for (const shape of shapes) expect(shape).toEqual(shapes[0]);
    expect((await get(otherLead, `/api/v1/organisations/${org.id}`)).statusCode).toBe(404);
  });

  it('shows an invoice to Central Office and the SMART Lead with the same keys, and to nobody else', async () => {
    const [a, b] = [await get(central, `/api/v1/invoices/${invoiceId}`), await get(lead, `/api/v1/invoices/${invoiceId}`)];
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(keys(b.json())).toEqual(keys(a.json()));
    expect((await get(coordinator, `/api/v1/invoices/${invoiceId}`)).statusCode).toBe(403);
    expect((await get(facilitator, `/api/v1/invoices/${invoiceId}`)).statusCode).toBe(403);
    const other = await get(otherLead, `/api/v1/invoices/${invoiceId}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).toBe((await get(otherLead, `/api/v1/invoices/${randomUUID()}`)).body);
  });
});
