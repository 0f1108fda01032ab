import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QUOTE_REFERENCE_PATTERN } from '../../src/domain/fees/quote-reference.js';
import { pdfText } from '../support/pdf.js';
import { type BrowserApp, BrowserPages, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, startBrowserApp, reportFailures } from './support/browser-app.js';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let t: BrowserApp;
const pages = new BrowserPages(
  () => t,
  (page, report) => {
    page.setDefaultTimeout(10_000);
    // The refused quote answers 422 on purpose.
    reportFailures(page, report, (status, pathname) => status === 422 && ['/quote', '/api/v1/quotes'].includes(pathname));
  },
);

beforeAll(async () => {
  t = await startBrowserApp();
});
afterAll(async () => t?.close());

// A script error or a Content-Security-Policy refusal (an inline script or style) fails the test.
afterEach(async () => expect(await pages.closeAll(), 'errors in the page or its console').toEqual([]));

async function freshPage(options: { javaScriptEnabled: boolean; viewport: { width: number; height: number } }): Promise<Page> {
  return pages.open({ ...options, acceptDownloads: true });
}

async function expectNoSidewaysScroll(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `page width of ${page.url()}`).toBeLessThanOrEqual(width);
}

const site = (page: Page, number: number) => page.getByRole('group', { name: `Site ${number}`, exact: true });
/** The licences to buy at a site; the licences it already holds are a second set of boxes. */
const licences = (page: Page, number: number) => site(page, number).getByRole('group', { name: 'Licences for this site', exact: true });
const heldLicences = (page: Page, number: number) => site(page, number).getByRole('group', { name: 'Licences this site already holds (optional)', exact: true });

/** Section 10 for a new non-profit partner: £700 + £410 at site A, 2 × £120 extra places there, £700 at site B. */
const EXPECTED_LINES = [
  ['Site A', 'SMART Recovery licence', '£700.00'],
  ['Site A', 'SMART Family & Friends licence', '£410.00'],
  ['Site A', '2 additional facilitator training places', '£240.00'],
  ['Site B', 'SMART Family & Friends licence', '£700.00'],
];

