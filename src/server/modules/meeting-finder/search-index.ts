/**
 * The in-process index of the public meetings (docs/decisions/140-in-process-meeting-search-index.md).
 *
 * It holds only what a search chooses by: where each meeting is, its day, start time, programme,
 * attendance and audiences, in typed arrays, with the meetings that have a place bucketed in a
 * latitude/longitude grid and the ones you can join online kept in the order of the week. It answers
 * "which meetings, in which order" exactly as the SQL path does (finder.repository.ts nearestMeetings
 * and meetingsByWeek): the same filters, distance (haversine, then rounded to the micrometre in both),
 * order (distance, then id; week order, start time, id) and cursor comparisons. The details of the
 * chosen page are read from the database, with the listing revision, by the service.
 *
 * Pure: no I/O, so it is tested against a brute-force reference (search-index.test.ts).
 */

export const EARTH_RADIUS_KM = 6371.0088;
const RADIANS_PER_DEGREE = Math.PI / 180;
/** Kilometres in one degree of a great circle (of latitude everywhere). */
export const KM_PER_DEGREE = EARTH_RADIUS_KM * RADIANS_PER_DEGREE;
/** Distances are rounded to this many per kilometre (a micrometre) in the index and in SQL. */
export const DISTANCE_QUANTUM_PER_KM = 1e9;

const LAT_CELL_DEGREES = 0.05;
const LNG_CELL_DEGREES = 0.08;
const GRID_ROWS = Math.ceil(180 / LAT_CELL_DEGREES);
const GRID_COLUMNS = Math.ceil(360 / LNG_CELL_DEGREES);
/** The first circle a search looks in; it doubles until it holds a page (or reaches the radius). */
const FIRST_SEARCH_KM = 2;

const ATTENDANCE_CODES = ['in_person', 'online', 'hybrid'] as const;
export type AttendanceValue = (typeof ATTENDANCE_CODES)[number];

export interface IndexFilters {
  day?: number | undefined;
  startsFrom?: string | undefined;
  startsBefore?: string | undefined;
  programme?: string | undefined;
  audience?: string | undefined;
  attendance: readonly AttendanceValue[];
}

export interface IndexMeeting {
  id: string;
  latitude: number | null;
  longitude: number | null;
  day: number;
  start_time: string;
  programme_code: string;
  attendance: AttendanceValue;
  audiences: readonly string[];
}

export interface NearestPick {
  id: string;
  distanceKm: number;
}

export interface WeekPick {
  id: string;
  weekOrder: number;
  startTime: string;
}

/** Thrown for a search the index cannot answer exactly; the caller answers through SQL instead. */
export class UnsupportedSearch extends Error {}

/** PostgreSQL's round(float8): to the nearest integer, halves to even (rint). */
function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The great-circle distance in km, computed as the SQL does (finder.repository.ts haversineKm) and
 * rounded to the micrometre, so the two paths put meetings in the same order and a cursor one of them
 * wrote means the same to the other (their sine tables may differ in the last bit; the rounding hides it).
 */
export function distanceKm(fromLatitude: number, fromLongitude: number, latitude: number, longitude: number): number {
  const a = Math.sin(((latitude - fromLatitude) * RADIANS_PER_DEGREE) / 2);
  const b = Math.sin(((longitude - fromLongitude) * RADIANS_PER_DEGREE) / 2);
  const h = a * a + Math.cos(fromLatitude * RADIANS_PER_DEGREE) * Math.cos(latitude * RADIANS_PER_DEGREE) * (b * b);
  const d = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  return rint(d * DISTANCE_QUANTUM_PER_KM) / DISTANCE_QUANTUM_PER_KM;
}

/** 'HH:MM' as the number HHMM, which orders as the text does. */
function clock(value: string): number {
  if (!/^\d\d:\d\d$/.test(value)) throw new UnsupportedSearch(`Not a clock time: ${value}`);
  return Number(value.slice(0, 2)) * 100 + Number(value.slice(3, 5));
}

function clockText(hhmm: number): string {
  return `${String(Math.floor(hhmm / 100)).padStart(2, '0')}:${String(hhmm % 100).padStart(2, '0')}`;
}

