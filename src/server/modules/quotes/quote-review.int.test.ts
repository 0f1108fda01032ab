import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatLongDate, londonDate } from '../../../domain/iso-date.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn, type TestUser } from '../../../../tests/support/factories.js';
import { pdfText } from '../../../../tests/support/pdf.js';
import { agreeQuotePrices } from './quote-review.service.js';

let t: TestApp;
let centralUser: TestUser;
let central: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  centralUser = await createUser(t.database.db, { role: 'central_office' });
  central = await signIn(t.app, centralUser);
});
afterAll(async () => t?.close());
afterEach(() => t.clock.reset());

const db = () => t.database.db;

/** A private rehab: SMART Recovery at the published £1,400.00, Criminal Justice priced on request (Section 10). */
const FOR_PROFIT_CRIMINAL_JUSTICE = { organisationType: 'for-profit', sites: [{ name: 'Harbour House', licences: ['smart-recovery', 'criminal-justice'] }] };
/**
 * A corporate partnership: both licences on request (Section 10: tailored pricing), and publications
 * at their RRP, £1,250.00 (staff-led training is on request too for a corporate partnership: decision 177).
 */
const CORPORATE = {
  organisationType: 'corporate',
  sites: [{ name: 'Head office', licences: ['smart-recovery', 'family-and-friends'] }],
  publications: [{ title: 'SMART Recovery Handbook', rrpPence: 1_250, quantity: 100, coBranded: false }],
};
const NON_PROFIT = { organisationType: 'non-profit', sites: [{ name: 'Canal Street', licences: ['smart-recovery'] }] };

interface Issued {
  reference: string;
  pdfUrl: string;
  validUntil: string;
}

async function issue(payload: unknown): Promise<Issued> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: payload as Record<string, unknown> });
  if (res.statusCode !== 201) throw new Error(`issuing answered ${res.statusCode}: ${res.body}`);
  return res.json();
}

/** The path and query of an absolute link, for app.inject. */
const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;

const get = (url: string, as: SignedIn = central) => t.app.inject({ method: 'GET', url, headers: as.headers() });
const post = (url: string, payload: unknown, as: SignedIn = central) => t.app.inject({ method: 'POST', url, headers: as.headers(), payload: payload as Record<string, unknown> });
const review = async (reference: string) => (await get(`/api/v1/quotes/${reference}/review`)).json();
const pricesOf = (reference: string, version: number, prices: { line: number; amountPence: number }[]) => post(`/api/v1/quotes/${reference}/prices`, { version, prices });

async function quoteRow(reference: string) {
  return db().selectFrom('quotes').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
}

async function tasksOf(reference: string) {
  const { id } = await quoteRow(reference);
  return db().selectFrom('tasks').select(['kind', 'status', 'closed_by', 'closed_at']).where('subject_type', '=', 'quote').where('subject_id', '=', id).execute();
}

async function auditOf(reference: string) {
  const { id } = await quoteRow(reference);
  return db().selectFrom('audit_events').selectAll().where('entity_type', '=', 'quote').where('entity_id', '=', id).orderBy('at').orderBy('id').execute();
}

async function pdfOf(quote: Issued): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: pathOf(quote.pdfUrl) });
  expect(res.statusCode).toBe(200);
  return pdfText(res.rawPayload);
}

describe("Central Office's list of quote requests", () => {
  it('lists quotes awaiting prices with reference, issue date, organisation type, total, lines to price and status, and not quotes priced in full', async () => {
    const waiting = await issue(FOR_PROFIT_CRIMINAL_JUSTICE);
    const published = await issue(NON_PROFIT);
    const res = await get('/api/v1/quotes?status=awaiting_prices');
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json();
    expect(total).toBe(items.length);
    expect(items.find((i: { reference: string }) => i.reference === waiting.reference)).toEqual({
      reference: waiting.reference,
      issuedOn: londonDate(t.clock.now()),
      validUntil: waiting.validUntil,
      organisationType: 'for-profit',
      totalPence: 140_000,
      unpricedLines: 1,
      status: 'awaiting_prices',
    });
    expect(items.some((i: { reference: string }) => i.reference === published.reference)).toBe(false);
    expect(items.every((i: { status: string }) => i.status === 'awaiting_prices')).toBe(true);

    const issued = (await get('/api/v1/quotes?status=issued')).json().items;
    expect(issued.find((i: { reference: string }) => i.reference === published.reference)).toMatchObject({ status: 'issued', unpricedLines: 0, totalPence: 70_000 });
    expect(issued.some((i: { reference: string }) => i.reference === waiting.reference)).toBe(false);
  });

  it('puts the longest-waiting quote first in the queue', async () => {
    const first = await issue(CORPORATE);
    const second = await issue(FOR_PROFIT_CRIMINAL_JUSTICE);
    const references = (await get('/api/v1/quotes?status=awaiting_prices&limit=200')).json().items.map((i: { reference: string }) => i.reference);
    expect(references.indexOf(first.reference)).toBeLessThan(references.indexOf(second.reference));
  });

  it('refuses a status that does not exist with 422 naming the field', async () => {
    const res = await get('/api/v1/quotes?status=lost');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0]).toMatchObject({ field: 'querystring.status' });
  });
});

