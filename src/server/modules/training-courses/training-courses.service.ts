import { checkCoursePlan, COURSE_FORMATS, courseFee, courseFlag, courseInvoiceLines, courseWhen, mayBook } from '../../../domain/training/courses.js';
import { findSchedule } from '../fees/fee-schedule.repository.js';
import { formatLongDate, londonDate } from '../../../domain/iso-date.js';
import type { BookingRequest, CourseInvoiceRequest, CourseRequest, CourseResponse } from '../../../shared/schemas/training-courses.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { canSeeOrganisation, organisationScope } from '../../auth/access.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { queueMail } from '../../mail/outbox.js';
import { scheduleInForce } from '../fees/fee-schedule.service.js';
import { invoiceReference, issueInvoiceIn } from '../invoices/invoices.service.js';
import { createTask } from '../tasks/tasks.repository.js';
import * as repo from './training-courses.repository.js';

type CourseRow = repo.CourseRow;

/** Who sees a course: Central Office, the Coordinator of the organisation's region, the organisation's SMART Lead. */
function canSee(user: CurrentUser, course: { organisation_id: string; region_code: string; sector_code: string }): boolean {
  if (user.role === 'facilitator') return false;
  return canSeeOrganisation(user, { id: course.organisation_id, region_code: course.region_code, sector_code: course.sector_code });
}

/** Who books people onto a course: its organisation's SMART Lead, or Central Office for them. */
const canBook = (user: CurrentUser, course: { organisation_id: string }) => user.role === 'central_office' || (user.role === 'smart_lead' && user.organisationId === course.organisation_id);

async function visibleCourse(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, need: 'see' | 'book', action = 'training_course.read_refused') {
  const course = await repo.findCourse(deps.db, id);
  if (!course || !canSee(user, course) || (need === 'book' && !canBook(user, course))) {
    await recordAudit(deps.db, actor, { action, entityType: 'training_course', entityId: id });
    throw notFound('training course');
  }
  return course;
}

type Schedules = Map<string, ReturnType<typeof findSchedule>>;

async function present(deps: AppDeps, user: CurrentUser, course: CourseRow, withBookings: boolean, schedules: Schedules = new Map()): Promise<CourseResponse> {
  const sessionDates = course.session_dates;
  if (!schedules.has(course.fee_schedule_id)) schedules.set(course.fee_schedule_id, findSchedule(deps.db, course.fee_schedule_id));
  const schedule = await schedules.get(course.fee_schedule_id)!;
  const today = londonDate(deps.now());
  const bookings = withBookings ? await repo.courseBookings(deps.db, course.id) : [];
  const state = { places: course.places, booked: course.booked, firstSessionOn: sessionDates[0]!, cutOffOn: course.cut_off_on };
  return {
    id: course.id,
    organisationId: course.organisation_id,
    organisationName: course.organisation_name,
    format: course.format,
    formatName: COURSE_FORMATS[course.format].name,
    sessionDates,
    venue: course.venue,
    trainerName: course.trainer_name,
    places: course.places,
    booked: course.booked,
    placesLeft: Math.max(0, course.places - course.booked),
    cutOffOn: course.cut_off_on,
    feePence: course.fee_pence,
    flag: schedule ? courseFlag(state, schedule, today) : null,
    invoice: course.invoice_id && course.invoice_number !== null ? { id: course.invoice_id, reference: invoiceReference(course.invoice_number) } : null,
    bookings: bookings.map((b) => ({
      id: b.id,
      name: b.name,
      email: b.email,
      bookedAt: new Date(b.created_at).toISOString(),
      cancelledAt: b.cancelled_at ? new Date(b.cancelled_at).toISOString() : null,
    })),
    canBook: canBook(user, course) && mayBook(state, today).allowed,
  };
}

/**
 * Central Office schedules a staff-led course for one organisation (Section 10): its format's
 * sessions, a trainer, 6 to 12 places and a booking cut-off. The fee is fixed from the schedule in
 * force today, and the organisation's SMART Leads are told so they can book their people.
 */
