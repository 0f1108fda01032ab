import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Config } from '../env.js';

/**
 * Backups of the configured database (docs/decisions/060-backups.md). PostgreSQL: pg_dump's custom
 * format, restored with pg_restore. PGlite: its whole data directory as a gzipped tar
 * (`dumpDataDir`), restored with `loadDataDir` into an empty directory.
 */
export type DatabaseTarget = Config['database'];

const PG_EXTENSION = '.dump';
const PGLITE_EXTENSION = '.pglite.tar.gz';

/** `partner-hub-2026-11-24T12-05-33Z`: sorts by time and is a safe file name on every system. */
export function backupName(kind: DatabaseTarget['kind'], at: Date): string {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll(':', '-');
  return `partner-hub-${stamp}${kind === 'postgres' ? PG_EXTENSION : PGLITE_EXTENSION}`;
}

/** Writes a backup of the database into `dir` and returns its path. */
export async function backupDatabase(target: DatabaseTarget, dir: string, at = new Date()): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.resolve(dir, backupName(target.kind, at));
  // Written under a temporary name and renamed when complete, so a half-written file never looks like a backup.
  const partial = `${file}.partial`;
  try {
    if (target.kind === 'postgres') {
      await runClient('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`], target.url);
    } else {
      if (!fs.existsSync(path.join(target.dataDir, 'PG_VERSION'))) throw new Error(`There is no PGlite database in ${target.dataDir}.`);
      const pglite = await PGlite.create({ dataDir: path.resolve(target.dataDir) });
      try {
        const dump = await pglite.dumpDataDir('gzip');
        fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      } finally {
        await pglite.close();
      }
    }
    fs.renameSync(partial, file);
    return file;
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

export class RestoreRefused extends Error {}

/**
 * Restores a backup into the database. Refuses a target that already holds data unless `force`
 * is given: a restore over live data is the one mistake a backup cannot undo. With `force`, a
 * PGlite directory is moved aside (never deleted) and PostgreSQL objects in the backup are replaced.
 */
export async function restoreDatabase(target: DatabaseTarget, file: string, options: { force?: boolean } = {}): Promise<{ movedAside?: string }> {
  if (!fs.existsSync(file)) throw new RestoreRefused(`There is no backup file at ${file}.`);
  const isPg = file.endsWith(PG_EXTENSION);
  const isPglite = file.endsWith(PGLITE_EXTENSION);
  if (target.kind === 'postgres' && !isPg) throw new RestoreRefused(`A PostgreSQL database is restored from a ${PG_EXTENSION} backup made by npm run backup; ${path.basename(file)} is not one.`);
  if (target.kind === 'pglite' && !isPglite) throw new RestoreRefused(`A PGlite database is restored from a ${PGLITE_EXTENSION} backup made by npm run backup; ${path.basename(file)} is not one.`);

  if (target.kind === 'postgres') {
    const tables = await countTables(target.url);
    if (tables > 0 && !options.force) {
      throw new RestoreRefused(`The target database already has ${tables} tables. Restore into an empty database, or add --force to replace what is there.`);
    }
    await runClient(
      'pg_restore',
      ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', ...(tables > 0 ? ['--clean', '--if-exists'] : [])],
      target.url,
      [file],
    );
    return {};
  }

  const dataDir = path.resolve(target.dataDir);
  let movedAside: string | undefined;
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    if (!options.force) throw new RestoreRefused(`${dataDir} is not empty. Restore into an empty PGLITE_DIR, or add --force to move the current one aside.`);
    movedAside = `${dataDir}.replaced-${new Date().toISOString().replaceAll(':', '-')}`;
    fs.renameSync(dataDir, movedAside);
  }
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const pglite = await PGlite.create({ dataDir, loadDataDir: new Blob([fs.readFileSync(file)]) });
  await pglite.query('SELECT 1');
  await pglite.close();
  return movedAside ? { movedAside } : {};
}

async function countTables(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`);
    return Number(result.rows[0]!.n);
  } finally {
    await client.end();
  }
}

/**
 * Runs a PostgreSQL client tool. The password goes in PGPASSWORD rather than on the command line,
 * where other users of the machine could read it in the process list.
 */
function runClient(tool: 'pg_dump' | 'pg_restore', args: string[], url: string, trailing: string[] = []): Promise<void> {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
  }
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [...args, `--dbname=${u.toString()}`, ...trailing], { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new Error(`${tool} could not be started (${error.message}). Install the PostgreSQL client tools, at least the server's version.`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} failed (exit ${code}): ${stderr.trim()}`))));
  });
}
