import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APRIL_2026_SCHEDULE } from '../../../domain/fees/fee-schedule.js';
import { QUOTE_REFERENCE_PATTERN } from '../../../domain/fees/quote-reference.js';
import { addDays, formatLongDate, londonDate } from '../../../domain/iso-date.js';
import { hashToken } from '../../auth/tokens.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { CookieJar, createUser, formToken, signIn } from '../../../../tests/support/factories.js';
import { pdfText } from '../../../../tests/support/pdf.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const TWO_SITES = {
  organisationType: 'non-profit',
  servesVeterans: false,
  childrensServiceProvider: false,
  sites: [
    { name: 'Site A', licences: ['smart-recovery', 'family-and-friends'] },
    { name: 'Site B', licences: ['family-and-friends'] },
  ],
};

function issue(payload: unknown) {
  return t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: payload as Record<string, unknown> });
}

/** The path and query of an absolute link, for app.inject. */
function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

function numberOf(reference: string): number {
  return Number(reference.split('-')[2]);
}

const quoteCount = async () =>
  Number((await t.database.db.selectFrom('quotes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

const quoteRow = (reference: string) => t.database.db.selectFrom('quotes').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();

describe('POST /api/v1/quotes', () => {
  it('prices a two-site quote with Section 10 fees, saves it with its lines and schedule, and numbers the next quote one higher', async () => {
    const first = await issue(TWO_SITES);
    expect(first.statusCode).toBe(201);
    const body = first.json();
    expect(body.lines.map((l: { site: string; amountPence: number }) => [l.site, l.amountPence])).toEqual([
      ['Site A', 70_000],
      ['Site A', 41_000],
      ['Site B', 70_000],
    ]);
    expect(body.totalPence).toBe(181_000);
    expect(body.priceOnRequest).toBe(false);

    const saved = await quoteRow(body.reference);
    expect(saved).toMatchObject({ total_pence: 181_000, price_on_request: false, fee_schedule_id: APRIL_2026_SCHEDULE.id, status: 'issued' });
    expect(saved.lines).toEqual(body.lines);
    expect(saved.request).toMatchObject({ organisationType: 'non-profit', sites: TWO_SITES.sites });
    // The key in the link is not stored, only its hash.
    const key = new URL(body.pdfUrl).searchParams.get('key')!;
    expect(saved.access_key_hash).toBe(hashToken(key));
    expect(JSON.stringify(saved)).not.toContain(key);

    const second = (await issue(TWO_SITES)).json();
    expect(numberOf(second.reference)).toBe(numberOf(body.reference) + 1);
    expect(second.reference.slice(0, 7)).toBe(body.reference.slice(0, 7));
  });

  it("answers exactly the issue's public API: reference, validUntil 30 days on, lines of site, description, amount and rule, total, priceOnRequest, and the PDF's address", async () => {
    const res = await issue(TWO_SITES);
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['lines', 'pdfUrl', 'priceOnRequest', 'reference', 'totalPence', 'validUntil']);
    for (const line of body.lines) expect(Object.keys(line).sort()).toEqual(['amountPence', 'description', 'rule', 'site']);
    const today = londonDate(t.clock.now());
    expect(body.reference).toMatch(QUOTE_REFERENCE_PATTERN);
    expect(body.reference.startsWith(`Q-${today.slice(0, 4)}-`)).toBe(true);
    expect(body.validUntil).toBe(addDays(today, 30));
    expect(body.lines[1]).toEqual({
      site: 'Site A',
      description: 'SMART Family & Friends licence (includes 3 facilitator training places a year)',
      amountPence: 41_000,
      rule: 'Section 10: reduced from £700.00 because this quote includes a SMART Recovery licence for this site.',
    });
    expect(body.pdfUrl).toMatch(new RegExp(`^http://partnerhub\\.test/quotes/${body.reference}\\.pdf\\?key=[A-Za-z0-9_-]{43}$`));
  });

  it('refuses SMART Veterans for an organisation that does not serve veterans with 422 rule_broken naming the rule and the field, and saves nothing', async () => {
    const before = await quoteCount();
    const res = await issue({ organisationType: 'non-profit', servesVeterans: false, sites: [{ name: 'Barracks Road', licences: ['veterans'] }] });
    expect(res.statusCode).toBe(422);
    const { error } = res.json();
    expect(error.code).toBe('rule_broken');
    expect(error.details).toEqual([
      expect.objectContaining({
        code: 'veterans_not_eligible',
        field: 'sites.0.licences',
        rule: 'Section 4: to commission the Veterans programme, organisations must already be providing services for veterans.',
      }),
    ]);
    expect(error.message).toContain('only for organisations that already provide services to veterans');
    expect(await quoteCount()).toBe(before);
  });

  it('refuses Start SMART before its launch, even for a children\'s service provider, naming Section 3', async () => {
    const res = await issue({ organisationType: 'non-profit', childrensServiceProvider: true, sites: [{ name: 'Youth hub', licences: ['start-smart'] }] });
    expect(res.statusCode).toBe(422);
    const { error } = res.json();
    expect(error.code).toBe('rule_broken');
    expect(error.details).toHaveLength(1);
    expect(error.details[0]).toMatchObject({ code: 'start_smart_not_available', field: 'sites.0.licences' });
    expect(error.details[0].rule).toMatch(/^Section 3: Start SMART is being piloted/);
  });

  it('names every rule a request breaks, each with code, rule, message and field, and uses no number for a refused quote', async () => {
    const before = numberOf((await issue(TWO_SITES)).json().reference);
    const res = await issue({
      organisationType: 'non-profit',
      sites: [
        { name: 'Barracks Road', licences: ['veterans'] },
        { name: 'Youth hub', licences: ['start-smart'] },
      ],
      training: [{ kind: 'webinar', participants: 3 }],
    });
    expect(res.statusCode).toBe(422);
    const details = res.json().error.details as Record<string, string>[];
    expect(details.map((d) => [d.code, d.field])).toEqual([
      ['veterans_not_eligible', 'sites.0.licences'],
      ['start_smart_not_available', 'sites.1.licences'],
      ['start_smart_not_eligible', 'sites.1.licences'],
      ['training_group_size', 'training.0.participants'],
    ]);
    for (const detail of details) expect(Object.keys(detail).sort()).toEqual(['code', 'field', 'message', 'rule']);
    expect(numberOf((await issue(TWO_SITES)).json().reference)).toBe(before + 1);
  });

  it('refuses a body that does not fit the schema with 422 validation_failed, naming the field', async () => {
    const res = await issue({ organisationType: 'charity', sites: [] });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ field: 'body.organisationType' })] });
  });
});

