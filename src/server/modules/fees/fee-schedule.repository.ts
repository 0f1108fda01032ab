import { sql } from 'kysely';
import type { DB } from '../../db/database.js';
import type { FeeSchedule } from '../../../domain/fees/fee-schedule.js';

const effectiveFrom = sql<string>`to_char(effective_from, 'YYYY-MM-DD')`;

/** The schedule in force on a day: the latest whose effective date is on or before it. */
export async function findScheduleInForce(db: DB, onDate: string): Promise<FeeSchedule | undefined> {
  const row = await db
    .selectFrom('fee_schedules')
    .select('schedule')
    .where('effective_from', '<=', onDate)
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.schedule as FeeSchedule | undefined;
}

export async function findSchedule(db: DB, id: string): Promise<FeeSchedule | undefined> {
  const row = await db.selectFrom('fee_schedules').select('schedule').where('id', '=', id).executeTakeFirst();
  return row?.schedule as FeeSchedule | undefined;
}

export function listSchedules(db: DB) {
  return db
    .selectFrom('fee_schedules')
    .select(['id', 'name', effectiveFrom.as('effective_from'), 'published_at'])
    .orderBy('effective_from', 'desc')
    .execute();
}

export async function insertSchedule(db: DB, schedule: FeeSchedule, publishedBy: string | null): Promise<void> {
  await db
    .insertInto('fee_schedules')
    .values({ id: schedule.id, name: schedule.name, effective_from: schedule.effectiveFrom, schedule: JSON.stringify(schedule), published_by: publishedBy })
    .execute();
}

export async function scheduleExists(db: DB, id: string, effectiveFromDate: string): Promise<boolean> {
  const row = await db
    .selectFrom('fee_schedules')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', id), eb('effective_from', '=', effectiveFromDate)]))
    .executeTakeFirst();
  return Boolean(row);
}
