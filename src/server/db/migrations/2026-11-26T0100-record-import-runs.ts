import { type Kysely, sql } from 'kysely';

/**
 * Record-import runs in the database rather than in one server process
 * (docs/decisions/172-record-import-runs-in-the-database.md): any instance answers the portal's
 * poll, one file at a time holds across instances, and a finished report survives a restart.
 * No change-record trigger: the table is in TABLES_WITHOUT_CHANGE_RECORD (progress is written
 * every half second while a file is handled, and no shared answer reads it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('record_import_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dry_run', 'boolean', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('running', 'finished', 'refused', 'failed')`))
    .addColumn('phase', 'text', (c) => c.notNull().check(sql`phase IN ('checking', 'importing', 'done')`))
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('report', 'jsonb')
    .addColumn('started_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    // When the instance running it last wrote its progress (PostgreSQL; decision 172).
    .addColumn('heartbeat_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addCheckConstraint('record_import_runs_finished_at', sql`(status = 'running') = (finished_at IS NULL)`)
    .execute();
  // One file at a time, whichever instance starts it: a second running row is refused.
  await sql`CREATE UNIQUE INDEX record_import_runs_one_running_idx ON record_import_runs (status) WHERE status = 'running'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('record_import_runs').execute();
}
