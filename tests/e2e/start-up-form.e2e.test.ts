import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { type BrowserApp, BrowserPages, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

const PHONE = { width: 390, height: 844 };
const REFERENCE = /SUF-\d{4}-\d{6}/;

let t: BrowserApp;
const pages = new BrowserPages(() => t);
/** References submitted by the runs below, for Central Office to find in its queue. */
const submitted: string[] = [];

beforeAll(async () => {
  t = await startBrowserApp();
});
afterAll(async () => t?.close());

afterEach(async () => expect(await pages.closeAll(), 'uncaught errors in the page').toEqual([]));

/** Pages whose context has JavaScript disabled. */
const noScript = new WeakSet<Page>();

async function freshPage(options: BrowserContextOptions = {}): Promise<Page> {
  const page = await pages.open(options);
  if (options.javaScriptEnabled === false) noScript.add(page);
  return page;
}

async function h1(page: Page): Promise<string> {
  return (await page.locator('h1').innerText()).trim();
}

/** Presses a button that posts the step and expects to land on the next step. */
async function continueTo(page: Page, path: string, button = 'Continue'): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForURL((url) => url.pathname === path);
  await page.locator('h1').waitFor();
}

/** Presses a button whose post answers with the same page again (a mistake, "Add another site"), and gives the status. */
async function postSamePage(page: Page, button: string): Promise<number> {
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith('/start-up-form'));
  await page.getByRole('button', { name: button, exact: true }).click();
  const status = (await answer).status();
  await page.waitForLoadState();
  return status;
}

/** axe on the page itself, or, with JavaScript off (where axe cannot run), on a copy of its markup (decision 022). */
async function checkAxe(page: Page): Promise<void> {
  return noScript.has(page) ? expectNoAxeViolationsWithoutJavaScript(page) : expectNoAxeViolations(page);
}

async function onStep(page: Page, heading: string): Promise<void> {
  expect(await h1(page)).toBe(heading);
  await checkAxe(page);
}

