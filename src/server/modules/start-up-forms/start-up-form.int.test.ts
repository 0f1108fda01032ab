import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { hashToken } from '../../auth/tokens.js';
import { Applicant, completeForm, fieldError, inputValue, pageText, stepFields } from './test-factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());
beforeEach(() => t.clock.reset());

const db = () => t.database.db;

async function formOf(applicant: Applicant) {
  const key = applicant.jar.get('ph_start_up_form');
  if (!key) throw new Error('no draft cookie');
  return db().selectFrom('start_up_forms').selectAll().where('draft_key_hash', '=', hashToken(key)).executeTakeFirstOrThrow();
}

/** Sets the test clock to an instant, so "today" and the year of a reference are known. */
function setNow(iso: string) {
  t.clock.reset();
  t.clock.advance(new Date(iso).getTime() - Date.now());
}

describe('starting the Start-Up Form', () => {
  it('creates a draft, keeps its key in an HttpOnly cookie (only its hash in the database) and goes to the first step', async () => {
    const applicant = new Applicant(t.app);
    const res = await applicant.start();
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/start-up-form/organisation');
    const cookie = res.cookies.find((c) => c.name === 'ph_start_up_form')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/start-up-form');
    const form = await formOf(applicant);
    expect(form.status).toBe('draft');
    expect(form.reference).toBeNull();
    expect(form.draft_key_hash).not.toBe(cookie.value);
  });

  it('shows a "come back later" link with the key, which reopens the draft in another browser at the step to carry on from', async () => {
    const applicant = new Applicant(t.app);
    await applicant.start();
    await applicant.answer('organisation', completeForm());
    const page = await applicant.get('/start-up-form/contacts');
    const key = applicant.jar.get('ph_start_up_form')!;
    const link = `http://partnerhub.test/start-up-form/resume/${key}`;
    expect(page.body).toContain(`href="${link}"`);

    const elsewhere = new Applicant(t.app);
    const resumed = await elsewhere.get(`/start-up-form/resume/${key}`);
    expect(resumed.statusCode).toBe(303);
    expect(resumed.headers.location).toBe('/start-up-form/contacts');
    const back = await elsewhere.get('/start-up-form/organisation');
    expect(inputValue(back.body, 'organisation-name')).toBe('Larkfield Recovery Collective');
  });

  it('answers a link with an unknown key with "not valid" and sets no cookie', async () => {
    const res = await new Applicant(t.app).get('/start-up-form/resume/not-a-real-draft-key-at-all');
    expect(res.statusCode).toBe(404);
    expect(pageText(res.body)).toContain('This link is not valid');
    expect(res.cookies.find((c) => c.name === 'ph_start_up_form')).toBeUndefined();
  });

  it('sends a visitor with no draft from a step to the start page', async () => {
    const res = await new Applicant(t.app).get('/start-up-form/sites');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/start-up-form');
  });

  it('"Save and come back later" saves the step without checking it and shows the link', async () => {
    const applicant = new Applicant(t.app);
    await applicant.start();
    const res = await applicant.post('/start-up-form/organisation', { 'organisation-name': 'Half-typed Trust', action: 'save' });
    expect(res.statusCode).toBe(200);
    expect(pageText(res.body)).toContain('Your answers are saved');
    expect(res.body).toContain(`/start-up-form/resume/${applicant.jar.get('ph_start_up_form')}`);
    expect(((await formOf(applicant)).answers as { organisation: { name: string } }).organisation.name).toBe('Half-typed Trust');
  });

  it('reopens a step saved half-done at that step, with what was typed, not at the step after it', async () => {
    const applicant = new Applicant(t.app);
    await applicant.start();
    await applicant.post('/start-up-form/organisation', { 'organisation-name': 'Half-typed Trust', 'organisation-postcode': 'not a postcode', action: 'save' });
    const key = applicant.jar.get('ph_start_up_form')!;
    const elsewhere = new Applicant(t.app);
    const resumed = await elsewhere.get(`/start-up-form/resume/${key}`);
    expect(resumed.headers.location).toBe('/start-up-form/organisation');
    const step = await elsewhere.get('/start-up-form/organisation');
    expect(inputValue(step.body, 'organisation-name')).toBe('Half-typed Trust');
    expect(inputValue(step.body, 'organisation-postcode')).toBe('not a postcode');
  });
});

