import { type Kysely, sql } from 'kysely';

/**
 * Versions for the partner-directory listing flag and corporate partnerships, so their PUT routes
 * take If-Match like other edits (docs/decisions/101 and 157).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('directory_listing_version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('corporate_partnerships').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE corporate_partnerships DROP COLUMN version`.execute(db);
  await sql`ALTER TABLE organisations DROP COLUMN directory_listing_version`.execute(db);
}
