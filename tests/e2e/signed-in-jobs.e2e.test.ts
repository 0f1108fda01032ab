import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, BrowserPages, demoAccount, expectNoAxeViolations, openPortalMenu, reportFailures, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

/** Defects found walking through the signed-in jobs of the guidance as each role, at a phone's width and a desktop's. */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let t: BrowserApp;
const pages = new BrowserPages(
  () => t,
  (page, report) => {
    page.setDefaultTimeout(10_000);
    // The payment and hand-over refusals below are what the tests make happen.
    // So is a SMART Lead's missing facilitator record (their own record, asked for by the portal).
    reportFailures(
      page,
      report,
      (status, pathname) =>
        (status === 422 && (pathname.endsWith('/payments') || pathname.endsWith('/smart-lead'))) || (status === 404 && pathname === '/api/v1/facilitators/me'),
    );
  },
);

beforeAll(async () => {
  t = await startBrowserApp();
});
afterAll(async () => t?.close());
afterEach(async () => expect(await pages.closeAll(), 'errors in the page or its console').toEqual([]));

describe('training progress', () => {
  it('offers the training import only to Central Office, who can open it; a Coordinator is not sent to a page they cannot reach', async () => {
    const coordinator = await pages.open({ viewport: PHONE });
    await signInAs(coordinator, t.baseUrl, demoAccount('coordinator'));
    await coordinator.goto(`${t.baseUrl}/portal/training/people`);
    await waitForPortalPage(coordinator);
    expect(await coordinator.locator('h1').innerText()).toBe('Facilitator training progress');
    expect(await coordinator.locator('main a[href="/portal/training/import"]').count()).toBe(0);

    const central = await pages.open({ viewport: DESKTOP });
    await signInAs(central, t.baseUrl, demoAccount('central'));
    await central.goto(`${t.baseUrl}/portal/training/people`);
    await waitForPortalPage(central);
    await central.getByRole('link', { name: "import the online training platform's export" }).click();
    await central.waitForURL((url) => url.pathname === '/portal/training/import');
    await waitForPortalPage(central);
    expect(await central.locator('h1').innerText()).not.toBe('Page not found');
  }, 90_000);
});

