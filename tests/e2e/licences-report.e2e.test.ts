import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { loadConfig } from '../../src/server/env.js';
import { runRenewals } from '../../src/server/modules/renewals/renewals.service.js';
import { type BrowserApp, expectNoAxeViolations, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

let app: BrowserApp;
const central = DEMO_ACCOUNTS.find((a) => a.role === 'central_office')!;

beforeAll(async () => {
  app = await startBrowserApp();
  // The demo's prison licence ended on 30 September 2026: a run on 24 November lapses it.
  await runRenewals({ db: app.db, config: loadConfig({ NODE_ENV: 'test' }), now: () => new Date('2026-11-24T09:00:00Z') }, { today: '2026-11-24' });
});
afterAll(async () => app?.close());

describe("Central Office's licences view", () => {
  it('shows the licences in operation, filters to the lapsed one, and offers the same list as CSV', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    await signInAs(page, app.baseUrl, central);
    await page.goto(`${app.baseUrl}/portal/licences`);
    await waitForPortalPage(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Licences');
    // Demo: Riverside 3, Northbridge 1, Forward March 2, Brighter Paths 1, Harbourview 1 in operation; HMP Eastmoor lapsed.
    expect(await page.locator('.card').filter({ hasText: 'licences in operation' }).getByRole('heading').textContent()).toBe('8');
    expect(await page.locator('.card').filter({ hasText: 'lapsed' }).getByRole('heading').textContent()).toBe('1');
    await expectNoAxeViolations(page);

    await page.getByLabel('Status').selectOption('lapsed');
    await page.getByRole('button', { name: 'Show licences' }).click();
    await page.getByRole('status').filter({ hasText: /^1 licence\./ }).waitFor();
    expect(await page.getByRole('table', { name: 'Licences found' }).textContent()).toContain('HMP Eastmoor');
    const href = await page.getByRole('link', { name: 'Download these as CSV' }).getAttribute('href');
    const csv = await page.request.get(`${app.baseUrl}${href}`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('Licence,Status,Programme,Organisation,Organisation type,Site,Region,Starts,Ends');
    expect(text).toContain('HMP Eastmoor,non-profit,HMP Eastmoor Healthcare Unit,The Midlands & London');
    expect(text.trim().split('\r\n')).toHaveLength(2);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
