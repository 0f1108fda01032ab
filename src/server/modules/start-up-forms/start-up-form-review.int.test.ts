import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn, type TestUser } from '../../../../tests/support/factories.js';
import { hashToken } from '../../auth/tokens.js';
import type { StartUpFormInput } from '../../../shared/schemas/start-up-form.js';
import { acceptedStartUpForms } from './start-up-form-review.service.js';
import { Applicant, completeForm, inputValue, pageText, stepFields } from './test-factories.js';

let t: TestApp;
let centralUser: TestUser;
let central: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  centralUser = await createUser(t.database.db, { role: 'central_office' });
  central = await signIn(t.app, centralUser);
});
afterAll(async () => t?.close());

const db = () => t.database.db;

async function submitThroughPages(form: StartUpFormInput = completeForm()) {
  const applicant = new Applicant(t.app);
  await applicant.submit(form);
  const key = applicant.jar.get('ph_start_up_form')!;
  const row = await db().selectFrom('start_up_forms').select(['id', 'reference']).where('draft_key_hash', '=', hashToken(key)).executeTakeFirstOrThrow();
  return { applicant, id: row.id, reference: row.reference! };
}

async function submitThroughApi(form: StartUpFormInput = completeForm()) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/start-up-forms', payload: form });
  if (res.statusCode !== 201) throw new Error(`submission answered ${res.statusCode}: ${res.body}`);
  const { reference } = res.json() as { reference: string };
  const { id } = await db().selectFrom('start_up_forms').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
  return { id, reference };
}

function corporateForm(): StartUpFormInput {
  const form = completeForm();
  form.organisation = { ...form.organisation, name: 'Meridian Logistics plc', organisationType: 'corporate', sector: 'voluntary' };
  return form;
}

const get = (url: string, as: SignedIn = central) => t.app.inject({ method: 'GET', url, headers: as.headers() });
const post = (url: string, payload: unknown, as: SignedIn = central) => t.app.inject({ method: 'POST', url, headers: as.headers(), payload: payload as Record<string, unknown> });
const detail = async (id: string) => (await get(`/api/v1/start-up-forms/${id}`)).json();

describe("Central Office's queue", () => {
  it('lists submitted forms with reference, organisation, submitted date, total and status, and shows one with every answer', async () => {
    const { id, reference } = await submitThroughPages();
    const list = await get('/api/v1/start-up-forms?status=submitted');
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((i: { id: string }) => i.id === id);
    expect(item).toMatchObject({ reference, status: 'submitted', organisationName: 'Larkfield Recovery Collective', totalPence: 129_000, unpricedLines: 0 });
    expect(new Date(item.submittedAt).toString()).not.toBe('Invalid Date');

    const res = await get(`/api/v1/start-up-forms/${id}`);
    expect(res.statusCode).toBe(200);
    const form = res.json();
    expect(form.answers.contacts.smartLead).toMatchObject({ name: 'Avery Quinlan', facilitator: 'will-train' });
    expect(form.answers.sites[1]).toMatchObject({ name: 'Larkfield Drop-in', satellite: true, nation: 'england', licences: ['satellite'] });
    expect(form.answers.purchase).toEqual({ method: 'purchase-order', purchaseOrderNumber: 'PO-55120' });
    expect(form.quote).toBeNull();
    expect(form.lines.map((l: { amountPence: number }) => l.amountPence)).toEqual([70_000, 41_000, 18_000]);
    expect(form.feeScheduleId).toBe('april-2026');
  });

  it('does not show drafts: they are the applicant\'s until submitted', async () => {
    const applicant = new Applicant(t.app);
    await applicant.start();
    const draft = await db().selectFrom('start_up_forms').select('id').where('status', '=', 'draft').orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
    expect((await get(`/api/v1/start-up-forms/${draft.id}`)).statusCode).toBe(404);
    expect((await get('/api/v1/start-up-forms')).json().items.some((i: { id: string }) => i.id === draft.id)).toBe(false);
  });
});

