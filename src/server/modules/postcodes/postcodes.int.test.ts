import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../../../tests/support/test-database.js';
import { fileLines, formatImportSummary, importPostcodes, parseCsvLine, readTownNames } from './postcodes.service.js';

const run = promisify(execFile);

// A small file shaped like the ONS Postcode Directory: more columns than we read, quoted values,
// and one row of each kind the import skips.
const HEADER = '"pcd","pcds","dointr","doterm","bua24","ctry","lat","long","imd"';
const LINES = [
  '"PR1 8BU","PR1 8BU","198001","","E63000001","E92000001",53.758670,-2.703410,"12345"',
  '"EH1 1YZ","EH1 1YZ","198001","","S63000002","S92000003",55.950560,-3.187480,"2001"',
  '"BT1 1AA","BT1 1AA","198001","","N63000003","N92000002",54.597290,-5.930120,"100"',
  // Terminated in March 2015.
  '"PR1 0AA","PR1 0AA","198001","201503","E63000001","E92000001",53.760000,-2.700000,"1"',
  // No grid reference: ONS writes 99.999999, 0.000000.
  '"PR1 9ZZ","PR1 9ZZ","198001","","","E92000001",99.999999,0.000000,"1"',
  // Coordinates left empty.
  '"PR2 1AA","PR2 1AA","198001","","","E92000001",,,"1"',
  // Malformed: too few fields; a quote that never closes; not a postcode.
  '"PR2 2AA","PR2 2AA","198001"',
  '"PR2 3AA","PR2 3AA","198001","","E63000001","E92000001",53.7,-2.7,"1',
  '"NOT A CODE","NOT A CODE","198001","","","E92000001",53.7,-2.7,"1"',
];

let dir: string;
let onsFile: string;
let namesFile: string;
let database: TestDatabase;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postcodes-'));
  onsFile = path.join(dir, 'ONSPD_TEST.csv');
  fs.writeFileSync(onsFile, `\uFEFF${[HEADER, ...LINES].join('\r\n')}\r\n`);
  namesFile = path.join(dir, 'BUA24_names.csv');
  fs.writeFileSync(namesFile, 'BUA24CD,BUA24NM\nE63000001,Preston\nS63000002,Edinburgh\nN63000003,"Belfast"\n');
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function table(db = database.db) {
  return db.selectFrom('postcodes').select(['postcode', 'latitude', 'longitude', 'town']).orderBy('postcode').execute();
}

describe('CSV lines', () => {
  it('splits quoted and bare fields, keeps commas and doubled quotes inside quotes, and refuses broken quoting', () => {
    expect(parseCsvLine('"a, b",c,,"say ""hi"""')).toEqual(['a, b', 'c', '', 'say "hi"']);
    expect(parseCsvLine('x')).toEqual(['x']);
    expect(parseCsvLine('"open')).toBeNull();
    expect(parseCsvLine('a"b,c')).toBeNull();
    expect(parseCsvLine('"a"b,c')).toBeNull();
  });
});