/** The value of a hex digit's character code, or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** A uuid's 16 bytes (PostgreSQL orders uuids by them), in either case. */
function uuidBytes(id: string, into: Uint8Array, at: number): void {
  let j = 0;
  for (let i = 0; i < 16; i++) {
    if (j === 8 || j === 13 || j === 18 || j === 23) {
      if (id.charCodeAt(j) !== 45) throw new UnsupportedSearch(`Not a uuid: ${id}`);
      j += 1;
    }
    const high = hexValue(id.charCodeAt(j));
    const low = hexValue(id.charCodeAt(j + 1));
    if (high < 0 || low < 0) throw new UnsupportedSearch(`Not a uuid: ${id}`);
    into[at + i] = high * 16 + low;
    j += 2;
  }
  if (id.length !== 36) throw new UnsupportedSearch(`Not a uuid: ${id}`);
}

function gridRow(latitude: number): number {
  return Math.min(GRID_ROWS - 1, Math.max(0, Math.floor((latitude + 90) / LAT_CELL_DEGREES)));
}

function gridColumn(longitude: number): number {
  const wrapped = (((longitude + 180) % 360) + 360) % 360;
  return Math.min(GRID_COLUMNS - 1, Math.floor(wrapped / LNG_CELL_DEGREES));
}

/** Collects the rows of one snapshot, then sorts them into the grid. */
export class SearchIndexBuilder {
  private readonly latitude: Float64Array;
  private readonly longitude: Float64Array;
  private readonly day: Uint8Array;
  private readonly start: Uint16Array;
  private readonly programme: Uint8Array;
  private readonly attendance: Uint8Array;
  private readonly audiences: Uint32Array;
  private readonly ids: Uint8Array;
  private readonly located: Uint8Array;
  private readonly programmes = new Map<string, number>();
  private readonly audienceBits = new Map<string, number>();
  private count = 0;

  constructor(
    private readonly capacity: number,
    private readonly revision: string,
  ) {
    this.latitude = new Float64Array(capacity);
    this.longitude = new Float64Array(capacity);
    this.day = new Uint8Array(capacity);
    this.start = new Uint16Array(capacity);
    this.programme = new Uint8Array(capacity);
    this.attendance = new Uint8Array(capacity);
    this.audiences = new Uint32Array(capacity);
    this.ids = new Uint8Array(capacity * 16);
    this.located = new Uint8Array(capacity);
  }

  add(m: IndexMeeting): void {
    if (this.count >= this.capacity) throw new Error('More meetings than the index was made for');
    const i = this.count;
    uuidBytes(m.id, this.ids, i * 16);
    const attendance = ATTENDANCE_CODES.indexOf(m.attendance);
    if (attendance < 0) throw new Error(`Unknown attendance ${m.attendance}`);
    this.attendance[i] = attendance;
    // As in SQL, a meeting without both coordinates has no distance and is never "near".
    const located = m.latitude !== null && m.longitude !== null && Number.isFinite(m.latitude) && Number.isFinite(m.longitude);
    this.located[i] = located ? 1 : 0;
    this.latitude[i] = located ? m.latitude! : Number.NaN;
    this.longitude[i] = located ? m.longitude! : Number.NaN;
    this.day[i] = m.day;
    this.start[i] = clock(m.start_time);
    let programme = this.programmes.get(m.programme_code);
    if (programme === undefined) {
      programme = this.programmes.size;
      if (programme > 255) throw new Error('Too many programmes for the index');
      this.programmes.set(m.programme_code, programme);
    }
    this.programme[i] = programme;
    let bits = 0;
    for (const audience of m.audiences) {
      let bit = this.audienceBits.get(audience);
      if (bit === undefined) {
        bit = this.audienceBits.size;
        if (bit > 31) throw new Error('Too many audiences for the index');
        this.audienceBits.set(audience, bit);
      }
      bits |= 1 << bit;
    }
    this.audiences[i] = bits >>> 0;
    this.count += 1;
  }