describe('price on request', () => {
  it('makes a for-profit Criminal Justice licence a £0 line priced on request, awaiting prices, with one task in the partnerships queue', async () => {
    const res = await issue({ organisationType: 'for-profit', sites: [{ name: 'Private rehab', licences: ['smart-recovery', 'criminal-justice'] }] });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.priceOnRequest).toBe(true);
    expect(body.totalPence).toBe(140_000);
    expect(body.lines[1]).toMatchObject({ site: 'Private rehab', amountPence: 0 });
    expect(body.lines[1].description).toMatch(/^SMART Criminal Justice licence .*: price on request$/);

    const saved = await quoteRow(body.reference);
    expect(saved.status).toBe('awaiting_prices');
    const tasks = await t.database.db.selectFrom('tasks').selectAll().where('subject_type', '=', 'quote').where('subject_id', '=', saved.id).execute();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: 'quote.price_on_request', inbox_code: 'partnerships', status: 'open' });
    expect(tasks[0]!.title).toContain(body.reference);

    const pdf = await t.app.inject({ method: 'GET', url: pathOf(body.pdfUrl) });
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('Lines Central Office will price');
    expect(text).toContain('Price on request');
    expect(text).toContain('Total of the priced lines £1,400.00');
  });

  it('raises no task for a quote priced in full', async () => {
    const body = (await issue(TWO_SITES)).json();
    const saved = await quoteRow(body.reference);
    const tasks = await t.database.db.selectFrom('tasks').select('id').where('subject_id', '=', saved.id).execute();
    expect(tasks).toEqual([]);
  });

  it('records the issue in the audit trail without the access key', async () => {
    const body = (await issue(TWO_SITES)).json();
    const saved = await quoteRow(body.reference);
    const audit = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'quote.issued').where('entity_id', '=', saved.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_label: 'anonymous', entity_type: 'quote' });
    expect(audit[0]!.after).toMatchObject({ reference: body.reference, totalPence: 181_000, feeScheduleId: APRIL_2026_SCHEDULE.id });
    expect(JSON.stringify(audit[0])).not.toContain(new URL(body.pdfUrl).searchParams.get('key'));
  });
});

