import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { pdfText } from '../../../../tests/support/pdf.js';
import { issueInvoice, recordPayment } from '../invoices/invoices.service.js';
import { siteCoverageInput } from './licences.repository.js';
import { coverage } from '../../../domain/coverage/coverage.js';

let t: TestApp;
let org: Awaited<ReturnType<typeof createOrganisation>>;
let lead: SignedIn;
let invoiceId: string;
const system = { userId: null, label: 'test' };

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrganisation(t.database.db, { name: 'Harbourside Recovery Collective' });
  const satellite = await t.database.db
    .insertInto('sites')
    .values({ organisation_id: org.id, name: 'Harbourside Outreach Room', address: '9 Dock Street, Preston', postcode: 'PR2 2AA', nation_code: 'england', region_code: 'north-west', satellite: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  const leadUser = await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id });
  await t.database.db.updateTable('users').set({ name: 'Casey Marchbank' }).where('id', '=', leadUser.id).execute();
  lead = await signIn(t.app, leadUser);
  const invoice = await issueInvoice(t.deps, system, {
    organisationId: org.id,
    kind: 'new',
    billing: { name: 'Accounts Payable', email: 'accounts@people.partnerhub.test', address: '1 Test Street, Preston' },
    poNumber: 'PO-4242',
    feeScheduleId: 'april-2026',
    source: { type: 'test', id: 'documents' },
    lines: [
      { kind: 'licence', siteId: org.site.id, licenceType: 'smart-recovery', description: 'SMART Recovery licence', rule: 'Section 10: £700 a site a year', amountPence: 70_000 },
      { kind: 'licence', siteId: satellite.id, licenceType: 'satellite', description: 'SMART Satellite licence', rule: 'Section 10: £180 a satellite premises a year', amountPence: 18_000 },
    ],
  });
  invoiceId = invoice.id;
});
afterAll(async () => t?.close());

const get = (session: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers() });

describe('licence documents', () => {
  it('has no Partnership Agreement before the invoice is paid', async () => {
    expect((await get(lead, `/api/v1/organisations/${org.id}/partnership-agreement.pdf`)).statusCode).toBe(404);
  });

  it('gives the SMART Lead the invoice as a PDF with its number, purchase order, lines, total and the charity details', async () => {
    const res = await get(lead, `/api/v1/invoices/${invoiceId}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(res.rawPayload);
    expect(text).toMatch(/INV-\d{6}/);
    expect(text).toContain('PO-4242');
    expect(text).toContain('Accounts Payable');
    expect(text).toContain('£700.00');
    expect(text).toContain('£180.00');
    expect(text).toContain('£880.00');
    expect(text).toContain('1160516');
    expect(text).toContain('SC046247');
  });

  it('issues the licences on payment, and the Partnership Agreement names the organisation, SMART Lead, sites, satellite premises, periods and terms', async () => {
    const paid = await recordPayment(t.deps, system, invoiceId, { amountPence: 88_000, paidOn: '2026-11-24', method: 'bank-transfer', reference: 'DOCS-1' });
    expect(paid.licencesIssued).toHaveLength(2);
    const licences = (await get(lead, `/api/v1/organisations/${org.id}/licences`)).json().items;
    expect(licences.map((l: { licenceType: string }) => l.licenceType).sort()).toEqual(['satellite', 'smart-recovery']);

    const res = await get(lead, `/api/v1/organisations/${org.id}/partnership-agreement.pdf`);
    expect(res.statusCode).toBe(200);
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('Partnership Agreement');
    expect(text).toContain('Harbourside Recovery Collective');
    expect(text).toContain('Casey Marchbank');
    expect(text).toContain('Harbourside Outreach Room (satellite premises)');
    expect(text).toContain('24 November 2026');
    expect(text).toContain('23 November 2027');
    expect(text).toMatch(/UKSR-SR-2026-\d{6}/);
    expect(text).toContain('only at the sites named');
    expect(text).toContain('Code of Conduct');
    expect(text).toContain('registered with UKSR');
  });

  it("gives each licensed site a certificate naming the organisation, site, programme and dates", async () => {
    const res = await get(lead, `/api/v1/sites/${org.site.id}/certificate.pdf`);
    expect(res.statusCode).toBe(200);
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('Licence Certificate');
    expect(text).toContain('Harbourside Recovery Collective');
    expect(text).toContain(org.site.name);
    expect(text).toContain('SMART Recovery');
    expect(text).toContain('valid from 24 November 2026 to 23 November 2027');
  });

  it("covers SMART Recovery at the satellite premises through the main site's licence, and not a programme the main site lacks", async () => {
    const satellite = await t.database.db.selectFrom('sites').select('id').where('name', '=', 'Harbourside Outreach Room').executeTakeFirstOrThrow();
    const input = await siteCoverageInput(t.database.db, satellite.id);
    expect(input.primarySiteLicences?.map((l) => l.licenceType)).toEqual(['smart-recovery']);
    expect(coverage(input, 'smart-recovery', '2026-12-01').covered).toBe(true);
    expect(coverage(input, 'family-and-friends', '2026-12-01').covered).toBe(false);
  });

  it("answers another organisation's SMART Lead with not found for every document", async () => {
    const other = await createOrganisation(t.database.db);
    const stranger = await signIn(t.app, await createUser(t.database.db, { role: 'smart_lead', organisationId: other.id }));
    expect((await get(stranger, `/api/v1/invoices/${invoiceId}/pdf`)).statusCode).toBe(404);
    expect((await get(stranger, `/api/v1/organisations/${org.id}/partnership-agreement.pdf`)).statusCode).toBe(404);
    expect((await get(stranger, `/api/v1/sites/${org.site.id}/certificate.pdf`)).statusCode).toBe(404);
    expect((await get(stranger, `/api/v1/organisations/${org.id}/licences`)).statusCode).toBe(404);
  });
});
