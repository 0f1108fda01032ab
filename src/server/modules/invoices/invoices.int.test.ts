import { once } from 'node:events';
import { sql } from 'kysely';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { testDatabaseKind } from '../../../../tests/support/test-database.js';
import { addDays, londonDate } from '../../../domain/iso-date.js';
import { type InvoiceDraft, issueInvoice, recordPayment } from './invoices.service.js';
import { invoicePdf } from './invoice-document.js';
import { OutboxWorker } from '../../mail/outbox-worker.js';
import { pdfText } from '../../../../tests/support/pdf.js';

let t: TestApp;
let central: SignedIn;
const system = { userId: null, label: 'test' };

beforeAll(async () => {
  t = await createTestApp();
  central = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
});
afterAll(async () => t?.close());

function draftFor(org: { id: string; site: { id: string } }, sourceId: string, lines?: InvoiceDraft['lines']): InvoiceDraft {
  return {
    organisationId: org.id,
    kind: 'new',
    billing: { name: 'Finance Team', email: 'finance@people.partnerhub.test' },
    poNumber: 'PO-7781',
    feeScheduleId: 'april-2026',
    source: { type: 'test', id: sourceId },
    lines: lines ?? [
      { kind: 'licence', siteId: org.site.id, licenceType: 'smart-recovery', description: 'SMART Recovery licence', rule: 'Section 10: £700 a site a year', amountPence: 70_000 },
      { kind: 'licence', siteId: org.site.id, licenceType: 'family-and-friends', description: 'SMART Family & Friends licence', rule: 'Reduced from £700: SMART Recovery licence at this site', amountPence: 41_000 },
    ],
  };
}

