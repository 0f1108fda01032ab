import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { type BrowserApp, BrowserPages, expectNoAxeViolations, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

/**
 * Text that users type is always shown escaped (issue 10). Script-like names are stored everywhere a
 * name appears (an organisation, a site, a facilitator, a meeting and its description, a community
 * venue, a nomination, a quote request's site) and every page that shows them, in the portal and on
 * the public meeting finder, is visited in Chromium: the text is shown literally, nothing it holds
 * became an element or ran, and axe finds no violation. The Content-Security-Policy would stop an
 * injected script from running anyway, so the test looks for the injected elements themselves.
 */

const LEAD = DEMO_ACCOUNTS.find((a) => a.key === 'smart-lead')!;
const CENTRAL = DEMO_ACCOUNTS.find((a) => a.key === 'central')!;
const FACILITATOR = DEMO_ACCOUNTS.find((a) => a.key === 'facilitator')!;
const PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';
const named = (what: string) => `${what} ${PAYLOAD}`;
const NAMES = {
  organisation: named('Riverside'),
  site: named('Hub'),
  facilitator: named('Sam'),
  meeting: named('Tuesday'),
  description: named('About'),
  venue: named('Venue'),
  nominee: named('Nominee'),
  quoteSite: named('Harbour'),
};

let t: BrowserApp;
const pages = new BrowserPages(() => t);
let ids: { organisation: string; facilitator: string; meeting: string; slug: string; postcode: string; region: string; communityMeeting: string; communitySlug: string; quote: string };

beforeAll(async () => {
  t = await startBrowserApp();
  const db = t.db;
  const organisation = await db.selectFrom('organisations').select(['id', 'region_code']).where('name', '=', 'Riverside Recovery Partnership').executeTakeFirstOrThrow();
  const site = await db.selectFrom('sites').select(['id', 'postcode']).where('organisation_id', '=', organisation.id).where('name', '=', 'Riverside Hub').executeTakeFirstOrThrow();
  const facilitator = await db.selectFrom('facilitators').select('id').where('email', '=', FACILITATOR.email).executeTakeFirstOrThrow();
  const meeting = await db
    .selectFrom('meetings').select(['id', 'slug']).where('site_id', '=', site.id).where('publicly_visible', '=', true).orderBy('created_at').limit(1).executeTakeFirstOrThrow();
  const community = await db.selectFrom('meetings').select(['id', 'slug']).where('provider', '=', 'uksr').where('publicly_visible', '=', true).orderBy('created_at').limit(1).executeTakeFirstOrThrow();
  await db.updateTable('organisations').set({ name: NAMES.organisation }).where('id', '=', organisation.id).execute();
  await db.updateTable('sites').set({ name: NAMES.site }).where('id', '=', site.id).execute();
  await db.updateTable('facilitators').set({ name: NAMES.facilitator }).where('id', '=', facilitator.id).execute();
  await db.updateTable('meetings').set({ name: NAMES.meeting, description: NAMES.description }).where('id', '=', meeting.id).execute();
  await db.updateTable('meetings').set({ venue_name: NAMES.venue }).where('id', '=', community.id).execute();
  // The facilitator must facilitate the meeting for it to be theirs in the portal.
  await db.insertInto('meeting_facilitators').values({ meeting_id: meeting.id, facilitator_id: facilitator.id }).onConflict((oc) => oc.doNothing()).execute();
  const quote = await fetch(`${t.baseUrl}/api/v1/quotes`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organisationType: 'for-profit', sites: [{ name: NAMES.quoteSite, licences: ['smart-recovery', 'criminal-justice'] }] }),
  });
  expect(quote.status).toBe(201);
  ids = {
    organisation: organisation.id, facilitator: facilitator.id, meeting: meeting.id, slug: meeting.slug, postcode: site.postcode, region: organisation.region_code,
    communityMeeting: community.id, communitySlug: community.slug, quote: ((await quote.json()) as { reference: string }).reference,
  };
}, 120_000);
afterAll(async () => t?.close());
afterEach(async () => expect(await pages.closeAll(), 'uncaught errors in the page').toEqual([]));

async function newPage(): Promise<Page> {
  return pages.open({ viewport: { width: 390, height: 900 } });
}