describe('one quote request for review', () => {
  it('gives Central Office, without the key, the whole request as asked, every line with what it needs pricing, the version and the fee schedule', async () => {
    const quote = await issue(CORPORATE);
    const res = await get(`/api/v1/quotes/${quote.reference}/review`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      reference: quote.reference,
      status: 'awaiting_prices',
      version: 1,
      issuedOn: londonDate(t.clock.now()),
      validUntil: quote.validUntil,
      feeSchedule: { id: 'april-2026', name: 'Partnership Guidance 2026' },
      request: CORPORATE,
      totalPence: 125_000,
      unpricedLines: 2,
      pricedAt: null,
      pricedBy: null,
    });
    expect(body.lines.map((l: Record<string, unknown>) => [l.index, l.site, l.priceOnRequest, l.amountPence, l.agreedOn])).toEqual([
      [0, 'Head office', true, null, null],
      [1, 'Head office', true, null, null],
      [2, null, false, 125_000, null],
    ]);
    expect(body.lines[0].description).toBe('SMART Recovery licence (includes 6 facilitator training places a year): price on request');
    expect(body.lines[0].rule).toMatch(/^Section 10: corporate partnerships have tailored pricing/);
    expect(JSON.stringify(body)).not.toContain(new URL(quote.pdfUrl).searchParams.get('key'));
  });

  it('answers an unknown reference with 404 not_found', async () => {
    const res = await get('/api/v1/quotes/Q-1999-999999/review');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect((await pricesOf('Q-1999-999999', 1, [{ line: 0, amountPence: 1 }])).statusCode).toBe(404);
  });
});

