import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonDate } from '../../../domain/iso-date.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { issueInvoice, recordPayment } from '../invoices/invoices.service.js';

/** The public partner directory and its "agreed to be listed" flag (decision 130). */

let t: TestApp;
const system = { userId: null, label: 'test' };
type Org = Awaited<ReturnType<typeof createOrganisation>>;
const orgs: Record<string, Org> = {};
let lead: SignedIn;
let otherLead: SignedIn;
let central: SignedIn;
let coordinator: SignedIn;

async function license(org: Org, types: string[]) {
  const invoice = await issueInvoice(t.deps, system, {
    organisationId: org.id,
    kind: 'new',
    billing: { name: 'Finance', email: `finance.${randomUUID().slice(0, 8)}@people.partnerhub.test` },
    feeScheduleId: 'april-2026',
    source: { type: 'test', id: randomUUID() },
    lines: types.map((type) => ({ kind: 'licence' as const, siteId: org.site.id, licenceType: type, description: `${type} licence`, rule: 'Section 10', amountPence: 10_000 })),
  });
  await recordPayment(t.deps, system, invoice.id, { amountPence: 10_000 * types.length, paidOn: londonDate(new Date()), method: 'bank-transfer', reference: `PAY-${randomUUID().slice(0, 8)}` });
}
const list = (org: Org) => t.database.db.updateTable('organisations').set({ listed_in_directory: true }).where('id', '=', org.id).execute();

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  orgs.listed = await createOrganisation(db, { name: 'Alderbank Recovery Trust', region: 'north-west' });
  orgs.notListed = await createOrganisation(db, { name: 'Birchfield Quiet Service', region: 'north-west' });
  orgs.noLicence = await createOrganisation(db, { name: 'Cedarway Unlicensed', region: 'north-west' });
  orgs.lapsed = await createOrganisation(db, { name: 'Dunmore Lapsed Project', region: 'north-west' });
  orgs.scotland = await createOrganisation(db, { name: 'Elmhill Scotland Recovery', region: 'scotland' });
  await license(orgs.listed!, ['smart-recovery', 'family-and-friends']);
  await license(orgs.notListed!, ['smart-recovery']);
  await license(orgs.lapsed!, ['smart-recovery']);
  await license(orgs.scotland!, ['smart-recovery']);
  await db.updateTable('licences').set({ status: 'lapsed' }).where('organisation_id', '=', orgs.lapsed!.id).execute();
  for (const key of ['listed', 'noLicence', 'lapsed', 'scotland']) await list(orgs[key]!);
  await db.updateTable('organisations').set({ finance_contact_email: 'secret.finance@people.partnerhub.test' }).where('id', '=', orgs.listed!.id).execute();

  lead = await signIn(t.app, await createUser(db, { role: 'smart_lead', organisationId: orgs.notListed!.id }));
  otherLead = await signIn(t.app, await createUser(db, { role: 'smart_lead', organisationId: orgs.scotland!.id }));
  central = await signIn(t.app, await createUser(db, { role: 'central_office' }));
  coordinator = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['north-west'] }));
});
afterAll(async () => t?.close());

const page = (query = '') => t.app.inject({ method: 'GET', url: `/partners${query}` });

describe('GET /partners', () => {
  it('lists only organisations that agreed and hold a licence in force, with their licensed programmes and region', async () => {
    const res = await page();
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Alderbank Recovery Trust');
    expect(res.body).toContain('Elmhill Scotland Recovery');
    expect(res.body).toContain('SMART Recovery, SMART Family &amp; Friends');
    expect(res.body).toContain('North West');
    expect(res.body).not.toContain('Birchfield Quiet Service'); // licensed, but did not agree
    expect(res.body).not.toContain('Cedarway Unlicensed'); // agreed, no licence
    expect(res.body).not.toContain('Dunmore Lapsed Project'); // agreed, licence lapsed
  });

  it('shows nothing else about an organisation: no address, postcode, site or contact', async () => {
    const res = await page();
    expect(res.body).not.toContain('1 Test Street');
    expect(res.body).not.toContain('PR1 8BU');
    expect(res.body).not.toContain('main site');
    expect(res.body).not.toContain('secret.finance');
  });

  it('works without JavaScript: a plain GET form filters by region and programme', async () => {
    const res = await page('?region=scotland&programme=');
    expect(res.body).toMatch(/<form [^>]*action="\/partners" method="get"/);
    expect(res.body).not.toContain('<script');
    expect(res.body).toContain('Elmhill Scotland Recovery');
    expect(res.body).not.toContain('Alderbank Recovery Trust');
    expect(res.body).toMatch(/<option value="scotland" selected=""/);

    const byProgramme = await page('?region=&programme=family-and-friends');
    expect(byProgramme.body).toContain('Alderbank Recovery Trust');
    expect(byProgramme.body).not.toContain('Elmhill Scotland Recovery');
  });

  it('answers an unknown filter with a 422 page naming the field, not a 5xx', async () => {
    const res = await page('?region=atlantis');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Choose a region from the list');
  });
});

