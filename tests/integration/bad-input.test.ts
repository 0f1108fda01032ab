import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { CookieJar, createOrganisation, createUser, formToken, signIn, type SignedIn } from '../support/factories.js';

/**
 * Every route, fed generated bad input (odd paths, query strings and bodies) as an anonymous
 * visitor and as Central Office, answers with a 2xx, 3xx or 4xx: never a 5xx.
 */
let t: TestApp;
let central: SignedIn;
let anonymousCsrf: { jar: CookieJar; token: string };

beforeAll(async () => {
  t = await createTestApp();
  await createOrganisation(t.database.db);
  central = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
  const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
  anonymousCsrf = { jar: new CookieJar().take(page), token: formToken(page.body) };
});
afterAll(async () => t?.close());

const junkString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', '0', '-1', '1e999', 'null', 'true', '../../etc/passwd', "'; DROP TABLE users; --", '<script>alert(1)</script>', '%00', '\u0000', 'é£€', '9'.repeat(40)),
);
const junkJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ email: junkString, name: junkString, amountPence: fc.oneof(fc.integer(), fc.double(), junkString), sites: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }) }, { requiredKeys: [] }),
);
const segment = fc.oneof(junkString.map((s) => encodeURIComponent(s)), fc.uuid());

function concreteUrl(template: string, params: string[]): string {
  let i = 0;
  return template.replace(/:[A-Za-z]+|\*/g, () => params[i++ % params.length] ?? 'x');
}

describe('bad input', () => {
  it('refuses a NUL character in a path or a JSON body with 400, which PostgreSQL text could not hold', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/quotes/%00.pdf' })).statusCode).toBe(400);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: { organisationType: 'non-profit', sites: [{ name: 'a\u0000b', licences: ['smart-recovery'] }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_request');
  });

  it('never answers 5xx to generated paths, queries and bodies on any route', async () => {
    // Static files and the portal's pages take no input: they serve built files (and answer 503
    // before the portal is built, as in CI's integration stage).
    const routes = t.app.routeInventory.filter((r) => !r.url.startsWith('/api/docs') && !r.url.startsWith('/static/') && !r.url.startsWith('/portal'));
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        fc.dictionary(fc.constantFrom('limit', 'offset', 'status', 'key', 'format', 'near', 'from', 'to', 'region', 'next'), junkString, { maxKeys: 3 }),
        junkJson,
        fc.boolean(),
        fc.constantFrom('json', 'form', 'text'),
        async (route, params, query, body, asCentralOffice, encoding) => {
          const url = `${concreteUrl(route.url, params)}?${new URLSearchParams(query).toString()}`;
          const headers: Record<string, string> = asCentralOffice ? central.headers() : { cookie: anonymousCsrf.jar.header() };
          let payload: string | undefined;
          if (route.method !== 'GET') {
            if (encoding === 'json') {
              headers['content-type'] = 'application/json';
              payload = JSON.stringify(body);
            } else if (encoding === 'form') {
              headers['content-type'] = 'application/x-www-form-urlencoded';
              const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : { value: body };
              payload = new URLSearchParams({
                ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
                _csrf: asCentralOffice ? central.csrf : anonymousCsrf.token,
              }).toString();
            } else {
              headers['content-type'] = 'text/plain';
              payload = JSON.stringify(body) ?? '';
            }
          }
          const res = await t.app.inject({ method: route.method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) });
          if (res.statusCode >= 500) failures.push(`${route.method} ${url} (${encoding}) → ${res.statusCode}: ${res.body.slice(0, 200)}`);
          return res.statusCode < 500;
        },
      ),
      { numRuns: 1500, seed: 20261124 },
    );
    expect(failures).toEqual([]);
  }, 120_000);
});