describe('each step checks what was typed, keeps it, and shows the message next to the field', () => {
  const form = completeForm();
  const fields = stepFields(form);

  async function atStep(step: keyof typeof fields) {
    const applicant = new Applicant(t.app);
    await applicant.start();
    const order = ['organisation', 'contacts', 'sites', 'licences', 'purchase', 'declarations'] as const;
    for (const earlier of order.slice(0, order.indexOf(step))) await applicant.answer(earlier, form);
    return applicant;
  }

  function expectProblem(html: string, id: string, message: string) {
    expect(fieldError(html, id)).toBe(message);
    // The error summary links to the field.
    expect(html).toMatch(new RegExp(`<div class="error-summary"[^>]*>.*<a href="#${id}">`, 's'));
    // The message is part of the field's (or its group's) description.
    expect(html).toMatch(new RegExp(`aria-describedby="[^"]*\\b${id}-error"`));
    expect(pageText(html)).toContain('There is a problem');
  }

  it('organisation: a postcode that is not a UK postcode', async () => {
    const applicant = await atStep('organisation');
    const res = await applicant.post('/start-up-form/organisation', { ...fields.organisation, 'organisation-postcode': 'LA1 XYZ' });
    expect(res.statusCode).toBe(422);
    expectProblem(res.body, 'organisation-postcode', 'Enter a UK postcode, like PR1 8BU');
    expect(inputValue(res.body, 'organisation-postcode')).toBe('LA1 XYZ');
    expect(inputValue(res.body, 'organisation-name')).toBe('Larkfield Recovery Collective');
    // Saved as typed, so going back later shows it.
    const again = await applicant.get('/start-up-form/organisation');
    expect(inputValue(again.body, 'organisation-postcode')).toBe('LA1 XYZ');
  });

  it('organisation: questions not answered', async () => {
    const applicant = await atStep('organisation');
    const { ['organisation-servesVeterans']: _v, ...rest } = fields.organisation;
    const res = await applicant.post('/start-up-form/organisation', { ...rest, 'organisation-name': '  ' });
    expect(res.statusCode).toBe(422);
    expectProblem(res.body, 'organisation-name', "Enter your organisation's name");
    expect(fieldError(res.body, 'organisation-servesVeterans')).toBe('Say whether your organisation provides services to veterans');
  });

  it('contacts: an email address in the wrong format', async () => {
    const applicant = await atStep('contacts');
    const res = await applicant.post('/start-up-form/contacts', { ...fields.contacts, 'contacts-smartLead-email': 'avery.quinlan-at-larkfield' });
    expect(res.statusCode).toBe(422);
    expectProblem(res.body, 'contacts-smartLead-email', "Enter the SMART Lead's email address in the right format, like name@example.org");
    expect(inputValue(res.body, 'contacts-smartLead-email')).toBe('avery.quinlan-at-larkfield');
    expect(inputValue(res.body, 'contacts-finance-email')).toBe('accounts@larkfield.example');
  });

  it('contacts: the SMART Lead must be qualified or willing to train (Section 7)', async () => {
    const applicant = await atStep('contacts');
    const { ['contacts-smartLead-facilitator']: _f, ...rest } = fields.contacts;
    const res = await applicant.post('/start-up-form/contacts', rest);
    expect(res.statusCode).toBe(422);
    expectProblem(res.body, 'contacts-smartLead-facilitator', 'Say whether the SMART Lead is already a qualified SMART facilitator or will do the training');
  });

  it('sites: a missing postcode on the second site', async () => {
    const applicant = await atStep('sites');
    const res = await applicant.post('/start-up-form/sites', { ...fields.sites, 'sites-1-postcode': '' });
    expect(res.statusCode).toBe(422);
    expectProblem(res.body, 'sites-1-postcode', 'Enter the postcode');
    expect(inputValue(res.body, 'sites-1-name')).toBe('Larkfield Drop-in');
    expect(fieldError(res.body, 'sites-0-postcode')).toBeUndefined();
  });

  it('sites: two sites with one name break the rule that each site is named on the agreement', async () => {
    const applicant = await atStep('sites');
    const res = await applicant.post('/start-up-form/sites', { ...fields.sites, 'sites-1-name': 'larkfield hub ' });
    expect(res.statusCode).toBe(422);
    expectProblem(res.body, 'sites-1-name', '"larkfield hub" appears more than once. Give each site a different name, or list all of that site\'s licences under one entry.');
  });

  it('licences: a broken scheme rule is shown with the site it concerns and the rule', async () => {
    const applicant = await atStep('licences');
    const res = await applicant.post('/start-up-form/licences', { ...fields.licences, 'sites-0-licences': ['smart-recovery', 'veterans'] });
    expect(res.statusCode).toBe(422);
    const text = pageText(res.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain('The SMART Veterans licence for "Larkfield Hub" is only for organisations that already provide services to veterans.');
    expect(text).toContain('The rule: Section 4: to commission the Veterans programme, organisations must already be providing services for veterans.');
    expect(res.body).toContain('<a href="#sites-0-licences">');
    // The choice is kept.
    expect(res.body).toMatch(/id="sites-0-licences-veterans"[^>]*checked=""/);
  });

  it('purchase: "I have a PO number" with no number', async () => {
    const applicant = await atStep('purchase');
    const res = await applicant.post('/start-up-form/purchase', { 'purchase-method': 'purchase-order', 'purchase-purchaseOrderNumber': '' });
    expect(res.statusCode).toBe(422);
    expectProblem(res.body, 'purchase-purchaseOrderNumber', 'Enter the purchase order number');
    expect(res.body).toMatch(/id="purchase-method"[^>]*checked=""/);
  });

  it('purchase: a quotation reference in the wrong form, or one Partner Hub never issued, is refused next to the field and kept', async () => {
    const applicant = await atStep('purchase');
    const badForm = await applicant.post('/start-up-form/purchase', { ...fields.purchase, 'purchase-quoteReference': 'our quote 12' });
    expect(badForm.statusCode).toBe(422);
    expectProblem(badForm.body, 'purchase-quoteReference', 'Enter the quotation reference as it is on the quotation, like Q-2026-000123, or leave it blank');
    expect(inputValue(badForm.body, 'purchase-quoteReference')).toBe('our quote 12');

    const unknown = await applicant.post('/start-up-form/purchase', { ...fields.purchase, 'purchase-quoteReference': 'Q-1999-999999' });
    expect(unknown.statusCode).toBe(422);
    expectProblem(
      unknown.body,
      'purchase-quoteReference',
      'We have no quotation with this reference. Check it against your quotation (it looks like Q-2026-000123), or leave it blank',
    );
    expect(inputValue(unknown.body, 'purchase-quoteReference')).toBe('Q-1999-999999');
  });

  it('purchase: takes a quotation reference Partner Hub issued, typed in any case, and shows it among the answers', async () => {
    const quote = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: { organisationType: 'non-profit', sites: [{ name: 'Larkfield Centre', licences: ['smart-recovery'] }] },
    });
    const { reference } = quote.json() as { reference: string };
    const applicant = await atStep('purchase');
    const res = await applicant.post('/start-up-form/purchase', { ...fields.purchase, 'purchase-quoteReference': ` ${reference.toLowerCase()} ` });
    expect(res.statusCode).toBe(303);
    expect(((await formOf(applicant)).answers as { purchase: { quoteReference: string } }).purchase.quoteReference).toBe(` ${reference.toLowerCase()} `);
    await applicant.answer('declarations', completeForm());
    const check = await applicant.get('/start-up-form/check-answers');
    expect(pageText(check.body)).toContain(`Quotation reference ${reference}`);
  });

  it('declarations: a box left unticked', async () => {
    const applicant = await atStep('declarations');
    const { ['declarations-codeOfConduct']: _c, ...rest } = fields.declarations;
    const res = await applicant.post('/start-up-form/declarations', rest);
    expect(res.statusCode).toBe(422);
    expectProblem(res.body, 'declarations-codeOfConduct', 'Confirm that facilitators will follow the UKSR Facilitator Code of Conduct');
    expect(res.body).toMatch(/id="declarations-authorised"[^>]*checked=""/);
  });
});

