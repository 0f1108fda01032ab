import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { type BrowserApp, expectNoAxeViolations, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

let app: BrowserApp;
const coordinator = DEMO_ACCOUNTS.find((a) => a.key === 'coordinator')!; // North West

beforeAll(async () => {
  app = await startBrowserApp();
});
afterAll(async () => app?.close());

describe("the Coordinator's workspace", () => {
  it('opens the home page and an organisation page, records a note of contact, reads a report and downloads its CSV', async () => {
    const context = await app.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    // More facilitators due in the North West than one page of the home page shows (decision 159).
    const riversideOrg = await app.db.selectFrom('organisations').select('id').where('name', '=', 'Riverside Recovery Partnership').executeTakeFirstOrThrow();
    for (let i = 1; i <= 22; i++) {
      const name = `Zz Paging Volunteer ${String(i).padStart(2, '0')}`;
      const f = await app.db.insertInto('facilitators').values({ name, email: `zz.paging.${i}@people.partnerhub.test` }).returning('id').executeTakeFirstOrThrow();
      await app.db.insertInto('facilitator_organisations').values({ facilitator_id: f.id, organisation_id: riversideOrg.id, capacity: 'volunteer' }).execute();
    }
    await signInAs(page, app.baseUrl, coordinator);
    await page.goto(`${app.baseUrl}/portal/`);
    await waitForPortalPage(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your region: North West');
    await page.getByRole('heading', { name: /Nominations to enrol/ }).waitFor();
    const body = (await page.locator('main').textContent()) ?? '';
    // Another region's organisations never appear.
    expect(body).not.toContain('HMP Eastmoor');
    expect(body).not.toContain('Brighter Paths');
    await expectNoAxeViolations(page);

    // The facilitators due: the first 20 of them, "N of M", and a plain link to the next page.
    const due = page.locator('section#facilitators-due');
    const total = Number(/\((\d+)\)/.exec((await due.getByRole('heading').textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThanOrEqual(22);
    expect(total).toBeLessThanOrEqual(40);
    expect(await due.getByRole('listitem').count()).toBe(20);
    expect(await due.textContent()).toContain(`Showing 1 to 20 of ${total}.`);
    expect(await due.textContent()).not.toContain('Zz Paging Volunteer 22');
    const next = due.getByRole('link', { name: `Next ${total - 20}` });
    expect(await next.getAttribute('href')).toBe('/portal/workspace?section=facilitators-due&offset=20#facilitators-due');
    await next.click();
    await page.waitForURL(/section=facilitators-due&offset=20/);
    await waitForPortalPage(page);
    await due.getByText(`Showing 21 to ${total} of ${total}.`).waitFor();
    expect(await due.getByRole('listitem').count()).toBe(total - 20);
    expect(await due.textContent()).toContain('Zz Paging Volunteer 22');
    expect(await due.getByRole('link', { name: 'Previous 20' }).getAttribute('href')).toBe('/portal/workspace#facilitators-due');
    expect((await page.locator('main').textContent()) ?? '').not.toContain('HMP Eastmoor');
    await expectNoAxeViolations(page);

    // An organisation's page, from its page address (the home page links there when it needs attention).
    const riverside = await app.db.selectFrom('organisations').select('id').where('name', '=', 'Riverside Recovery Partnership').executeTakeFirstOrThrow();
    await page.goto(`${app.baseUrl}/portal/workspace/organisations/${riverside.id}`);
    await waitForPortalPage(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Riverside Recovery Partnership');
    await page.getByRole('heading', { name: 'Notes of contact' }).waitFor();
    expect(await page.getByRole('img', { name: /Sites and meetings of Riverside Recovery Partnership/ }).count()).toBe(1);
    await page.getByLabel('Date of the contact').fill('2026-11-20');
    await page.getByLabel('How', { exact: true }).selectOption('call');
    await page.getByLabel('Note', { exact: true }).fill('Called the SMART Lead about a second meeting in Blackburn.');
    await page.getByRole('button', { name: 'Save the note' }).click();
    await page.getByRole('status').filter({ hasText: 'Note saved.' }).waitFor();
    await page.getByText('Called the SMART Lead about a second meeting in Blackburn.').waitFor();
    await expectNoAxeViolations(page);

    // Another region's organisation is "not found".
    const prison = await app.db.selectFrom('organisations').select('id').where('name', '=', 'HMP Eastmoor').executeTakeFirstOrThrow();
    await page.goto(`${app.baseUrl}/portal/workspace/organisations/${prison.id}`);
    await waitForPortalPage(page);
    await page.getByRole('heading', { level: 1, name: 'Organisation not found' }).waitFor();

    // The network report, for their region only, with its CSV.
    await page.goto(`${app.baseUrl}/portal/reports`);
    await waitForPortalPage(page);
    await page.getByRole('heading', { name: 'Licences', level: 2 }).waitFor();
    const regionTable = page.getByRole('table', { name: 'Licences in operation by region' });
    expect(await regionTable.textContent()).toContain('North West');
    expect(await regionTable.textContent()).not.toContain('Scotland');
    await expectNoAxeViolations(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Licences by region (CSV)' }).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk));
    const csv = Buffer.concat(chunks).toString('utf8');
    expect(csv.split('\r\n')[0]).toBe('Region,Count');
    expect(csv).toContain('North West,');
    expect(csv).not.toContain('Scotland');

    // The map of the network, with the places as a list.
    await page.goto(`${app.baseUrl}/portal/reports/map`);
    await waitForPortalPage(page);
    await page.getByRole('heading', { name: 'All places on the map' }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain('HMP Eastmoor');
    await expectNoAxeViolations(page);
    await context.close();
  });
});
