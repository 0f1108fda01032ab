import { type Kysely, sql } from 'kysely';

/**
 * Meeting surveys and "pass the hat" contributions (Sections 8 and 9; docs/decisions/090–092).
 *
 * - `meeting_surveys`: one per meeting date that has happened, unique by (meeting, date), so the
 *   survey run may run on several instances at once and create each survey (and its one email) once.
 * - `survey_reminders`: one row per survey and reminder stage (days after the ask), the same
 *   once-only log as the licence and safeguarding reminders.
 * - `meeting_contributions`: contributions for community peer-led meetings only. The row carries
 *   the meeting's provider, which must be 'uksr', and the foreign key is on (meeting, provider), so
 *   the database itself refuses a contribution for a partnership meeting, and refuses to turn a
 *   meeting with contributions into a partnership meeting.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meeting_surveys')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('meeting_id', 'uuid', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('held_on', 'date', (c) => c.notNull())
    // The facilitator asked (the meeting's longest-standing facilitator when the survey was made).
    .addColumn('asked_facilitator_id', 'uuid', (c) => c.references('facilitators.id').onDelete('set null'))
    .addColumn('asked_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('due').check(sql`status IN ('due', 'completed', 'not_held')`))
    .addColumn('attendance', 'integer', (c) => c.check(sql`attendance >= 0`))
    .addColumn('new_attendees', 'integer', (c) => c.check(sql`new_attendees >= 0`))
    .addColumn('tools_used', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('guidelines_shared', 'boolean')
    .addColumn('not_held_reason', 'text')
    .addColumn('completed_by_facilitator_id', 'uuid', (c) => c.references('facilitators.id').onDelete('set null'))
    .addColumn('completed_by_user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('completed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('meeting_surveys_meeting_date_key', ['meeting_id', 'held_on'])
    .addCheckConstraint('meeting_surveys_new_within_attendance', sql`new_attendees IS NULL OR attendance IS NULL OR new_attendees <= attendance`)
    .addCheckConstraint(
      'meeting_surveys_answer',
      sql`(status = 'due' AND completed_at IS NULL AND attendance IS NULL)
       OR (status = 'completed' AND completed_at IS NOT NULL AND attendance IS NOT NULL AND new_attendees IS NOT NULL AND guidelines_shared IS NOT NULL)
       OR (status = 'not_held' AND completed_at IS NOT NULL AND attendance IS NULL AND new_attendees IS NULL)`,
    )
    .execute();
  await db.schema.createIndex('meeting_surveys_asked_idx').on('meeting_surveys').columns(['asked_facilitator_id', 'status']).execute();
  await db.schema.createIndex('meeting_surveys_held_on_idx').on('meeting_surveys').column('held_on').execute();
  await sql`CREATE INDEX meeting_surveys_due_idx ON meeting_surveys (asked_on) WHERE status = 'due'`.execute(db);

  await db.schema
    .createTable('survey_reminders')
    .addColumn('survey_id', 'uuid', (c) => c.notNull().references('meeting_surveys.id').onDelete('cascade'))
    .addColumn('stage', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('survey_reminders_pk', ['survey_id', 'stage'])
    .execute();

  await sql`ALTER TABLE meetings ADD CONSTRAINT meetings_id_provider_key UNIQUE (id, provider)`.execute(db);
  await db.schema
    .createTable('meeting_contributions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('meeting_id', 'uuid', (c) => c.notNull())
    // Section 9: only community peer-led meetings (provider 'uksr') may pass the hat.
    .addColumn('meeting_provider', 'text', (c) => c.notNull().defaultTo('uksr').check(sql`meeting_provider = 'uksr'`))
    .addColumn('given_on', 'date', (c) => c.notNull())
    .addColumn('amount_pence', 'integer', (c) => c.notNull().check(sql`amount_pence > 0`))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose IN ('room_hire', 'refreshments', 'room_hire_and_refreshments')`))
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('meeting_contributions_meeting_fk', ['meeting_id', 'meeting_provider'], 'meetings', ['id', 'provider'])
    .execute();
  await db.schema.createIndex('meeting_contributions_meeting_idx').on('meeting_contributions').columns(['meeting_id', 'given_on']).execute();
  await db.schema.createIndex('meeting_contributions_given_on_idx').on('meeting_contributions').column('given_on').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('meeting_contributions').execute();
  await sql`ALTER TABLE meetings DROP CONSTRAINT meetings_id_provider_key`.execute(db);
  await db.schema.dropTable('survey_reminders').execute();
  await db.schema.dropTable('meeting_surveys').execute();
}
