import { type Kysely, sql } from 'kysely';

/**
 * Mail can carry attachments, named by what they are (an invoice's PDF) rather than stored as
 * bytes: the worker draws them when it sends, so queueing thousands of renewal invoices stays cheap.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox_messages').addColumn('attachments', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox_messages').dropColumn('attachments').execute();
}
