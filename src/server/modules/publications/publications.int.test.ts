import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LOGO_BYTES } from '../../../domain/publications/logo.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';

/** Co-branded publication orders: logo checks, pricing at RRP plus one third, invoicing, access (decisions 131, 132). */

let t: TestApp;
let lead: SignedIn;
let otherLead: SignedIn;
let central: SignedIn;
let org: Awaited<ReturnType<typeof createOrganisation>>;
let other: Awaited<ReturnType<typeof createOrganisation>>;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  org = await createOrganisation(db, { name: 'Fernlea Recovery Partnership' });
  other = await createOrganisation(db, { name: 'Gorsemoor Other Service' });
  await db.updateTable('organisations').set({ finance_contact_name: 'Fern Accounts', finance_contact_email: 'accounts.fernlea@people.partnerhub.test' }).where('id', '=', org.id).execute();
  lead = await signIn(t.app, await createUser(db, { role: 'smart_lead', organisationId: org.id }));
  otherLead = await signIn(t.app, await createUser(db, { role: 'smart_lead', organisationId: other.id }));
  central = await signIn(t.app, await createUser(db, { role: 'central_office' }));
});
afterAll(async () => t?.close());

const upload = (who: SignedIn, body: Buffer, contentType = 'image/png', query = '') =>
  t.app.inject({ method: 'POST', url: `/api/v1/publication-logos${query}`, headers: who.headers({ 'content-type': contentType }), payload: body });
