import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { type BrowserApp, BrowserPages, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, signInAs, startBrowserApp, waitForPortalPage, reportFailures } from './support/browser-app.js';

/** The contact form and the partner directory without JavaScript, and a SMART Lead or Central Office ordering co-branded publications (decisions 130–133). */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
// The smallest valid PNG header and a little more: the server checks the first bytes.
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01]);

let t: BrowserApp;
const pages = new BrowserPages(
  () => t,
  (page, report) => {
    page.setDefaultTimeout(10_000);
    reportFailures(page, report, (status, pathname) => status === 422 && pathname === '/contact');
  },
);

beforeAll(async () => {
  t = await startBrowserApp();
});
afterAll(async () => t?.close());
afterEach(async () => expect(await pages.closeAll(), 'errors in the page or its console').toEqual([]));

async function freshPage(options: { javaScriptEnabled: boolean; viewport: { width: number; height: number } }): Promise<Page> {
  return pages.open(options);
}

describe('the privacy notice and the accessibility statement (decision 178)', () => {
  it('are reached from the footer of a public page and of the portal, and axe finds no violations', async () => {
    const page = await freshPage({ javaScriptEnabled: true, viewport: PHONE });
    await page.goto(`${t.baseUrl}/contact`);
    await expect(page.getByText('0330 053 6022').isVisible()).resolves.toBe(true);
    await page.locator('footer').getByRole('link', { name: 'Privacy' }).click();
    await page.getByRole('heading', { level: 1, name: 'How we use your information' }).waitFor();
    await expectNoAxeViolations(page);
    await page.locator('footer').getByRole('link', { name: 'Accessibility' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accessibility statement for Partner Hub' }).waitFor();
    await expectNoAxeViolations(page);

    await page.setViewportSize(DESKTOP);
    await signInAs(page, t.baseUrl, DEMO_ACCOUNTS.find((a) => a.key === 'smart-lead')!);
    await waitForPortalPage(page);
    await expectNoAxeViolations(page);
    await page.locator('footer').getByRole('link', { name: 'Privacy' }).click();
    await page.getByRole('heading', { level: 1, name: 'How we use your information' }).waitFor();
  });
});

describe('the contact form without JavaScript', () => {
  it('shows what to fix with everything typed kept, then sends the message to the right inbox', async () => {
    const page = await freshPage({ javaScriptEnabled: false, viewport: PHONE });
    await page.goto(`${t.baseUrl}/contact`);
    await expectNoAxeViolationsWithoutJavaScript(page);

    await page.getByRole('radio', { name: 'Support in my area (we pass it to your Community Coordinator)' }).check();
    await page.getByLabel('Your name').fill('Quinn Harlowe');
    await page.getByLabel('Your email address').fill('quinn.harlowe@people.partnerhub.test');
    await page.getByLabel('Your message').fill('Is there a meeting near Preston on weekday evenings?');
    await page.getByRole('button', { name: 'Send message' }).click();
    await expect(page.getByRole('heading', { name: 'There is a problem' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('Enter your postcode so we can find your Community Coordinator').first().isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Your message').inputValue()).resolves.toBe('Is there a meeting near Preston on weekday evenings?');
    await expectNoAxeViolationsWithoutJavaScript(page);

    await page.getByLabel('Your postcode (optional)').fill('PR1 8BU');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByRole('heading', { name: 'Message sent' }).waitFor();
    await expect(page.getByText('your Community Coordinator').isVisible()).resolves.toBe(true);
    await expectNoAxeViolationsWithoutJavaScript(page);

    const message = await t.db.selectFrom('contact_messages').select(['routed_to', 'region_code']).where('email', '=', 'quinn.harlowe@people.partnerhub.test').executeTakeFirstOrThrow();
    const coordinator = DEMO_ACCOUNTS.find((a) => a.key === 'coordinator')!;
    expect(message).toEqual({ routed_to: coordinator.email, region_code: 'north-west' });
  });
});

describe('the partner directory', () => {
  it('lists an organisation that agreed, and filters with a plain GET form without JavaScript', async () => {
    await t.db.updateTable('organisations').set({ listed_in_directory: true }).where('name', '=', 'Riverside Recovery Partnership').execute();
    const page = await freshPage({ javaScriptEnabled: false, viewport: PHONE });
    await page.goto(`${t.baseUrl}/partners`);
    await page.getByRole('heading', { name: 'Riverside Recovery Partnership' }).waitFor();
    await expect(page.getByRole('heading', { name: 'Northbridge Health NHS Trust' }).count()).resolves.toBe(0);
    await expectNoAxeViolationsWithoutJavaScript(page);

    await page.getByLabel('Region').selectOption('scotland');
    await page.getByRole('button', { name: 'Show partners' }).click();
    await page.waitForURL((url) => url.searchParams.get('region') === 'scotland');
    await expect(page.getByRole('heading', { name: 'Riverside Recovery Partnership' }).count()).resolves.toBe(0);
    await expectNoAxeViolationsWithoutJavaScript(page);
  });
});

describe('co-branded publications', () => {
  it('a SMART Lead orders publications with their logo and the order is invoiced at the RRP plus one third', async () => {
    const page = await freshPage({ javaScriptEnabled: true, viewport: DESKTOP });
    await signInAs(page, t.baseUrl, DEMO_ACCOUNTS.find((a) => a.key === 'smart-lead')!);
    await page.goto(`${t.baseUrl}/portal/publications`);
    await waitForPortalPage(page);
    await page.getByRole('heading', { name: 'Place an order' }).waitFor();
    await expectNoAxeViolations(page);

    // Without a logo the form says so, next to the field.
    await page.getByLabel('SMART Recovery Handbook').fill('10');
    await page.getByRole('button', { name: 'Place the order' }).click();
    await page.getByRole('link', { name: 'Choose your logo file' }).waitFor();
    await expectNoAxeViolations(page);

    await page.getByLabel('Your organisation’s logo').setInputFiles({ name: 'riverside-logo.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Place the order' }).click();
    await page.getByText(/Order placed: invoice INV-\d{6} for £160\.00/).waitFor();
    await page.getByText('SMART Recovery Handbook: 10 × £16.00 = £160.00').waitFor();
    await expectNoAxeViolations(page);

    const invoice = await t.db
      .selectFrom('publication_orders as o')
      .innerJoin('invoices as i', 'i.id', 'o.invoice_id')
      .select(['i.total_pence'])
      .orderBy('o.created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(invoice.total_pence).toBe(16_000);
  });
  it('Central Office chooses the organisation and orders for it; the invoice is that organisation’s', async () => {
    const page = await freshPage({ javaScriptEnabled: true, viewport: PHONE });
    await signInAs(page, t.baseUrl, DEMO_ACCOUNTS.find((a) => a.key === 'central')!);
    await page.goto(`${t.baseUrl}/portal/publications`);
    await waitForPortalPage(page);
    await page.getByRole('heading', { name: 'Place an order' }).waitFor();
    await page.getByLabel('SMART Recovery Handbook').fill('5');
    await page.getByLabel('The organisation’s logo').setInputFiles({ name: 'northbridge-logo.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Place the order' }).click();
    await page.getByRole('link', { name: 'Choose the organisation' }).waitFor();
    await expect(page.getByLabel('SMART Recovery Handbook').inputValue()).resolves.toBe('5');
    await expectNoAxeViolations(page);

    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Northbridge Health NHS Trust' });
    await page.getByRole('button', { name: 'Place the order' }).click();
    await page.getByText(/Order placed: invoice INV-\d{6} for £80\.00 is on its way to Northbridge Health NHS Trust’s finance contact/).waitFor();
    const order = await t.db
      .selectFrom('publication_orders as o')
      .innerJoin('invoices as i', 'i.id', 'o.invoice_id')
      .innerJoin('organisations as org', 'org.id', 'i.organisation_id')
      .select(['org.name', 'i.total_pence'])
      .orderBy('o.created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(order).toEqual({ name: 'Northbridge Health NHS Trust', total_pence: 8_000 });
  });
});

describe('edits carry the version they were read at (decision 157)', () => {
  it('a SMART Lead saves the partner-directory listing twice in a row: each save sends the version the last one answered with', async () => {
    const page = await freshPage({ javaScriptEnabled: true, viewport: PHONE });
    await signInAs(page, t.baseUrl, DEMO_ACCOUNTS.find((a) => a.key === 'smart-lead')!);
    await page.goto(`${t.baseUrl}/portal/partner-directory`);
    await waitForPortalPage(page);
    const box = page.getByLabel('The organisation agreed to be listed in the public partner directory');
    await box.waitFor();
    const before = await box.isChecked();
    await box.setChecked(!before);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(before ? 'Saved: the organisation is not listed.' : 'Saved: the organisation is listed while it holds a licence in force.').waitFor();
    await box.setChecked(before);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(before ? 'Saved: the organisation is listed while it holds a licence in force.' : 'Saved: the organisation is not listed.').waitFor();
    await expectNoAxeViolations(page);
    const row = await t.db.selectFrom('organisations').select(['listed_in_directory']).where('name', '=', 'Riverside Recovery Partnership').executeTakeFirstOrThrow();
    expect(row.listed_in_directory).toBe(before);
  });

  it('Central Office records a corporate partnership and then changes it from the same page', async () => {
    await t.db.insertInto('organisations').values({ name: 'Halden Freight Group plc', organisation_type: 'corporate', sector_code: 'residential', region_code: 'north-west' }).execute();
    const page = await freshPage({ javaScriptEnabled: true, viewport: DESKTOP });
    await signInAs(page, t.baseUrl, DEMO_ACCOUNTS.find((a) => a.key === 'central')!);
    await page.goto(`${t.baseUrl}/portal/corporate-partnerships`);
    await waitForPortalPage(page);
    const fill = async (terms: string) => {
      await page.getByLabel('Corporate organisation').selectOption({ label: 'Halden Freight Group plc' });
      await page.getByLabel('Account manager').selectOption({ index: 1 });
      await page.getByLabel('Terms agreed').fill(terms);
      await page.getByLabel('Starts on').fill('2026-04-01');
      await page.getByLabel('Additional training place (per person)').fill('90.00');
      await page.getByRole('button', { name: 'Save the partnership' }).click();
    };
    await fill('Staff wellbeing across the group.');
    await page.getByText('Saved the corporate partnership with Halden Freight Group plc.').waitFor();
    await page.getByText('Staff wellbeing across the group.', { exact: true }).waitFor();
    await fill('Staff wellbeing across the group, with two events a year.');
    await page.getByText('Staff wellbeing across the group, with two events a year.', { exact: true }).waitFor();
    await expectNoAxeViolations(page);
    const row = await t.db
      .selectFrom('corporate_partnerships as p')
      .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
      .select(['p.terms', 'p.version'])
      .where('o.name', '=', 'Halden Freight Group plc')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ terms: 'Staff wellbeing across the group, with two events a year.', version: 2 });
  });
});
