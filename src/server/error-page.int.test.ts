import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/support/test-app.js';

/** Addresses Fastify cannot decode get the app's own answer, not Fastify's internal one (decision 178). */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('a malformed address', () => {
  it('answers a client with the stable bad_request code and nothing of Fastify inside', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/meetings/%E0%A4%A' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'bad_request', message: 'The request could not be read.' } });
    expect(res.body).not.toContain('FST_');
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  it('answers the API the same way, whatever it accepts', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/meetings/%E0%A4%A', headers: { accept: BROWSER } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_request');
  });

  it('answers a browser with a page in the site layout', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/meetings/%E0%A4%A', headers: { accept: BROWSER } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<h1>Sorry, there is a problem</h1>');
    expect(res.body).toContain('href="/privacy"');
    expect(res.body).not.toContain('FST_');
  });
});