export async function scheduleCourse(deps: AppDeps, user: CurrentUser, actor: Actor, body: CourseRequest): Promise<CourseResponse> {
  const organisation = await repo.findOrganisation(deps.db, body.organisationId);
  if (!organisation) throw new AppError('validation_failed', 'There is no such organisation.', [{ field: 'organisationId', message: 'Choose the organisation the course is for' }]);
  const schedule = await scheduleInForce(deps);
  const today = londonDate(deps.now());
  const plan = checkCoursePlan({ format: body.format, sessionDates: body.sessionDates, places: body.places, cutOffOn: body.cutOffOn, venue: body.venue }, schedule, today);
  if (!plan.ok) {
    throw new AppError('rule_broken', plan.reasons.length === 1 ? plan.reasons[0]!.message : `The course breaks ${plan.reasons.length} rules; each is listed by its field.`, plan.reasons.map((r) => ({ field: r.field, message: r.message })));
  }
  const rules = COURSE_FORMATS[body.format];
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('training_courses')
      .values({
        organisation_id: organisation.id,
        format: body.format,
        session_dates: JSON.stringify(plan.sessionDates),
        starts_on: plan.sessionDates[0]!,
        ends_on: plan.sessionDates.at(-1)!,
        venue: rules.needsVenue ? (body.venue?.trim() ?? null) : null,
        trainer_name: body.trainerName.trim(),
        places: body.places,
        cut_off_on: body.cutOffOn,
        fee_pence: courseFee(body.format, schedule),
        fee_schedule_id: schedule.id,
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const lead of await repo.smartLeadsOf(trx, organisation.id)) {
      await queueMail(trx, {
        to: lead.email,
        kind: 'training_course_scheduled',
        subject: `${rules.name} for ${organisation.name}: ${courseWhen(plan.sessionDates)}`,
        text: [
          `Dear ${lead.name},`,
          '',
          `Central Office has scheduled ${rules.name} for ${organisation.name}, with ${body.trainerName.trim()}:`,
          ...plan.sessionDates.map((d) => `- ${formatLongDate(d)} (${rules.session})`),
          rules.needsVenue ? `Venue: ${body.venue?.trim()}` : 'Online, by webinar.',
          '',
          `There are ${body.places} places. Book your people by ${formatLongDate(body.cutOffOn)}: the course needs at least ${schedule.trainingGroupSize.min} to run.`,
          `Book them on Partner Hub: ${deps.config.publicUrl}/portal/training/courses/${row.id}`,
          '',
          deps.config.charity.name,
        ].join('\n'),
      });
    }
    await recordAudit(trx, actor, {
      action: 'training_course.scheduled',
      entityType: 'training_course',
      entityId: row.id,
      after: { organisationId: organisation.id, format: body.format, sessionDates: plan.sessionDates, venue: body.venue ?? null, trainerName: body.trainerName, places: body.places, cutOffOn: body.cutOffOn, feePence: courseFee(body.format, schedule) },
    });
    return row.id;
  });
  return present(deps, user, (await repo.findCourse(deps.db, id))!, true);
}

/** Which organisations' courses and requests a person sees, as a filter; a facilitator sees none. */
export function scopeFilter(user: CurrentUser): { organisationIds?: string[]; regions?: string[]; sectors?: string[] } {
  const scope = organisationScope(user);
  if (user.role === 'facilitator') return { organisationIds: [] };
  if (scope.kind === 'all') return {};
  if (scope.kind === 'regions') return { regions: scope.regions, sectors: scope.sectors };
  return { organisationIds: scope.organisationId ? [scope.organisationId] : [] };
}

/** The courses a person may see, soonest first. */
export async function listCoursesFor(deps: AppDeps, user: CurrentUser): Promise<{ items: CourseResponse[] }> {
  const rows = await repo.listCourses(deps.db, scopeFilter(user));
  const schedules: Schedules = new Map();
  return { items: await Promise.all(rows.map((r) => present(deps, user, r, false, schedules))) };
}

export async function getCourse(deps: AppDeps, user: CurrentUser, actor: Actor, id: string): Promise<CourseResponse> {
  return present(deps, user, await visibleCourse(deps, user, actor, id, 'see'), true);
}

