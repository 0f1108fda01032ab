import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../domain/iso-date.js';
import { MAP_CELL_DEGREES, meetingRunningBetween, type MeetingSpan } from '../../domain/reports/network.js';
import { createOrganisation } from '../../../tests/support/factories.js';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database.js';
import * as reports from '../modules/reports/network-reports.repository.js';
import type { NetworkScope } from '../modules/reports/network-scope.js';
import { meetingCounts } from '../modules/workspace/workspace.repository.js';
import * as tallies from './migrations/2026-11-26T0200-meeting-tallies.js';

/**
 * The meeting tallies kept by statement triggers (decision 173) against the rows they count: after
 * any sequence of writes (meetings registered, closed, reopened, moved region, programme changed,
 * listed or not, moved, deleted; facilitators added and taken off; surveys asked, completed, not
 * held, deleted; several rows in one statement), every tally equals a count made from scratch, and
 * every dashboard query that reads them gives what the same query gives from the meetings (a scope
 * naming every region takes the from-scratch path).
 */

let database: TestDatabase;
const organisations: { id: string; siteId: string }[] = [];
let facilitators: string[] = [];
let regions: string[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  regions = (await db.selectFrom('regions').select('code').orderBy('code').execute()).map((r) => r.code);
  for (const region of ['north-west', 'midlands-london', 'scotland']) {
    const o = await createOrganisation(db, { region });
    organisations.push({ id: o.id, siteId: o.site.id });
  }
  const second = await db.insertInto('sites').values({ organisation_id: organisations[0]!.id, name: 'Second site', address: '3 Test Street', postcode: 'PR2 1AA', nation_code: 'england', region_code: 'north-west' })
    .returning('id').executeTakeFirstOrThrow();
  organisations.push({ id: organisations[0]!.id, siteId: second.id });
  facilitators = (
    await db.insertInto('facilitators').values([1, 2, 3, 4].map((i) => ({ name: `Tally Facilitator ${i}`, email: `tally-${i}@example.test` }))).returning('id').execute()
  ).map((f) => f.id);
});
afterAll(async () => database?.close());

const everything: NetworkScope = { organisations: { kind: 'all' }, uksrMeetings: { kind: 'all' }, label: 'the whole network' };
/** The same meetings by a scope that is not `tallied`: every region named, so the queries read the meetings. */
const everyRegion = (): NetworkScope => ({ organisations: { kind: 'regions', regions, sectors: [] }, uksrMeetings: { kind: 'some', regions, programmes: [] }, label: 'every region' });

const STARTS = ['2025-06-02', '2026-01-05', '2026-11-24', '2026-12-07'] as const;
const CREATED = ['2026-10-20T23:30:00Z', '2026-11-01T00:30:00Z', '2026-11-24T10:00:00Z'] as const;
const HELD = ['2026-10-01', '2026-11-10', '2026-11-17', '2026-11-24'] as const;
const PLACES = [[53.76, -2.7], [53.48, -2.24], [51.5, -0.12], [55.86, -4.25], [null, null], [53.7, null]] as const;
const PROGRAMMES = ['smart-recovery', 'family-and-friends'] as const;

type Write =
  | { kind: 'register'; count: number; organisation: number | null; region: number; programme: number; start: number; closedAfter: number | null; created: number; place: number }
  | { kind: 'close'; pick: number; after: number }
  | { kind: 'reopen'; pick: number }
  | { kind: 'move-region'; pick: number; region: number }
  | { kind: 'programme'; pick: number; programme: number }
  | { kind: 'listing'; pick: number }
  | { kind: 'move-place'; pick: number; place: number }
  | { kind: 'delete'; pick: number }
  | { kind: 'close-region'; region: number }
  | { kind: 'facilitate'; pick: number; facilitator: number }
  | { kind: 'stop-facilitating'; pick: number }
  | { kind: 'ask'; pick: number; held: number }
  | { kind: 'answer'; pick: number; notHeld: boolean }
  | { kind: 'forget-survey'; pick: number }
  | { kind: 'ask-everyone'; held: number };

