import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPORATE_AGREED_RULE } from '../../../domain/corporate/agreed-price.js';
import { addDays, londonDate } from '../../../domain/iso-date.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn, type TestUser } from '../../../../tests/support/factories.js';

/** Corporate partnerships: terms, agreed prices and an account manager, and invoices using the agreed prices (decision 134). */

let t: TestApp;
let central: SignedIn;
let manager: TestUser;
let leadUser: TestUser;
let lead: SignedIn;
let corporate: Awaited<ReturnType<typeof createOrganisation>>;
let nonProfit: Awaited<ReturnType<typeof createOrganisation>>;
const today = londonDate(new Date());

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const centralUser = await createUser(db, { role: 'central_office' });
  central = await signIn(t.app, centralUser);
  manager = await createUser(db, { role: 'central_office' });
  corporate = await createOrganisation(db, { name: 'Hollins Logistics plc', type: 'corporate', sector: 'voluntary' });
  nonProfit = await createOrganisation(db, { name: 'Ivybridge Community Recovery' });
  await db.updateTable('organisations').set({ finance_contact_name: 'Hollins Payables', finance_contact_email: 'payables.hollins@people.partnerhub.test' }).where('id', '=', corporate.id).execute();
  leadUser = await createUser(db, { role: 'smart_lead', organisationId: corporate.id });
  lead = await signIn(t.app, leadUser);
});
afterAll(async () => t?.close());

const putWith = (who: SignedIn, id: string, body: Record<string, unknown>, ifMatch?: string) =>
  t.app.inject({ method: 'PUT', url: `/api/v1/organisations/${id}/corporate-partnership`, headers: { ...who.headers(), ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) }, payload: body });
/** An edit from an up-to-date copy: If-Match names the partnership's current version, when it has one. */
const put = async (who: SignedIn, id: string, body: Record<string, unknown>) => {
  const row = await t.database.db.selectFrom('corporate_partnerships').select('version').where('organisation_id', '=', id).executeTakeFirst();
  return putWith(who, id, body, row ? `"${row.version}"` : undefined);
};
const terms = (more: Record<string, unknown> = {}) => ({
  terms: 'Three-year partnership for staff wellbeing across the group; unlimited online training; two wellbeing events a year.',
  prices: [
    { item: 'smart-recovery', amountPence: 250_000 },
    { item: 'training-place', amountPence: 9_000 },
  ],
  startsOn: addDays(today, -30),
  endsOn: addDays(today, 1000),
  accountManagerUserId: manager.id,
  ...more,
});

describe('recording a corporate partnership', () => {
  it('records the terms, agreed prices, dates and a named Central Office account manager, audited', async () => {
    const res = await put(central, corporate.id, terms());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      organisationId: corporate.id,
      organisationName: 'Hollins Logistics plc',
      prices: [
        { item: 'smart-recovery', amountPence: 250_000 },
        { item: 'training-place', amountPence: 9_000 },
      ],
      accountManager: { id: manager.id, email: manager.email },
      inForce: true,
    });
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'after']).where('entity_id', '=', corporate.id).where('action', 'like', 'corporate_partnership.%').execute();
    expect(audit.map((a) => a.action)).toEqual(['corporate_partnership.recorded']);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/corporate-partnerships', headers: central.headers() });
    expect(list.json().partnerships.map((p: { organisationId: string }) => p.organisationId)).toContain(corporate.id);
    expect(list.json().corporateOrganisations).toContainEqual({ id: corporate.id, name: 'Hollins Logistics plc' });
  });

  it('refuses an organisation that is not corporate (422 rule_broken) and an account manager outside Central Office (422)', async () => {
    const notCorporate = await put(central, nonProfit.id, terms());
    expect(notCorporate.statusCode).toBe(422);
    expect(notCorporate.json().error.code).toBe('rule_broken');
    const badManager = await put(central, corporate.id, terms({ accountManagerUserId: leadUser.id }));
    expect(badManager.statusCode).toBe(422);
    expect(badManager.json().error.details).toEqual([{ field: 'accountManagerUserId', message: 'Choose a member of Central Office' }]);
    const badDates = await put(central, corporate.id, terms({ startsOn: '2027-05-01', endsOn: '2027-04-01' }));
    expect(badDates.statusCode).toBe(422);
    expect(badDates.json().error.code).toBe('validation_failed');
  });

  it('is for Central Office only', async () => {
    expect((await put(lead, corporate.id, terms())).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/corporate-partnerships', headers: lead.headers() })).statusCode).toBe(403);
  });

  it('replacing a partnership needs If-Match (428 without); a copy someone else changed since is refused with 412 and the current partnership', async () => {
    const other = await createOrganisation(t.database.db, { name: 'Marlowe Freight Group', type: 'corporate' });
    expect((await putWith(central, other.id, terms())).statusCode).toBe(200); // the first needs no If-Match
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${other.id}/corporate-partnership`, headers: central.headers() });
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe(`"${read.json().version}"`);
    const missing = await putWith(central, other.id, terms({ terms: 'Replaced without a version' }));
    expect(missing.statusCode).toBe(428);
    expect(missing.json().error.code).toBe('precondition_required');

    const first = await putWith(central, other.id, terms({ terms: 'Changed by the account manager' }), read.headers.etag as string);
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe(`"${read.json().version + 1}"`);
    const stale = await putWith(central, other.id, terms({ terms: 'Changed from an old copy' }), read.headers.etag as string);
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.code).toBe('precondition_failed');
    expect(stale.json().error.details.current).toMatchObject({ terms: 'Changed by the account manager', version: read.json().version + 1 });
    const row = await t.database.db.selectFrom('corporate_partnerships').select('terms').where('organisation_id', '=', other.id).executeTakeFirstOrThrow();
    expect(row.terms).toBe('Changed by the account manager');
  });
});

describe('invoices use the agreed prices', () => {
  const addition = (body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/v1/organisations/${corporate.id}/additions`, headers: central.headers(), payload: body });

  it('prices a licence and training places at the agreed price, with the rule text', async () => {
    const res = await addition({ sites: [{ siteId: corporate.site.id, licences: ['smart-recovery'], extraTrainingPlaces: 3 }] });
    expect(res.statusCode).toBe(201);
    const invoice = res.json();
    expect(invoice.totalPence).toBe(250_000 + 3 * 9_000);
    const lines = await t.database.db.selectFrom('invoice_lines').select(['kind', 'amount_pence', 'rule', 'description']).where('invoice_id', '=', invoice.id).orderBy('position').execute();
    expect(lines.map((l) => [l.kind, l.amount_pence, l.rule])).toEqual([
      ['licence', 250_000, CORPORATE_AGREED_RULE],
      ['training_places', 27_000, CORPORATE_AGREED_RULE],
    ]);
    expect(lines.every((l) => !l.description.includes('price on request'))).toBe(true);
  });

  it('still needs Central Office to price a licence type the partnership has no price for', async () => {
    const res = await addition({ sites: [{ siteId: corporate.site.id, licences: ['family-and-friends'] }] });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('rule_broken');
  });

  it('no longer applies once the partnership has ended', async () => {
    await put(central, corporate.id, terms({ startsOn: addDays(today, -400), endsOn: addDays(today, -1) }));
    const res = await addition({ sites: [{ siteId: corporate.site.id, licences: ['smart-recovery'] }] });
    expect(res.statusCode).toBe(422);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', corporate.id).where('action', '=', 'corporate_partnership.changed').execute();
    expect(audit).toHaveLength(1);
  });
});