/**
 * Books a person onto a course. The course row is locked first, so bookings made at the same time
 * queue for it and never take more than its places (the PostgreSQL test books 40 at once for 8).
 * A booking gives the person access to the Facilitator training, as a nomination does (decision 054).
 */
export async function bookPerson(deps: AppDeps, user: CurrentUser, actor: Actor, courseId: string, body: BookingRequest): Promise<CourseResponse> {
  await visibleCourse(deps, user, actor, courseId, 'book', 'training_course.book_refused');
  const name = body.name.trim();
  const email = body.email.trim();
  try {
    await deps.db.transaction().execute(async (trx) => {
      const course = (await repo.findCourse(trx, courseId, { lock: true }))!;
      const sessionDates = course.session_dates;
      const decision = mayBook({ places: course.places, booked: course.booked, firstSessionOn: sessionDates[0]!, cutOffOn: course.cut_off_on }, londonDate(deps.now()));
      if (!decision.allowed) {
        throw new AppError(decision.reason.code === 'course_full' ? 'course_full' : 'rule_broken', decision.reason.message, [{ field: decision.reason.field, message: decision.reason.message }]);
      }
      if (await repo.findLiveBookingByEmail(trx, courseId, email)) {
        throw new AppError('conflict', `${email} is already booked on this course.`, [{ field: 'email', message: 'This person is already booked' }]);
      }
      const row = await trx.insertInto('training_course_bookings').values({ course_id: courseId, name, email, booked_by: user.id }).returning('id').executeTakeFirstOrThrow();
      const rules = COURSE_FORMATS[course.format];
      await queueMail(trx, {
        to: email,
        kind: 'training_course_booking',
        subject: `Your place on ${rules.name}`,
        text: [
          `Dear ${name},`,
          '',
          `${course.organisation_name} has booked you on ${rules.name} with UK SMART Recovery, led by ${course.trainer_name}:`,
          ...sessionDates.map((d) => `- ${formatLongDate(d)} (${rules.session})`),
          course.venue ? `Venue: ${course.venue}` : 'Online, by webinar: the joining link follows before the first session.',
          '',
          'The course covers Getting SMART and the SMART Facilitator modules, with an assessment after each. On completion you receive your certificate and Facilitator Manual.',
          'If you cannot attend, tell your SMART Lead so the place can be offered to someone else.',
          '',
          'Questions: training@smartrecovery.org.uk',
          deps.config.charity.name,
        ].join('\n'),
      });
      await recordAudit(trx, actor, { action: 'training_course.booked', entityType: 'training_course', entityId: courseId, after: { bookingId: row.id, name, email } });
    });
  } catch (error) {
    // Two bookings of one person at once: the second meets the unique index.
    if (!(error instanceof AppError) && (await repo.findLiveBookingByEmail(deps.db, courseId, email))) {
      throw new AppError('conflict', `${email} is already booked on this course.`, [{ field: 'email', message: 'This person is already booked' }]);
    }
    throw error;
  }
  return getCourse(deps, user, actor, courseId);
}

/** Cancels a booking before the course starts; the place is free for someone else. */
export async function cancelBooking(deps: AppDeps, user: CurrentUser, actor: Actor, courseId: string, bookingId: string): Promise<CourseResponse> {
  await visibleCourse(deps, user, actor, courseId, 'book', 'training_course.book_refused');
  await deps.db.transaction().execute(async (trx) => {
    const course = (await repo.findCourse(trx, courseId, { lock: true }))!;
    const booking = await repo.findBooking(trx, courseId, bookingId);
    if (!booking) throw notFound('booking');
    if (booking.cancelled_at) throw new AppError('conflict', `${booking.name}'s booking is already cancelled.`);
    if (londonDate(deps.now()) >= course.session_dates[0]!) throw new AppError('rule_broken', 'The course has started: its bookings can no longer be cancelled.');
    await trx.updateTable('training_course_bookings').set({ cancelled_at: deps.now(), cancelled_by: user.id }).where('id', '=', bookingId).execute();
    await recordAudit(trx, actor, { action: 'training_course.booking_cancelled', entityType: 'training_course', entityId: courseId, before: { bookingId, name: booking.name, email: booking.email }, after: { cancelled: true } });
  });
  return getCourse(deps, user, actor, courseId);
}

