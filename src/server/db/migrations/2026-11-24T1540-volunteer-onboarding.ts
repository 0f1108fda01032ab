import { type Kysely, sql } from 'kysely';

/** UKSR volunteer onboarding: each stage with its date, outcome and who recorded it. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('volunteer_onboarding_stages')
    .addColumn('facilitator_id', 'uuid', (c) => c.notNull().references('facilitators.id'))
    .addColumn('stage', 'text', (c) =>
      c.notNull().check(sql`stage IN ('application', 'interview', 'reference-1', 'reference-2', 'safeguarding-check', 'training')`),
    )
    .addColumn('completed_on', 'date', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome IN ('passed', 'failed')`))
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('volunteer_onboarding_stages_pk', ['facilitator_id', 'stage'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('volunteer_onboarding_stages').execute();
}
