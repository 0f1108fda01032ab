import { type Kysely, sql } from 'kysely';

/**
 * Central Office's prices for a quote's price-on-request lines (docs/decisions/025). The issued
 * lines are left as they were issued; the agreed amounts sit beside them, each with its line's
 * index, so the quote keeps a record of what was published and what was agreed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('quotes')
    // [{ line, amountPence, agreedOn }], one entry per priced line.
    .addColumn('agreed_prices', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // Increments with every change, so two people pricing the same quote cannot overwrite each other.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('priced_at', 'timestamptz')
    .addColumn('priced_by', 'uuid', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .alterTable('quotes')
    .addCheckConstraint('quotes_priced_has_who', sql`status <> 'priced' OR (priced_at IS NOT NULL AND priced_by IS NOT NULL)`)
    .execute();
  // Central Office's queue reads quotes by status, oldest first.
  await db.schema.createIndex('quotes_status_created_at').on('quotes').columns(['status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('quotes_status_created_at').execute();
  await db.schema.alterTable('quotes').dropConstraint('quotes_priced_has_who').execute();
  for (const column of ['priced_by', 'priced_at', 'version', 'agreed_prices']) {
    await db.schema.alterTable('quotes').dropColumn(column).execute();
  }
}
