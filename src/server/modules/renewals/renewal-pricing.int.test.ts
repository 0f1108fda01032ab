import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { addDays, londonDate } from '../../../domain/iso-date.js';
import { renewedPeriod } from '../../../domain/licensing/licence-period.js';
import { scheduleInForce } from '../fees/fee-schedule.service.js';
import { recordPayment } from '../invoices/invoices.service.js';
import { listRenewalsAwaitingPrice, priceRenewal } from './renewal-pricing.service.js';
import { RENEWAL_PRICING_TASK, runRenewals } from './renewals.service.js';

let t: TestApp;
let central: SignedIn;
let centralUserId: string;
const system = { userId: null, label: 'test' };
// Licences end 50 days from today, inside the first reminder's 60 days, so today's run reaches them.
const TODAY = londonDate(new Date());
const ENDS_ON = addDays(TODAY, 50);
const NEXT_ENDS_ON = renewedPeriod({ startsOn: addDays(ENDS_ON, -364), endsOn: ENDS_ON }).endsOn;

beforeAll(async () => {
  t = await createTestApp();
  const user = await createUser(t.database.db, { role: 'central_office' });
  centralUserId = user.id;
  central = await signIn(t.app, user);
});
afterAll(async () => t?.close());
afterEach(() => t.clock.reset());