/**
 * Invoices the course to the organisation that bought it (decision 063): the fee fixed when it was
 * scheduled and, in person, the trainer's expenses as Central Office enters them. One invoice per
 * course (its source is the course), so asking again is refused.
 */
export async function invoiceCourse(deps: AppDeps, user: CurrentUser, actor: Actor, courseId: string, body: CourseInvoiceRequest): Promise<CourseResponse> {
  const seen = await visibleCourse(deps, user, actor, courseId, 'see');
  const organisation = (await repo.findOrganisation(deps.db, seen.organisation_id))!;
  const billing = await repo.billingOf(deps.db, organisation);
  if (!billing) throw new AppError('rule_broken', 'The organisation has no finance contact to invoice.', [{ field: 'organisationId', message: 'Add a finance contact first' }]);
  await deps.db.transaction().execute(async (trx) => {
    const course = (await repo.findCourse(trx, courseId, { lock: true }))!;
    if (course.invoice_id) {
      throw new AppError('conflict', `This course is already invoiced (${invoiceReference(course.invoice_number!)}). Correct it with a credit note and a new invoice raised by hand.`);
    }
    const lines = courseInvoiceLines(
      { format: course.format, feePence: course.fee_pence, sessionDates: course.session_dates, places: course.places },
      body.expensesPence === undefined ? null : { pence: body.expensesPence, note: body.expensesNote },
    );
    if (!lines.ok) throw new AppError('rule_broken', lines.reasons[0]!.message, lines.reasons.map((r) => ({ field: r.field, message: r.message })));
    const invoice = await issueInvoiceIn(trx, deps, actor, {
      organisationId: course.organisation_id,
      kind: 'other',
      billing,
      poNumber: body.poNumber || null,
      feeScheduleId: course.fee_schedule_id,
      source: { type: 'training_course', id: course.id },
      lines: lines.lines.map((l) => ({ kind: 'staff_training' as const, description: l.description, rule: l.rule, amountPence: l.amountPence })),
    });
    await trx.updateTable('training_courses').set({ invoice_id: invoice.id }).where('id', '=', courseId).execute();
    await recordAudit(trx, actor, { action: 'training_course.invoiced', entityType: 'training_course', entityId: courseId, after: { invoiceId: invoice.id, lines: lines.lines } });
  });
  return getCourse(deps, user, actor, courseId);
}

/**
 * Flags each course whose cut-off has passed with fewer than the minimum booked (Section 10:
 * "for 6-12 individuals"): a task in the training inbox for Central Office to decide whether it
 * runs. Run by the scheduler; a course is flagged once.
 */
export async function flagUnderBookedCourses(deps: AppDeps): Promise<{ flagged: number }> {
  const today = londonDate(deps.now());
  const schedule = await scheduleInForce(deps);
  const candidates = await repo.underBookedCourses(deps.db, today, schedule.trainingGroupSize.min);
  let flagged = 0;
  const actor: Actor = { userId: null, label: 'training course check' };
  for (const candidate of candidates) {
    await deps.db.transaction().execute(async (trx) => {
      const course = (await repo.findCourse(trx, candidate.id, { lock: true }))!;
      const own = (await findSchedule(trx, course.fee_schedule_id)) ?? schedule;
      const flag = courseFlag({ places: course.places, booked: course.booked, firstSessionOn: course.session_dates[0]!, cutOffOn: course.cut_off_on }, own, today);
      if (course.flagged_at || flag?.kind !== 'under_booked') return;
      await trx.updateTable('training_courses').set({ flagged_at: deps.now() }).where('id', '=', course.id).execute();
      await createTask(trx, {
        kind: 'training_course.under_booked',
        title: `${COURSE_FORMATS[course.format].name} for ${course.organisation_name} (${courseWhen(course.session_dates)}): ${flag.message}`,
        subjectType: 'training_course',
        subjectId: course.id,
        inbox: 'training',
      });
      await recordAudit(trx, actor, { action: 'training_course.flagged', entityType: 'training_course', entityId: course.id, after: { booked: course.booked, cutOffOn: course.cut_off_on, message: flag.message } });
      flagged += 1;
    });
  }
  return { flagged };
}
