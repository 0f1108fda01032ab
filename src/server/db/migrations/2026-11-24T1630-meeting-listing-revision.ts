import { type Kysely, sql } from 'kysely';

/**
 * The public meeting listing's revision (docs/decisions/086-meeting-feed-etag.md): one row whose
 * number goes up, in the same transaction, with every statement that changes a meeting or a site
 * (a site's address is printed in the feed). The Meeting Guide feed's ETag is this number, so a
 * revalidation costs one primary-key read however many meetings there are, and no code path that
 * hides, closes, edits or relists a meeting (or lets a licence lapse) can forget to change it.
 * A statement-level trigger fires once for a bulk refresh, not once per row, and a transaction that
 * changes meetings one statement at a time (the daily listing refresh) raises it once: a second
 * raise in the same transaction would tell clients nothing more.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meeting_listing_revision')
    .addColumn('id', 'boolean', (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn('revision', 'bigint', (c) => c.notNull().defaultTo(1))
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('transaction_id', 'bigint')
    .execute();
  await sql`INSERT INTO meeting_listing_revision (id) VALUES (true)`.execute(db);
  await sql`
    CREATE FUNCTION meeting_listing_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE meeting_listing_revision SET revision = revision + 1, changed_at = now(), transaction_id = txid_current()
        WHERE id AND transaction_id IS DISTINCT FROM txid_current();
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER meetings_listing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON meetings
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_listing_changed()`.execute(db);
  await sql`CREATE TRIGGER sites_listing_changed AFTER UPDATE OR DELETE ON sites
    FOR EACH STATEMENT EXECUTE FUNCTION meeting_listing_changed()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER sites_listing_changed ON sites`.execute(db);
  await sql`DROP TRIGGER meetings_listing_changed ON meetings`.execute(db);
  await sql`DROP FUNCTION meeting_listing_changed()`.execute(db);
  await db.schema.dropTable('meeting_listing_revision').execute();
}
