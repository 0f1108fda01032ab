import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn, type TestUser } from '../../../../tests/support/factories.js';
import { issueInvoice, recordPayment } from '../invoices/invoices.service.js';
import { runSafeguardingReminders } from './people.service.js';

let t: TestApp;
let org: Awaited<ReturnType<typeof createOrganisation>>;
let otherOrg: Awaited<ReturnType<typeof createOrganisation>>;
let centralUser: TestUser;
let leadUser: TestUser;
let central: SignedIn;
let lead: SignedIn;
let otherLead: SignedIn;
let coordinator: SignedIn;
const system = { userId: null, label: 'test' };
const DAY = '2026-11-24';

const DBS = {
  kind: 'dbs',
  level: 'enhanced',
  certificateNumber: '001234567890',
  issuedOn: '2025-02-01',
  updateServiceSubscribed: true,
  updateServiceCheckedOn: '2026-11-01',
  verifiedOn: '2026-11-02',
  decision: 'suitable',
};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  org = await createOrganisation(db, { name: 'Millbrook Recovery Network', region: 'north-west' });
  otherOrg = await createOrganisation(db, { name: 'Eastgate Wellbeing Trust', region: 'north-west' });
  centralUser = await createUser(db, { role: 'central_office' });
  leadUser = await createUser(db, { role: 'smart_lead', organisationId: org.id });
  central = await signIn(t.app, centralUser);
  lead = await signIn(t.app, leadUser);
  otherLead = await signIn(t.app, await createUser(db, { role: 'smart_lead', organisationId: otherOrg.id }));
  coordinator = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['north-west'] }));
  const invoice = await issueInvoice(t.deps, system, {
    organisationId: org.id, kind: 'new', billing: { name: 'Finance', email: 'finance@people.partnerhub.test' }, feeScheduleId: 'april-2026',
    source: { type: 'test', id: 'people' },
    lines: [{ kind: 'licence', siteId: org.site.id, licenceType: 'smart-recovery', description: 'SMART Recovery licence', rule: 'Section 10', amountPence: 70_000 }],
  });
  await recordPayment(t.deps, system, invoice.id, { amountPence: 70_000, paidOn: '2026-11-01', method: 'bank-transfer', reference: 'PEOPLE-1' });
});
afterAll(async () => t?.close());

const get = (session: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers() });
const send = (session: SignedIn, method: 'POST' | 'PUT', url: string, body: unknown) => t.app.inject({ method, url, headers: session.headers(), payload: body as object });