describe('recording a payment', () => {
  it('shows what the server refuses beside the field, in words, with what was typed kept', async () => {
    const page = await pages.open({ viewport: PHONE });
    await signInAs(page, t.baseUrl, demoAccount('central'));
    await page.goto(`${t.baseUrl}/portal/invoices`);
    await waitForPortalPage(page);
    await page.getByRole('link', { name: 'INV-000007' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/portal/invoices/'));
    await waitForPortalPage(page);

    // No payment reference: the message is beside the Payment reference field, not a bare "not valid".
    await page.getByLabel('Amount (£)').fill('250.00');
    await page.getByRole('button', { name: 'Record payment' }).click();
    const reference = page.getByLabel('Payment reference');
    await page.locator('#reference-error').waitFor();
    expect(await page.locator('#reference-error').innerText()).toContain('Enter the payment reference');
    expect(await reference.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.error-summary').innerText()).not.toContain('Some of the details are not valid');
    expect(await page.getByLabel('Amount (£)').inputValue()).toBe('250.00');
    await expectNoAxeViolations(page);

    // More than is outstanding: said beside the amount, and the reference typed is kept.
    await reference.fill('BACS 20261124');
    await page.getByLabel('Amount (£)').fill('9000.00');
    await page.getByRole('button', { name: 'Record payment' }).click();
    await page.locator('#amount-error').waitFor();
    expect(await page.locator('#amount-error').innerText()).toContain('£700.00');
    expect(await reference.inputValue()).toBe('BACS 20261124');

    await page.getByLabel('Amount (£)').fill('250.00');
    await page.getByRole('button', { name: 'Record payment' }).click();
    await page.getByText('Payment recorded.').waitFor();
    expect(await page.locator('main').innerText()).toContain('£450.00');
  }, 90_000);
});

describe('dates people enter in the portal', () => {
  it('asks for a date with the browser’s date field (shown in the person’s own form, like 24/11/2026), never for YYYY-MM-DD typed as text', async () => {
    const page = await pages.open({ viewport: PHONE, locale: 'en-GB' });
    await signInAs(page, t.baseUrl, demoAccount('central'));
    await page.goto(`${t.baseUrl}/portal/contributions`);
    await waitForPortalPage(page);
    await page.getByRole('link', { name: 'Chapel Allerton Community SMART' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/portal/contributions/'));
    await waitForPortalPage(page);
    expect(await page.locator('main').innerText()).not.toContain('YYYY-MM-DD');
    const given = page.getByLabel('Date given', { exact: true });
    expect(await given.getAttribute('type')).toBe('date');
    await given.fill('2026-11-01');
    await page.getByLabel('Amount in pounds (for example 12.50)').fill('12.50');
    await page.getByLabel('Room hire', { exact: true }).check();
    await page.getByRole('button', { name: 'Record the contribution' }).click();
    await page.getByText('£12.50 given on 1 November 2026 is recorded.').waitFor();

    await page.goto(`${t.baseUrl}/portal/meeting-surveys/rates`);
    await waitForPortalPage(page);
    expect(await page.locator('main').innerText()).not.toContain('YYYY-MM-DD');
    for (const label of ['Meetings from', 'Meetings to']) expect(await page.getByLabel(label, { exact: true }).getAttribute('type')).toBe('date');

    await page.goto(`${t.baseUrl}/portal/training/people`);
    await waitForPortalPage(page);
    await page.locator('main ul a').first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/portal/training/people/'));
    await waitForPortalPage(page);
    expect(await page.locator('main').innerText()).not.toMatch(/for example \d{4}-\d{2}-\d{2}/);
  }, 90_000);
});

describe('handing over the SMART Lead role', () => {
  it('a SMART Lead hands the role to a qualified facilitator from the Facilitators page, told beside the field when they choose someone who cannot take it', async () => {
    const page = await pages.open({ viewport: PHONE });
    await signInAs(page, t.baseUrl, demoAccount('smart-lead'));
    await waitForPortalPage(page);
    await openPortalMenu(page);
    await page.getByRole('link', { name: 'Facilitators', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/portal/facilitators');
    await waitForPortalPage(page);
    const who = page.getByLabel('Who takes over?');
    // Not themselves: the list is the organisation's other facilitators.
    expect(await who.locator('option').allInnerTexts()).not.toContain('Jordan Whitcombe');
    const button = page.getByRole('button', { name: 'Hand over the SMART Lead role' });

    await button.click();
    expect(await page.locator('#handover-facilitator-error').innerText()).toContain('Choose who takes over as SMART Lead');

    // Imogen Trelawney has no Partner Hub account yet.
    await who.selectOption({ label: 'Imogen Trelawney' });
    await button.click();
    await page.locator('#handover-facilitator-error').getByText('They need an active account first').waitFor();
    expect(await who.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);

    await who.selectOption({ label: 'Sam Idowu-Marsh' });
    await button.click();
    await page.getByText('Sam Idowu-Marsh is now the SMART Lead').waitFor();
    const roles = await t.db
      .selectFrom('users')
      .select(['email', 'role'])
      .where('email', 'in', [demoAccount('smart-lead').email, demoAccount('facilitator').email])
      .orderBy('email')
      .execute();
    expect(roles).toEqual([
      { email: demoAccount('facilitator').email, role: 'smart_lead' },
      { email: demoAccount('smart-lead').email, role: 'facilitator' },
    ]);
  }, 90_000);
});

describe('wide tables on a phone', () => {
  it('a Coordinator can reach every sideways-scrolling table of the reports, the map and an organisation by keyboard, and axe finds no violations', async () => {
    const page = await pages.open({ viewport: PHONE });
    await signInAs(page, t.baseUrl, demoAccount('coordinator'));
    for (const link of ['Reports', 'Network map']) {
      await page.goto(`${t.baseUrl}/portal/`);
      await waitForPortalPage(page);
      await openPortalMenu(page);
      await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: link, exact: true }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/portal/reports'));
      await waitForPortalPage(page);
      const regions = page.locator('.table-scroll');
      expect(await regions.count()).toBeGreaterThan(0);
      for (const region of await regions.all()) {
        expect(await region.getAttribute('tabindex')).toBe('0');
        expect(await region.getAttribute('role')).toBe('region');
        expect(await region.getAttribute('aria-label')).toBeTruthy();
      }
      await expectNoAxeViolations(page);
    }
    await page.goto(`${t.baseUrl}/portal/`);
    await waitForPortalPage(page);
    await page.getByRole('link', { name: 'Riverside Recovery Partnership' }).first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/portal/workspace/organisations/'));
    await waitForPortalPage(page);
    await expectNoAxeViolations(page);
  }, 120_000);
});

/** Words in the page's table cells that the browser broke across lines, letter by letter ("Organisa/tion"). */
async function wordsBrokenInTables(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    for (const cell of document.querySelectorAll('main td, main th')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const word of text.matchAll(/[A-Za-z£0-9,.]{2,}/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          if ([...range.getClientRects()].filter((r) => r.width > 0).length > 1) broken.push(word[0]);
        }
      }
    }
    return broken;
  });
}

describe('lists on a phone', () => {
  it('shows each row of the main lists as a block of labelled values, no word broken letter by letter and nothing wider than the screen', async () => {
    const central = await pages.open({ viewport: PHONE });
    await signInAs(central, t.baseUrl, demoAccount('central'));
    const lead = await pages.open({ viewport: PHONE });
    // Not Riverside's lead, who may have handed the role over in the test above.
    await signInAs(lead, t.baseUrl, demoAccount('smart-lead-2'));
    const visits: [Page, string][] = [
      [central, '/portal/invoices'],
      [central, '/portal/licences'],
      [central, '/portal/organisations'],
      [central, '/portal/facilitators'],
      [central, '/portal/start-up-forms?status=all'],
      [lead, '/portal/organisations'],
      [lead, '/portal/facilitators'],
    ];
    for (const [page, path] of visits) {
      await page.goto(`${t.baseUrl}${path}`);
      await waitForPortalPage(page);
      expect(await wordsBrokenInTables(page), path).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), path).toBe(true);
    }
  }, 120_000);
});

describe('record pages on a phone', () => {
  it('shows the tables of a facilitator record, training progress, a volunteer, the audit trail, an invoice, contributions and a workspace organisation in whole words, nothing wider than the screen', async () => {
    const central = await pages.open({ viewport: PHONE });
    await signInAs(central, t.baseUrl, demoAccount('central'));
    const checked = await t.db.selectFrom('safeguarding_checks').select('facilitator_id').limit(1).executeTakeFirstOrThrow();
    const invoice = await t.db.selectFrom('invoices').select('id').where('number', '=', 7).executeTakeFirstOrThrow();
    const riverside = await t.db.selectFrom('organisations').select('id').where('name', '=', 'Riverside Recovery Partnership').executeTakeFirstOrThrow();
    const paths = [
      `/portal/facilitators/${checked.facilitator_id}`,
      '/portal/audit',
      `/portal/invoices/${invoice.id}`,
      '/portal/contributions',
      `/portal/workspace/organisations/${riverside.id}`,
    ];
    const check = async (path: string) => {
      expect(await central.locator('main table').count(), path).toBeGreaterThan(0);
      expect(await wordsBrokenInTables(central), path).toEqual([]);
      expect(await central.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), path).toBe(true);
    };
    for (const path of paths) {
      await central.goto(`${t.baseUrl}${path}`);
      await waitForPortalPage(central);
      await check(path);
    }
    // Training progress and a volunteer's stages, reached from their lists.
    for (const [list, item] of [
      ['/portal/training/people', '/portal/training/people/'],
      ['/portal/volunteers', '/portal/volunteers/'],
    ] as const) {
      await central.goto(`${t.baseUrl}${list}`);
      await waitForPortalPage(central);
      await central.locator(`main a[href^="${item}"]`).first().click();
      await central.waitForURL((url) => url.pathname.startsWith(item));
      await waitForPortalPage(central);
      await check(new URL(central.url()).pathname);
    }
    await expectNoAxeViolations(central);
  }, 120_000);
});

