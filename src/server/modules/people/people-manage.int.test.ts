import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn, type TestUser } from '../../../../tests/support/factories.js';

/** SMART Leads manage their facilitators: edit the record, link them to sites, remove them (docs/decisions/043). */

let t: TestApp;
let org: Awaited<ReturnType<typeof createOrganisation>>;
let otherOrg: Awaited<ReturnType<typeof createOrganisation>>;
let scottishSiteId: string;
let leadUser: TestUser;
let central: SignedIn;
let lead: SignedIn;
let otherLead: SignedIn;
let coordinator: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  org = await createOrganisation(db, { name: 'Kestrel Lane Recovery', region: 'north-west' });
  otherOrg = await createOrganisation(db, { name: 'Harrowgate Community Trust', region: 'north-west' });
  // A second site of the same organisation, over the border: its facilitators need a PVG check (Section 8).
  const scottish = await db
    .insertInto('sites')
    .values({ organisation_id: org.id, name: 'Kestrel Lane Dumfries', address: '2 Test Wynd, Dumfries', postcode: 'DG1 2AA', nation_code: 'scotland', region_code: 'scotland' })
    .returning('id')
    .executeTakeFirstOrThrow();
  scottishSiteId = scottish.id;
  leadUser = await createUser(db, { role: 'smart_lead', organisationId: org.id });
  central = await signIn(t.app, await createUser(db, { role: 'central_office' }));
  lead = await signIn(t.app, leadUser);
  otherLead = await signIn(t.app, await createUser(db, { role: 'smart_lead', organisationId: otherOrg.id }));
  coordinator = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['north-west'] }));
});
afterAll(async () => t?.close());

const get = (session: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers() });
/**
 * An edit (PATCH or PUT) carries If-Match with the record's current version, as the portal sends it
 * (decision 101). The version is read as Central Office, so a refused reader leaves no extra audit entry.
 */
const send = async (session: SignedIn, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) => {
  const record = /^\/api\/v1\/facilitators\/[^/]+/.exec(url)?.[0];
  const tag = (method === 'PATCH' || method === 'PUT') && record ? (await get(central, record)).headers.etag : undefined;
  return t.app.inject({ method, url, headers: session.headers(tag ? { 'if-match': String(tag) } : {}), ...(body === undefined ? {} : { payload: body as object }) });
};

