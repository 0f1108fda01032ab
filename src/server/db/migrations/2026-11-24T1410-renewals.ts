import { type Kysely, sql } from 'kysely';

/** The renewal run's log: each reminder sent once per licence year, and each run's progress. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('licence_reminders')
    .addColumn('licence_id', 'uuid', (c) => c.notNull().references('licences.id'))
    .addColumn('period_ends_on', 'date', (c) => c.notNull())
    .addColumn('days_before', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('licence_reminders_pk', ['licence_id', 'period_ends_on', 'days_before'])
    .execute();
  // The renewal run looks up the last price invoiced for a site's licence, and contacts by organisation.
  await db.schema.createIndex('invoice_lines_site_licence_idx').on('invoice_lines').columns(['site_id', 'licence_type']).execute();
  await db.schema.createIndex('users_organisation_idx').on('users').column('organisation_id').execute();
  await db.schema
    .createTable('renewal_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('run_on', 'date', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('groups_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('groups_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('invoices_issued', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reminders_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('licences_in_grace', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('licences_lapsed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('renewal_runs').execute();
  await db.schema.dropTable('licence_reminders').execute();
}
