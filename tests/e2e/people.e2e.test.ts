import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { type BrowserApp, BrowserPages, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, openPortalMenu, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

const LEAD = DEMO_ACCOUNTS.find((a) => a.key === 'smart-lead')!;
const NEW_FACILITATOR = { name: 'Quinn Halloway', email: 'quinn.halloway@people.partnerhub.test', password: 'quinn-chooses-a-long-password' };

let t: BrowserApp;
const pages = new BrowserPages(() => t);

beforeAll(async () => {
  t = await startBrowserApp();
});
afterAll(async () => t?.close());
afterEach(async () => expect(await pages.closeAll(), 'uncaught errors in the page').toEqual([]));

async function newPage(options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  return pages.open(options);
}

async function checkEligibility(page: Page) {
  await page.getByLabel('Programme').selectOption('smart-recovery');
  await page.getByLabel('Site').selectOption({ label: 'Riverside Hub' });
  await page.getByRole('button', { name: 'Check eligibility' }).click();
  const answer = page.locator('.eligibility-answer');
  await answer.locator('p').first().waitFor();
  return answer.innerText();
}

describe('a SMART Lead invites a facilitator, records a DBS check, and sees them turn eligible', () => {
  it('works end to end, with axe on every page', async () => {
    // The SMART Lead adds and invites the facilitator.
    const lead = await newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(lead, t.baseUrl, LEAD);
    await openPortalMenu(lead);
    await lead.getByRole('link', { name: 'Facilitators', exact: true }).click();
    await waitForPortalPage(lead);
    expect(await lead.locator('h1').innerText()).toBe('Facilitators');
    await expectNoAxeViolations(lead);
    await lead.getByLabel('Full name').fill(NEW_FACILITATOR.name);
    await lead.getByLabel('Email address').fill(NEW_FACILITATOR.email);
    await lead.getByLabel('Paid staff').check();
    await lead.getByRole('button', { name: 'Add and invite' }).click();
    await lead.getByText(`${NEW_FACILITATOR.name} has been added and invited by email.`).waitFor();
    await expectNoAxeViolations(lead);

    // Central Office records the qualification (until the training capability does).
    const record = await t.db.selectFrom('facilitators').select('id').where('email', '=', NEW_FACILITATOR.email).executeTakeFirstOrThrow();
    await t.db.insertInto('facilitator_qualifications').values({ facilitator_id: record.id, code: 'smart-facilitator', achieved_on: '2026-05-01', recorded_by: null }).execute();

    // The SMART Lead opens the facilitator's page and records the DBS check seen.
    await lead.getByRole('link', { name: NEW_FACILITATOR.name }).click();
    await waitForPortalPage(lead);
    expect(await lead.locator('h1').innerText()).toBe(NEW_FACILITATOR.name);
    await expect(lead.getByText('never an image, copy or the contents of a certificate').count()).resolves.toBe(1);
    await expectNoAxeViolations(lead);
    await lead.getByLabel('Certificate number').fill('0012 3456 7890');
    await lead.getByLabel('Date of issue').fill('2025-03-01');
    await lead.getByLabel('Suitable to facilitate').check();
    await lead.getByRole('button', { name: 'Record the check' }).click();
    await lead.getByText('The DBS check has been recorded.').waitFor();
    await lead.getByRole('cell', { name: '001234567890' }).waitFor();
    await expectNoAxeViolations(lead);
    const before = await checkEligibility(lead);
    expect(before).toContain('Not eligible');
    expect(before).toContain('has not accepted the Facilitator Code of Conduct');
    expect(before).not.toContain('DBS');
    await expectNoAxeViolations(lead);

    // The facilitator follows the emailed link (a server page: it works without JavaScript) and chooses a password.
    const mail = await t.db.selectFrom('outbox_messages').select('text_body').where('to_address', '=', NEW_FACILITATOR.email).where('kind', '=', 'invitation').executeTakeFirstOrThrow();
    const link = /(http:\/\/\S+\/invitations\/\S+)/.exec(mail.text_body)![1]!;
    const invitation = await newPage({ javaScriptEnabled: false });
    await invitation.goto(link);
    await expectNoAxeViolationsWithoutJavaScript(invitation);
    await invitation.getByLabel('New password', { exact: true }).fill(NEW_FACILITATOR.password);
    await invitation.getByLabel('Confirm the new password').fill(NEW_FACILITATOR.password);
    await invitation.getByRole('button', { name: 'Save password' }).click();
    await invitation.waitForURL((url) => url.pathname === '/sign-in');

    // They sign in, see their own record and accept the Code of Conduct.
    const facilitator = await newPage();
    await signInAs(facilitator, t.baseUrl, { ...LEAD, email: NEW_FACILITATOR.email }, NEW_FACILITATOR.password);
    await facilitator.getByRole('link', { name: 'Your facilitator record' }).click();
    await waitForPortalPage(facilitator);
    expect(await facilitator.locator('h1').innerText()).toBe('Your facilitator record');
    await facilitator.getByText('Not accepted yet (version 2026.1)').waitFor();
    await expectNoAxeViolations(facilitator);
    await facilitator.getByRole('button', { name: 'I accept version 2026.1 of the Code of Conduct' }).click();
    await facilitator.getByText(/You accepted version 2026\.1 on/).waitFor();
    await expectNoAxeViolations(facilitator);

    // The SMART Lead now sees them eligible.
    await lead.reload();
    await waitForPortalPage(lead);
    await lead.getByText(/Accepted version 2026\.1 on/).waitFor();
    const after = await checkEligibility(lead);
    expect(after).toContain('Eligible: they may facilitate this programme at this site');
    await expectNoAxeViolations(lead);

    // Each time the SMART Lead saw the check details, the audit trail recorded it.
    const views = await t.db.selectFrom('audit_events').select('id').where('action', '=', 'safeguarding_check.viewed').where('entity_id', '=', record.id).execute();
    expect(views.length).toBeGreaterThanOrEqual(2);
  });
});
