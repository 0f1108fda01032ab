import type { QualificationCode, VolunteerStatus } from '../eligibility/may-facilitate.js';
import { formatLongDate, type IsoDate } from '../iso-date.js';

/**
 * The facilitator training pathway (Section 6, steps 4 and 5): the modules in the order they are
 * taken, who may take each, and what a person's progress may become next. Pure rules: the server
 * reads a person's progress, asks these functions, and writes what they allow.
 */

export type TrainingModuleCode = 'introduction-to-smart' | 'getting-smart' | QualificationCode;

export type ProgressStatus = 'enrolled' | 'in_progress' | 'completed' | 'withdrawn';

export interface TrainingModule {
  readonly code: TrainingModuleCode;
  readonly name: string;
  /** Modules that must be completed first. */
  readonly prerequisites: readonly TrainingModuleCode[];
  /**
   * 'anyone': self-enrolment on the training site; 'partners-and-volunteers': a partner's nominee or
   * a UKSR volunteer; 'facilitators': whoever completed the Facilitator training (its prerequisite).
   */
  readonly audience: 'anyone' | 'partners-and-volunteers' | 'facilitators';
  /** The qualification completing it gives, which facilitator eligibility reads. */
  readonly qualification: QualificationCode | null;
}

/** In the order they are taken. */
export const TRAINING_MODULES: readonly TrainingModule[] = [
  // Section 6 step 4: "Anybody in the UK can undertake Introduction to SMART and Getting SMART via
  // self-enrolment". The guidance gives no order between the two, so neither needs the other.
  { code: 'introduction-to-smart', name: 'Introduction to SMART', prerequisites: [], audience: 'anyone', qualification: null },
  { code: 'getting-smart', name: 'Getting SMART', prerequisites: [], audience: 'anyone', qualification: null },
  // Section 6 step 4: the Facilitator training "follows on from the two pre-requisite modules", and
  // "only our own UKSR volunteers and our partner organisations can access" it.
  {
    code: 'smart-facilitator',
    name: 'SMART Facilitator training',
    prerequisites: ['introduction-to-smart', 'getting-smart'],
    audience: 'partners-and-volunteers',
    qualification: 'smart-facilitator',
  },
  // Section 4: the Family & Friends and Veterans modules are taken "after the standard SMART
  // Facilitator training".
  { code: 'family-and-friends-module', name: 'SMART Family & Friends training module', prerequisites: ['smart-facilitator'], audience: 'facilitators', qualification: 'family-and-friends-module' },
  { code: 'veterans-module', name: 'SMART Veterans training module', prerequisites: ['smart-facilitator'], audience: 'facilitators', qualification: 'veterans-module' },
];

const MODULES = new Map(TRAINING_MODULES.map((m) => [m.code, m]));

export function trainingModule(code: TrainingModuleCode): TrainingModule {
  const found = MODULES.get(code);
  if (!found) throw new RangeError(`Unknown training module ${String(code)}`);
  return found;
}

export function isTrainingModuleCode(value: string): value is TrainingModuleCode {
  return MODULES.has(value as TrainingModuleCode);
}

/** Where a person is with one module. */
export interface ModuleProgress {
  readonly module: TrainingModuleCode;
  readonly status: ProgressStatus;
  readonly enrolledOn: IsoDate;
  readonly startedOn: IsoDate | null;
  readonly completedOn: IsoDate | null;
  readonly withdrawnOn: IsoDate | null;
}

/** What the rules need to know about the person. */
export interface Trainee {
  readonly progress: readonly ModuleProgress[];
  /**
   * The training their partner organisations' nominations (not released) pay for, from
   * trainingForPlace: a place of a SMART Recovery licence pays for 'smart-facilitator'.
   * A qualification recorded before this pathway existed counts as a completed module in `progress`.
   */
  readonly placesFor: readonly QualificationCode[];
  /** Their UKSR volunteer status, or null if they are not a UKSR volunteer. */
  readonly uksrVolunteer: VolunteerStatus | null;
}

export type PathwayReasonCode = 'prerequisite_missing' | 'not_partner_or_volunteer' | 'already_completed' | 'not_enrolled' | 'date_in_future' | 'date_before_previous';

export interface PathwayReason {
  readonly code: PathwayReasonCode;
  readonly message: string;
}

export type ProgressChange = { allowed: true; unchanged: boolean; progress: ModuleProgress } | { allowed: false; reasons: PathwayReason[] };

const STEP: Record<ProgressStatus, number> = { enrolled: 1, in_progress: 2, completed: 3, withdrawn: 0 };