/** An imported licence (decision 136: no invoice) ending on ENDS_ON, at an organisation with a SMART Lead. */
async function importedLicence(type: 'non-profit' | 'for-profit' | 'corporate', licenceType: string) {
  const org = await createOrganisation(t.database.db, { type });
  const lead = await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id });
  const codes: Record<string, string> = { 'smart-recovery': 'SR', veterans: 'VET' };
  const licence = await t.database.db
    .insertInto('licences')
    .values({
      number: `UKSR-${codes[licenceType]}-2024-${String(Math.floor(Math.random() * 900_000) + 100_000)}`,
      organisation_id: org.id, site_id: org.site.id, licence_type: licenceType,
      starts_on: addDays(ENDS_ON, -364), ends_on: ENDS_ON, source: 'import', issued_by_invoice_id: null,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
  return { org, lead, licence };
}

const price = (licenceId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/v1/licences/${licenceId}/renewal-invoice`, headers: central.headers(headers), payload: body });
const invoicesOf = (organisationId: string) =>
  t.database.db.selectFrom('invoices').select(['id', 'kind', 'source_type', 'total_pence']).where('organisation_id', '=', organisationId).orderBy('number').execute();
const taskOf = (licenceId: string, endsOn: string) =>
  t.database.db.selectFrom('tasks').select(['status', 'closed_by']).where('kind', '=', RENEWAL_PRICING_TASK).where('subject_id', '=', `${licenceId}:${endsOn}`).execute();
const licenceNow = (id: string) =>
  t.database.db
    .selectFrom('licences')
    .select(['status', 'included_training_places', sql<string>`to_char(starts_on, 'YYYY-MM-DD')`.as('starts_on'), sql<string>`to_char(ends_on, 'YYYY-MM-DD')`.as('ends_on')])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('Central Office prices a renewal the run left out', () => {
  it('raises one renewal invoice for that licence-year, which renews the licence with its places when paid, and prices next year without a task', async () => {
    const { org, lead, licence } = await importedLicence('corporate', 'smart-recovery');
    await runRenewals(t.deps, { today: TODAY });
    expect(await invoicesOf(org.id)).toEqual([]);
    expect(await taskOf(licence.id, ENDS_ON)).toEqual([{ status: 'open', closed_by: null }]);

    const waiting = (await t.app.inject({ method: 'GET', url: '/api/v1/renewals/awaiting-price?limit=200', headers: central.headers() })).json();
    expect(waiting.items.find((i: { licenceId: string }) => i.licenceId === licence.id)).toMatchObject({
      licenceNumber: licence.number, organisationName: org.name, endsOn: ENDS_ON, status: 'active', state: 'awaiting_price', invoice: null,
    });

    const priced = await price(licence.id, { endsOn: ENDS_ON, amountPence: 275_000, poNumber: 'PO-4471' }, { 'idempotency-key': 'renewal-price-0001' });
    expect(priced.statusCode).toBe(201);
    const invoice = priced.json();
    expect(invoice).toMatchObject({ kind: 'renewal', totalPence: 275_000, poNumber: 'PO-4471', status: 'issued', billing: { email: lead.email } });
    expect(invoice.reference).toMatch(/^INV-\d{6}$/);
    expect(invoice.lines).toEqual([
      {
        description: expect.stringMatching(new RegExp(`^Renewal of SMART Recovery licence ${licence.number}, .+ main site, for the year after `)),
        rule: expect.stringContaining('agreed with Central Office'),
        amountPence: 275_000,
        siteId: org.site.id,
        licenceType: 'smart-recovery',
      },
    ]);
    // The same numbering, mail with the PDF and audit as the run's invoices; the task is done.
    const mail = await t.database.db.selectFrom('outbox_messages').select(['to_address', 'subject', 'attachments']).where('kind', '=', 'invoice').where('subject', 'like', `%${invoice.reference}%`).execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.to_address).toBe(lead.email);
    expect(JSON.stringify(mail[0]!.attachments)).toContain(`${invoice.reference}.pdf`);
    const audits = await t.database.db.selectFrom('audit_events').select(['action', 'actor_user_id']).where('entity_id', 'in', [invoice.id, licence.id]).orderBy('id').execute();
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['invoice.issued', 'renewal.priced']));
    expect(audits.every((a) => a.actor_user_id === centralUserId)).toBe(true);
    expect(await taskOf(licence.id, ENDS_ON)).toEqual([{ status: 'done', closed_by: centralUserId }]);
    const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/invoices/${invoice.id}/pdf`, headers: central.headers() });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');

    // Later runs neither invoice the licence again nor raise another task.
    await runRenewals(t.deps, { today: TODAY });
    await runRenewals(t.deps, { today: addDays(TODAY, 20) });
    expect((await invoicesOf(org.id)).map((i) => i.id)).toEqual([invoice.id]);
    expect(await taskOf(licence.id, ENDS_ON)).toHaveLength(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/renewals/awaiting-price?limit=200', headers: central.headers() })).json().items.map((i: { licenceId: string }) => i.licenceId)).not.toContain(licence.id);

    // Paid in full, it renews the licence exactly as a run-raised renewal does: the next year, with its training places.
    // Paid today: a payment is never dated after today (decision 179); the renewal still starts the day after the year ends.
    const paidOn = TODAY;
    const paid = await t.app.inject({
      method: 'POST', url: `/api/v1/invoices/${invoice.id}/payments`, headers: central.headers(),
      payload: { amountPence: 275_000, paidOn, method: 'bank-transfer', reference: 'RENEW-BY-HAND-1' },
    });
    expect(paid.statusCode).toBe(201);
    expect(paid.json().licencesIssued).toEqual([{ id: licence.id, number: licence.number, renewed: true }]);
    const places = (await scheduleInForce(t.deps, TODAY)).licences['smart-recovery']!.includedTrainingPlaces;
    expect(await licenceNow(licence.id)).toEqual({ status: 'active', included_training_places: places, starts_on: addDays(ENDS_ON, 1), ends_on: NEXT_ENDS_ON });
    const ledger = await t.database.db.selectFrom('training_ledgers').select(sql<string>`to_char(year_starts_on, 'YYYY-MM-DD')`.as('starts')).where('licence_id', '=', licence.id).execute();
    expect(ledger.map((l) => l.starts)).toContain(addDays(ENDS_ON, 1));

    // Next year's run prices it at the amount last invoiced, with no task.
    await runRenewals(t.deps, { today: addDays(NEXT_ENDS_ON, -50) });
    const renewals = (await invoicesOf(org.id)).filter((i) => i.source_type === 'renewal');
    expect(renewals).toHaveLength(1);
    const lines = await t.database.db.selectFrom('invoice_lines').select(['licence_id', 'amount_pence', 'rule']).where('invoice_id', '=', renewals[0]!.id).execute();
    expect(lines).toEqual([{ licence_id: licence.id, amount_pence: 275_000, rule: 'Renewed at the price agreed with Central Office last year.' }]);
    expect(await taskOf(licence.id, NEXT_ENDS_ON)).toEqual([]);
  });

  it('never raises two invoices for one licence-year: a repeat answers with the first, another price is refused with 409', async () => {
    const { org, licence } = await importedLicence('for-profit', 'veterans');
    await runRenewals(t.deps, { today: TODAY });
    const body = { endsOn: ENDS_ON, amountPence: 90_000 };
    const answers = await Promise.all(Array.from({ length: 5 }, () => price(licence.id, body)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    // A retried request with its Idempotency-Key gets the first invoice too.
    const retry = await price(licence.id, body, { 'idempotency-key': 'renewal-price-retry-01' });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().id).toBe(answers[0]!.json().id);

    const other = await price(licence.id, { ...body, amountPence: 95_000 });
    expect(other.statusCode).toBe(409);
    expect(other.json().error).toMatchObject({ code: 'renewal_already_invoiced', message: expect.stringContaining(answers[0]!.json().reference), details: { invoice: { id: answers[0]!.json().id } } });
    const withOrder = await price(licence.id, { ...body, poNumber: 'PO-2' });
    expect(withOrder.json().error.code).toBe('renewal_already_invoiced');
    expect(await invoicesOf(org.id)).toHaveLength(1);
  });

  it('refuses bad input with 422 naming the field, and nothing is invoiced', async () => {
    const { org, licence } = await importedLicence('corporate', 'smart-recovery');
    await runRenewals(t.deps, { today: TODAY });
    const cases: [Record<string, unknown>, string][] = [
      [{ endsOn: ENDS_ON, amountPence: 0 }, 'body.amountPence'],
      [{ endsOn: ENDS_ON, amountPence: -500 }, 'body.amountPence'],
      [{ endsOn: ENDS_ON, amountPence: 5_000_001 }, 'body.amountPence'],
      [{ endsOn: ENDS_ON, amountPence: 1234.5 }, 'body.amountPence'],
      [{ endsOn: ENDS_ON, amountPence: '2500' }, 'body.amountPence'],
      [{ endsOn: ENDS_ON }, 'body.amountPence'],
      [{ endsOn: ENDS_ON, amountPence: 250_000, poNumber: 'P'.repeat(51) }, 'body.poNumber'],
      [{ endsOn: '20/01/2027', amountPence: 250_000 }, 'body.endsOn'],
      [{ endsOn: ENDS_ON, amountPence: 250_000, organisationId: org.id }, 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await price(licence.id, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await price(licence.id, { endsOn: ENDS_ON, amountPence: 0 })).json().error.details[0].message).toBe('Enter a price of more than £0.00');
    expect(await invoicesOf(org.id)).toEqual([]);
    expect(await taskOf(licence.id, ENDS_ON)).toEqual([{ status: 'open', closed_by: null }]);
  });

  it('refuses with 409 a licence that is not waiting for a price: priced by the run, the wrong year, or a year that is over', async () => {
    const scheduled = await importedLicence('non-profit', 'smart-recovery'); // the run prices it from the schedule
    const onRequest = await importedLicence('corporate', 'smart-recovery');
    await runRenewals(t.deps, { today: TODAY });
    const byRun = await price(scheduled.licence.id, { endsOn: ENDS_ON, amountPence: 70_000 });
    expect(byRun.statusCode).toBe(409);
    expect(byRun.json().error).toMatchObject({ code: 'renewal_not_awaiting_price', message: expect.stringContaining('the renewal run prices it') });
    const wrongYear = await price(onRequest.licence.id, { endsOn: addDays(ENDS_ON, 365), amountPence: 70_000 });
    expect(wrongYear.statusCode).toBe(409);
    expect(wrongYear.json().error.code).toBe('renewal_not_awaiting_price');
    expect((await price('00000000-0000-4000-8000-000000000000', { endsOn: ENDS_ON, amountPence: 70_000 })).statusCode).toBe(404);

    // Left unpriced past the year its renewal would pay for: nothing is left to renew.
    t.clock.set(new Date(`${addDays(NEXT_ENDS_ON, 2)}T12:00:00Z`));
    const list = await listRenewalsAwaitingPrice(t.deps, { limit: 200, offset: 0 });
    expect(list.items.find((i) => i.licenceId === onRequest.licence.id)?.state).toBe('year_over');
    await expect(priceRenewal(t.deps, system, onRequest.licence.id, { endsOn: ENDS_ON, amountPence: 70_000 })).rejects.toMatchObject({ code: 'renewal_not_awaiting_price' });
    expect(await invoicesOf(onRequest.org.id)).toEqual([]);
  });

  it('still prices a licence that lapsed while it waited, and paying renews it from the year it was due', async () => {
    const { org, licence } = await importedLicence('corporate', 'smart-recovery');
    await runRenewals(t.deps, { today: TODAY });
    await runRenewals(t.deps, { today: addDays(ENDS_ON, 31) }); // past the 30 days' grace
    expect((await licenceNow(licence.id)).status).toBe('lapsed');
    t.clock.set(new Date(`${addDays(ENDS_ON, 40)}T12:00:00Z`));
    const invoice = await priceRenewal(t.deps, { userId: centralUserId, label: 'test' }, licence.id, { endsOn: ENDS_ON, amountPence: 180_000 });
    expect(invoice.created).toBe(true);
    t.clock.set(new Date(`${addDays(ENDS_ON, 45)}T12:00:00Z`)); // paid five days later: a payment is never dated after today (decision 179)
    await recordPayment(t.deps, system, invoice.id, { amountPence: 180_000, paidOn: addDays(ENDS_ON, 45), method: 'card', reference: 'LAPSED-PRICED-1' });
    expect(await licenceNow(licence.id)).toMatchObject({ status: 'active', starts_on: addDays(ENDS_ON, 1), ends_on: NEXT_ENDS_ON });
    expect((await invoicesOf(org.id)).map((i) => i.source_type)).toEqual(['renewal_priced']);
  });

  it('is for Central Office only, and is in the API documentation', async () => {
    const { org, licence } = await importedLicence('corporate', 'smart-recovery');
    const lead = await signIn(t.app, await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id }));
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/licences/${licence.id}/renewal-invoice`, headers: lead.headers(), payload: { endsOn: ENDS_ON, amountPence: 1 } });
    expect(refused.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/renewals/awaiting-price', headers: lead.headers() })).statusCode).toBe(403);
    const openapi = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(openapi.paths['/api/v1/licences/{id}/renewal-invoice'].post.responses)).toEqual(expect.arrayContaining(['200', '201', '409', '422']));
    expect(openapi.paths['/api/v1/renewals/awaiting-price'].get).toBeDefined();
  });
});

describe('a renewal invoiced by hand another way', () => {
  it('refuses a licence or renewal line without its site and licence type, which would be paid and renew nothing', async () => {
    const { org } = await importedLicence('corporate', 'smart-recovery');
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/invoices', headers: central.headers(),
      payload: { organisationId: org.id, billing: { name: 'Finance', email: 'finance@people.partnerhub.test' }, lines: [{ kind: 'renewal', description: 'Renewal', rule: 'Agreed', amountPence: 250_000 }] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain('body.lines.0.siteId');
  });

  it('is not invoiced again by the run nor priced again, and paying it renews the licence and closes the task', async () => {
    const { org, licence } = await importedLicence('corporate', 'smart-recovery');
    await runRenewals(t.deps, { today: TODAY });
    const byHand = await t.app.inject({
      method: 'POST', url: '/api/v1/invoices', headers: central.headers(),
      payload: {
        organisationId: org.id, billing: { name: 'Finance', email: 'finance@people.partnerhub.test' },
        lines: [{ kind: 'renewal', siteId: org.site.id, licenceType: 'smart-recovery', description: 'Renewal', rule: 'Agreed', amountPence: 250_000 }],
      },
    });
    expect(byHand.statusCode).toBe(201);
    await runRenewals(t.deps, { today: addDays(TODAY, 1) });
    expect((await invoicesOf(org.id)).map((i) => i.id)).toEqual([byHand.json().id]);
    const again = await price(licence.id, { endsOn: ENDS_ON, amountPence: 250_000 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'renewal_already_invoiced', details: { invoice: { id: byHand.json().id, reference: byHand.json().reference } } });
    const list = await listRenewalsAwaitingPrice(t.deps, { limit: 200, offset: 0 });
    expect(list.items.find((i) => i.licenceId === licence.id)).toMatchObject({ state: 'invoiced', invoice: { id: byHand.json().id } });

    await recordPayment(t.deps, system, byHand.json().id, { amountPence: 250_000, paidOn: TODAY, method: 'bank-transfer', reference: 'HAND-RENEW-1' });
    expect(await licenceNow(licence.id)).toMatchObject({ status: 'active', ends_on: NEXT_ENDS_ON });
    expect((await taskOf(licence.id, ENDS_ON))[0]!.status).toBe('done');
  });
});
