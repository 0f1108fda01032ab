import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database.js';
import { TABLES_WITHOUT_CHANGE_RECORD } from './shared-answers.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

// pg_trigger.tgtype bits: 1 row-level, 2 before, 4 insert, 8 delete, 16 update, 32 truncate.
const AFTER_EACH_STATEMENT_OF_EVERY_WRITE = 4 | 8 | 16 | 32;

describe('the change record that shared dashboard answers are checked against (decision 171)', () => {
  it('is kept by a statement trigger on every table of the public schema but the listed few', async () => {
    const { rows: tables } = await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(database.db);
    const { rows: triggers } = await sql<{ table: string; type: number }>`
      SELECT c.relname AS table, t.tgtype::int AS type
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE n.nspname = 'public' AND p.proname = 'record_data_change' AND NOT t.tgisinternal`.execute(database.db);
    const recorded = new Set(triggers.filter((t) => t.type === AFTER_EACH_STATEMENT_OF_EVERY_WRITE).map((t) => t.table));
    const skipped = new Set<string>(TABLES_WITHOUT_CHANGE_RECORD);
    const missing = tables.map((t) => t.tablename).filter((t) => !skipped.has(t) && !recorded.has(t));
    expect(
      missing,
      'These tables have no change record, so a dashboard shared until the data changes (decision 171) would go on showing figures from before a write to them. ' +
        'Add the trigger in a new migration: CREATE TRIGGER record_data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON <table> FOR EACH STATEMENT EXECUTE FUNCTION record_data_change(); ' +
        'or, only if no shared answer reads the table and it is written while pages are merely read, add it to TABLES_WITHOUT_CHANGE_RECORD (src/server/db/shared-answers.ts).',
    ).toEqual([]);
    // The list names real tables, and none of them has the trigger.
    const names = new Set(tables.map((t) => t.tablename));
    expect(TABLES_WITHOUT_CHANGE_RECORD.filter((t) => !names.has(t))).toEqual([]);
    expect(TABLES_WITHOUT_CHANGE_RECORD.filter((t) => triggers.some((r) => r.table === t))).toEqual([]);
    expect(recorded.size).toBeGreaterThan(50);
  });

  it('records each writing transaction once, whatever it writes, and nothing for a transaction rolled back or one that only reads', async () => {
    const db = database.db;
    const before = await db.selectFrom('data_changes').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const txid = await db.transaction().execute(async (trx) => {
      await trx.insertInto('postcodes').values({ postcode: 'ZZ9 9ZZ', latitude: 51.5, longitude: -0.1, town: 'Nowhere' }).execute();
      await trx.updateTable('postcodes').set({ town: 'Somewhere' }).where('postcode', '=', 'ZZ9 9ZZ').execute();
      await trx.deleteFrom('postcodes').where('postcode', '=', 'ZZ9 9ZZ').execute();
      return (await sql<{ txid: string }>`SELECT pg_current_xact_id()::text AS txid`.execute(trx)).rows[0]!.txid;
    });
    await db.transaction().execute(async (trx) => {
      await sql`SELECT count(*) FROM meetings`.execute(trx);
    });
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('postcodes').values({ postcode: 'ZZ9 9ZY', latitude: 51.5, longitude: -0.1, town: 'Nowhere' }).execute();
      throw new Error('rolled back');
    }).catch(() => undefined);
    const rows = await db.selectFrom('data_changes').select(sql<string>`txid::text`.as('txid')).execute();
    expect(rows.filter((r) => r.txid === txid)).toHaveLength(1);
    expect(rows).toHaveLength(before.n + 1);

    // TRUNCATE too (on a table of its own, so the data other tests read is untouched).
    await sql`CREATE TABLE truncated_here (id int)`.execute(db);
    await sql`CREATE TRIGGER record_data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON truncated_here FOR EACH STATEMENT EXECUTE FUNCTION record_data_change()`.execute(db);
    await sql`TRUNCATE truncated_here`.execute(db);
    expect(await db.selectFrom('data_changes').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).toEqual({ n: before.n + 2 });
    await sql`DROP TABLE truncated_here`.execute(db);
  });
});