describe('pricing the lines priced on request', () => {
  it('prices a for-profit Criminal Justice licence: the quote is priced, the total updates, the task closes and the audit trail has before and after', async () => {
    const quote = await issue(FOR_PROFIT_CRIMINAL_JUSTICE);
    expect(await tasksOf(quote.reference)).toEqual([expect.objectContaining({ kind: 'quote.price_on_request', status: 'open' })]);

    const res = await pricesOf(quote.reference, 1, [{ line: 1, amountPence: 165_000 }]);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'priced', version: 2, totalPence: 305_000, unpricedLines: 0, pricedBy: expect.stringContaining(`(${centralUser.email})`) });
    expect(body.lines[1]).toMatchObject({ priceOnRequest: true, amountPence: 165_000, agreedOn: londonDate(t.clock.now()) });
    expect(new Date(body.pricedAt).toString()).not.toBe('Invalid Date');

    const row = await quoteRow(quote.reference);
    expect(row).toMatchObject({ status: 'priced', total_pence: 305_000, version: 2, priced_by: centralUser.id });
    // The issued lines are kept as they were issued; the agreed price sits beside them.
    expect((row.lines as { amountPence: number }[])[1]!.amountPence).toBe(0);
    expect(row.agreed_prices).toEqual([{ line: 1, amountPence: 165_000, agreedOn: londonDate(t.clock.now()) }]);

    expect(await tasksOf(quote.reference)).toEqual([expect.objectContaining({ kind: 'quote.price_on_request', status: 'done', closed_by: centralUser.id })]);

    const audit = await auditOf(quote.reference);
    expect(audit.map((a) => a.action)).toEqual(['quote.issued', 'quote.prices_agreed']);
    expect(audit[1]).toMatchObject({ actor_user_id: centralUser.id, actor_label: centralUser.email });
    expect(audit[1]!.before).toMatchObject({ reference: quote.reference, version: 1, status: 'awaiting_prices', totalPence: 140_000, agreedPrices: [] });
    expect(audit[1]!.after).toMatchObject({ version: 2, status: 'priced', totalPence: 305_000, agreedPrices: [{ line: 1, amountPence: 165_000 }] });

    const priced = (await get('/api/v1/quotes?status=priced&limit=200')).json().items;
    expect(priced.find((i: { reference: string }) => i.reference === quote.reference)).toMatchObject({ status: 'priced', totalPence: 305_000, unpricedLines: 0 });
    expect((await get('/api/v1/quotes?status=awaiting_prices&limit=200')).json().items.some((i: { reference: string }) => i.reference === quote.reference)).toBe(false);
  });

  it('keeps a corporate quote awaiting prices while a line has no price, then prices it when the last line is agreed', async () => {
    const quote = await issue(CORPORATE);
    const partly = await pricesOf(quote.reference, 1, [{ line: 0, amountPence: 250_000 }]);
    expect(partly.statusCode).toBe(200);
    expect(partly.json()).toMatchObject({ status: 'awaiting_prices', version: 2, totalPence: 375_000, unpricedLines: 1, pricedAt: null, validUntil: quote.validUntil });
    expect(await tasksOf(quote.reference)).toEqual([expect.objectContaining({ status: 'open' })]);

    // The requester's PDF already shows the agreed line, and still says the other waits.
    const partText = await pdfOf(quote);
    expect(partText).toContain('Head office £2,500.00');
    expect(partText).toContain('Total of the priced lines £3,750.00');
    expect(partText).toContain('Lines Central Office will price');

    const rest = await pricesOf(quote.reference, 2, [{ line: 1, amountPence: 120_000 }]);
    expect(rest.json()).toMatchObject({ status: 'priced', version: 3, totalPence: 495_000, unpricedLines: 0 });
    expect(rest.json().lines.map((l: { amountPence: number }) => l.amountPence)).toEqual([250_000, 120_000, 125_000]);
    expect(await tasksOf(quote.reference)).toEqual([expect.objectContaining({ status: 'done', closed_by: centralUser.id })]);
    const audit = await auditOf(quote.reference);
    expect(audit.map((a) => [a.action, (a.after as { status: string }).status])).toEqual([
      ['quote.issued', 'awaiting_prices'],
      ['quote.prices_agreed', 'awaiting_prices'],
      ['quote.prices_agreed', 'priced'],
    ]);
  });

  it('lets a line agreed earlier be changed until the quote is priced, and refuses any change once it is', async () => {
    const quote = await issue(CORPORATE);
    await pricesOf(quote.reference, 1, [{ line: 0, amountPence: 200_000 }]);
    const changed = await pricesOf(quote.reference, 2, [
      { line: 0, amountPence: 210_000 },
      { line: 1, amountPence: 90_000 },
    ]);
    expect(changed.json()).toMatchObject({ status: 'priced', totalPence: 425_000 });

    const again = await pricesOf(quote.reference, 3, [{ line: 0, amountPence: 1 }]);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'conflict', message: expect.stringContaining('is already priced') });
    expect((await review(quote.reference)).totalPence).toBe(425_000);
  });

  it('shows the agreed price in the PDF the requester already holds: the amount, that Central Office agreed it, and the new total', async () => {
    const quote = await issue(FOR_PROFIT_CRIMINAL_JUSTICE);
    const before = await pdfOf(quote);
    expect(before).toContain('Price on request');
    expect(before).toContain('Total of the priced lines £1,400.00');

    expect((await pricesOf(quote.reference, 1, [{ line: 1, amountPence: 165_000 }])).statusCode).toBe(200);
    const today = formatLongDate(londonDate(t.clock.now()));
    const text = await pdfOf(quote);
    expect(text).toContain('Harbour House £1,400.00');
    expect(text).toContain('Harbour House £1,650.00');
    expect(text).toContain('SMART Criminal Justice licence (includes 10 facilitator training places a year)');
    expect(text).toContain(`Price agreed by Central Office on ${today}`);
    expect(text).toContain('Prices agreed by Central Office');
    expect(text).toContain(`Prices agreed ${today}`);
    expect(text).toContain('Total £3,050.00');
    expect(text).not.toContain('Price on request');
    expect(text).not.toContain('Total of the priced lines');
    expect(text).not.toContain('Lines Central Office will price');

    // The API the key opens says the same.
    const key = new URL(quote.pdfUrl).searchParams.get('key')!;
    const api = (await t.app.inject({ method: 'GET', url: `/api/v1/quotes/${quote.reference}?key=${key}` })).json();
    expect(api).toMatchObject({ status: 'priced', totalPence: 305_000, priceOnRequest: false });
    expect(api.lines[1]).toEqual({
      site: 'Harbour House',
      description: 'SMART Criminal Justice licence (includes 10 facilitator training places a year)',
      amountPence: 165_000,
      rule: expect.stringMatching(new RegExp(`^Price agreed by Central Office on ${today}\\. Section 10:`)),
    });
  });

  it('refuses a line with a published fee, a line the quote does not have and a line given twice, with 422 naming each, and changes nothing', async () => {
    const quote = await issue(FOR_PROFIT_CRIMINAL_JUSTICE);
    const res = await pricesOf(quote.reference, 1, [
      { line: 0, amountPence: 1 },
      { line: 7, amountPence: 1 },
      { line: 1, amountPence: 100_000 },
      { line: 1, amountPence: 120_000 },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('rule_broken');
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toEqual(['prices.0.line', 'prices.1.line', 'prices.3.line']);
    expect(res.json().error.details[0].message).toContain('has a published fee (Section 10)');
    expect(await review(quote.reference)).toMatchObject({ status: 'awaiting_prices', version: 1, totalPence: 140_000, unpricedLines: 1 });
    expect((await auditOf(quote.reference)).map((a) => a.action)).toEqual(['quote.issued']);
  });

  it('refuses an out-of-date version with 412, a quote priced in full when issued with 409, and a negative amount with 422', async () => {
    const quote = await issue(CORPORATE);
    // Version 2 is not what the quote is at (1): someone else's change, or a made-up one.
    const stale = await pricesOf(quote.reference, 2, [{ line: 0, amountPence: 1 }]);
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error).toMatchObject({ code: 'precondition_failed', details: { currentVersion: 1 } });

    const published = await issue(NON_PROFIT);
    const nothingToPrice = await pricesOf(published.reference, 1, [{ line: 0, amountPence: 1 }]);
    expect(nothingToPrice.statusCode).toBe(409);
    expect(nothingToPrice.json().error.message).toContain('every fee in it is published');

    const negative = await pricesOf(quote.reference, 1, [{ line: 0, amountPence: -100 }]);
    expect(negative.statusCode).toBe(422);
    expect(negative.json().error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ field: 'body.prices.0.amountPence' })] });
    expect(await review(quote.reference)).toMatchObject({ version: 1, totalPence: 125_000 });
  });
});

