import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { pdfText } from '../support/pdf.js';
import { type BrowserApp, BrowserPages, expectNoAxeViolations, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

let t: BrowserApp;
const pages = new BrowserPages(() => t);

beforeAll(async () => {
  t = await startBrowserApp();
});
afterAll(async () => t?.close());

afterEach(async () => expect(await pages.closeAll(), 'uncaught errors in the page').toEqual([]));

async function freshPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  return pages.open({ viewport });
}

async function h1(page: Page): Promise<string> {
  return (await page.locator('h1').innerText()).trim();
}

/** Whether the page fits the window's width, with nothing pushing it sideways. */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** A private rehab asks for a quote through the public API: SMART Recovery at £1,400.00, Criminal Justice priced on request (Section 10). */
async function askForQuote(): Promise<{ reference: string; pdfUrl: string }> {
  const res = await fetch(`${t.baseUrl}/api/v1/quotes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organisationType: 'for-profit', sites: [{ name: 'Harbour House', licences: ['smart-recovery', 'criminal-justice'] }] }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { reference: string; pdfUrl: string; priceOnRequest: boolean };
  expect(body.priceOnRequest).toBe(true);
  return body;
}

describe('Central Office prices a quote request', () => {
  it('finds the quote in its queue, corrects a mistyped price, saves the agreed price and sees it priced; axe finds no violations', async () => {
    const quote = await askForQuote();
    const page = await freshPage();
    await signInAs(page, t.baseUrl, DEMO_ACCOUNTS.find((a) => a.key === 'central')!);
    await waitForPortalPage(page);

    await page.getByRole('link', { name: 'Quote requests', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/portal/quote-requests');
    await waitForPortalPage(page);
    expect(await h1(page)).toBe('Quote requests');
    const row = page.locator('tbody tr', { has: page.getByRole('link', { name: quote.reference }) });
    const cells = await row.locator('td').allInnerTexts();
    expect(cells.slice(2)).toEqual(['Profit-making', '£1,400.00', '1', 'Awaiting prices']);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: quote.reference }).click();
    await page.waitForURL((url) => url.pathname === `/portal/quote-requests/${quote.reference}`);
    await waitForPortalPage(page);
    expect(await h1(page)).toBe(`Quotation ${quote.reference}`);
    expect(await page.locator('main').innerText()).toContain('Harbour House: SMART Recovery, SMART Criminal Justice.');
    await expectNoAxeViolations(page);

    // A mistyped amount is refused beside its field, and the field takes focus.
    const price = page.getByLabel('Agreed price in pounds: Harbour House, SMART Criminal Justice licence (includes 10 facilitator training places a year)');
    await price.fill('about 1600');
    await page.getByRole('button', { name: 'Save the prices' }).click();
    await page.locator('#price-1-error').waitFor();
    expect(await page.locator('#price-1-error').textContent()).toBe('Error: Enter the agreed price in pounds, like 1500 or 1,500.00');
    expect(await price.getAttribute('aria-invalid')).toBe('true');
    expect(await price.evaluate((input) => input === document.activeElement)).toBe(true);
    await expectNoAxeViolations(page);

    await price.fill('1,650');
    const saving = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/v1/quotes/${quote.reference}/prices`));
    await page.getByRole('button', { name: 'Save the prices' }).click();
    expect((await saving).status()).toBe(200);
    await page.getByText(`${quote.reference} is priced`).waitFor();
    expect(await page.locator('.lead').innerText()).toContain('Priced by Central Office.');
    const lines = await page.locator('table.priced-lines').innerText();
    expect(lines).toContain('£1,650.00');
    expect(lines).toMatch(/Total\s+£3,050\.00/);
    expect(await page.getByRole('button', { name: 'Save the prices' }).count()).toBe(0);
    await expectNoAxeViolations(page);

    const saved = await t.db.selectFrom('quotes').select(['id', 'status', 'total_pence', 'priced_by']).where('reference', '=', quote.reference).executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ status: 'priced', total_pence: 305_000 });
    expect(saved.priced_by).not.toBeNull();
    const task = await t.db.selectFrom('tasks').select('status').where('subject_id', '=', saved.id).executeTakeFirstOrThrow();
    expect(task.status).toBe('done');

    // The link the requester already holds now gives the agreed price.
    const pdf = await fetch(quote.pdfUrl);
    const text = await pdfText(Buffer.from(await pdf.arrayBuffer()));
    expect(text).toContain('Harbour House £1,650.00');
    expect(text).toContain('Price agreed by Central Office on');
    expect(text).toContain('Total £3,050.00');

    // The filter for priced quotes finds it, and the list and the quote read on a phone.
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(`${t.baseUrl}/portal/quote-requests`);
    await waitForPortalPage(page);
    await page.getByLabel('Show').selectOption('priced');
    await page.getByRole('button', { name: 'Show quotes' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'priced');
    await waitForPortalPage(page);
    const pricedRow = page.locator('tbody tr', { has: page.getByRole('link', { name: quote.reference }) });
    expect(await pricedRow.innerText()).toContain('Priced by Central Office');
    expect(await fitsWidth(page)).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: quote.reference }).click();
    await page.waitForURL((url) => url.pathname === `/portal/quote-requests/${quote.reference}`);
    await waitForPortalPage(page);
    expect(await page.locator('table.priced-lines').innerText()).toContain('Price agreed by Central Office on');
    expect(await fitsWidth(page)).toBe(true);
    await expectNoAxeViolations(page);
  }, 120_000);
});
