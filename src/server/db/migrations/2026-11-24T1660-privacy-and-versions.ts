import { type Kysely, sql } from 'kysely';

/**
 * Reliability and privacy (decisions 100–104):
 * - `users.totp_last_step`: the last TOTP time step accepted for the person, so a code is good once.
 * - `facilitators.version`: the record's version for If-Match, raised by a trigger on every change
 *   to the row, so no code path can forget it.
 * - Safeguarding-check details past the retention period are removed: `certificate_number` may now
 *   be empty, and `details_removed_on` says when; `retention_departures` is when the retention job
 *   first saw that a facilitator had left.
 * - `erased_at` on users and facilitators: Central Office erased the person (decision 104).
 * - Finance records may be deleted only once they are old enough (at least six years after the end
 *   of the financial year they belong to); changes stay refused as before (decision 017).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_last_step', 'bigint').execute();
  // When Central Office erased the person (decision 104): their name and contact details are gone.
  await db.schema.alterTable('users').addColumn('erased_at', 'timestamptz').execute();
  await db.schema.alterTable('facilitators').addColumn('erased_at', 'timestamptz').execute();

  await db.schema.alterTable('facilitators').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await sql`
    CREATE FUNCTION facilitators_next_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.version := OLD.version + 1;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER facilitators_version BEFORE UPDATE ON facilitators
    FOR EACH ROW EXECUTE FUNCTION facilitators_next_version()`.execute(db);

  await sql`ALTER TABLE safeguarding_checks ALTER COLUMN certificate_number DROP NOT NULL`.execute(db);
  await db.schema.alterTable('safeguarding_checks').addColumn('details_removed_on', 'date').execute();
  await db.schema
    .createTable('retention_departures')
    .addColumn('facilitator_id', 'uuid', (c) => c.primaryKey().references('facilitators.id').onDelete('cascade'))
    .addColumn('noticed_on', 'date', (c) => c.notNull())
    .execute();

  // Replaces decision 017's trigger function: changes are refused as before; a delete is refused
  // until seven years after the record's date, which is never earlier than six years after the
  // end of whichever financial year holds that date (decision 103).
  await sql`
    CREATE OR REPLACE FUNCTION invoices_issued_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      record_date date;
    BEGIN
      IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'invoices'
         AND (to_jsonb(NEW) - 'paid_at') = (to_jsonb(OLD) - 'paid_at') THEN
        RETURN NEW;
      END IF;
      IF TG_OP = 'DELETE' THEN
        IF TG_TABLE_NAME = 'payments' THEN
          record_date := OLD.paid_on;
        ELSIF TG_TABLE_NAME = 'invoice_lines' THEN
          SELECT issued_on INTO record_date FROM invoices WHERE id = OLD.invoice_id;
        ELSE
          record_date := OLD.issued_on;
        END IF;
        IF record_date IS NOT NULL AND record_date < current_date - interval '7 years' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'an issued % cannot be changed or deleted: it is kept for six years after its financial year', TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      RAISE EXCEPTION 'an issued % cannot be changed or deleted', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE FUNCTION finance_records_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is kept for six years and cannot be truncated', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  for (const table of ['invoices', 'invoice_lines', 'credit_notes', 'payments']) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION finance_records_no_truncate()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['invoices', 'invoice_lines', 'credit_notes', 'payments']) {
    await sql`DROP TRIGGER ${sql.raw(`${table}_no_truncate`)} ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION finance_records_no_truncate()`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION invoices_issued_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'invoices'
         AND (to_jsonb(NEW) - 'paid_at') = (to_jsonb(OLD) - 'paid_at') THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'an issued % cannot be changed or deleted', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await db.schema.dropTable('retention_departures').execute();
  await db.schema.alterTable('safeguarding_checks').dropColumn('details_removed_on').execute();
  await sql`DROP TRIGGER facilitators_version ON facilitators`.execute(db);
  await sql`DROP FUNCTION facilitators_next_version()`.execute(db);
  await db.schema.alterTable('facilitators').dropColumn('version').execute();
  await db.schema.alterTable('users').dropColumn('totp_last_step').execute();
  await db.schema.alterTable('users').dropColumn('erased_at').execute();
  await db.schema.alterTable('facilitators').dropColumn('erased_at').execute();
}
