import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { issueInvoice, recordPayment } from '../invoices/invoices.service.js';

let t: TestApp;
let central: SignedIn;
const system = { userId: null, label: 'test' };

async function licensed(org: { id: string; site: { id: string } }, types: [string, number][], paidOn: string) {
  const invoice = await issueInvoice(t.deps, system, {
    organisationId: org.id, kind: 'new', billing: { name: 'Finance', email: 'finance@people.partnerhub.test' }, feeScheduleId: 'april-2026',
    source: { type: 'test', id: `${org.id}-${paidOn}` },
    lines: types.map(([type, amount]) => ({ kind: 'licence' as const, siteId: org.site.id, licenceType: type, description: type, rule: 'Section 10', amountPence: amount })),
  });
  await recordPayment(t.deps, system, invoice.id, { amountPence: types.reduce((s, [, a]) => s + a, 0), paidOn, method: 'bank-transfer', reference: `P-${org.id}` });
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  central = await signIn(t.app, await createUser(db, { role: 'central_office' }));
  // A known network: North West non-profit with SMART Recovery and F&F; a Scottish for-profit with
  // SMART Recovery; a Midlands prison whose Criminal Justice licence has lapsed.
  const northWest = await createOrganisation(db, { name: '=cmd|calc North West Service', region: 'north-west' });
  const scotland = await createOrganisation(db, { name: 'Glen Residential Ltd', region: 'scotland', type: 'for-profit', sector: 'residential' });
  const prison = await createOrganisation(db, { name: 'HMP Testmoor', region: 'midlands-london', sector: 'prison' });
  await licensed(northWest, [['smart-recovery', 70_000], ['family-and-friends', 41_000]], '2026-10-10');
  await licensed(scotland, [['smart-recovery', 140_000]], '2026-02-01'); // ends 2027-01-31: within 90 days of 2026-11-24
  await licensed(prison, [['criminal-justice', 111_000]], '2026-09-15');
  await db.updateTable('licences').set({ status: 'lapsed' }).where('organisation_id', '=', prison.id).execute();
});
afterAll(async () => t?.close());

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: central.headers() });

describe('licence reports', () => {
  it('counts licences in operation by programme, region and organisation type, with grace, lapsed and expiring figures', async () => {
    const res = await get('/api/v1/reports/licences/summary');
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.inOperation).toBe(3);
    expect(s.lapsed).toBe(1);
    expect(s.inGrace).toBe(0);
    expect(s.byLicenceType).toEqual([
      { key: 'smart-recovery', label: 'SMART Recovery', count: 2 },
      { key: 'family-and-friends', label: 'SMART Family & Friends', count: 1 },
    ].sort((a, b) => a.label.localeCompare(b.label)));
    expect(s.byRegion.map((r: { key: string; count: number }) => [r.key, r.count])).toEqual([['north-west', 2], ['scotland', 1]]);
    expect(s.byOrganisationType).toEqual([
      { key: 'for-profit', label: 'For-profit', count: 1 },
      { key: 'non-profit', label: 'Non-profit', count: 2 },
    ]);
  });

  it('lists licences expiring in the next 90 days, and not those further off', async () => {
    try {
      t.clock.set(new Date('2026-11-24T12:00:00Z')); // the Scottish licence ends on 31 January 2027: 68 days on
      const soon = (await get('/api/v1/reports/licences?expiringWithinDays=90')).json();
      expect(soon.items.map((l: { organisationName: string }) => l.organisationName)).toEqual(['Glen Residential Ltd']);
      expect((await get('/api/v1/reports/licences/summary')).json().expiringWithin90Days).toBe(1);
      t.clock.set(new Date('2026-10-01T12:00:00Z')); // 122 days before it ends
      expect((await get('/api/v1/reports/licences?expiringWithinDays=90')).json().total).toBe(0);
    } finally {
      t.clock.reset();
    }
  });

  it('filters by status and region, and exports CSV that a spreadsheet will not run as a formula', async () => {
    const lapsed = (await get('/api/v1/reports/licences?status=lapsed')).json();
    expect(lapsed.items.map((l: { organisationName: string }) => l.organisationName)).toEqual(['HMP Testmoor']);
    const region = (await get('/api/v1/reports/licences?region=north-west')).json();
    expect(region.total).toBe(2);
    const csv = await get('/api/v1/reports/licences?region=north-west&format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(`"'=cmd|calc North West Service"`);
    expect(csv.body).not.toMatch(/(^|,)=cmd/m);
  });

  it('reports income by month and programme from the payments received', async () => {
    const res = (await get('/api/v1/reports/income?from=2026-01-01&to=2026-12-31')).json();
    expect(res.items).toEqual([
      { month: '2026-02', licenceType: 'smart-recovery', licenceTypeName: 'SMART Recovery', pence: 140_000 },
      { month: '2026-09', licenceType: 'criminal-justice', licenceTypeName: 'SMART Criminal Justice (includes InsideOut)', pence: 111_000 },
      { month: '2026-10', licenceType: 'family-and-friends', licenceTypeName: 'SMART Family & Friends', pence: 41_000 },
      { month: '2026-10', licenceType: 'smart-recovery', licenceTypeName: 'SMART Recovery', pence: 70_000 },
    ]);
  });

  it('names each programme in the income spreadsheet as the licences spreadsheet does, never by its code', async () => {
    const csv = await get('/api/v1/reports/income?from=2026-01-01&to=2026-12-31&format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body.trim().split(/\r?\n/)).toEqual([
      'Month,Programme,Income (£)',
      '2026-02,SMART Recovery,1400.00',
      '2026-09,SMART Criminal Justice (includes InsideOut),1110.00',
      '2026-10,SMART Family & Friends,410.00',
      '2026-10,SMART Recovery,700.00',
    ]);
  });
});

describe('the licences report, page by page (decision 163)', () => {
  type Listed = { total: number; items: { id: string; number: string; endsOn: string }[] };
  const list = async (query: string) => {
    const res = await get(`/api/v1/reports/licences?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Listed;
  };

  it('gives every page, from either end, as the same slice of one order (soonest ending first), with the total', async () => {
    const all = await list('limit=200');
    expect(all.total).toBe(4);
    expect(all.items).toHaveLength(4);
    const order = all.items.map((l) => [l.endsOn, l.number].join(' '));
    expect(order).toEqual([...order].sort());
    for (const limit of [1, 2, 3]) {
      for (let offset = 0; offset <= all.total + 1; offset += 1) {
        const page = await list(`limit=${limit}&offset=${offset}`);
        expect(page.total).toBe(4);
        expect(page.items.map((l) => l.id)).toEqual(all.items.slice(offset, offset + limit).map((l) => l.id));
      }
    }
  });

  it('counts and pages within a filter or a Coordinator\'s region the same way', async () => {
    const inOperation = await list('limit=200&status=in-operation');
    expect(inOperation.total).toBe(3);
    expect((await list('limit=1&offset=2&status=in-operation')).items.map((l) => l.id)).toEqual([inOperation.items[2]!.id]);
    const coordinator = await signIn(t.app, await createUser(t.database.db, { role: 'coordinator', posts: ['north-west'] }));
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/reports/licences?limit=1&offset=1', headers: coordinator.headers() });
    expect(res.statusCode, res.body).toBe(200);
    // The North West's two licences only, in the rows and in the total.
    expect(res.json().total).toBe(2);
    expect(res.json().items).toHaveLength(1);
    expect(res.json().items[0].organisationName).toBe('=cmd|calc North West Service');
  });
});
