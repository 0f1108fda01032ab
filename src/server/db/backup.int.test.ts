import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { adminQuery, withDatabase } from '../../../tests/support/global-setup.js';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database.js';
import { type DB, openDatabase } from './database.js';
import { loadDemoData } from './demo/demo-data.js';
import { migrateToLatest } from './migrate.js';
import { loadConfig } from '../env.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');

/** Runs one of the npm scripts (npm run backup / restore) the way an operator would, with this environment. */
async function npmScript(script: 'backup' | 'restore', args: string[], env: Record<string, string>) {
  const entry = path.join(root, `src/server/jobs/${script}.ts`);
  try {
    // Only the database the test names: never the one the test run itself may be configured with.
    const { DATABASE_URL: _ignored, PGLITE_DIR: _alsoIgnored, ...inherited } = process.env;
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: root, env: { ...inherited, ...env }, timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * Every table's rows as one checksum each (plus every sequence's position), so two databases can
 * be compared exactly: a changed, missing or extra row in any table changes its checksum.
 */
async function checksums(db: DB): Promise<Record<string, string>> {
  const tables = await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(db);
  const out: Record<string, string> = {};
  for (const { tablename } of tables.rows) {
    const row = await sql<{ n: number; sum: string }>`
      SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM ${sql.table(tablename)} t`.execute(db);
    out[tablename] = `${row.rows[0]!.n}:${row.rows[0]!.sum}`;
  }
  const sequences = await sql<{ name: string; last: string | null }>`
    SELECT sequencename AS name, last_value::text AS last FROM pg_sequences WHERE schemaname = 'public'`.execute(db);
  for (const s of sequences.rows) out[`sequence ${s.name}`] = String(s.last);
  return out;
}

/** Demo data fills nearly every table; a few awkward values check the text survives byte for byte. */
async function fill(db: DB) {
  await loadDemoData(db, loadConfig({ NODE_ENV: 'test' }));
  const { nation_code } = await db.selectFrom('regions').select('nation_code').where('code', '=', 'south-wales').executeTakeFirstOrThrow();
  const org = await db
    .insertInto('organisations')
    .values({ name: "Cwmni 'Adferiad' \"Newydd\"\nâ ŵ ŷ — £ € 😀 \\ tab\there", organisation_type: 'non-profit', sector_code: 'treatment-service', region_code: 'south-wales' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('sites').values({ organisation_id: org.id, name: 'Safle', address: 'Line 1\r\nLine 2', postcode: 'CF10 1AA', nation_code, region_code: 'south-wales' }).execute();
}

function tempDir(label: string) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ph-backup-${label}-`));
}

describe('backup and restore on PGlite', () => {
  let work: string;
  let source: string;
  let expected: Record<string, string>;
  beforeAll(async () => {
    work = tempDir('pglite');
    source = path.join(work, 'source');
    const db = await openDatabase({ kind: 'pglite', dataDir: source }, { loadDataDir: new Blob([fs.readFileSync(inject('pgliteTemplate'))]) });
    await migrateToLatest(db.db);
    await fill(db.db);
    expected = await checksums(db.db);
    await db.close();
  }, 60_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('npm run backup writes a file that npm run restore turns into an identical database in an empty PGLITE_DIR', async () => {
    const backup = await npmScript('backup', ['--dir', path.join(work, 'backups')], { PGLITE_DIR: source });
    expect(backup.code, backup.stderr).toBe(0);
    const [file] = fs.readdirSync(path.join(work, 'backups'));
    expect(file).toMatch(/^partner-hub-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.pglite\.tar\.gz$/);

    const target = path.join(work, 'restored');
    const restore = await npmScript('restore', [path.join(work, 'backups', file!)], { PGLITE_DIR: target });
    expect(restore.code, restore.stderr).toBe(0);
    const restored = await openDatabase({ kind: 'pglite', dataDir: target });
    try {
      const actual = await checksums(restored.db);
      expect(Object.keys(actual).length).toBeGreaterThan(30);
      expect(actual).toEqual(expected);
    } finally {
      await restored.close();
    }
  }, 120_000);

  it('npm run restore refuses a PGLITE_DIR that is not empty, leaves it as it was, and with --force moves it aside', async () => {
    const backup = await npmScript('backup', ['--dir', path.join(work, 'backups-2')], { PGLITE_DIR: source });
    expect(backup.code, backup.stderr).toBe(0);
    const file = path.join(work, 'backups-2', fs.readdirSync(path.join(work, 'backups-2'))[0]!);

    const target = path.join(work, 'busy');
    const busy = await openDatabase({ kind: 'pglite', dataDir: target });
    await migrateToLatest(busy.db);
    await busy.close();
    const before = fs.readdirSync(target).sort();

    const refused = await npmScript('restore', [file], { PGLITE_DIR: target });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty');
    expect(fs.readdirSync(target).sort()).toEqual(before);

    const forced = await npmScript('restore', [file, '--force'], { PGLITE_DIR: target });
    expect(forced.code, forced.stderr).toBe(0);
    expect(fs.readdirSync(work).some((name) => name.startsWith('busy.replaced-'))).toBe(true);
    const restored = await openDatabase({ kind: 'pglite', dataDir: target });
    try {
      expect(await checksums(restored.db)).toEqual(expected);
    } finally {
      await restored.close();
    }
  }, 120_000);
});

describe.runIf(process.env.PARTNER_HUB_TEST_DB === 'postgres' && process.env.TEST_DATABASE_URL)('backup and restore on PostgreSQL', () => {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  let work: string;
  let source: TestDatabase;
  let expected: Record<string, string>;
  const created: string[] = [];

  async function emptyDatabase(): Promise<string> {
    const name = `ph_t_${inject('testRunId')}_restore_${randomBytes(4).toString('hex')}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE template0`);
    created.push(name);
    return withDatabase(adminUrl, name);
  }

  beforeAll(async () => {
    work = tempDir('postgres');
    source = await createTestDatabase();
    await fill(source.db);
    expected = await checksums(source.db);
  }, 60_000);
  afterAll(async () => {
    await source?.close();
    for (const name of created) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('npm run backup (pg_dump) writes a file that npm run restore (pg_restore) turns into an identical empty database', async () => {
    const backup = await npmScript('backup', ['--dir', path.join(work, 'backups')], { DATABASE_URL: source.url! });
    expect(backup.code, backup.stderr).toBe(0);
    const [file] = fs.readdirSync(path.join(work, 'backups'));
    expect(file).toMatch(/^partner-hub-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.dump$/);

    const target = await emptyDatabase();
    const restore = await npmScript('restore', [path.join(work, 'backups', file!)], { DATABASE_URL: target });
    expect(restore.code, restore.stderr).toBe(0);
    const restored = await openDatabase({ kind: 'postgres', url: target });
    try {
      const actual = await checksums(restored.db);
      expect(Object.keys(actual).length).toBeGreaterThan(30);
      expect(actual).toEqual(expected);
    } finally {
      await restored.close();
    }
  }, 120_000);

  it('npm run restore refuses a database that has tables, changes nothing, and with --force replaces it with the backup', async () => {
    const backup = await npmScript('backup', ['--dir', path.join(work, 'backups-2')], { DATABASE_URL: source.url! });
    const file = path.join(work, 'backups-2', fs.readdirSync(path.join(work, 'backups-2'))[0]!);
    expect(backup.code, backup.stderr).toBe(0);

    // A database that has moved on since the backup: a row gone, a row changed.
    const target = await emptyDatabase();
    const first = await npmScript('restore', [file], { DATABASE_URL: target });
    expect(first.code, first.stderr).toBe(0);
    const db = await openDatabase({ kind: 'postgres', url: target });
    try {
      await db.db.updateTable('organisations').set({ name: 'Changed after the backup' }).where('name', 'like', 'Cwmni%').execute();
      const changed = await checksums(db.db);
      expect(changed).not.toEqual(expected);

      const refused = await npmScript('restore', [file], { DATABASE_URL: target });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('already has');
      expect(await checksums(db.db)).toEqual(changed);

      const forced = await npmScript('restore', [file, '--force'], { DATABASE_URL: target });
      expect(forced.code, forced.stderr).toBe(0);
      expect(await checksums(db.db)).toEqual(expected);
    } finally {
      await db.close();
    }
  }, 120_000);
});
