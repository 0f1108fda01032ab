import { type Kysely, sql } from 'kysely';

/**
 * Notes of contact (Section 6, ongoing support): a Coordinator's dated note of a call, email,
 * visit or meeting with a partner organisation. Append-only: a correction is a new note.
 * docs/decisions/126-notes-of-contact.md.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contact_notes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('contact_on', 'date', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('call', 'email', 'visit', 'meeting', 'other')`))
    .addColumn('summary', 'text', (c) => c.notNull().check(sql`length(summary) BETWEEN 1 AND 4000`))
    .addColumn('recorded_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('contact_notes_organisation_idx').on('contact_notes').columns(['organisation_id', 'contact_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('contact_notes').execute();
}