for (const javaScript of [false, true]) {
  for (const [screen, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    const mode = javaScript ? 'with JavaScript' : 'without JavaScript';
    describe(`a new partner gets a quote ${mode} (${screen})`, () => {
      it('reads the fees, fills two sites, fixes a broken rule, gets the £2,050.00 quote and downloads its PDF, and axe finds no violations', async () => {
        const page = await freshPage({ javaScriptEnabled: javaScript, viewport });
        const checkAxe = () => (javaScript ? expectNoAxeViolations(page) : expectNoAxeViolationsWithoutJavaScript(page));
        const formPosts: string[] = [];
        page.on('request', (request) => {
          if (request.method() === 'POST') formPosts.push(new URL(request.url()).pathname);
        });

        // Licences and fees, from the schedule in force.
        expect((await page.goto(`${t.baseUrl}/licences`))?.status()).toBe(200);
        expect(await page.locator('h1').innerText()).toBe('Licences and fees');
        const familyAndFriends = page.locator('#licence-family-and-friends');
        expect(await familyAndFriends.innerText()).toContain('£700.00');
        expect(await familyAndFriends.innerText()).toContain('Reduced to £410');
        expect(await page.locator('#licence-start-smart').innerText()).toContain('Not yet available');
        await checkAxe();
        await expectNoSidewaysScroll(page, viewport.width);

        await page.getByRole('main').getByRole('link', { name: 'Get a quote' }).first().click();
        await page.waitForURL((url) => url.pathname === '/quote');
        expect(await page.locator('h1').innerText()).toBe('Get a quote');
        await checkAxe();
        await expectNoSidewaysScroll(page, viewport.width);

        // Organisation, then two sites; site B also ticks SMART Veterans, which a non-veterans service cannot buy.
        await page.getByRole('radio', { name: 'Non-profit' }).check();
        await page.getByRole('group', { name: 'Does your organisation already provide services to veterans?' }).getByLabel('No').check();
        await page.getByRole('group', { name: "Is your organisation a children's service provider?" }).getByLabel('No').check();
        await site(page, 1).getByLabel('Site name').fill('Site A');
        await licences(page, 1).getByLabel('SMART Recovery', { exact: true }).check();
        await licences(page, 1).getByLabel('SMART Family & Friends').check();
        await site(page, 1).getByLabel('Extra facilitator training places (optional)').fill('2');
        await site(page, 2).getByLabel('Site name').fill('Site B');
        await licences(page, 2).getByLabel('SMART Family & Friends').check();
        await licences(page, 2).getByLabel('SMART Veterans').check();

        // "Add another site": a third, blank row, and nothing typed is lost.
        await page.getByRole('button', { name: 'Add another site' }).click();
        await site(page, 3).getByLabel('Site name').waitFor();
        expect(await site(page, 1).getByLabel('Site name').inputValue()).toBe('Site A');
        expect(await site(page, 1).getByLabel('Extra facilitator training places (optional)').inputValue()).toBe('2');
        expect(await licences(page, 2).getByLabel('SMART Veterans').isChecked()).toBe(true);
        expect(await site(page, 3).getByLabel('Site name').inputValue()).toBe('');
        expect(formPosts.filter((path) => path === '/quote'), 'a row added in the browser posts nothing').toHaveLength(javaScript ? 0 : 1);

        // The broken rule is shown next to site B's licences and in the summary, with everything kept.
        await page.getByRole('button', { name: 'Get quote' }).click();
        await page.locator('.error-summary').waitFor();
        expect(await page.title()).toMatch(/^Error: Get a quote/);
        expect(await page.locator('.error-summary').innerText()).toContain('The SMART Veterans licence for "Site B" is only for organisations that already provide services to veterans');
        expect(await page.locator('[id="sites.1.licences-error"]').innerText()).toContain('only for organisations that already provide services to veterans');
        expect(await site(page, 1).getByLabel('Site name').inputValue()).toBe('Site A');
        expect(await licences(page, 1).getByLabel('SMART Family & Friends').isChecked()).toBe(true);
        expect(await site(page, 1).getByLabel('Extra facilitator training places (optional)').inputValue()).toBe('2');
        expect(await licences(page, 2).getByLabel('SMART Veterans').isChecked()).toBe(true);
        expect(await site(page, 3).getByLabel('Site name').inputValue()).toBe('');
        if (javaScript) expect(formPosts.slice(-2)).toEqual(['/api/v1/quotes', '/quote']);
        await checkAxe();

        // Fixed: the quote is priced, numbered and shown with each line's rule and the total.
        await licences(page, 2).getByLabel('SMART Veterans').uncheck();
        const posted = formPosts.length;
        await page.getByRole('button', { name: 'Get quote' }).click();
        const heading = page.getByRole('heading', { name: 'Your quotation' });
        await heading.waitFor();
        expect(formPosts.slice(posted)).toEqual([javaScript ? '/api/v1/quotes' : '/quote']);
        if (javaScript) {
          // In place: focus on the result's heading, and the live region says it is ready.
          expect(new URL(page.url()).pathname).toBe('/quote');
          expect(await page.evaluate(() => document.activeElement?.id)).toBe('quote-result-heading');
          expect(await page.locator('#quote-status').innerText()).toMatch(/^Your quotation Q-\d{4}-\d{6,} is ready\. Total £2,050\.00\.$/);
          expect(await page.locator('.error-summary').count()).toBe(0);
        }

        const rows = page.locator('table.quote-lines tbody tr');
        expect(await rows.count()).toBe(EXPECTED_LINES.length);
        for (const [index, [siteName, description, amount]] of EXPECTED_LINES.entries()) {
          const row = rows.nth(index);
          expect(await row.locator('.line-site').innerText()).toBe(siteName);
          expect(await row.locator('.line-description').innerText()).toContain(description);
          expect(await row.locator('.line-rule').innerText()).toMatch(/^Section 10: /);
          expect(await row.locator('.amount').innerText()).toBe(amount);
        }
        expect(await page.locator('table.quote-lines tfoot').innerText()).toMatch(/Total\s+£2,050\.00/);
        const reference = await page.locator('p', { hasText: 'These prices hold until' }).locator('strong').first().innerText();
        expect(reference).toMatch(QUOTE_REFERENCE_PATTERN);
        await checkAxe();
        await expectNoSidewaysScroll(page, viewport.width);

        // The quotation PDF, through the link.
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download quotation (PDF)' }).click()]);
        expect(download.suggestedFilename()).toBe(`${reference}.pdf`);
        const text = await pdfText(await fs.readFile((await download.path())!));
        expect(text).toContain(`Reference ${reference}`);
        expect(text).toContain('Site A £700.00');
        expect(text).toContain('Site A £410.00');
        expect(text).toContain('Site A £240.00');
        expect(text).toContain('Site B £700.00');
        expect(text).toContain('Total £2,050.00');
      });
    });
  }
}

for (const javaScript of [false, true]) {
  const mode = javaScript ? 'with JavaScript' : 'without JavaScript';
  describe(`an existing partner gets a quote ${mode}`, () => {
    it('sees every problem of an empty form at once, then gets Family & Friends at £410.00 beside SMART Recovery held and 25 people trained in 3 groups, with expenses said to be extra next to the total', async () => {
      const page = await freshPage({ javaScriptEnabled: javaScript, viewport: DESKTOP });
      const checkAxe = () => (javaScript ? expectNoAxeViolations(page) : expectNoAxeViolationsWithoutJavaScript(page));
      await page.goto(`${t.baseUrl}/quote`);

      // Nothing filled in: the organisation type and the missing site, both in the first round.
      await page.getByRole('button', { name: 'Get quote' }).click();
      await page.locator('.error-summary').waitFor();
      const summary = await page.locator('.error-summary').innerText();
      expect(summary).toContain('Choose the type of organisation');
      expect(summary).toContain('Add at least one site');
      expect(await page.locator('#sites-error').innerText()).toContain('Add at least one site');
      await checkAxe();

      await page.getByRole('radio', { name: 'Non-profit' }).check();
      await site(page, 1).getByLabel('Site name').fill('Riverside Centre');
      await heldLicences(page, 1).getByLabel('SMART Recovery', { exact: true }).check();
      await licences(page, 1).getByLabel('SMART Family & Friends').check();
      await page.getByLabel('People for in-person training').fill('25');
      await page.getByRole('button', { name: 'Get quote' }).click();
      await page.locator('#quote-result-heading, h1:has-text("Your quotation")').first().waitFor();

      const amounts = await page.locator('table.quote-lines tbody .amount').allInnerTexts();
      expect(amounts).toEqual(['£410.00', '£6,000.00']);
      expect(await page.locator('table.quote-lines tbody .line-rule').first().innerText()).toContain('this site already holds a SMART Recovery licence');
      expect(await page.locator('table.quote-lines tbody .line-description').nth(1).innerText()).toContain('for 25 people in 3 groups');
      const total = await page.locator('table.quote-lines tfoot').innerText();
      expect(total).toContain('£6,410.00');
      expect(total).toContain('Plus staff travel and accommodation expenses for the in-person training, which this total does not include.');
      if (javaScript) expect(await page.locator('#quote-status').innerText()).toContain(', plus staff expenses for the in-person training.');
      await checkAxe();
    });
  });
}

describe('a profit-making organisation asks for Criminal Justice, with JavaScript', () => {
  it('shows the licence as price on request, the total of the priced lines and who to email, in place', async () => {
    const page = await freshPage({ javaScriptEnabled: true, viewport: DESKTOP });
    await page.goto(`${t.baseUrl}/quote`);
    await page.getByRole('radio', { name: 'Profit-making' }).check();
    await site(page, 1).getByLabel('Site name').fill('Private rehab');
    await licences(page, 1).getByLabel('SMART Recovery', { exact: true }).check();
    await licences(page, 1).getByLabel('SMART Criminal Justice (includes InsideOut)').check();
    await page.getByRole('button', { name: 'Get quote' }).click();
    await page.locator('#quote-result-heading').waitFor();

    const amounts = await page.locator('table.quote-lines tbody .amount').allInnerTexts();
    expect(amounts).toEqual(['£1,400.00', 'Price on request']);
    expect(await page.locator('table.quote-lines tfoot').innerText()).toMatch(/Total of the priced lines\s+£1,400\.00/);
    const email = page.locator('.quote-result .notice a');
    expect(await email.innerText()).toBe('partnerships@smartrecovery.org.uk');
    expect(await email.getAttribute('href')).toBe('mailto:partnerships@smartrecovery.org.uk');
    await expectNoAxeViolations(page);
  });
});

describe('the public pages on a 320 px screen', () => {
  it('do not scroll sideways: Licences and fees, and Get a quote', async () => {
    const page = await freshPage({ javaScriptEnabled: true, viewport: { width: 320, height: 640 } });
    for (const path of ['/licences', '/quote']) {
      await page.goto(`${t.baseUrl}${path}`);
      await expectNoSidewaysScroll(page, 320);
    }
  });
});
