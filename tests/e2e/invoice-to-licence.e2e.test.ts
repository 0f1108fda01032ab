import fs from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatLongDate, londonDate } from '../../src/domain/iso-date.js';
import { licencePeriod } from '../../src/domain/licensing/licence-period.js';
import { DEMO_ACCOUNTS } from '../../src/server/db/demo/demo-data.js';
import { completeForm } from '../../src/server/modules/start-up-forms/test-factories.js';
import type { StartUpFormInput } from '../../src/shared/schemas/start-up-form.js';
import { pdfText } from '../support/pdf.js';
import { type BrowserApp, BrowserPages, type DemoAccount, expectNoAxeViolations, signInAs, startBrowserApp, waitForPortalPage } from './support/browser-app.js';

// Section 6 steps 2 and 3: an accepted Start-Up Form becomes an invoice; paying it issues the
// licences, the Partnership Agreement and the certificates, and the nominated SMART Lead is invited.

const CENTRAL = DEMO_ACCOUNTS.find((a) => a.key === 'central')!;
const NOMINEE = { name: 'Avery Quinlan', email: 'avery.quinlan@people.partnerhub.test' };
const NOMINEE_PASSWORD = 'larkfield-canal-wharf-lantern';
const INVOICE_REFERENCE = /INV-\d{6}/;
const LICENCE_NUMBER = /UKSR-[A-Z]+-\d{4}-\d{6}/g;

let t: BrowserApp;
const pages = new BrowserPages(() => t);

/** What the walk-through learns on the way, for the steps after it. */
const walk = {
  organisationId: '',
  /** Licence numbers by programme, from the payment's confirmation. */
  licences: {} as Record<'SR' | 'FF' | 'SAT', string>,
  paidOn: '',
};

beforeAll(async () => {
  t = await startBrowserApp();
});
afterAll(async () => t?.close());

afterEach(async () => expect(await pages.closeAll(), 'uncaught errors in the page').toEqual([]));

async function freshPage(): Promise<Page> {
  return pages.open();
}

async function h1(page: Page): Promise<string> {
  return (await page.locator('h1').innerText()).trim();
}

/** Follows a link to a portal page, waits for it to load, and checks it with axe: every portal page on the way is checked. */
async function openPortalLink(page: Page, link: Locator, pathname: string | RegExp): Promise<void> {
  await link.click();
  await page.waitForURL((url) => (typeof pathname === 'string' ? url.pathname === pathname : pathname.test(url.pathname)));
  await waitForPortalPage(page);
  await expectNoAxeViolations(page);
}

/** Signs in through the form, lands on the portal home page, and checks it with axe. */
async function signInToPortal(page: Page, account: DemoAccount, password?: string): Promise<void> {
  await signInAs(page, t.baseUrl, account, password);
  expect(new URL(page.url()).pathname).toBe('/portal/');
  await waitForPortalPage(page);
  await expectNoAxeViolations(page);
}

/** Clicks a download link as a person would, and gives the file's name and text. */
async function downloadPdf(page: Page, link: Locator): Promise<{ filename: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(await download.failure()).toBeNull();
  const bytes = await fs.readFile((await download.path())!);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // Words wrap where the page ends a line: compare with the spacing made even.
  return { filename: download.suggestedFilename(), text: (await pdfText(bytes)).replace(/\s+/g, ' ') };
}

/**
 * A new partner submits the Start-Up Form through the public API (the form's pages have their own
 * browser test), and Central Office, signed in on this page, accepts it through the API.
 */
async function submitAndAccept(page: Page, form: StartUpFormInput): Promise<{ id: string; reference: string }> {
  const submitted = await fetch(`${t.baseUrl}/api/v1/start-up-forms`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(form) });
  expect(submitted.status).toBe(201);
  const { reference } = (await submitted.json()) as { reference: string };
  const row = await t.db.selectFrom('start_up_forms').select(['id', 'version']).where('reference', '=', reference).executeTakeFirstOrThrow();
  const me = await page.request.get(`${t.baseUrl}/api/v1/me`);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const accepted = await page.request.post(`${t.baseUrl}/api/v1/start-up-forms/${row.id}/accept`, { data: { version: row.version }, headers: { 'X-CSRF-Token': csrfToken } });
  expect(accepted.status()).toBe(200);
  return { id: row.id, reference };
}

