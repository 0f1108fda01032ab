import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AttendanceValue, distanceKm, type IndexFilters, type IndexMeeting, SearchIndexBuilder } from './search-index.js';

/**
 * The grid search against a brute-force reference: every meeting filtered as the SQL does, its
 * haversine distance, sorted by (distance, id). Random meetings (clustered in towns, spread out, at
 * the same pin, online without a place) and random searches, pages and cursors.
 */

const ATTENDANCES: AttendanceValue[] = ['in_person', 'online', 'hybrid'];
const PROGRAMMES = ['smart-recovery', 'family-and-friends', 'insideout'];
const AUDIENCES = ['women', 'men', 'lgbtq', 'veterans'];
const TIMES = ['00:00', '08:30', '12:00', '12:30', '17:00', '18:30', '19:00', '23:59'];

const uuid = fc.uuid().map((u) => u.toLowerCase());

/** Places near a few towns (dense), anywhere in Great Britain (sparse), or far away (the antimeridian, the poles). */
const place = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom([53.76, -2.7], [51.5, -0.13], [55.95, -3.19]), fc.double({ min: -0.2, max: 0.2, noNaN: true }), fc.double({ min: -0.3, max: 0.3, noNaN: true })).map(([[lat, lng], a, b]) => [lat! + a, lng! + b] as const) },
  { weight: 3, arbitrary: fc.tuple(fc.double({ min: 50, max: 58, noNaN: true }), fc.double({ min: -7, max: 2, noNaN: true })) },
  { weight: 1, arbitrary: fc.tuple(fc.double({ min: -89.9, max: 89.9, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true })) },
  { weight: 1, arbitrary: fc.tuple(fc.double({ min: 88, max: 90, noNaN: true }), fc.double({ min: 179, max: 180, noNaN: true })) },
);

const meeting = fc.record({
  id: uuid,
  place: fc.option(place, { freq: 8 }),
  day: fc.integer({ min: 0, max: 6 }),
  start_time: fc.constantFrom(...TIMES),
  programme_code: fc.constantFrom(...PROGRAMMES),
  attendance: fc.constantFrom(...ATTENDANCES),
  audiences: fc.subarray(AUDIENCES),
});

/** Meetings, some sharing a pin (a venue with several meetings) and so a distance. */
const meetings = fc
  .array(meeting, { maxLength: 300 })
  .chain((list) => fc.tuple(fc.constant(list), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 30 })))
  .map(([list, copies]) => {
    const out: IndexMeeting[] = list.map((m) => ({ ...m, latitude: m.place?.[0] ?? null, longitude: m.place?.[1] ?? null }));
    for (const [from, to] of copies) {
      if (out.length === 0) break;
      const a = out[from % out.length]!;
      const b = out[to % out.length]!;
      b.latitude = a.latitude;
      b.longitude = a.longitude;
    }
    const seen = new Set<string>();
    return out.filter((m) => !seen.has(m.id) && seen.add(m.id));
  });

const filters: fc.Arbitrary<IndexFilters> = fc.record({
  day: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
  startsFrom: fc.option(fc.constantFrom('00:00', '12:00', '17:00'), { nil: undefined }),
  startsBefore: fc.option(fc.constantFrom('12:00', '17:00', '24:00'), { nil: undefined }),
  programme: fc.option(fc.constantFrom(...PROGRAMMES, 'start-smart'), { nil: undefined }),
  audience: fc.option(fc.constantFrom(...AUDIENCES, 'young-people'), { nil: undefined }),
  attendance: fc.subarray(ATTENDANCES, { minLength: 1 }),
});

function matches(m: IndexMeeting, f: IndexFilters): boolean {
  return (
    f.attendance.includes(m.attendance) &&
    (f.day === undefined || m.day === f.day) &&
    (f.startsFrom === undefined || m.start_time >= f.startsFrom) &&
    (f.startsBefore === undefined || m.start_time < f.startsBefore) &&
    (f.programme === undefined || m.programme_code === f.programme) &&
    (f.audience === undefined || m.audiences.includes(f.audience))
  );
}