  finish(): SearchIndex {
    const n = this.count;
    // Cell of each meeting with a place (in person or hybrid); -1 for the rest, which sort first.
    const cellOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      cellOf[i] = this.located[i] && this.attendance[i] !== 1 ? gridRow(this.latitude[i]!) * GRID_COLUMNS + gridColumn(this.longitude[i]!) : -1;
    }
    // Sorted by cell with a numeric sort of (cell + 1) * 2^21 + position (a comparator sort is slower).
    if (n >= 2 ** 21) throw new Error('Too many meetings for the index');
    const keyed = new Float64Array(n);
    for (let i = 0; i < n; i++) keyed[i] = (cellOf[i]! + 1) * 2 ** 21 + i;
    keyed.sort();
    const order = new Uint32Array(n);
    for (let k = 0; k < n; k++) order[k] = keyed[k]! % 2 ** 21;
    const permute = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array>(source: T, make: (length: number) => T): T => {
      const out = make(n);
      for (let k = 0; k < n; k++) out[k] = source[order[k]!]!;
      return out;
    };
    const ids = new Uint8Array(n * 16);
    for (let k = 0; k < n; k++) {
      const from = order[k]! * 16;
      for (let b = 0; b < 16; b++) ids[k * 16 + b] = this.ids[from + b]!;
    }
    const columns: IndexColumns = {
      latitude: permute(this.latitude, (l) => new Float64Array(l)),
      longitude: permute(this.longitude, (l) => new Float64Array(l)),
      day: permute(this.day, (l) => new Uint8Array(l)),
      start: permute(this.start, (l) => new Uint16Array(l)),
      programme: permute(this.programme, (l) => new Uint8Array(l)),
      attendance: permute(this.attendance, (l) => new Uint8Array(l)),
      audiences: permute(this.audiences, (l) => new Uint32Array(l)),
      ids,
    };
    // The grid: each occupied cell's run of meetings (they are now contiguous).
    const cells = new Map<number, number>();
    const cellStart: number[] = [];
    const cellEnd: number[] = [];
    for (let k = 0; k < n; k++) {
      const cell = cellOf[order[k]!]!;
      if (cell < 0) continue;
      const slot = cells.get(cell);
      if (slot === undefined) {
        cells.set(cell, cellStart.length);
        cellStart.push(k);
        cellEnd.push(k + 1);
      } else {
        cellEnd[slot] = k + 1;
      }
    }
    // Meetings you can join online (online or hybrid), in the order of the week, as the partial
    // index meetings_public_online_week_idx is.
    const online: number[] = [];
    for (let k = 0; k < n; k++) if (columns.attendance[k] !== 0) online.push(k);
    const weekOrder = (k: number) => (columns.day[k]! + 6) % 7;
    online.sort((a, b) => weekOrder(a) - weekOrder(b) || columns.start[a]! - columns.start[b]! || compareIds(ids, a * 16, ids, b * 16));
    return new SearchIndex(this.revision, n, columns, {
      cells,
      cellStart: Int32Array.from(cellStart),
      cellEnd: Int32Array.from(cellEnd),
      cellKeys: Int32Array.from(cells.keys()),
      online: Uint32Array.from(online),
      programmes: new Map(this.programmes),
      audienceBits: new Map(this.audienceBits),
    });
  }
}

interface IndexColumns {
  latitude: Float64Array;
  longitude: Float64Array;
  day: Uint8Array;
  start: Uint16Array;
  programme: Uint8Array;
  attendance: Uint8Array;
  audiences: Uint32Array;
  ids: Uint8Array;
}

interface IndexLookups {
  cells: Map<number, number>;
  cellStart: Int32Array;
  cellEnd: Int32Array;
  cellKeys: Int32Array;
  online: Uint32Array;
  programmes: Map<string, number>;
  audienceBits: Map<string, number>;
}

