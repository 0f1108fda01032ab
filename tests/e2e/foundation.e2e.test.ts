import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { type BrowserApp, BrowserPages, demoAccount, expectNoAxeViolations, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

const PHONE = { width: 390, height: 844 };

/** The h1 each demo account's portal home page should have. */
const HOME_HEADINGS: Record<string, string> = {
  central: 'Central Office',
  coordinator: 'Your region: North West',
  'programme-lead': 'Your programme',
  'smart-lead': 'Riverside Recovery Partnership',
  'smart-lead-2': 'Northbridge Health NHS Trust',
  facilitator: 'Your facilitator record',
};

let t: BrowserApp;
const pages = new BrowserPages(() => t);

beforeAll(async () => {
  t = await startBrowserApp();
});
afterAll(async () => t?.close());

// A script error in the page fails the test that caused it, even if the page still looked right.
afterEach(async () => expect(await pages.closeAll(), 'uncaught errors in the page').toEqual([]));

/** A fresh browser context (no cookies, no storage) and a page in it. */
async function freshPage(options: BrowserContextOptions = {}): Promise<Page> {
  return pages.open(options);
}

async function h1(page: Page): Promise<string> {
  return (await page.locator('h1').innerText()).trim();
}

describe('public pages are accessible', () => {
  for (const [name, viewport] of [['desktop', undefined], ['phone', PHONE]] as const) {
    it(`axe finds no violations on the home page (${name})`, async () => {
      const page = await freshPage(viewport ? { viewport } : {});
      const response = await page.goto(`${t.baseUrl}/`);
      expect(response?.status()).toBe(200);
      expect(await h1(page)).toBe('UK SMART Recovery Partner Hub');
      await expectNoAxeViolations(page);
    });

    it(`axe finds no violations on the sign-in page (${name})`, async () => {
      const page = await freshPage(viewport ? { viewport } : {});
      const response = await page.goto(`${t.baseUrl}/sign-in`);
      expect(response?.status()).toBe(200);
      expect(await h1(page)).toBe('Sign in to Partner Hub');
      await expectNoAxeViolations(page);
    });
  }
});

describe('each demo account signs in and sees its home page', () => {
  it('has an expected home page heading for every demo account', () => {
    expect(Object.keys(HOME_HEADINGS).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.key).sort());
  });

  for (const demo of DEMO_ACCOUNTS) {
    it(`${demo.label} signs in through the form, lands on the portal home "${HOME_HEADINGS[demo.key]}", and axe finds no violations`, async () => {
      const page = await freshPage();
      await signInAs(page, t.baseUrl, demo);
      expect(new URL(page.url()).pathname).toBe('/portal/');
      await waitForPortalPage(page);
      expect(await h1(page)).toBe(HOME_HEADINGS[demo.key]);
      await expectNoAxeViolations(page);
    });
  }
});

describe('portal tables reflow on a narrow phone', () => {
  it('does not scroll sideways at 320 px on the organisations list or the audit trail', async () => {
    const page = await freshPage({ viewport: { width: 320, height: 640 } });
    await signInAs(page, t.baseUrl, demoAccount('central'));
    for (const path of ['/portal/organisations', '/portal/audit']) {
      await page.goto(`${t.baseUrl}${path}`);
      await waitForPortalPage(page);
      await page.locator('table tbody tr').first().waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `page width of ${path}`).toBeLessThanOrEqual(320);
    }
  });
});

describe('a SMART Lead and another organisation', () => {
  it("shows Organisation not found for another organisation's page, after a 404 from the API, and audits the refusal", async () => {
    const lead = demoAccount('smart-lead');
    const user = await t.db.selectFrom('users').select('id').where('email', '=', lead.email).executeTakeFirstOrThrow();
    const northbridge = await t.db.selectFrom('organisations').select('id').where('name', '=', 'Northbridge Health NHS Trust').executeTakeFirstOrThrow();
    const refusals = () =>
      t.db
        .selectFrom('audit_events')
        .select(['id', 'actor_user_id', 'entity_type', 'entity_id'])
        .where('action', '=', 'organisation.read_refused')
        .where('actor_user_id', '=', user.id)
        .where('entity_id', '=', northbridge.id)
        .execute();
    expect(await refusals()).toEqual([]);

    const page = await freshPage();
    await signInAs(page, t.baseUrl, lead);
    const apiAnswer = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/organisations/${northbridge.id}`);
    await page.goto(`${t.baseUrl}/portal/organisations/${northbridge.id}`);
    expect((await apiAnswer).status()).toBe(404);
    await waitForPortalPage(page);
    expect(await h1(page)).toBe('Organisation not found');
    await expect(page.getByText('Northbridge', { exact: false }).count()).resolves.toBe(0);

    const events = await refusals();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_user_id: user.id, entity_type: 'organisation', entity_id: northbridge.id });
  });
});

describe('signing out', () => {
  it('returns to the home page, and the portal then redirects to sign-in', async () => {
    const page = await freshPage();
    await signInAs(page, t.baseUrl, demoAccount('smart-lead'));
    await waitForPortalPage(page);

    await page.getByRole('button', { name: /^Sign out/ }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(await h1(page)).toBe('UK SMART Recovery Partner Hub');
    expect(await page.getByRole('link', { name: 'Your portal' }).count()).toBe(0);

    const response = await page.goto(`${t.baseUrl}/portal/`);
    const landed = new URL(page.url());
    expect(landed.pathname).toBe('/sign-in');
    expect(landed.searchParams.get('next')).toBe('/portal/');
    expect(response?.request().redirectedFrom()?.url()).toBe(`${t.baseUrl}/portal/`);
    expect(await h1(page)).toBe('Sign in to Partner Hub');
  });
});

describe('a wrong password', () => {
  it('shows the error next to the email field, keeps the typed email, and axe finds no violations', async () => {
    const page = await freshPage();
    const email = demoAccount('facilitator').email;
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill('not-the-password');
    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect((await answer).status()).toBe(401);
    await page.waitForLoadState();

    const field = page.getByLabel('Email address');
    expect(await field.inputValue()).toBe(email);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const message = page.locator('#email-error');
    expect(await message.innerText()).toContain('The email address or password is not right');
    expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain('email-error');
    // "Next to": the message sits in the email field's own group, just before the input.
    expect(await page.locator('.field.field-error:has(#email) #email-error').count()).toBe(1);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    await expectNoAxeViolations(page);
  });
});
