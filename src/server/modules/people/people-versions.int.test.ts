import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';

/** Edits carry a version (docs/decisions/101): a stale copy is refused with 412 and the record as it is now. */

let t: TestApp;
let org: Awaited<ReturnType<typeof createOrganisation>>;
let central: SignedIn;
let lead: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrganisation(t.database.db, { name: 'Plover Street Recovery', region: 'north-west' });
  central = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
  lead = await signIn(t.app, await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id }));
});
afterAll(async () => t?.close());

let counter = 0;
async function addFacilitator(): Promise<string> {
  counter += 1;
  const res = await t.app.inject({
    method: 'POST', url: '/api/v1/facilitators', headers: lead.headers(),
    payload: { name: `Sorrel Tamsin ${counter}`, email: `sorrel.tamsin.${counter}.${Date.now()}@people.partnerhub.test`, capacity: 'staff', invite: false },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const read = (session: SignedIn, id: string) => t.app.inject({ method: 'GET', url: `/api/v1/facilitators/${id}`, headers: session.headers() });
const patch = (session: SignedIn, id: string, body: object, ifMatch?: string) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/facilitators/${id}`, headers: session.headers(ifMatch === undefined ? {} : { 'if-match': ifMatch }), payload: body });
const updates = async (id: string) =>
  (await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'facilitator.updated').where('entity_id', '=', id).execute()).length;

describe('editing a facilitator record with If-Match', () => {
  it('answers the record with an ETag, accepts an edit made from it, and refuses a second edit from the same copy with 412 and the current record', async () => {
    const id = await addFacilitator();
    const first = await read(lead, id);
    const tag = String(first.headers.etag);
    expect(tag).toBe(`"${first.json().version}"`);

    const saved = await patch(central, id, { phone: '01632 960 123' }, tag);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.headers.etag).not.toBe(tag);
    expect(saved.json().version).toBe(first.json().version + 1);

    // The SMART Lead still has the first copy open and saves a new name from it.
    const stale = await patch(lead, id, { name: 'Sorrel Tamsin-Webb' }, tag);
    expect(stale.statusCode).toBe(412);
    const error = stale.json().error;
    expect(error.code).toBe('precondition_failed');
    expect(error.details.currentVersion).toBe(saved.json().version);
    expect(error.details.current).toMatchObject({ id, phone: '01632 960 123', name: first.json().name });
    // Nothing changed and nothing was audited for the refused edit.
    expect((await read(lead, id)).json()).toMatchObject({ name: first.json().name, version: saved.json().version });
    expect(await updates(id)).toBe(1);

    // Having seen the change, saving again with the current version works.
    const again = await patch(lead, id, { name: 'Sorrel Tamsin-Webb' }, String(saved.headers.etag));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ name: 'Sorrel Tamsin-Webb', phone: '01632 960 123' });
  });

  it('refuses an edit without If-Match with 428 and changes nothing, and treats a weak or unknown tag as stale', async () => {
    const id = await addFacilitator();
    const before = (await read(lead, id)).json();
    const missing = await patch(lead, id, { name: 'No Version Sent' });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().error.code).toBe('precondition_required');
    expect((await patch(lead, id, { name: 'Weak Tag' }, `W/"${before.version}"`)).statusCode).toBe(412);
    expect((await patch(lead, id, { name: 'Made Up' }, '"999"')).statusCode).toBe(412);
    expect((await read(lead, id)).json()).toMatchObject({ name: before.name, version: before.version });
    expect(await updates(id)).toBe(0);
  });

  it('counts a change of sites as a change of the record, so an edit from a copy read before it is refused', async () => {
    const id = await addFacilitator();
    const tag = String((await read(lead, id)).headers.etag);
    const sites = await t.app.inject({ method: 'PUT', url: `/api/v1/facilitators/${id}/sites`, headers: lead.headers({ 'if-match': tag }), payload: { siteIds: [org.site.id] } });
    expect(sites.statusCode, sites.body).toBe(200);
    expect(sites.headers.etag).not.toBe(tag);
    const stale = await patch(central, id, { isVeteran: true }, tag);
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.details.current.sites).toEqual([expect.objectContaining({ id: org.site.id })]);
    const staleSites = await t.app.inject({ method: 'PUT', url: `/api/v1/facilitators/${id}/sites`, headers: lead.headers({ 'if-match': tag }), payload: { siteIds: [] } });
    expect(staleSites.statusCode).toBe(412);
    expect((await read(lead, id)).json().sites).toHaveLength(1);
  });

  it('lets only one of two edits sent at once from the same copy through', async () => {
    const id = await addFacilitator();
    const tag = String((await read(lead, id)).headers.etag);
    const answers = await Promise.all([
      patch(lead, id, { name: 'First Editor' }, tag),
      patch(central, id, { name: 'Second Editor' }, tag),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 412]);
    expect(await updates(id)).toBe(1);
  });

  it("raises the version when anything changes the row, not only these routes", async () => {
    const id = await addFacilitator();
    const before = (await read(lead, id)).json().version;
    await t.database.db.updateTable('facilitators').set({ in_training: true }).where('id', '=', id).execute();
    expect((await read(lead, id)).json().version).toBe(before + 1);
  });
});
