import { sql } from 'kysely';
import type { DB } from '../../db/database.js';

/** The postcodes table's SQL: the ONS Postcode Directory import writes here, the geocoder reads. */

export interface PostcodeRow {
  postcode: string;
  latitude: number;
  longitude: number;
  town: string | null;
}

/**
 * Inserts or updates a batch of postcodes (each postcode at most once in the batch). `setTown`
 * false keeps the towns already stored, so re-importing coordinates without a town source does
 * not wipe the towns an earlier import loaded.
 */
export async function upsertPostcodes(db: DB, rows: PostcodeRow[], setTown: boolean): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('postcodes')
    .values(rows)
    .onConflict((oc) =>
      oc.column('postcode').doUpdateSet((eb) => ({
        latitude: eb.ref('excluded.latitude'),
        longitude: eb.ref('excluded.longitude'),
        town: setTown ? eb.ref('excluded.town') : eb.ref('postcodes.town'),
        imported_at: sql`now()`,
      })),
    )
    .execute();
}

/** How many postcodes the table holds. */
export async function countPostcodes(db: DB): Promise<number> {
  const row = await db.selectFrom('postcodes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
