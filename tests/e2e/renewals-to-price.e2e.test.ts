import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, londonDate } from '../../src/domain/iso-date.js';
import { loadConfig } from '../../src/server/env.js';
import { runRenewals } from '../../src/server/modules/renewals/renewals.service.js';
import { type BrowserApp, BrowserPages, demoAccount, expectNoAxeViolations, openPortalMenu, signInAs, startBrowserApp, waitForPortalPage, reportFailures } from './support/browser-app.js';

/** Central Office prices a renewal the renewal run left out, from its task (decisions 156, 174). */

const TODAY = londonDate(new Date());
const ENDS_ON = addDays(TODAY, 50);

let t: BrowserApp;
let licenceNumber = '';
const pages = new BrowserPages(
  () => t,
  // A refusal of the price (422) is shown beside its field; nothing else may fail.
  (page, report) => reportFailures(page, report, (status, pathname) => status === 422 && pathname.endsWith('/renewal-invoice')),
);

beforeAll(async () => {
  t = await startBrowserApp();
  // An invented corporate organisation whose licence came in from the old records (decision 136):
  // priced on request and never invoiced, so today's run leaves it to Central Office.
  const org = await t.db
    .insertInto('organisations')
    .values({ name: 'Harbourline Care Group', organisation_type: 'corporate', sector_code: 'treatment-service', region_code: 'north-west' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const site = await t.db
    .insertInto('sites')
    .values({ organisation_id: org.id, name: 'Harbourline Preston', address: '4 Dockside Row, Preston', postcode: 'PR1 8BU', nation_code: 'england', region_code: 'north-west' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db.insertInto('users').values({ email: 'sam.harbour@people.partnerhub.test', name: 'Sam Harbour', role: 'smart_lead', organisation_id: org.id, status: 'active' }).execute();
  licenceNumber = 'UKSR-SR-2024-771204';
  await t.db
    .insertInto('licences')
    .values({ number: licenceNumber, organisation_id: org.id, site_id: site.id, licence_type: 'smart-recovery', starts_on: addDays(ENDS_ON, -364), ends_on: ENDS_ON, source: 'import', issued_by_invoice_id: null })
    .execute();
  const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://127.0.0.1' });
  await runRenewals({ db: t.db, config, now: () => new Date() }, { today: TODAY });
});
afterAll(async () => t?.close());
afterEach(async () => expect(await pages.closeAll(), 'errors in the page or its console').toEqual([]));

async function open(page: Page, path: string) {
  await signInAs(page, t.baseUrl, demoAccount('central'));
  await page.goto(`${t.baseUrl}${path}`);
  await waitForPortalPage(page);
}

describe('renewals to price', () => {
  it('Central Office enters the agreed price, sees what to fix beside the field, and the renewal invoice is issued once', async () => {
    const page = await pages.open({ viewport: { width: 390, height: 844 } });
    await open(page, '/portal/');
    await openPortalMenu(page);
    await page.getByRole('link', { name: 'Renewals to price' }).click();
    await waitForPortalPage(page);
    expect((await page.locator('h1').innerText()).trim()).toBe('Renewals to price');
    const card = page.locator('.card', { hasText: licenceNumber });
    await card.getByRole('heading', { name: `SMART Recovery licence ${licenceNumber}: Harbourline Care Group` }).waitFor();
    await expectNoAxeViolations(page);

    const form = page.getByRole('form', { name: `Price the renewal of licence ${licenceNumber}` });
    const amount = form.getByLabel('Agreed annual price in pounds');
    await form.getByRole('button', { name: 'Price and invoice the renewal' }).click();
    await form.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await form.locator('.error-message').allTextContents()).toEqual(['Error: Enter the agreed annual price in pounds, like 2500 or 2,500.00']);
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);

    await amount.fill('0');
    await form.getByRole('button', { name: 'Price and invoice the renewal' }).click();
    await form.locator('.error-message', { hasText: 'Enter a price of more than £0.00' }).waitFor();
    await amount.fill('75,000');
    await form.getByRole('button', { name: 'Price and invoice the renewal' }).click();
    await form.locator('.error-message', { hasText: 'Enter at most £50,000.00 for one licence' }).waitFor();
    await expectNoAxeViolations(page);

    await amount.fill('2,750.00');
    await form.getByLabel('Purchase order number (optional)').fill('PO-HCG-2207');
    // A double click asks once more for the same invoice: never two.
    await form.getByRole('button', { name: 'Price and invoice the renewal' }).dblclick();
    const notice = page.locator('.notice', { hasText: 'Renewal invoice INV-' });
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/Renewal invoice INV-\d{6} for £2,750\.00 is issued to Harbourline Care Group\./);
    await card.waitFor({ state: 'detached' });
    await expectNoAxeViolations(page);

    const invoices = await t.db
      .selectFrom('invoices')
      .innerJoin('organisations as o', 'o.id', 'invoices.organisation_id')
      .select(['invoices.total_pence', 'invoices.po_number', 'invoices.kind'])
      .where('o.name', '=', 'Harbourline Care Group')
      .execute();
    expect(invoices).toEqual([{ total_pence: 275_000, po_number: 'PO-HCG-2207', kind: 'renewal' }]);
  });
});