describe('importing the ONS Postcode Directory', () => {
  it('loads live postcodes with coordinates and counts what it skips, by reason', async () => {
    const progress: number[] = [];
    const summary = await importPostcodes(database.db, fileLines(onsFile), { batchSize: 2, progressEvery: 4, onProgress: (p) => progress.push(p.read) });
    expect(summary).toMatchObject({ read: 9, loaded: 3, skipped: { terminated: 1, no_coordinates: 2, malformed: 3 } });
    expect(progress).toEqual([4, 8]);
    expect(await table()).toEqual([
      { postcode: 'BT1 1AA', latitude: 54.59729, longitude: -5.93012, town: null },
      { postcode: 'EH1 1YZ', latitude: 55.95056, longitude: -3.18748, town: null },
      { postcode: 'PR1 8BU', latitude: 53.75867, longitude: -2.70341, town: null },
    ]);
    expect(formatImportSummary(summary)).toMatch(
      /^Postcodes imported in [\d.]+ seconds: 9 rows read, 3 loaded, 6 skipped \(terminated 1, no coordinates 2, malformed 3\)\.$/,
    );
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await table();
    const summary = await importPostcodes(database.db, fileLines(onsFile));
    expect(summary).toMatchObject({ read: 9, loaded: 3, skipped: { terminated: 1, no_coordinates: 2, malformed: 3 } });
    expect(await table()).toEqual(before);
  });

  it('takes towns from a named column through a code → name file, and keeps them when later imported without one', async () => {
    const townNames = await readTownNames(fileLines(namesFile));
    await importPostcodes(database.db, fileLines(onsFile), { townColumn: 'bua24', townNames });
    const withTowns = await table();
    expect(withTowns.map((r) => [r.postcode, r.town])).toEqual([
      ['BT1 1AA', 'Belfast'],
      ['EH1 1YZ', 'Edinburgh'],
      ['PR1 8BU', 'Preston'],
    ]);
    await importPostcodes(database.db, fileLines(onsFile));
    expect(await table()).toEqual(withTowns);
  });

  it('refuses a file that is not the directory, naming the missing column', async () => {
    const other = path.join(dir, 'other.csv');
    fs.writeFileSync(other, 'postcode,latitude,longitude\nPR1 8BU,53.7,-2.7\n');
    await expect(importPostcodes(database.db, fileLines(other))).rejects.toThrow(/no "pcds" column/);
    await expect(importPostcodes(database.db, fileLines(onsFile), { townColumn: 'town' })).rejects.toThrow(/no "town" column/);
  });

  it('runs from the command line with progress on stderr, the summary on stdout and an audit entry', { timeout: 120_000 }, async () => {
    // The same database-opening code as main.ts: DATABASE_URL on PostgreSQL, a PGlite folder otherwise.
    const pgliteDir = path.join(dir, 'pglite');
    const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'development', DATABASE_URL: undefined, PGLITE_DIR: pgliteDir };
    if (testDatabaseKind === 'postgres') env.DATABASE_URL = database.url;
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/server/jobs/import-postcodes.ts', onsFile, '--progress-every', '3', '--town-column', 'bua24', '--town-names', namesFile],
      { env: env as NodeJS.ProcessEnv, cwd: process.cwd(), timeout: 110_000 },
    );
    expect(stderr.trim().split('\n')).toEqual([
      'postcodes: 3 rows read, 3 loaded',
      'postcodes: 6 rows read, 3 loaded',
      'postcodes: 9 rows read, 3 loaded',
    ]);
    expect(stdout.trim()).toMatch(/9 rows read, 3 loaded, 6 skipped \(terminated 1, no coordinates 2, malformed 3\)\.$/);
    const opened = testDatabaseKind === 'postgres' ? null : await openDatabase({ kind: 'pglite', dataDir: pgliteDir });
    const db = opened?.db ?? database.db;
    try {
      expect((await table(db)).map((r) => `${r.postcode} ${r.town}`)).toEqual(['BT1 1AA Belfast', 'EH1 1YZ Edinburgh', 'PR1 8BU Preston']);
      const audit = await db.selectFrom('audit_events').select(['actor_label', 'after']).where('action', '=', 'postcodes.imported').execute();
      expect(audit.at(-1)).toMatchObject({ actor_label: 'npm run import:postcodes', after: { file: onsFile, read: 9, loaded: 3 } });
    } finally {
      await opened?.close();
    }
  });

  it('fails from the command line with a message, not a stack, when the file is missing', { timeout: 60_000 }, async () => {
    const result = await run(process.execPath, ['--import', 'tsx', 'src/server/jobs/import-postcodes.ts', path.join(dir, 'missing.csv')], {
      env: { ...process.env, PGLITE_DIR: path.join(dir, 'unused') },
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in result && result.code).toBe(1);
    expect((result as { stderr: string }).stderr.trim()).toBe(`Postcode import failed: There is no file at ${path.join(dir, 'missing.csv')}.`);
  });
});
