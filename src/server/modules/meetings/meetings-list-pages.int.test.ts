import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../../../tests/support/factories.js';
import { createMeeting } from '../../../../tests/support/meetings.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { listMeetings } from './meetings.repository.js';

// Pages in the far half of the list are read backwards from the end (decision 152): every page,
// whichever end it is read from, must be the same slice of the one order.
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  for (const [i, name] of ['Delta', 'alpha', 'Charlie', 'Bravo', 'Echo', 'Bravo', 'Foxtrot'].entries()) {
    await createMeeting(db, { name: `${name} pages meeting`, ...(i % 3 === 0 ? { status: 'closed_down' as const } : {}) });
  }
});
afterAll(async () => t?.close());

describe('registered meetings, page by page', () => {
  it('gives every page, from either end, as the same slice of one order, with the total', async () => {
    const db = t.database.db;
    const all = await listMeetings(db, { kind: 'all' }, { limit: 200, offset: 0 });
    expect(all.total).toBeGreaterThanOrEqual(7);
    expect(all.rows).toHaveLength(all.total);
    for (const limit of [1, 2, 3, 5]) {
      for (let offset = 0; offset <= all.total + 1; offset += 1) {
        const page = await listMeetings(db, { kind: 'all' }, { limit, offset });
        expect(page.total).toBe(all.total);
        expect(page.rows.map((r) => r.id)).toEqual(all.rows.slice(offset, offset + limit).map((r) => r.id));
      }
    }
    // Running meetings first, then by name.
    const statuses = all.rows.map((r) => r.status);
    expect(statuses.indexOf('closed_down')).toBeGreaterThan(statuses.lastIndexOf('running'));
  });
});

describe("a Coordinator's meetings, page by page (decision 163)", () => {
  // A Coordinator sees a partner meeting by its organisation's region or sector, and a community
  // meeting by the meeting's own region or programme.
  const seen: string[] = [];
  const unseen: string[] = [];
  beforeAll(async () => {
    const db = t.database.db;
    const northWest = await createOrganisation(db, { name: 'Scope North West Org', region: 'north-west' });
    const scotland = await createOrganisation(db, { name: 'Scope Scotland Org', region: 'scotland' });
    const prison = await createOrganisation(db, { name: 'Scope Prison Org', region: 'midlands-london', sector: 'prison' });
    const partner = (name: string, org: typeof northWest, region: string, status: 'running' | 'closed_down' = 'running') =>
      createMeeting(db, { name, organisation_id: org.id, site_id: org.site.id, region_code: region, status });
    const community = (name: string, region: string, programme = 'smart-recovery') => createMeeting(db, { name, provider: 'uksr', region_code: region, programme_code: programme });
    for (let i = 0; i < 4; i++) seen.push((await partner(`Scope NW partner ${i}`, northWest, 'north-west', i === 3 ? 'closed_down' : 'running')).id);
    // Held in Scotland by a North West organisation: the organisation's region counts.
    seen.push((await partner('Scope NW partner held in Scotland', northWest, 'scotland')).id);
    for (let i = 0; i < 3; i++) seen.push((await community(`Scope NW community ${i}`, 'north-west')).id);
    // Held in the North West by a Scottish organisation: not the North West's.
    unseen.push((await partner('Scope Scottish partner held in the North West', scotland, 'north-west')).id);
    unseen.push((await partner('Scope Scottish partner', scotland, 'scotland')).id);
    unseen.push((await community('Scope Scottish community', 'scotland')).id);
    unseen.push((await community('Scope InsideOut community', 'midlands-london', 'insideout')).id);
    unseen.push((await partner('Scope prison partner', prison, 'midlands-london')).id);
  });

  it('gives every page, from either end, within the region, with the total of the region alone', async () => {
    const db = t.database.db;
    const scope = { kind: 'coordinator' as const, regions: ['north-west'], sectors: [], programmes: [] };
    const all = await listMeetings(db, scope, { limit: 200, offset: 0 });
    const everyone = await listMeetings(db, { kind: 'all' }, { limit: 200, offset: 0 });
    // Independently: every meeting whose organisation (partner) or own region (community) is the North West.
    const expected = everyone.rows.filter((r) => (r.provider === 'partner' ? r.organisation_region === 'north-west' : r.region_code === 'north-west'));
    expect(all.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(all.total).toBe(expected.length);
    for (const id of seen) expect(all.rows.map((r) => r.id)).toContain(id);
    for (const id of unseen) expect(all.rows.map((r) => r.id)).not.toContain(id);
    for (const limit of [1, 3, 4]) {
      for (let offset = 0; offset <= all.total + 1; offset += 1) {
        const page = await listMeetings(db, scope, { limit, offset });
        expect(page.total).toBe(all.total);
        expect(page.rows.map((r) => r.id)).toEqual(all.rows.slice(offset, offset + limit).map((r) => r.id));
      }
    }
  });

  it("gives a programme lead their sector's partner meetings and their programme's community meetings, and no others", async () => {
    const db = t.database.db;
    const scope = { kind: 'coordinator' as const, regions: [], sectors: ['prison'], programmes: ['insideout'] };
    const all = await listMeetings(db, scope, { limit: 200, offset: 0 });
    expect(all.rows.map((r) => r.name).sort()).toEqual(['Scope InsideOut community', 'Scope prison partner']);
    expect(all.total).toBe(2);
    expect((await listMeetings(db, scope, { limit: 1, offset: 1 })).rows).toHaveLength(1);
    const nobody = { kind: 'coordinator' as const, regions: [], sectors: [], programmes: [] };
    expect(await listMeetings(db, nobody, { limit: 50, offset: 0 })).toEqual({ rows: [], total: 0 });
  });
});
