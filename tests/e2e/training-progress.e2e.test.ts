import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatLongDate, londonDate } from '../../src/domain/iso-date.js';
import { pdfText } from '../support/pdf.js';
import { type BrowserApp, BrowserPages, demoAccount, expectNoAxeViolations, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

let t: BrowserApp;
const pages = new BrowserPages(() => t);
let volunteerId = '';
const TODAY = londonDate(new Date());

beforeAll(async () => {
  t = await startBrowserApp();
  // An invented UKSR volunteer who has done both prerequisite modules (Section 6 step 4).
  const row = await t.db
    .insertInto('facilitators')
    .values({ name: 'Rowan Telford', email: 'rowan.telford@people.partnerhub.test', uksr_volunteer_status: 'active' })
    .returning('id')
    .executeTakeFirstOrThrow();
  volunteerId = row.id;
  for (const module of ['introduction-to-smart', 'getting-smart'] as const) {
    const on = addDays(TODAY, -14);
    await t.db.insertInto('training_progress').values({ facilitator_id: volunteerId, module, status: 'completed', enrolled_on: on, completed_on: on, source: 'staff' }).execute();
  }
});
afterAll(async () => t?.close());

afterEach(async () => expect(await pages.closeAll(), 'uncaught errors in the page').toEqual([]));

async function freshPage(viewport?: { width: number; height: number }): Promise<Page> {
  return pages.open({ acceptDownloads: true, ...(viewport ? { viewport } : {}) });
}

describe('facilitator training progress', () => {
  it('Central Office records a SMART Facilitator completion and downloads the certificate', async () => {
    const page = await freshPage({ width: 320, height: 800 });
    await signInAs(page, t.baseUrl, demoAccount('central'));
    await page.goto(`${t.baseUrl}/portal/training/people`);
    await waitForPortalPage(page);
    await page.getByRole('link', { name: 'Rowan Telford' }).waitFor();
    expect((await page.locator('h1').innerText()).trim()).toBe('Facilitator training progress');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Rowan Telford' }).click();
    await page.getByRole('heading', { level: 1, name: 'Training: Rowan Telford' }).waitFor();
    await expectNoAxeViolations(page);

    // Submitting nothing shows the error summary, with the message beside each field.
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
    await expectNoAxeViolations(page);

    await page.getByLabel('Module').selectOption('smart-facilitator');
    await page.getByLabel('Completed').check();
    await page.getByLabel('Date').fill(TODAY);
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.locator('.notice', { hasText: 'SMART Facilitator training: completed' }).waitFor();
    const link = page.getByRole('link', { name: /Download the facilitator certificate FC-\d{6} \(PDF\)/ });
    await link.waitFor();
    await expectNoAxeViolations(page);

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^facilitator-certificate-FC-\d{6}\.pdf$/);
    const text = await pdfText(await readFile((await download.path())!));
    expect(text).toContain('Rowan Telford');
    expect(text).toContain('SMART Recovery Facilitator Training');
    expect(text).toContain(`on ${formatLongDate(TODAY)}`);

    const task = await t.db.selectFrom('tasks').select(['kind', 'status']).where('subject_id', '=', volunteerId).executeTakeFirstOrThrow();
    expect(task).toEqual({ kind: 'training.send_manual', status: 'open' });
  });
});
