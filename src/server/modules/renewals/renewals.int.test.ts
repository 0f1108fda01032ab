import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn } from '../../../../tests/support/factories.js';
import { coverage } from '../../../domain/coverage/coverage.js';
import { siteLicences } from '../licences/licences.repository.js';
import { testDatabaseKind } from '../../../../tests/support/test-database.js';
import { issueInvoice, recordPayment } from '../invoices/invoices.service.js';
import { CORPORATE_AGREED_RULE } from '../../../domain/corporate/agreed-price.js';
import { upsertPartnership } from '../corporate-partnerships/corporate-partnerships.repository.js';
import { RENEWAL_PRICING_TASK, runRenewals } from './renewals.service.js';

let t: TestApp;
const system = { userId: null, label: 'test' };

/** Records a renewal's payment on the day it was paid: a payment dated after today is refused (decision 179). */
async function payOn(invoiceId: string, payment: Parameters<typeof recordPayment>[3]) {
  t.clock.set(new Date(`${payment.paidOn}T12:00:00Z`));
  try {
    return await recordPayment(t.deps, system, invoiceId, payment);
  } finally {
    t.clock.reset();
  }
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

/** An organisation holding SMART Recovery and Family & Friends at its site, paid on a day. */
async function licensedOrganisation(paidOn: string) {
  const org = await createOrganisation(t.database.db);
  const lead = await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id });
  const invoice = await issueInvoice(t.deps, system, {
    organisationId: org.id, kind: 'new', billing: { name: 'Finance', email: `finance.${org.id.slice(0, 8)}@people.partnerhub.test` },
    feeScheduleId: 'april-2026', source: { type: 'test', id: `renewal-${org.id}` },
    lines: [
      { kind: 'licence', siteId: org.site.id, licenceType: 'smart-recovery', description: 'SMART Recovery licence', rule: 'Section 10', amountPence: 70_000 },
      { kind: 'licence', siteId: org.site.id, licenceType: 'family-and-friends', description: 'Family & Friends licence', rule: 'Section 10', amountPence: 41_000 },
    ],
  });
  await recordPayment(t.deps, system, invoice.id, { amountPence: 111_000, paidOn, method: 'bank-transfer', reference: `PAY-${org.id}` });
  return { org, lead };
}

const renewalInvoices = (organisationId: string) =>
  t.database.db.selectFrom('invoices').selectAll().where('organisation_id', '=', organisationId).where('kind', '=', 'renewal').execute();
const reminders = (organisationId: string) =>
  t.database.db
    .selectFrom('licence_reminders as r')
    .innerJoin('licences as l', 'l.id', 'r.licence_id')
    .select(['r.licence_id', 'r.days_before'])
    .where('l.organisation_id', '=', organisationId)
    .execute();
const statusOf = async (organisationId: string) =>
  (await t.database.db.selectFrom('licences').select(['licence_type', 'status', sql<string>`to_char(ends_on, 'YYYY-MM-DD')`.as('ends_on')]).where('organisation_id', '=', organisationId).orderBy('licence_type').execute());

