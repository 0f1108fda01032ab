import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, londonDate } from '../../src/domain/iso-date.js';
import { weekdayOf } from '../../src/domain/meetings/schedule.js';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { loadConfig } from '../../src/server/env.js';
import { runMeetingSurveys } from '../../src/server/modules/meeting-surveys/meeting-surveys.service.js';
import { createMeeting } from '../support/meetings.js';
import { type BrowserApp, type DemoAccount, expectNoAxeViolations, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

function account(key: string): DemoAccount {
  const found = DEMO_ACCOUNTS.find((a) => a.key === key);
  if (!found) throw new Error(`no demo account ${key}`);
  return found;
}

let t: BrowserApp;
let context: BrowserContext | undefined;
let pageErrors: string[] = [];
let meetingId = '';
const LAST_WEEK = addDays(londonDate(new Date()), -7);

beforeAll(async () => {
  t = await startBrowserApp();
  // A weekly Riverside meeting that met a week ago, facilitated by the demo facilitator.
  const facilitator = account('facilitator');
  const record = await t.db
    .selectFrom('facilitators as f')
    .innerJoin('facilitator_organisations as fo', 'fo.facilitator_id', 'f.id')
    .select(['f.id', 'fo.organisation_id'])
    .where('f.email', '=', facilitator.email)
    .executeTakeFirstOrThrow();
  const site = await t.db.selectFrom('sites').select('id').where('organisation_id', '=', record.organisation_id).orderBy('name').executeTakeFirstOrThrow();
  const meeting = await createMeeting(t.db, {
    name: 'Riverside Survey Test Group',
    organisation_id: record.organisation_id,
    site_id: site.id,
    day: weekdayOf(LAST_WEEK),
    starts_on: LAST_WEEK,
    ends_on: LAST_WEEK,
  });
  meetingId = meeting.id;
  await t.db.insertInto('meeting_facilitators').values({ meeting_id: meeting.id, facilitator_id: record.id }).execute();
  await runMeetingSurveys({ db: t.db, config: loadConfig({ NODE_ENV: 'test', PUBLIC_URL: t.baseUrl }), now: () => new Date() });
});
afterAll(async () => t?.close());

afterEach(async () => {
  await context?.close();
  context = undefined;
  const errors = pageErrors;
  pageErrors = [];
  expect(errors, 'uncaught errors in the page').toEqual([]);
});

async function freshPage(viewport?: { width: number; height: number }): Promise<Page> {
  context = await t.browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

describe('meeting surveys and contributions in the portal', () => {
  it('a facilitator completes a meeting survey on a phone', async () => {
    const page = await freshPage({ width: 320, height: 800 });
    await signInAs(page, t.baseUrl, account('facilitator'));
    await page.goto(`${t.baseUrl}/portal/meeting-surveys`);
    await waitForPortalPage(page);
    const link = page.getByRole('link', { name: /^Riverside Survey Test Group, / });
    await link.waitFor();
    expect((await page.locator('h1').innerText()).trim()).toBe('Your meeting surveys');
    await expectNoAxeViolations(page);

    await link.click();
    await page.getByRole('heading', { level: 1, name: /^Meeting survey: Riverside Survey Test Group/ }).waitFor();
    await expectNoAxeViolations(page);

    // Nothing answered: every question is named in the summary.
    await page.getByRole('button', { name: 'Send the survey' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Say whether the meeting took place');
    expect(await summary.innerText()).toContain('Enter how many people attended');
    await expectNoAxeViolations(page);

    // More new people than attended is refused, and what was typed is kept.
    await page.getByRole('radio', { name: 'Yes' }).first().check();
    await page.getByLabel('How many people attended?').fill('7');
    await page.getByLabel('How many of them came for the first time?').fill('9');
    await page.getByLabel('Cost–Benefit Analysis (CBA)').check();
    await page.getByLabel('Change Plan').check();
    await page.getByRole('group', { name: 'Were the Meeting Guidelines shared?' }).getByLabel('Yes').check();
    await page.getByRole('button', { name: 'Send the survey' }).click();
    await summary.filter({ hasText: 'The number of new people cannot be more than the number who attended' }).waitFor();
    expect(await page.getByLabel('How many people attended?').inputValue()).toBe('7');
    expect(await page.getByLabel('Change Plan').isChecked()).toBe(true);
    await expectNoAxeViolations(page);

    await page.getByLabel('How many of them came for the first time?').fill('2');
    await page.getByRole('button', { name: 'Send the survey' }).click();
    await page.locator('.notice', { hasText: 'Thank you: the survey for Riverside Survey Test Group' }).waitFor();
    await page.getByText('Cost–Benefit Analysis (CBA), Change Plan').waitFor();
    await expectNoAxeViolations(page);

    const stored = await t.db.selectFrom('meeting_surveys').select(['status', 'attendance', 'new_attendees', 'tools_used', 'guidelines_shared']).where('meeting_id', '=', meetingId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'completed', attendance: 7, new_attendees: 2, tools_used: ['cost-benefit-analysis', 'change-plan'], guidelines_shared: true });
  });

  it("a partnership meeting's contributions page explains why there is no form", async () => {
    const page = await freshPage();
    await signInAs(page, t.baseUrl, account('facilitator'));
    await page.goto(`${t.baseUrl}/portal/meeting-surveys`);
    await waitForPortalPage(page);
    await page.getByRole('link', { name: 'Contributions for Riverside Survey Test Group' }).click();
    await page.getByRole('heading', { level: 2, name: 'Contributions are not collected at this meeting' }).waitFor();
    expect(await page.locator('main').innerText()).toContain(
      'As the costs for meetings under the Partnership Scheme are met by the partner organisation, we do not permit contributions for room hire within those meetings.',
    );
    expect(await page.getByRole('button', { name: 'Record the contribution' }).count()).toBe(0);
    expect(await page.getByLabel(/Amount in pounds/).count()).toBe(0);
    await expectNoAxeViolations(page);
  });

  it('Central Office reads the completion rates and the contribution totals', async () => {
    const page = await freshPage({ width: 320, height: 800 });
    await signInAs(page, t.baseUrl, account('central'));
    await page.goto(`${t.baseUrl}/portal/meeting-surveys/rates`);
    await waitForPortalPage(page);
    await page.getByRole('table', { name: 'Completion by meeting' }).getByText(/Riverside Survey Test Group/).waitFor();
    // Each table is a page of its list, with the total (decision 163); the demo's lists fit on one page.
    await page.getByRole('status').filter({ hasText: /^Meetings 1 to (\d+) of \1\.$/ }).waitFor();
    await page.getByRole('table', { name: 'Completion by facilitator asked' }).waitFor();
    await page.getByRole('status').filter({ hasText: /^Facilitators 1 to (\d+) of \1\.$/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Next meetings' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.goto(`${t.baseUrl}/portal/contributions`);
    await waitForPortalPage(page);
    await page.getByRole('link', { name: 'Download as a spreadsheet (CSV)' }).waitFor();
    await page.getByRole('status').filter({ hasText: /^Meetings 1 to (\d+) of \1\.$/ }).waitFor();
    await expectNoAxeViolations(page);
  });
});
