import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { testDatabaseKind } from '../../../../tests/support/test-database.js';
import { addDays, addYears, londonDate } from '../../../domain/iso-date.js';
import { issueInvoice, recordPayment } from '../invoices/invoices.service.js';

let t: TestApp;
let central: SignedIn;
const system = { userId: null, label: 'test' };
let sequence = 0;
// Dates follow the real day: staff sign in with a TOTP code of the real time.
const TODAY = londonDate(new Date());
const PAID_ON = addDays(TODAY, -23);

type Line = { kind: 'licence' | 'renewal' | 'training_places'; site: number; licenceType?: string; quantity?: number; pence: number };

/** Issues an invoice for an organisation's sites and pays it in full on the day given. */
async function invoiceAndPay(organisationId: string, siteIds: string[], lines: Line[], paidOn: string) {
  sequence += 1;
  const invoice = await issueInvoice(t.deps, system, {
    organisationId, kind: 'other', billing: { name: 'Finance', email: 'finance.training@people.partnerhub.test' }, feeScheduleId: 'april-2026',
    source: { type: 'test', id: `training-${sequence}` },
    lines: lines.map((l) => ({
      kind: l.kind, siteId: siteIds[l.site]!, ...(l.licenceType ? { licenceType: l.licenceType } : {}), ...(l.quantity ? { quantity: l.quantity } : {}),
      description: l.kind === 'training_places' ? 'Additional online training places' : `${l.licenceType} licence`, rule: 'Section 10', amountPence: l.pence,
    })),
  });
  await recordPayment(t.deps, system, invoice.id, { amountPence: lines.reduce((s, l) => s + l.pence, 0), paidOn, method: 'bank-transfer', reference: `TRN-${sequence}` });
  return invoice.id;
}

/** An invented organisation in a region with extra sites, licensed as the lines say, and its SMART Lead signed in. */
async function licensedOrganisation(region: string, extraSites: number, lines: Line[], paidOn = PAID_ON) {
  const org = await createOrganisation(t.database.db, { region });
  const { nation_code } = await t.database.db.selectFrom('regions').select('nation_code').where('code', '=', region).executeTakeFirstOrThrow();
  const siteIds = [org.site.id];
  for (let i = 0; i < extraSites; i += 1) {
    const site = await t.database.db
      .insertInto('sites')
      .values({ organisation_id: org.id, name: `${org.name} site ${i + 2}`, address: '2 Test Road', postcode: 'PR2 2AA', nation_code, region_code: region })
      .returning('id')
      .executeTakeFirstOrThrow();
    siteIds.push(site.id);
  }
  await invoiceAndPay(org.id, siteIds, lines, paidOn);
  const leadUser = await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id });
  return { org, siteIds, lead: await signIn(t.app, leadUser), leadUser };
}

const places = (id: string, as: SignedIn) => t.app.inject({ method: 'GET', url: `/api/v1/sites/${id}/training-places`, headers: as.headers() });
const nominateAs = (as: SignedIn, payload: Record<string, unknown>, extra: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/nominations', headers: as.headers(extra), payload });
const person = (n: string) => ({ nomineeName: `Trainee ${n}`, nomineeEmail: `trainee.${n}@people.partnerhub.test` });
type Ledger = { licenceType: string; yearStartsOn: string; summary: Record<string, number>; movements: { kind: string; nomineeName: string | null }[] };

let northWestCoordinator: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  t = await createTestApp();
  central = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
  northWestCoordinator = await createUser(t.database.db, { role: 'coordinator', posts: ['north-west'] });
  await t.database.db.updateTable('coordinator_posts').set({ holder_user_id: northWestCoordinator.id }).where('code', '=', 'north-west').execute();
});
afterAll(async () => t?.close());

