import { type Kysely, sql } from 'kysely';
import {
  COORDINATOR_POSTS,
  LICENCE_TYPES,
  NATIONS,
  PROGRAMMES,
  REGIONS,
  SECTORS,
  TEAM_INBOXES,
  VACANT_POSTS,
} from '../../../domain/reference.js';

/** Accounts, sessions, the audit trail, the outbox, and the scheme's reference data. */
export async function up(db: Kysely<any>): Promise<void> {

  await db.schema
    .createTable('nations')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('safeguarding_check', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('regions')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('nation_code', 'text', (c) => c.notNull().references('nations.code'))
    .execute();
  await db.schema
    .createTable('programmes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('licence_types')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sectors')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('team_inboxes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('organisations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('organisation_type', 'text', (c) =>
      c.notNull().check(sql`organisation_type IN ('non-profit', 'for-profit', 'corporate')`),
    )
    .addColumn('sector_code', 'text', (c) => c.notNull().references('sectors.code'))
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('charity_or_company_number', 'text')
    .addColumn('address', 'text')
    .addColumn('postcode', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('organisations_region_idx').on('organisations').column('region_code').execute();

  await db.schema
    .createTable('sites')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text', (c) => c.notNull())
    .addColumn('nation_code', 'text', (c) => c.notNull().references('nations.code'))
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('sites_organisation_idx').on('sites').column('organisation_id').execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role IN ('central_office', 'coordinator', 'smart_lead', 'facilitator')`),
    )
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id'))
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('invited').check(sql`status IN ('invited', 'active', 'suspended')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('smart_lead_has_organisation', sql`role <> 'smart_lead' OR organisation_id IS NOT NULL`)
    .execute();
  await sql`CREATE UNIQUE INDEX users_email_idx ON users (lower(email))`.execute(db);

  await db.schema
    .createTable('coordinator_posts')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.references('regions.code'))
    .addColumn('programme_code', 'text')
    .addColumn('vacant', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('holder_user_id', 'uuid', (c) => c.references('users.id'))
    .addCheckConstraint('post_has_scope', sql`(region_code IS NULL) <> (programme_code IS NULL)`)
    .execute();

  await db.schema
    .createTable('user_scopes')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('post_code', 'text', (c) => c.notNull().references('coordinator_posts.code'))
    .addPrimaryKeyConstraint('user_scopes_pk', ['user_id', 'post_code'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('two_factor_pending', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'boolean', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('login_attempts_email_idx').on('login_attempts').columns(['email', 'at']).execute();
  await db.schema.createIndex('login_attempts_ip_idx').on('login_attempts').columns(['ip', 'at']).execute();

  await db.schema
    .createTable('one_time_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose IN ('password_reset', 'invitation')`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn('actor_user_id', 'uuid')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('ip', 'text')
    .addColumn('request_id', 'text')
    .execute();
  await db.schema.createIndex('audit_events_at_idx').on('audit_events').column('at').execute();
  await db.schema.createIndex('audit_events_entity_idx').on('audit_events').columns(['entity_type', 'entity_id']).execute();
  // The audit trail is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks.
  await sql`
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the audit trail cannot be changed' USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`.execute(db);
  await sql`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`.execute(db);

  await db.schema
    .createTable('outbox_messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status IN ('pending', 'sending', 'sent', 'kept', 'failed')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .execute();
  await sql`CREATE INDEX outbox_due_idx ON outbox_messages (next_attempt_at) WHERE status IN ('pending', 'sending')`.execute(db);

  // Reference data from the guidance.
  await db.insertInto('nations').values(NATIONS.map((n) => ({ code: n.code, name: n.name, safeguarding_check: n.safeguardingCheck }))).execute();
  await db.insertInto('regions').values(REGIONS.map((r) => ({ code: r.code, name: r.name, nation_code: r.nation }))).execute();
  await db.insertInto('programmes').values(PROGRAMMES.map((p) => ({ code: p.code, name: p.name }))).execute();
  await db.insertInto('licence_types').values(LICENCE_TYPES.map((l) => ({ code: l.code, name: l.name }))).execute();
  await db.insertInto('sectors').values(SECTORS.map((s) => ({ code: s.code, name: s.name }))).execute();
  await db.insertInto('team_inboxes').values(TEAM_INBOXES.map((t) => ({ code: t.code, name: t.name, email: t.email }))).execute();
  await db
    .insertInto('coordinator_posts')
    .values(
      COORDINATOR_POSTS.map((p) => ({
        code: p.code,
        title: p.title,
        region_code: p.region,
        programme_code: p.programme,
        vacant: VACANT_POSTS.includes(p.code),
      })),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'outbox_messages', 'audit_events', 'one_time_tokens', 'login_attempts', 'sessions', 'user_scopes',
    'coordinator_posts', 'users', 'sites', 'organisations', 'team_inboxes', 'sectors', 'licence_types',
    'programmes', 'regions', 'nations',
  ]) {
    await db.schema.dropTable(table).ifExists().cascade().execute();
  }
  await sql`DROP FUNCTION IF EXISTS audit_events_append_only()`.execute(db);
}
