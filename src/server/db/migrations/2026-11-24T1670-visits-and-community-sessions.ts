import { type Kysely, sql } from 'kysely';

/**
 * Ongoing support (Section 6): Community Coordinators' site and quality-assurance visits with
 * their agreed actions, and the monthly Facilitator Community Groups and quarterly Tool Time
 * sessions with their invitations and attendance. docs/decisions/120 to 124.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('visits')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('site', 'quality_assurance')`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id'))
    // A meeting of the meeting registry, referenced by id only (its service is another capability's).
    .addColumn('meeting_id', 'uuid', (c) => c.references('meetings.id'))
    .addColumn('scheduled_on', 'date', (c) => c.notNull())
    .addColumn('scheduled_time', 'text', (c) => c.check(sql`scheduled_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`))
    .addColumn('purpose', 'text')
    .addColumn('visitor_user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled').check(sql`status IN ('scheduled', 'recorded')`))
    .addColumn('visited_on', 'date')
    // { check_in: true, agenda_set: false, ... }: the Meeting Structure (src/domain/visits).
    .addColumn('structure', 'jsonb')
    .addColumn('observations', 'text')
    .addColumn('feedback', 'text')
    .addColumn('recorded_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'timestamptz')
    .addColumn('report_sent_to', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('visits_recorded', sql`status = 'scheduled' OR (visited_on IS NOT NULL AND structure IS NOT NULL)`)
    .execute();
  await db.schema.createIndex('visits_organisation_idx').on('visits').columns(['organisation_id', 'scheduled_on']).execute();

  await db.schema
    .createTable('visit_actions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('visit_id', 'uuid', (c) => c.notNull().references('visits.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('due_on', 'date')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status IN ('open', 'done')`))
    .addColumn('done_on', 'date')
    .addColumn('done_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('visit_actions_done', sql`(status = 'done') = (done_on IS NOT NULL)`)
    .execute();
  await db.schema.createIndex('visit_actions_visit_idx').on('visit_actions').column('visit_id').execute();
  await sql`CREATE INDEX visit_actions_open_idx ON visit_actions (visit_id) WHERE status = 'open'`.execute(db);

  await db.schema
    .createTable('community_sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('community_group', 'tool_time')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull().check(sql`duration_minutes BETWEEN 15 AND 480`))
    .addColumn('joining_url', 'text', (c) => c.notNull())
    // null: national, for every facilitator; otherwise the region's.
    .addColumn('region_code', 'text', (c) => c.references('regions.code'))
    .addColumn('description', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('invitations_sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('community_sessions_starts_idx').on('community_sessions').column('starts_at').execute();

  await db.schema
    .createTable('community_session_invitations')
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('community_sessions.id'))
    .addColumn('facilitator_id', 'uuid', (c) => c.notNull().references('facilitators.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('community_session_invitations_pk', ['session_id', 'facilitator_id'])
    .execute();

  await db.schema
    .createTable('community_session_attendance')
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('community_sessions.id'))
    .addColumn('facilitator_id', 'uuid', (c) => c.notNull().references('facilitators.id'))
    .addColumn('recorded_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('community_session_attendance_pk', ['session_id', 'facilitator_id'])
    .execute();
  await db.schema.createIndex('community_session_attendance_facilitator_idx').on('community_session_attendance').column('facilitator_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('community_session_attendance').execute();
  await db.schema.dropTable('community_session_invitations').execute();
  await db.schema.dropTable('community_sessions').execute();
  await db.schema.dropTable('visit_actions').execute();
  await db.schema.dropTable('visits').execute();
}