describe('the "agreed to be listed" flag', () => {
  const versionOf = async (id: string) => (await t.database.db.selectFrom('organisations').select('directory_listing_version').where('id', '=', id).executeTakeFirstOrThrow()).directory_listing_version;
  const putWith = (who: SignedIn, id: string, listed: unknown, ifMatch?: string) =>
    t.app.inject({ method: 'PUT', url: `/api/v1/organisations/${id}/directory-listing`, headers: { ...who.headers(), ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) }, payload: { listed } });
  /** An edit from an up-to-date copy. */
  const put = async (who: SignedIn, id: string, listed: unknown) => putWith(who, id, listed, `"${await versionOf(id)}"`);

  it('is off by default for a new organisation', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${orgs.notListed!.id}/directory-listing`, headers: lead.headers() });
    expect(res.json()).toEqual({ organisationId: orgs.notListed!.id, listed: false, version: await versionOf(orgs.notListed!.id) });
    expect(res.headers.etag).toBe(`"${await versionOf(orgs.notListed!.id)}"`);
  });

  it('needs If-Match (428 without), and a copy someone else changed since is refused with 412 and the current state, changing nothing', async () => {
    const id = orgs.notListed!.id;
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${id}/directory-listing`, headers: central.headers() });
    const missing = await putWith(central, id, true);
    expect(missing.statusCode).toBe(428);
    expect(missing.json().error.code).toBe('precondition_required');

    const first = await putWith(lead, id, true, read.headers.etag as string);
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).not.toBe(read.headers.etag);
    const stale = await putWith(central, id, false, read.headers.etag as string);
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.code).toBe('precondition_failed');
    expect(stale.json().error.details.current).toMatchObject({ organisationId: id, listed: true });
    const row = await t.database.db.selectFrom('organisations').select('listed_in_directory').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.listed_in_directory).toBe(true);
    expect((await putWith(central, id, false, first.headers.etag as string)).statusCode).toBe(200);
  });

  it('the SMART Lead sets it for their own organisation, audited with before and after, and the organisation then appears', async () => {
    const res = await put(lead, orgs.notListed!.id, true);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ organisationId: orgs.notListed!.id, listed: true });
    const audit = await t.database.db.selectFrom('audit_events').select(['before', 'after']).where('action', '=', 'organisation.directory_listing_changed').where('entity_id', '=', orgs.notListed!.id).executeTakeFirstOrThrow();
    expect(audit.before).toEqual({ listedInDirectory: false });
    expect(audit.after).toEqual({ listedInDirectory: true });
    expect((await page()).body).toContain('Birchfield Quiet Service');
    await put(central, orgs.notListed!.id, false);
    expect((await page()).body).not.toContain('Birchfield Quiet Service');
  });

  it("another organisation's SMART Lead gets the same 404 as a missing one, and the refusal is audited", async () => {
    const res = await put(otherLead, orgs.notListed!.id, true);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    const refused = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'organisation.read_refused').where('entity_id', '=', orgs.notListed!.id).execute();
    expect(refused.length).toBeGreaterThan(0);
    const row = await t.database.db.selectFrom('organisations').select('listed_in_directory').where('id', '=', orgs.notListed!.id).executeTakeFirstOrThrow();
    expect(row.listed_in_directory).toBe(false);
  });

  it('Coordinators cannot set it (403), and a value that is not true or false is a 422', async () => {
    expect((await put(coordinator, orgs.notListed!.id, true)).statusCode).toBe(403);
    const bad = await put(central, orgs.notListed!.id, 'yes');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('validation_failed');
  });
});