describe('the training-places ledger', () => {
  it('opens each licence with its Section 10 places when it is issued, per site and licence type, and none for a Satellite', async () => {
    const { siteIds } = await licensedOrganisation('north-west', 2, [
      { kind: 'licence', site: 0, licenceType: 'smart-recovery', pence: 70_000 },
      { kind: 'licence', site: 0, licenceType: 'family-and-friends', pence: 41_000 },
      { kind: 'licence', site: 1, licenceType: 'criminal-justice', pence: 111_000 },
      { kind: 'licence', site: 2, licenceType: 'satellite', pence: 18_000 },
    ]);
    const first = (await places(siteIds[0]!, central)).json();
    expect(first.ledgers.map((l: Ledger) => [l.licenceType, l.yearStartsOn, l.summary.included, l.summary.remaining])).toEqual([
      ['family-and-friends', PAID_ON, 3, 3],
      ['smart-recovery', PAID_ON, 6, 6],
    ]);
    expect(first.ledgers[1].movements).toMatchObject([{ kind: 'included', places: 6, at: PAID_ON, note: expect.stringContaining('Section 10') }]);
    expect((await places(siteIds[1]!, central)).json().ledgers[0].summary).toEqual({ included: 10, bought: 0, used: 0, released: 0, remaining: 10 });
    const satellite = (await places(siteIds[2]!, central)).json().ledgers;
    expect(satellite.map((l: Ledger) => [l.licenceType, l.summary.remaining, l.movements.length])).toEqual([['satellite', 0, 0]]);
  });

  it("shows a site's places to its SMART Lead, its region's Coordinator and Central Office, and is not found for anyone else", async () => {
    const { siteIds, lead } = await licensedOrganisation('north-west', 0, [{ kind: 'licence', site: 0, licenceType: 'smart-recovery', pence: 70_000 }]);
    const other = await licensedOrganisation('north-west', 0, [{ kind: 'licence', site: 0, licenceType: 'smart-recovery', pence: 70_000 }]);
    const coordinator = await signIn(t.app, northWestCoordinator);
    const scotland = await signIn(t.app, await createUser(t.database.db, { role: 'coordinator', posts: ['scotland-1'] }));
    const facilitator = await signIn(t.app, await createUser(t.database.db, { role: 'facilitator', organisationId: other.org.id }));
    expect((await places(siteIds[0]!, lead)).statusCode).toBe(200);
    expect((await places(siteIds[0]!, coordinator)).statusCode).toBe(200);
    for (const outsider of [other.lead, scotland, facilitator]) expect((await places(siteIds[0]!, outsider)).statusCode).toBe(404);
    const refused = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', siteIds[0]!).where('action', '=', 'training_places.read_refused').execute();
    expect(refused).toHaveLength(3);
  });
});

