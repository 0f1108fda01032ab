import { type Kysely, sql } from 'kysely';

/**
 * Staff-led Facilitator Training courses and their bookings, and requests for bespoke or refresher
 * training (Section 10; docs/decisions/063-staff-led-training-courses.md, 064-bespoke-training-requests.md).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('training_courses')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // The organisation that buys the course for its own people and is invoiced for it.
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format IN ('in_person', 'webinar')`))
    .addColumn('session_dates', 'jsonb', (c) => c.notNull())
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('venue', 'text')
    .addColumn('trainer_name', 'text', (c) => c.notNull())
    .addColumn('places', 'integer', (c) => c.notNull().check(sql`places > 0`))
    .addColumn('cut_off_on', 'date', (c) => c.notNull())
    .addColumn('fee_pence', 'integer', (c) => c.notNull().check(sql`fee_pence >= 0`))
    .addColumn('fee_schedule_id', 'text', (c) => c.notNull().references('fee_schedules.id'))
    .addColumn('invoice_id', 'uuid', (c) => c.references('invoices.id'))
    .addColumn('flagged_at', 'timestamptz')
    .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('training_courses_dates', sql`cut_off_on < starts_on AND starts_on <= ends_on`)
    .execute();
  await db.schema.createIndex('training_courses_organisation_idx').on('training_courses').column('organisation_id').execute();

  await db.schema
    .createTable('training_course_bookings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('course_id', 'uuid', (c) => c.notNull().references('training_courses.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('booked_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('cancelled_by', 'uuid', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('training_course_bookings_course_idx').on('training_course_bookings').column('course_id').execute();
  // One live booking per person per course.
  await sql`CREATE UNIQUE INDEX training_course_bookings_person ON training_course_bookings (course_id, lower(email)) WHERE cancelled_at IS NULL`.execute(db);

  await db.schema
    .createTable('training_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('bespoke', 'refresher')`))
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull().check(sql`people > 0`))
    .addColumn('preferred_dates', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('received').check(sql`status IN ('received', 'invoiced')`))
    .addColumn('requested_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('invoice_id', 'uuid', (c) => c.references('invoices.id'))
    .addColumn('priced_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('priced_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('training_requests_organisation_idx').on('training_requests').column('organisation_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('training_requests').execute();
  await db.schema.dropTable('training_course_bookings').execute();
  await db.schema.dropTable('training_courses').execute();
}
