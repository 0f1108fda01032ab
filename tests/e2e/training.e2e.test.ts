import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatLongDate, londonDate } from '../../src/domain/iso-date.js';
import { issueInvoice, recordPayment } from '../../src/server/modules/invoices/invoices.service.js';
import { loadConfig } from '../../src/server/env.js';
import { pdfText } from '../support/pdf.js';
import { type BrowserApp, BrowserPages, demoAccount, expectNoAxeViolations, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

let t: BrowserApp;
const pages = new BrowserPages(() => t);
/** Two sites of the demo SMART Lead's organisation licensed today: one in the North West (Coordinator in post), one in the Midlands & London (post vacant). */
const sites = { northWest: '', midlands: '' };

beforeAll(async () => {
  t = await startBrowserApp();
  const db = t.db;
  const organisation = await db.selectFrom('organisations').select('id').where('name', '=', 'Riverside Recovery Partnership').executeTakeFirstOrThrow();
  for (const [key, name, region, postcode] of [
    ['northWest', 'Riverside Preston Centre', 'north-west', 'PR1 2AA'],
    ['midlands', 'Riverside Birmingham Centre', 'midlands-london', 'B1 1AA'],
  ] as const) {
    const site = await db
      .insertInto('sites')
      .values({ organisation_id: organisation.id, name, address: '1 Example Street', postcode, nation_code: 'england', region_code: region })
      .returning('id')
      .executeTakeFirstOrThrow();
    sites[key] = site.id;
  }
  const deps = { db, config: loadConfig({ NODE_ENV: 'test' }), now: () => new Date() };
  const actor = { userId: null, label: 'training e2e setup' };
  const invoice = await issueInvoice(deps, actor, {
    organisationId: organisation.id, kind: 'addition', billing: { name: 'Riverside finance team', email: 'finance.riverside@people.partnerhub.test' }, feeScheduleId: 'april-2026',
    source: { type: 'test', id: 'training-e2e' },
    lines: [sites.northWest, sites.midlands].map((siteId) => ({ kind: 'licence' as const, siteId, licenceType: 'smart-recovery', description: 'SMART Recovery licence', rule: 'Section 10', amountPence: 70_000 })),
  });
  await recordPayment(deps, actor, invoice.id, { amountPence: 140_000, paidOn: londonDate(new Date()), method: 'bank-transfer', reference: 'TRAINING-E2E' });
});
afterAll(async () => t?.close());

afterEach(async () => expect(await pages.closeAll(), 'uncaught errors in the page').toEqual([]));

async function freshPage(viewport?: { width: number; height: number }): Promise<Page> {
  return pages.open({ acceptDownloads: true, ...(viewport ? { viewport } : {}) });
}

async function nominate(page: Page, siteId: string, name: string, email: string) {
  await page.getByLabel('Training place').selectOption(`${siteId}|smart-recovery`);
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Nominate', exact: true }).click();
  await page.locator('.notice', { hasText: `${name} is nominated` }).waitFor();
}

const mailTo = (to: string, kind: string) => t.db.selectFrom('outbox_messages').select(['to_address', 'text_body']).where('to_address', '=', to).where('kind', '=', kind).execute();

describe('facilitator training', () => {
  it('the SMART Lead nominates two people, each reaches the right inbox, and a released place is offered to someone else', async () => {
    const page = await freshPage({ width: 320, height: 800 });
    await signInAs(page, t.baseUrl, demoAccount('smart-lead'));
    await page.goto(`${t.baseUrl}/portal/training`);
    await waitForPortalPage(page);
    await page.getByLabel('Training place').waitFor();
    expect((await page.locator('h1').innerText()).trim()).toBe('Facilitator training places');
    await expectNoAxeViolations(page);

    // Nothing filled in: each message is next to its field, and in the summary.
    await page.getByRole('button', { name: 'Nominate', exact: true }).click();
    await expect.poll(() => page.locator('.error-message').allTextContents()).toEqual([
      'Error: Choose the site and licence the place comes from',
      'Error: Enter the name of the person to train',
      'Error: Enter an email address in the right form, like name@example.org',
    ]);
    await expectNoAxeViolations(page);

    await nominate(page, sites.northWest, 'Avery Example', 'avery.example@people.partnerhub.test');
    await nominate(page, sites.midlands, 'Blake Sample', 'blake.sample@people.partnerhub.test');

    const coordinatorMail = await mailTo(demoAccount('coordinator').email, 'nomination');
    expect(coordinatorMail.map((m) => m.text_body).join('\n')).toContain('Avery Example (avery.example@people.partnerhub.test)');
    expect(coordinatorMail.map((m) => m.text_body).join('\n')).not.toContain('Blake Sample');
    const trainingMail = await mailTo('training@smartrecovery.org.uk', 'nomination');
    expect(trainingMail.map((m) => m.text_body).join('\n')).toContain('Blake Sample (blake.sample@people.partnerhub.test)');
    expect(trainingMail.map((m) => m.text_body).join('\n')).not.toContain('Avery Example');

    // Blake cannot complete the training: the place goes back and Casey takes it.
    await page.getByRole('button', { name: "Release Blake Sample's place" }).click();
    await page.locator('.notice', { hasText: "Blake Sample's place is released" }).waitFor();
    await expect.poll(() => page.getByLabel('Training place').locator('option').allInnerTexts()).toContain('Riverside Birmingham Centre: SMART Recovery (6 of 6 left)');
    await nominate(page, sites.midlands, 'Casey Trial', 'casey.trial@people.partnerhub.test');
    await expectNoAxeViolations(page);

    await page.goto(`${t.baseUrl}/portal/training/sites/${sites.midlands}`);
    await waitForPortalPage(page);
    await page.locator('h2', { hasText: 'SMART Recovery' }).first().waitFor();
    expect((await page.locator('h1').innerText()).trim()).toBe('Training places at Riverside Birmingham Centre');
    expect(await page.locator('tbody tr td:nth-child(2)').allInnerTexts()).toEqual(['Included with the licence', 'Used', 'Released', 'Used']);
    expect((await page.locator('tbody tr td:nth-child(4)').allInnerTexts()).slice(1)).toEqual(['Blake Sample', 'Blake Sample', 'Casey Trial']);
    expect(await page.locator('.ledger-summary').first().innerText()).toMatch(/Used\s+2\s+Released\s+1\s+Remaining\s+5/);
    await expectNoAxeViolations(page);
  });

  it("the region's Coordinator sends the enrolment instructions from Partner Hub and the nominee receives them", async () => {
    const page = await freshPage();
    await signInAs(page, t.baseUrl, demoAccount('coordinator'));
    await page.goto(`${t.baseUrl}/portal/training/enrol`);
    await waitForPortalPage(page);
    await page.getByRole('button', { name: 'Send enrolment instructions to Avery Example' }).waitFor();
    // The vacant region's nomination is for the training team, not this Coordinator.
    expect(await page.getByText('Casey Trial').count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Send enrolment instructions to Avery Example' }).click();
    await page.locator('.notice', { hasText: 'Enrolment instructions sent to Avery Example' }).waitFor();
    const mail = await mailTo('avery.example@people.partnerhub.test', 'enrolment_instructions');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text_body).toContain('Introduction to SMART and Getting SMART');
    await expectNoAxeViolations(page);
  });

  it("Avery completes the Facilitator training: the region's Coordinator records it and the SMART Lead downloads the certificate PDF", async () => {
    const today = londonDate(new Date());
    const organisation = await t.db.selectFrom('organisations').select('id').where('name', '=', 'Riverside Recovery Partnership').executeTakeFirstOrThrow();
    const avery = await t.db.insertInto('facilitators').values({ name: 'Avery Example', email: 'avery.example@people.partnerhub.test' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('facilitator_organisations').values({ facilitator_id: avery.id, organisation_id: organisation.id, capacity: 'staff' }).execute();
    for (const module of ['introduction-to-smart', 'getting-smart'] as const) {
      await t.db.insertInto('training_progress').values({ facilitator_id: avery.id, module, status: 'completed', enrolled_on: addDays(today, -7), completed_on: addDays(today, -7), source: 'staff' }).execute();
    }

    const coordinator = await freshPage();
    await signInAs(coordinator, t.baseUrl, demoAccount('coordinator'));
    await coordinator.goto(`${t.baseUrl}/portal/training/people/${avery.id}`);
    await waitForPortalPage(coordinator);
    await coordinator.getByRole('heading', { level: 1, name: 'Training: Avery Example' }).waitFor();
    await coordinator.getByLabel('Module').selectOption('smart-facilitator');
    await coordinator.getByLabel('Completed').check();
    await coordinator.getByLabel('Date').fill(today);
    await coordinator.getByRole('button', { name: 'Record', exact: true }).click();
    await coordinator.locator('.notice', { hasText: 'SMART Facilitator training: completed' }).waitFor();
    await expectNoAxeViolations(coordinator);
    await coordinator.context().close();

    const lead = await freshPage({ width: 320, height: 800 });
    await signInAs(lead, t.baseUrl, demoAccount('smart-lead'));
    await lead.goto(`${t.baseUrl}/portal/training/people/${avery.id}`);
    await waitForPortalPage(lead);
    const link = lead.getByRole('link', { name: /Download the facilitator certificate FC-\d{6} \(PDF\)/ });
    await link.waitFor();
    await expectNoAxeViolations(lead);
    const [download] = await Promise.all([lead.waitForEvent('download'), link.click()]);
    const text = await pdfText(await readFile((await download.path())!));
    expect(text).toContain('Avery Example');
    expect(text).toContain(`on ${formatLongDate(today)}`);
    const mail = await mailTo('avery.example@people.partnerhub.test', 'facilitator_certificate');
    expect(mail).toHaveLength(1);
  });
});
