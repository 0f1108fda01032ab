import { formatLongDate, type IsoDate, isIsoDate } from '../iso-date.js';
import { formatPence } from '../money.js';

/**
 * Staff-led Facilitator Training (Section 10): a course for one organisation's group of 6 to 12
 * people, run by a UKSR trainer in person over two full days, or by webinar over four half-days.
 * The fee is per course, not per person, so a course is bought by one organisation for its own
 * people (docs/decisions/063-staff-led-training-courses.md).
 */

export type CourseFormat = 'in_person' | 'webinar';

export interface CourseFormatRules {
  readonly name: string;
  /** How many sessions the course has, and what each is. */
  readonly sessions: number;
  readonly session: 'full day' | 'half day';
  /** In-person courses add the trainer's travel and accommodation to the fee. */
  readonly expensesCharged: boolean;
  readonly needsVenue: boolean;
}

export const COURSE_FORMATS: Readonly<Record<CourseFormat, CourseFormatRules>> = {
  // Section 10: "Two x full-days in-person training for 6-12 individuals" — "£2,000 + staff expenses (travel & accommodation)".
  in_person: { name: 'Staff-led in-person Facilitator Training', sessions: 2, session: 'full day', expensesCharged: true, needsVenue: true },
  // Section 10: "Four x half-days training delivered online via webinar, for 6-12 individuals" — "£1,250".
  webinar: { name: 'Staff-led webinar Facilitator Training', sessions: 4, session: 'half day', expensesCharged: false, needsVenue: false },
};

/** The part of a fee schedule the courses read. */
export interface CourseFees {
  readonly inPersonTrainingPence: number;
  readonly webinarTrainingPence: number;
  readonly trainingGroupSize: { readonly min: number; readonly max: number };
}

export interface CourseReason {
  field: string;
  code: 'sessions' | 'places' | 'cut_off' | 'venue' | 'course_full' | 'course_started' | 'expenses' | 'already_booked';
  message: string;
}

/** The fee of a course in the schedule in force, in pence. */
export function courseFee(format: CourseFormat, fees: CourseFees): number {
  return format === 'in_person' ? fees.inPersonTrainingPence : fees.webinarTrainingPence;
}

export interface CoursePlan {
  format: CourseFormat;
  sessionDates: readonly IsoDate[];
  places: number;
  cutOffOn: IsoDate;
  venue?: string | null | undefined;
}

/**
 * Every reason a course cannot be scheduled as planned: the format's number of sessions on
 * different days after today, 6 to 12 places, a cut-off date from today to the day before the first
 * session, and a venue for an in-person course. Answers the sessions in date order.
 */
export function checkCoursePlan(plan: CoursePlan, fees: CourseFees, today: IsoDate): { ok: true; sessionDates: IsoDate[] } | { ok: false; reasons: CourseReason[] } {
  const rules = COURSE_FORMATS[plan.format];
  const reasons: CourseReason[] = [];
  const dates = [...plan.sessionDates].sort();
  if (dates.length !== rules.sessions || dates.some((d) => !isIsoDate(d))) {
    reasons.push({ field: 'sessionDates', code: 'sessions', message: `${rules.name} has ${rules.sessions} sessions (${rules.session}s): enter ${rules.sessions} dates.` });
  } else if (new Set(dates).size !== dates.length) {
    reasons.push({ field: 'sessionDates', code: 'sessions', message: 'Each session is on a different day.' });
  } else if (dates[0]! <= today) {
    reasons.push({ field: 'sessionDates', code: 'sessions', message: 'The sessions must be after today.' });
  }
  const { min, max } = fees.trainingGroupSize;
  if (!Number.isInteger(plan.places) || plan.places < min || plan.places > max) {
    reasons.push({ field: 'places', code: 'places', message: `Section 10: a staff-led course is for ${min} to ${max} people.` });
  }
  if (!isIsoDate(plan.cutOffOn) || plan.cutOffOn < today) {
    reasons.push({ field: 'cutOffOn', code: 'cut_off', message: 'The booking cut-off date is today or later.' });
  } else if (dates.length > 0 && isIsoDate(dates[0]!) && plan.cutOffOn >= dates[0]!) {
    reasons.push({ field: 'cutOffOn', code: 'cut_off', message: `The booking cut-off date is before the first session (${formatLongDate(dates[0]!)}).` });
  }
  if (rules.needsVenue && !plan.venue?.trim()) {
    reasons.push({ field: 'venue', code: 'venue', message: 'An in-person course needs a venue.' });
  }
  return reasons.length ? { ok: false, reasons } : { ok: true, sessionDates: dates };
}