describe('renewal run', () => {
  it('raises one renewal invoice for the licences ending in the same month, priced from the schedule, with the first reminder, once however often it runs', async () => {
    const { org, lead } = await licensedOrganisation('2026-01-21'); // ends 2027-01-20
    await runRenewals(t.deps, { today: '2026-11-20' }); // 61 days before: nothing yet
    expect(await renewalInvoices(org.id)).toHaveLength(0);

    await runRenewals(t.deps, { today: '2026-11-21' });
    await runRenewals(t.deps, { today: '2026-11-21' });
    const invoices = await renewalInvoices(org.id);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]!.total_pence).toBe(70_000 + 41_000); // Family & Friends stays reduced: SMART Recovery is held
    expect((await reminders(org.id)).map((r) => r.days_before)).toEqual([60, 60]);
    const mail = await t.database.db.selectFrom('outbox_messages').select(['to_address']).where('kind', '=', 'renewal_reminder').where('text_body', 'like', `%${org.name}%`).execute();
    expect(mail.map((m) => m.to_address).sort()).toEqual([`finance.${org.id.slice(0, 8)}@people.partnerhub.test`, lead.email].sort());
  });

  it('sends the 30 and 7 day reminders once each, and none once the renewal is paid', async () => {
    const { org } = await licensedOrganisation('2026-01-21');
    await runRenewals(t.deps, { today: '2026-11-21' });
    await runRenewals(t.deps, { today: '2026-12-21' });
    await runRenewals(t.deps, { today: '2026-12-22' });
    expect((await reminders(org.id)).map((r) => r.days_before).sort()).toEqual([30, 30, 60, 60]);
    expect(await renewalInvoices(org.id)).toHaveLength(1);

    const [renewal] = await renewalInvoices(org.id);
    await payOn(renewal!.id, { amountPence: renewal!.total_pence, paidOn: '2027-01-05', method: 'bank-transfer', reference: 'RENEW-1' });
    expect((await statusOf(org.id)).map((l) => l.ends_on)).toEqual(['2028-01-20', '2028-01-20']);
    await runRenewals(t.deps, { today: '2027-01-13' });
    expect((await reminders(org.id)).filter((r) => r.days_before === 7)).toHaveLength(0);
  });

  it('puts an unpaid licence in grace after its end, lapses it after 30 days, and renewing restores it', async () => {
    const { org } = await licensedOrganisation('2026-01-21');
    await runRenewals(t.deps, { today: '2026-11-21' });
    await runRenewals(t.deps, { today: '2027-01-21' });
    expect((await statusOf(org.id)).map((l) => l.status)).toEqual(['in_grace', 'in_grace']);
    await runRenewals(t.deps, { today: '2027-02-19' });
    expect((await statusOf(org.id)).map((l) => l.status)).toEqual(['in_grace', 'in_grace']);
    await runRenewals(t.deps, { today: '2027-02-20' });
    expect((await statusOf(org.id)).map((l) => l.status)).toEqual(['lapsed', 'lapsed']);
    const lapses = await t.database.db.selectFrom('audit_events').select('entity_id').where('action', '=', 'licence.lapsed').execute();
    expect(lapses.length).toBeGreaterThanOrEqual(2);

    const [renewal] = await renewalInvoices(org.id);
    await payOn(renewal!.id, { amountPence: renewal!.total_pence, paidOn: '2027-03-01', method: 'bank-transfer', reference: 'LATE-1' });
    expect(await statusOf(org.id)).toEqual([
      { licence_type: 'family-and-friends', status: 'active', ends_on: '2028-01-20' },
      { licence_type: 'smart-recovery', status: 'active', ends_on: '2028-01-20' },
    ]);
  });
});

/** Licences brought in from the old records (decision 136): no invoice, ending 2027-01-20. */
async function importedLicences(type: 'non-profit' | 'for-profit' | 'corporate', licenceTypes: string[]) {
  const org = await createOrganisation(t.database.db, { type });
  const lead = await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id });
  const codes: Record<string, string> = { 'smart-recovery': 'SR', 'family-and-friends': 'FF', veterans: 'VET', 'criminal-justice': 'CJ' };
  const licences = [];
  for (const licenceType of licenceTypes) {
    const seq = String(Math.floor(Math.random() * 900_000) + 100_000);
    licences.push(
      await t.database.db
        .insertInto('licences')
        .values({ number: `UKSR-${codes[licenceType]}-2024-${seq}`, organisation_id: org.id, site_id: org.site.id, licence_type: licenceType, starts_on: '2026-01-21', ends_on: '2027-01-20', source: 'import', issued_by_invoice_id: null })
        .returning(['id', 'number', 'licence_type'])
        .executeTakeFirstOrThrow(),
    );
  }
  return { org, lead, licences };
}

const renewalLines = (organisationId: string) =>
  t.database.db
    .selectFrom('invoice_lines as il')
    .innerJoin('invoices as i', 'i.id', 'il.invoice_id')
    .select(['il.licence_type', 'il.amount_pence', 'il.rule'])
    .where('i.organisation_id', '=', organisationId)
    .where('i.kind', '=', 'renewal')
    .orderBy('il.licence_type')
    .execute();
