import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../../src/server/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
    testRunId: string;
  }
}

/**
 * Makes one migrated database per test run, which each test file then clones: a PGlite data
 * directory dump, and on PostgreSQL (TEST_DATABASE_URL) a template database.
 */
export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-hub-test-'));
  const dumpPath = path.join(dir, 'template.tar');

  const pglite = await PGlite.create();
  const db = new Kysely<any>({ dialect: new PGliteDialect({ pglite }) });
  await migrateToLatest(db);
  const dump = await pglite.dumpDataDir('none');
  fs.writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await db.destroy();

  let postgresTemplate: string | null = null;
  const url = process.env.TEST_DATABASE_URL;
  if (url && process.env.PARTNER_HUB_TEST_DB === 'postgres') {
    postgresTemplate = `ph_template_${runId}`;
    await adminQuery(url, `CREATE DATABASE ${postgresTemplate}`);
    const pool = new pg.Pool({ connectionString: withDatabase(url, postgresTemplate), max: 1 });
    const pgDb = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    await migrateToLatest(pgDb);
    await pgDb.destroy();
  }

  project.provide('pgliteTemplate', dumpPath);
  project.provide('postgresTemplate', postgresTemplate);
  project.provide('testRunId', runId);

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (url && postgresTemplate) {
      const leftovers = await adminQuery(url, `SELECT datname FROM pg_database WHERE datname LIKE 'ph_t_${runId}%'`);
      for (const row of leftovers.rows) await adminQuery(url, `DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      await adminQuery(url, `DROP DATABASE IF EXISTS ${postgresTemplate} WITH (FORCE)`);
    }
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}
