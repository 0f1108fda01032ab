import type { FeeSchedule } from '../../../domain/fees/fee-schedule.js';
import { londonDate } from '../../../domain/iso-date.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import * as repo from './fee-schedule.repository.js';

/** The fee schedule in force today (UK time), or on a given day. */
export async function scheduleInForce(deps: AppDeps, onDate: string = londonDate(deps.now())): Promise<FeeSchedule> {
  const schedule = await repo.findScheduleInForce(deps.db, onDate);
  if (!schedule) throw new AppError('not_found', `No fee schedule is in force on ${onDate}.`);
  return schedule;
}

/**
 * Publishes a new schedule from its effective date. Schedules are never edited: quotes and
 * invoices keep the prices they were made with, and a change is a new schedule.
 */
export async function publishSchedule(deps: AppDeps, actor: Actor, schedule: FeeSchedule): Promise<void> {
  const today = londonDate(deps.now());
  if (schedule.effectiveFrom < today) {
    throw new AppError('rule_broken', 'A new fee schedule cannot take effect in the past: choose today or a later day.', [
      { field: 'effectiveFrom', message: `Choose ${today} or later` },
    ]);
  }
  if (await repo.scheduleExists(deps.db, schedule.id, schedule.effectiveFrom)) {
    throw new AppError('conflict', 'A fee schedule with that id or effective date already exists.', [
      { field: 'id', message: 'Choose a new id and effective date' },
    ]);
  }
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertSchedule(trx, schedule, actor.userId);
    await recordAudit(trx, actor, { action: 'fee_schedule.published', entityType: 'fee_schedule', entityId: schedule.id, after: schedule });
  });
}

export function listSchedules(deps: AppDeps) {
  return repo.listSchedules(deps.db);
}