describe('reading a quote back', () => {
  it('downloads the quotation PDF with the right key: reference, dates, each line with its rule, £-formatted amounts and the total', async () => {
    const body = (await issue({
      organisationType: 'non-profit',
      sites: [
        { name: 'Site A', licences: ['smart-recovery', 'criminal-justice'], extraTrainingPlaces: 2 },
        { name: 'Site B', licences: ['family-and-friends'] },
      ],
    })).json();
    const res = await t.app.inject({ method: 'GET', url: pathOf(body.pdfUrl) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${body.reference}.pdf"`);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const text = await pdfText(res.rawPayload);
    expect(text).toContain('Quotation');
    expect(text).toContain(`Reference ${body.reference}`);
    const today = londonDate(t.clock.now());
    expect(text).toContain(`Date of issue ${formatLongDate(today)}`);
    expect(text).toContain(`Valid until ${formatLongDate(addDays(today, 30))}`);
    expect(text).toContain('Site A £700.00');
    expect(text).toContain('Site A £1,110.00');
    expect(text).toContain('SMART Criminal Justice licence (includes 10 facilitator training places a year)');
    expect(text).toContain('Site A £240.00');
    expect(text).toContain('Site B £700.00');
    expect(text).toContain('Rule: Section 10: annual fee per site for non-profit organisations.');
    expect(text).toContain('Total £2,750.00');
    expect(text).toContain(t.config.charity.numbers);
    expect(text).toContain(t.config.charity.address);
  });

  it('answers a wrong key, no key or an unknown reference with the same 404, for the PDF and for the API', async () => {
    const body = (await issue(TWO_SITES)).json();
    const pdfPath = new URL(body.pdfUrl).pathname;
    const wrongKey = await t.app.inject({ method: 'GET', url: `${pdfPath}?key=not-the-key` });
    const noKey = await t.app.inject({ method: 'GET', url: pdfPath });
    const unknown = await t.app.inject({ method: 'GET', url: `/quotes/Q-1999-999999.pdf?key=not-the-key` });
    for (const res of [wrongKey, noKey, unknown]) {
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
    expect(wrongKey.body).toBe(unknown.body);
    expect(wrongKey.body).not.toContain(body.reference);

    const apiWrong = await t.app.inject({ method: 'GET', url: `/api/v1/quotes/${body.reference}?key=not-the-key` });
    const apiUnknown = await t.app.inject({ method: 'GET', url: '/api/v1/quotes/Q-1999-999999?key=not-the-key' });
    expect(apiWrong.statusCode).toBe(404);
    expect(apiWrong.body).toBe(apiUnknown.body);
  });

  it('gives the saved quote to the API with the right key, with its issue date and status', async () => {
    const body = (await issue(TWO_SITES)).json();
    const key = new URL(body.pdfUrl).searchParams.get('key')!;
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/quotes/${body.reference}?key=${key}` });
    expect(res.statusCode).toBe(200);
    const today = londonDate(t.clock.now());
    expect(res.json()).toEqual({ ...body, issuedOn: today, status: 'issued' });
  });
});

describe('the Quote page without JavaScript', () => {
  async function openForm() {
    const jar = new CookieJar();
    const page = await t.app.inject({ method: 'GET', url: '/quote' });
    jar.take(page);
    return { jar, csrf: formToken(page.body), html: page.body };
  }

  const twoSiteForm = {
    organisationType: 'non-profit',
    servesVeterans: 'no',
    childrensServiceProvider: 'no',
    'sites.0.name': 'Site A',
    'sites.0.extraTrainingPlaces': '2',
    'sites.1.name': 'Site B',
    'sites.1.extraTrainingPlaces': '',
    'publications.0.title': '',
    'publications.0.rrp': '',
    'publications.0.quantity': '',
  };

  /** Form fields with repeated checkboxes, as a browser sends them. */
  function formBody(fields: Record<string, string>, checkboxes: [string, string][] = []) {
    const params = new URLSearchParams(fields);
    for (const [name, value] of checkboxes) params.append(name, value);
    return params.toString();
  }

  /** Whether the page shows the input with this id ticked. */
  function checked(html: string, id: string): boolean {
    const input = new RegExp(`<input id="${id.replaceAll('.', '\\.')}"[^>]*>`).exec(html)?.[0];
    if (!input) throw new Error(`no input ${id} on the page`);
    return input.includes(' checked=""');
  }

  function post(jar: CookieJar, body: string) {
    return t.app.inject({ method: 'POST', url: '/quote', headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: body });
  }

  it('offers two site rows, a button to add another, and the script that enhances the page', async () => {
    const { html } = await openForm();
    expect(html).toContain('<h1>Get a quote</h1>');
    expect(html).toContain('id="sites.0.name"');
    expect(html).toContain('id="sites.1.name"');
    expect(html).not.toContain('id="sites.2.name"');
    expect(html).toContain('value="add-site"');
    expect(html).toContain('<script src="/static/quote.js" defer="">');
    expect(html).not.toMatch(/<script(?![^>]*src=)/);
    expect(html).not.toContain('style=');
  });

  it('adds a site row when asked, keeping everything typed and saving no quote', async () => {
    const { jar, csrf } = await openForm();
    const before = await quoteCount();
    const res = await post(jar, formBody({ _csrf: csrf, ...twoSiteForm, action: 'add-site' }, [['sites.0.licences', 'smart-recovery'], ['sites.1.satellite', 'yes']]));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="sites.2.name"');
    expect(res.body).toMatch(/id="sites\.0\.name"[^>]*value="Site A"/);
    expect(res.body).toMatch(/id="sites\.0\.extraTrainingPlaces"[^>]*value="2"/);
    expect(checked(res.body, 'sites.0.licences')).toBe(true);
    expect(checked(res.body, 'sites.0.licences-family-and-friends')).toBe(false);
    expect(checked(res.body, 'sites.1.satellite')).toBe(true);
    expect(checked(res.body, 'organisationType')).toBe(true);
    expect(await quoteCount()).toBe(before);
  });

  it('prices the form, saves a numbered quotation and shows each line with its rule, the total, the validity date and a PDF link that works', async () => {
    const { jar, csrf } = await openForm();
    const res = await post(
      jar,
      formBody({ _csrf: csrf, ...twoSiteForm, action: 'quote' }, [
        ['sites.0.licences', 'smart-recovery'],
        ['sites.0.licences', 'family-and-friends'],
        ['sites.1.licences', 'family-and-friends'],
      ]),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Your quotation</h1>');
    const reference = /Reference <strong>(Q-\d{4}-\d{6,})<\/strong>/.exec(res.body)?.[1];
    expect(reference).toBeDefined();
    const saved = await quoteRow(reference!);
    expect(saved.total_pence).toBe(70_000 + 41_000 + 24_000 + 70_000);
    for (const amount of ['£700.00', '£410.00', '£240.00', '£2,050.00']) expect(res.body).toContain(amount);
    expect(res.body).toContain('Section 10: reduced from £700.00 because this quote includes a SMART Recovery licence for this site.');
    expect(res.body).toContain('Section 10: additional online training places beyond the included allocation are £120.00 per person.');

    const link = /<a class="button" href="([^"]+)">Download quotation \(PDF\)<\/a>/.exec(res.body)?.[1]?.replaceAll('&amp;', '&');
    expect(link).toMatch(new RegExp(`^/quotes/${reference}\\.pdf\\?key=`));
    const pdf = await t.app.inject({ method: 'GET', url: link! });
    expect(pdf.statusCode).toBe(200);
    expect(await pdfText(pdf.rawPayload)).toContain('Total £2,050.00');
  });

  it('shows a field the schema refuses next to it and in the summary, keeping what was typed', async () => {
    const { jar, csrf } = await openForm();
    const res = await post(jar, formBody({ _csrf: csrf, ...twoSiteForm, 'sites.0.extraTrainingPlaces': 'two', action: 'quote' }, [['sites.0.licences', 'smart-recovery'], ['sites.1.licences', 'family-and-friends']]));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<title>Error: Get a quote');
    expect(res.body).toMatch(/<div class="error-summary"[\s\S]*href="#sites\.0\.extraTrainingPlaces">Site 1: Enter the number of extra training places as a whole number, like 2</);
    expect(res.body).toMatch(/id="sites\.0\.extraTrainingPlaces-error"><span class="visually-hidden">Error: <\/span>Site 1: Enter the number of extra training places/);
    expect(res.body).toMatch(/id="sites\.0\.extraTrainingPlaces"[^>]*value="two"/);
  });

  it("shows a broken scheme rule next to the site's licences, on the right row even when a blank row comes first", async () => {
    const { jar, csrf } = await openForm();
    const res = await post(
      jar,
      formBody({ _csrf: csrf, ...twoSiteForm, 'sites.0.name': '', 'sites.0.extraTrainingPlaces': '', 'sites.1.name': 'Barracks Road', action: 'quote' }, [['sites.1.licences', 'veterans']]),
    );
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/href="#sites\.1\.licences">Site 2: The SMART Veterans licence for &quot;Barracks Road&quot; is only for organisations/);
    expect(res.body).toContain('id="sites.1.licences-error"');
    expect(checked(res.body, 'sites.1.licences-veterans')).toBe(true);
    expect(checked(res.body, 'servesVeterans-no')).toBe(true);
  });

  it("quotes an existing SMART Recovery site adding Family & Friends at £410.00, from the site's 'already holds' boxes", async () => {
    const { jar, csrf, html } = await openForm();
    expect(html).toContain('Licences this site already holds (optional)');
    expect(html).toMatch(/<input id="sites\.0\.heldLicences" type="checkbox" name="sites\.0\.heldLicences" value="smart-recovery"/);
    const res = await post(
      jar,
      formBody({ _csrf: csrf, ...twoSiteForm, 'sites.0.extraTrainingPlaces': '', 'sites.1.name': '', action: 'quote' }, [
        ['sites.0.heldLicences', 'smart-recovery'],
        ['sites.0.licences', 'family-and-friends'],
      ]),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Section 10: reduced from £700.00 because this site already holds a SMART Recovery licence.');
    const reference = /Reference <strong>(Q-\d{4}-\d{6,})<\/strong>/.exec(res.body)![1]!;
    const saved = await quoteRow(reference);
    expect(saved.total_pence).toBe(41_000);
    expect(saved.request).toMatchObject({ sites: [{ name: 'Site A', licences: ['family-and-friends'], heldLicences: ['smart-recovery'] }] });
  });

  it('keeps the held licences ticked when the form comes back with a message', async () => {
    const { jar, csrf } = await openForm();
    const res = await post(jar, formBody({ _csrf: csrf, ...twoSiteForm, organisationType: '', action: 'quote' }, [['sites.0.heldLicences', 'smart-recovery']]));
    expect(res.statusCode).toBe(422);
    expect(checked(res.body, 'sites.0.heldLicences')).toBe(true);
    expect(checked(res.body, 'sites.0.heldLicences-veterans')).toBe(false);
  });

  it('prices 25 people for in-person training as 3 groups, or the number of groups asked for, and says expenses are extra next to the total and in the PDF', async () => {
    const held = [['sites.0.heldLicences', 'smart-recovery']] as [string, string][];
    const base = { ...twoSiteForm, 'sites.0.extraTrainingPlaces': '', 'sites.1.name': '', action: 'quote' };
    const { jar, csrf, html } = await openForm();
    expect(html).toContain('id="inPersonGroups"');
    const res = await post(jar, formBody({ _csrf: csrf, ...base, inPersonParticipants: '25' }, held));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Staff-led in-person Facilitator Training for 25 people in 3 groups');
    expect(res.body).toContain('£6,000.00');
    expect(res.body).toMatch(/<th scope="row">Total<span class="total-note">Plus staff travel and accommodation expenses for the in-person training, which this total does not include\.<\/span><\/th>/);
    const link = /<a class="button" href="([^"]+)">Download quotation \(PDF\)<\/a>/.exec(res.body)![1]!.replaceAll('&amp;', '&');
    const text = await pdfText((await t.app.inject({ method: 'GET', url: link })).rawPayload);
    expect(text).toContain('Total £6,000.00');
    expect(text.replace(/\s+/g, ' ')).toContain('Total £6,000.00 Plus staff travel and accommodation expenses for the in-person training, which this total does not include.');

    const four = await post(jar, formBody({ _csrf: csrf, ...base, webinarParticipants: '24', webinarGroups: '4' }, held));
    expect(four.body).toContain('Staff-led webinar Facilitator Training for 24 people in 4 groups');
    expect(four.body).toContain('£5,000.00');
    expect(four.body).not.toContain('total-note');

    const wrong = await post(jar, formBody({ _csrf: csrf, ...base, webinarParticipants: '13', webinarGroups: '3' }, held));
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toMatch(/href="#webinarGroups">Webinar training: 3 groups take between 18 and 36 people, not 13\. 13 people make at most 2 groups\.</);
    expect(wrong.body).toMatch(/id="webinarGroups"[^>]*value="3"/);
  });

  it('shows every problem of an empty form at once: the organisation type and the missing site, each next to its field', async () => {
    const { jar, csrf } = await openForm();
    const empty = await post(
      jar,
      formBody({ _csrf: csrf, 'sites.0.name': '', 'sites.1.name': '', 'publications.0.title': '', 'publications.0.rrp': '', 'publications.0.quantity': '', action: 'quote' }),
    );
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('href="#organisationType">Choose the type of organisation<');
    expect(empty.body).toMatch(/href="#sites">Add at least one site/);
    expect(empty.body).toContain('id="sites-error"');
  });

  it("shows the schema's messages and the site rules together, keeping what was typed", async () => {
    const { jar, csrf } = await openForm();
    const res = await post(
      jar,
      formBody({ _csrf: csrf, ...twoSiteForm, organisationType: '', 'sites.0.extraTrainingPlaces': 'two', webinarParticipants: 'ten', action: 'quote' }, [
        ['sites.1.licences', 'veterans'],
      ]),
    );
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('href="#organisationType">Choose the type of organisation<');
    expect(res.body).toContain('href="#sites.0.extraTrainingPlaces">Site 1: Enter the number of extra training places as a whole number, like 2<');
    expect(res.body).toMatch(/href="#sites\.0\.licences">Site 1: Choose at least one licence for &quot;Site A&quot;/);
    expect(res.body).toMatch(/href="#sites\.1\.licences">Site 2: The SMART Veterans licence for &quot;Site B&quot;/);
    expect(res.body).toContain('href="#webinarParticipants">Webinar training: Enter the number of people as a whole number, like 8<');
    // The number of people the schema refused gets its own message only, not a group-size one too.
    expect(res.body).not.toContain('training group has');
    expect(res.body).toMatch(/id="webinarParticipants"[^>]*value="ten"/);
    expect(res.body).toMatch(/id="sites\.0\.name"[^>]*value="Site A"/);
  });

  it('refuses a form post without the CSRF token', async () => {
    const { jar } = await openForm();
    const res = await post(jar, formBody({ ...twoSiteForm, action: 'quote' }, [['sites.0.licences', 'smart-recovery']]));
    expect(res.statusCode).toBe(403);
  });
});

describe('the Licences and fees page', () => {
  it('lists every licence type with Section 3 and Section 10 details and the fees of the schedule in force', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/licences' });
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<h1>Licences and fees</h1>');
    for (const name of ['SMART Recovery', 'SMART Family &amp; Friends', 'SMART Criminal Justice (includes InsideOut)', 'SMART Veterans', 'Start SMART', 'SMART Community', 'SMART Satellite']) {
      expect(html).toContain(`<h3>${name}</h3>`);
    }
    const card = (code: string) => new RegExp(`id="licence-${code}"[\\s\\S]*?</li>`).exec(html)?.[0] ?? '';
    expect(card('family-and-friends')).toContain('£700.00');
    expect(card('family-and-friends')).toContain('Reduced to £410.00</strong> where a SMART Recovery licence is already held');
    expect(card('family-and-friends')).toContain('£1,400.00');
    expect(card('veterans')).toContain('Reduced to £575.00');
    expect(card('criminal-justice')).toContain('£1,110.00');
    expect(card('criminal-justice')).toContain('Price on request');
    expect(card('criminal-justice')).toContain('10 per site per year');
    expect(card('start-smart')).toContain('Not yet available');
    expect(card('start-smart')).not.toContain('Price on request');
    expect(html).toContain('£120.00 per person');
    expect(html).toContain('£2,000.00 plus staff expenses');
    expect(html).toContain('£1,250.00');
    expect(html).toContain('a £12.00 handbook costs £16.00');
    expect(html).toContain('Meeting Welcome Pack');
    expect(html).toContain('href="/quote"');
    expect(html).toContain('href="/start-up-form"');
  });
});

// Last: it publishes a new schedule, which the tests above do not expect.
describe('a new fee schedule', () => {
  it('leaves an issued quote, its PDF and its saved lines at the prices it was made with, while new quotes and the Licences page use the new fees and launch', async () => {
    const old = (await issue(TWO_SITES)).json();
    const central = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
    const today = londonDate(t.clock.now());
    const next = {
      ...APRIL_2026_SCHEDULE,
      id: 'from-today',
      name: 'Fees from today',
      effectiveFrom: today,
      startSmartLaunchDate: today,
      licences: { ...APRIL_2026_SCHEDULE.licences, 'smart-recovery': { ...APRIL_2026_SCHEDULE.licences['smart-recovery'], nonProfitPence: 75_000 } },
    };
    const published = await t.app.inject({ method: 'POST', url: '/api/v1/fee-schedules', headers: central.headers(), payload: next });
    expect(published.statusCode).toBe(201);

    const fresh = (await issue(TWO_SITES)).json();
    expect(fresh.lines[0].amountPence).toBe(75_000);
    expect((await quoteRow(fresh.reference)).fee_schedule_id).toBe('from-today');

    const key = new URL(old.pdfUrl).searchParams.get('key')!;
    const reread = (await t.app.inject({ method: 'GET', url: `/api/v1/quotes/${old.reference}?key=${key}` })).json();
    expect(reread.lines).toEqual(old.lines);
    expect(reread.totalPence).toBe(181_000);
    expect((await quoteRow(old.reference)).fee_schedule_id).toBe(APRIL_2026_SCHEDULE.id);
    const text = await pdfText((await t.app.inject({ method: 'GET', url: pathOf(old.pdfUrl) })).rawPayload);
    expect(text).toContain('Site A £700.00');
    expect(text).toContain('Total £1,810.00');
    expect(text).toContain('Fees from Partnership Guidance 2026');

    const licences = (await t.app.inject({ method: 'GET', url: '/licences' })).body;
    expect(/id="licence-smart-recovery"[\s\S]*?<\/li>/.exec(licences)?.[0]).toContain('£750.00');
    // Start SMART is on sale from its launch date, at a price Central Office has yet to set.
    const startSmart = /id="licence-start-smart"[\s\S]*?<\/li>/.exec(licences)?.[0];
    expect(startSmart).toContain('Price on request');
    expect(startSmart).not.toContain('Not yet available');
  });
});

describe('the quote page and the privacy notice (decision 178)', () => {
  it('links the form to "How we use your information"', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/quote' });
    const form = res.body.slice(res.body.indexOf('<form'), res.body.indexOf('</form>'));
    expect(form).toContain('<a href="/privacy">How we use your information</a>');
  });
});