/** Central Office's queue of accepted forms, and the form opened from it. */
async function openAcceptedForm(page: Page, reference: string): Promise<void> {
  await openPortalLink(page, page.getByRole('link', { name: 'Start-Up Forms', exact: true }), '/portal/start-up-forms');
  await page.getByLabel('Show', { exact: true }).selectOption('accepted');
  await page.getByRole('button', { name: 'Show forms' }).click();
  await page.waitForURL((url) => url.searchParams.get('status') === 'accepted');
  await waitForPortalPage(page);
  const row = page.locator('tbody tr', { has: page.getByRole('link', { name: reference }) });
  expect(await row.innerText()).toContain('Accepted');
  await expectNoAxeViolations(page);
  await openPortalLink(page, page.getByRole('link', { name: reference }), /^\/portal\/start-up-forms\/[\w-]+$/);
  expect(await h1(page)).toBe(`Start-Up Form ${reference}`);
}

describe('from an accepted Start-Up Form to issued licences', () => {
  it('Central Office opens the accepted form from the queue, issues the invoice, downloads its PDF and records the payment in full, which issues the licences; axe finds no violations', async () => {
    const page = await freshPage();
    await signInToPortal(page, CENTRAL);
    const form = await submitAndAccept(page, completeForm());
    await openAcceptedForm(page, form.reference);

    // The form gave a purchase order number, so it is filled in already.
    const section = page.getByRole('region', { name: 'Issue the invoice' });
    const poNumber = section.getByLabel('Purchase order number', { exact: true });
    expect(await poNumber.inputValue()).toBe('PO-55120');
    expect(await section.innerText()).toContain('Larkfield Accounts (accounts@larkfield.example)');

    const issuing = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/start-up-forms/${form.id}/invoice`));
    await section.getByRole('button', { name: 'Issue the invoice' }).click();
    expect((await issuing).status()).toBe(201);
    const outcome = section.getByRole('status');
    await outcome.getByRole('link', { name: /^Open invoice INV-/ }).waitFor();
    const said = await outcome.innerText();
    const invoiceReference = INVOICE_REFERENCE.exec(said)![0];
    expect(said).toContain(`Invoice ${invoiceReference} for £1,290.00 is issued to Larkfield Accounts, purchase order PO-55120.`);
    // The button that had focus has gone with its form; focus moves to what happened.
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('notice');
    const organisationLink = outcome.getByRole('link', { name: 'Open Larkfield Recovery Collective' });
    walk.organisationId = /\/portal\/organisations\/([\w-]+)$/.exec((await organisationLink.getAttribute('href'))!)![1]!;
    const organisation = await t.db.selectFrom('organisations').select(['name', 'start_up_form_id']).where('id', '=', walk.organisationId).executeTakeFirstOrThrow();
    expect(organisation).toEqual({ name: 'Larkfield Recovery Collective', start_up_form_id: form.id });
    await expectNoAxeViolations(page);

    // The invoice page, and the invoice as the finance department receives it.
    await openPortalLink(page, outcome.getByRole('link', { name: `Open invoice ${invoiceReference}` }), /^\/portal\/invoices\/[\w-]+$/);
    expect(await h1(page)).toBe(`Invoice ${invoiceReference}`);
    const main = page.locator('main');
    expect(await main.innerText()).toContain('Awaiting payment');
    expect(await main.innerText()).toContain('PO-55120');

    const invoicePdf = await downloadPdf(page, page.getByRole('link', { name: `Download invoice ${invoiceReference} (PDF)` }));
    expect(invoicePdf.filename).toBe(`${invoiceReference}.pdf`);
    for (const expected of [
      `Invoice number ${invoiceReference}`,
      'Purchase order PO-55120',
      'To Larkfield Accounts, Larkfield Recovery Collective',
      'Email accounts@larkfield.example',
      // Each line: the site, its amount, the licence and why that price (Section 10).
      'Larkfield Hub £700.00 SMART Recovery licence',
      'Larkfield Hub £410.00 SMART Family & Friends licence',
      'reduced from £700.00',
      'Larkfield Drop-in £180.00 SMART Satellite licence',
      'Total £1,290.00',
      'Amount due £1,290.00',
      `Please quote ${invoiceReference} with your payment`,
      '1160516',
      'SC046247',
    ]) {
      expect(invoicePdf.text, `the invoice PDF says "${expected}"`).toContain(expected);
    }

    // Paid in full, with the form: the amount outstanding and today's date (in the UK) are filled in.
    const payment = page.locator('form', { has: page.getByRole('heading', { name: 'Record a payment' }) });
    expect(await payment.getByLabel('Amount (£)').inputValue()).toBe('1290.00');
    walk.paidOn = await payment.getByLabel('Date paid').inputValue();
    expect(walk.paidOn).toBe(londonDate(new Date()));
    await payment.getByLabel('Method').selectOption('bank-transfer');
    await payment.getByLabel('Payment reference').fill('BACS LARKFIELD 0001');
    const paying = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/payments'));
    await payment.getByRole('button', { name: 'Record payment' }).click();
    expect((await paying).status()).toBe(201);
    const confirmation = page.getByRole('status').filter({ hasText: 'Payment recorded' });
    await confirmation.waitFor();
    const confirmed = await confirmation.innerText();
    expect(confirmed).toMatch(/^Payment recorded\. Paid in full: licences UKSR-.* are issued\.$/);
    const numbers = confirmed.match(LICENCE_NUMBER) ?? [];
    expect(numbers).toHaveLength(3);
    for (const code of ['SR', 'FF', 'SAT'] as const) {
      const number = numbers.find((n) => n.startsWith(`UKSR-${code}-`));
      expect(number, `a ${code} licence in "${confirmed}"`).toBeDefined();
      walk.licences[code] = number!;
    }
    const issued = await t.db.selectFrom('licences').select('number').where('organisation_id', '=', walk.organisationId).orderBy('number').execute();
    expect(issued.map((l) => l.number)).toEqual([...numbers].sort());
    expect(await main.innerText()).toContain('Paid.');
    expect(await main.innerText()).toContain(`£1,290.00 on ${formatLongDate(walk.paidOn)} by bank transfer, reference BACS LARKFIELD 0001`);
    expect(await page.getByRole('heading', { name: 'Record a payment' }).count()).toBe(0);
    await expectNoAxeViolations(page);
  }, 120_000);

  it('Central Office sees the licences and their periods on the organisation page, and downloads the Partnership Agreement and the main site’s certificate; axe finds no violations', async () => {
    expect(walk.licences.SR, 'the licences issued by the payment above').toBeDefined();
    const period = licencePeriod(walk.paidOn);
    const periodText = `${formatLongDate(period.startsOn)} to ${formatLongDate(period.endsOn)}`;
    const page = await freshPage();
    await signInToPortal(page, CENTRAL);
    await openPortalLink(page, page.getByRole('link', { name: 'Organisations', exact: true }), '/portal/organisations');
    await openPortalLink(page, page.getByRole('link', { name: 'Larkfield Recovery Collective' }), `/portal/organisations/${walk.organisationId}`);
    expect(await h1(page)).toBe('Larkfield Recovery Collective');
    await page.locator('table tbody tr').first().waitFor();

    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(3);
    for (const [code, site, programme] of [
      ['SR', 'Larkfield Hub', 'SMART Recovery'],
      ['FF', 'Larkfield Hub', 'SMART Family & Friends'],
      ['SAT', 'Larkfield Drop-in', 'SMART Satellite'],
    ] as const) {
      const cells = await rows.filter({ hasText: walk.licences[code] }).locator('td').allInnerTexts();
      expect(cells).toEqual([walk.licences[code], site, programme, periodText, 'In force']);
    }

    const agreement = await downloadPdf(page, page.getByRole('link', { name: 'Partnership Agreement (PDF)' }));
    expect(agreement.filename).toBe('partnership-agreement-Larkfield-Recovery-Collective.pdf');
    for (const expected of [
      'Partnership Agreement',
      'and Larkfield Recovery Collective (the licensee)',
      'Licensee Larkfield Recovery Collective',
      `SMART Lead ${NOMINEE.name} (${NOMINEE.email})`,
      'Larkfield Hub 4 Canal Wharf, Lancaster, LA1 1AA',
      'Larkfield Drop-in (satellite premises) 9 Market Street, Morecambe, LA4 5AA',
      `SMART Recovery, licence ${walk.licences.SR}, from ${formatLongDate(period.startsOn)} to ${formatLongDate(period.endsOn)}`,
      `SMART Family & Friends, licence ${walk.licences.FF}, from ${formatLongDate(period.startsOn)} to ${formatLongDate(period.endsOn)}`,
      `SMART Satellite, licence ${walk.licences.SAT}, from ${formatLongDate(period.startsOn)} to ${formatLongDate(period.endsOn)}`,
      'may be delivered only at the sites named in this agreement',
      'Facilitator Code of Conduct',
      '1160516',
      'SC046247',
    ]) {
      expect(agreement.text, `the Partnership Agreement says "${expected}"`).toContain(expected);
    }
    // The Hub is the main site, not satellite premises.
    expect(agreement.text).not.toContain('Larkfield Hub (satellite premises)');

    const certificate = await downloadPdf(page, page.getByRole('link', { name: 'Licence certificate for Larkfield Hub (PDF)' }));
    expect(certificate.filename).toBe('licence-certificate-Larkfield-Hub.pdf');
    for (const expected of [
      'Licence Certificate',
      'This is to certify that Larkfield Recovery Collective is licensed by UK SMART Recovery to deliver, at Larkfield Hub 4 Canal Wharf, Lancaster, LA1 1AA',
      `SMART Recovery Licence ${walk.licences.SR}, valid from ${formatLongDate(period.startsOn)} to ${formatLongDate(period.endsOn)}`,
      `SMART Family & Friends Licence ${walk.licences.FF}, valid from ${formatLongDate(period.startsOn)} to ${formatLongDate(period.endsOn)}`,
      'Please display this certificate at the site named above.',
    ]) {
      expect(certificate.text, `the certificate says "${expected}"`).toContain(expected);
    }
    // The satellite's licence is on its own site's certificate, not the Hub's.
    expect(certificate.text).not.toContain(walk.licences.SAT);
    expect(certificate.text).not.toContain('Larkfield Drop-in');
  }, 90_000);

  it('the nominated SMART Lead accepts the emailed invitation, signs in, sees the licences and documents, and finds the SMART Partner logo in Partner Resources; axe finds no violations', async () => {
    expect(walk.licences.SR, 'the licences issued by the payment above').toBeDefined();
    const invitations = await t.db.selectFrom('outbox_messages').select('text_body').where('kind', '=', 'invitation').where('to_address', '=', NOMINEE.email).execute();
    expect(invitations).toHaveLength(1);
    const link = new RegExp(`${t.baseUrl.replace(/[.]/g, '\\.')}/invitations/[\\w-]+`).exec(invitations[0]!.text_body)?.[0];
    expect(link, 'the invitation link in the email').toBeDefined();

    const page = await freshPage();
    await page.goto(link!);
    expect(await h1(page)).toBe('Set up your Partner Hub account');
    expect(await page.locator('main').innerText()).toContain(`Welcome, ${NOMINEE.name}.`);
    await expectNoAxeViolations(page);
    await page.getByLabel('New password', { exact: true }).fill(NOMINEE_PASSWORD);
    await page.getByLabel('Confirm the new password', { exact: true }).fill(NOMINEE_PASSWORD);
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('welcome') === '1');
    await expectNoAxeViolations(page);

    const lead: DemoAccount = { key: 'invited-smart-lead', email: NOMINEE.email, name: NOMINEE.name, role: 'smart_lead', label: 'SMART Lead (Larkfield Recovery Collective)' };
    await signInToPortal(page, lead, NOMINEE_PASSWORD);
    expect(await h1(page)).toBe('Larkfield Recovery Collective');

    await openPortalLink(page, page.getByRole('link', { name: 'Your organisation', exact: true }), '/portal/organisations');
    expect(await h1(page)).toBe('Larkfield Recovery Collective');
    await page.locator('table tbody tr').first().waitFor();
    const licences = await page.locator('table').innerText();
    for (const number of Object.values(walk.licences)) expect(licences).toContain(number);
    expect(licences).toContain('In force');
    const documents = ['Partnership Agreement (PDF)', 'Licence certificate for Larkfield Hub (PDF)', 'Licence certificate for Larkfield Drop-in (PDF)'];
    for (const name of documents) await page.getByRole('link', { name, exact: true }).waitFor();
    // Their own organisation's documents are theirs to download.
    const agreement = await downloadPdf(page, page.getByRole('link', { name: 'Partnership Agreement (PDF)' }));
    expect(agreement.text).toContain(`SMART Lead ${NOMINEE.name} (${NOMINEE.email})`);

    await openPortalLink(page, page.getByRole('link', { name: 'Partner Resources', exact: true }), '/portal/resources');
    expect(await h1(page)).toBe('Partner Resources');
    const logo = page.getByRole('link', { name: 'SMART Partner logo', exact: true });
    await logo.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), logo.click()]);
    expect(download.suggestedFilename()).toBe('smart-partner-logo.svg');
    expect(await fs.readFile((await download.path())!, 'utf8')).toContain('<svg');
  }, 90_000);
});

describe('a partner who asked for a quotation first', () => {
  it('cannot be invoiced without the purchase order number: the message is next to the field, and the invoice quotes the number given; axe finds no violations', async () => {
    const page = await freshPage();
    await signInToPortal(page, CENTRAL);
    const form = await submitAndAccept(
      page,
      completeForm({
        organisation: { ...completeForm().organisation, name: 'Quarry Bank Recovery Project' },
        contacts: {
          smartLead: { name: 'Ellis Marchetti', email: 'ellis.marchetti@people.partnerhub.test', jobTitle: 'Service Lead', facilitator: 'qualified' },
          finance: { name: 'Quarry Bank Finance', email: 'finance@quarrybank.example' },
        },
        purchase: { method: 'quotation-first' },
      }),
    );
    await openAcceptedForm(page, form.reference);

    const section = page.getByRole('region', { name: 'Issue the invoice' });
    const poNumber = section.getByLabel('Purchase order number', { exact: true });
    expect(await poNumber.inputValue()).toBe('');
    expect(await section.innerText()).toContain('The partner asked for a quotation first');
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/invoice'));
    await section.getByRole('button', { name: 'Issue the invoice' }).click();
    expect((await refused).status()).toBe(422);
    const message = page.locator('#invoice-poNumber-error');
    await message.waitFor();
    expect(await message.textContent()).toBe('Error: Enter the purchase order number');
    expect(await page.locator('.field.field-error:has(#invoice-poNumber) #invoice-poNumber-error').count()).toBe(1);
    expect(await poNumber.getAttribute('aria-invalid')).toBe('true');
    expect((await poNumber.getAttribute('aria-describedby'))?.split(' ')).toContain('invoice-poNumber-error');
    // Focus goes to the field, so that it is read out with its message.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('invoice-poNumber');
    expect(await t.db.selectFrom('organisations').select('id').where('start_up_form_id', '=', form.id).execute()).toEqual([]);
    await expectNoAxeViolations(page);

    await poNumber.fill('PO-QB-7781');
    const issuing = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/invoice'));
    await section.getByRole('button', { name: 'Issue the invoice' }).click();
    expect((await issuing).status()).toBe(201);
    const outcome = section.getByRole('status');
    await outcome.getByRole('link', { name: /^Open invoice INV-/ }).waitFor();
    expect(await outcome.innerText()).toMatch(/Invoice INV-\d{6} for £1,290\.00 is issued to Quarry Bank Finance, purchase order PO-QB-7781\./);
    const invoice = await t.db.selectFrom('invoices as i').innerJoin('organisations as o', 'o.id', 'i.organisation_id').select(['i.po_number']).where('o.start_up_form_id', '=', form.id).execute();
    expect(invoice).toEqual([{ po_number: 'PO-QB-7781' }]);
    await expectNoAxeViolations(page);
  }, 90_000);
});
