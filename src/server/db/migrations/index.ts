import type { Migration } from 'kysely/migration';
import * as foundation from './2026-11-24T1100-foundation.js';
import * as feeSchedules from './2026-11-24T1200-fee-schedules.js';
import * as tasks from './2026-11-24T1250-tasks.js';

/**
 * Every migration, by its timestamped name, in order. Listed here rather than read from the
 * folder so the same code runs under tsx, Vitest and a bundled build.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-24T1100-foundation': foundation,
  '2026-11-24T1200-fee-schedules': feeSchedules,
  '2026-11-24T1250-tasks': tasks,
};
