import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { CENTRAL_OFFICE_PHONE } from '../../../domain/reference.js';
import {
  CHECK_DETAILS_RETENTION_MONTHS,
  CONTACT_MESSAGE_RETENTION_MONTHS,
  MAIL_RETENTION_MONTHS,
  SIGN_IN_ATTEMPTS_RETENTION_DAYS,
  START_UP_DRAFT_RETENTION_MONTHS,
} from '../privacy/privacy.service.js';
import { RUNS_KEPT_DAYS } from '../record-imports/record-imports.service.js';

/** The privacy notice, the accessibility statement and robots.txt (decision 178). */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { CHARITY_NAME: 'Test Recovery Charity', CHARITY_ADDRESS: 'Test Recovery Charity, PO Box 1, Testtown, TE1 1ST', CHARITY_NUMBERS: 'Registered charity 0000000' } });
});
afterAll(async () => t?.close());

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&[lr]dquo;|&quot;/g, '"')
    .replace(/\s+/g, ' ');

describe('the privacy notice', () => {
  it('names the configured charity as controller, with its address and numbers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/privacy' });
    expect(res.statusCode).toBe(200);
    const body = text(res.body);
    expect(body).toContain('Partner Hub is run by Test Recovery Charity');
    expect(body).toContain('controller');
    expect(body).toContain('Registered charity 0000000');
    expect(body).toContain('PO Box 1, Testtown, TE1 1ST');
  });

  it('gives the periods the code keeps things for, the rights and the ICO route', async () => {
    const body = text((await t.app.inject({ method: 'GET', url: '/privacy' })).body);
    expect(body).toContain(`Kept for ${CONTACT_MESSAGE_RETENTION_MONTHS / 12} years`);
    expect(body).toContain(`removed ${CHECK_DETAILS_RETENTION_MONTHS} months after a newer check`);
    expect(body).toContain(`deleted after ${SIGN_IN_ATTEMPTS_RETENTION_DAYS} days`);
    expect(body).toContain(`Copies are deleted ${MAIL_RETENTION_MONTHS} months after`);
    expect(body).toContain(`deleted ${START_UP_DRAFT_RETENTION_MONTHS} months after it was last saved`);
    expect(body).toContain(`deleted after ${RUNS_KEPT_DAYS} days`);
    expect(body).toContain('after 30 minutes without use, or after 12 hours at most');
    expect(body).toContain('We never hold a copy of a certificate');
    for (const basis of ['legitimate interests', 'legal obligation', 'taking steps to enter a contract']) expect(body.toLowerCase()).toContain(basis);
    for (const right of ['have a copy of the information', 'corrected', 'deleted', 'object']) expect(body).toContain(right);
    expect(body).toContain('We answer within one month');
    const html = (await t.app.inject({ method: 'GET', url: '/privacy' })).body;
    expect(html).toContain('href="https://ico.org.uk/make-a-complaint/"');
    for (const cookie of ['ph_session', 'ph_csrf', 'ph_start_up_form']) expect(html).toContain(`<code>${cookie}</code>`);
  });
});

describe('the accessibility statement', () => {
  it('sets the WCAG 2.2 AA aim, says how it is tested, the map list alternative, how to report and the enforcement bodies', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/accessibility' });
    expect(page.statusCode).toBe(200);
    const body = text(page.body);
    expect(body).toContain('WCAG) version 2.2 at level AA');
    expect(body).toContain('axe accessibility checker');
    expect(body).toContain('numbered list under it');
    expect(body).toContain('Equality Commission for Northern Ireland (ECNI)');
    expect(body).toContain('Equality and Human Rights Commission (EHRC)');
    expect(body).toContain('http://partnerhub.test');
    expect(page.body).toContain('href="mailto:info@smartrecovery.org.uk"');
    expect(body).toContain(CENTRAL_OFFICE_PHONE);
  });
});

describe('the footer', () => {
  it('links every public page to the privacy notice and the accessibility statement', async () => {
    for (const url of ['/', '/meetings', '/licences', '/quote', '/contact', '/start-up-form', '/sign-in', '/no-such-page']) {
      const page = await t.app.inject({ method: 'GET', url });
      const footer = page.body.slice(page.body.indexOf('<footer'));
      expect(footer, url).toContain('href="/privacy"');
      expect(footer, url).toContain('href="/accessibility"');
    }
  });
});

describe('robots.txt and keyed pages', () => {
  it('lets crawlers into the finder and meetings, and keeps them out of keyed links, the portal and the API', async () => {
    const robots = await t.app.inject({ method: 'GET', url: '/robots.txt' });
    expect(robots.statusCode).toBe(200);
    expect(robots.headers['content-type']).toContain('text/plain');
    const lines = robots.body.split('\n');
    expect(lines[0]).toBe('User-agent: *');
    for (const path of ['/meetings', '/partners']) expect(lines).toContain(`Allow: ${path}`);
    for (const path of ['/start-up-form/resume/', '/quotes/', '/password-reset/', '/invitations/', '/portal', '/api/']) expect(lines).toContain(`Disallow: ${path}`);
    expect(lines).not.toContain('Disallow: /');
  });

  it('marks keyed pages noindex, whatever they answer, and leaves the finder indexable', async () => {
    for (const url of ['/start-up-form/resume/not-a-real-key-at-all', '/quotes/Q-2026-000001.pdf?key=wrong', '/password-reset/nothing', '/invitations/nothing']) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.headers['x-robots-tag'], url).toBe('noindex, nofollow');
    }
    for (const url of ['/meetings', '/', '/start-up-form']) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.headers['x-robots-tag'], url).toBeUndefined();
    }
  });
});