const pricingTasks = (licenceIds: string[]) =>
  t.database.db.selectFrom('tasks').select(['subject_id', 'title', 'status']).where('kind', '=', RENEWAL_PRICING_TASK).where('subject_id', 'in', licenceIds.map((id) => `${id}:2027-01-20`)).execute();

describe('renewal pricing', () => {
  it("renews a corporate organisation's licences at the partnership's agreed price in force when the renewed year starts, else at last year's amount", async () => {
    const org = await createOrganisation(t.database.db, { type: 'corporate' });
    await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id });
    const manager = await createUser(t.database.db, { role: 'central_office' });
    const invoice = await issueInvoice(t.deps, system, {
      organisationId: org.id, kind: 'new', billing: { name: 'Finance', email: `finance.${org.id.slice(0, 8)}@people.partnerhub.test` },
      feeScheduleId: 'april-2026', source: { type: 'test', id: `corporate-${org.id}` },
      lines: [
        { kind: 'licence', siteId: org.site.id, licenceType: 'smart-recovery', description: 'SMART Recovery licence', rule: 'Agreed', amountPence: 300_000 },
        { kind: 'licence', siteId: org.site.id, licenceType: 'family-and-friends', description: 'Family & Friends licence', rule: 'Agreed', amountPence: 90_000 },
      ],
    });
    await recordPayment(t.deps, system, invoice.id, { amountPence: 390_000, paidOn: '2026-01-21', method: 'bank-transfer', reference: `CORP-${org.id}` });
    // Agreed from the day the renewed year starts (2027-01-21); no agreed Family & Friends price.
    await upsertPartnership(t.database.db, { organisationId: org.id, terms: 'Group terms', prices: { 'smart-recovery': 250_000 }, startsOn: '2027-01-21', endsOn: null, accountManagerUserId: manager.id, recordedBy: manager.id });

    await runRenewals(t.deps, { today: '2026-11-21' });
    expect(await renewalLines(org.id)).toEqual([
      { licence_type: 'family-and-friends', amount_pence: 90_000, rule: 'Renewed at the price agreed with Central Office last year.' },
      { licence_type: 'smart-recovery', amount_pence: 250_000, rule: CORPORATE_AGREED_RULE },
    ]);
  });

  it('does not use a partnership price that is no longer in force when the renewed year starts', async () => {
    const org = await createOrganisation(t.database.db, { type: 'corporate' });
    await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id });
    const manager = await createUser(t.database.db, { role: 'central_office' });
    const invoice = await issueInvoice(t.deps, system, {
      organisationId: org.id, kind: 'new', billing: { name: 'Finance', email: `finance.${org.id.slice(0, 8)}@people.partnerhub.test` },
      feeScheduleId: 'april-2026', source: { type: 'test', id: `corporate-ended-${org.id}` },
      lines: [{ kind: 'licence', siteId: org.site.id, licenceType: 'smart-recovery', description: 'SMART Recovery licence', rule: 'Agreed', amountPence: 300_000 }],
    });
    await recordPayment(t.deps, system, invoice.id, { amountPence: 300_000, paidOn: '2026-01-21', method: 'bank-transfer', reference: `CORP-END-${org.id}` });
    await upsertPartnership(t.database.db, { organisationId: org.id, terms: 'Ended terms', prices: { 'smart-recovery': 250_000 }, startsOn: '2026-01-01', endsOn: '2027-01-20', accountManagerUserId: manager.id, recordedBy: manager.id });

    await runRenewals(t.deps, { today: '2026-11-21' });
    expect((await renewalLines(org.id)).map((l) => l.amount_pence)).toEqual([300_000]);
  });

  it("prices an imported licence's first renewal from the fee schedule where it has a price", async () => {
    const { org, licences } = await importedLicences('non-profit', ['smart-recovery', 'family-and-friends']);
    await runRenewals(t.deps, { today: '2026-11-21' });
    expect((await renewalLines(org.id)).map((l) => [l.licence_type, l.amount_pence])).toEqual([
      ['family-and-friends', 41_000],
      ['smart-recovery', 70_000],
    ]);
    expect(await pricingTasks(licences.map((l) => l.id))).toHaveLength(0);
  });

  it("sends an imported organisation's first renewal invoice to the finance contact on its record, not its SMART Lead", async () => {
    const { org, lead } = await importedLicences('non-profit', ['smart-recovery']);
    const finance = `accounts.${org.id.slice(0, 8)}@people.partnerhub.test`;
    await t.database.db.updateTable('organisations').set({ finance_contact_name: 'Accounts Team', finance_contact_email: finance, address: '2 Ledger Lane', postcode: 'PR1 8BU' }).where('id', '=', org.id).execute();
    await runRenewals(t.deps, { today: '2026-11-21' });
    const invoice = await t.database.db.selectFrom('invoices').select(['billing_name', 'billing_email', 'billing_address']).where('organisation_id', '=', org.id).where('kind', '=', 'renewal').executeTakeFirstOrThrow();
    expect(invoice).toEqual({ billing_name: 'Accounts Team', billing_email: finance, billing_address: '2 Ledger Lane, PR1 8BU' });
    const reminded = await sql<{ to_address: string }>`SELECT to_address FROM outbox_messages WHERE kind = 'renewal_reminder' AND to_address IN (${finance}, ${lead.email})`.execute(t.database.db);
    expect(reminded.rows.map((r) => r.to_address).sort()).toEqual([finance, lead.email].sort());
  });

  it('leaves an imported licence priced on request out of the invoice and raises one task for Central Office to price it, however often the run goes', async () => {
    // For-profit: SMART Recovery has a published fee, Veterans has none.
    const { org, licences } = await importedLicences('for-profit', ['smart-recovery', 'veterans']);
    const veterans = licences.find((l) => l.licence_type === 'veterans')!;
    await runRenewals(t.deps, { today: '2026-11-21' });
    await runRenewals(t.deps, { today: '2026-11-21' });
    await runRenewals(t.deps, { today: '2026-12-21' });
    const lines = await renewalLines(org.id);
    expect(lines.map((l) => l.licence_type)).toEqual(['smart-recovery']);
    expect(lines.every((l) => l.amount_pence > 0)).toBe(true);
    const tasks = await pricingTasks(licences.map((l) => l.id));
    expect(tasks).toEqual([{ subject_id: `${veterans.id}:2027-01-20`, title: expect.stringContaining(veterans.number), status: 'open' }]);
    // Its reminders are not sent with an invoice that does not include it.
    expect((await reminders(org.id)).filter((r) => r.licence_id === veterans.id)).toHaveLength(0);
  });

  it('raises no invoice at all when none of an organisation-month can be priced', async () => {
    const { org, licences } = await importedLicences('corporate', ['smart-recovery']);
    await runRenewals(t.deps, { today: '2026-11-21' });
    await runRenewals(t.deps, { today: '2026-11-22' });
    expect(await renewalInvoices(org.id)).toHaveLength(0);
    expect(await pricingTasks(licences.map((l) => l.id))).toHaveLength(1);
  });
});