describe('going through the steps', () => {
  it('moves on only when a step is valid, and going back shows the saved answers', async () => {
    const form = completeForm();
    const applicant = new Applicant(t.app);
    await applicant.start();
    const res = await applicant.answer('organisation', form);
    expect(res.headers.location).toBe('/start-up-form/contacts');
    await applicant.answer('contacts', form);
    const back = await applicant.get('/start-up-form/contacts');
    expect(inputValue(back.body, 'contacts-smartLead-name')).toBe('Avery Quinlan');
    expect(back.body).toMatch(/id="contacts-smartLead-facilitator-will-train"[^>]*checked=""/);
    const organisation = await applicant.get('/start-up-form/organisation');
    expect(organisation.body).toMatch(/id="organisation-servesVeterans-no"[^>]*checked=""/);
    expect(organisation.body).toMatch(/<option value="treatment-service" selected="">/);
  });

  it('"Add another site" works without JavaScript: it keeps what was typed and adds a blank site; "Remove" takes one away', async () => {
    const applicant = new Applicant(t.app);
    await applicant.start();
    const added = await applicant.post('/start-up-form/sites', {
      'sites-0-name': 'Larkfield Hub',
      'sites-0-address': '4 Canal Wharf',
      'sites-0-postcode': 'LA1 1AA',
      'sites-0-nation': '',
      action: 'add-site',
    });
    expect(added.statusCode).toBe(200);
    expect(inputValue(added.body, 'sites-0-name')).toBe('Larkfield Hub');
    expect(added.body).toContain('id="sites-1-name"');
    expect(inputValue(added.body, 'sites-1-name') ?? '').toBe('');
    expect(pageText(added.body)).not.toContain('There is a problem');

    const removed = await applicant.post('/start-up-form/sites', {
      ...{ 'sites-0-name': 'Larkfield Hub', 'sites-0-address': '4 Canal Wharf', 'sites-0-postcode': 'LA1 1AA', 'sites-0-nation': '' },
      ...{ 'sites-1-name': 'Spare', 'sites-1-address': '', 'sites-1-postcode': '', 'sites-1-nation': '' },
      action: 'remove-1',
    });
    expect(removed.statusCode).toBe(200);
    expect(inputValue(removed.body, 'sites-0-name')).toBe('Larkfield Hub');
    expect(removed.body).not.toContain('id="sites-1-name"');
  });

  it('reads a site\'s nation from its postcode, and asks for it where the postcode area crosses a border', async () => {
    const form = completeForm();
    const applicant = new Applicant(t.app);
    await applicant.start();
    await applicant.answer('organisation', form);
    await applicant.answer('contacts', form);
    const border = { ...stepFields(form).sites, 'sites-1-postcode': 'SY23 1AA' };
    const res = await applicant.post('/start-up-form/sites', border);
    expect(res.statusCode).toBe(422);
    expect(fieldError(res.body, 'sites-1-nation')).toBe('Choose the nation the site is in: postcodes starting SY are not all in one nation');
    const chosen = await applicant.post('/start-up-form/sites', { ...border, 'sites-1-nation': 'wales' });
    expect(chosen.statusCode).toBe(303);
    const contradiction = await applicant.post('/start-up-form/sites', { ...border, 'sites-0-nation': 'scotland' });
    expect(fieldError(contradiction.body, 'sites-0-nation')).toBe('LA1 1AA is in England: choose England, or check the postcode');
  });

  it('shows the price of each licence from the schedule in force, and the rule that priced it', async () => {
    const form = completeForm();
    const applicant = new Applicant(t.app);
    await applicant.start();
    for (const step of ['organisation', 'contacts', 'sites'] as const) await applicant.answer(step, form);
    const page = await applicant.get('/start-up-form/licences');
    const text = pageText(page.body);
    expect(text).toContain('£700.00 a year, or £410.00 with SMART Recovery at the same site.');
    const priced = await applicant.post('/start-up-form/licences', { ...stepFields(form).licences, action: 'update-prices' });
    expect(priced.statusCode).toBe(200);
    const pricedText = pageText(priced.body);
    expect(pricedText).toContain('Section 10: reduced from £700.00 because this quote includes a SMART Recovery licence for this site.');
    expect(pricedText).toMatch(/Total a year £1,290\.00/);
  });
});

