import { type Kysely, sql } from 'kysely';

/**
 * Indexes in the order the signed-in lists page through (docs/decisions/152-list-speed-at-ten-times.md):
 * at the ten-times network (100,000 meetings) sorting the whole table for each page cost hundreds
 * of milliseconds; with these a page is read in order and stops after it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Registered meetings: running first, then by name (meetings.repository listMeetings).
  await sql`CREATE INDEX meetings_list_idx ON meetings (status DESC, name, id)`.execute(db);
  // The licences report: soonest ending first (licence-reports.repository listLicenceReport).
  await db.schema.createIndex('licences_report_idx').on('licences').columns(['ends_on', 'number']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('licences_report_idx').execute();
  await db.schema.dropIndex('meetings_list_idx').execute();
}