const order = (who: SignedIn, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/publication-orders', headers: who.headers(), payload: body });

describe('logo upload', () => {
  it('accepts a PNG and a JPEG, checked by their bytes, and audits the upload', async () => {
    const png = await upload(lead, PNG);
    expect(png.statusCode).toBe(201);
    expect(png.json()).toMatchObject({ contentType: 'image/png', byteSize: PNG.length });
    // Sent with a generic type: the bytes decide, not the label.
    const jpeg = await upload(lead, JPEG, 'application/octet-stream');
    expect(jpeg.json()).toMatchObject({ contentType: 'image/jpeg' });
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', png.json().id).executeTakeFirstOrThrow();
    expect(audit.action).toBe('publication_logo.uploaded');
  });

  it('refuses a text file renamed and labelled as a PNG with 422 on the field "logo", and stores nothing', async () => {
    const before = await t.database.db.selectFrom('publication_logos').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const res = await upload(lead, Buffer.from('These are my notes, saved as logo.png'), 'image/png');
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', details: [{ field: 'logo' }] });
    const after = await t.database.db.selectFrom('publication_logos').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses an SVG, even one labelled image/svg+xml', async () => {
    const res = await upload(lead, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('PNG or JPEG');
  });

  it('refuses a file over 2 MB with 422, and a far larger one with 413, never a 5xx', async () => {
    const oversized = Buffer.alloc(MAX_LOGO_BYTES + 1);
    PNG.copy(oversized);
    const res = await upload(lead, oversized);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toBe('The logo must be 2 MB or smaller.');
    const huge = Buffer.alloc(5 * 1024 * 1024);
    PNG.copy(huge);
    const tooLarge = await upload(lead, huge);
    expect(tooLarge.statusCode).toBe(413);
  });

  it("needs the organisation named for Central Office, and refuses a SMART Lead naming another organisation (404, audited)", async () => {
    expect((await upload(central, PNG)).statusCode).toBe(422);
    expect((await upload(central, PNG, 'image/png', `?organisationId=${org.id}`)).statusCode).toBe(201);
    const res = await upload(otherLead, PNG, 'image/png', `?organisationId=${org.id}`);
    expect(res.statusCode).toBe(404);
    const refused = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'organisation.read_refused').where('entity_id', '=', org.id).execute();
    expect(refused.length).toBeGreaterThan(0);
  });
});

describe('placing an order', () => {
  let orderId: string;
  let logoId: string;

  it('invoices one line per publication at the RRP plus one third, through the normal invoice flow', async () => {
    logoId = (await upload(lead, PNG)).json().id;
    const res = await order(lead, {
      logoId,
      poNumber: 'PO-7781',
      items: [
        { publicationCode: 'smart-recovery-handbook', quantity: 10 },
        { publicationCode: 'facilitator-manual', quantity: 2 },
      ],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    orderId = body.id;
    expect(body).toMatchObject({ organisationId: org.id, logoId, poNumber: 'PO-7781', totalPence: 10 * 1_600 + 2 * 3_333 });
    expect(body.lines).toEqual([
      { publicationCode: 'smart-recovery-handbook', title: 'SMART Recovery Handbook', quantity: 10, rrpPence: 1_200, unitPence: 1_600, amountPence: 16_000 },
      { publicationCode: 'facilitator-manual', title: 'SMART Facilitator Manual', quantity: 2, rrpPence: 2_500, unitPence: 3_333, amountPence: 6_666 },
    ]);

    const db = t.database.db;
    const invoice = await db.selectFrom('invoices').selectAll().where('id', '=', body.invoiceId).executeTakeFirstOrThrow();
    expect(invoice).toMatchObject({ organisation_id: org.id, source_type: 'publication_order', source_id: orderId, total_pence: 22_666, billing_email: 'accounts.fernlea@people.partnerhub.test', po_number: 'PO-7781' });
    const lines = await db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', invoice.id).orderBy('position').execute();
    expect(lines.map((l) => [l.kind, l.quantity, l.amount_pence, l.description, l.rule])).toEqual([
      ['publication', 10, 16_000, 'Co-branded SMART Recovery Handbook: 10 × £16.00', 'Section 9: co-branded publications cost the RRP plus one third: £12.00 + £4.00 = £16.00 each.'],
      ['publication', 2, 6_666, 'Co-branded SMART Facilitator Manual: 2 × £33.33', 'Section 9: co-branded publications cost the RRP plus one third: £25.00 + £8.33 = £33.33 each.'],
    ]);
    const mail = await db.selectFrom('outbox_messages').select(['kind', 'subject']).where('to_address', '=', 'accounts.fernlea@people.partnerhub.test').execute();
    expect(mail.some((m) => m.kind === 'invoice')).toBe(true);
    const task = await db.selectFrom('tasks').select(['kind', 'inbox_code']).where('subject_id', '=', orderId).executeTakeFirstOrThrow();
    expect(task).toEqual({ kind: 'publication_order.print', inbox_code: 'info' });
    const audit = await db.selectFrom('audit_events').select('action').where('entity_id', '=', orderId).execute();
    expect(audit.map((a) => a.action)).toContain('publication_order.placed');
  });

  it("lets Central Office and the organisation's SMART Lead read the order and download its logo as uploaded", async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/publication-orders/${orderId}`, headers: lead.headers() })).statusCode).toBe(200);
    const logo = await t.app.inject({ method: 'GET', url: `/api/v1/publication-orders/${orderId}/logo`, headers: central.headers() });
    expect(logo.statusCode).toBe(200);
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.headers['content-disposition']).toMatch(/^attachment;/);
    expect(Buffer.compare(logo.rawPayload, PNG)).toBe(0);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/publication-orders', headers: lead.headers() });
    expect(list.json().orders.map((o: { id: string }) => o.id)).toContain(orderId);
  });

  it("answers another organisation's SMART Lead with the same 404 as a missing order, and audits the refusal", async () => {
    for (const url of [`/api/v1/publication-orders/${orderId}`, `/api/v1/publication-orders/${orderId}/logo`]) {
      const res = await t.app.inject({ method: 'GET', url, headers: otherLead.headers() });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    const refused = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'publication_order.read_refused').where('entity_id', '=', orderId).execute();
    expect(refused.length).toBe(2);
    const mine = await t.app.inject({ method: 'GET', url: '/api/v1/publication-orders', headers: otherLead.headers() });
    expect(mine.json().orders).toEqual([]);
  });

  it("refuses another organisation's logo as not found, audited", async () => {
    const res = await order(otherLead, { logoId, items: [{ publicationCode: 'tool-cards', quantity: 1 }] });
    expect(res.statusCode).toBe(404);
    const refused = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'publication_logo.read_refused').where('entity_id', '=', logoId).execute();
    expect(refused.length).toBe(1);
  });

  it('answers bad orders with 422 and field details', async () => {
    const res = await order(lead, { logoId, items: [{ publicationCode: 'not-a-book', quantity: 0 }] });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('validation_failed');
    expect((await order(lead, { logoId, items: [] })).statusCode).toBe(422);
    expect((await order(central, { logoId, items: [{ publicationCode: 'tool-cards', quantity: 1 }] })).json().error.details).toEqual([{ field: 'organisationId', message: 'Choose the organisation' }]);
  });

  it('shows the catalogue with the co-branded price', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/publications', headers: lead.headers() });
    expect(res.json().publications).toContainEqual({ code: 'smart-recovery-handbook', title: 'SMART Recovery Handbook', rrpPence: 1_200, coBrandedPence: 1_600 });
  });
});
