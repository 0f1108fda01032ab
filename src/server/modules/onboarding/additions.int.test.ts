import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { issueInvoice, recordPayment } from '../invoices/invoices.service.js';

let t: TestApp;
let central: SignedIn;
let lead: SignedIn;
let org: Awaited<ReturnType<typeof createOrganisation>>;
const system = { userId: null, label: 'test' };

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrganisation(t.database.db, { name: 'Addition Test Service' });
  await t.database.db.updateTable('organisations').set({ finance_contact_name: 'Finance', finance_contact_email: 'finance.additions@people.partnerhub.test' }).where('id', '=', org.id).execute();
  const invoice = await issueInvoice(t.deps, system, {
    organisationId: org.id, kind: 'new', billing: { name: 'Finance', email: 'finance.additions@people.partnerhub.test' }, feeScheduleId: 'april-2026',
    source: { type: 'test', id: 'additions' },
    lines: [{ kind: 'licence', siteId: org.site.id, licenceType: 'smart-recovery', description: 'SMART Recovery licence', rule: 'Section 10', amountPence: 70_000 }],
  });
  await recordPayment(t.deps, system, invoice.id, { amountPence: 70_000, paidOn: '2026-11-01', method: 'bank-transfer', reference: 'ADD-1' });
  central = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
  lead = await signIn(t.app, await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id }));
});
afterAll(async () => t?.close());

const newSite = (name: string, satellite: boolean) => ({ name, address: '2 Test Road, Preston', postcode: 'PR2 2AA', nation: 'england', satellite });

describe('adding to an existing partnership', () => {
  it('prices Family & Friends at the reduced £410 where SMART Recovery is held, and at £700 at a new site without it', async () => {
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/organisations/${org.id}/additions/quote`, headers: lead.headers(),
      payload: { sites: [{ siteId: org.site.id, licences: ['family-and-friends'] }, { newSite: newSite('Second Hub', false), licences: ['family-and-friends'] }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().lines.map((l: { site: string; amountPence: number }) => [l.site, l.amountPence])).toEqual([
      [org.site.name, 41_000],
      ['Second Hub', 70_000],
    ]);
    expect(res.json().lines[0].rule).toContain('already holds a SMART Recovery licence');
  });

  it('lets a new satellite premises rest on the licence already held at the main site', async () => {
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/organisations/${org.id}/additions/quote`, headers: lead.headers(),
      payload: { sites: [{ newSite: newSite('Outreach Room', true), licences: ['satellite'] }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().totalPence).toBe(18_000);
  });

  it('refuses Veterans for an organisation that does not serve veterans, naming the rule', async () => {
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/organisations/${org.id}/additions/quote`, headers: lead.headers(),
      payload: { sites: [{ siteId: org.site.id, licences: ['veterans'] }] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].code).toBe('veterans_not_eligible');
  });

  it("answers another organisation's SMART Lead as not found", async () => {
    const other = await signIn(t.app, await createUser(t.database.db, { role: 'smart_lead', organisationId: (await createOrganisation(t.database.db)).id }));
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/organisations/${org.id}/additions/quote`, headers: other.headers(), payload: { sites: [{ siteId: org.site.id, licences: ['family-and-friends'] }] } });
    expect(res.statusCode).toBe(404);
  });

  it('invoices the addition once per Idempotency-Key, and paying it issues the new licence beside the one held', async () => {
    const payload = { sites: [{ siteId: org.site.id, licences: ['family-and-friends'] }], poNumber: 'PO-ADD-9' };
    const headers = central.headers({ 'idempotency-key': 'addition-key-001' });
    const first = await t.app.inject({ method: 'POST', url: `/api/v1/organisations/${org.id}/additions`, headers, payload });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ kind: 'addition', totalPence: 41_000, poNumber: 'PO-ADD-9', billing: { email: 'finance.additions@people.partnerhub.test' } });
    const retry = await t.app.inject({ method: 'POST', url: `/api/v1/organisations/${org.id}/additions`, headers, payload });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(first.json().id);
    const paid = await recordPayment(t.deps, system, first.json().id, { amountPence: 41_000, paidOn: '2026-11-24', method: 'card', reference: 'ADD-2' });
    expect(paid.licencesIssued).toHaveLength(1);
    const types = await t.database.db.selectFrom('licences').select('licence_type').where('site_id', '=', org.site.id).orderBy('licence_type').execute();
    expect(types.map((l) => l.licence_type)).toEqual(['family-and-friends', 'smart-recovery']);
  });
});
