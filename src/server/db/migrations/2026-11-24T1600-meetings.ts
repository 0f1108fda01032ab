import { type Kysely, sql } from 'kysely';

/**
 * The meeting registry (Sections 6 step 6, 8 and 9; docs/decisions/070-meeting-registry.md).
 *
 * A meeting is a partner's (at one of its sites, including satellite premises) or UKSR's own
 * community peer-led meeting (at a community venue, whose address it carries itself).
 * `publicly_visible` is the listing rule's answer (src/domain/listing) kept on the row, so every
 * public page, search, map and feed asks one indexed column; it is recomputed whenever anything it
 * depends on changes (meetings service `refreshListings`), and every public query also requires the
 * meeting to be open, listed by choice and running, so a closed meeting can never be shown even if
 * the stored answer were wrong.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meetings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('programme_code', 'text', (c) => c.notNull().references('programmes.code'))
    .addColumn('provider', 'text', (c) => c.notNull().check(sql`provider IN ('partner', 'uksr')`))
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id'))
    .addColumn('site_id', 'uuid', (c) => c.references('sites.id'))
    .addColumn('venue_name', 'text')
    .addColumn('venue_address', 'text')
    .addColumn('venue_postcode', 'text')
    .addColumn('nation_code', 'text', (c) => c.notNull().references('nations.code'))
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('attendance', 'text', (c) => c.notNull().check(sql`attendance IN ('in_person', 'online', 'hybrid')`))
    .addColumn('online_url', 'text')
    .addColumn('online_phone', 'text')
    .addColumn('online_notes', 'text')
    .addColumn('frequency', 'text', (c) => c.notNull().defaultTo('weekly').check(sql`frequency IN ('weekly', 'fortnightly', 'monthly')`))
    // 0 = Sunday … 6 = Saturday, as in the Meeting Guide format.
    .addColumn('day', 'smallint', (c) => c.notNull().check(sql`day BETWEEN 0 AND 6`))
    // For monthly meetings: which week of the month (1–4, or -1 for the last).
    .addColumn('week_of_month', 'smallint', (c) => c.check(sql`week_of_month IN (1, 2, 3, 4, -1)`))
    .addColumn('start_time', 'text', (c) => c.notNull().check(sql`start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`))
    .addColumn('end_time', 'text', (c) => c.notNull().check(sql`end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date')
    .addColumn('access', 'text', (c) => c.notNull().check(sql`access IN ('open', 'closed')`))
    .addColumn('audiences', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('listed_publicly', 'boolean', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('running').check(sql`status IN ('running', 'closed_down')`))
    .addColumn('description', 'text')
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    // true when the pin is the postcode's centre rather than the door (Meeting Guide `approximate`).
    .addColumn('location_approximate', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('pin_set_by_hand', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('publicly_visible', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('listing_reasons', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('listing_checked_on', 'date')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('registered_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'meetings_where',
      sql`(provider = 'partner' AND organisation_id IS NOT NULL AND site_id IS NOT NULL)
       OR (provider = 'uksr' AND organisation_id IS NULL AND site_id IS NULL AND venue_name IS NOT NULL AND venue_postcode IS NOT NULL)`,
    )
    .addCheckConstraint('meetings_online', sql`attendance = 'in_person' OR online_url IS NOT NULL OR online_phone IS NOT NULL`)
    .addCheckConstraint('meetings_monthly', sql`(frequency = 'monthly') = (week_of_month IS NOT NULL)`)
    .addCheckConstraint('meetings_community_open', sql`provider <> 'uksr' OR access = 'open'`)
    .execute();

  await db.schema.createIndex('meetings_organisation_idx').on('meetings').column('organisation_id').execute();
  await db.schema.createIndex('meetings_site_idx').on('meetings').column('site_id').execute();
  await db.schema.createIndex('meetings_region_idx').on('meetings').column('region_code').execute();
  // Public search reads only visible meetings, nearest first: a partial index on the coordinates.
  await sql`CREATE INDEX meetings_public_location_idx ON meetings (latitude, longitude) WHERE publicly_visible`.execute(db);

  await db.schema
    .createTable('meeting_facilitators')
    .addColumn('meeting_id', 'uuid', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('facilitator_id', 'uuid', (c) => c.notNull().references('facilitators.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('meeting_facilitators_pk', ['meeting_id', 'facilitator_id'])
    .execute();
  await db.schema.createIndex('meeting_facilitators_facilitator_idx').on('meeting_facilitators').column('facilitator_id').execute();

  // Section 9: "Any exceptions must be agreed in advance with UKSR Central Office."
  await db.schema
    .createTable('site_exceptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id'))
    .addColumn('programme_code', 'text', (c) => c.notNull().references('programmes.code'))
    .addColumn('from_date', 'date', (c) => c.notNull())
    .addColumn('to_date', 'date', (c) => c.notNull())
    .addColumn('agreed_on', 'date', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('site_exceptions_dates', sql`from_date <= to_date`)
    .execute();
  await db.schema.createIndex('site_exceptions_site_idx').on('site_exceptions').column('site_id').execute();

  // Postcode coordinates loaded from the ONS Postcode Directory (npm run import:postcodes): the
  // geocoder's offline fallback.
  await db.schema
    .createTable('postcodes')
    .addColumn('postcode', 'text', (c) => c.primaryKey())
    .addColumn('latitude', 'double precision', (c) => c.notNull())
    .addColumn('longitude', 'double precision', (c) => c.notNull())
    .addColumn('town', 'text')
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('postcodes').execute();
  await db.schema.dropTable('site_exceptions').execute();
  await db.schema.dropTable('meeting_facilitators').execute();
  await db.schema.dropTable('meetings').execute();
}