describe('a lapsed licence', () => {
  it('closes Partner Resources and marks the site as not covered for the programme, and renewing opens both again', async () => {
    const { org, lead } = await licensedOrganisation('2026-01-21');
    const session = await signIn(t.app, lead);
    const resources = () => t.app.inject({ method: 'GET', url: '/api/v1/partner-resources', headers: session.headers() });
    const covered = async (date: string) => coverage({ licences: await siteLicences(t.database.db, org.site.id) }, 'smart-recovery', date);
    expect((await resources()).statusCode).toBe(200);
    expect((await covered('2027-02-10')).covered).toBe(false); // not yet run: the licence's own dates decide

    await runRenewals(t.deps, { today: '2027-01-25' }); // in grace: still in force
    expect((await resources()).statusCode).toBe(200);
    expect((await covered('2027-01-25')).covered).toBe(true);

    await runRenewals(t.deps, { today: '2027-02-20' });
    const closed = await resources();
    expect(closed.statusCode).toBe(403);
    expect(closed.json().error.message).toContain('Renew your licence');
    const lapsed = await covered('2027-02-20');
    expect(lapsed.covered).toBe(false);
    expect(lapsed.reasons.map((r) => r.code)).toContain('licence_lapsed');

    const [renewal] = await renewalInvoices(org.id);
    await payOn(renewal!.id, { amountPence: renewal!.total_pence, paidOn: '2027-02-25', method: 'card', reference: 'LAPSE-RENEW' });
    expect((await resources()).statusCode).toBe(200);
    expect((await covered('2027-02-25')).covered).toBe(true);
  });
});

