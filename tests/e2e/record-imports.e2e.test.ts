import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_IMPORT_KIND_NAMES, RECORD_IMPORT_KINDS } from '../../src/shared/schemas/record-imports.js';
import { type BrowserApp, BrowserPages, demoAccount, expectNoAxeViolations, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/imports/examples');

let t: BrowserApp;
const pages = new BrowserPages(() => t);

beforeAll(async () => {
  t = await startBrowserApp();
});
afterAll(async () => t?.close());

afterEach(async () => expect(await pages.closeAll(), 'uncaught errors in the page').toEqual([]));

async function counts() {
  const n = async (table: 'organisations' | 'sites' | 'licences' | 'facilitators' | 'training_progress' | 'meetings') =>
    Number((await t.db.selectFrom(table).select(t.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { organisations: await n('organisations'), sites: await n('sites'), licences: await n('licences'), facilitators: await n('facilitators'), training: await n('training_progress'), meetings: await n('meetings') };
}

/** Chooses the kind and the example file, checks it, and answers the check's summary line. */
async function check(page: Page, kind: (typeof RECORD_IMPORT_KINDS)[number]) {
  await page.getByLabel('Kind of file').selectOption(kind);
  await page.getByLabel('CSV file').setInputFiles(path.join(examples, `${kind}.csv`));
  await page.getByText(`Chosen: ${kind}.csv`).waitFor();
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('heading', { name: 'Check report' }).waitFor();
  return page.locator('section p').first().innerText();
}

describe("importing today's records", () => {
  it('Central Office checks and imports each example file, then imports them again without duplicates', async () => {
    const page = await pages.open({ viewport: { width: 320, height: 900 } });
    await signInAs(page, t.baseUrl, demoAccount('central'));
    await page.goto(`${t.baseUrl}/portal/record-imports`);
    await waitForPortalPage(page);
    await page.getByRole('button', { name: 'Check the file' }).waitFor();
    expect((await page.locator('h1').innerText()).trim()).toBe("Import today's records");
    await expectNoAxeViolations(page);

    // A file that is not CSV text is refused before it is sent.
    await page.getByLabel('CSV file').setInputFiles({ name: 'records.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe]) });
    await page.getByRole('alert').filter({ hasText: 'records.xlsx is not a CSV text file' }).waitFor();

    // A sites file before its organisations: the check lists each row and why, and nothing can be imported.
    await check(page, 'sites');
    const refused = page.locator('table', { has: page.locator('caption', { hasText: 'Rows refused' }) });
    expect(await refused.locator('tbody tr td:first-child').allInnerTexts()).toEqual(['2', '3', '4', '5']);
    expect(await refused.locator('tbody tr').first().innerText()).toContain('No organisation on Partner Hub has the legacy id "ORG-001"');
    expect(await page.getByRole('button', { name: /^Import \d/ }).count()).toBe(0);
    await expectNoAxeViolations(page);

    const start = await counts();
    for (const kind of RECORD_IMPORT_KINDS) {
      const before = await counts();
      const summary = await check(page, kind);
      expect(summary, kind).toContain(`${RECORD_IMPORT_KIND_NAMES[kind]}:`);
      expect(summary, kind).toContain(' 0 refused');
      expect(await counts(), `checking ${kind} writes nothing`).toEqual(before);
      if (kind === 'organisations') await expectNoAxeViolations(page);
      await page.getByRole('button', { name: /^Import \d+ rows?$/ }).click();
      await page.getByRole('heading', { name: 'Import report' }).waitFor();
      await page.locator('.notice', { hasText: /^Imported \d+ rows?: [1-9]\d* created/ }).waitFor();
    }
    await expectNoAxeViolations(page);
    const imported = await counts();
    expect(imported).toEqual({
      organisations: start.organisations + 3, sites: start.sites + 4, licences: start.licences + 6, facilitators: start.facilitators + 5,
      training: start.training + 3, meetings: start.meetings + 6,
    });

    // Again: every row is already on Partner Hub, and importing changes nothing.
    for (const kind of RECORD_IMPORT_KINDS) {
      const summary = await check(page, kind);
      expect(summary, kind).toContain(' 0 to create, 0 to update');
      await page.getByRole('button', { name: /^Import \d+ rows?$/ }).click();
      await page.locator('.notice', { hasText: /^Imported \d+ rows?: 0 created, 0 updated, \d+ already on Partner Hub\.$/ }).waitFor();
    }
    expect(await counts()).toEqual(imported);
  });
});