/**
 * Whether the person may take a module at all: its prerequisites completed on or before the day,
 * and, for the Facilitator training and the modules after it, a partner's nominee or a UKSR volunteer.
 */
export function mayTake(module: TrainingModuleCode, trainee: Trainee, on: IsoDate): PathwayReason[] {
  const m = trainingModule(module);
  const reasons: PathwayReason[] = [];
  for (const code of m.prerequisites) {
    const done = trainee.progress.find((p) => p.module === code && p.status === 'completed');
    if (!done || (done.completedOn !== null && done.completedOn > on)) {
      reasons.push({
        code: 'prerequisite_missing',
        message: done
          ? `${trainingModule(code).name} was completed on ${formatLongDate(done.completedOn!)}, after ${formatLongDate(on)}: ${m.name} follows on from it.`
          : `${m.name} follows on from ${trainingModule(code).name}, which is not completed yet.`,
      });
    }
  }
  if (m.audience === 'partners-and-volunteers') {
    const volunteer = trainee.uksrVolunteer !== null && trainee.uksrVolunteer !== 'left';
    if (!volunteer && !trainee.placesFor.includes('smart-facilitator')) {
      reasons.push({
        code: 'not_partner_or_volunteer',
        message: `${m.name} is only for people nominated by a partner organisation for a training place, and for UKSR volunteers (Section 6 step 4).`,
      });
    }
  }
  return reasons;
}

/**
 * The person's progress on a module after a change to `status` on the day given, or every reason
 * it is refused. Recording what is already recorded (or an earlier step of it) changes nothing, so
 * the platform's export can be imported again. Completion without an enrolment is accepted: the
 * platform only reports the latest state.
 */
export function changeProgress(trainee: Trainee, module: TrainingModuleCode, status: ProgressStatus, on: IsoDate, today: IsoDate): ProgressChange {
  const current = trainee.progress.find((p) => p.module === module);
  const name = trainingModule(module).name;
  if (on > today) return refuse('date_in_future', `The date ${formatLongDate(on)} is in the future.`);
  if (current?.status === 'completed') {
    if (status === 'completed' && current.completedOn !== on) {
      return refuse('already_completed', `${name} is already recorded as completed on ${formatLongDate(current.completedOn!)}.`);
    }
    if (status === 'withdrawn') return refuse('already_completed', `${name} is already completed, so the person cannot withdraw from it.`);
    return { allowed: true, unchanged: true, progress: current };
  }
  if (current && status !== 'withdrawn' && current.status !== 'withdrawn' && STEP[status] <= STEP[current.status]) {
    return { allowed: true, unchanged: true, progress: current };
  }
  if (status === 'withdrawn') {
    if (!current) return refuse('not_enrolled', `The person is not enrolled on ${name}, so they cannot withdraw from it.`);
    if (current.status === 'withdrawn') return { allowed: true, unchanged: true, progress: current };
  }
  const latest = current ? [current.enrolledOn, current.startedOn, current.withdrawnOn].filter((d): d is string => d !== null).sort().at(-1)! : null;
  if (latest && on < latest && current!.status !== 'withdrawn') {
    return refuse('date_before_previous', `${name} already has a later date recorded (${formatLongDate(latest)}).`);
  }
  if (status !== 'withdrawn') {
    const reasons = mayTake(module, trainee, on);
    if (reasons.length) return { allowed: false, reasons };
  }
  const restart = !current || current.status === 'withdrawn';
  const base: ModuleProgress = restart
    ? { module, status, enrolledOn: on, startedOn: null, completedOn: null, withdrawnOn: null }
    : current;
  const progress: ModuleProgress = {
    ...base,
    status,
    ...(status === 'in_progress' ? { startedOn: on } : {}),
    ...(status === 'completed' ? { completedOn: on } : {}),
    ...(status === 'withdrawn' ? { withdrawnOn: on } : {}),
  };
  return { allowed: true, unchanged: false, progress };
}

function refuse(code: PathwayReasonCode, message: string): ProgressChange {
  return { allowed: false, reasons: [{ code, message }] };
}

/** The trainee with one module's progress replaced, for applying several changes in turn. */
export function withProgress(trainee: Trainee, progress: ModuleProgress): Trainee {
  return { ...trainee, progress: [...trainee.progress.filter((p) => p.module !== progress.module), progress] };
}

/** Where a module comes in the pathway, for ordering rows of one day: prerequisites first. */
export function pathwayOrder(module: TrainingModuleCode): number {
  return TRAINING_MODULES.findIndex((m) => m.code === module);
}