/** A new partner goes through every step, makes one mistake and fixes it, and submits. */
async function completeTheForm(page: Page): Promise<string> {
  await page.goto(`${t.baseUrl}/start-up-form`);
  await onStep(page, 'Apply to become a partner organisation');
  await continueTo(page, '/start-up-form/organisation', 'Start now');

  // Step 1, with a postcode typed wrongly.
  await onStep(page, 'Your organisation');
  await page.getByLabel('Organisation name', { exact: true }).fill('Larkfield Recovery Collective');
  await page.getByLabel('Non-profit', { exact: true }).check();
  await page.getByLabel('What kind of service does your organisation provide?').selectOption('treatment-service');
  await page.getByLabel('Charity or company number (optional)').fill('1190099');
  await page.getByLabel('Address', { exact: true }).fill('4 Canal Wharf\nLancaster');
  await page.getByLabel('Postcode', { exact: true }).fill('LA1 XYZ');
  await page.getByRole('group', { name: 'Does your organisation already provide services to veterans?' }).getByLabel('No').check();
  await page.getByRole('group', { name: "Is your organisation a children's service provider?" }).getByLabel('No').check();
  expect(await postSamePage(page, 'Continue')).toBe(422);
  await page.locator('.error-summary').waitFor();
  expect(await page.title()).toMatch(/^Error: /);
  const postcode = page.getByLabel('Postcode', { exact: true });
  expect(await postcode.inputValue()).toBe('LA1 XYZ');
  expect(await postcode.getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('#organisation-postcode-error').innerText()).toContain('Enter a UK postcode, like PR1 8BU');
  // Next to the field: the message is in the postcode's own field group, just before the input.
  expect(await page.locator('.field.field-error:has(#organisation-postcode) #organisation-postcode-error').count()).toBe(1);
  expect(await page.getByLabel('Organisation name', { exact: true }).inputValue()).toBe('Larkfield Recovery Collective');
  await checkAxe(page);
  await page.getByRole('link', { name: 'Enter a UK postcode, like PR1 8BU' }).click();
  await postcode.fill('LA1 1AA');
  await continueTo(page, '/start-up-form/contacts');

  // Step 2.
  await onStep(page, 'Key contacts');
  await page.getByLabel("SMART Lead's full name").fill('Avery Quinlan');
  await page.getByLabel("SMART Lead's email address").fill('avery.quinlan@people.partnerhub.test');
  await page.getByLabel("SMART Lead's job title").fill('Recovery Services Manager');
  await page.getByLabel('No, they will complete the SMART Facilitator training').check();
  await page.getByLabel("Finance contact's name").fill('Larkfield Accounts');
  await page.getByLabel("Finance contact's email address").fill('accounts@larkfield.example');
  await continueTo(page, '/start-up-form/sites');

  // Step 3: a main site, and a satellite added with "Add another site".
  await onStep(page, 'Your sites');
  await page.getByLabel('Site 1 name').fill('Larkfield Hub');
  await page.getByLabel('Site 1 address').fill('4 Canal Wharf, Lancaster');
  await page.getByLabel('Site 1 postcode').fill('LA1 1AA');
  expect(await postSamePage(page, 'Add another site')).toBe(200);
  await page.getByLabel('Site 2 name').waitFor();
  expect(await page.getByLabel('Site 1 name').inputValue()).toBe('Larkfield Hub');
  await page.getByLabel('Site 2 name').fill('Larkfield Drop-in');
  await page.getByLabel('Site 2 address').fill('9 Market Street, Morecambe');
  await page.getByLabel('Site 2 postcode').fill('LA4 5AA');
  await page.getByRole('group', { name: 'Site 2' }).getByLabel('This site is a satellite premises').check();
  await checkAxe(page);
  await continueTo(page, '/start-up-form/licences');

  // Step 4: licences per site, with the prices from the schedule in force.
  await onStep(page, 'Licences for each site');
  const hub = page.getByRole('group', { name: 'Licences for Larkfield Hub' });
  await hub.getByLabel('SMART Recovery', { exact: true }).check();
  await hub.getByLabel('SMART Family & Friends', { exact: true }).check();
  await page.getByRole('group', { name: 'Licences for Larkfield Drop-in (satellite premises)' }).getByLabel('SMART Satellite', { exact: true }).check();
  expect(await postSamePage(page, 'Update the prices')).toBe(200);
  const prices = page.locator('table.priced-lines');
  await prices.waitFor();
  expect(await prices.innerText()).toContain('£1,290.00');
  expect(await prices.innerText()).toContain('Section 10: reduced from £700.00');
  await checkAxe(page);
  await continueTo(page, '/start-up-form/purchase');

  // Step 5, with the quotation the partner was given: first mistyped, then as issued.
  await onStep(page, 'Purchase order');
  await page.getByLabel('Yes, I have a purchase order number').check();
  await page.getByLabel('Purchase order number', { exact: true }).fill('PO-55120');
  const quoteReference = await issueQuote();
  const reference = page.getByLabel('Quotation reference (optional)');
  await reference.fill('Q-1999-999999');
  expect(await postSamePage(page, 'Continue')).toBe(422);
  await page.locator('.error-summary').waitFor();
  expect(await page.locator('.field.field-error:has(#purchase-quoteReference) #purchase-quoteReference-error').innerText()).toContain(
    'We have no quotation with this reference',
  );
  expect(await reference.inputValue()).toBe('Q-1999-999999');
  expect(await page.getByLabel('Purchase order number', { exact: true }).inputValue()).toBe('PO-55120');
  await checkAxe(page);
  await reference.fill(quoteReference);
  await continueTo(page, '/start-up-form/declarations');

  // Step 6.
  await onStep(page, 'Declarations');
  for (const box of await page.getByRole('checkbox').all()) await box.check();
  await continueTo(page, '/start-up-form/check-answers');

  // Step 7: check and submit.
  await onStep(page, 'Check your answers before you submit');
  expect(await page.locator('main').innerText()).toContain('Larkfield Drop-in');
  expect(await page.locator('main').innerText()).toContain(quoteReference);
  await continueTo(page, '/start-up-form/submitted', 'Submit the form');

  await onStep(page, 'Start-Up Form submitted');
  const formReference = (await page.locator('.reference').innerText()).trim();
  expect(formReference).toMatch(REFERENCE);
  expect(await page.locator('main').innerText()).toContain('avery.quinlan@people.partnerhub.test and accounts@larkfield.example');
  const row = await t.db.selectFrom('start_up_forms').select(['status', 'total_pence']).where('reference', '=', formReference).executeTakeFirstOrThrow();
  expect(row).toEqual({ status: 'submitted', total_pence: 129_000 });
  return formReference;
}