describe('the portal menu on a phone', () => {
  it("folds Central Office's menu behind a Menu button so the page starts on the first screen; the button opens and closes it by keyboard", async () => {
    const page = await pages.open({ viewport: PHONE });
    await signInAs(page, t.baseUrl, demoAccount('central'));
    await page.goto(`${t.baseUrl}/portal/invoices`);
    await waitForPortalPage(page);
    const nav = page.getByRole('navigation', { name: 'Portal' });
    // Named "Menu" alone: the arrow drawn after it is not read out.
    const toggle = nav.getByRole('button', { name: 'Menu', exact: true });
    const audit = nav.getByRole('link', { name: 'Audit trail' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await audit.isVisible()).toBe(false);
    const heading = await page.locator('main h1').boundingBox();
    expect(heading!.y).toBeLessThan(200);
    const size = await toggle.boundingBox();
    expect(Math.min(size!.width, size!.height)).toBeGreaterThanOrEqual(24);
    await expectNoAxeViolations(page);

    // Keyboard: Tab from the skip link to the brand and the button, Enter opens, Tab reaches the links, Escape closes and keeps focus on the button.
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await audit.isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Home');
    await expectNoAxeViolations(page);
    await page.keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Menu');
    await page.keyboard.press('Space');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await audit.click();
    await page.waitForURL((url) => url.pathname === '/portal/audit');
    await waitForPortalPage(page);
    // A new page starts with the menu folded again, and names the page it is on.
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await openPortalMenu(page);
    expect(await audit.getAttribute('aria-current')).toBe('page');

    const desktop = await pages.open({ viewport: DESKTOP });
    await signInAs(desktop, t.baseUrl, demoAccount('central'));
    await waitForPortalPage(desktop);
    const wide = desktop.getByRole('navigation', { name: 'Portal' });
    expect(await wide.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    expect(await wide.getByRole('link', { name: 'Audit trail' }).isVisible()).toBe(true);
  }, 90_000);
});

describe("an organisation's map in the workspace", () => {
  it('draws the part of the map around its places, not the whole UK, across the width of a phone', async () => {
    const page = await pages.open({ viewport: PHONE });
    await signInAs(page, t.baseUrl, demoAccount('coordinator'));
    const riverside = await t.db.selectFrom('organisations').select('id').where('name', '=', 'Riverside Recovery Partnership').executeTakeFirstOrThrow();
    await page.goto(`${t.baseUrl}/portal/workspace/organisations/${riverside.id}`);
    await waitForPortalPage(page);
    const svg = page.locator('main .network-map-svg');
    const box = await svg.boundingBox();
    // The main column is 390 px less 1rem each side: the map takes it all.
    expect(box!.width).toBeGreaterThanOrEqual(350);
    const centres = await page.locator('main .network-map-svg .map-point').evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }),
    );
    expect(centres.length).toBeGreaterThan(1);
    const spread = Math.max(Math.max(...centres.map((c) => c.x)) - Math.min(...centres.map((c) => c.x)), Math.max(...centres.map((c) => c.y)) - Math.min(...centres.map((c) => c.y)));
    // Fitted to the places, they spread across the map instead of sitting in one dot.
    expect(spread).toBeGreaterThan(box!.width / 4);
    await expectNoAxeViolations(page);
  }, 90_000);
});