describe('nominations', () => {
  it('uses a place, sends the nomination to the region’s Coordinator and raises a task for them', async () => {
    const { org, siteIds, lead } = await licensedOrganisation('north-west', 0, [{ kind: 'licence', site: 0, licenceType: 'smart-recovery', pence: 70_000 }]);
    const res = await nominateAs(lead, { siteId: siteIds[0], ...person('alpha') });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'nominated', licenceType: 'smart-recovery', nomineeName: 'Trainee alpha', routedTo: { kind: 'coordinator', email: northWestCoordinator.email } });
    const ledger = (await places(siteIds[0]!, lead)).json().ledgers[0];
    expect(ledger.summary).toEqual({ included: 6, bought: 0, used: 1, released: 0, remaining: 5 });
    expect(ledger.movements.at(-1)).toMatchObject({ kind: 'used', nomineeName: 'Trainee alpha', nominationId: res.json().id });
    const mail = await t.database.db.selectFrom('outbox_messages').selectAll().where('kind', '=', 'nomination').where('text_body', 'like', `%${org.name}%`).execute();
    expect(mail.map((m) => m.to_address)).toEqual([northWestCoordinator.email]);
    expect(mail[0]!.text_body).toContain('trainee.alpha@people.partnerhub.test');
    const task = await t.database.db.selectFrom('tasks').selectAll().where('subject_id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ kind: 'nomination.enrol', inbox_code: 'training', assigned_user_id: northWestCoordinator.id, status: 'open' });
  });

  it.each([['midlands-london'], ['north-wales']])('sends a nomination at a site in %s, whose post is vacant, to the training inbox', async (region) => {
    const { org, siteIds, lead } = await licensedOrganisation(region, 0, [{ kind: 'licence', site: 0, licenceType: 'smart-recovery', pence: 70_000 }]);
    const res = await nominateAs(lead, { siteId: siteIds[0], ...person(`vacant-${region}`) });
    expect(res.statusCode).toBe(201);
    expect(res.json().routedTo).toEqual({ kind: 'inbox', name: 'Training enquiries', email: 'training@smartrecovery.org.uk' });
    const mail = await t.database.db.selectFrom('outbox_messages').selectAll().where('kind', '=', 'nomination').where('text_body', 'like', `%${org.name}%`).execute();
    expect(mail.map((m) => m.to_address)).toEqual(['training@smartrecovery.org.uk']);
    expect(mail[0]!.text_body).toContain('post for this region is vacant');
    const task = await t.database.db.selectFrom('tasks').selectAll().where('subject_id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ kind: 'nomination.enrol', inbox_code: 'training', assigned_user_id: null });
  });

  it('refuses a nomination once the places are taken, with code no_places_left and the offer to buy more at £120 each', async () => {
    const { siteIds, lead } = await licensedOrganisation('north-west', 0, [{ kind: 'licence', site: 0, licenceType: 'family-and-friends', pence: 70_000 }]);
    for (const n of ['a', 'b', 'c']) expect((await nominateAs(lead, { siteId: siteIds[0], ...person(`ff-${n}`) })).statusCode).toBe(201);
    const refused = await nominateAs(lead, { siteId: siteIds[0], ...person('ff-d') });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('no_places_left');
    expect(refused.json().error.message).toContain('More places can be bought at £120.00 each');
    expect((await places(siteIds[0]!, lead)).json().ledgers[0].summary).toEqual({ included: 3, bought: 0, used: 3, released: 0, remaining: 0 });
  });

  it('releases a place that can then be offered to someone else', async () => {
    const { siteIds, lead } = await licensedOrganisation('north-west', 0, [{ kind: 'licence', site: 0, licenceType: 'family-and-friends', pence: 70_000 }]);
    const ids: string[] = [];
    for (const n of ['a', 'b', 'c']) ids.push((await nominateAs(lead, { siteId: siteIds[0], ...person(`rel-${n}`) })).json().id);
    const release = await t.app.inject({ method: 'POST', url: `/api/v1/nominations/${ids[1]}/release`, headers: lead.headers(), payload: { reason: 'Could not complete the training' } });
    expect(release.statusCode).toBe(200);
    expect(release.json()).toMatchObject({ status: 'released', releaseReason: 'Could not complete the training' });
    expect((await places(siteIds[0]!, lead)).json().ledgers[0].summary).toMatchObject({ used: 3, released: 1, remaining: 1 });
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/nominations/${ids[1]}/release`, headers: lead.headers(), payload: {} });
    expect(again.statusCode).toBe(409);
    expect((await nominateAs(lead, { siteId: siteIds[0], ...person('rel-d') })).statusCode).toBe(201);
    expect((await places(siteIds[0]!, lead)).json().ledgers[0].summary).toEqual({ included: 3, bought: 0, used: 4, released: 1, remaining: 0 });
    const task = await t.database.db.selectFrom('tasks').select('status').where('subject_id', '=', ids[1]!).executeTakeFirstOrThrow();
    expect(task.status).toBe('done');
  });

  it("refuses a nomination at another organisation's site, and another organisation's release as not found", async () => {
    const mine = await licensedOrganisation('north-west', 0, [{ kind: 'licence', site: 0, licenceType: 'smart-recovery', pence: 70_000 }]);
    const theirs = await licensedOrganisation('north-west', 0, [{ kind: 'licence', site: 0, licenceType: 'smart-recovery', pence: 70_000 }]);
    const res = await nominateAs(mine.lead, { siteId: theirs.siteIds[0], ...person('stray') });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toEqual([{ field: 'siteId', message: 'Choose one of your licensed sites' }]);
    const theirNomination = (await nominateAs(theirs.lead, { siteId: theirs.siteIds[0], ...person('theirs') })).json().id;
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/nominations/${theirNomination}/release`, headers: mine.lead.headers(), payload: {} })).statusCode).toBe(404);
  });

  it('refuses a name or email that is missing, field by field', async () => {
    const { siteIds, lead } = await licensedOrganisation('north-west', 0, [{ kind: 'licence', site: 0, licenceType: 'smart-recovery', pence: 70_000 }]);
    const res = await nominateAs(lead, { siteId: siteIds[0], nomineeName: ' ', nomineeEmail: 'not-an-email' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['body.nomineeEmail', 'body.nomineeName']);
  });

  it('answers a retried request with the same Idempotency-Key with the first answer, and refuses the key with another body', async () => {
    const { siteIds, lead } = await licensedOrganisation('north-west', 0, [{ kind: 'licence', site: 0, licenceType: 'smart-recovery', pence: 70_000 }]);
    const headers = { 'idempotency-key': 'nominate-key-0001' };
    const first = await nominateAs(lead, { siteId: siteIds[0], ...person('idem') }, headers);
    const retry = await nominateAs(lead, { siteId: siteIds[0], ...person('idem') }, headers);
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect((await places(siteIds[0]!, lead)).json().ledgers[0].summary.used).toBe(1);
    const other = await nominateAs(lead, { siteId: siteIds[0], ...person('someone-else') }, headers);
    expect(other.statusCode).toBe(409);
    expect((await places(siteIds[0]!, lead)).json().ledgers[0].summary.used).toBe(1);
  });
});

