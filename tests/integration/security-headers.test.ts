import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { createOrganisation, createUser, signIn } from '../support/factories.js';

let t: TestApp;
let production: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  production = await createTestApp({ env: { NODE_ENV: 'production', LOG_LEVEL: 'silent' } });
});
afterAll(async () => {
  await t?.close();
  await production?.close();
});

describe('security headers', () => {
  it('sends a CSP without inline scripts or styles, no framing, nosniff and a referrer policy on public pages and the API', async () => {
    for (const url of ['/', '/sign-in', '/api/v1/reference', '/no-such-page']) {
      const res = await t.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("style-src 'self'");
      expect(csp, url).not.toContain('unsafe-inline');
      expect(csp, url).not.toContain('unsafe-eval');
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
    }
  });

  it('marks answers to a signed-in person Cache-Control: no-store, so a shared computer keeps no copy', async () => {
    const lead = await createUser(t.database.db, { role: 'smart_lead', organisationId: (await createOrganisation(t.database.db)).id });
    const session = await signIn(t.app, lead, '10.7.1.1');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('sends HSTS and Secure session cookies in production only', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/' })).headers['strict-transport-security']).toBeUndefined();
    expect((await production.app.inject({ method: 'GET', url: '/' })).headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const page = await production.app.inject({ method: 'GET', url: '/sign-in' });
    const csrf = page.cookies.find((c) => c.name === 'ph_csrf');
    expect(csrf?.secure).toBe(true);
    expect(csrf?.httpOnly).toBe(true);
  });
});
