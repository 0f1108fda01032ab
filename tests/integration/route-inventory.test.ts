import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { CookieJar, createOrganisation, createUser, formToken, signIn, type SignedIn } from '../support/factories.js';
import { issueInvoice, recordPayment } from '../../src/server/modules/invoices/invoices.service.js';
import { ACTORS, type Actor, type MatrixFixtures, ROUTE_MATRIX, routesWithoutMatrixRow } from '../access/route-matrix.js';

let t: TestApp;
let fixtures: MatrixFixtures;
const sessions = new Map<Actor, SignedIn>();
const users = new Map<Actor, Awaited<ReturnType<typeof createUser>>>();

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const organisation = await createOrganisation(db, { region: 'north-west' });
  const invoice = await issueInvoice(t.deps, { userId: null, label: 'test' }, {
    organisationId: organisation.id, kind: 'new', billing: { name: 'Finance', email: 'finance@people.partnerhub.test' },
    feeScheduleId: 'april-2026',
    source: { type: 'test', id: 'route-matrix' },
    lines: [{ kind: 'licence', siteId: organisation.site.id, licenceType: 'smart-recovery', description: 'SMART Recovery licence', rule: 'Section 10', amountPence: 70_000 }],
  });
  await recordPayment(t.deps, { userId: null, label: 'test' }, invoice.id, { amountPence: 70_000, paidOn: '2026-11-24', method: 'bank-transfer', reference: 'MATRIX-1' });
  fixtures = { organisationId: organisation.id, invoiceId: invoice.id, siteId: organisation.site.id };
  users.set('central_office', await createUser(db, { role: 'central_office' }));
  users.set('coordinator', await createUser(db, { role: 'coordinator', posts: ['north-west'] }));
  users.set('programme_lead', await createUser(db, { role: 'coordinator', posts: ['veterans-lead'] }));
  users.set('smart_lead', await createUser(db, { role: 'smart_lead', organisationId: organisation.id }));
  users.set('facilitator', await createUser(db, { role: 'facilitator', organisationId: organisation.id }));
  const facilitator = users.get('facilitator')!;
  const record = await db.insertInto('facilitators').values({ name: 'Matrix Facilitator', email: facilitator.email, user_id: facilitator.id }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('facilitator_organisations').values({ facilitator_id: record.id, organisation_id: organisation.id, capacity: 'staff' }).execute();
  fixtures.facilitatorId = record.id;
  for (const [actor, user] of users) sessions.set(actor, await signIn(t.app, user));
});
afterAll(async () => t?.close());

describe('route inventory', () => {
  it('has a matrix row for every route the app serves', () => {
    expect(t.app.routeInventory.length).toBeGreaterThan(20);
    expect(routesWithoutMatrixRow(t.app.routeInventory)).toEqual([]);
  });

  it('reports a route added without a matrix row', async () => {
    const extra = await createTestApp({
      extraRoutes: (app) => {
        app.get('/api/v1/not-in-the-matrix', { config: { policy: 'public' } }, async () => ({ ok: true }));
      },
    });
    try {
      expect(routesWithoutMatrixRow(extra.app.routeInventory)).toEqual(['GET /api/v1/not-in-the-matrix']);
    } finally {
      await extra.close();
    }
  });

  it('refuses to start with a route that declares no policy', async () => {
    await expect(
      createTestApp({
        extraRoutes: (app) => {
          app.get('/api/v1/no-policy', async () => ({ ok: true }));
        },
      }),
    ).rejects.toThrow(/declares no access policy/);
  });

  it('has no matrix row for a route that no longer exists', () => {
    const served = new Set(t.app.routeInventory.map((r) => `${r.method} ${r.url}`));
    expect(Object.keys(ROUTE_MATRIX).filter((key) => !served.has(key))).toEqual([]);
    expect(served.size).toBe(t.app.routeInventory.length);
  });
});

describe('role × route matrix', () => {
  for (const [route, row] of Object.entries(ROUTE_MATRIX)) {
    for (const actor of ACTORS) {
      const outcome = row.expect[actor];
      it(`${route}: ${actor} is ${outcome === 'allow' ? 'allowed' : 'refused'}`, async () => {
        const [method] = route.split(' ') as [string];
        const user = users.get(actor);
        const session = row.endsSession && user ? await signIn(t.app, user) : sessions.get(actor);
        let jar = session?.jar;
        let csrf = session?.csrf;
        if (!jar) {
          jar = new CookieJar();
          const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
          jar.take(page);
          csrf = formToken(page.body);
        }
        const headers: Record<string, string> = { cookie: jar.header() };
        let payload: string | undefined;
        if (method !== 'GET') {
          const body = { ...(row.body?.(actor) ?? {}) };
          if (row.form) {
            headers['content-type'] = 'application/x-www-form-urlencoded';
            payload = new URLSearchParams({ ...(body as Record<string, string>), _csrf: csrf! }).toString();
          } else {
            headers['content-type'] = 'application/json';
            headers['x-csrf-token'] = csrf!;
            payload = JSON.stringify(body);
          }
        }
        const res = await t.app.inject({ method: method as 'GET', url: row.url(fixtures), headers, ...(payload === undefined ? {} : { payload }) });
        const toSignIn = res.statusCode === 303 && String(res.headers.location).startsWith('/sign-in');
        const refused = [401, 403, 404].includes(res.statusCode) || toSignIn;
        if (outcome === 'deny') {
          expect(refused, `status ${res.statusCode}`).toBe(true);
        } else {
          const ok = (res.statusCode < 400 && !toSignIn) || (row.alsoAllowed ?? []).includes(res.statusCode);
          expect(ok, `status ${res.statusCode}: ${res.body.slice(0, 200)}`).toBe(true);
        }
      });
    }
  }
});