/** The nearest-first answer by brute force: what the SQL's ORDER BY distance, id asks for. */
function referenceNearest(all: IndexMeeting[], origin: { latitude: number; longitude: number }, radiusKm: number, f: IndexFilters) {
  return all
    .filter((m) => m.attendance !== 'online' && m.latitude !== null && m.longitude !== null && matches(m, f))
    .map((m) => ({ id: m.id, distanceKm: distanceKm(origin.latitude, origin.longitude, m.latitude!, m.longitude!) }))
    .filter((m) => m.distanceKm <= radiusKm)
    .sort((a, b) => a.distanceKm - b.distanceKm || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const weekOrder = (day: number) => (day + 6) % 7;

function referenceByWeek(all: IndexMeeting[], f: IndexFilters) {
  return all
    .filter((m) => m.attendance !== 'in_person' && matches(m, f))
    .sort((a, b) => weekOrder(a.day) - weekOrder(b.day) || (a.start_time < b.start_time ? -1 : a.start_time > b.start_time ? 1 : 0) || (a.id < b.id ? -1 : 1))
    .map((m) => ({ id: m.id, weekOrder: weekOrder(m.day), startTime: m.start_time }));
}

function indexOf(all: IndexMeeting[]) {
  const builder = new SearchIndexBuilder(all.length, '7');
  for (const m of all) builder.add(m);
  return builder.finish();
}

describe('distanceKm', () => {
  it('is the haversine distance on a 6,371.0088 km sphere, to the micrometre', () => {
    // Preston to Manchester, about 43 km; one degree of latitude, 111.195 km.
    expect(distanceKm(53.759, -2.699, 53.4808, -2.2426)).toBeCloseTo(43.16, 2);
    expect(distanceKm(0, 0, 1, 0)).toBe(111.195080234);
    expect(distanceKm(53.759, -2.699, 53.759, -2.699)).toBe(0);
  });
});

describe('the search index', () => {
  it('answers nearest first exactly as sorting every match by distance, then id, does', () => {
    fc.assert(
      fc.property(
        meetings,
        place,
        fc.constantFrom(1, 5, 25, 100, 200),
        filters,
        fc.integer({ min: 1, max: 30 }),
        (all, [latitude, longitude], radiusKm, f, limit) => {
          const index = indexOf(all);
          const origin = { latitude, longitude };
          const expected = referenceNearest(all, origin, radiusKm, f);
          expect(index.nearest({ origin, radiusKm, filters: f, after: null, limit })).toEqual(expected.slice(0, limit));
          // Page by page with the cursor, the same list: nothing repeated, nothing missed.
          const paged: typeof expected = [];
          let after: { distanceKm: number; id: string } | null = null;
          for (let pages = 0; pages < 100; pages++) {
            const page = index.nearest({ origin, radiusKm, filters: f, after, limit });
            paged.push(...page);
            if (page.length < limit) break;
            after = page[page.length - 1]!;
          }
          expect(paged).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lists meetings you can join online in the order of the week, and pages through them', () => {
    fc.assert(
      fc.property(meetings, filters, fc.integer({ min: 1, max: 30 }), (all, f, limit) => {
        const online = { ...f, attendance: f.attendance.filter((a) => a !== 'in_person') };
        if (online.attendance.length === 0) online.attendance = ['online'];
        const index = indexOf(all);
        const expected = referenceByWeek(all, online);
        expect(index.byWeek({ filters: online, after: null, limit })).toEqual(expected.slice(0, limit));
        const paged: typeof expected = [];
        let after: { weekOrder: number; startTime: string; id: string } | null = null;
        for (let pages = 0; pages < 400; pages++) {
          const page = index.byWeek({ filters: online, after, limit });
          paged.push(...page);
          if (page.length < limit) break;
          after = page[page.length - 1]!;
        }
        expect(paged).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('continues after a cursor whose meeting has gone, and compares ids as PostgreSQL orders uuids', () => {
    const at = { latitude: 53.76, longitude: -2.7 };
    const all: IndexMeeting[] = ['0000000a-0000-4000-8000-000000000000', '0000000b-0000-4000-8000-000000000000', 'ffffffff-0000-4000-8000-000000000000'].map((id) => ({
      id,
      ...at,
      day: 2,
      start_time: '18:30',
      programme_code: 'smart-recovery',
      attendance: 'in_person',
      audiences: [],
    }));
    const index = indexOf(all);
    const page = (after: { distanceKm: number; id: string } | null) => index.nearest({ origin: at, radiusKm: 5, filters: { attendance: ['in_person'] }, after, limit: 5 }).map((p) => p.id);
    expect(page(null)).toEqual(all.map((m) => m.id));
    // A cursor in capitals (uuids are case-insensitive) naming a meeting no longer listed.
    expect(page({ distanceKm: 0, id: '0000000A-FFFF-4000-8000-000000000000' })).toEqual([all[1]!.id, all[2]!.id]);
  });

  it('keeps 100,000 meetings in a few megabytes', () => {
    const builder = new SearchIndexBuilder(100_000, '1');
    for (let i = 0; i < 100_000; i++) {
      builder.add({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        latitude: 50 + (i % 800) / 100,
        longitude: -6 + Math.floor(i / 800) / 15,
        day: i % 7,
        start_time: '18:30',
        programme_code: 'smart-recovery',
        attendance: i % 7 === 0 ? 'online' : 'in_person',
        audiences: i % 3 === 0 ? ['women'] : [],
      });
    }
    const index = builder.finish();
    expect(index.size).toBe(100_000);
    expect(index.bytes).toBeLessThan(5_000_000);
  });
});
