import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { type BrowserApp, BrowserPages, expectNoAxeViolations, openPortalMenu, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

/**
 * Editing from a stale copy (docs/decisions/101): the portal shows what changed and keeps what was
 * typed. Central Office's subject access download and erasure on the same page (docs/decisions/104).
 */

const LEAD = DEMO_ACCOUNTS.find((a) => a.key === 'smart-lead')!;
const FACILITATOR = DEMO_ACCOUNTS.find((a) => a.key === 'facilitator')!;
const CENTRAL = DEMO_ACCOUNTS.find((a) => a.key === 'central')!;

let t: BrowserApp;
const pages = new BrowserPages(() => t);

beforeAll(async () => {
  t = await startBrowserApp();
});
afterAll(async () => t?.close());
afterEach(async () => expect(await pages.closeAll(), 'uncaught errors in the page').toEqual([]));

async function newPage(): Promise<Page> {
  return pages.open({ viewport: { width: 320, height: 800 } });
}

describe('a facilitator record changed by someone else while a SMART Lead edits it', () => {
  it('shows what the other person saved next to the field, keeps what was typed, and saves on the second try', async () => {
    const lead = await newPage();
    await signInAs(lead, t.baseUrl, LEAD);
    await openPortalMenu(lead);
    await lead.getByRole('link', { name: 'Facilitators', exact: true }).click();
    await waitForPortalPage(lead);
    await lead.getByRole('link', { name: FACILITATOR.name }).click();
    await waitForPortalPage(lead);
    await lead.getByText('Edit their details').click();
    await lead.getByLabel('Full name').fill(`${FACILITATOR.name}-Hale`);

    // Meanwhile someone else changes the phone number (any change to the row raises its version).
    await t.db.updateTable('facilitators').set({ phone: '01632 960777' }).where('email', '=', FACILITATOR.email).execute();

    await lead.getByRole('button', { name: 'Save their details' }).click();
    await lead.getByText('Someone else changed these details while you were editing.').waitFor();
    await lead.getByText('01632 960777').waitFor();
    expect(await lead.locator('#edit-phone-changed').innerText()).toContain('Changed by someone else to: 01632 960777');
    expect(await lead.getByLabel('Full name').inputValue()).toBe(`${FACILITATOR.name}-Hale`);
    expect(await lead.getByLabel('Phone (optional)').getAttribute('aria-describedby')).toContain('edit-phone-changed');
    await expectNoAxeViolations(lead);

    // Having seen it, the SMART Lead takes the new number and saves again.
    await lead.getByLabel('Phone (optional)').fill('01632 960777');
    await lead.getByRole('button', { name: 'Save their details' }).click();
    await lead.getByText('The record has been updated.').waitFor();
    const saved = await t.db.selectFrom('facilitators').select(['name', 'phone']).where('email', '=', FACILITATOR.email).executeTakeFirstOrThrow();
    expect(saved).toEqual({ name: `${FACILITATOR.name}-Hale`, phone: '01632 960777' });
  });
});

describe('Central Office and a facilitator who has left', () => {
  it('downloads everything held about them, is told what to do before erasing, and erases them', async () => {
    const organisation = await t.db.selectFrom('organisations').select(['id', 'name']).where('name', '=', 'Riverside Recovery Partnership').executeTakeFirstOrThrow();
    const person = await t.db
      .insertInto('facilitators')
      .values({ name: 'Perrin Ashdown', email: 'perrin.ashdown@people.partnerhub.test', phone: '01632 960888' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('facilitator_organisations').values({ facilitator_id: person.id, organisation_id: organisation.id, capacity: 'volunteer' }).execute();

    const central = await newPage();
    await signInAs(central, t.baseUrl, CENTRAL);
    await central.goto(`${t.baseUrl}/portal/facilitators/${person.id}`);
    await waitForPortalPage(central);
    await central.getByRole('heading', { name: 'Their personal data' }).waitFor();
    await expectNoAxeViolations(central);

    const download = central.getByRole('link', { name: 'Download everything held about Perrin Ashdown' });
    const exported = await central.request.get(new URL((await download.getAttribute('href'))!, t.baseUrl).toString());
    expect(exported.status()).toBe(200);
    expect((await exported.json()).facilitator).toMatchObject({ email: 'perrin.ashdown@people.partnerhub.test', phone: '01632 960888' });

    // Still facilitating for Riverside: erasure says what to do first and changes nothing.
    await central.getByRole('button', { name: "Erase Perrin Ashdown's personal details" }).click();
    await central.getByRole('button', { name: 'Yes, erase Perrin Ashdown' }).click();
    await central.getByText('remove them from every organisation they facilitate for').waitFor();
    await expectNoAxeViolations(central);

    await central.getByRole('button', { name: `Remove Perrin Ashdown from ${organisation.name}` }).click();
    await central.getByRole('button', { name: 'Yes, remove Perrin Ashdown' }).click();
    await central.getByText(`Perrin Ashdown has been removed from ${organisation.name}.`).waitFor();
    await central.goto(`${t.baseUrl}/portal/facilitators/${person.id}`);
    await waitForPortalPage(central);
    await central.getByRole('button', { name: "Erase Perrin Ashdown's personal details" }).click();
    await central.getByRole('button', { name: 'Yes, erase Perrin Ashdown' }).click();
    await central.getByText('Their personal details have been erased.').waitFor();
    expect(await central.locator('h1').innerText()).toBe('Erased person');
    await expectNoAxeViolations(central);
    const row = await t.db.selectFrom('facilitators').select(['name', 'email', 'phone']).where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Erased person', email: `erased-${person.id}@erased.invalid`, phone: null });
  });
});
