import { type Kysely, sql } from 'kysely';

/**
 * Central Office extras (Sections 9, 10 and 11): the partner directory flag, co-branded publication
 * orders with their logos, corporate partnerships, and messages from the public contact form.
 * docs/decisions/130–134.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('listed_in_directory', 'boolean', (c) => c.notNull().defaultTo(false)).execute();

  // Logos are kept in the database (decision 132): small, in the backups, no folder to configure.
  await db.schema
    .createTable('publication_logos')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull().check(sql`content_type IN ('image/png', 'image/jpeg')`))
    .addColumn('byte_size', 'integer', (c) => c.notNull().check(sql`byte_size BETWEEN 1 AND 2097152`))
    .addColumn('uploaded_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('publication_orders')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('logo_id', 'uuid', (c) => c.notNull().references('publication_logos.id'))
    .addColumn('invoice_id', 'uuid', (c) => c.references('invoices.id'))
    .addColumn('po_number', 'text')
    .addColumn('ordered_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('publication_orders_organisation_idx').on('publication_orders').columns(['organisation_id', 'created_at']).execute();
  await db.schema
    .createTable('publication_order_lines')
    .addColumn('order_id', 'uuid', (c) => c.notNull().references('publication_orders.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('publication_code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('rrp_pence', 'integer', (c) => c.notNull())
    .addColumn('unit_pence', 'integer', (c) => c.notNull())
    .addColumn('amount_pence', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('publication_order_lines_pk', ['order_id', 'position'])
    .execute();

  await db.schema
    .createTable('corporate_partnerships')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().unique().references('organisations.id'))
    .addColumn('terms', 'text', (c) => c.notNull().check(sql`length(terms) BETWEEN 1 AND 8000`))
    .addColumn('prices', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date')
    .addColumn('account_manager_user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('corporate_partnerships_dates', sql`ends_on IS NULL OR ends_on >= starts_on`)
    .execute();

  await db.schema
    .createTable('contact_messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text')
    .addColumn('region_code', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('routed_to', 'text', (c) => c.notNull())
    .addColumn('routed_user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('sender_ip', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('contact_messages_ip_idx').on('contact_messages').columns(['sender_ip', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('contact_messages').execute();
  await db.schema.dropTable('corporate_partnerships').execute();
  await db.schema.dropTable('publication_order_lines').execute();
  await db.schema.dropTable('publication_orders').execute();
  await db.schema.dropTable('publication_logos').execute();
  await db.schema.alterTable('organisations').dropColumn('listed_in_directory').execute();
}
