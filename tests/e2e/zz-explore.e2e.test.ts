import { afterAll, beforeAll, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { type BrowserApp, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

let t: BrowserApp;
beforeAll(async () => { t = await startBrowserApp(); });
afterAll(async () => t?.close());

it('overflow', async () => {
  for (const width of [320, 390]) {
    const ctx = await t.browser.newContext({ viewport: { width, height: 800 } });
    const page = await ctx.newPage();
    await signInAs(page, t.baseUrl, DEMO_ACCOUNTS[0]!);
    for (const p of ['/portal/', '/portal/organisations', '/portal/outbox', '/portal/audit', '/portal/organisations/' + (await t.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id]) {
      await page.goto(t.baseUrl + p);
      await waitForPortalPage(page);
      const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((e) => e.tagName + ' ' + (e.textContent ?? '').slice(0, 40)).slice(0, 5));
      console.log(width, p, await page.evaluate(() => document.documentElement.scrollWidth), wide);
    }
    await ctx.close();
  }
});