/** The quotation the partner asked for before raising its purchase order (Section 6 step 1A). */
async function issueQuote(): Promise<string> {
  const answer = await fetch(`${t.baseUrl}/api/v1/quotes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      organisationType: 'non-profit',
      sites: [
        { name: 'Larkfield Hub', licences: ['smart-recovery', 'family-and-friends'] },
        { name: 'Larkfield Drop-in', satellite: true, licences: ['satellite'] },
      ],
    }),
  });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { reference: string }).reference;
}

describe('a new partner completes the Start-Up Form', () => {
  const runs = [
    { name: 'with JavaScript disabled', options: { javaScriptEnabled: false } },
    { name: 'with JavaScript enabled', options: { javaScriptEnabled: true } },
    { name: 'on a 390 × 844 phone, with JavaScript disabled', options: { javaScriptEnabled: false, viewport: PHONE } },
  ];
  for (const run of runs) {
    it(`${run.name}: every step, a mistake fixed on the way, submitted with a reference, and axe finds no violations`, async () => {
      const page = await freshPage(run.options);
      submitted.push(await completeTheForm(page));
    }, 180_000);
  }
});

describe("Central Office's queue", () => {
  it('Central Office signs in with its code, finds the form in the queue, opens it and accepts it; axe finds no violations', async () => {
    expect(submitted.length).toBeGreaterThan(0);
    const reference = submitted[0]!;
    const page = await freshPage();
    await signInAs(page, t.baseUrl, DEMO_ACCOUNTS.find((a) => a.key === 'central')!);
    await waitForPortalPage(page);
    await page.getByRole('link', { name: 'Start-Up Forms', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/portal/start-up-forms');
    await waitForPortalPage(page);
    expect(await h1(page)).toBe('Start-Up Forms');
    const row = page.locator('tbody tr', { has: page.getByRole('link', { name: reference }) });
    expect(await row.innerText()).toContain('Larkfield Recovery Collective');
    expect(await row.innerText()).toContain('£1,290.00');
    expect(await row.innerText()).toContain('Waiting for review');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: reference }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/portal/start-up-forms/'));
    await waitForPortalPage(page);
    expect(await h1(page)).toBe(`Start-Up Form ${reference}`);
    expect(await page.locator('main').innerText()).toContain('Avery Quinlan, Recovery Services Manager');
    // The quotation the form names, beside the form's own prices.
    const quotation = page.locator('section', { has: page.getByRole('heading', { name: /^Quotation Q-\d{4}-\d{6,}$/ }) });
    expect(await quotation.innerText()).toContain('still valid when this form was submitted');
    expect(await quotation.locator('tfoot').innerText()).toMatch(/Total quoted\s+£1,290\.00/);
    await expectNoAxeViolations(page);

    const accepting = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/accept'));
    await page.getByRole('button', { name: `Accept ${reference}` }).click();
    expect((await accepting).status()).toBe(200);
    await page.getByText(`${reference} is accepted.`).waitFor();
    expect(await page.locator('.lead').innerText()).toContain('Accepted');
    await expectNoAxeViolations(page);
    const form = await t.db.selectFrom('start_up_forms').select(['status', 'accepted_by']).where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(form.status).toBe('accepted');
    expect(form.accepted_by).not.toBeNull();

    await page.goto(`${t.baseUrl}/portal/start-up-forms?status=accepted`);
    await waitForPortalPage(page);
    await page.getByRole('link', { name: reference }).waitFor();
    await expectNoAxeViolations(page);
  }, 120_000);
});
