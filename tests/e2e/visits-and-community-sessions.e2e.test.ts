import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { addDays, formatLongDate, londonDate } from '../../src/domain/iso-date.js';
import { loadConfig } from '../../src/server/env.js';
import { visitReportPdf } from '../../src/server/modules/visits/visits.service.js';
import { pdfText } from '../support/pdf.js';
import { type BrowserApp, BrowserPages, expectNoAxeViolations, openPortalMenu, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

const COORDINATOR = DEMO_ACCOUNTS.find((a) => a.key === 'coordinator')!;
const LEAD = DEMO_ACCOUNTS.find((a) => a.key === 'smart-lead')!;
const FACILITATOR = DEMO_ACCOUNTS.find((a) => a.key === 'facilitator')!;

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

describe('a Coordinator schedules and records a quality-assurance visit', () => {
  it('schedules it, records it against the Meeting Structure, and the SMART Lead gets the feedback report as a PDF and closes an action', async () => {
    const riverside = await t.db.selectFrom('organisations').select('id').where('name', '=', 'Riverside Recovery Partnership').executeTakeFirstOrThrow();
    const hub = await t.db.selectFrom('sites').select('id').where('name', '=', 'Riverside Hub').executeTakeFirstOrThrow();
    // The meeting the visit is to, registered at the Riverside Hub.
    await t.db
      .insertInto('meetings')
      .values({
        slug: 'riverside-thursday-visit-test-e2e',
        name: 'Riverside Thursday Visit Test Meeting',
        programme_code: 'smart-recovery',
        provider: 'partner',
        organisation_id: riverside.id,
        site_id: hub.id,
        nation_code: 'england',
        region_code: 'north-west',
        attendance: 'in_person',
        day: 2,
        start_time: '18:00',
        end_time: '19:30',
        starts_on: '2026-01-06',
        access: 'closed',
        listed_publicly: false,
        listing_reasons: '[]',
      })
      .execute();
    const today = londonDate(new Date());

    const coordinator = await newPage({ viewport: { width: 360, height: 800 } });
    await signInAs(coordinator, t.baseUrl, COORDINATOR);
    await openPortalMenu(coordinator);
    await coordinator.getByRole('link', { name: 'Visits', exact: true }).click();
    await waitForPortalPage(coordinator);
    expect(await coordinator.locator('h1').innerText()).toBe('Visits');
    await expectNoAxeViolations(coordinator);

    await coordinator.getByLabel('Quality-assurance visit').check();
    await coordinator.getByLabel('Organisation').selectOption({ label: 'Riverside Recovery Partnership' });
    await coordinator.getByLabel('Site', { exact: true }).locator('option', { hasText: 'Riverside Hub' }).waitFor({ state: 'attached' });
    await coordinator.getByLabel('Site', { exact: true }).selectOption({ label: 'Riverside Hub' });
    await coordinator.getByLabel('Meeting (optional)').locator('option', { hasText: 'Riverside Thursday Visit Test Meeting' }).waitFor({ state: 'attached' });
    await coordinator.getByLabel('Meeting (optional)').selectOption({ label: 'Riverside Thursday Visit Test Meeting' });
    await coordinator.getByLabel('Date of the visit').fill(today);
    await coordinator.getByLabel('Time (optional)').fill('18:00');
    await coordinator.getByLabel('Purpose (optional)').fill('Quality assurance of the Tuesday meeting');
    await coordinator.getByRole('button', { name: 'Schedule the visit' }).click();
    await coordinator.getByText('The visit has been scheduled').waitFor();
    await expectNoAxeViolations(coordinator);

    await coordinator.getByRole('link', { name: /Quality-assurance visit, Riverside Hub/ }).click();
    await waitForPortalPage(coordinator);
    expect(await coordinator.locator('h1').innerText()).toBe('Quality-assurance visit: Riverside Hub');
    await expectNoAxeViolations(coordinator);

    for (const item of ['Check-in', 'Agenda set with the group', 'Discussion and tool work', 'At least one SMART tool used', 'Check-out and signposting', 'Meeting Guidelines shared']) {
      await coordinator.getByLabel(item, { exact: true }).check();
    }
    await coordinator.getByLabel('Observations').fill('Six participants; the cost-benefit analysis was worked through together.');
    await coordinator.getByRole('button', { name: 'Add an action' }).click();
    await coordinator.getByLabel('What is to be done').fill('Bring a flipchart to each meeting');
    await coordinator.getByLabel('Who (optional)').fill('Facilitators');
    // No feedback yet: the form says so beside the field and keeps everything typed.
    await coordinator.getByRole('button', { name: 'Record the visit and email the report' }).click();
    await coordinator.getByText('Write the feedback for the SMART Lead and facilitators').first().waitFor();
    expect(await coordinator.getByLabel('Observations').inputValue()).toContain('cost-benefit analysis');
    expect(await coordinator.getByLabel('What is to be done').inputValue()).toBe('Bring a flipchart to each meeting');
    await expectNoAxeViolations(coordinator);

    await coordinator.getByLabel('Feedback for the SMART Lead and facilitators').fill('A well-run meeting. Use a flipchart to set the agenda with the group.');
    await coordinator.getByRole('button', { name: 'Record the visit and email the report' }).click();
    await coordinator.getByText(`The visit has been recorded and the feedback report emailed to ${LEAD.email}.`).waitFor();
    await coordinator.getByRole('row', { name: 'Flipchart used Not seen' }).waitFor();
    await expectNoAxeViolations(coordinator);

    const visitId = new URL(coordinator.url()).pathname.split('/').at(-1)!;
    const mail = await t.db.selectFrom('outbox_messages').selectAll().where('kind', '=', 'visit_report').where('to_address', '=', LEAD.email).executeTakeFirstOrThrow();
    expect(mail.subject).toBe(`Quality-assurance visit feedback: Riverside Hub, ${formatLongDate(today)}`);
    expect(mail.attachments).toEqual([{ kind: 'visit-report-pdf', id: visitId, filename: `visit-report-${today}.pdf` }]);
    const deps = { db: t.db, config: loadConfig({ NODE_ENV: 'test', PUBLIC_URL: t.baseUrl }), now: () => new Date() };
    const text = (await pdfText(await visitReportPdf(deps, visitId))).replace(/\s+/g, ' ');
    expect(text).toContain('Quality-assurance visit: feedback report');
    expect(text).toContain('Riverside Recovery Partnership');
    expect(text).toContain('Riverside Thursday Visit Test Meeting');
    expect(text).toContain(COORDINATOR.name);
    expect(text).toContain('Flipchart used: Not seen');
    expect(text).toContain('Meeting Guidelines shared: Seen');
    expect(text).toContain('Use a flipchart to set the agenda with the group.');
    expect(text).toContain('1. Bring a flipchart to each meeting Who: Facilitators.');

    // The SMART Lead sees the open action on their organisation's page until it is done.
    const lead = await newPage();
    await signInAs(lead, t.baseUrl, LEAD);
    await lead.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Your organisation' }).click();
    await waitForPortalPage(lead);
    await lead.getByRole('heading', { name: 'Open actions from visits' }).waitFor();
    await lead.getByRole('link', { name: 'Bring a flipchart to each meeting' }).click();
    await waitForPortalPage(lead);
    await lead.getByRole('button', { name: /^Mark done\W+Bring a flipchart to each meeting$/ }).click();
    await lead.getByText('Action done: Bring a flipchart to each meeting').waitFor();
    await expectNoAxeViolations(lead);
    await lead.goto(`${t.baseUrl}/portal/organisations`);
    await waitForPortalPage(lead);
    await lead.getByText('No open actions.').waitFor();
  });
});

describe('a Coordinator runs a Facilitator Community Group', () => {
  it('schedules it, sends the invitations with a calendar file, records attendance, and the facilitator’s record shows it', async () => {
    const coordinator = await newPage();
    await signInAs(coordinator, t.baseUrl, COORDINATOR);
    await coordinator.getByRole('link', { name: 'Community sessions' }).click();
    await waitForPortalPage(coordinator);
    expect(await coordinator.locator('h1').innerText()).toBe('Community sessions');
    await expectNoAxeViolations(coordinator);

    await coordinator.getByLabel('Facilitator Community Group (monthly)').check();
    await coordinator.getByLabel('Date', { exact: true }).fill(addDays(londonDate(new Date()), 7));
    await coordinator.getByLabel('Start time (UK time)').fill('18:30');
    await coordinator.getByLabel('Joining link').fill('http://meet.example.org/fcg');
    await coordinator.getByRole('button', { name: 'Schedule the session' }).click();
    await coordinator.getByText('Enter the joining link, starting https://').first().waitFor();
    await expectNoAxeViolations(coordinator);
    await coordinator.getByLabel('Joining link').fill('https://meet.example.org/fcg-north-west');
    await coordinator.getByRole('button', { name: 'Schedule the session' }).click();
    await coordinator.getByText('The session has been scheduled').waitFor();
    await coordinator.getByRole('link', { name: 'Facilitator Community Group: North West' }).first().click();
    await waitForPortalPage(coordinator);
    expect(await coordinator.locator('h1').innerText()).toBe('Facilitator Community Group: North West');
    await expectNoAxeViolations(coordinator);

    await coordinator.getByRole('button', { name: 'Send the invitations' }).click();
    await coordinator.getByText(/Invitations sent to \d+ facilitators?/).waitFor();
    const sessionId = new URL(coordinator.url()).pathname.split('/').at(-1)!;
    const invitation = await t.db.selectFrom('outbox_messages').selectAll().where('kind', '=', 'community_session_invitation').where('to_address', '=', FACILITATOR.email).executeTakeFirstOrThrow();
    expect(invitation.text_body).toContain('https://meet.example.org/fcg-north-west');
    expect(invitation.attachments).toEqual([{ kind: 'community-session-ics', id: sessionId, filename: 'facilitator-community-group.ics' }]);

    // The session takes place.
    await t.db.updateTable('community_sessions').set({ starts_at: new Date(Date.now() - 60 * 60 * 1000) }).where('id', '=', sessionId).execute();
    await coordinator.reload();
    await waitForPortalPage(coordinator);
    await coordinator.getByLabel(FACILITATOR.name).check();
    await coordinator.getByRole('button', { name: 'Save attendance' }).click();
    await coordinator.getByText('Attendance saved: 1 attended.').waitFor();
    await expectNoAxeViolations(coordinator);

    const record = await t.db.selectFrom('facilitators').select('id').where('email', '=', FACILITATOR.email).executeTakeFirstOrThrow();
    await coordinator.goto(`${t.baseUrl}/portal/facilitators/${record.id}`);
    await waitForPortalPage(coordinator);
    await coordinator.getByRole('heading', { name: 'Community sessions' }).waitFor();
    await coordinator.getByRole('row', { name: /Facilitator Community Group: North West.*Attended/ }).waitFor();
    await expectNoAxeViolations(coordinator);
  });
});
