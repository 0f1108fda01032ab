import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { type BrowserApp, BrowserPages, expectNoAxeViolations, openPortalMenu, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

const LEAD = DEMO_ACCOUNTS.find((a) => a.key === 'smart-lead')!;
const CENTRAL = DEMO_ACCOUNTS.find((a) => a.key === 'central')!;
const FACILITATOR = DEMO_ACCOUNTS.find((a) => a.key === 'facilitator')!;
const VOLUNTEER = { name: 'Isla Brackenridge', email: 'isla.brackenridge@people.partnerhub.test' };

let t: BrowserApp;
const pages = new BrowserPages(() => t);

beforeAll(async () => {
  t = await startBrowserApp();
});
afterAll(async () => t?.close());
afterEach(async () => expect(await pages.closeAll(), 'uncaught errors in the page').toEqual([]));

async function newPage(options: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
  return pages.open(options);
}

describe("a SMART Lead manages a facilitator at a Scottish site and records their PVG", () => {
  it('edits the record, links the Scottish site, and is offered and records a PVG, with axe on every page', async () => {
    // Riverside opens a site over the border: its facilitators need a PVG check, not a DBS (Section 8).
    const riverside = await t.db.selectFrom('organisations').select('id').where('name', '=', 'Riverside Recovery Partnership').executeTakeFirstOrThrow();
    await t.db
      .insertInto('sites')
      .values({ organisation_id: riverside.id, name: 'Riverside Borders Office', address: '4 Test Vennel, Dumfries', postcode: 'DG1 2AA', nation_code: 'scotland', region_code: 'scotland' })
      .execute();

    const lead = await newPage({ viewport: { width: 320, height: 800 } });
    await signInAs(lead, t.baseUrl, LEAD);
    await openPortalMenu(lead);
    await lead.getByRole('link', { name: 'Facilitators', exact: true }).click();
    await waitForPortalPage(lead);
    await lead.getByRole('link', { name: FACILITATOR.name }).click();
    await waitForPortalPage(lead);
    expect(await lead.locator('h1').innerText()).toBe(FACILITATOR.name);
    await lead.getByText('Sites where they facilitate').waitFor();
    await expectNoAxeViolations(lead);

    // The SMART Lead corrects the phone number and veteran status; the email address is not theirs to change.
    await lead.getByText('Edit their details').click();
    expect(await lead.getByLabel('Email address').count()).toBe(0);
    await lead.getByLabel('Phone (optional)').fill('01632 960555');
    await lead.getByLabel('They are a veteran').check();
    await expectNoAxeViolations(lead);
    await lead.getByRole('button', { name: 'Save their details' }).click();
    await lead.getByText('The record has been updated.').waitFor();
    await lead.getByText('01632 960555').waitFor();
    await expectNoAxeViolations(lead);

    // Before a site is chosen, their organisation's sites are in England and Scotland: either check is offered.
    await lead.getByRole('heading', { name: 'Record a safeguarding check' }).waitFor();
    await lead.getByLabel('Riverside Borders Office (Scotland)').check();
    await lead.getByRole('button', { name: 'Save their sites' }).click();
    await lead.getByText('Their sites have been saved.').waitFor();
    await lead.getByRole('heading', { name: 'Record a PVG check' }).waitFor();
    expect(await lead.getByText('DBS Update Service').count()).toBe(0);
    await expect(lead.getByText('never an image, copy or the contents of a certificate').count()).resolves.toBe(1);
    await expectNoAxeViolations(lead);

    await lead.getByLabel('PVG scheme number').fill('1234 5678 9012 3456');
    await lead.getByLabel('Date of issue of the scheme record').fill('2025-06-01');
    await lead.getByLabel('Suitable to facilitate').check();
    await lead.getByRole('button', { name: 'Record the check' }).click();
    await lead.getByText('The PVG check has been recorded.').waitFor();
    await lead.getByRole('cell', { name: '1234567890123456' }).waitFor();
    await expectNoAxeViolations(lead);

    const record = await t.db.selectFrom('facilitators').select(['id', 'phone', 'is_veteran']).where('email', '=', FACILITATOR.email).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ phone: '01632 960555', is_veteran: true });
    // The demo data already holds their DBS from England; the PVG is added beside it.
    const checks = await t.db.selectFrom('safeguarding_checks').select(['kind', 'certificate_number']).where('facilitator_id', '=', record.id).where('kind', '=', 'pvg').execute();
    expect(checks).toEqual([{ kind: 'pvg', certificate_number: '1234567890123456' }]);
    const audit = await t.db.selectFrom('audit_events').select('action').where('entity_id', '=', record.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['facilitator.updated', 'facilitator.sites_changed', 'safeguarding_check.recorded']));
  });
});

describe('Central Office onboards a UKSR volunteer', () => {
  it('records each stage until the volunteer is active, with axe on every page', async () => {
    const applied = await fetch(`${t.baseUrl}/api/v1/volunteer-applications`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: VOLUNTEER.name, email: VOLUNTEER.email, region: 'scotland' }),
    });
    expect(applied.status).toBe(202);

    const central = await newPage();
    await signInAs(central, t.baseUrl, CENTRAL);
    await central.getByRole('link', { name: 'UKSR volunteers' }).click();
    await waitForPortalPage(central);
    expect(await central.locator('h1').innerText()).toBe('UKSR volunteers');
    await expectNoAxeViolations(central);
    await central.getByRole('link', { name: VOLUNTEER.name }).click();
    await waitForPortalPage(central);
    expect(await central.locator('h1').innerText()).toBe(VOLUNTEER.name);
    await expectNoAxeViolations(central);

    const stages = [
      ['interview', 'Interview'],
      ['reference-1', 'First reference'],
      ['reference-2', 'Second reference'],
      ['safeguarding-check', 'DBS or PVG check'],
      ['training', 'SMART Facilitator training'],
    ] as const;
    for (const [stage, name] of stages) {
      await central.getByLabel('Stage').selectOption(stage);
      await central.getByLabel('Date', { exact: true }).fill('2026-11-20');
      await central.getByLabel('Passed', { exact: true }).check();
      await central.getByRole('button', { name: 'Record the stage' }).click();
      await central.getByText(`${name} recorded.`).waitFor();
    }
    await central.getByText(`${VOLUNTEER.name} is now an active volunteer.`).waitFor();
    // Each stage shows its date, outcome and who recorded it.
    const row = central.getByRole('row', { name: /SMART Facilitator training/ });
    expect(await row.innerText()).toContain('20 November 2026');
    expect(await row.innerText()).toContain(CENTRAL.email);
    await expectNoAxeViolations(central);

    await central.getByRole('link', { name: 'UKSR volunteers' }).click();
    await waitForPortalPage(central);
    const activeSection = central.locator('section', { has: central.getByRole('heading', { name: 'Active' }) });
    await activeSection.getByRole('link', { name: VOLUNTEER.name }).waitFor();
    await expectNoAxeViolations(central);
  });
});
