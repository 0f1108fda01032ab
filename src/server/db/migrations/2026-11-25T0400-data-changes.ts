import { type Kysely, sql } from 'kysely';
import { TABLES_WITHOUT_CHANGE_RECORD } from '../shared-answers.js';

/**
 * The change record that lets dashboards share an answer until the data changes
 * (docs/decisions/171-dashboards-shared-until-the-data-changes.md): every transaction that writes a
 * table of the public schema leaves its id in `data_changes`, once, through a statement trigger
 * (insert, update, delete and truncate) on each table, except the tables of
 * TABLES_WITHOUT_CHANGE_RECORD (written while reading pages, or by the app's machinery, and read by
 * no shared answer). Tables made by later migrations need the trigger in their own migration:
 * data-changes.int.test.ts fails for any table without it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE data_changes (
      txid xid8 PRIMARY KEY,
      changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`.execute(db);
  await sql`
    CREATE FUNCTION record_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO data_changes (txid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$`.execute(db);
  for (const table of await recordedTables(db)) {
    await sql`CREATE TRIGGER record_data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION record_data_change()`.execute(db);
  }
}

async function recordedTables(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(db);
  const skipped = new Set<string>(TABLES_WITHOUT_CHANGE_RECORD);
  return rows.map((r) => r.tablename).filter((t) => !skipped.has(t));
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of await recordedTables(db)) await sql`DROP TRIGGER IF EXISTS record_data_change ON ${sql.table(table)}`.execute(db);
  await sql`DROP FUNCTION record_data_change()`.execute(db);
  await sql`DROP TABLE data_changes`.execute(db);
}