export interface CourseState {
  places: number;
  booked: number;
  firstSessionOn: IsoDate;
  cutOffOn: IsoDate;
}

/**
 * Whether one more person may be booked: never more than the places, and not once the course has
 * started. Bookings after the cut-off date are still taken while places are left; the cut-off is
 * when Central Office checks the course will run.
 */
export function mayBook(course: CourseState, today: IsoDate): { allowed: true } | { allowed: false; reason: CourseReason } {
  if (today >= course.firstSessionOn) {
    return { allowed: false, reason: { field: 'courseId', code: 'course_started', message: `The course started on ${formatLongDate(course.firstSessionOn)}: bookings are closed.` } };
  }
  if (course.booked >= course.places) {
    return { allowed: false, reason: { field: 'courseId', code: 'course_full', message: `All ${course.places} places on this course are booked. Cancel a booking to free a place, or ask Central Office for another course.` } };
  }
  return { allowed: true };
}

export type CourseFlag = { kind: 'under_booked'; message: string } | { kind: 'filling'; message: string } | null;

/**
 * A course with fewer people booked than the minimum by its cut-off date is flagged for Central
 * Office to decide whether it runs; before the cut-off it says how many more are needed.
 */
export function courseFlag(course: CourseState, fees: Pick<CourseFees, 'trainingGroupSize'>, today: IsoDate): CourseFlag {
  const { min } = fees.trainingGroupSize;
  if (course.booked >= min || today >= course.firstSessionOn) return null;
  if (today > course.cutOffOn) {
    return { kind: 'under_booked', message: `Only ${course.booked} of the ${min} people needed were booked by the cut-off date, ${formatLongDate(course.cutOffOn)}.` };
  }
  const more = min - course.booked;
  return { kind: 'filling', message: `${more} more ${more === 1 ? 'person' : 'people'} needed by ${formatLongDate(course.cutOffOn)} for the course to run.` };
}

export interface CourseInvoiceLine {
  description: string;
  rule: string;
  amountPence: number;
  kind: 'fee' | 'expenses';
}

/**
 * The lines of a course's invoice: the fee fixed when it was scheduled, and for an in-person course
 * the trainer's travel and accommodation as Central Office enters them (Section 10). A webinar
 * has no expenses.
 */
export function courseInvoiceLines(
  course: { format: CourseFormat; feePence: number; sessionDates: readonly IsoDate[]; places: number },
  expenses: { pence: number; note?: string | null | undefined } | null,
): { ok: true; lines: CourseInvoiceLine[] } | { ok: false; reasons: CourseReason[] } {
  const rules = COURSE_FORMATS[course.format];
  if (!rules.expensesCharged && expenses && expenses.pence > 0) {
    return { ok: false, reasons: [{ field: 'expensesPence', code: 'expenses', message: 'Section 10: the webinar course fee has no staff expenses added.' }] };
  }
  if (rules.expensesCharged && !expenses) {
    return { ok: false, reasons: [{ field: 'expensesPence', code: 'expenses', message: 'Enter the trainer’s travel and accommodation expenses (£0.00 if there are none).' }] };
  }
  const when = courseWhen(course.sessionDates);
  const lines: CourseInvoiceLine[] = [
    {
      kind: 'fee',
      description: `${rules.name}, ${when}`,
      rule: `Section 10: ${rules.sessions} ${rules.session}s for up to ${course.places} people, ${formatPence(course.feePence)} per course${rules.expensesCharged ? ' plus staff expenses' : ''}.`,
      amountPence: course.feePence,
    },
  ];
  if (rules.expensesCharged && expenses && expenses.pence > 0) {
    lines.push({
      kind: 'expenses',
      description: `Trainer travel and accommodation${expenses.note?.trim() ? `: ${expenses.note.trim()}` : ''}`,
      rule: 'Section 10: staff expenses (travel & accommodation) are added to the in-person course fee.',
      amountPence: expenses.pence,
    });
  }
  return { ok: true, lines };
}

/** A course's dates in words, first to last: "2 March 2027 to 3 March 2027". */
export function courseWhen(sessionDates: readonly IsoDate[]): string {
  const first = sessionDates[0]!;
  const last = sessionDates[sessionDates.length - 1]!;
  return first === last ? formatLongDate(first) : `${formatLongDate(first)} to ${formatLongDate(last)}`;
}
