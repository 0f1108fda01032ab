import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';

/** The public home page: the first page a member of the public or a new partner sees. */

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('the home page', () => {
  it('sends the public to the meeting finder and a new partner to the fees, a quote and the Start-Up Form', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    const main = res.body.slice(res.body.indexOf('<main'), res.body.indexOf('</main>'));
    for (const href of ['/meetings', '/licences', '/quote', '/start-up-form']) expect(main).toContain(`href="${href}"`);
  });
});
