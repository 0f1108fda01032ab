import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { buildApp } from '../../../src/server/app.js';
import type { DB } from '../../../src/server/db/database.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, loadDemoData } from '../../../src/server/db/demo/demo-data.js';
import { loadConfig } from '../../../src/server/env.js';
import { createTestDatabase } from '../../support/test-database.js';
import { unusedTotpCode } from '../../support/totp-codes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export type DemoAccount = (typeof DEMO_ACCOUNTS)[number];

/** The demo account with this key ('central', 'coordinator', 'smart-lead', …). */
export function demoAccount(key: string): DemoAccount {
  const found = DEMO_ACCOUNTS.find((a) => a.key === key);
  if (!found) throw new Error(`no demo account ${key}`);
  return found;
}

export interface BrowserApp {
  /** Where the app listens, e.g. http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string;
  db: DB;
  browser: Browser;
  close(): Promise<void>;
}

/** Builds the portal with Vite once, when no build is there to serve. */
export function ensurePortalBuilt(): void {
  if (fs.existsSync(path.join(root, 'dist/web/index.html'))) return;
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
}

/**
 * The whole app on a database of its own with the demo network loaded, listening on a free local
 * port, and the system's Chromium to drive it. One per test file: share it in beforeAll/afterAll.
 */
export async function startBrowserApp(): Promise<BrowserApp> {
  ensurePortalBuilt();
  const database = await createTestDatabase();
  const closers: (() => Promise<void>)[] = [() => database.close()];
  const close = async () => {
    // Last opened, first closed; every closer runs even if one fails.
    const errors: unknown[] = [];
    for (const closer of closers.reverse()) await closer().catch((error: unknown) => errors.push(error));
    if (errors.length) throw new AggregateError(errors, 'closing the browser app failed');
  };
  try {
    await loadDemoData(database.db);
    const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://127.0.0.1' });
    const app = await buildApp({ config, db: database.db });
    closers.push(() => app.close());
    await app.listen({ host: '127.0.0.1', port: 0 });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    // The port is known only once listening; links in mail are built from this at send time.
    config.publicUrl = baseUrl;
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    closers.push(() => browser.close());
    return { baseUrl, db: database.db, browser, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

/** Fails with each WCAG 2.2 AA violation axe finds on the page: rule, what it means, where. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  if (results.violations.length === 0) return;
  const lines = results.violations.map(
    (v) => `- ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}\n    at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
  );
  throw new Error(`axe found ${results.violations.length} accessibility violation(s) on ${page.url()}:\n${lines.join('\n')}`);
}

/** Signs in through the real sign-in form, with the code from the authenticator for staff. */
export async function signInAs(page: Page, baseUrl: string, account: DemoAccount, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await waitForPathAfterForm(page, (p) => p === '/sign-in/two-factor' || p.startsWith('/portal'));
  if (new URL(page.url()).pathname === '/sign-in/two-factor') {
    if (!account.totpSecret) throw new Error(`${account.email} was asked for a code but has no two-factor secret`);
    await page.getByLabel('Code', { exact: true }).fill(await unusedTotpCode(account.totpSecret));
    await page.getByRole('button', { name: 'Continue' }).click();
    await waitForPathAfterForm(page, (p) => p.startsWith('/portal'));
  }
}

/** Waits for a form post to land on the expected path, or fails with the page's error message. */
async function waitForPathAfterForm(page: Page, arrived: (pathname: string) => boolean): Promise<void> {
  try {
    await page.waitForURL((url) => arrived(url.pathname), { timeout: 10_000 });
  } catch (error) {
    const shown = await page.locator('.error-message').allInnerTexts().catch(() => []);
    throw new Error(`Sign-in did not get through: at ${page.url()}${shown.length ? `, the page says: ${shown.join('; ')}` : ''}`, { cause: error });
  }
}

/** Waits until the portal has loaded who is signed in and every "Loading…" has gone. */
export async function waitForPortalPage(page: Page): Promise<void> {
  await page.locator('h1').waitFor();
  await page.waitForFunction(() => ![...document.querySelectorAll('[role="status"]')].some((el) => el.textContent?.includes('Loading')));
}

/**
 * axe for a page shown with JavaScript off. axe runs as a script in the page, which hangs there, so
 * this checks the same HTML, at the same address and size, in a page of its own with JavaScript on
 * and the page's own scripts held back (so nothing but the server's markup is checked).
 */
export async function expectNoAxeViolationsWithoutJavaScript(page: Page): Promise<void> {
  const html = await page.content();
  const browser = page.context().browser();
  if (!browser) throw new Error('the page has no browser to open a checking page in');
  const checking = await browser.newContext({ viewport: page.viewportSize() });
  try {
    const copy = await checking.newPage();
    const address = page.url();
    await copy.route('**/*', (route) => {
      const url = route.request().url();
      if (url === address) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      if (route.request().resourceType() === 'script') return route.abort();
      return route.continue();
    });
    await copy.goto(address);
    await expectNoAxeViolations(copy);
  } finally {
    await checking.close();
  }
}

/**
 * What a test file watches on every page it opens, beyond uncaught script errors: console errors,
 * unexpected statuses, requests to hold back. `report` adds a problem that fails the test.
 */
export type PageWatch = (page: Page, report: (problem: string) => void) => void | Promise<void>;

/**
 * Reports, as problems that fail the test, console errors and any answer of 400 or more the test did
 * not expect (`expected(status, pathname)`; the favicon browsers ask for is always expected). A failed
 * request's own console line is left to the status check, which names the address.
 */
export function reportFailures(page: Page, report: (problem: string) => void, expected: (status: number, pathname: string) => boolean = () => false): void {
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) report(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    const status = response.status();
    if (status >= 400 && pathname !== '/favicon.ico' && !expected(status, pathname)) report(`${status} for ${response.request().method()} ${pathname}`);
  });
}

/**
 * The pages a test file opens, each in a browser context of its own: closed after every test, with
 * the uncaught errors their scripts threw meanwhile, and whatever `watch` reported (a test fails on any).
 */
export class BrowserPages {
  private readonly contexts: BrowserContext[] = [];
  private readonly errors: string[] = [];

  constructor(
    private readonly app: () => BrowserApp,
    private readonly watch?: PageWatch,
  ) {}

  async open(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await this.app().browser.newContext(options);
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => this.errors.push(error.message));
    await this.watch?.(page, (problem) => this.errors.push(problem));
    return page;
  }

  /** Closes every page opened since the last call and returns the uncaught page errors seen meanwhile. */
  async closeAll(): Promise<string[]> {
    for (const context of this.contexts.splice(0)) await context.close();
    return this.errors.splice(0);
  }
}

/** Opens the portal's menu where a phone's width folds it behind its Menu button (decision 180); on a wide screen it is open already. */
export async function openPortalMenu(page: Page): Promise<void> {
  const toggle = page.getByRole('navigation', { name: 'Portal' }).getByRole('button', { name: 'Menu' });
  await toggle.waitFor({ state: 'attached' });
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
}
