import { type Kysely, sql } from 'kysely';

/**
 * Start-Up Forms (Section 6 steps 1A and 1B): a draft saved step by step under a random key, then
 * submitted with a reference and prices fixed from the fee schedule in force, reviewed and
 * accepted by Central Office.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One sequence that never restarts, so a reference is never used twice, even across years.
  await sql`CREATE SEQUENCE start_up_form_reference_seq`.execute(db);
  await db.schema
    .createTable('start_up_forms')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('reference', 'text', (c) => c.unique())
    // Only the SHA-256 of the draft key is kept, as for sessions: a copy of the table opens no draft.
    .addColumn('draft_key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('draft').check(sql`status IN ('draft', 'submitted', 'changes_requested', 'accepted')`),
    )
    // What the applicant has typed, valid or not; the working copy while a draft is edited.
    .addColumn('answers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // The checked answers as last submitted: what Central Office reviews, and what the lines price.
    .addColumn('submitted_answers', 'jsonb')
    .addColumn('lines', 'jsonb')
    .addColumn('total_pence', 'integer', (c) => c.check(sql`total_pence >= 0`))
    .addColumn('fee_schedule_id', 'text', (c) => c.references('fee_schedules.id'))
    .addColumn('changes_requested_message', 'text')
    .addColumn('changes_requested_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('accepted_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      'start_up_form_submitted_has_prices',
      sql`status = 'draft' OR (reference IS NOT NULL AND submitted_answers IS NOT NULL AND lines IS NOT NULL AND total_pence IS NOT NULL AND fee_schedule_id IS NOT NULL AND submitted_at IS NOT NULL)`,
    )
    .addCheckConstraint('start_up_form_accepted_has_who', sql`status <> 'accepted' OR (accepted_at IS NOT NULL AND accepted_by IS NOT NULL)`)
    .execute();
  await sql`CREATE INDEX start_up_forms_queue_idx ON start_up_forms (status, submitted_at) WHERE status <> 'draft'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('start_up_forms').execute();
  await sql`DROP SEQUENCE start_up_form_reference_seq`.execute(db);
}