describe('a person reading their own record', () => {
  it('tells a SMART Lead with no facilitator record who adds it, and speaks to a facilitator checking their eligibility as "you"', async () => {
    const leadAccount = demoAccount('smart-lead-2');
    // Rowan Castellane without a facilitator record: their record's email is set aside for this test.
    const record = await t.db.selectFrom('facilitators').select(['id', 'email']).where('email', '=', leadAccount.email).executeTakeFirst();
    if (record) await t.db.updateTable('facilitators').set({ email: 'set.aside@people.partnerhub.test' }).where('id', '=', record.id).execute();
    try {
      const lead = await pages.open({ viewport: PHONE });
      await signInAs(lead, t.baseUrl, leadAccount);
      await lead.goto(`${t.baseUrl}/portal/my-record`);
      await waitForPortalPage(lead);
      const text = await lead.locator('main').innerText();
      expect(text).toContain('You have no facilitator record yet.');
      expect(text).not.toContain('Your SMART Lead');
      expect(text).toContain('Central Office');
    } finally {
      if (record) await t.db.updateTable('facilitators').set({ email: record.email }).where('id', '=', record.id).execute();
    }

    const facilitator = await pages.open({ viewport: PHONE });
    await signInAs(facilitator, t.baseUrl, demoAccount('facilitator'));
    await facilitator.goto(`${t.baseUrl}/portal/my-record`);
    await waitForPortalPage(facilitator);
    await facilitator.getByRole('heading', { name: 'May you facilitate?' }).waitFor();
    await facilitator.getByRole('button', { name: 'Check eligibility' }).click();
    const answer = facilitator.locator('.eligibility-answer');
    await answer.locator('p').first().waitFor();
    const said = await answer.innerText();
    expect(said).not.toMatch(/\bthey may\b/);
    if (said.startsWith('Eligible')) expect(said).toContain('Eligible: you may facilitate this programme');
    await expectNoAxeViolations(facilitator);
  }, 90_000);
});
