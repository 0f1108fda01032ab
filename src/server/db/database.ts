import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../env.js';
import type { Database } from './schema.js';

export type DB = Kysely<Database>;

export interface OpenDatabase {
  db: DB;
  kind: 'pglite' | 'postgres';
  /** Closes the database; an open PGlite instance would otherwise keep Node running. */
  close(): Promise<void>;
}

// pg returns bigint (COUNT) as a string; PGlite returns a number. Parse int8 as a number on pg
// too, so both databases answer the same (counts here never pass 2^53).
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

/** Opens the configured database: a real PostgreSQL server, or PGlite kept on disk. */
export async function openDatabase(database: Config['database'], options: { loadDataDir?: Blob } = {}): Promise<OpenDatabase> {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: database.url, max: 10 });
    // An idle connection the server ends (a restart, or a dropped test database) makes the pool emit
    // 'error'; with no listener, Node treats that as an uncaught error and stops the process. The
    // pool has already discarded the connection and opens a new one when next needed.
    pool.on('error', (error) => console.warn(`An idle database connection was closed by the server: ${error.message}`));
    // The same can happen to a connection in use (a transaction under way when the server drops it):
    // the query fails and the request answers 503, but the connection also emits 'error', which with
    // no listener would stop the whole process. The pool discards the broken connection on release.
    pool.on('connect', (client) => {
      client.on('error', (error) => console.warn(`A database connection in use was closed by the server: ${error.message}`));
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const dataDir = database.dataDir === 'memory://' ? undefined : path.resolve(database.dataDir);
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
