import { type Kysely, sql } from 'kysely';

/** Central Office's work queue: tasks raised by the system (a form to review, a pack to send). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('inbox_code', 'text', (c) => c.references('team_inboxes.code'))
    .addColumn('assigned_user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status IN ('open', 'done', 'cancelled')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_by', 'uuid', (c) => c.references('users.id'))
    .execute();
  await sql`CREATE INDEX tasks_open_idx ON tasks (inbox_code, created_at) WHERE status = 'open'`.execute(db);
  await db.schema.createIndex('tasks_subject_idx').on('tasks').columns(['subject_type', 'subject_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tasks').execute();
}
