import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTask } from '../../src/server/modules/tasks/tasks.repository.js';
import { type BrowserApp, BrowserPages, demoAccount, expectNoAxeViolations, signInAs, startBrowserApp, waitForPortalPage, reportFailures } from './support/browser-app.js';

/** Central Office's tasks inbox and a Coordinator's own tasks; the invoice page's "To" and date paid (decision 179). */

let t: BrowserApp;
const pages = new BrowserPages(
  () => t,
  // A payment dated in the future is refused (422) and shown beside its field; nothing else may fail.
  (page, report) => reportFailures(page, report, (status, pathname) => status === 422 && pathname.endsWith('/payments')),
);

beforeAll(async () => {
  t = await startBrowserApp();
  const coordinator = await t.db.selectFrom('users').select('id').where('email', '=', demoAccount('coordinator').email).executeTakeFirstOrThrow();
  await createTask(t.db, { kind: 'volunteer.application', title: 'Volunteer application: Wren Halloway', subjectType: 'facilitator', subjectId: 'e2e-volunteer', inbox: 'volunteer' });
  await createTask(t.db, { kind: 'contact.message', title: 'Answer Ellis Brackenbury: starting a meeting', subjectType: 'contact_message', subjectId: 'e2e-message', inbox: 'partnerships', assignedUserId: coordinator.id });
});
afterAll(async () => t?.close());
afterEach(async () => expect(await pages.closeAll(), 'errors in the page or its console').toEqual([]));

async function open(page: Page, account: string, path: string) {
  await signInAs(page, t.baseUrl, demoAccount(account));
  await page.goto(`${t.baseUrl}${path}`);
  await waitForPortalPage(page);
}

describe('tasks inbox', () => {
  it('Central Office sees the open tasks by inbox, filters one inbox, marks a task done and finds it among the done', async () => {
    const page = await pages.open({ viewport: { width: 390, height: 844 } });
    await open(page, 'central', '/portal/');
    // On a phone the portal's links sit behind the Menu button (decision 180).
    await page.locator('.nav-toggle').click();
    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    await waitForPortalPage(page);
    expect((await page.locator('h1').innerText()).trim()).toBe('Tasks');
    const openVolunteer = await t.db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'open').where('inbox_code', '=', 'volunteer').executeTakeFirstOrThrow();
    await page.locator('.inbox-counts li', { hasText: `Volunteer enquiries: ${Number(openVolunteer.n)}` }).waitFor();
    await page.getByRole('table', { name: 'Open tasks' }).waitFor();
    await expectNoAxeViolations(page);

    await page.getByLabel('Inbox').selectOption({ label: 'Volunteer enquiries' });
    const row = page.getByRole('row', { name: /Volunteer application: Wren Halloway/ });
    await row.waitFor();
    expect(await row.getByRole('link', { name: 'Volunteer application: Wren Halloway' }).getAttribute('href')).toBe('/portal/volunteers/e2e-volunteer');
    await row.getByRole('button', { name: 'Mark done Volunteer application: Wren Halloway' }).click();
    await page.locator('.notice', { hasText: 'Marked done: Volunteer application: Wren Halloway' }).waitFor();
    await row.waitFor({ state: 'detached' });
    await page.locator('.inbox-counts li', { hasText: `Volunteer enquiries: ${Number(openVolunteer.n) - 1}` }).waitFor();

    await page.getByLabel('Show').selectOption('done');
    const done = page.getByRole('table', { name: 'Done tasks' }).getByRole('row', { name: /Volunteer application: Wren Halloway/ });
    await done.getByRole('button', { name: 'Reopen Volunteer application: Wren Halloway' }).waitFor();
    await expectNoAxeViolations(page);
    const stored = await t.db.selectFrom('tasks').select('status').where('subject_id', '=', 'e2e-volunteer').executeTakeFirstOrThrow();
    expect(stored.status).toBe('done');
  });

  it('a Coordinator sees only the tasks assigned to them', async () => {
    const page = await pages.open();
    await open(page, 'coordinator', '/portal/tasks');
    await page.getByRole('row', { name: /Answer Ellis Brackenbury: starting a meeting/ }).waitFor();
    await expect(page.getByText('Volunteer application: Wren Halloway').count()).resolves.toBe(0);
    const mine = await t.db.selectFrom('tasks as t').innerJoin('users as u', 'u.id', 't.assigned_user_id').select((eb) => eb.fn.countAll<number>().as('n')).where('u.email', '=', demoAccount('coordinator').email).where('t.status', '=', 'open').executeTakeFirstOrThrow();
    expect(await page.getByRole('table', { name: 'Open tasks' }).locator('tbody tr').count()).toBe(Math.min(25, Number(mine.n)));
    await expectNoAxeViolations(page);
  });
});

describe('invoice page', () => {
  it('shows who is billed in full, and refuses a date paid in the future beside "Date paid"', async () => {
    const invoice = await t.db
      .selectFrom('invoices as i')
      .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
      .select(['i.id', 'i.billing_name', 'i.billing_email', 'i.billing_address', 'o.name'])
      .where('i.paid_at', 'is', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('payments as p').select('p.id').whereRef('p.invoice_id', '=', 'i.id'))))
      .orderBy('i.number')
      .executeTakeFirstOrThrow();
    const page = await pages.open();
    await open(page, 'central', `/portal/invoices/${invoice.id}`);
    const to = page.locator('address.billed-to');
    const text = await to.innerText();
    for (const part of [invoice.billing_name, invoice.name, invoice.billing_email, ...(invoice.billing_address ?? '').split(/\r?\n/).filter(Boolean)]) expect(text).toContain(part.trim());

    await page.getByLabel('Date paid').fill('2030-01-01');
    await page.getByLabel('Payment reference').fill('BACS-E2E-FUTURE');
    await page.getByRole('button', { name: 'Record payment' }).click();
    const error = page.locator('#paidOn-error, .error-message', { hasText: 'is in the future' }).first();
    await error.waitFor();
    expect(await error.innerText()).toContain('Enter today or an earlier date: 1 January 2030 is in the future');
    expect(await page.getByLabel('Date paid').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);
    const payments = await t.db.selectFrom('payments').select('id').where('invoice_id', '=', invoice.id).execute();
    expect(payments).toEqual([]);
  });
});