describe('a quotation named on the form (docs/decisions/177)', () => {
  async function issueQuote(payload: unknown) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: payload as Record<string, unknown> });
    return res.json() as { reference: string; validUntil: string; totalPence: number };
  }

  it("shows Central Office the quote the form names, its lines and total, and that it was still valid, beside the form's own prices", async () => {
    const quote = await issueQuote({
      organisationType: 'non-profit',
      sites: [{ name: 'Larkfield Centre', licences: ['smart-recovery', 'family-and-friends'] }],
      training: [{ kind: 'in-person', participants: 25 }],
    });
    const form = completeForm();
    form.purchase = { ...form.purchase, quoteReference: quote.reference.toLowerCase() };
    const { id } = await submitThroughPages(form);
    const shown = await detail(id);
    expect(shown.answers.purchase.quoteReference).toBe(quote.reference);
    expect(shown.quote).toMatchObject({ reference: quote.reference, validUntil: quote.validUntil, validWhenSubmitted: true, status: 'issued', totalPence: 111_000 + 600_000, priceOnRequest: false });
    expect(shown.quote.lines.map((line: { amountPence: number }) => line.amountPence)).toEqual([70_000, 41_000, 600_000]);
    // The form keeps its own prices from the fees in force; the quote is shown, not applied.
    expect(shown.lines.map((l: { amountPence: number }) => l.amountPence)).toEqual([70_000, 41_000, 18_000]);
  });

  it('says a quote had lapsed when the form came after its 30 days', async () => {
    const quote = await issueQuote({ organisationType: 'non-profit', sites: [{ name: 'Larkfield Centre', licences: ['smart-recovery'] }] });
    // A quote issued long ago: its 30 days ended before the form came.
    await db().updateTable('quotes').set({ issued_on: '2025-01-06', valid_until: '2025-02-05' }).where('reference', '=', quote.reference).execute();
    const form = completeForm();
    form.purchase = { ...form.purchase, quoteReference: quote.reference };
    const { id } = await submitThroughApi(form);
    expect((await detail(id)).quote).toMatchObject({ reference: quote.reference, validUntil: '2025-02-05', validWhenSubmitted: false });
  });

  it('refuses through the API a reference Partner Hub never issued, naming the field', async () => {
    const form = completeForm();
    form.purchase = { ...form.purchase, quoteReference: 'Q-1999-999999' };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/start-up-forms', payload: form });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toEqual([expect.objectContaining({ field: 'purchase.quoteReference', message: expect.stringContaining('We have no quotation with this reference') })]);
  });
});

