import { type Kysely, sql } from 'kysely';

/**
 * Indexes for the public meeting finder (docs/decisions/080-meeting-finder-search.md and
 * 081-meeting-finder-town-search.md); the nearest-first search itself uses meetings_public_location_idx.
 *
 * - Online meetings have no distance: they are listed in the order of the week (Monday first), by
 *   start time, then id. A partial index in exactly that order lets a page of them be read without
 *   sorting every online meeting, and the page cursor is an index condition.
 * - Town search looks the town up in the ONS Postcode Directory's `town` column, case-insensitively:
 *   an index on lower(town), so it does not read the whole directory (about 2.7 million postcodes).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX meetings_public_online_week_idx ON meetings (((day + 6) % 7), start_time, id)
    WHERE publicly_visible AND attendance <> 'in_person'`.execute(db);
  await sql`CREATE INDEX postcodes_town_idx ON postcodes (lower(town)) WHERE town IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX postcodes_town_idx`.execute(db);
  await sql`DROP INDEX meetings_public_online_week_idx`.execute(db);
}