let counter = 0;
async function addFacilitator(session: SignedIn = lead, overrides: Record<string, unknown> = {}) {
  counter += 1;
  const res = await send(session, 'POST', '/api/v1/facilitators', { name: `Wren Castellow ${counter}`, email: `wren.castellow.${counter}.${Date.now()}@people.partnerhub.test`, capacity: 'volunteer', ...overrides });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function audits(action: string, entityId: string) {
  return t.database.db.selectFrom('audit_events').select(['before', 'after', 'actor_user_id']).where('action', '=', action).where('entity_id', '=', entityId).execute();
}

describe('editing a facilitator record', () => {
  it("lets the SMART Lead change name, phone, veteran status and in training, audited with only the changed fields' before and after", async () => {
    const id = await addFacilitator(lead, { phone: '01632 960001' });
    const res = await send(lead, 'PATCH', `/api/v1/facilitators/${id}`, { name: 'Wren Castellow-Ames', phone: '', isVeteran: true, inTraining: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Wren Castellow-Ames', phone: null, isVeteran: true, inTraining: true, manages: [org.id], canEditEmail: false });
    const [entry] = await audits('facilitator.updated', id);
    expect(entry!.actor_user_id).toBe(leadUser.id);
    expect(entry!.before).toEqual({ name: expect.stringMatching(/^Wren Castellow \d+$/), phone: '01632 960001', isVeteran: false, inTraining: false });
    expect(entry!.after).toEqual({ name: 'Wren Castellow-Ames', phone: null, isVeteran: true, inTraining: true });

    // Sending what is already there changes nothing and adds no audit entry.
    expect((await send(lead, 'PATCH', `/api/v1/facilitators/${id}`, { isVeteran: true })).statusCode).toBe(200);
    expect(await audits('facilitator.updated', id)).toHaveLength(1);
  });

  it('refuses the email address to a SMART Lead (403) and lets Central Office change it, with the account that signs in', async () => {
    const id = await addFacilitator();
    const refused = await send(lead, 'PATCH', `/api/v1/facilitators/${id}`, { email: 'someone.else@people.partnerhub.test' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.details).toEqual([{ field: 'email', message: 'Ask Central Office to change the email address' }]);

    const changed = await send(central, 'PATCH', `/api/v1/facilitators/${id}`, { email: `wren.renamed.${Date.now()}@people.partnerhub.test` });
    expect(changed.statusCode, changed.body).toBe(200);
    const record = await t.database.db.selectFrom('facilitators as f').innerJoin('users as u', 'u.id', 'f.user_id').select(['f.email as facilitatorEmail', 'u.email as accountEmail']).where('f.id', '=', id).executeTakeFirstOrThrow();
    expect(record.accountEmail).toBe(changed.json().email);
    expect(record.facilitatorEmail).toBe(changed.json().email);

    // An address someone else already uses is a conflict.
    const taken = await send(central, 'PATCH', `/api/v1/facilitators/${id}`, { email: leadUser.email });
    expect(taken.statusCode).toBe(409);
  });

  it("gives another organisation's SMART Lead the 404 of a missing record (audited) and refuses a Coordinator (403), changing nothing", async () => {
    const id = await addFacilitator();
    const other = await send(otherLead, 'PATCH', `/api/v1/facilitators/${id}`, { name: 'Changed By Stranger' });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
    expect(await audits('facilitator.read_refused', id)).toHaveLength(1);

    const coord = await send(coordinator, 'PATCH', `/api/v1/facilitators/${id}`, { name: 'Changed By Coordinator' });
    expect(coord.statusCode).toBe(403);
    expect((await get(coordinator, `/api/v1/facilitators/${id}`)).json()).toMatchObject({ manages: [], canEditEmail: false });

    const { name } = await t.database.db.selectFrom('facilitators').select('name').where('id', '=', id).executeTakeFirstOrThrow();
    expect(name).toMatch(/^Wren Castellow \d+$/);
    expect(await audits('facilitator.updated', id)).toHaveLength(0);
  });

  it('refuses a field the record does not have (strict schema, 422)', async () => {
    const id = await addFacilitator();
    expect((await send(lead, 'PATCH', `/api/v1/facilitators/${id}`, { uksrVolunteerStatus: 'active' })).statusCode).toBe(422);
  });
});

describe("a facilitator's sites", () => {
  it('links them to sites of their organisation, shows them on the record, and makes the check follow the sites\' nation', async () => {
    const id = await addFacilitator();
    // Before any site is linked the check follows every site of the organisation: England and Scotland.
    expect((await get(lead, `/api/v1/facilitators/${id}`)).json().checkKindsNeeded).toEqual(['dbs', 'pvg']);

    const res = await send(lead, 'PUT', `/api/v1/facilitators/${id}/sites`, { siteIds: [scottishSiteId] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().sites).toEqual([{ id: scottishSiteId, name: 'Kestrel Lane Dumfries', organisationId: org.id, nation: 'scotland' }]);
    expect(res.json().checkKindsNeeded).toEqual(['pvg']);

    // Working only in Scotland, a DBS check is not the right one; a PVG with its scheme number is.
    const dbs = await send(lead, 'POST', `/api/v1/facilitators/${id}/safeguarding-checks`, {
      kind: 'dbs', level: 'enhanced', certificateNumber: '001234567890', issuedOn: '2026-01-10', verifiedOn: '2026-01-12', decision: 'suitable',
    });
    expect(dbs.statusCode).toBe(422);
    expect(dbs.json().error.code).toBe('rule_broken');
    const pvg = await send(lead, 'POST', `/api/v1/facilitators/${id}/safeguarding-checks`, {
      kind: 'pvg', level: 'pvg-scheme-record', certificateNumber: '1234567890123456', issuedOn: '2026-01-10', verifiedOn: '2026-01-12', decision: 'suitable',
    });
    expect(pvg.statusCode, pvg.body).toBe(201);

    const [entry] = await audits('facilitator.sites_changed', id);
    expect(entry!.before).toEqual({ sites: [] });
    expect(entry!.after).toEqual({ sites: [{ id: scottishSiteId, name: 'Kestrel Lane Dumfries' }] });

    // Setting the list again replaces it.
    const both = await send(lead, 'PUT', `/api/v1/facilitators/${id}/sites`, { siteIds: [org.site.id, scottishSiteId] });
    expect(both.json().sites.map((s: { id: string }) => s.id).sort()).toEqual([org.site.id, scottishSiteId].sort());
    const none = await send(lead, 'PUT', `/api/v1/facilitators/${id}/sites`, { siteIds: [] });
    expect(none.json().sites).toEqual([]);
    expect(await audits('facilitator.sites_changed', id)).toHaveLength(3);
  });

  it("refuses another organisation's site, and a site that does not exist, with the same answer", async () => {
    const id = await addFacilitator();
    const foreign = await send(lead, 'PUT', `/api/v1/facilitators/${id}/sites`, { siteIds: [otherOrg.site.id] });
    const missing = await send(lead, 'PUT', `/api/v1/facilitators/${id}/sites`, { siteIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(foreign.statusCode).toBe(422);
    expect(missing.statusCode).toBe(422);
    expect(foreign.json().error).toEqual(missing.json().error);
    expect((await get(lead, `/api/v1/facilitators/${id}`)).json().sites).toEqual([]);
  });

  it("gives another organisation's SMART Lead a 404 and a Coordinator a 403", async () => {
    const id = await addFacilitator();
    expect((await send(otherLead, 'PUT', `/api/v1/facilitators/${id}/sites`, { siteIds: [otherOrg.site.id] })).statusCode).toBe(404);
    expect((await send(coordinator, 'PUT', `/api/v1/facilitators/${id}/sites`, { siteIds: [org.site.id] })).statusCode).toBe(403);
    expect(await t.database.db.selectFrom('facilitator_sites').select('site_id').where('facilitator_id', '=', id).execute()).toEqual([]);
  });
});

describe('removing a facilitator from the organisation', () => {
  it('ends the organisation and site links, suspends an account with nowhere else to go, tells them, and audits it', async () => {
    const id = await addFacilitator();
    await send(lead, 'PUT', `/api/v1/facilitators/${id}/sites`, { siteIds: [org.site.id] });
    const res = await send(lead, 'DELETE', `/api/v1/facilitators/${id}/organisations/${org.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ accountSuspended: true });

    const db = t.database.db;
    expect(await db.selectFrom('facilitator_organisations').select('organisation_id').where('facilitator_id', '=', id).execute()).toEqual([]);
    expect(await db.selectFrom('facilitator_sites').select('site_id').where('facilitator_id', '=', id).execute()).toEqual([]);
    const account = await db.selectFrom('facilitators as f').innerJoin('users as u', 'u.id', 'f.user_id').select(['u.status', 'f.email']).where('f.id', '=', id).executeTakeFirstOrThrow();
    expect(account.status).toBe('suspended');
    // The invitation they were sent can no longer be used to sign in.
    const unused = await db.selectFrom('one_time_tokens as o').innerJoin('facilitators as f', 'f.user_id', 'o.user_id').select('o.token_hash').where('f.id', '=', id).where('o.used_at', 'is', null).execute();
    expect(unused).toEqual([]);
    const mail = await db.selectFrom('outbox_messages').select('subject').where('to_address', '=', account.email).where('kind', '=', 'facilitator_removed').execute();
    expect(mail).toEqual([{ subject: 'You are no longer a facilitator for Kestrel Lane Recovery' }]);
    const [entry] = await audits('facilitator.removed_from_organisation', id);
    expect(entry!.before).toMatchObject({ organisationId: org.id, capacity: 'volunteer', sites: [org.site.id] });
    expect(entry!.after).toEqual({ organisationId: null, account: 'suspended' });

    // The record stays, but it is no longer the SMART Lead's to see.
    expect((await get(lead, `/api/v1/facilitators/${id}`)).statusCode).toBe(404);
    expect((await get(central, `/api/v1/facilitators/${id}`)).json().organisations).toEqual([]);
  });

  it("keeps the account of someone who still facilitates for another organisation, moving it there", async () => {
    const id = await addFacilitator();
    await t.database.db.insertInto('facilitator_organisations').values({ facilitator_id: id, organisation_id: otherOrg.id, capacity: 'staff' }).execute();
    const res = await send(central, 'DELETE', `/api/v1/facilitators/${id}/organisations/${org.id}`);
    expect(res.json()).toEqual({ accountSuspended: false });
    const account = await t.database.db.selectFrom('facilitators as f').innerJoin('users as u', 'u.id', 'f.user_id').select(['u.status', 'u.organisation_id']).where('f.id', '=', id).executeTakeFirstOrThrow();
    expect(account).toEqual({ status: 'invited', organisation_id: otherOrg.id });
  });

  it("refuses to remove the SMART Lead before the role is handed over", async () => {
    const own = await t.database.db
      .insertInto('facilitators')
      .values({ name: 'Lead Themselves', email: leadUser.email, user_id: leadUser.id, in_training: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db.insertInto('facilitator_organisations').values({ facilitator_id: own.id, organisation_id: org.id, capacity: 'staff' }).execute();
    const res = await send(lead, 'DELETE', `/api/v1/facilitators/${own.id}/organisations/${org.id}`);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('rule_broken');
    expect(await t.database.db.selectFrom('facilitator_organisations').select('organisation_id').where('facilitator_id', '=', own.id).execute()).toHaveLength(1);
  });

  it("gives another organisation's SMART Lead a 404 (audited), a Coordinator a 403, and a SMART Lead another organisation's link a 404", async () => {
    const id = await addFacilitator();
    expect((await send(otherLead, 'DELETE', `/api/v1/facilitators/${id}/organisations/${org.id}`)).statusCode).toBe(404);
    expect(await audits('facilitator.read_refused', id)).toHaveLength(1);
    expect((await send(coordinator, 'DELETE', `/api/v1/facilitators/${id}/organisations/${org.id}`)).statusCode).toBe(403);

    // Facilitating for both, the other organisation's link is not this SMART Lead's to end.
    await t.database.db.insertInto('facilitator_organisations').values({ facilitator_id: id, organisation_id: otherOrg.id, capacity: 'staff' }).execute();
    expect((await send(lead, 'DELETE', `/api/v1/facilitators/${id}/organisations/${otherOrg.id}`)).statusCode).toBe(404);
    expect(await t.database.db.selectFrom('facilitator_organisations').select('organisation_id').where('facilitator_id', '=', id).execute()).toHaveLength(2);
  });
});
