import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';

let t: TestApp;
let riverside: Awaited<ReturnType<typeof createOrganisation>>;
let northbridge: Awaited<ReturnType<typeof createOrganisation>>;
let veteransService: Awaited<ReturnType<typeof createOrganisation>>;
let lead: SignedIn;
let leadId: string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  riverside = await createOrganisation(db, { region: 'north-west' });
  northbridge = await createOrganisation(db, { region: 'north-east-yorkshire' });
  veteransService = await createOrganisation(db, { region: 'south-of-england', sector: 'veterans-service' });
  const user = await createUser(db, { role: 'smart_lead', organisationId: riverside.id });
  leadId = user.id;
  lead = await signIn(t.app, user);
});
afterAll(async () => t?.close());

const get = (session: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers() });

describe('organisations', () => {
  it("gives a SMART Lead their own organisation with its sites", async () => {
    const res = await get(lead, `/api/v1/organisations/${riverside.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: riverside.id, name: riverside.name, sites: [{ id: riverside.site.id }] });
  });

  it("answers a SMART Lead asking for another organisation exactly as for one that does not exist, and audits the attempt", async () => {
    const other = await get(lead, `/api/v1/organisations/${northbridge.id}`);
    const missing = await get(lead, '/api/v1/organisations/00000000-0000-4000-8000-000000000000');
    expect(other.statusCode).toBe(404);
    expect(other.body).toBe(missing.body);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'organisation.read_refused')
      .where('entity_id', '=', northbridge.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_user_id).toBe(leadId);
  });

  it('lists only the SMART Lead\'s own organisation, with a count that matches', async () => {
    const res = (await get(lead, '/api/v1/organisations')).json();
    expect(res.total).toBe(1);
    expect(res.items.map((o: { id: string }) => o.id)).toEqual([riverside.id]);
  });

  it("shows a Coordinator only their region's organisations, and refuses another region's like a missing one", async () => {
    const coordinator = await signIn(t.app, await createUser(t.database.db, { role: 'coordinator', posts: ['north-west'] }));
    const list = (await get(coordinator, '/api/v1/organisations?limit=200')).json();
    const ids = list.items.map((o: { id: string }) => o.id);
    expect(ids).toContain(riverside.id);
    expect(ids).not.toContain(northbridge.id);
    expect(list.items.every((o: { region: { code: string } }) => o.region.code === 'north-west')).toBe(true);
    expect(list.total).toBe(list.items.length);
    expect((await get(coordinator, `/api/v1/organisations/${northbridge.id}`)).statusCode).toBe(404);
  });

  it('shows the Veterans Programme Lead veterans services in any region, and not others', async () => {
    const veteransLead = await signIn(t.app, await createUser(t.database.db, { role: 'coordinator', posts: ['veterans-lead'] }));
    expect((await get(veteransLead, `/api/v1/organisations/${veteransService.id}`)).statusCode).toBe(200);
    expect((await get(veteransLead, `/api/v1/organisations/${riverside.id}`)).statusCode).toBe(404);
  });

  it('shows Central Office every organisation', async () => {
    const central = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
    const list = (await get(central, '/api/v1/organisations?limit=200')).json();
    expect(list.items.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([riverside.id, northbridge.id, veteransService.id]));
  });

  it('refuses anonymous requests with 401', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/organisations' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('not_signed_in');
  });
});
