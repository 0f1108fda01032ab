import { type Kysely, sql } from 'kysely';

/**
 * The sites of their organisations where a facilitator facilitates (docs/decisions/043). A link is
 * dropped with the site, and with the facilitator's link to the site's organisation (the service
 * removes both together).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('facilitator_sites')
    .addColumn('facilitator_id', 'uuid', (c) => c.notNull().references('facilitators.id').onDelete('cascade'))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('added_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('facilitator_sites_pk', ['facilitator_id', 'site_id'])
    .execute();
  await db.schema.createIndex('facilitator_sites_site_idx').on('facilitator_sites').column('site_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('facilitator_sites').execute();
}
