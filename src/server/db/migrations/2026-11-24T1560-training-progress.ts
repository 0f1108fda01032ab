import { type Kysely, sql } from 'kysely';

/**
 * The facilitator training pathway (Section 6 steps 4 and 5): each person's progress module by
 * module, and the facilitator certificates issued on completing the SMART Facilitator training
 * (docs/decisions/053-training-pathway-and-progress.md).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('training_progress')
    .addColumn('facilitator_id', 'uuid', (c) => c.notNull().references('facilitators.id').onDelete('cascade'))
    .addColumn('module', 'text', (c) =>
      c.notNull().check(sql`module IN ('introduction-to-smart', 'getting-smart', 'smart-facilitator', 'family-and-friends-module', 'veterans-module')`),
    )
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('enrolled', 'in_progress', 'completed', 'withdrawn')`))
    .addColumn('enrolled_on', 'date', (c) => c.notNull())
    .addColumn('started_on', 'date')
    .addColumn('completed_on', 'date')
    .addColumn('withdrawn_on', 'date')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source IN ('staff', 'import')`))
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('training_progress_pk', ['facilitator_id', 'module'])
    .addCheckConstraint('training_progress_dates', sql`(status = 'completed') = (completed_on IS NOT NULL) AND (status <> 'withdrawn' OR withdrawn_on IS NOT NULL)`)
    .execute();

  await db.schema
    .createTable('facilitator_certificates')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('number', 'serial', (c) => c.notNull().unique())
    .addColumn('facilitator_id', 'uuid', (c) => c.notNull().unique().references('facilitators.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('completed_on', 'date', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('facilitator_certificates').execute();
  await db.schema.dropTable('training_progress').execute();
}