describe('enrolment instructions', () => {
  it("are sent from Partner Hub by the region's Coordinator, reach the nominee and close the task", async () => {
    const { siteIds, lead } = await licensedOrganisation('north-west', 0, [{ kind: 'licence', site: 0, licenceType: 'veterans', pence: 111_000 }]);
    const nomination = (await nominateAs(lead, { siteId: siteIds[0], ...person('enrol') })).json();
    const coordinator = await signIn(t.app, northWestCoordinator);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/nominations?status=nominated', headers: coordinator.headers() });
    expect(list.json().items.map((n: { id: string }) => n.id)).toContain(nomination.id);
    const scotland = await signIn(t.app, await createUser(t.database.db, { role: 'coordinator', posts: ['scotland-1'] }));
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/nominations', headers: scotland.headers() })).json().items.map((n: { id: string }) => n.id)).not.toContain(nomination.id);
    const url = `/api/v1/nominations/${nomination.id}/enrolment-instructions`;
    expect((await t.app.inject({ method: 'POST', url, headers: scotland.headers(), payload: {} })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url, headers: lead.headers(), payload: {} })).statusCode).toBe(403);
    const sent = await t.app.inject({ method: 'POST', url, headers: coordinator.headers(), payload: {} });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'instructions_sent', instructionsSentAt: expect.any(String) });
    const mail = await t.database.db.selectFrom('outbox_messages').selectAll().where('to_address', '=', 'trainee.enrol@people.partnerhub.test').execute();
    expect(mail.map((m) => m.kind)).toEqual(['enrolment_instructions']);
    // Section 4: a Veterans place is the Facilitator training and then the Veterans module.
    expect(mail[0]!.text_body).toContain('the SMART Facilitator training and then the SMART Veterans training module');
    const task = await t.database.db.selectFrom('tasks').select(['status', 'closed_by']).where('subject_id', '=', nomination.id).executeTakeFirstOrThrow();
    expect(task).toEqual({ status: 'done', closed_by: northWestCoordinator.id });
  });
});

describe('buying extra places', () => {
  it("adds the places of a paid invoice's training_places line that names no site to the site chosen, once", async () => {
    const { org, siteIds, lead } = await licensedOrganisation('north-west', 0, [{ kind: 'licence', site: 0, licenceType: 'family-and-friends', pence: 70_000 }]);
    for (const n of ['a', 'b', 'c']) await nominateAs(lead, { siteId: siteIds[0], ...person(`buy-${n}`) });
    // A line that names a site is added when the invoice is paid (bought-places.int.test.ts); one with no site waits for Central Office.
    sequence += 1;
    const { id: invoiceId } = await issueInvoice(t.deps, system, {
      organisationId: org.id, kind: 'other', billing: { name: 'Finance', email: 'finance.training@people.partnerhub.test' }, source: { type: 'test', id: `training-${sequence}` },
      lines: [{ kind: 'training_places', siteId: null, quantity: 2, description: 'Additional online training places', rule: 'Section 10', amountPence: 24_000 }],
    });
    await recordPayment(t.deps, system, invoiceId, { amountPence: 24_000, paidOn: TODAY, method: 'bank-transfer', reference: `TRN-${sequence}` });
    const url = `/api/v1/sites/${siteIds[0]}/training-places/purchases`;
    const bought = await t.app.inject({ method: 'POST', url, headers: central.headers(), payload: { invoiceId } });
    expect(bought.statusCode).toBe(201);
    expect(bought.json().ledgers[0].summary).toEqual({ included: 3, bought: 2, used: 3, released: 0, remaining: 2 });
    expect(bought.json().ledgers[0].movements.at(-1)).toMatchObject({ kind: 'bought', places: 2, invoiceId });
    expect((await t.app.inject({ method: 'POST', url, headers: central.headers(), payload: { invoiceId } })).statusCode).toBe(409);
    expect((await nominateAs(lead, { siteId: siteIds[0], ...person('buy-d') })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url, headers: lead.headers(), payload: { invoiceId } })).statusCode).toBe(403);
  });

  it('refuses an invoice that is not paid yet, or has no training-places line', async () => {
    const { org, siteIds } = await licensedOrganisation('north-west', 0, [{ kind: 'licence', site: 0, licenceType: 'smart-recovery', pence: 70_000 }]);
    sequence += 1;
    const unpaid = await issueInvoice(t.deps, system, {
      organisationId: org.id, kind: 'other', billing: { name: 'Finance', email: 'finance.training@people.partnerhub.test' }, source: { type: 'test', id: `training-${sequence}` },
      lines: [{ kind: 'training_places', siteId: siteIds[0]!, quantity: 1, description: 'Additional online training place', rule: 'Section 10', amountPence: 12_000 }],
    });
    const url = `/api/v1/sites/${siteIds[0]}/training-places/purchases`;
    const res = await t.app.inject({ method: 'POST', url, headers: central.headers(), payload: { invoiceId: unpaid.id } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('not paid in full');
    const licenceOnly = await invoiceAndPay(org.id, siteIds, [{ kind: 'licence', site: 0, licenceType: 'family-and-friends', pence: 41_000 }], TODAY);
    const none = await t.app.inject({ method: 'POST', url, headers: central.headers(), payload: { invoiceId: licenceOnly, licenceType: 'smart-recovery' } });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.message).toContain('no line for additional training places');
  });
});