describe('asking for changes, and the applicant resubmitting', () => {
  it('sends the form back with a message and a new link; the applicant changes it and resubmits under the same reference', async () => {
    const { applicant, id, reference } = await submitThroughPages();
    const oldKey = applicant.jar.get('ph_start_up_form')!;
    const before = await detail(id);

    const res = await post(`/api/v1/start-up-forms/${id}/request-changes`, { version: before.version, message: 'Please give the full postal address of the drop-in.' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'changes_requested', changesRequested: { message: 'Please give the full postal address of the drop-in.' } });

    const mail = await db().selectFrom('outbox_messages').selectAll().where('kind', '=', 'start_up_form.changes_requested').where('subject', 'like', `%${reference}%`).executeTakeFirstOrThrow();
    expect(mail.to_address).toBe('avery.quinlan@people.partnerhub.test');
    expect(mail.text_body).toContain('Please give the full postal address of the drop-in.');
    const link = /http:\/\/partnerhub\.test(\/start-up-form\/resume\/[\w-]+)/.exec(mail.text_body)?.[1];
    expect(link).toBeDefined();
    expect(link).not.toContain(oldKey);

    const task = await db().selectFrom('tasks').selectAll().where('subject_id', '=', id).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ status: 'done', closed_by: centralUser.id });
    const audit = await db().selectFrom('audit_events').select(['action', 'actor_user_id']).where('entity_id', '=', id).where('action', '=', 'start_up_form.changes_requested').executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(centralUser.id);

    // The old link and cookie no longer open the form; the emailed one does, and shows the message.
    expect((await new Applicant(t.app).get(`/start-up-form/resume/${oldKey}`)).statusCode).toBe(404);
    const changer = new Applicant(t.app);
    const opened = await changer.get(link!);
    expect(opened.statusCode).toBe(303);
    const sites = await changer.get('/start-up-form/sites');
    expect(pageText(sites.body)).toContain('Central Office has asked for changes Please give the full postal address of the drop-in.');
    expect(inputValue(sites.body, 'sites-1-name')).toBe('Larkfield Drop-in');

    const changed = completeForm();
    changed.sites[1]!.address = 'Unit 2, 9 Market Street, Morecambe, Lancashire';
    const saved = await changer.post('/start-up-form/sites', { ...stepFields(changed).sites, return: 'check' });
    expect(saved.headers.location).toBe('/start-up-form/check-answers');
    // Central Office still sees the answers as submitted until the form comes back.
    expect((await detail(id)).answers.sites[1].address).toBe('9 Market Street, Morecambe');

    const resubmitted = await changer.post('/start-up-form/check-answers', {});
    expect(resubmitted.headers.location).toBe('/start-up-form/submitted');
    const after = await detail(id);
    expect(after).toMatchObject({ reference, status: 'submitted' });
    expect(after.answers.sites[1].address).toBe('Unit 2, 9 Market Street, Morecambe, Lancashire');
    const tasks = await db().selectFrom('tasks').select(['status', 'title']).where('subject_id', '=', id).orderBy('created_at').execute();
    expect(tasks.map((x) => x.status)).toEqual(['done', 'open']);
    expect(tasks[1]!.title).toContain('(changes made)');
    const actions = await db().selectFrom('audit_events').select('action').where('entity_id', '=', id).orderBy('at').execute();
    expect(actions.map((a) => a.action)).toEqual(['start_up_form.submitted', 'start_up_form.changes_requested', 'start_up_form.resubmitted']);
    const confirmations = await db().selectFrom('outbox_messages').select('text_body').where('kind', '=', 'start_up_form.submitted').where('subject', 'like', `%${reference}%`).execute();
    expect(confirmations).toHaveLength(4);
  });

  it('refuses to ask for changes on a form already sent back, and with an out-of-date version', async () => {
    const { id } = await submitThroughApi();
    const { version } = await detail(id);
    const stale = await post(`/api/v1/start-up-forms/${id}/request-changes`, { version: version - 1, message: 'Check the postcode.' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.code).toBe('precondition_failed');
    expect((await post(`/api/v1/start-up-forms/${id}/request-changes`, { version, message: 'Check the postcode.' })).statusCode).toBe(200);
    const again = await post(`/api/v1/start-up-forms/${id}/request-changes`, { version: version + 1, message: 'And the phone number.' });
    expect(again.statusCode).toBe(409);
  });
});

