import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../src/server/db/database.js';
import { adminQuery, withDatabase } from './global-setup.js';

/** Which database this test run uses: PGlite by default, PostgreSQL when the runner asks for it. */
export const testDatabaseKind: 'pglite' | 'postgres' =
  process.env.PARTNER_HUB_TEST_DB === 'postgres' && process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database of its own for a test file, cloned from the run's template (never
 * a mock). Close it in afterAll.
 */
/** A test database; on PostgreSQL, `url` reaches it from another process. */
export type TestDatabase = OpenDatabase & { url?: string };

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!;
    const template = inject('postgresTemplate');
    if (!template) throw new Error('The PostgreSQL template database was not created by the global setup.');
    const name = `ph_t_${inject('testRunId')}_${randomBytes(4).toString('hex')}`;
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${template}`);
    const open = await openDatabase({ kind: 'postgres', url: withDatabase(url, name) });
    return {
      ...open,
      url: withDatabase(url, name),
      close: async () => {
        await open.close();
        await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const dump = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
  return openDatabase({ kind: 'pglite', dataDir: 'memory://' }, { loadDataDir: dump });
}
