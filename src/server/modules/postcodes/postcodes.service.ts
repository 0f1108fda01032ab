import fs from 'node:fs';
import readline from 'node:readline';
import { formatPostcode, isUkPostcode } from '../../../domain/postcode.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { DB } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { type PostcodeRow, upsertPostcodes } from './postcodes.repository.js';

/**
 * Loading the ONS Postcode Directory (docs/decisions/088-importing-the-ons-postcode-directory.md):
 * about 2.7 million rows and 1 GB, so the file is read a line at a time and written in batches;
 * nothing holds more than one batch. Re-running it with the same file changes nothing.
 */

export const SKIP_REASONS = ['terminated', 'no_coordinates', 'malformed'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface PostcodeImportOptions {
  /** A column whose value is the town (or, with `townNames`, a code to look up). Town stays as stored when absent. */
  townColumn?: string | undefined;
  /** Code → name, e.g. the ONS built-up area names file, applied to `townColumn`'s values. */
  townNames?: Map<string, string> | undefined;
  /** Rows per INSERT … ON CONFLICT statement. */
  batchSize?: number;
  /** Calls onProgress after every so many rows read. */
  progressEvery?: number;
  onProgress?: (progress: { read: number; loaded: number }) => void;
}

export interface PostcodeImportSummary {
  read: number;
  loaded: number;
  skipped: Record<SkipReason, number>;
  seconds: number;
}

/** The lines of a text file, read as a stream (never the whole file at once). */
export function fileLines(file: string): AsyncIterable<string> {
  return readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
}

/**
 * One CSV line split into fields (RFC 4180 quoting: "a, b" and doubled "" inside quotes). Null
 * when the quoting is broken, e.g. a quote that never closes.
 */
export function parseCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const close = line.indexOf('"', i);
        if (close === -1) return null;
        value += line.slice(i, close);
        if (line[close + 1] === '"') {
          value += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ',') return null;
      i += 1;
    } else {
      const comma = line.indexOf(',', i);
      const value = comma === -1 ? line.slice(i) : line.slice(i, comma);
      if (value.includes('"')) return null;
      fields.push(value);
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}

/** A two-column code,name CSV (its first line a header), e.g. the ONS built-up area names. */
export async function readTownNames(lines: AsyncIterable<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let first = true;
  for await (const line of lines) {
    if (first) {
      first = false;
      continue;
    }
    const fields = parseCsvLine(line);
    const code = fields?.[0]?.trim();
    const name = fields?.[1]?.trim();
    if (code && name) names.set(code, name);
  }
  return names;
}

interface Columns {
  postcode: number;
  latitude: number;
  longitude: number;
  terminated: number;
  town: number | null;
}

function findColumns(header: string, townColumn: string | undefined): Columns {
  const names = (parseCsvLine(header.replace(/^\uFEFF/, '')) ?? []).map((n) => n.trim().toLowerCase());
  const index = (name: string) => {
    const at = names.indexOf(name.toLowerCase());
    if (at === -1) {
      throw new AppError('validation_failed', `The file has no "${name}" column. Is it the ONS Postcode Directory CSV (columns pcds, lat, long, doterm)?`, [
        { field: name, message: 'Column missing' },
      ]);
    }
    return at;
  };
  return {
    postcode: index('pcds'),
    latitude: index('lat'),
    longitude: index('long'),
    terminated: index('doterm'),
    town: townColumn ? index(townColumn) : null,
  };
}

type Parsed = { row: PostcodeRow } | { skip: SkipReason };

function parseRow(line: string, width: number, c: Columns, options: PostcodeImportOptions): Parsed {
  const fields = parseCsvLine(line);
  if (fields === null || fields.length !== width) return { skip: 'malformed' };
  const postcode = fields[c.postcode]!.trim();
  if (!isUkPostcode(postcode)) return { skip: 'malformed' };
  // A terminated postcode is no longer in use; its date of termination is 'YYYYMM'.
  if (fields[c.terminated]!.trim() !== '') return { skip: 'terminated' };
  const latText = fields[c.latitude]!.trim();
  const longText = fields[c.longitude]!.trim();
  if (latText === '' || longText === '') return { skip: 'no_coordinates' };
  const latitude = Number(latText);
  const longitude = Number(longText);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return { skip: 'malformed' };
  // ONS writes 99.999999, 0.000000 for a postcode it has no grid reference for.
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return { skip: 'no_coordinates' };
  let town: string | null = null;
  if (c.town !== null) {
    const value = fields[c.town]!.trim();
    town = (options.townNames ? options.townNames.get(value) : value) || null;
  }
  return { row: { postcode: formatPostcode(postcode), latitude, longitude, town } };
}

/**
 * Loads postcodes from the ONS Postcode Directory's lines into the postcodes table: live postcodes
 * with coordinates are inserted or updated; terminated ones, ones without coordinates and
 * malformed lines are skipped and counted by reason.
 */
export async function importPostcodes(db: DB, lines: AsyncIterable<string>, options: PostcodeImportOptions = {}): Promise<PostcodeImportSummary> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 1000;
  const progressEvery = options.progressEvery ?? 100_000;
  const setTown = options.townColumn !== undefined;
  const summary: PostcodeImportSummary = { read: 0, loaded: 0, skipped: { terminated: 0, no_coordinates: 0, malformed: 0 }, seconds: 0 };
  let columns: Columns | null = null;
  let width = 0;
  // Keyed by postcode: a postcode twice in one batch would make ON CONFLICT DO UPDATE fail.
  let batch = new Map<string, PostcodeRow>();
  const flush = async () => {
    await upsertPostcodes(db, [...batch.values()], setTown);
    batch = new Map();
  };

  for await (const line of lines) {
    if (columns === null) {
      columns = findColumns(line, options.townColumn);
      width = (parseCsvLine(line.replace(/^\uFEFF/, '')) ?? []).length;
      continue;
    }
    if (line.trim() === '') continue;
    summary.read += 1;
    const parsed = parseRow(line, width, columns, options);
    if ('skip' in parsed) summary.skipped[parsed.skip] += 1;
    else {
      summary.loaded += 1;
      batch.set(parsed.row.postcode, parsed.row);
      if (batch.size >= batchSize) await flush();
    }
    if (options.onProgress && summary.read % progressEvery === 0) options.onProgress({ read: summary.read, loaded: summary.loaded });
  }
  if (columns === null) throw new AppError('validation_failed', 'The file is empty.', [{ field: 'file', message: 'No header line' }]);
  await flush();
  summary.seconds = Math.round((performance.now() - started) / 100) / 10;
  return summary;
}

/** Records the import in the audit trail: what was loaded, from which file, by whom. */
export async function auditPostcodeImport(db: DB, actor: Actor, file: string, summary: PostcodeImportSummary): Promise<void> {
  await recordAudit(db, actor, { action: 'postcodes.imported', entityType: 'postcodes', entityId: null, after: { file, ...summary } });
}

const count = (n: number) => n.toLocaleString('en-GB');

/** The one-line summary the command prints. */
export function formatImportSummary(s: PostcodeImportSummary): string {
  const skipped = SKIP_REASONS.reduce((sum, r) => sum + s.skipped[r], 0);
  const reasons = SKIP_REASONS.map((r) => `${r.replace('_', ' ')} ${count(s.skipped[r])}`).join(', ');
  return `Postcodes imported in ${s.seconds} seconds: ${count(s.read)} rows read, ${count(s.loaded)} loaded, ${count(skipped)} skipped (${reasons}).`;
}