describe('renewal', () => {
  it('opens a new ledger for the renewed year with its included places, and nothing carries over', async () => {
    const firstYear = addDays(TODAY, -300);
    const nextYear = addYears(firstYear, 1);
    const { org, siteIds, lead, leadUser } = await licensedOrganisation('north-west', 0, [{ kind: 'licence', site: 0, licenceType: 'smart-recovery', pence: 70_000 }], firstYear);
    for (const n of ['a', 'b']) expect((await nominateAs(lead, { siteId: siteIds[0], ...person(`renew-${n}`) })).statusCode).toBe(201);
    await invoiceAndPay(org.id, siteIds, [{ kind: 'renewal', site: 0, licenceType: 'smart-recovery', pence: 70_000 }], TODAY);
    const both = (await places(siteIds[0]!, lead)).json().ledgers;
    expect(both.map((l: Ledger) => [l.yearStartsOn, l.summary.remaining])).toEqual([
      [nextYear, 6],
      [firstYear, 4],
    ]);
    // Before the new year starts, places still come from this year's ledger.
    expect((await nominateAs(lead, { siteId: siteIds[0], ...person('renew-c') })).statusCode).toBe(201);
    t.clock.advance(100 * 24 * 60 * 60 * 1000);
    try {
      const later = await signIn(t.app, leadUser);
      expect((await nominateAs(later, { siteId: siteIds[0], ...person('renew-d') })).statusCode).toBe(201);
      const after = (await places(siteIds[0]!, later)).json().ledgers;
      expect(after.map((l: Ledger & { current: boolean }) => [l.yearStartsOn, l.current, l.summary])).toEqual([
        [nextYear, true, { included: 6, bought: 0, used: 1, released: 0, remaining: 5 }],
        [firstYear, false, { included: 6, bought: 0, used: 3, released: 0, remaining: 3 }],
      ]);
    } finally {
      t.clock.reset();
    }
  });
});

describe.runIf(testDatabaseKind === 'postgres')('concurrent nominations (PostgreSQL)', () => {
  for (let round = 1; round <= 5; round += 1) {
    it(`gives 5 places to exactly 5 of 50 nominations at once, and refuses 45 clearly (round ${round})`, async () => {
      const { siteIds, lead } = await licensedOrganisation('north-west', 0, [{ kind: 'licence', site: 0, licenceType: 'smart-recovery', pence: 70_000 }]);
      expect((await nominateAs(lead, { siteId: siteIds[0], ...person(`race-${round}-first`) })).statusCode).toBe(201);
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => nominateAs(lead, { siteId: siteIds[0], ...person(`race-${round}-${i}`) })));
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 201)).toHaveLength(5);
      expect(statuses.filter((s) => s === 422)).toHaveLength(45);
      for (const refused of answers.filter((a) => a.statusCode === 422)) {
        expect(refused.json().error).toMatchObject({ code: 'no_places_left', message: expect.stringContaining('£120.00 each') });
      }
      expect((await places(siteIds[0]!, lead)).json().ledgers[0].summary).toEqual({ included: 6, bought: 0, used: 6, released: 0, remaining: 0 });
      const nominations = await t.database.db.selectFrom('nominations').select('id').where('site_id', '=', siteIds[0]!).execute();
      expect(nominations).toHaveLength(6);
    });
  }
});
