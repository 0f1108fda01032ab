import { randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { DB } from '../../src/server/db/database.js';
import type { MeetingsTable } from '../../src/server/db/schema.js';
import { createOrganisation } from './factories.js';

const unique = () => randomBytes(4).toString('hex');

/**
 * A meetings row inserted directly, so tests of the public side (finder, feeds, calendars) do not
 * depend on the registration service. Defaults: an open, listed, running, publicly visible partner
 * meeting in Preston (North West, or the region given, whose nation it takes) on Tuesdays 18:30–20:00 from
 * 6 January 2026, at a new organisation's site
 * (its address '1 Test Street', PR1 8BU). `provider: 'uksr'` gives a community meeting at a
 * community venue instead, with no organisation or site. publicly_visible is stored as given: the
 * listing rule is not run.
 */
export async function createMeeting(db: DB, overrides: Partial<Insertable<MeetingsTable>> = {}) {
  const provider = overrides.provider ?? 'partner';
  let where: Partial<Insertable<MeetingsTable>>;
  if (provider === 'partner') {
    if (overrides.site_id && overrides.organisation_id) {
      where = { organisation_id: overrides.organisation_id, site_id: overrides.site_id };
    } else {
      const organisation = await createOrganisation(db, { region: overrides.region_code ?? 'north-west' });
      where = { organisation_id: organisation.id, site_id: organisation.site.id };
    }
  } else {
    where = {
      organisation_id: null,
      site_id: null,
      venue_name: 'Riverside Community Centre',
      venue_address: '2 Example Road, Preston',
      venue_postcode: 'PR1 8BU',
    };
  }
  const regionCode = overrides.region_code ?? 'north-west';
  const { nation_code } = await db.selectFrom('regions').select('nation_code').where('code', '=', regionCode).executeTakeFirstOrThrow();
  const slug = overrides.slug ?? `test-meeting-${unique()}`;
  const values: Insertable<MeetingsTable> = {
    slug,
    name: `Test meeting ${slug}`,
    programme_code: 'smart-recovery',
    provider,
    ...where,
    nation_code,
    region_code: regionCode,
    attendance: 'in_person',
    frequency: 'weekly',
    day: 2,
    start_time: '18:30',
    end_time: '20:00',
    starts_on: '2026-01-06',
    access: 'open',
    audiences: [],
    listed_publicly: true,
    status: 'running',
    latitude: 53.75867,
    longitude: -2.70341,
    location_approximate: false,
    publicly_visible: true,
    ...overrides,
  };
  return db.insertInto('meetings').values(values).returningAll().executeTakeFirstOrThrow();
}

/** A postcodes directory row, for geocoding without the network. */
export async function createPostcode(db: DB, postcode: string, latitude: number, longitude: number, town: string | null = null) {
  await db
    .insertInto('postcodes')
    .values({ postcode, latitude, longitude, town })
    .onConflict((oc) => oc.column('postcode').doUpdateSet({ latitude, longitude, town }))
    .execute();
}