let counter = 0;
/** A facilitator of the SMART Lead's organisation, added and invited through the API. */
async function addFacilitator(overrides: Record<string, unknown> = {}) {
  counter += 1;
  const res = await send(lead, 'POST', '/api/v1/facilitators', { name: `Ash Penrose ${counter}`, email: `ash.penrose.${counter}.${Date.now()}@people.partnerhub.test`, capacity: 'staff', ...overrides });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** Signs in as the facilitator through the emailed invitation link, choosing a password. */
async function acceptInvitation(facilitatorId: string) {
  const { email } = await t.database.db.selectFrom('facilitators').select('email').where('id', '=', facilitatorId).executeTakeFirstOrThrow();
  const mail = await t.database.db.selectFrom('outbox_messages').select('text_body').where('to_address', '=', email).where('kind', '=', 'invitation').executeTakeFirstOrThrow();
  const token = /\/invitations\/([\w-]+)/.exec(mail.text_body)![1]!;
  const { acceptInvitation: accept } = await import('../auth/auth.service.js');
  expect(await accept(t.deps, { token, password: 'a-long-enough-password-1', code: undefined, ip: '127.0.0.1' })).toEqual({ kind: 'accepted' });
  return signIn(t.app, { email, password: 'a-long-enough-password-1', totpSecret: null });
}

async function auditCount(action: string, entityId: string) {
  const row = await t.database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).where('entity_id', '=', entityId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('facilitator records and invitations (Section 7)', () => {
  it('lets a SMART Lead add a facilitator, who is invited by email as a facilitator of the organisation and audited', async () => {
    const id = await addFacilitator({ name: 'Robin Ferncastle', email: 'robin.ferncastle@people.partnerhub.test', phone: '01632 960123', capacity: 'volunteer', isVeteran: true });
    const record = (await get(lead, `/api/v1/facilitators/${id}`)).json();
    expect(record).toMatchObject({
      name: 'Robin Ferncastle', phone: '01632 960123', isVeteran: true, hasAccount: true,
      organisations: [{ id: org.id, name: 'Millbrook Recovery Network', capacity: 'volunteer' }], qualifications: [], checks: [],
    });
    const account = await t.database.db.selectFrom('users').select(['role', 'organisation_id', 'status']).where('email', '=', 'robin.ferncastle@people.partnerhub.test').executeTakeFirstOrThrow();
    expect(account).toEqual({ role: 'facilitator', organisation_id: org.id, status: 'invited' });
    const mail = await t.database.db.selectFrom('outbox_messages').select('subject').where('to_address', '=', 'robin.ferncastle@people.partnerhub.test').executeTakeFirstOrThrow();
    expect(mail.subject).toBe('You are invited to Partner Hub');
    expect(await auditCount('facilitator.created', id)).toBe(1);
    const list = (await get(lead, '/api/v1/facilitators')).json();
    expect(list.items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it("refuses a SMART Lead adding a facilitator to another organisation, as if it did not exist", async () => {
    const res = await send(otherLead, 'POST', '/api/v1/facilitators', { name: 'Kit Arden', email: 'kit.arden@people.partnerhub.test', capacity: 'staff', organisationId: org.id });
    expect(res.statusCode).toBe(404);
  });

  it('refuses a second facilitator with the same email address', async () => {
    const res = await send(lead, 'POST', '/api/v1/facilitators', { name: 'Robin Again', email: 'ROBIN.FERNCASTLE@people.partnerhub.test', capacity: 'staff' });
    expect(res.statusCode).toBe(409);
  });

  it('lets the facilitator sign in through the invitation and see their own record, but not a colleague', async () => {
    const id = await addFacilitator();
    const colleague = await addFacilitator();
    const me = await acceptInvitation(id);
    const mine = await get(me, '/api/v1/facilitators/me');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().id).toBe(id);
    expect((await get(me, `/api/v1/facilitators/${colleague}`)).statusCode).toBe(404);
    // The list of their organisation's facilitators gives names only (to choose co-facilitators).
    const list = (await get(me, '/api/v1/facilitators')).json();
    expect(list.items).toContainEqual({ id: colleague, name: expect.any(String) });
    expect(new Set(list.items.flatMap((i: object) => Object.keys(i)))).toEqual(new Set(['id', 'name']));
  });

  it("keeps another organisation's SMART Lead out of the record with the same 404 as a missing one, and audits the attempt", async () => {
    const id = await addFacilitator();
    const refused = await get(otherLead, `/api/v1/facilitators/${id}`);
    const missing = await get(otherLead, '/api/v1/facilitators/00000000-0000-4000-8000-000000000000');
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toBe(missing.body);
    expect(await auditCount('facilitator.read_refused', id)).toBe(1);
    expect((await get(otherLead, '/api/v1/facilitators')).json().items.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it('lets only Central Office record qualifications', async () => {
    const id = await addFacilitator();
    expect((await send(lead, 'POST', `/api/v1/facilitators/${id}/qualifications`, { code: 'smart-facilitator', achievedOn: '2026-01-10' })).statusCode).toBe(403);
    expect((await send(central, 'POST', `/api/v1/facilitators/${id}/qualifications`, { code: 'smart-facilitator', achievedOn: '2026-01-10' })).statusCode).toBe(204);
    expect((await get(lead, `/api/v1/facilitators/${id}`)).json().qualifications).toEqual([{ code: 'smart-facilitator', name: 'SMART Facilitator', achievedOn: '2026-01-10' }]);
  });
});

describe('safeguarding checks: metadata only, seen by few, every view audited (Sections 8 and 9)', () => {
  let id: string;
  beforeAll(async () => {
    id = await addFacilitator();
  });

  it('records a DBS check with its metadata and the verifier, and works out the recheck date from the policy', async () => {
    const res = await send(lead, 'POST', `/api/v1/facilitators/${id}/safeguarding-checks`, DBS);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'dbs', level: 'enhanced', certificateNumber: '001234567890', issuedOn: '2025-02-01', recheckDueOn: '2028-02-01', validUntil: '2028-01-31',
      status: 'valid', updateServiceSubscribed: true, updateServiceCheckedOn: '2026-11-01', verifiedOn: '2026-11-02', decision: 'suitable',
    });
    expect(res.json().verifiedBy).toMatch(/^Test smart_lead/);
    const audit = await t.database.db.selectFrom('audit_events').select('after').where('action', '=', 'safeguarding_check.recorded').where('entity_id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).not.toContain('001234567890');
  });

  it('refuses anything beyond the metadata, such as an image of the certificate', async () => {
    const res = await send(lead, 'POST', `/api/v1/facilitators/${id}/safeguarding-checks`, { ...DBS, certificateImage: 'data:image/png;base64,AAAA' });
    expect(res.statusCode).toBe(422);
  });

  it('refuses a PVG check for someone whose sites are in England, where DBS is needed', async () => {
    const res = await send(lead, 'POST', `/api/v1/facilitators/${id}/safeguarding-checks`, { ...DBS, kind: 'pvg', level: 'pvg-scheme-record', certificateNumber: '1234567890123456', updateServiceSubscribed: false, updateServiceCheckedOn: null });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('rule_broken');
  });

  it('shows the details to the SMART Lead and Central Office, recording every view in the audit trail', async () => {
    const before = await auditCount('safeguarding_check.viewed', id);
    const byLead = await get(lead, `/api/v1/facilitators/${id}/safeguarding-checks`);
    expect(byLead.statusCode).toBe(200);
    expect(byLead.json().items[0].certificateNumber).toBe('001234567890');
    await get(lead, `/api/v1/facilitators/${id}/safeguarding-checks`);
    const byCentral = await get(central, `/api/v1/facilitators/${id}/safeguarding-checks`);
    expect(byCentral.statusCode).toBe(200);
    expect(await auditCount('safeguarding_check.viewed', id)).toBe(before + 3);
    const actors = await t.database.db.selectFrom('audit_events').select('actor_user_id').where('action', '=', 'safeguarding_check.viewed').where('entity_id', '=', id).execute();
    expect(new Set(actors.map((a) => a.actor_user_id))).toEqual(new Set([leadUser.id, centralUser.id]));
  });

  it('gives a Coordinator only the status and valid-until date, never the details', async () => {
    const record = await get(coordinator, `/api/v1/facilitators/${id}`);
    expect(record.statusCode).toBe(200);
    expect(record.json().checks).toEqual([{ id: expect.any(String), kind: 'dbs', status: 'valid', validUntil: '2028-01-31' }]);
    expect(record.body).not.toContain('001234567890');
    expect(record.json().canSeeCheckDetails).toBe(false);
    expect((await get(coordinator, `/api/v1/facilitators/${id}/safeguarding-checks`)).statusCode).toBe(403);
  });

  it("gives another organisation's SMART Lead the same 404 as a missing record, for reading and recording, and audits it", async () => {
    const before = await auditCount('safeguarding_check.read_refused', id);
    const refused = await get(otherLead, `/api/v1/facilitators/${id}/safeguarding-checks`);
    const missing = await get(otherLead, '/api/v1/facilitators/00000000-0000-4000-8000-000000000000/safeguarding-checks');
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toBe(missing.body);
    expect((await send(otherLead, 'POST', `/api/v1/facilitators/${id}/safeguarding-checks`, DBS)).statusCode).toBe(404);
    expect(await auditCount('safeguarding_check.read_refused', id)).toBe(before + 2);
    expect(await auditCount('safeguarding_check.viewed', id)).toBe(3);
  });

  it("follows the recheck policy Central Office sets", async () => {
    expect((await get(lead, '/api/v1/safeguarding-policy')).json()).toEqual({ recheckAfterYears: { dbs: 3, pvg: 5, accessni: 3 } });
    expect((await send(lead, 'PUT', '/api/v1/safeguarding-policy', { recheckAfterYears: { dbs: 1, pvg: 5, accessni: 3 } })).statusCode).toBe(403);
    const read = await get(central, '/api/v1/safeguarding-policy');
    const put = (years: { dbs: number; pvg: number; accessni: number }, ifMatch?: string) =>
      t.app.inject({ method: 'PUT', url: '/api/v1/safeguarding-policy', headers: central.headers(ifMatch ? { 'if-match': ifMatch } : {}), payload: { recheckAfterYears: years } });
    expect((await put({ dbs: 1, pvg: 5, accessni: 3 })).statusCode).toBe(428);
    const changed = await put({ dbs: 1, pvg: 5, accessni: 3 }, String(read.headers.etag));
    expect(changed.statusCode).toBe(200);
    // A second change from the same (now stale) copy is refused with the policy in force.
    const stale = await put({ dbs: 2, pvg: 5, accessni: 3 }, String(read.headers.etag));
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error).toMatchObject({ code: 'precondition_failed', details: { current: { recheckAfterYears: { dbs: 1, pvg: 5, accessni: 3 } } } });
    expect((await get(coordinator, `/api/v1/facilitators/${id}`)).json().checks[0]).toMatchObject({ status: 'expired', validUntil: '2026-01-31' });
    expect((await put({ dbs: 3, pvg: 5, accessni: 3 }, String(changed.headers.etag))).statusCode).toBe(200);
  });
});

describe('Code of Conduct and eligibility (Sections 4 and 8)', () => {
  it('answers every reason, then allowed once qualified, checked and the Code of Conduct is accepted; a new version asks again', async () => {
    const id = await addFacilitator();
    const me = await acceptInvitation(id);
    const url = `/api/v1/facilitators/${id}/eligibility?programme=smart-recovery&siteId=${org.site.id}&date=${DAY}`;
    const first = (await get(lead, url)).json();
    expect(first.allowed).toBe(false);
    expect(first.reasons.map((r: { code: string }) => r.code)).toEqual(['not_qualified', 'check_missing', 'code_of_conduct_not_accepted']);

    await send(central, 'POST', `/api/v1/facilitators/${id}/qualifications`, { code: 'smart-facilitator', achievedOn: '2026-06-01' });
    await send(lead, 'POST', `/api/v1/facilitators/${id}/safeguarding-checks`, DBS);
    const code = (await get(me, '/api/v1/code-of-conduct')).json();
    expect(code).toMatchObject({ version: '2026.1', acceptedVersion: null });
    const accepted = await send(me, 'POST', '/api/v1/code-of-conduct/acceptances', { version: '2026.1' });
    expect(accepted.json()).toMatchObject({ acceptedVersion: '2026.1' });
    expect((await get(me, url)).json()).toEqual({ allowed: true, date: DAY, reasons: [] });

    // A programme the site is not licensed for still refuses, with the coverage reasons.
    const veterans = (await get(lead, url.replace('smart-recovery', 'family-and-friends'))).json();
    expect(veterans.reasons.map((r: { code: string }) => r.code)).toEqual(['module_missing', 'site_not_licensed']);

    expect((await send(central, 'POST', '/api/v1/code-of-conduct', { version: '2027.1', body: 'The revised Facilitator Code of Conduct for 2027, in full.' })).statusCode).toBe(201);
    const mail = await t.database.db.selectFrom('outbox_messages').select('subject').where('kind', '=', 'code_of_conduct').execute();
    expect(mail.length).toBeGreaterThan(0);
    const after = (await get(lead, url)).json();
    expect(after.reasons).toEqual([
      { code: 'code_of_conduct_not_accepted', message: 'The facilitator accepted version 2026.1 of the Facilitator Code of Conduct; the current version is 2027.1.' },
    ]);
    expect((await send(me, 'POST', '/api/v1/code-of-conduct/acceptances', { version: '2026.1' })).statusCode).toBe(409);
    await send(me, 'POST', '/api/v1/code-of-conduct/acceptances', { version: '2027.1' });
    const record = (await get(me, '/api/v1/facilitators/me')).json();
    expect(record.codeOfConduct).toMatchObject({ currentVersion: '2027.1', acceptedVersion: '2027.1', current: true });
    expect(record.codeOfConduct.acceptedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await get(lead, url)).json().allowed).toBe(true);
    expect((await send(central, 'POST', '/api/v1/code-of-conduct', { version: '2026.9', body: 'An older version number than the one in force.' })).statusCode).toBe(409);
  });

  it('applies the veteran peer rule to a volunteer facilitating SMART Veterans', async () => {
    const id = await addFacilitator({ capacity: 'volunteer', isVeteran: false });
    const res = (await get(central, `/api/v1/facilitators/${id}/eligibility?programme=veterans&siteId=${org.site.id}&date=${DAY}`)).json();
    expect(res.reasons.map((r: { code: string }) => r.code)).toContain('veteran_peer_rule');
  });

  it("refuses to answer about another organisation's site", async () => {
    const id = await addFacilitator();
    expect((await get(lead, `/api/v1/facilitators/${id}/eligibility?programme=smart-recovery&siteId=${otherOrg.site.id}`)).statusCode).toBe(404);
  });
});

describe('the SMART Lead (Section 7)', () => {
  it('warns on the organisation and lists it for Central Office while the SMART Lead is neither qualified nor in training', async () => {
    const orgRes = (await get(lead, `/api/v1/organisations/${org.id}`)).json();
    expect(orgRes.smartLeadWarning).toMatch(/neither a qualified SMART Facilitator nor in training/);
    const warnings = (await get(central, '/api/v1/organisations/smart-lead-warnings')).json().items;
    expect(warnings.map((w: { organisationId: string }) => w.organisationId)).toContain(org.id);
    expect((await get(lead, '/api/v1/organisations/smart-lead-warnings')).statusCode).toBe(403);

    // Once the SMART Lead's own facilitator record holds the qualification, the warning goes.
    const record = await t.database.db.insertInto('facilitators').values({ name: 'The Lead', email: leadUser.email, user_id: leadUser.id }).returning('id').executeTakeFirstOrThrow();
    await t.database.db.insertInto('facilitator_organisations').values({ facilitator_id: record.id, organisation_id: org.id, capacity: 'staff' }).execute();
    await send(central, 'POST', `/api/v1/facilitators/${record.id}/qualifications`, { code: 'smart-facilitator', achievedOn: '2025-05-05' });
    expect((await get(lead, `/api/v1/organisations/${org.id}`)).json().smartLeadWarning).toBeNull();
    const after = (await get(central, '/api/v1/organisations/smart-lead-warnings')).json().items;
    expect(after.map((w: { organisationId: string }) => w.organisationId)).not.toContain(org.id);
  });

  it('counts a SMART Lead nominated on the Start-Up Form as "will do the training" as in training', async () => {
    const trained = await createOrganisation(t.database.db, { name: 'Nominee Test Org' });
    const nominee = await createUser(t.database.db, { role: 'smart_lead', organisationId: trained.id });
    await t.database.db.updateTable('organisations').set({ smart_lead_nominee_email: nominee.email, smart_lead_nominee_facilitator: 'will-train' }).where('id', '=', trained.id).execute();
    const warnings = (await get(central, '/api/v1/organisations/smart-lead-warnings')).json().items;
    expect(warnings.map((w: { organisationId: string }) => w.organisationId)).not.toContain(trained.id);
  });

  it('lets the SMART Lead hand the role to a qualified colleague with an account, audited; not to someone neither qualified nor in training', async () => {
    const untrained = await addFacilitator();
    await acceptInvitation(untrained);
    const refused = await send(lead, 'POST', `/api/v1/organisations/${org.id}/smart-lead`, { facilitatorId: untrained });
    expect(refused.statusCode).toBe(422);

    const successor = await addFacilitator({ inTraining: true });
    const successorSession = await acceptInvitation(successor);
    expect((await send(otherLead, 'POST', `/api/v1/organisations/${org.id}/smart-lead`, { facilitatorId: successor })).statusCode).toBe(404);
    const res = await send(lead, 'POST', `/api/v1/organisations/${org.id}/smart-lead`, { facilitatorId: successor });
    expect(res.statusCode, res.body).toBe(200);
    const roles = await t.database.db.selectFrom('users').select(['id', 'role']).where('organisation_id', '=', org.id).where('role', '=', 'smart_lead').execute();
    expect(roles).toHaveLength(1);
    expect((await get(successorSession, '/api/v1/facilitators/me')).json().isSmartLead).toBe(true);
    // Now a facilitator: at most the names of their organisation's facilitators.
    const names = await get(lead, '/api/v1/facilitators');
    expect(names.statusCode).toBe(200);
    for (const item of names.json().items) expect(Object.keys(item).sort()).toEqual(['id', 'name']);
    expect(await auditCount('organisation.smart_lead_handed_over', org.id)).toBe(1);
    // The new SMART Lead is in training, so no warning.
    expect((await get(successorSession, `/api/v1/organisations/${org.id}`)).json().smartLeadWarning).toBeNull();
  });
});

describe('safeguarding reminders', () => {
  it('emails the facilitator and their SMART Lead 60, 30 and 7 days before the recheck date, each once', async () => {
    const reminderOrg = await createOrganisation(t.database.db, { name: 'Reminder Test Org' });
    const reminderLead = await createUser(t.database.db, { role: 'smart_lead', organisationId: reminderOrg.id });
    const session = await signIn(t.app, reminderLead);
    const res = await send(session, 'POST', '/api/v1/facilitators', { name: 'Jo Tamberlane', email: 'jo.tamberlane@people.partnerhub.test', capacity: 'staff', invite: false });
    const id = res.json().id;
    // Issued 2024-01-20: a three-year DBS is due for renewal on 2027-01-20.
    expect((await send(session, 'POST', `/api/v1/facilitators/${id}/safeguarding-checks`, { ...DBS, issuedOn: '2024-01-20', verifiedOn: '2024-02-01' })).statusCode).toBe(201);
    const reminders = async () =>
      t.database.db.selectFrom('outbox_messages').select(['to_address', 'subject']).where('kind', '=', 'safeguarding_reminder').where('subject', 'like', 'Jo Tamberlane%').orderBy('id').execute();

    expect(await runSafeguardingReminders(t.deps, '2026-11-20')).toEqual({ remindersSent: 0 }); // 61 days before
    await runSafeguardingReminders(t.deps, '2026-11-21');
    await runSafeguardingReminders(t.deps, '2026-11-21');
    let sent = await reminders();
    expect(sent.map((m) => m.to_address).sort()).toEqual(['jo.tamberlane@people.partnerhub.test', reminderLead.email].sort());
    expect(sent[0]!.subject).toBe("Jo Tamberlane's DBS check is due for renewal on 20 January 2027");

    await runSafeguardingReminders(t.deps, '2026-12-21');
    await runSafeguardingReminders(t.deps, '2027-01-13');
    await runSafeguardingReminders(t.deps, '2027-01-14');
    sent = await reminders();
    expect(sent).toHaveLength(6);
    await runSafeguardingReminders(t.deps, '2027-01-20'); // the day itself: no longer a reminder
    expect(await reminders()).toHaveLength(6);
  });
});
