import { type Kysely, sql } from 'kysely';
import { APRIL_2026_SCHEDULE } from '../../../domain/fees/fee-schedule.js';

/** Fee schedules are data: each is kept whole, with the day it takes effect. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fee_schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'date', (c) => c.notNull().unique())
    .addColumn('schedule', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_by', 'uuid', (c) => c.references('users.id'))
    .execute();
  await db
    .insertInto('fee_schedules')
    .values({
      id: APRIL_2026_SCHEDULE.id,
      name: APRIL_2026_SCHEDULE.name,
      effective_from: APRIL_2026_SCHEDULE.effectiveFrom,
      schedule: JSON.stringify(APRIL_2026_SCHEDULE),
    })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('fee_schedules').execute();
}
