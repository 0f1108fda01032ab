import { type Kysely, sql } from 'kysely';

/**
 * Quotations: each keeps the request, the priced lines and the fee schedule they were priced
 * with, so a later schedule never changes a quote already issued.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One sequence for every year: a number is never used twice, even across the new year. A
  // rolled-back issue leaves a gap, which is harmless for quotations (docs/decisions/020).
  await sql`CREATE SEQUENCE quote_reference_seq AS bigint START 1 NO CYCLE`.execute(db);
  await db.schema
    .createTable('quotes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('issued_on', 'date', (c) => c.notNull())
    .addColumn('valid_until', 'date', (c) => c.notNull())
    .addColumn('request', 'jsonb', (c) => c.notNull())
    .addColumn('lines', 'jsonb', (c) => c.notNull())
    .addColumn('total_pence', 'integer', (c) => c.notNull().check(sql`total_pence >= 0`))
    .addColumn('price_on_request', 'boolean', (c) => c.notNull())
    .addColumn('fee_schedule_id', 'text', (c) => c.notNull().references('fee_schedules.id'))
    // The SHA-256 of the random key in the quote's links, never the key itself (docs/decisions/021).
    .addColumn('access_key_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('issued', 'awaiting_prices', 'priced')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('quotes_valid_after_issue', sql`valid_until >= issued_on`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('quotes').execute();
  await sql`DROP SEQUENCE IF EXISTS quote_reference_seq`.execute(db);
}
