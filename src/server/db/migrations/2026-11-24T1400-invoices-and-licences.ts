import { type Kysely, sql } from 'kysely';

/**
 * Invoices, credit notes, payments and licences. Invoice, credit-note and licence numbers come
 * from `document_sequences`, updated in the issuing transaction: the row lock makes concurrent
 * issues wait their turn, and a rolled-back issue gives its number back, so there are no gaps.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('document_sequences')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('next_value', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('document_sequences')
    .values([
      { name: 'invoice', next_value: 1 },
      { name: 'credit_note', next_value: 1 },
      { name: 'licence', next_value: 1 },
    ])
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('new', 'addition', 'renewal', 'other')`))
    .addColumn('billing_name', 'text', (c) => c.notNull())
    .addColumn('billing_email', 'text', (c) => c.notNull())
    .addColumn('billing_address', 'text')
    .addColumn('po_number', 'text')
    .addColumn('issued_on', 'date', (c) => c.notNull())
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('total_pence', 'integer', (c) => c.notNull().check(sql`total_pence >= 0`))
    .addColumn('fee_schedule_id', 'text', (c) => c.references('fee_schedules.id'))
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'timestamptz')
    .addColumn('issued_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('invoices_source_unique', ['source_type', 'source_id'])
    .execute();
  await db.schema.createIndex('invoices_organisation_idx').on('invoices').column('organisation_id').execute();

  await db.schema
    .createTable('invoice_lines')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('invoice_id', 'uuid', (c) => c.notNull().references('invoices.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('licence', 'renewal', 'training_places', 'staff_training', 'publication', 'other')`))
    .addColumn('site_id', 'uuid', (c) => c.references('sites.id'))
    .addColumn('licence_type', 'text', (c) => c.references('licence_types.code'))
    .addColumn('licence_id', 'uuid')
    .addColumn('quantity', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('amount_pence', 'integer', (c) => c.notNull().check(sql`amount_pence >= 0`))
    .addUniqueConstraint('invoice_lines_position_unique', ['invoice_id', 'position'])
    .execute();

  await db.schema
    .createTable('credit_notes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('invoice_id', 'uuid', (c) => c.notNull().references('invoices.id'))
    .addColumn('amount_pence', 'integer', (c) => c.notNull().check(sql`amount_pence > 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'date', (c) => c.notNull())
    .addColumn('issued_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('invoice_id', 'uuid', (c) => c.notNull().references('invoices.id'))
    .addColumn('amount_pence', 'integer', (c) => c.notNull().check(sql`amount_pence > 0`))
    .addColumn('paid_on', 'date', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method IN ('bank-transfer', 'card', 'cheque', 'other')`))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The same payment recorded twice (same reference on the same invoice) is kept once.
    .addUniqueConstraint('payments_reference_unique', ['invoice_id', 'reference'])
    .execute();

  await db.schema
    .createTable('licences')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id'))
    .addColumn('licence_type', 'text', (c) => c.notNull().references('licence_types.code'))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status IN ('active', 'in_grace', 'lapsed')`))
    .addColumn('included_training_places', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('issued_by_invoice_id', 'uuid', (c) => c.notNull().references('invoices.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // One licence per site per type: a renewal extends it rather than adding another.
    .addUniqueConstraint('licences_site_type_unique', ['site_id', 'licence_type'])
    .execute();
  // An issued invoice is never edited or deleted (it is corrected by a credit note); only the
  // moment it was paid in full is filled in. Credit notes and payments are never changed either.
  await sql`
    CREATE FUNCTION invoices_issued_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'invoices'
         AND (to_jsonb(NEW) - 'paid_at') = (to_jsonb(OLD) - 'paid_at') THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'an issued % cannot be changed or deleted', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  for (const table of ['invoices', 'invoice_lines', 'credit_notes', 'payments']) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_final`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION invoices_issued_are_final()`.execute(db);
  }

  await db.schema.createIndex('licences_organisation_idx').on('licences').column('organisation_id').execute();
  await db.schema.createIndex('licences_ends_on_idx').on('licences').column('ends_on').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['licences', 'payments', 'credit_notes', 'invoice_lines', 'invoices', 'document_sequences']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`DROP FUNCTION IF EXISTS invoices_issued_are_final()`.execute(db);
}