describe('only Central Office sees and prices quote requests', () => {
  it('refuses the list, the review and the prices to anonymous visitors, Coordinators, SMART Leads and facilitators, changing nothing', async () => {
    const quote = await issue(FOR_PROFIT_CRIMINAL_JUSTICE);
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
        { method: 'GET' as const, url: '/api/v1/quotes?status=awaiting_prices' },
        { method: 'GET' as const, url: `/api/v1/quotes/${quote.reference}/review` },
        { method: 'POST' as const, url: `/api/v1/quotes/${quote.reference}/prices`, payload: { version: 1, prices: [{ line: 1, amountPence: 1 }] } },
      ];
      for (const request of requests) {
        const res = await t.app.inject({ ...request, headers });
        expect(res.statusCode, `${who}: ${request.method} ${request.url}`).toBe(as ? 403 : 401);
        expect(res.body).not.toContain(quote.reference);
      }
    }
    expect(await review(quote.reference)).toMatchObject({ status: 'awaiting_prices', version: 1, totalPence: 140_000 });
    expect(await tasksOf(quote.reference)).toEqual([expect.objectContaining({ status: 'open' })]);
  });
});

// Last: it moves the clock on 40 days.
describe('a quote priced after its 30 days', () => {
  it('holds it for 30 days from the day it is priced, and records the new date in the audit trail', async () => {
    const quote = await issue(FOR_PROFIT_CRIMINAL_JUSTICE);
    t.clock.advance(40 * 24 * 60 * 60 * 1000);
    const today = londonDate(t.clock.now());
    expect(quote.validUntil < today).toBe(true);
    // Through the service: a session signed in 40 days ago has long ended, and a new sign-in's code follows the real clock.
    const priced = await agreeQuotePrices(t.deps, { userId: centralUser.id, label: centralUser.email }, quote.reference, { version: 1, prices: [{ line: 1, amountPence: 165_000 }] });
    expect(priced).toMatchObject({ status: 'priced', validUntil: addDays(today, 30) });
    expect(await pdfOf(quote)).toContain(`Valid until ${formatLongDate(addDays(today, 30))}`);
    const audit = await auditOf(quote.reference);
    expect(audit[1]!.before).toMatchObject({ validUntil: quote.validUntil });
    expect(audit[1]!.after).toMatchObject({ validUntil: addDays(today, 30) });
  });
});
