import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { type BrowserApp, BrowserPages, expectNoAxeViolations, openPortalMenu, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

const LEAD = DEMO_ACCOUNTS.find((a) => a.key === 'smart-lead')!;
const FACILITATOR = DEMO_ACCOUNTS.find((a) => a.key === 'facilitator')!;

let t: BrowserApp;
const pages = new BrowserPages(() => t);

beforeAll(async () => {
  t = await startBrowserApp();
});
afterAll(async () => t?.close());
afterEach(async () => expect(await pages.closeAll(), 'uncaught errors in the page').toEqual([]));

async function newPage(viewport?: { width: number; height: number }): Promise<Page> {
  return pages.open(viewport ? { viewport } : {});
}

/** The register form, filled in as a SMART Lead would for a weekly meeting at one of their sites. */
async function fillMeeting(page: Page, meeting: { name: string; programme: string; site: string }) {
  await page.getByLabel('Meeting name').fill(meeting.name);
  await page.getByRole('group', { name: 'Programme' }).getByLabel(meeting.programme, { exact: true }).check();
  await page.getByLabel('Site', { exact: true }).selectOption({ label: meeting.site });
  await page.getByRole('group', { name: 'How do people attend?' }).getByLabel('In person', { exact: true }).check();
  await page.getByLabel('Every week').check();
  await page.getByLabel('Day', { exact: true }).selectOption({ label: 'Tuesday' });
  await page.getByLabel('Start time').fill('18:30');
  await page.getByLabel('End time').fill('20:00');
  await page.getByLabel('Date of the first meeting').fill('2026-12-01');
  await page.getByRole('group', { name: 'Is the meeting open or closed?' }).getByLabel('Open', { exact: true }).check();
  await page.getByLabel('Women only').check();
  await page.getByLabel('Yes, list it publicly').check();
  await page.getByRole('group', { name: 'Who facilitates it?' }).getByLabel(FACILITATOR.name).check();
}

describe('a SMART Lead registers a meeting', () => {
  it('registers an open, listed meeting at their licensed site and sees it listed, with axe on every page', async () => {
    const page = await newPage({ width: 320, height: 800 });
    await signInAs(page, t.baseUrl, LEAD);
    await openPortalMenu(page);
    await page.getByRole('link', { name: 'Meetings', exact: true }).click();
    await waitForPortalPage(page);
    expect(await page.locator('h1').innerText()).toBe('Meetings');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Register a meeting' }).click();
    await waitForPortalPage(page);
    expect(await page.locator('h1').innerText()).toBe('Register a meeting');
    // The site list is the organisation's own; the facilitators are its facilitators.
    await page.getByRole('option', { name: /Riverside Hub/ }).waitFor({ state: 'attached' });
    await page.getByRole('group', { name: 'Who facilitates it?' }).getByLabel(FACILITATOR.name).waitFor();
    await expectNoAxeViolations(page);

    // A closed meeting is never listed: the choice says why (Section 9) and cannot be made.
    await page.getByRole('group', { name: 'Is the meeting open or closed?' }).getByLabel('Closed', { exact: true }).check();
    await page.getByText('Closed meetings are never listed publicly.').waitFor();
    expect(await page.getByLabel('Yes, list it publicly').isDisabled()).toBe(true);
    expect(await page.getByLabel('No, do not list it').isChecked()).toBe(true);

    // Online and hybrid meetings ask for the link or phone number; monthly ones ask which week.
    expect(await page.getByLabel('Meeting link').count()).toBe(0);
    await page.getByRole('group', { name: 'How do people attend?' }).getByLabel('Hybrid (in person and online)').check();
    await page.getByLabel('Meeting link').waitFor();
    await page.getByLabel('Once a month').check();
    await page.getByLabel('Which week of the month?').waitFor();
    await expectNoAxeViolations(page);

    await fillMeeting(page, { name: 'Preston Tuesday Women’s Group', programme: 'SMART Recovery 4-Point Programme', site: 'Riverside Hub, PR1 8BU' });
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Register the meeting' }).click();

    await page.waitForURL(/\/portal\/meetings\/[0-9a-f-]{36}\?registered=1$/);
    await waitForPortalPage(page);
    expect(await page.locator('h1').innerText()).toBe('Preston Tuesday Women’s Group');
    await page.getByText('The meeting is registered.').waitFor();
    await page.getByText('Listed publicly.', { exact: false }).first().waitFor();
    expect(await page.locator('dl').innerText()).toContain('Every Tuesday, 18:30 to 20:00');
    expect(await page.locator('dl').innerText()).toContain('Women only');
    await page.getByRole('listitem').filter({ hasText: FACILITATOR.name }).first().waitFor();
    await expectNoAxeViolations(page);

    // The list shows it as publicly listed.
    await page.getByRole('link', { name: 'Back to meetings' }).click();
    await waitForPortalPage(page);
    const row = page.getByRole('row', { name: /Preston Tuesday Women’s Group/ });
    expect(await row.innerText()).toContain('Yes, on the public meeting finder');
    await expectNoAxeViolations(page);

    const stored = await t.db
      .selectFrom('meetings')
      .select(['access', 'listed_publicly', 'publicly_visible', 'day', 'start_time', 'audiences', 'attendance', 'frequency'])
      .where('name', '=', 'Preston Tuesday Women’s Group')
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ access: 'open', listed_publicly: true, publicly_visible: true, day: 2, attendance: 'in_person', frequency: 'weekly', audiences: ['women'] });
    expect(String(stored.start_time).slice(0, 5)).toBe('18:30');
  });

  it('is refused a programme the site is not licensed for: the reason shows beside the site and everything typed is kept', async () => {
    const page = await newPage();
    await signInAs(page, t.baseUrl, LEAD);
    await page.goto(`${t.baseUrl}/portal/meetings/new`);
    await waitForPortalPage(page);
    await page.getByRole('group', { name: 'Who facilitates it?' }).getByLabel(FACILITATOR.name).waitFor();

    // Riverside Hub holds SMART Recovery and Family & Friends licences, not SMART Veterans.
    await fillMeeting(page, { name: 'Riverside Veterans Evening', programme: 'SMART Veterans', site: 'Riverside Hub, PR1 8BU' });
    await page.getByRole('button', { name: 'Register the meeting' }).click();

    const summary = page.locator('.error-summary');
    await summary.waitFor();
    // Focus moves to the summary, so the problem is read out first.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    const siteError = page.locator('#siteId-error');
    await siteError.waitFor();
    expect(await siteError.innerText()).toMatch(/licen[cs]ed/i);
    expect(await siteError.innerText()).toMatch(/Veterans/);
    expect(await page.getByLabel('Site', { exact: true }).getAttribute('aria-describedby')).toContain('siteId-error');
    expect(await summary.getByRole('link').first().innerText()).toMatch(/^Site: /);

    // Nothing typed is lost.
    expect(await page.getByLabel('Meeting name').inputValue()).toBe('Riverside Veterans Evening');
    expect(await page.getByLabel('SMART Veterans', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Start time').inputValue()).toBe('18:30');
    expect(await page.getByLabel('End time').inputValue()).toBe('20:00');
    expect(await page.getByLabel('Date of the first meeting').inputValue()).toBe('2026-12-01');
    expect(await page.getByLabel('Women only').isChecked()).toBe(true);
    expect(await page.getByLabel('Yes, list it publicly').isChecked()).toBe(true);
    expect(await page.getByRole('group', { name: 'Who facilitates it?' }).getByLabel(FACILITATOR.name).isChecked()).toBe(true);
    expect(await page.getByLabel('Site', { exact: true }).locator('option:checked').innerText()).toBe('Riverside Hub, PR1 8BU');
    await expectNoAxeViolations(page);

    expect(await t.db.selectFrom('meetings').select('id').where('name', '=', 'Riverside Veterans Evening').execute()).toEqual([]);

    // Choosing a licensed programme and sending again registers it.
    await page.getByLabel('SMART Recovery 4-Point Programme', { exact: true }).check();
    await page.getByRole('button', { name: 'Register the meeting' }).click();
    await page.waitForURL(/\/portal\/meetings\/[0-9a-f-]{36}\?registered=1$/);
    await waitForPortalPage(page);
    expect(await page.locator('h1').innerText()).toBe('Riverside Veterans Evening');
  });
});

/** Registers a meeting through the API, in the signed-in page (its session and CSRF token). */
async function registerThroughApi(page: Page, body: Record<string, unknown>): Promise<string> {
  return page.evaluate(async (request) => {
    const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
    const response = await fetch('/api/v1/registered-meetings', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': me.csrfToken },
      body: JSON.stringify(request),
    });
    if (response.status !== 201) throw new Error(`registering failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  }, body);
}

describe('changing and closing a meeting', () => {
  it('a change saved by someone else first is shown, what was typed is kept, and the meeting is then closed after a confirmation', async () => {
    const organisation = await t.db.selectFrom('organisations').select('id').where('name', '=', 'Riverside Recovery Partnership').executeTakeFirstOrThrow();
    const site = await t.db.selectFrom('sites').select('id').where('name', '=', 'Riverside Hub').executeTakeFirstOrThrow();
    const sam = await t.db.selectFrom('facilitators').select('id').where('email', '=', FACILITATOR.email).executeTakeFirstOrThrow();

    const lead = await newPage();
    await signInAs(lead, t.baseUrl, LEAD);
    const id = await registerThroughApi(lead, {
      provider: 'partner', organisationId: organisation.id, siteId: site.id, name: 'Riverside Thursday Group', programme: 'smart-recovery', attendance: 'in_person',
      frequency: 'weekly', day: 4, startTime: '18:30', endTime: '20:00', startsOn: '2026-12-03', access: 'open', audiences: [], listedPublicly: true, facilitatorIds: [sam.id],
    });

    // The SMART Lead opens the meeting and starts changing its name and end time.
    await lead.goto(`${t.baseUrl}/portal/meetings/${id}`);
    await waitForPortalPage(lead);
    await lead.getByText('Change the meeting').click();
    await lead.getByLabel('Meeting name').fill('Riverside Thursday Evening Group');
    await lead.getByLabel('End time').fill('21:00');
    await expectNoAxeViolations(lead);

    // Meanwhile its facilitator moves the start time and saves first.
    const facilitator = await newPage({ width: 320, height: 800 });
    await signInAs(facilitator, t.baseUrl, FACILITATOR);
    await facilitator.goto(`${t.baseUrl}/portal/meetings/${id}`);
    await waitForPortalPage(facilitator);
    await facilitator.getByText('Change the meeting').click();
    await facilitator.getByLabel('Start time').fill('19:00');
    await facilitator.getByRole('button', { name: 'Save the changes' }).click();
    await facilitator.getByText('Your changes are saved.').waitFor();
    await expectNoAxeViolations(facilitator);

    // The SMART Lead's save is refused as stale (If-Match): the page says what changed and keeps their typing.
    await lead.getByRole('button', { name: 'Save the changes' }).click();
    const conflict = lead.getByRole('alert').filter({ hasText: 'Someone else changed this meeting' });
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain('When: was “Every Thursday, 18:30 to 20:00”, now “Every Thursday, 19:00 to 20:00”');
    expect(await lead.getByLabel('Meeting name').inputValue()).toBe('Riverside Thursday Evening Group');
    expect(await lead.getByLabel('End time').inputValue()).toBe('21:00');
    expect(await lead.getByLabel('Start time').inputValue()).toBe('19:00');
    await expectNoAxeViolations(lead);

    // Saving again applies the SMART Lead's change on top of the facilitator's.
    await lead.getByRole('button', { name: 'Save the changes' }).click();
    await lead.getByText('Your changes are saved.').waitFor();
    expect(await lead.locator('h1').innerText()).toBe('Riverside Thursday Evening Group');
    expect(await lead.locator('dl').innerText()).toContain('Every Thursday, 19:00 to 21:00');

    // Closing asks first, then takes the meeting off the listings.
    // Its first meeting is still to come, so the form offers that day; the last is a week later.
    expect(await lead.getByLabel('Date it closes (its last meeting)').inputValue()).toBe('2026-12-03');
    await lead.getByLabel('Date it closes (its last meeting)').fill('2026-12-10');
    await lead.getByLabel('Why is it closing? (optional)').fill('The room is no longer available.');
    await lead.getByRole('button', { name: 'Close the meeting' }).click();
    await lead.getByRole('alertdialog').waitFor();
    await expectNoAxeViolations(lead);
    await lead.getByRole('button', { name: 'Yes, close the meeting' }).click();
    await lead.getByText('The meeting is closed down.').waitFor();
    await lead.getByText('Not listed publicly').waitFor();
    await lead.getByText('The meeting has been closed down.').waitFor();
    expect(await lead.getByText('Change the meeting').count()).toBe(0);
    await expectNoAxeViolations(lead);

    const stored = await t.db
      .selectFrom('meetings')
      .select(['name', 'start_time', 'end_time', 'status', 'publicly_visible', sql<string>`to_char(ends_on, 'YYYY-MM-DD')`.as('ends_on')])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ name: 'Riverside Thursday Evening Group', status: 'closed_down', publicly_visible: false, ends_on: '2026-12-10' });
    expect([String(stored.start_time).slice(0, 5), String(stored.end_time).slice(0, 5)]).toEqual(['19:00', '21:00']);
    const actions = await t.db.selectFrom('audit_events').select('action').where('entity_id', '=', id).execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['meeting.closed']));
  });
});

describe('Central Office records a site exception', () => {
  it('chooses the organisation and site, is told what is missing, records the exception and sees it listed, with axe on every page', async () => {
    const CENTRAL = DEMO_ACCOUNTS.find((a) => a.key === 'central')!;
    const page = await newPage();
    await signInAs(page, t.baseUrl, CENTRAL);
    await page.getByRole('link', { name: 'Site exceptions' }).click();
    await waitForPortalPage(page);
    expect(await page.locator('h1').innerText()).toBe('Site exceptions');
    await page.getByLabel('Organisation').selectOption({ label: 'Riverside Recovery Partnership' });
    await page.getByRole('option', { name: /Riverside Hub/ }).waitFor({ state: 'attached' });
    await page.getByLabel('Site').selectOption({ label: 'Riverside Hub, PR1 8BU' });
    await page.getByText('No exceptions are recorded for this site.').waitFor();
    await expectNoAxeViolations(page);

    // A missing reason and dates the wrong way round are each named beside their field; nothing typed is lost.
    await page.getByLabel('Programme').selectOption({ label: 'SMART Veterans' });
    await page.getByLabel('First day it applies').fill('2027-01-31');
    await page.getByLabel('Last day it applies').fill('2027-01-01');
    await page.getByRole('button', { name: 'Record the exception' }).click();
    await page.locator('#reason-error').waitFor();
    expect(await page.locator('#to-error').innerText()).toContain('The last day must be on or after the first');
    expect(await page.getByLabel('First day it applies').inputValue()).toBe('2027-01-31');
    await expectNoAxeViolations(page);

    await page.getByLabel('First day it applies').fill('2027-01-01');
    await page.getByLabel('Last day it applies').fill('2027-12-31');
    await page.getByLabel('Why it was agreed').fill('A veterans’ group meets at the Hub while the Forward March centre is refurbished.');
    await page.getByRole('button', { name: 'Record the exception' }).click();
    await page.getByText('The exception for SMART Veterans from 1 January 2027 to 31 December 2027 is recorded.').waitFor();
    const row = page.getByRole('row', { name: /SMART Veterans/ });
    expect(await row.innerText()).toContain('1 January 2027 to 31 December 2027');
    expect(await row.innerText()).toContain('refurbished');
    await expectNoAxeViolations(page);

    const site = await t.db.selectFrom('sites').select('id').where('name', '=', 'Riverside Hub').executeTakeFirstOrThrow();
    const stored = await t.db.selectFrom('site_exceptions').select(['programme_code', 'reason']).where('site_id', '=', site.id).execute();
    expect(stored).toEqual([{ programme_code: 'veterans', reason: 'A veterans’ group meets at the Hub while the Forward March centre is refurbished.' }]);
  });
});
