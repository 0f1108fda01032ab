import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { londonDate } from '../../../domain/iso-date.js';
import { issueInvoice, recordPayment } from '../invoices/invoices.service.js';

let t: TestApp;
let central: SignedIn;
const system = { userId: null, label: 'test' };
let sequence = 0;
const TODAY = londonDate(new Date());

type Line = { kind: 'licence' | 'training_places'; siteId: string | null; licenceType?: string; quantity?: number; pence: number };

async function invoice(organisationId: string, lines: Line[]) {
  sequence += 1;
  return issueInvoice(t.deps, system, {
    organisationId, kind: 'other', billing: { name: 'Finance', email: 'finance.places@people.partnerhub.test' }, feeScheduleId: 'april-2026',
    source: { type: 'test', id: `bought-places-${sequence}` },
    lines: lines.map((l) => ({
      kind: l.kind, siteId: l.siteId, ...(l.licenceType ? { licenceType: l.licenceType } : {}), ...(l.quantity ? { quantity: l.quantity } : {}),
      description: l.kind === 'training_places' ? 'Additional online training places' : `${l.licenceType} licence`, rule: 'Section 10', amountPence: l.pence,
    })),
  });
}

const pay = (invoiceId: string, amountPence: number, reference: string) => recordPayment(t.deps, system, invoiceId, { amountPence, paidOn: TODAY, method: 'bank-transfer', reference });

async function licensed() {
  const org = await createOrganisation(t.database.db);
  const first = await invoice(org.id, [{ kind: 'licence', siteId: org.site.id, licenceType: 'smart-recovery', pence: 70_000 }]);
  await pay(first.id, 70_000, `LIC-${sequence}`);
  return org;
}

const summary = async (siteId: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/sites/${siteId}/training-places`, headers: central.headers() })).json().ledgers[0].summary;

beforeAll(async () => {
  t = await createTestApp();
  central = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
});
afterAll(async () => t?.close());

describe('places bought on an invoice are added when it is paid in full', () => {
  it("adds a paid invoice's training places to the site's licence year once: not on a part payment, and not again on a retried payment", async () => {
    const org = await licensed();
    const places = await invoice(org.id, [{ kind: 'training_places', siteId: org.site.id, quantity: 3, pence: 36_000 }]);
    await pay(places.id, 10_000, 'PART-1');
    expect(await summary(org.site.id)).toMatchObject({ included: 6, bought: 0, remaining: 6 });

    await pay(places.id, 26_000, 'PART-2');
    expect(await summary(org.site.id)).toMatchObject({ included: 6, bought: 3, remaining: 9 });
    // The same payment recorded again changes nothing.
    const retried = await pay(places.id, 26_000, 'PART-2');
    expect(retried.duplicate).toBe(true);
    expect(await summary(org.site.id)).toMatchObject({ bought: 3, remaining: 9 });

    const movements = await t.database.db.selectFrom('training_place_movements').select(['kind', 'places', 'note']).where('invoice_id', '=', places.id).execute();
    expect(movements).toEqual([{ kind: 'bought', places: 3, note: expect.stringContaining('INV-') }]);
    const audit = await t.database.db.selectFrom('audit_events').select('after').where('action', '=', 'training_places.bought').execute();
    expect(audit.map((a) => a.after)).toContainEqual(expect.objectContaining({ invoiceId: places.id, places: 3, onPayment: true }));
    // Central Office's endpoint finds nothing left to record from it.
    const byHand = await t.app.inject({ method: 'POST', url: `/api/v1/sites/${org.site.id}/training-places/purchases`, headers: central.headers(), payload: { invoiceId: places.id } });
    expect(byHand.statusCode).toBe(409);
  });

  it('adds the places of an addition that licenses a new site in the same invoice, to that new licence year', async () => {
    const org = await createOrganisation(t.database.db);
    const paid = await invoice(org.id, [
      { kind: 'licence', siteId: org.site.id, licenceType: 'family-and-friends', pence: 70_000 },
      { kind: 'training_places', siteId: org.site.id, quantity: 2, pence: 24_000 },
    ]);
    await pay(paid.id, 94_000, `ADD-${sequence}`);
    expect(await summary(org.site.id)).toEqual({ included: 3, bought: 2, used: 0, released: 0, remaining: 5 });
  });

  it('leaves lines with no site for Central Office, and raises a task when the site has no licence to take the places', async () => {
    const org = await licensed();
    const bare = await t.database.db
      .insertInto('sites')
      .values({ organisation_id: org.id, name: `${org.name} unlicensed site`, address: '3 Test Road', postcode: 'PR3 3AA', nation_code: 'england', region_code: 'north-west' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mixed = await invoice(org.id, [
      { kind: 'training_places', siteId: null, quantity: 1, pence: 12_000 },
      { kind: 'training_places', siteId: bare.id, quantity: 2, pence: 24_000 },
    ]);
    const result = await pay(mixed.id, 36_000, `MIX-${sequence}`);
    expect(result.invoice.status).toBe('paid');
    expect(await summary(org.site.id)).toMatchObject({ bought: 0 });
    const task = await t.database.db.selectFrom('tasks').select(['kind', 'inbox_code', 'title']).where('subject_id', '=', mixed.id).executeTakeFirstOrThrow();
    expect(task).toEqual({ kind: 'training_places.record', inbox_code: 'training', title: expect.stringContaining('Record 2 training places bought on INV-') });
    // The line with no site is recorded by hand as before.
    const byHand = await t.app.inject({ method: 'POST', url: `/api/v1/sites/${org.site.id}/training-places/purchases`, headers: central.headers(), payload: { invoiceId: mixed.id, places: 1 } });
    expect(byHand.statusCode).toBe(201);
    expect(await summary(org.site.id)).toMatchObject({ bought: 1, remaining: 7 });
  });
});
