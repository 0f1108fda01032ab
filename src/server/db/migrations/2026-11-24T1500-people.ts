import { type Kysely, sql } from 'kysely';

/**
 * People and safeguarding (Sections 4, 7, 8 and 9): facilitator records, the organisations they
 * facilitate for, qualifications, safeguarding checks as metadata only, the recheck policy, the
 * versioned Facilitator Code of Conduct and its acceptances, and the reminder log.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('facilitators')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('user_id', 'uuid', (c) => c.unique().references('users.id'))
    .addColumn('is_veteran', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('in_training', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('uksr_volunteer_status', 'text', (c) => c.check(sql`uksr_volunteer_status IN ('onboarding', 'active', 'paused', 'left')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE UNIQUE INDEX facilitators_email_idx ON facilitators (lower(email))`.execute(db);

  await db.schema
    .createTable('facilitator_organisations')
    .addColumn('facilitator_id', 'uuid', (c) => c.notNull().references('facilitators.id').onDelete('cascade'))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('capacity', 'text', (c) => c.notNull().check(sql`capacity IN ('staff', 'volunteer')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('facilitator_organisations_pk', ['facilitator_id', 'organisation_id'])
    .execute();
  await db.schema.createIndex('facilitator_organisations_org_idx').on('facilitator_organisations').column('organisation_id').execute();

  await db.schema
    .createTable('facilitator_qualifications')
    .addColumn('facilitator_id', 'uuid', (c) => c.notNull().references('facilitators.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull().check(sql`code IN ('smart-facilitator', 'family-and-friends-module', 'veterans-module')`))
    .addColumn('achieved_on', 'date', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('facilitator_qualifications_pk', ['facilitator_id', 'code'])
    .execute();

  // Metadata only: there is deliberately no column that could hold a certificate's image, copy or contents.
  await db.schema
    .createTable('safeguarding_checks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('facilitator_id', 'uuid', (c) => c.notNull().references('facilitators.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('dbs', 'pvg', 'accessni')`))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('certificate_number', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'date', (c) => c.notNull())
    .addColumn('update_service_subscribed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('update_service_checked_on', 'date')
    .addColumn('verified_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('verified_on', 'date', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision IN ('suitable', 'not_suitable')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('safeguarding_checks_facilitator_idx').on('safeguarding_checks').column('facilitator_id').execute();

  // Central Office's recheck policy; the latest row is in force, earlier rows are its history.
  await db.schema
    .createTable('safeguarding_policies')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('dbs_years', 'integer', (c) => c.notNull().check(sql`dbs_years BETWEEN 1 AND 10`))
    .addColumn('pvg_years', 'integer', (c) => c.notNull().check(sql`pvg_years BETWEEN 1 AND 10`))
    .addColumn('accessni_years', 'integer', (c) => c.notNull().check(sql`accessni_years BETWEEN 1 AND 10`))
    .addColumn('set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('set_by', 'uuid', (c) => c.references('users.id'))
    .execute();
  await db.insertInto('safeguarding_policies').values({ dbs_years: 3, pvg_years: 5, accessni_years: 3 }).execute();

  await db.schema
    .createTable('code_of_conduct_versions')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_by', 'uuid', (c) => c.references('users.id'))
    .execute();
  await db
    .insertInto('code_of_conduct_versions')
    .values({
      version: '2026.1',
      body: [
        'As a SMART Recovery facilitator I will:',
        '- run meetings according to the SMART Recovery Meeting Structure and share the Meeting Guidelines at every meeting;',
        '- respect the confidentiality, dignity and choices of every participant;',
        '- keep my safeguarding check current and raise any safeguarding concern without delay;',
        '- keep my meeting correctly registered with UK SMART Recovery and complete the meeting survey;',
        '- ask my SMART Lead or Community Coordinator for support when I need it.',
      ].join('\n'),
    })
    .execute();
  await db.schema
    .createTable('code_of_conduct_acceptances')
    .addColumn('facilitator_id', 'uuid', (c) => c.notNull().references('facilitators.id').onDelete('cascade'))
    .addColumn('version', 'text', (c) => c.notNull().references('code_of_conduct_versions.version'))
    .addColumn('accepted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('code_of_conduct_acceptances_pk', ['facilitator_id', 'version'])
    .execute();

  await db.schema
    .createTable('safeguarding_reminders')
    .addColumn('check_id', 'uuid', (c) => c.notNull().references('safeguarding_checks.id').onDelete('cascade'))
    .addColumn('recheck_due_on', 'date', (c) => c.notNull())
    .addColumn('days_before', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('safeguarding_reminders_pk', ['check_id', 'recheck_due_on', 'days_before'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'safeguarding_reminders', 'code_of_conduct_acceptances', 'code_of_conduct_versions', 'safeguarding_policies',
    'safeguarding_checks', 'facilitator_qualifications', 'facilitator_organisations', 'facilitators',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