describe('submitting', () => {
  it('gives a reference, fixes the prices, emails both contacts, raises a review task and audits it, in one go', async () => {
    setNow('2026-11-24T10:00:00Z');
    const applicant = new Applicant(t.app);
    const confirmation = await applicant.submit(completeForm());
    const form = await formOf(applicant);
    expect(form.status).toBe('submitted');
    expect(form.reference).toMatch(/^SUF-2026-\d{6}$/);
    expect(form.fee_schedule_id).toBe('april-2026');
    // £700 SMART Recovery + £410 Family & Friends (reduced) + £180 Satellite.
    expect(form.total_pence).toBe(129_000);
    expect(form.submitted_answers).toMatchObject({ sites: [{ nation: 'england' }, { nation: 'england', satellite: true }] });

    expect(confirmation.statusCode).toBe(200);
    expect(pageText(confirmation.body)).toContain(`Your reference is ${form.reference}`);

    const mails = await db().selectFrom('outbox_messages').selectAll().where('kind', '=', 'start_up_form.submitted').where('subject', 'like', `%${form.reference}%`).execute();
    expect(mails.map((m) => m.to_address).sort()).toEqual(['accounts@larkfield.example', 'avery.quinlan@people.partnerhub.test']);
    for (const mail of mails) {
      expect(mail.text_body).toContain(`Reference: ${form.reference}`);
      expect(mail.text_body).toContain('- Larkfield Hub: SMART Family & Friends licence (includes 3 facilitator training places a year): £410.00');
      expect(mail.text_body).toContain('- Larkfield Drop-in: SMART Satellite licence (no facilitator training places included): £180.00');
      expect(mail.text_body).toContain('Total a year: £1,290.00');
      expect(mail.text_body).toContain('purchase order PO-55120');
    }

    const tasks = await db().selectFrom('tasks').selectAll().where('subject_id', '=', form.id).execute();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: 'start_up_form.review', inbox_code: 'partnerships', status: 'open', subject_type: 'start_up_form' });
    expect(tasks[0]!.title).toContain(form.reference);

    const audit = await db().selectFrom('audit_events').selectAll().where('entity_id', '=', form.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['start_up_form.submitted']);
    expect(audit[0]!.after).toMatchObject({ reference: form.reference, totalPence: 129_000, feeScheduleId: 'april-2026' });
  });

  it('numbers references from one sequence, with the UK year of submission', async () => {
    setNow('2026-12-31T23:30:00Z');
    const december = new Applicant(t.app);
    await december.submit(completeForm());
    // 00:30 on 1 January in London (GMT) is a new year.
    setNow('2027-01-01T00:30:00Z');
    const january = new Applicant(t.app);
    await january.submit(completeForm());
    const first = (await formOf(december)).reference!;
    const second = (await formOf(january)).reference!;
    expect(first).toMatch(/^SUF-2026-\d{6}$/);
    expect(second).toMatch(/^SUF-2027-\d{6}$/);
    expect(Number(second.slice(-6))).toBe(Number(first.slice(-6)) + 1);
  });

  it('lists on "Check your answers" what is still missing, linked to its step, and submits nothing', async () => {
    const applicant = new Applicant(t.app);
    await applicant.start();
    const form = completeForm();
    for (const step of ['organisation', 'contacts', 'sites', 'licences'] as const) await applicant.answer(step, form);
    const res = await applicant.post('/start-up-form/check-answers', {});
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('href="/start-up-form/purchase?return=check#purchase-method"');
    expect(res.body).toContain('href="/start-up-form/declarations?return=check#declarations-authorised"');
    expect((await formOf(applicant)).status).toBe('draft');
  });

  it('names each answer in its "Change" link as written, so SMART is not read out as the word "smart"', async () => {
    const applicant = new Applicant(t.app);
    await applicant.start();
    const form = completeForm();
    for (const step of ['organisation', 'contacts', 'sites', 'licences', 'purchase', 'declarations'] as const) await applicant.answer(step, form);
    const res = await applicant.get('/start-up-form/check-answers');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Change<span class="visually-hidden"> SMART Lead&#x27;s email address</span>');
    expect(res.body).toContain('Change<span class="visually-hidden"> organisation name</span>');
    expect(res.body).not.toContain('smart lead');
  });

  it('sends every step to the confirmation once submitted, and a second submission changes nothing', async () => {
    const applicant = new Applicant(t.app);
    await applicant.submit(completeForm());
    const before = await formOf(applicant);
    const step = await applicant.get('/start-up-form/sites');
    expect(step.headers.location).toBe('/start-up-form/submitted');
    const again = await applicant.post('/start-up-form/check-answers', {});
    expect(again.headers.location).toBe('/start-up-form/submitted');
    const after = await formOf(applicant);
    expect(after.version).toBe(before.version);
    expect(await db().selectFrom('tasks').select('id').where('subject_id', '=', before.id).execute()).toHaveLength(1);
  });
});

