import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { MAP_POINT_LIMIT } from '../../src/domain/reports/network.js';
import { type BrowserApp, expectNoAxeViolations, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

let app: BrowserApp;
const central = DEMO_ACCOUNTS.find((a) => a.role === 'central_office')!;

beforeAll(async () => {
  app = await startBrowserApp();
  // More meetings than the map shows one by one: community meetings around Manchester.
  await sql`
    INSERT INTO meetings (slug, name, programme_code, provider, venue_name, venue_address, venue_postcode, nation_code, region_code, attendance, day, start_time, end_time,
                          starts_on, access, listed_publicly, status, latitude, longitude, listing_reasons)
    SELECT 'grouped-' || g, 'Grouped meeting ' || g, 'smart-recovery', 'uksr', 'Community Hall', '2 Hall Lane', 'M1 1AE', 'england', 'north-west', 'in_person', 2, '18:00', '19:30',
           '2026-01-06', 'open', true, 'running', 53.48 + (g % 10) * 0.05, -2.24 - (g % 7) * 0.1, '[]'
    FROM generate_series(1, ${MAP_POINT_LIMIT + 20}) AS g`.execute(app.db);
});
afterAll(async () => app?.close());

describe('the map of a big network', () => {
  it('draws the places as groups with their counts, lists the groups and keeps the gaps', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    await signInAs(page, app.baseUrl, central);
    await page.goto(`${app.baseUrl}/portal/reports/map`);
    await waitForPortalPage(page);
    await page.getByRole('heading', { name: 'All places on the map' }).waitFor();
    expect(await page.getByRole('img', { name: /groups of places shown by their coordinates/ }).count()).toBe(1);
    const groups = page.getByRole('table', { name: 'Licensed sites and meetings running, counted by region and area' });
    const text = (await groups.textContent()) ?? '';
    expect(text).toMatch(/North West, near 53\.\d°N 2\.\d°W/);
    // Every meeting is counted in some group: the grouped meetings and the demo's own.
    const counts = await groups.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(counts.reduce((sum, n) => sum + Number(n.replace(/,/g, '')), 0)).toBeGreaterThan(MAP_POINT_LIMIT + 20);
    await page.getByRole('heading', { name: 'Licensed sites with no meeting' }).waitFor();
    await expectNoAxeViolations(page);
    await context.close();
  });
});