/** Nothing the names hold became an element or ran, each expected name is shown as typed, and axe is clean. */
async function expectEscaped(page: Page, shows: string[]): Promise<void> {
  const state = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    images: document.querySelectorAll('img[src="x"], img[onerror]').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent?.includes('__xss')).length,
    handlers: [...document.querySelectorAll('*')].filter((el) => el.getAttribute('onerror')?.includes('__xss')).length,
    text: document.body.innerText,
  }));
  expect({ ...state, text: undefined }, page.url()).toEqual({ xss: undefined, images: 0, scripts: 0, handlers: 0, text: undefined });
  for (const name of shows) expect(state.text, `${page.url()} shows ${name.split(' ')[0]} literally`).toContain(name);
  await expectNoAxeViolations(page);
}

async function portal(page: Page, path: string, shows: string[]): Promise<void> {
  await page.goto(`${t.baseUrl}${path}`);
  try {
    await waitForPortalPage(page);
    for (const name of shows) await page.getByText(name, { exact: false }).first().waitFor({ timeout: 10_000 });
  } catch (error) {
    await page.screenshot({ path: `/tmp/script-like-${path.replaceAll('/', '_')}.png`, fullPage: true });
    throw new Error(`${path} did not show ${shows.map((s) => s.split(' ')[0]).join(', ')}; it says: ${(await page.locator('main').innerText()).slice(0, 600)}`, { cause: error });
  }
  await expectEscaped(page, shows);
}

describe('script-like names are shown as text', () => {
  it("in the SMART Lead's portal: organisation, facilitators, meetings, nominations and the register form", async () => {
    const page = await newPage();
    await signInAs(page, t.baseUrl, LEAD);
    await waitForPortalPage(page);
    // A nomination, typed through the API as the portal would send it.
    const nominated = await page.evaluate(async ([siteName, nominee]) => {
      const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string; organisationId: string };
      const organisation = (await (await fetch(`/api/v1/organisations/${me.organisationId}`)).json()) as { sites: { id: string; name: string }[] };
      const site = organisation.sites.find((s) => s.name === siteName)!;
      const res = await fetch('/api/v1/nominations', {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ siteId: site.id, licenceType: 'smart-recovery', nomineeName: nominee, nomineeEmail: 'script.nominee@people.partnerhub.test' }),
      });
      return `${res.status} ${await res.text()}`;
    }, [NAMES.site, NAMES.nominee] as const);
    expect(nominated.slice(0, 3), nominated).toBe('201');

    await portal(page, '/portal/organisations', [NAMES.organisation, NAMES.site]);
    await portal(page, '/portal/facilitators', [NAMES.facilitator]);
    await portal(page, `/portal/facilitators/${ids.facilitator}`, [NAMES.facilitator]);
    await portal(page, '/portal/meetings', [NAMES.meeting]);
    await portal(page, `/portal/meetings/${ids.meeting}`, [NAMES.meeting, NAMES.description]);
    await portal(page, '/portal/training', [NAMES.nominee]);
    await portal(page, '/portal/meetings/new', [NAMES.facilitator]);
  }, 180_000);

  it("in Central Office's portal: organisations, a community meeting's venue and a quote request", async () => {
    const page = await newPage();
    await signInAs(page, t.baseUrl, CENTRAL);
    await waitForPortalPage(page);
    await portal(page, '/portal/organisations', [NAMES.organisation]);
    await portal(page, `/portal/meetings/${ids.communityMeeting}`, [NAMES.venue]);
    await portal(page, '/portal/quote-requests', []);
    await portal(page, `/portal/quote-requests/${ids.quote}`, [NAMES.quoteSite]);
  }, 180_000);

  it("in the facilitator's portal: their record and the register form's list of their organisation's facilitators", async () => {
    const page = await newPage();
    await signInAs(page, t.baseUrl, FACILITATOR);
    await waitForPortalPage(page);
    await portal(page, '/portal/my-record', [NAMES.organisation]); // the organisations they facilitate for
    await portal(page, `/portal/meetings/${ids.meeting}`, [NAMES.meeting]);
    await portal(page, '/portal/meetings/new', [NAMES.facilitator]);
  }, 180_000);

  it('on the public meeting finder, the meeting pages and the printable list', async () => {
    const page = await newPage();
    for (const [path, shows] of [
      [`/meetings?near=${encodeURIComponent(ids.postcode)}`, [NAMES.meeting]],
      [`/meetings/${ids.slug}`, [NAMES.meeting, NAMES.description]],
      [`/meetings/${ids.communitySlug}`, [NAMES.venue]],
      [`/meetings/print?region=${ids.region}`, [NAMES.meeting]],
    ] as const) {
      await page.goto(`${t.baseUrl}${path}`);
      await page.locator('h1').waitFor();
      await expectEscaped(page, [...shows]);
    }
  }, 180_000);
});