describe('pressing Submit twice at once', () => {
  it('submits the form once: one reference, one review task, one pair of emails', async () => {
    const applicant = new Applicant(t.app);
    await applicant.start();
    await applicant.fillIn(completeForm());
    const answers = await Promise.all([applicant.post('/start-up-form/check-answers', {}), applicant.post('/start-up-form/check-answers', {})]);
    expect(answers.map((a) => [a.statusCode, a.headers.location])).toEqual([
      [303, '/start-up-form/submitted'],
      [303, '/start-up-form/submitted'],
    ]);
    const form = await formOf(applicant);
    expect(await db().selectFrom('tasks').select('id').where('subject_id', '=', form.id).execute()).toHaveLength(1);
    expect(await db().selectFrom('audit_events').select('id').where('entity_id', '=', form.id).execute()).toHaveLength(1);
    expect(await db().selectFrom('outbox_messages').select('id').where('subject', 'like', `%${form.reference}%`).execute()).toHaveLength(2);
  });
});

describe('POST /api/v1/start-up-forms', () => {
  it('takes a complete form as JSON and answers 201 with the reference, lines, total and whether any price is on request', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/start-up-forms', payload: completeForm() });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ status: 'submitted', totalPence: 129_000, priceOnRequest: false });
    expect(body.reference).toMatch(/^SUF-\d{4}-\d{6}$/);
    expect(body.lines).toHaveLength(3);
    expect(body.lines[1]).toMatchObject({ site: 'Larkfield Hub', amountPence: 41_000, rule: 'Section 10: reduced from £700.00 because this quote includes a SMART Recovery licence for this site.' });
    const form = await db().selectFrom('start_up_forms').selectAll().where('reference', '=', body.reference).executeTakeFirstOrThrow();
    expect(form.status).toBe('submitted');
    expect(await db().selectFrom('outbox_messages').select('id').where('subject', 'like', `%${body.reference}%`).execute()).toHaveLength(2);
  });

  it('marks a corporate form as priced on request', async () => {
    const corporate = completeForm();
    corporate.organisation.organisationType = 'corporate';
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/start-up-forms', payload: corporate });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ totalPence: 0, priceOnRequest: true });
  });

  it('answers 422 validation_failed with the fields at fault', async () => {
    const bad = completeForm();
    bad.contacts.finance.email = 'not-an-email';
    bad.sites[0]!.postcode = '12345';
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/start-up-forms', payload: bad });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('validation_failed');
    const fields = res.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.contacts.finance.email', 'body.sites.0.postcode']));
  });

  it('answers 422 rule_broken naming the rule, the message and the site field when a licensing rule is broken', async () => {
    const form = completeForm();
    form.sites[1]!.licences = ['smart-recovery'];
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/start-up-forms', payload: form });
    expect(res.statusCode).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe('rule_broken');
    expect(error.details).toContainEqual(expect.objectContaining({ code: 'satellite_site_licence', field: 'sites.1.licences', rule: expect.stringMatching(/^Section 3:/) }));
    expect(await db().selectFrom('start_up_forms').select('id').where('submitted_answers', 'is not', null).where('status', '=', 'draft').execute()).toHaveLength(0);
  });

  it('refuses an unknown field rather than dropping it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/start-up-forms', payload: { ...completeForm(), discountCode: 'FREE' } });
    expect(res.statusCode).toBe(422);
  });
});