const writeArb: fc.Arbitrary<Write> = fc.oneof(
  fc.record({
    kind: fc.constant('register' as const), count: fc.integer({ min: 1, max: 3 }), organisation: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
    region: fc.integer({ min: 0, max: 2 }), programme: fc.integer({ min: 0, max: 1 }), start: fc.integer({ min: 0, max: 3 }),
    closedAfter: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }), created: fc.integer({ min: 0, max: 2 }), place: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({ kind: fc.constant('close' as const), pick: fc.nat(), after: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ kind: fc.constant('reopen' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('move-region' as const), pick: fc.nat(), region: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('programme' as const), pick: fc.nat(), programme: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant('listing' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('move-place' as const), pick: fc.nat(), place: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('close-region' as const), region: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('facilitate' as const), pick: fc.nat(), facilitator: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('stop-facilitating' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('ask' as const), pick: fc.nat(), held: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('answer' as const), pick: fc.nat(), notHeld: fc.boolean() }),
  fc.record({ kind: fc.constant('forget-survey' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('ask-everyone' as const), held: fc.integer({ min: 0, max: 3 }) }),
);

const REGIONS = ['north-west', 'midlands-london', 'scotland'] as const;
const NATIONS: Record<string, string> = { 'north-west': 'england', 'midlands-london': 'england', scotland: 'scotland' };
let made = 0;

async function pickOne<T extends { id: string }>(rows: T[], pick: number): Promise<T | undefined> {
  return rows.length ? rows[pick % rows.length] : undefined;
}

async function apply(db: Kysely<any>, w: Write): Promise<void> {
  const meetingIds = async () => (await db.selectFrom('meetings').select('id').orderBy('id').execute()) as { id: string }[];
  const meeting = async (pick: number) => pickOne(await meetingIds(), pick);
  switch (w.kind) {
    case 'register': {
      const org = w.organisation === null ? null : organisations[w.organisation]!;
      const region = REGIONS[w.region]!;
      const [latitude, longitude] = PLACES[w.place]!;
      const startsOn = STARTS[w.start]!;
      const rows = Array.from({ length: w.count }, () => {
        made += 1;
        return {
          slug: `tally-${made}`, name: `Tally meeting ${made}`, programme_code: PROGRAMMES[w.programme]!, provider: org ? 'partner' : 'uksr', organisation_id: org?.id ?? null, site_id: org?.siteId ?? null,
          venue_name: org ? null : 'Community Hall', venue_address: org ? null : '2 Hall Lane', venue_postcode: org ? null : ['PR1 8BU', 'M1 1AA'][made % 2],
          nation_code: NATIONS[region], region_code: region, attendance: 'online', online_url: 'https://meet.partnerhub.test/room', day: 2, start_time: '18:00', end_time: '19:30',
          starts_on: startsOn, ends_on: w.closedAfter === null ? null : addDays(startsOn, w.closedAfter), status: w.closedAfter === null ? 'running' : 'closed_down', access: 'open',
          listed_publicly: true, latitude, longitude, listing_reasons: '[]', created_at: new Date(CREATED[w.created]!),
        };
      });
      await db.insertInto('meetings').values(rows).execute();
      return;
    }
    case 'close': {
      const m = await meeting(w.pick);
      if (m) await sql`UPDATE meetings SET status = 'closed_down', ends_on = starts_on + ${w.after}::int WHERE id = ${m.id}`.execute(db);
      return;
    }
    case 'reopen': {
      const m = await meeting(w.pick);
      if (m) await db.updateTable('meetings').set({ status: 'running', ends_on: null }).where('id', '=', m.id).execute();
      return;
    }
    case 'move-region': {
      const m = await meeting(w.pick);
      const region = REGIONS[w.region]!;
      if (m) await db.updateTable('meetings').set({ region_code: region, nation_code: NATIONS[region] }).where('id', '=', m.id).execute();
      return;
    }
    case 'programme': {
      const m = await meeting(w.pick);
      if (m) await db.updateTable('meetings').set({ programme_code: PROGRAMMES[w.programme]! }).where('id', '=', m.id).execute();
      return;
    }
    case 'listing': {
      const m = await meeting(w.pick);
      if (m) await sql`UPDATE meetings SET publicly_visible = NOT publicly_visible WHERE id = ${m.id}`.execute(db);
      return;
    }
    case 'move-place': {
      const m = await meeting(w.pick);
      const [latitude, longitude] = PLACES[w.place]!;
      if (m) await db.updateTable('meetings').set({ latitude, longitude }).where('id', '=', m.id).execute();
      return;
    }
    case 'delete': {
      const m = await meeting(w.pick);
      if (m) {
        await db.deleteFrom('visits').where('meeting_id', '=', m.id).execute();
        await db.deleteFrom('meetings').where('id', '=', m.id).execute();
      }
      return;
    }
    case 'close-region':
      await sql`UPDATE meetings SET status = 'closed_down', ends_on = coalesce(ends_on, DATE '2026-11-23') WHERE region_code = ${REGIONS[w.region]!}`.execute(db);
      return;
    case 'facilitate': {
      const m = await meeting(w.pick);
      if (m) await db.insertInto('meeting_facilitators').values({ meeting_id: m.id, facilitator_id: facilitators[w.facilitator]! }).onConflict((oc) => oc.doNothing()).execute();
      return;
    }
    case 'stop-facilitating': {
      const rows = await db.selectFrom('meeting_facilitators').select(['meeting_id as id', 'facilitator_id']).orderBy('meeting_id').orderBy('facilitator_id').execute();
      const row = await pickOne(rows as { id: string; facilitator_id: string }[], w.pick);
      if (row) await db.deleteFrom('meeting_facilitators').where('meeting_id', '=', row.id).where('facilitator_id', '=', row.facilitator_id).execute();
      return;
    }
    case 'ask': {
      const m = await meeting(w.pick);
      if (m) await db.insertInto('meeting_surveys').values({ meeting_id: m.id, held_on: HELD[w.held]!, asked_on: HELD[w.held]! }).onConflict((oc) => oc.doNothing()).execute();
      return;
    }
    case 'answer': {
      const rows = (await db.selectFrom('meeting_surveys').select('id').where('status', '=', 'due').orderBy('id').execute()) as { id: string }[];
      const s = await pickOne(rows, w.pick);
      if (!s) return;
      if (w.notHeld) await db.updateTable('meeting_surveys').set({ status: 'not_held', completed_at: new Date(), not_held_reason: 'Venue closed' }).where('id', '=', s.id).execute();
      else await db.updateTable('meeting_surveys').set({ status: 'completed', completed_at: new Date(), attendance: 6, new_attendees: 1, guidelines_shared: true }).where('id', '=', s.id).execute();
      return;
    }
    case 'forget-survey': {
      const rows = (await db.selectFrom('meeting_surveys').select('id').orderBy('id').execute()) as { id: string }[];
      const s = await pickOne(rows, w.pick);
      if (s) await db.deleteFrom('meeting_surveys').where('id', '=', s.id).execute();
      return;
    }
    case 'ask-everyone':
      // One statement for many meetings, as the survey run does.
      await sql`INSERT INTO meeting_surveys (meeting_id, held_on, asked_on) SELECT id, ${HELD[w.held]!}::date, ${HELD[w.held]!}::date FROM meetings ON CONFLICT DO NOTHING`.execute(db);
      return;
  }
}

/** Each tally (its rows that count something) and the same grouping made from the rows now. */
async function talliesAgainstRows(db: Kysely<any>) {
  const q = async (text: string) => (await sql.raw(text).execute(db)).rows;
  const pairs: Record<string, [string, string]> = {
    spans: [
      `SELECT region_code, programme_code, partner, status, starts_on::text, ends_on::text, meetings FROM meeting_span_tallies WHERE meetings <> 0 ORDER BY 1, 2, 3, 4, 5, 6`,
      `SELECT region_code, programme_code, organisation_id IS NOT NULL AS partner, status, starts_on::text, ends_on::text, count(*)::int AS meetings FROM meetings GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
    ],
    cells: [
      `SELECT region_code, cell_row, cell_column, meetings, placed, latitude_sum::text, longitude_sum::text FROM meeting_cell_tallies WHERE meetings <> 0 OR placed <> 0 OR latitude_sum <> 0 OR longitude_sum <> 0 ORDER BY 1, 2, 3`,
      `SELECT region_code, CASE WHEN longitude IS NOT NULL THEN floor(latitude / ${MAP_CELL_DEGREES}::float8)::int END AS cell_row,
              CASE WHEN latitude IS NOT NULL THEN floor(longitude / ${MAP_CELL_DEGREES}::float8)::int END AS cell_column, count(*)::int AS meetings,
              count(*) FILTER (WHERE latitude IS NOT NULL AND longitude IS NOT NULL)::int AS placed,
              coalesce(sum(latitude::numeric) FILTER (WHERE longitude IS NOT NULL), 0)::text AS latitude_sum, coalesce(sum(longitude::numeric) FILTER (WHERE latitude IS NOT NULL), 0)::text AS longitude_sum
       FROM meetings GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    ],
    sites: [
      `SELECT site_id, venue_postcode, region_code, meetings FROM meeting_site_tallies WHERE meetings <> 0 ORDER BY 1, 2, 3`,
      `SELECT site_id, CASE WHEN site_id IS NULL THEN venue_postcode END AS venue_postcode, region_code, count(*)::int AS meetings FROM meetings GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    ],
    facilitators: [
      `SELECT facilitator_id, meetings FROM meeting_facilitator_tallies WHERE meetings <> 0 ORDER BY 1`,
      `SELECT facilitator_id, count(*)::int AS meetings FROM meeting_facilitators GROUP BY 1 ORDER BY 1`,
    ],
    created: [
      `SELECT created_on::text, meetings FROM meeting_created_days WHERE meetings <> 0 ORDER BY 1`,
      `SELECT (created_at AT TIME ZONE 'Europe/London')::date::text AS created_on, count(*)::int AS meetings FROM meetings GROUP BY 1 ORDER BY 1`,
    ],
    firstDue: [
      `SELECT meeting_id, first_due_on::text FROM meeting_first_due ORDER BY 1`,
      `SELECT meeting_id, min(held_on)::text AS first_due_on FROM meeting_surveys WHERE status = 'due' GROUP BY 1 ORDER BY 1`,
    ],
    dueDays: [
      `SELECT first_due_on::text, meetings FROM meeting_due_days WHERE meetings <> 0 ORDER BY 1`,
      `SELECT first_due_on::text, count(*)::int AS meetings FROM (SELECT meeting_id, min(held_on) AS first_due_on FROM meeting_surveys WHERE status = 'due' GROUP BY 1) x GROUP BY 1 ORDER BY 1`,
    ],
  };
  const kept: Record<string, unknown> = {};
  const counted: Record<string, unknown> = {};
  for (const [name, [tally, rows]] of Object.entries(pairs)) {
    kept[name] = await q(tally);
    counted[name] = await q(rows);
  }
  return { kept, counted };
}

const normalise = <T>(rows: T[], key: (r: T) => string) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));

/** Every dashboard query that reads a tally, for the whole network and through the meetings, on a day, for the whole network and one region. */
async function dashboardsBothWays(db: Kysely<any>, today: string) {
  const out: { tallied: unknown[]; counted: unknown[] } = { tallied: [], counted: [] };
  for (const region of [undefined, 'north-west']) {
    for (const [scope, into] of [[everything, out.tallied], [everyRegion(), out.counted]] as const) {
      const spans = await reports.meetingSpanCounts(db as never, scope, region);
      const choose = (from: string, to: string): reports.SpanChoice => {
        const accepted = spans.filter((s) => meetingRunningBetween({ status: s.status as MeetingSpan['status'], startsOn: s.starts_on, endsOn: s.ends_on }, from, to));
        return { accepted, refused: spans.filter((s) => !accepted.includes(s)) };
      };
      const now = choose(today, today);
      const week = choose(today, addDays(today, 6));
      const sortedSpans = normalise(spans, (s) => `${s.status} ${s.starts_on} ${s.ends_on}`);
      const running = normalise(await reports.meetingsRunningByRegionAndProgramme(db as never, scope, { region, thisWeek: week, today: now }), (r) => `${r.region_code} ${r.programme_code}`)
        .filter((r) => r.this_week > 0 || r.partner_today > 0);
      const cells = normalise(await reports.meetingsByCell(db as never, scope, { region, spans: now, cellDegrees: MAP_CELL_DEGREES }), (c) => `${c.region_code} ${c.cell_row} ${c.cell_column}`)
        .map((c) => ({ ...c, latitude_sum: c.latitude_sum === null ? null : c.latitude_sum.toFixed(6), longitude_sum: c.longitude_sum === null ? null : c.longitude_sum.toFixed(6) }));
      const postcodes = [...new Set(await reports.meetingPostcodes(db as never, scope, { region, spans: now }))].sort();
      const sites = (await reports.licensedSitesOfSpans(db as never, scope, { region, licenceSpans: { accepted: [{ status: 'active', starts_on: '2000-01-01', ends_on: '2000-01-01', n: 0 }], refused: [] }, meetingSpans: now }))
        .map((s) => `${s.id} ${s.has_meeting}`);
      into.push({ region, sortedSpans, running, cells, postcodes, sites });
    }
  }
  // Facilitators and the workspace's counts are counted ahead for the whole network with no region.
  const now = (scope: NetworkScope) => async () => {
    const spans = await reports.meetingSpanCounts(db as never, scope);
    const accepted = spans.filter((s) => meetingRunningBetween({ status: s.status as MeetingSpan['status'], startsOn: s.starts_on, endsOn: s.ends_on }, today, today));
    return { accepted, refused: spans.filter((s) => !accepted.includes(s)) };
  };
  for (const [scope, into] of [[everything, out.tallied], [everyRegion(), out.counted]] as const) {
    into.push({ facilitating: await reports.facilitatorsOfSpans(db as never, scope, { spans: await now(scope)() }) });
    into.push({ workspace: await meetingCounts(db as never, { scope, today }, { registeredFrom: addDays(today, -30), overdueOnOrBefore: addDays(today, -7) }) });
  }
  return out;
}

async function expectTalliesTrue(db: Kysely<any>) {
  const { kept, counted } = await talliesAgainstRows(db);
  expect(kept).toEqual(counted);
  for (const today of ['2026-11-24', '2026-11-30', '2025-01-10', '2027-06-01']) {
    const both = await dashboardsBothWays(db, today);
    expect(both.tallied, `the dashboards on ${today}`).toEqual(both.counted);
  }
}

describe('meeting tallies kept by statement triggers (decision 173)', () => {
  it('equal a count from the rows after any sequence of writes, and so do the dashboards that read them', async () => {
    const db = database.db as Kysely<any>;
    // Licensed sites, so the map's sites query has rows to answer about.
    await db.insertInto('licences').values(organisations.slice(0, 3).map((o, i) => ({
      number: `TALLY-${i}`, organisation_id: o.id, site_id: o.siteId, licence_type: 'smart-recovery', starts_on: '2026-04-01', ends_on: '2027-03-31', status: 'active', source: 'import',
    }))).execute();
    await fc.assert(
      fc.asyncProperty(fc.array(writeArb, { minLength: 1, maxLength: 14 }), async (writes) => {
        await db.deleteFrom('visits').execute();
        await db.deleteFrom('meetings').execute();
        for (const w of writes) await apply(db, w);
        await expectTalliesTrue(db);
      }),
      { numRuns: 25 },
    );
  }, 240_000);

  it('are filled by the migration from the rows already there', async () => {
    const db = database.db as Kysely<any>;
    await db.deleteFrom('meetings').execute();
    for (const w of [
      { kind: 'register', count: 3, organisation: 0, region: 0, programme: 0, start: 1, closedAfter: null, created: 2, place: 0 },
      { kind: 'register', count: 2, organisation: null, region: 2, programme: 1, start: 0, closedAfter: 300, created: 0, place: 4 },
      { kind: 'facilitate', pick: 1, facilitator: 2 },
      { kind: 'ask-everyone', held: 1 },
      { kind: 'answer', pick: 0, notHeld: false },
    ] as const) await apply(db, w);
    await tallies.down(db);
    await tallies.up(db);
    const { kept, counted } = await talliesAgainstRows(db);
    expect(kept).toEqual(counted);
    expect((kept.spans as unknown[]).length).toBeGreaterThan(0);
    expect((kept.dueDays as unknown[]).length).toBeGreaterThan(0);
    await expectTalliesTrue(db);
  }, 60_000);

  it('empties with TRUNCATE', async () => {
    const db = database.db as Kysely<any>;
    await apply(db, { kind: 'register', count: 2, organisation: 1, region: 1, programme: 0, start: 1, closedAfter: null, created: 1, place: 2 });
    await apply(db, { kind: 'ask-everyone', held: 2 });
    await sql`TRUNCATE meetings CASCADE`.execute(db);
    const { kept, counted } = await talliesAgainstRows(db);
    expect(kept).toEqual(counted);
  });
});