function compareIds(a: Uint8Array, at: number, b: Uint8Array, bt: number): number {
  for (let i = 0; i < 16; i++) {
    const d = a[at + i]! - b[bt + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A compiled filter: -1 fields are not asked for; `never` when nothing can match. */
interface Match {
  attendanceMask: number;
  day: number;
  from: number;
  before: number;
  programme: number;
  audienceBit: number;
  never: boolean;
}

export class SearchIndex {
  constructor(
    /** The listing revision (meeting_listing_revision) of the snapshot the index was read from. */
    readonly revision: string,
    /** How many public meetings it holds. */
    readonly size: number,
    private readonly c: IndexColumns,
    private readonly l: IndexLookups,
  ) {}

  /** Bytes held in the typed arrays (the grid's Map is extra, one entry per occupied cell). */
  get bytes(): number {
    const c = this.c;
    return [c.latitude, c.longitude, c.day, c.start, c.programme, c.attendance, c.audiences, c.ids, this.l.cellStart, this.l.cellEnd, this.l.cellKeys, this.l.online].reduce(
      (sum, a) => sum + a.byteLength,
      0,
    );
  }

  idAt(k: number): string {
    const b = this.c.ids;
    const o = k * 16;
    let s = '';
    for (let i = 0; i < 16; i++) {
      s += HEX_BYTE[b[o + i]!]!;
      if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
    }
    return s;
  }

  private compile(f: IndexFilters): Match {
    let attendanceMask = 0;
    for (const a of f.attendance) {
      const code = ATTENDANCE_CODES.indexOf(a);
      if (code < 0) throw new UnsupportedSearch(`Unknown attendance ${a}`);
      attendanceMask |= 1 << code;
    }
    const programme = f.programme === undefined ? -1 : (this.l.programmes.get(f.programme) ?? -2);
    const bit = f.audience === undefined ? -1 : (this.l.audienceBits.get(f.audience) ?? -2);
    return {
      attendanceMask,
      day: f.day ?? -1,
      from: f.startsFrom === undefined ? -1 : clock(f.startsFrom),
      before: f.startsBefore === undefined ? -1 : clock(f.startsBefore),
      programme,
      audienceBit: bit,
      never: attendanceMask === 0 || programme === -2 || bit === -2,
    };
  }

  private matches(k: number, m: Match): boolean {
    const c = this.c;
    if (((1 << c.attendance[k]!) & m.attendanceMask) === 0) return false;
    if (m.day >= 0 && c.day[k] !== m.day) return false;
    if (m.from >= 0 && c.start[k]! < m.from) return false;
    if (m.before >= 0 && c.start[k]! >= m.before) return false;
    if (m.programme >= 0 && c.programme[k] !== m.programme) return false;
    if (m.audienceBit >= 0 && (c.audiences[k]! & (1 << m.audienceBit)) === 0) return false;
    return true;
  }

  /**
   * Meetings with a place within radiusKm of the origin that match, nearest first (ties by id), after
   * the (distance, id) given: what nearestMeetings answers in SQL. Only in-person and hybrid meetings
   * are in the grid; the SQL path never asks for an online-only meeting's distance either.
   *
   * The circle grows from a couple of kilometres, doubling: every meeting within r of the origin is in
   * the cells of r's box, so once `limit` matches lie within r they are the nearest `limit`. Each cell
   * is read once; matches beyond r are kept for the next, wider circle.
   */
  nearest(args: { origin: { latitude: number; longitude: number }; radiusKm: number; filters: IndexFilters; after: { distanceKm: number; id: string } | null; limit: number }): NearestPick[] {
    const m = this.compile(args.filters);
    if (m.never || args.limit <= 0) return [];
    const { latitude: lat0, longitude: lng0 } = args.origin;
    const c = this.c;
    const after = args.after;
    const afterId = new Uint8Array(16);
    if (after) uuidBytes(after.id, afterId, 0);
    const found: { k: number; d: number }[] = [];
    const scanned = new Set<number>();
    let searchKm = Math.min(args.radiusKm, Math.max(FIRST_SEARCH_KM, (after?.distanceKm ?? 0) * 1.5));
    for (;;) {
      for (const cell of this.cellsWithin(lat0, lng0, searchKm)) {
        if (scanned.has(cell)) continue;
        scanned.add(cell);
        const slot = this.l.cells.get(cell)!;
        const end = this.l.cellEnd[slot]!;
        for (let k = this.l.cellStart[slot]!; k < end; k++) {
          if (!this.matches(k, m)) continue;
          const d = distanceKm(lat0, lng0, c.latitude[k]!, c.longitude[k]!);
          if (!(d <= args.radiusKm)) continue;
          if (after && (d < after.distanceKm || (d === after.distanceKm && compareIds(c.ids, k * 16, afterId, 0) <= 0))) continue;
          found.push({ k, d });
        }
      }
      let within = 0;
      for (const f of found) if (f.d <= searchKm) within += 1;
      if (within >= args.limit || searchKm >= args.radiusKm) break;
      searchKm = Math.min(args.radiusKm, searchKm * 2);
    }
    const chosen = found.filter((f) => f.d <= searchKm);
    chosen.sort((a, b) => a.d - b.d || compareIds(c.ids, a.k * 16, c.ids, b.k * 16));
    return chosen.slice(0, args.limit).map((f) => ({ id: this.idAt(f.k), distanceKm: f.d }));
  }

  /**
   * The occupied cells that hold every point within km of the origin: the latitude band, and the
   * longitudes the circle can reach (all of them when it reaches a pole), across the antimeridian.
   */
  private cellsWithin(lat0: number, lng0: number, km: number): Iterable<number> {
    // A little wider than exact, so rounding never leaves a meeting on the edge out.
    const angle = (km / EARTH_RADIUS_KM) * (1 + 1e-9) + 1e-12;
    const dLat = angle / RADIANS_PER_DEGREE;
    const minLat = lat0 - dLat;
    const maxLat = lat0 + dLat;
    const cosLat = Math.cos(lat0 * RADIANS_PER_DEGREE);
    const reach = Math.sin(Math.min(angle, Math.PI / 2)) / cosLat;
    const allLongitudes = maxLat >= 90 || minLat <= -90 || angle >= Math.PI / 2 || !(reach < 1);
    const dLng = allLongitudes ? 180 : Math.asin(reach) / RADIANS_PER_DEGREE;
    const row0 = gridRow(minLat);
    const row1 = gridRow(maxLat);
    const columnSpan = allLongitudes ? GRID_COLUMNS : Math.min(GRID_COLUMNS, Math.floor((2 * dLng) / LNG_CELL_DEGREES) + 2);
    const col0 = allLongitudes ? 0 : gridColumn(lng0 - dLng);
    const boxCells = (row1 - row0 + 1) * columnSpan;
    const inBox = (cell: number) => {
      const row = Math.floor(cell / GRID_COLUMNS);
      if (row < row0 || row > row1) return false;
      const col = cell - row * GRID_COLUMNS;
      return (col - col0 + GRID_COLUMNS) % GRID_COLUMNS < columnSpan;
    };
    // A box with more cells than the grid has occupied ones: read the occupied ones instead.
    if (boxCells > this.l.cellKeys.length) return Array.from(this.l.cellKeys).filter(inBox);
    const out: number[] = [];
    for (let row = row0; row <= row1; row++) {
      for (let j = 0; j < columnSpan; j++) {
        const cell = row * GRID_COLUMNS + ((col0 + j) % GRID_COLUMNS);
        if (this.l.cells.has(cell)) out.push(cell);
      }
    }
    return out;
  }

  /**
   * Meetings you can join online that match, in the order of the week (Monday first), by start
   * time, then id, after the key given: what meetingsByWeek answers for the online section.
   * Filters must accept no in-person meetings (those are not in this list).
   */
  byWeek(args: { filters: IndexFilters; after: { weekOrder: number; startTime: string; id: string } | null; limit: number }): WeekPick[] {
    if (args.filters.attendance.includes('in_person')) throw new UnsupportedSearch('In-person meetings are not kept in the order of the week');
    const m = this.compile(args.filters);
    if (m.never || args.limit <= 0) return [];
    const c = this.c;
    const online = this.l.online;
    const weekOrder = (k: number) => (c.day[k]! + 6) % 7;
    let first = 0;
    if (args.after) {
      const afterId = new Uint8Array(16);
      uuidBytes(args.after.id, afterId, 0);
      const ak = args.after.weekOrder;
      const at = clock(args.after.startTime);
      // The first entry after the key (the list is sorted by the same key).
      let lo = 0;
      let hi = online.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const k = online[mid]!;
        const cmp = weekOrder(k) - ak || c.start[k]! - at || compareIds(c.ids, k * 16, afterId, 0);
        if (cmp <= 0) lo = mid + 1;
        else hi = mid;
      }
      first = lo;
    }
    const out: WeekPick[] = [];
    for (let j = first; j < online.length && out.length < args.limit; j++) {
      const k = online[j]!;
      if (!this.matches(k, m)) continue;
      out.push({ id: this.idAt(k), weekOrder: weekOrder(k), startTime: clockText(c.start[k]!) });
    }
    return out;
  }
}
