import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { completeForm } from '../start-up-forms/test-factories.js';

let t: TestApp;
let central: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  central = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
});
afterAll(async () => t?.close());

const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: central.headers(), payload: payload as object });

/** A new partner submits the form through the public API, and Central Office accepts it. */
async function acceptedForm(overrides: Parameters<typeof completeForm>[0] = {}) {
  const submitted = await t.app.inject({ method: 'POST', url: '/api/v1/start-up-forms', payload: completeForm(overrides) });
  expect(submitted.statusCode).toBe(201);
  const { reference } = submitted.json();
  const row = await t.database.db.selectFrom('start_up_forms').select(['id', 'version']).where('reference', '=', reference).executeTakeFirstOrThrow();
  const accepted = await post(`/api/v1/start-up-forms/${row.id}/accept`, { version: row.version });
  expect(accepted.statusCode).toBe(200);
  return row.id;
}

describe('from an accepted Start-Up Form to licences', () => {
  it('creates the organisation with its sites and contacts and invoices the finance contact with the purchase order, once', async () => {
    const formId = await acceptedForm();
    const first = await post(`/api/v1/start-up-forms/${formId}/invoice`, {});
    expect(first.statusCode).toBe(201);
    const { organisationId, invoice } = first.json();
    expect(invoice).toMatchObject({
      billing: { name: 'Larkfield Accounts', email: 'accounts@larkfield.example' },
      poNumber: 'PO-55120',
      totalPence: 70_000 + 41_000 + 18_000,
      status: 'issued',
    });
    const organisation = await t.database.db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirstOrThrow();
    expect(organisation).toMatchObject({ name: 'Larkfield Recovery Collective', region_code: 'north-west', smart_lead_nominee_email: 'avery.quinlan@people.partnerhub.test' });
    const sites = await t.database.db.selectFrom('sites').select(['name', 'satellite', 'nation_code']).where('organisation_id', '=', organisationId).orderBy('name').execute();
    expect(sites).toEqual([
      { name: 'Larkfield Drop-in', satellite: true, nation_code: 'england' },
      { name: 'Larkfield Hub', satellite: false, nation_code: 'england' },
    ]);
    const detail = await t.app.inject({ method: 'GET', url: `/api/v1/start-up-forms/${formId}`, headers: central.headers() });
    expect(detail.json().invoice).toEqual({ id: invoice.id, reference: invoice.reference, organisationId });
    const again = await post(`/api/v1/start-up-forms/${formId}/invoice`, {});
    expect(again.statusCode).toBe(200);
    expect(again.json().invoice.id).toBe(invoice.id);
    const mail = await t.database.db.selectFrom('outbox_messages').select('to_address').where('kind', '=', 'invoice').where('to_address', '=', 'accounts@larkfield.example').execute();
    expect(mail).toHaveLength(1);
  });

  it('on payment in full issues a licence per site and type and invites the nominated SMART Lead, once', async () => {
    const formId = await acceptedForm({
      contacts: {
        smartLead: { name: 'Rowan Tiller', email: 'rowan.tiller@people.partnerhub.test', jobTitle: 'Lead', facilitator: 'qualified' },
        finance: { name: 'Accounts', email: 'accounts2@larkfield.example' },
      },
      organisation: { ...completeForm().organisation, name: 'Tiller Recovery Trust' },
    });
    const { invoice, organisationId } = (await post(`/api/v1/start-up-forms/${formId}/invoice`, {})).json();
    const paid = await post(`/api/v1/invoices/${invoice.id}/payments`, { amountPence: invoice.totalPence, paidOn: '2026-11-24', method: 'bank-transfer', reference: 'TILLER-1' });
    expect(paid.statusCode).toBe(201);
    expect(paid.json().licencesIssued).toHaveLength(3);
    const licences = await t.database.db
      .selectFrom('licences as l')
      .innerJoin('sites as s', 's.id', 'l.site_id')
      .select(['s.name', 'l.licence_type', 'l.included_training_places', sql<string>`to_char(l.ends_on, 'YYYY-MM-DD')`.as('ends_on')])
      .where('l.organisation_id', '=', organisationId)
      .orderBy('s.name')
      .orderBy('l.licence_type')
      .execute();
    expect(licences).toEqual([
      { name: 'Larkfield Drop-in', licence_type: 'satellite', included_training_places: 0, ends_on: '2027-11-23' },
      { name: 'Larkfield Hub', licence_type: 'family-and-friends', included_training_places: 3, ends_on: '2027-11-23' },
      { name: 'Larkfield Hub', licence_type: 'smart-recovery', included_training_places: 6, ends_on: '2027-11-23' },
    ]);
    const lead = await t.database.db.selectFrom('users').selectAll().where('email', '=', 'rowan.tiller@people.partnerhub.test').executeTakeFirstOrThrow();
    expect(lead).toMatchObject({ role: 'smart_lead', organisation_id: organisationId, status: 'invited' });
    const invitation = await t.database.db.selectFrom('outbox_messages').select('text_body').where('kind', '=', 'invitation').where('to_address', '=', 'rowan.tiller@people.partnerhub.test').execute();
    expect(invitation).toHaveLength(1);
  });

  it('asks for the purchase order number when the partner wanted a quotation first', async () => {
    const formId = await acceptedForm({ organisation: { ...completeForm().organisation, name: 'Quotation First Ltd' }, purchase: { method: 'quotation-first' } });
    const refused = await post(`/api/v1/start-up-forms/${formId}/invoice`, {});
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details[0].field).toBe('poNumber');
    const issued = await post(`/api/v1/start-up-forms/${formId}/invoice`, { poNumber: 'PO-FROM-QUOTE' });
    expect(issued.statusCode).toBe(201);
    expect(issued.json().invoice.poNumber).toBe('PO-FROM-QUOTE');
  });

  it('does not invoice a form that has not been accepted', async () => {
    const submitted = await t.app.inject({ method: 'POST', url: '/api/v1/start-up-forms', payload: completeForm({ organisation: { ...completeForm().organisation, name: 'Not Yet Accepted' } }) });
    const row = await t.database.db.selectFrom('start_up_forms').select('id').where('reference', '=', submitted.json().reference).executeTakeFirstOrThrow();
    expect((await post(`/api/v1/start-up-forms/${row.id}/invoice`, {})).statusCode).toBe(404);
  });
});