const pay = (invoiceId: string, body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/invoices/${invoiceId}/payments`, headers: central.headers(), payload: body });

describe('invoices', () => {
  it('numbers invoices consecutively when issued, addresses them to the finance contact, emails them and audits them', async () => {
    const org = await createOrganisation(t.database.db);
    const first = await issueInvoice(t.deps, system, draftFor(org, 'a-1'));
    const second = await issueInvoice(t.deps, system, draftFor(org, 'a-2'));
    expect(second.number).toBe(first.number + 1);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/invoices/${first.id}`, headers: central.headers() });
    expect(res.json()).toMatchObject({
      reference: `INV-${String(first.number).padStart(6, '0')}`,
      billing: { name: 'Finance Team', email: 'finance@people.partnerhub.test' },
      poNumber: 'PO-7781',
      totalPence: 111_000,
      outstandingPence: 111_000,
      status: 'issued',
      lines: [{ amountPence: 70_000 }, { amountPence: 41_000, rule: 'Reduced from £700: SMART Recovery licence at this site' }],
    });
    const mail = await t.database.db.selectFrom('outbox_messages').selectAll().where('kind', '=', 'invoice').where('subject', 'like', `%INV-${String(first.number).padStart(6, '0')}%`).executeTakeFirstOrThrow();
    expect(mail.to_address).toBe('finance@people.partnerhub.test');
    expect(mail.text_body).toContain('£1,110.00');
    expect(await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'invoice.issued').where('entity_id', '=', first.id).execute()).toHaveLength(1);
  });

  it('gives back the first invoice when the same source is invoiced again', async () => {
    const org = await createOrganisation(t.database.db);
    const first = await issueInvoice(t.deps, system, draftFor(org, 'same-source'));
    const again = await issueInvoice(t.deps, system, draftFor(org, 'same-source'));
    expect(again).toEqual({ id: first.id, number: first.number, created: false });
  });

  it('never lets an issued invoice, its lines or its payments be edited or deleted', async () => {
    const org = await createOrganisation(t.database.db);
    const invoice = await issueInvoice(t.deps, system, draftFor(org, 'final'));
    await expect(t.database.db.updateTable('invoices').set({ total_pence: 1 }).where('id', '=', invoice.id).execute()).rejects.toThrow(/cannot be changed/);
    await expect(t.database.db.deleteFrom('invoice_lines').where('invoice_id', '=', invoice.id).execute()).rejects.toThrow(/cannot be changed/);
    await expect(t.database.db.deleteFrom('invoices').where('id', '=', invoice.id).execute()).rejects.toThrow(/cannot be changed/);
  });

  it('keeps part payments, and on payment in full issues one licence per site per type for a year with its training places', async () => {
    const org = await createOrganisation(t.database.db);
    const invoice = await issueInvoice(t.deps, system, draftFor(org, 'paid'));
    const part = await pay(invoice.id, { amountPence: 50_000, paidOn: '2026-11-20', method: 'bank-transfer', reference: 'BACS-001' });
    expect(part.statusCode).toBe(201);
    expect(part.json().invoice).toMatchObject({ status: 'part-paid', paidPence: 50_000, outstandingPence: 61_000 });
    expect(part.json().licencesIssued).toEqual([]);

    const rest = await pay(invoice.id, { amountPence: 61_000, paidOn: '2026-11-24', method: 'bank-transfer', reference: 'BACS-002' });
    expect(rest.statusCode).toBe(201);
    expect(rest.json().invoice).toMatchObject({ status: 'paid', outstandingPence: 0 });
    expect(rest.json().licencesIssued).toHaveLength(2);
    const licences = await t.database.db
      .selectFrom('licences')
      .select(['number', 'licence_type', sql<string>`to_char(starts_on, 'YYYY-MM-DD')`.as('starts_on'), sql<string>`to_char(ends_on, 'YYYY-MM-DD')`.as('ends_on'), 'included_training_places', 'status'])
      .where('organisation_id', '=', org.id)
      .orderBy('licence_type')
      .execute();
    expect(licences).toMatchObject([
      { licence_type: 'family-and-friends', starts_on: '2026-11-24', ends_on: '2027-11-23', included_training_places: 3, status: 'active' },
      { licence_type: 'smart-recovery', starts_on: '2026-11-24', ends_on: '2027-11-23', included_training_places: 6, status: 'active' },
    ]);
    expect(licences[0]!.number).toMatch(/^UKSR-FF-2026-\d{6}$/);
  });

  it('records the same payment sent twice once, and refuses the same reference with another amount', async () => {
    const org = await createOrganisation(t.database.db);
    const invoice = await issueInvoice(t.deps, system, draftFor(org, 'twice'));
    const body = { amountPence: 20_000, paidOn: '2026-11-24', method: 'card', reference: 'CARD-77' };
    expect((await pay(invoice.id, body)).statusCode).toBe(201);
    const again = await pay(invoice.id, body);
    expect(again.statusCode).toBe(200);
    expect(again.json().duplicate).toBe(true);
    expect(again.json().invoice.paidPence).toBe(20_000);
    const different = await pay(invoice.id, { ...body, amountPence: 30_000 });
    expect(different.statusCode).toBe(409);
  });

  it('refuses a payment above what is outstanding, naming the amount', async () => {
    const org = await createOrganisation(t.database.db);
    const invoice = await issueInvoice(t.deps, system, draftFor(org, 'over'));
    const res = await pay(invoice.id, { amountPence: 200_000, paidOn: '2026-11-24', method: 'cheque', reference: 'CHQ-1' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('£1,110.00');
  });

  it('refuses a payment dated after today beside the date paid, and records nothing (decision 179)', async () => {
    const org = await createOrganisation(t.database.db);
    const invoice = await issueInvoice(t.deps, system, draftFor(org, 'future'));
    const ahead = await pay(invoice.id, { amountPence: 111_000, paidOn: '2030-01-01', method: 'bank-transfer', reference: 'BACS-FUTURE' });
    expect(ahead.statusCode).toBe(422);
    expect(ahead.json().error).toMatchObject({ code: 'rule_broken', details: [{ field: 'paidOn', message: 'Enter today or an earlier date: 1 January 2030 is in the future' }] });
    const tomorrow = addDays(londonDate(t.clock.now()), 1);
    expect((await pay(invoice.id, { amountPence: 111_000, paidOn: tomorrow, method: 'bank-transfer', reference: 'BACS-TOMORROW' })).statusCode).toBe(422);
    const noSuchDay = await pay(invoice.id, { amountPence: 111_000, paidOn: '2026-02-30', method: 'bank-transfer', reference: 'BACS-NODAY' });
    expect(noSuchDay.json().error).toMatchObject({ code: 'validation_failed', details: [{ field: 'paidOn' }] });
    expect(await t.database.db.selectFrom('payments').select('id').where('invoice_id', '=', invoice.id).execute()).toEqual([]);
  });

  it("takes today from the app's clock in London: at 23:30 UTC on 30 June it is already 1 July", async () => {
    const org = await createOrganisation(t.database.db);
    const invoice = await issueInvoice(t.deps, system, draftFor(org, 'london-day'));
    t.clock.set(new Date('2027-06-30T23:30:00Z'));
    try {
      const payment = { amountPence: 111_000, method: 'bank-transfer' as const };
      await expect(recordPayment(t.deps, system, invoice.id, { ...payment, paidOn: '2027-07-02', reference: 'BACS-2' })).rejects.toMatchObject({ code: 'rule_broken', status: 422 });
      await recordPayment(t.deps, system, invoice.id, { ...payment, paidOn: '2027-07-01', reference: 'BACS-1' });
    } finally {
      t.clock.reset();
    }
    const licences = await t.database.db.selectFrom('licences').select(sql<string>`to_char(starts_on, 'YYYY-MM-DD')`.as('starts_on')).where('issued_by_invoice_id', '=', invoice.id).execute();
    expect(licences.map((l) => l.starts_on)).toEqual(['2027-07-01', '2027-07-01']);
  });

  it('names the organisation billed beside its contact, as the PDF does', async () => {
    const org = await createOrganisation(t.database.db);
    const invoice = await issueInvoice(t.deps, system, { ...draftFor(org, 'billed'), billing: { name: 'Finance Team', email: 'finance@people.partnerhub.test', address: '12 Mill Lane, Preston PR1 2AB' } });
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/invoices/${invoice.id}`, headers: central.headers() });
    const name = (await t.database.db.selectFrom('organisations').select('name').where('id', '=', org.id).executeTakeFirstOrThrow()).name;
    expect(res.json()).toMatchObject({ organisationName: name, billing: { name: 'Finance Team', address: '12 Mill Lane, Preston PR1 2AB' } });
  });

  it('corrects an invoice with a numbered credit note, leaving the invoice as issued', async () => {
    const org = await createOrganisation(t.database.db);
    const invoice = await issueInvoice(t.deps, system, draftFor(org, 'credit'));
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/invoices/${invoice.id}/credit-notes`, headers: central.headers(), payload: { amountPence: 41_000, reason: 'Family & Friends not wanted after all' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ totalPence: 111_000, creditedPence: 41_000, outstandingPence: 70_000 });
    expect(res.json().creditNotes[0].reference).toMatch(/^CN-\d{6}$/);
  });

  it("shows a SMART Lead their organisation's invoices and answers another organisation's as not found", async () => {
    const own = await createOrganisation(t.database.db);
    const other = await createOrganisation(t.database.db);
    const mine = await issueInvoice(t.deps, system, draftFor(own, 'lead-own'));
    const theirs = await issueInvoice(t.deps, system, draftFor(other, 'lead-other'));
    const lead = await signIn(t.app, await createUser(t.database.db, { role: 'smart_lead', organisationId: own.id }));
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/invoices/${mine.id}`, headers: lead.headers() })).statusCode).toBe(200);
    const refused = await t.app.inject({ method: 'GET', url: `/api/v1/invoices/${theirs.id}`, headers: lead.headers() });
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/invoices/00000000-0000-4000-8000-000000000000', headers: lead.headers() });
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toBe(missing.body);
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/invoices', headers: lead.headers() })).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
  });

  it('answers a retried hand-raised invoice with the same Idempotency-Key with the first invoice', async () => {
    const org = await createOrganisation(t.database.db);
    const body = {
      organisationId: org.id,
      billing: { name: 'Finance', email: 'finance@people.partnerhub.test' },
      lines: [{ kind: 'training_places', siteId: org.site.id, quantity: 2, description: 'Additional online training places', rule: '£120 a person', amountPence: 24_000 }],
    };
    const headers = central.headers({ 'idempotency-key': 'retry-key-0001' });
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/invoices', headers, payload: body });
    const retry = await t.app.inject({ method: 'POST', url: '/api/v1/invoices', headers, payload: body });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(first.json().id);
    const changed = await t.app.inject({ method: 'POST', url: '/api/v1/invoices', headers, payload: { ...body, lines: [{ ...body.lines[0], amountPence: 36_000 }] } });
    expect(changed.statusCode).toBe(409);
  });
});

describe.runIf(testDatabaseKind === 'postgres')('invoices under concurrency (PostgreSQL)', () => {
  it('issues 40 invoices at once with consecutive numbers, no duplicate and no gap, five times over', async () => {
    const org = await createOrganisation(t.database.db);
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => issueInvoice(t.deps, system, draftFor(org, `concurrent-${round}-${i}`))));
      const numbers = results.map((r) => r.number).sort((a, b) => a - b);
      expect(new Set(numbers).size).toBe(40);
      expect(numbers[39]! - numbers[0]!).toBe(39);
    }
  });

  it('records one payment when the same payment is sent ten times at once', async () => {
    const org = await createOrganisation(t.database.db);
    const invoice = await issueInvoice(t.deps, system, draftFor(org, 'concurrent-payment'));
    const body = { amountPence: 111_000, paidOn: '2026-11-24', method: 'bank-transfer', reference: 'BACS-RACE' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => pay(invoice.id, body)));
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(9);
    const payments = await t.database.db.selectFrom('payments').select('id').where('invoice_id', '=', invoice.id).execute();
    expect(payments).toHaveLength(1);
    const licences = await t.database.db.selectFrom('licences').select('id').where('organisation_id', '=', org.id).execute();
    expect(licences).toHaveLength(2);
  });
});

describe('invoice email', () => {
  it('sends the invoice to the finance contact with its PDF attached, through a real SMTP server', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push(Buffer.concat(chunks).toString('utf8'));
          callback();
        });
      },
    });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    const port = (server.server.address() as { port: number }).port;
    try {
      const org = await createOrganisation(t.database.db);
      const invoice = await issueInvoice(t.deps, system, { ...draftFor(org, 'emailed'), billing: { name: 'Emailed Finance', email: 'emailed.finance@people.partnerhub.test' } });
      // Only this invoice's mail is due: the others in this file's database are marked sent.
      await t.database.db.updateTable('outbox_messages').set({ status: 'sent' }).where('to_address', '<>', 'emailed.finance@people.partnerhub.test').execute();
      const worker = new OutboxWorker({
        db: t.database.db,
        smtpUrl: `smtp://127.0.0.1:${port}`,
        from: 'Partner Hub <no-reply@partnerhub.test>',
        log: pino({ level: 'silent' }),
        attachments: { 'invoice-pdf': async (id) => (await invoicePdf(t.deps, id)).pdf },
      });
      await worker.runOnce();
      await worker.stop();
      expect(received).toHaveLength(1);
      const raw = received[0]!;
      const reference = `INV-${String(invoice.number).padStart(6, '0')}`;
      expect(raw).toContain(`filename=${reference}.pdf`);
      const part = new RegExp(`Content-Type: application/pdf; name=${reference}\\.pdf\\r\\nContent-Transfer-Encoding: base64[\\s\\S]*?\\r\\n\\r\\n([A-Za-z0-9+/=\\r\\n]+)`).exec(raw);
      expect(part).not.toBeNull();
      const text = await pdfText(Buffer.from(part![1]!.replace(/\r\n/g, ''), 'base64'));
      expect(text).toContain(reference);
      expect(text).toContain('£1,110.00');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