describe('pricing on-request lines and accepting', () => {
  it('refuses to accept while a line has no price, then takes the agreed prices, updates the total and accepts', async () => {
    const { id, reference } = await submitThroughApi(corporateForm());
    const submitted = await detail(id);
    expect(submitted.unpricedLines).toBe(3);
    expect(submitted.totalPence).toBe(0);
    expect(submitted.lines.every((l: { priceOnRequest: boolean; amountPence: number | null }) => l.priceOnRequest && l.amountPence === null)).toBe(true);

    const refused = await post(`/api/v1/start-up-forms/${id}/accept`, { version: submitted.version });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('rule_broken');
    expect(refused.json().error.message).toContain('3 lines have no price yet');
    expect((await detail(id)).status).toBe('submitted');

    const partly = await post(`/api/v1/start-up-forms/${id}/prices`, { version: submitted.version, prices: [{ line: 0, amountPence: 250_000 }] });
    expect(partly.statusCode).toBe(200);
    expect(partly.json()).toMatchObject({ totalPence: 250_000, unpricedLines: 2 });
    const stillRefused = await post(`/api/v1/start-up-forms/${id}/accept`, { version: partly.json().version });
    expect(stillRefused.json().error.message).toContain('2 lines have no price yet');

    const rest = await post(`/api/v1/start-up-forms/${id}/prices`, {
      version: partly.json().version,
      prices: [
        { line: 1, amountPence: 120_000 },
        { line: 2, amountPence: 30_000 },
      ],
    });
    expect(rest.json()).toMatchObject({ totalPence: 400_000, unpricedLines: 0 });

    const accepted = await post(`/api/v1/start-up-forms/${id}/accept`, { version: rest.json().version });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', acceptedBy: expect.stringContaining(centralUser.email) });
    const row = await db().selectFrom('start_up_forms').select(['accepted_at', 'accepted_by', 'total_pence']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.accepted_by).toBe(centralUser.id);
    expect(row.accepted_at).not.toBeNull();
    expect(row.total_pence).toBe(400_000);

    const task = await db().selectFrom('tasks').select(['status', 'closed_by']).where('subject_id', '=', id).executeTakeFirstOrThrow();
    expect(task).toEqual({ status: 'done', closed_by: centralUser.id });
    const actions = await db().selectFrom('audit_events').select('action').where('entity_id', '=', id).orderBy('at').execute();
    expect(actions.map((a) => a.action)).toEqual(['start_up_form.submitted', 'start_up_form.prices_agreed', 'start_up_form.prices_agreed', 'start_up_form.accepted']);

    // The hand-over to invoicing.
    const handOver = await acceptedStartUpForms(t.deps);
    const mine = handOver.find((f) => f.id === id);
    expect(mine).toMatchObject({ reference, totalPence: 400_000, acceptedBy: centralUser.id, feeScheduleId: 'april-2026' });
    expect(mine!.answers.contacts.finance.email).toBe('accounts@larkfield.example');
    expect(mine!.lines.map((l) => l.amountPence)).toEqual([250_000, 120_000, 30_000]);
  });

  it('refuses a price for a line with a published fee', async () => {
    const { id } = await submitThroughApi();
    const { version } = await detail(id);
    const res = await post(`/api/v1/start-up-forms/${id}/prices`, { version, prices: [{ line: 0, amountPence: 1 }] });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0]).toMatchObject({ field: 'prices.0.line' });
    expect((await detail(id)).totalPence).toBe(129_000);
  });

  it('accepts a form with published fees straight away, and refuses to accept it twice', async () => {
    const { id } = await submitThroughApi();
    const { version } = await detail(id);
    expect((await post(`/api/v1/start-up-forms/${id}/accept`, { version })).statusCode).toBe(200);
    const twice = await post(`/api/v1/start-up-forms/${id}/accept`, { version: version + 1 });
    expect(twice.statusCode).toBe(409);
  });
});

describe('only Central Office reviews Start-Up Forms', () => {
  it('refuses the queue, a form and every review action to anonymous visitors, Coordinators, SMART Leads and facilitators, changing nothing', async () => {
    const { id } = await submitThroughApi(corporateForm());
    const { version } = await detail(id);
    const organisation = await createOrganisation(db());
    const others: [string, SignedIn | null][] = [
      ['anonymous', null],
      ['coordinator', await signIn(t.app, await createUser(db(), { role: 'coordinator', posts: ['north-west'] }))],
      ['smart lead', await signIn(t.app, await createUser(db(), { role: 'smart_lead', organisationId: organisation.id }))],
      ['facilitator', await signIn(t.app, await createUser(db(), { role: 'facilitator', organisationId: organisation.id }))],
    ];
    for (const [who, as] of others) {
      const headers = as ? as.headers() : {};
      const requests = [
        { method: 'GET' as const, url: '/api/v1/start-up-forms' },
        { method: 'GET' as const, url: `/api/v1/start-up-forms/${id}` },
        { method: 'POST' as const, url: `/api/v1/start-up-forms/${id}/request-changes`, payload: { version, message: 'x' } },
        { method: 'POST' as const, url: `/api/v1/start-up-forms/${id}/prices`, payload: { version, prices: [{ line: 0, amountPence: 1 }] } },
        { method: 'POST' as const, url: `/api/v1/start-up-forms/${id}/accept`, payload: { version } },
      ];
      for (const request of requests) {
        const res = await t.app.inject({ ...request, headers });
        expect(res.statusCode, `${who}: ${request.method} ${request.url}`).toBe(as ? 403 : 401);
      }
    }
    const after = await detail(id);
    expect(after).toMatchObject({ status: 'submitted', version, totalPence: 0 });
  });
});
