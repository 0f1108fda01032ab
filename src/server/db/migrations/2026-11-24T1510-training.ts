import { type Kysely, sql } from 'kysely';

/**
 * Facilitator training (Section 6 steps 4 and 5, Section 9, Section 10): one training-places ledger
 * per licence per licence year, its append-only movements, nominations, and the Idempotency-Keys
 * of nomination requests. Licences already issued get the ledger of their current year here, so
 * every licence in the database has one (docs/decisions/050-training-places-ledger.md).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('training_ledgers')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('licence_id', 'uuid', (c) => c.notNull().references('licences.id'))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id'))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('licence_type', 'text', (c) => c.notNull().references('licence_types.code'))
    .addColumn('year_starts_on', 'date', (c) => c.notNull())
    .addColumn('year_ends_on', 'date', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('training_ledgers_licence_year_unique', ['licence_id', 'year_starts_on'])
    .execute();
  await db.schema.createIndex('training_ledgers_site_idx').on('training_ledgers').column('site_id').execute();

  await db.schema
    .createTable('nominations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id'))
    .addColumn('ledger_id', 'uuid', (c) => c.notNull().references('training_ledgers.id'))
    .addColumn('nominee_name', 'text', (c) => c.notNull())
    .addColumn('nominee_email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('nominated').check(sql`status IN ('nominated', 'instructions_sent', 'released')`))
    .addColumn('routed_to_user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('routed_to_inbox', 'text', (c) => c.references('team_inboxes.code'))
    .addColumn('routed_to_email', 'text', (c) => c.notNull())
    .addColumn('nominated_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('instructions_sent_at', 'timestamptz')
    .addColumn('instructions_sent_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('released_at', 'timestamptz')
    .addColumn('released_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('release_reason', 'text')
    .execute();
  await db.schema.createIndex('nominations_organisation_idx').on('nominations').column('organisation_id').execute();
  await db.schema.createIndex('nominations_site_idx').on('nominations').column('site_id').execute();

  await db.schema
    .createTable('training_place_movements')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('ledger_id', 'uuid', (c) => c.notNull().references('training_ledgers.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('included', 'bought', 'used', 'released')`))
    .addColumn('places', 'integer', (c) => c.notNull().check(sql`places > 0`))
    .addColumn('at', 'date', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('nomination_id', 'uuid', (c) => c.references('nominations.id'))
    .addColumn('invoice_id', 'uuid', (c) => c.references('invoices.id'))
    .addColumn('recorded_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Used and released are one place for one nomination (src/domain/training/places-ledger.ts).
    .addCheckConstraint('training_place_movements_nomination', sql`(kind IN ('used', 'released')) = (nomination_id IS NOT NULL) AND (kind NOT IN ('used', 'released') OR places = 1)`)
    .execute();
  await db.schema.createIndex('training_place_movements_ledger_idx').on('training_place_movements').column('ledger_id').execute();
  await db.schema.createIndex('training_place_movements_invoice_idx').on('training_place_movements').column('invoice_id').execute();

  await db.schema
    .createTable('nomination_requests')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('nomination_id', 'uuid', (c) => c.notNull().references('nominations.id'))
    .addColumn('response', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('nomination_requests_pk', ['user_id', 'idempotency_key'])
    .execute();

  // Licences issued before this migration: the ledger of their current year, with its included places.
  await sql`
    INSERT INTO training_ledgers (licence_id, site_id, organisation_id, licence_type, year_starts_on, year_ends_on)
    SELECT id, site_id, organisation_id, licence_type, starts_on, ends_on FROM licences
  `.execute(db);
  await sql`
    INSERT INTO training_place_movements (ledger_id, kind, places, at, note)
    SELECT g.id, 'included', l.included_training_places, g.year_starts_on,
           'Section 10: ' || l.included_training_places || ' training places included with the licence this year.'
    FROM training_ledgers g JOIN licences l ON l.id = g.licence_id
    WHERE l.included_training_places > 0
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('nomination_requests').execute();
  await db.schema.dropTable('training_place_movements').execute();
  await db.schema.dropTable('nominations').execute();
  await db.schema.dropTable('training_ledgers').execute();
}