describe.runIf(testDatabaseKind === 'postgres')('renewal run killed part-way (PostgreSQL)', () => {
  it('leaves exactly one renewal invoice and one of each reminder per licence after a SIGKILL and a second run', async () => {
    const organisations = 600;
    await sql`
      WITH orgs AS (
        INSERT INTO organisations (name, organisation_type, sector_code, region_code)
        SELECT 'Bulk Renewal Service ' || g, 'non-profit', 'treatment-service', 'north-west' FROM generate_series(1, ${organisations}) g
        RETURNING id, name
      ), sites AS (
        INSERT INTO sites (organisation_id, name, address, postcode, nation_code, region_code)
        SELECT id, name || ' site', '1 Bulk Street', 'PR1 8BU', 'england', 'north-west' FROM orgs RETURNING id, organisation_id
      ), invoices AS (
        INSERT INTO invoices (number, organisation_id, kind, billing_name, billing_email, issued_on, due_on, total_pence, fee_schedule_id, source_type, source_id, paid_at)
        SELECT 900000 + row_number() OVER (), organisation_id, 'new', 'Finance', 'finance.bulk@people.partnerhub.test', '2026-01-01', '2026-01-31', 70000, 'april-2026', 'bulk', organisation_id::text, now()
        FROM sites RETURNING id, organisation_id
      )
      INSERT INTO licences (number, organisation_id, site_id, licence_type, starts_on, ends_on, issued_by_invoice_id)
      SELECT 'UKSR-SR-2026-9' || lpad(row_number() OVER ()::text, 5, '0'), s.organisation_id, s.id, 'smart-recovery', '2026-01-21', '2027-01-20', i.id
      FROM sites s JOIN invoices i ON i.organisation_id = s.organisation_id`.execute(t.database.db);

    const root = path.resolve(import.meta.dirname, '../../../..');
    // The command-line run works on this test's own database.
    const env = { ...process.env, DATABASE_URL: t.database.url!, LOG_LEVEL: 'silent' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/jobs/renewal-run.ts', '--today', '2026-11-21'], { cwd: root, env });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (/renewals: \d+ of/.test(chunk.toString())) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code) => (code === 0 ? reject(new Error('the run finished before it could be killed')) : resolve()));
    });
    const part = await t.database.db.selectFrom('invoices').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'renewal').where('billing_email', '=', 'finance.bulk@people.partnerhub.test').executeTakeFirstOrThrow();
    expect(Number(part.n)).toBeGreaterThan(0);
    expect(Number(part.n)).toBeLessThan(organisations);

    await runRenewals(t.deps, { today: '2026-11-21' });
    const perOrganisation = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM invoices WHERE kind = 'renewal' AND billing_email = 'finance.bulk@people.partnerhub.test' GROUP BY organisation_id`.execute(t.database.db);
    expect(perOrganisation.rows).toHaveLength(organisations);
    expect(perOrganisation.rows.every((r) => r.n === 1)).toBe(true);
    const reminderCounts = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM licence_reminders r JOIN licences l ON l.id = r.licence_id
      WHERE l.number LIKE 'UKSR-SR-2026-9%' GROUP BY r.licence_id, r.days_before`.execute(t.database.db);
    expect(reminderCounts.rows).toHaveLength(organisations);
    expect(reminderCounts.rows.every((r) => r.n === 1)).toBe(true);
    const mails = await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox_messages WHERE kind = 'renewal_reminder' AND to_address = 'finance.bulk@people.partnerhub.test'`.execute(t.database.db);
    expect(mails.rows[0]!.n).toBe(organisations);
  }, 120_000);
});
