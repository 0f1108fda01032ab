import { type Kysely, sql } from 'kysely';

/**
 * Bringing in today's records (docs/decisions/135–139): the legacy system's identifiers, so a CSV
 * import can be repeated without duplicates and files can refer to each other, and licences that
 * were issued before Partner Hub (no invoice of ours issued them).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('legacy_id', 'text').execute();
  await sql`CREATE UNIQUE INDEX organisations_legacy_id_idx ON organisations (lower(legacy_id)) WHERE legacy_id IS NOT NULL`.execute(db);
  await db.schema.alterTable('sites').addColumn('legacy_id', 'text').execute();
  await sql`CREATE UNIQUE INDEX sites_legacy_id_idx ON sites (lower(legacy_id)) WHERE legacy_id IS NOT NULL`.execute(db);
  await db.schema.alterTable('meetings').addColumn('legacy_ref', 'text').execute();
  await sql`CREATE UNIQUE INDEX meetings_legacy_ref_idx ON meetings (lower(legacy_ref)) WHERE legacy_ref IS NOT NULL`.execute(db);

  // Decision 136: an imported licence has no invoice of ours; `source` says where it came from.
  await sql`ALTER TABLE licences ALTER COLUMN issued_by_invoice_id DROP NOT NULL`.execute(db);
  await db.schema
    .alterTable('licences')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('invoice').check(sql`source IN ('invoice', 'import')`))
    .execute();
  await sql`ALTER TABLE licences ADD CONSTRAINT licences_source_invoice CHECK ((source = 'invoice') = (issued_by_invoice_id IS NOT NULL))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE licences DROP CONSTRAINT licences_source_invoice`.execute(db);
  await db.schema.alterTable('licences').dropColumn('source').execute();
  await sql`ALTER TABLE licences ALTER COLUMN issued_by_invoice_id SET NOT NULL`.execute(db);
  await db.schema.alterTable('meetings').dropColumn('legacy_ref').execute();
  await db.schema.alterTable('sites').dropColumn('legacy_id').execute();
  await db.schema.alterTable('organisations').dropColumn('legacy_id').execute();
}