describe('postcodes on the Start-Up Form (decision 178)', () => {
  it('keeps and shows postcodes as written (capitals, one space), and a mistyped one as typed', async () => {
    const base = completeForm();
    const form = completeForm({
      organisation: { ...base.organisation, postcode: 'la1  1aa' },
      sites: base.sites.map((site, i) => ({ ...site, postcode: i === 0 ? 'la11aa' : site.postcode })),
    });
    const applicant = new Applicant(t.app);
    await applicant.start();
    await applicant.fillIn(form);
    const draft = (await formOf(applicant)).answers as { organisation: { postcode: string }; sites: { postcode: string }[] };
    expect(draft.organisation.postcode).toBe('LA1 1AA');
    expect(draft.sites[0]!.postcode).toBe('LA1 1AA');
    const check = pageText((await applicant.get('/start-up-form/check-answers')).body);
    expect(check).toContain('Postcode LA1 1AA');
    expect(check).not.toMatch(/la1\s+1aa/);

    const wrong = await applicant.post('/start-up-form/organisation', { ...stepFields(form).organisation, 'organisation-postcode': 'la1 1a' });
    expect(wrong.statusCode).toBe(422);
    expect(inputValue(wrong.body, 'organisation-postcode')).toBe('la1 1a');
  });

  it('links the form and its contacts step to the privacy notice', async () => {
    const applicant = new Applicant(t.app);
    expect((await applicant.get('/start-up-form')).body).toContain('href="/privacy"');
    await applicant.start();
    await applicant.answer('organisation', completeForm());
    expect((await applicant.get('/start-up-form/contacts')).body).toContain('href="/privacy"');
  });
});
