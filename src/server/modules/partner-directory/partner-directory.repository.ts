import { sql } from 'kysely';
import type { DB } from '../../db/database.js';

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

/** Organisations that agreed to be listed, with only what the directory may show: name, region and licences. */
export async function listedOrganisations(db: DB) {
  const organisations = await db.selectFrom('organisations').select(['id', 'name', 'region_code']).where('listed_in_directory', '=', true).execute();
  if (organisations.length === 0) return [];
  const licences = await db
    .selectFrom('licences')
    .select(['organisation_id', 'licence_type', day('starts_on').as('starts_on'), day('ends_on').as('ends_on'), 'status'])
    .where('organisation_id', 'in', organisations.map((o) => o.id))
    .where('status', '<>', 'lapsed')
    .execute();
  return organisations.map((o) => ({ ...o, licences: licences.filter((l) => l.organisation_id === o.id) }));
}

export function findOrganisation(db: DB, id: string) {
  return db.selectFrom('organisations').select(['id', 'name', 'region_code', 'sector_code', 'listed_in_directory', 'directory_listing_version']).where('id', '=', id).executeTakeFirst();
}

/** Sets the flag if its version is still the one seen, raising the version; false when it was not. */
export async function setListed(db: DB, id: string, listed: boolean, seenVersion: number): Promise<boolean> {
  const updated = await db
    .updateTable('organisations')
    .set({ listed_in_directory: listed, directory_listing_version: sql`directory_listing_version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('directory_listing_version', '=', seenVersion)
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}
