import { type Kysely, sql } from 'kysely';

/**
 * The workspace home page counts in SQL (docs/decisions/159-workspace-counts-in-sql-and-paged-sections.md).
 * Meetings behind on their surveys: the surveys still due, by meeting and the day held, so the
 * meetings with one overdue are read from this index alone (about 100,000 entries at the ten-times
 * network) rather than from a million survey rows. IF NOT EXISTS: the index was tried on the scale
 * data set by hand first, and the migration must still apply there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS meeting_surveys_overdue_idx ON meeting_surveys (meeting_id, held_on) WHERE status = 'due'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('meeting_surveys_overdue_idx').execute();
}
