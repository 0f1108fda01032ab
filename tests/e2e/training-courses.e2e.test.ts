import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, londonDate } from '../../src/domain/iso-date.js';
import { type BrowserApp, BrowserPages, demoAccount, expectNoAxeViolations, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

let t: BrowserApp;
const pages = new BrowserPages(() => t);
let courseId = '';
const TODAY = londonDate(new Date());

beforeAll(async () => {
  t = await startBrowserApp();
  // An invented UKSR volunteer who has done both prerequisite modules, for the import.
  const row = await t.db.insertInto('facilitators').values({ name: 'Morgan Ellery', email: 'morgan.ellery@people.partnerhub.test', uksr_volunteer_status: 'active' }).returning('id').executeTakeFirstOrThrow();
  for (const module of ['introduction-to-smart', 'getting-smart'] as const) {
    const on = addDays(TODAY, -10);
    await t.db.insertInto('training_progress').values({ facilitator_id: row.id, module, status: 'completed', enrolled_on: on, completed_on: on, source: 'staff' }).execute();
  }
});
afterAll(async () => t?.close());

afterEach(async () => expect(await pages.closeAll(), 'uncaught errors in the page').toEqual([]));

async function freshPage(viewport?: { width: number; height: number }): Promise<Page> {
  return pages.open(viewport ? { viewport } : {});
}

async function open(page: Page, who: string, path: string) {
  await signInAs(page, t.baseUrl, demoAccount(who));
  await page.goto(`${t.baseUrl}${path}`);
  await waitForPortalPage(page);
}

describe('staff-led training courses', () => {
  it('Central Office schedules an in-person course for an organisation, on a phone-sized screen', async () => {
    const page = await freshPage({ width: 320, height: 800 });
    await open(page, 'central', '/portal/training/courses');
    await page.getByRole('button', { name: 'Schedule the course' }).waitFor();
    expect((await page.locator('h1').innerText()).trim()).toBe('Staff-led training courses');
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Schedule the course' }).click();
    await page.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
    expect(await page.locator('.error-message').allTextContents()).toEqual(
      expect.arrayContaining(['Error: Choose the organisation the course is for', 'Error: Choose in person or webinar', 'Error: Enter the trainer’s name']),
    );
    await expectNoAxeViolations(page);

    await page.getByLabel('Organisation buying the course').selectOption({ label: 'Riverside Recovery Partnership' });
    await page.getByLabel('In person: two full days').check();
    await page.getByLabel('Session 1 date').fill(addDays(TODAY, 30));
    await page.getByLabel('Session 2 date').fill(addDays(TODAY, 31));
    await page.getByLabel('Venue').fill('Riverside Hub, 12 Quayside Walk, Preston');
    await page.getByLabel('Trainer').fill('Alex Trainer');
    await page.getByLabel('Places').fill('5');
    await page.getByLabel('Booking cut-off date').fill(addDays(TODAY, 20));
    await page.getByRole('button', { name: 'Schedule the course' }).click();
    // The server's rule comes back next to its field, and nothing typed is lost.
    await page.locator('#places-error', { hasText: '6 to 12 people' }).waitFor();
    expect(await page.getByLabel('Trainer').inputValue()).toBe('Alex Trainer');
    await page.getByLabel('Places').fill('8');
    await page.getByRole('button', { name: 'Schedule the course' }).click();
    await page.locator('.notice', { hasText: 'Staff-led in-person Facilitator Training for Riverside Recovery Partnership is scheduled' }).waitFor();
    await page.getByRole('link', { name: /Staff-led in-person Facilitator Training, Riverside Recovery Partnership/ }).waitFor();
    expect(await page.locator('.card').first().innerText()).toContain('6 more people needed');
    await expectNoAxeViolations(page);
    courseId = (await t.db.selectFrom('training_courses').select('id').executeTakeFirstOrThrow()).id;
  });

  it("the SMART Lead books their people onto the course, and Central Office invoices it with the trainer's expenses", async () => {
    const page = await freshPage({ width: 320, height: 800 });
    await open(page, 'smart-lead', `/portal/training/courses/${courseId}`);
    await page.getByRole('button', { name: 'Book', exact: true }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
    await expectNoAxeViolations(page);
    for (const [name, email] of [
      ['Riley Example', 'riley.example@people.partnerhub.test'],
      ['Quinn Sample', 'quinn.sample@people.partnerhub.test'],
    ]) {
      await page.getByLabel('Full name').fill(name!);
      await page.getByLabel('Email address').fill(email!);
      await page.getByRole('button', { name: 'Book', exact: true }).click();
      await page.locator('.notice', { hasText: `${name} is booked on the course` }).waitFor();
    }
    await page.getByRole('button', { name: "Cancel Quinn Sample's booking" }).waitFor();
    expect(await page.locator('.ledger-summary').innerText()).toMatch(/Places booked\s+2 of 8/);
    await expectNoAxeViolations(page);
    const mail = await t.db.selectFrom('outbox_messages').select('text_body').where('to_address', '=', 'riley.example@people.partnerhub.test').executeTakeFirstOrThrow();
    expect(mail.text_body).toContain('Riverside Hub, 12 Quayside Walk, Preston');

    const staff = await freshPage();
    await open(staff, 'central', `/portal/training/courses/${courseId}`);
    await staff.getByRole('button', { name: 'Issue the invoice' }).waitFor();
    await staff.getByLabel('Trainer travel and accommodation, in pounds').fill('184.50');
    await staff.getByLabel('What the expenses are (optional)').fill('Rail fares and one night');
    await staff.getByRole('button', { name: 'Issue the invoice' }).click();
    await staff.locator('.notice', { hasText: /Invoice INV-\d{6} is issued/ }).waitFor();
    await expectNoAxeViolations(staff);
    const invoice = await t.db.selectFrom('invoices').select(['total_pence', 'source_type']).where('source_id', '=', courseId).executeTakeFirstOrThrow();
    expect(invoice).toEqual({ total_pence: 218_450, source_type: 'training_course' });
  });
});

describe('bespoke and refresher training', () => {
  it('a SMART Lead asks for refresher training and Central Office prices and invoices it', async () => {
    const page = await freshPage({ width: 320, height: 800 });
    await open(page, 'smart-lead', '/portal/training/requests');
    await page.getByRole('button', { name: 'Send the request' }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel('Refresher training for existing facilitators').check();
    await page.getByLabel('What you need').fill('A one-day refresher on tool delivery');
    await page.getByLabel('How many people').fill('7');
    await page.getByLabel('Preferred dates').fill('Any Tuesday in March');
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page.locator('.notice', { hasText: 'Your request has gone to the training team' }).waitFor();
    await page.getByText('Waiting for a price').waitFor();
    await expectNoAxeViolations(page);
    const inbox = await t.db.selectFrom('outbox_messages').select('text_body').where('kind', '=', 'training_request').executeTakeFirstOrThrow();
    expect(inbox.text_body).toContain('A one-day refresher on tool delivery');

    const staff = await freshPage();
    await open(staff, 'central', '/portal/training/requests');
    await staff.getByRole('button', { name: 'Price and invoice' }).waitFor();
    await expectNoAxeViolations(staff);
    await staff.getByLabel('Price in pounds').fill('950');
    await staff.getByRole('button', { name: 'Price and invoice' }).click();
    await staff.locator('.notice', { hasText: /Invoice INV-\d{6} is issued to Riverside Recovery Partnership/ }).waitFor();
    await staff.getByText('£950.00').waitFor();
    await expectNoAxeViolations(staff);
  });
});

describe('importing the training platform export', () => {
  it('checks an upload, lists every refused row and why, and imports only a clean file', async () => {
    const page = await freshPage({ width: 320, height: 800 });
    await open(page, 'central', '/portal/training/import');
    await page.getByRole('button', { name: 'Check the file' }).waitFor();
    expect((await page.locator('h1').innerText()).trim()).toBe('Import training completions');
    await expectNoAxeViolations(page);

    const bad = ['email,name,module,status,date', `morgan.ellery@people.partnerhub.test,Morgan Ellery,SMART Facilitator training,completed,${TODAY}`, `nobody.known@people.partnerhub.test,Nobody Known,Getting SMART,completed,${TODAY}`, 'morgan.ellery@people.partnerhub.test,Morgan Ellery,Juggling,completed,not a date'].join('\n');
    await page.getByLabel('CSV file').setInputFiles({ name: 'completions.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByText('Chosen: completions.csv').waitFor();
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'Check report' }).waitFor();
    const refused = page.locator('table', { has: page.locator('caption', { hasText: 'Rows refused' }) });
    expect(await refused.locator('tbody tr td:first-child').allInnerTexts()).toEqual(['3', '4']);
    expect(await refused.locator('tbody tr').nth(0).innerText()).toContain('nobody.known@people.partnerhub.test');
    expect(await page.getByRole('button', { name: /^Import/ }).count()).toBe(0);
    await expectNoAxeViolations(page);
    expect(await t.db.selectFrom('facilitator_certificates').select('id').execute()).toHaveLength(0);

    await page.getByLabel('Or paste the CSV').fill(bad.split('\n').slice(0, 2).join('\n'));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('button', { name: 'Import 1 row' }).click();
    await page.locator('.notice', { hasText: 'Imported: 1 row recorded, 0 unchanged, 1 certificate issued.' }).waitFor();
    await expectNoAxeViolations(page);
    const certificates = await t.db.selectFrom('facilitator_certificates').select('name').execute();
    expect(certificates).toEqual([{ name: 'Morgan Ellery' }]);
  });
});
