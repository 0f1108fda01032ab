import {
  addMonths,
  mayRecordContributions,
  monthBounds,
  monthOf,
  PARTNERSHIP_CONTRIBUTIONS_REASON,
} from '../../../domain/meetings/contributions.js';
import type { Frequency } from '../../../domain/meetings/schedule.js';
import {
  completionRate,
  SURVEY_OVERDUE_AFTER_DAYS,
  SURVEY_REMINDER_DAYS,
  SURVEY_REMINDER_HORIZON_DAYS,
  surveyDatesDue,
  surveyRemindersDue,
} from '../../../domain/meetings/surveys.js';
import { addDays, formatLongDate, type IsoDate, londonDate } from '../../../domain/iso-date.js';
import { formatPence } from '../../../domain/money.js';
import type {
  CompletionRatesResponse,
  ContributionTotalsResponse,
  FacilitatorRatesResponse,
  MeetingContributionsResponse,
  MeetingSurveyResponse,
  MySurveysResponse,
  NewContributionRequest,
  RatesQuery,
  SurveyAnswerRequest,
} from '../../../shared/schemas/meeting-surveys.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { canOverseeMeeting, meetingScope } from '../../auth/access.js';
import type { CurrentUser } from '../../auth/current-user.js';
import { sharedAnswer } from '../../db/shared-answers.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { type Mail, queueMails } from '../../mail/outbox.js';
import * as repo from './meeting-surveys.repository.js';

const RUN_ACTOR: Actor = { userId: null, label: 'meeting survey run' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LONDON_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The time of day in the UK, 'HH:MM'. */
function londonTime(at: Date): string {
  return LONDON_TIME.format(at);
}

// ---- The survey run ----

/**
 * The survey run (docs/decisions/090-meeting-surveys.md): makes a due survey for every date a
 * running meeting has met (in the look-back window), asks the facilitator by email once, and
 * reminds the facilitator of a survey still unanswered 3 and 10 days after the ask, each once.
 * Idempotent and safe on several instances: a survey is unique by (meeting, date) and only the
 * run whose insert made it sends the ask; each reminder is logged by (survey, stage) before it is
 * sent, in the same transaction.
 */
export async function runMeetingSurveys(deps: AppDeps): Promise<{ surveysCreated: number; facilitatorsAsked: number; remindersSent: number }> {
  const now = deps.now();
  const today = londonDate(now);
  const created = await createDueSurveys(deps, { date: today, time: londonTime(now) });
  const reminded = await sendSurveyReminders(deps, today);
  return { surveysCreated: created.surveys, facilitatorsAsked: created.asked, remindersSent: reminded };
}

async function createDueSurveys(deps: AppDeps, now: { date: IsoDate; time: string }) {
  const meetings = await repo.runningMeetings(deps.db);
  const askWho = await repo.firstFacilitators(deps.db, meetings.map((m) => m.id));
  const wanted = meetings.flatMap((m) =>
    surveyDatesDue(
      { frequency: m.frequency as Frequency, day: m.day, weekOfMonth: m.week_of_month, startsOn: m.starts_on, endsOn: m.ends_on, endTime: m.end_time },
      now,
    ).map((heldOn) => ({ meetingId: m.id, heldOn, facilitatorId: askWho.get(m.id) ?? null, askedOn: now.date })),
  );
  if (wanted.length === 0) return { surveys: 0, asked: 0 };
  return deps.db.transaction().execute(async (trx) => {
    const made = await repo.createSurveys(trx, wanted);
    if (made.length === 0) return { surveys: 0, asked: 0 };
    const byFacilitator = groupBy(made.filter((s) => s.asked_facilitator_id !== null), (s) => s.asked_facilitator_id!);
    const contacts = await repo.facilitatorContacts(trx, [...byFacilitator.keys()]);
    const names = await repo.meetingNames(trx, [...new Set(made.map((s) => s.meeting_id))]);
    const mails: Mail[] = [];
    for (const [facilitatorId, surveys] of byFacilitator) {
      const to = contacts.get(facilitatorId);
      if (!to) continue;
      mails.push({
        to: to.email,
        kind: 'meeting_survey_request',
        subject: surveys.length === 1 ? `How did ${names.get(surveys[0]!.meeting_id)} go on ${formatLongDate(surveys[0]!.held_on)}?` : `${surveys.length} meeting surveys to complete`,
        text: [
          `Hello ${to.name},`,
          '',
          'Please complete the short meeting survey for each of these meetings (Section 8 of the Partnership Guidance: every facilitator completes the meeting survey). It takes a minute: how many came, how many were new, which SMART tools you used and whether the Meeting Guidelines were shared. If a meeting did not take place, you can say so.',
          '',
          ...surveys.map((s) => `- ${names.get(s.meeting_id)}, ${formatLongDate(s.held_on)}: ${deps.config.publicUrl}/portal/meeting-surveys/${s.id}`),
          '',
          'UK SMART Recovery',
        ].join('\n'),
      });
    }
    await queueMails(trx, mails);
    await recordAudit(trx, RUN_ACTOR, { action: 'meeting_surveys.created', entityType: 'meeting_survey', after: { surveys: made.length, asked: mails.length, on: now.date } });
    return { surveys: made.length, asked: mails.length };
  });
}

async function sendSurveyReminders(deps: AppDeps, today: IsoDate): Promise<number> {
  const first = Math.min(...SURVEY_REMINDER_DAYS);
  // A survey asked long ago has had its reminders (or missed them while the run was down for weeks):
  // it stays due and counts as overdue, but is not read again on every run.
  const candidates = await repo.dueSurveysAskedBetween(deps.db, addDays(today, -SURVEY_REMINDER_HORIZON_DAYS), addDays(today, -first));
  const due = candidates.flatMap((s) => surveyRemindersDue(s.askedOn, today, s.sent).map((stage) => ({ surveyId: s.id, stage })));
  if (due.length === 0) return 0;
  return deps.db.transaction().execute(async (trx) => {
    const logged = await repo.logReminders(trx, due);
    // Several stages missed at once (the run was down) make one reminder, not several.
    const surveyIds = new Set(logged.map((l) => l.survey_id));
    const surveys = candidates.filter((s) => surveyIds.has(s.id));
    if (surveys.length === 0) return 0;
    const byFacilitator = groupBy(surveys, (s) => s.facilitatorId);
    const contacts = await repo.facilitatorContacts(trx, [...byFacilitator.keys()]);
    const names = await repo.meetingNames(trx, [...new Set(surveys.map((s) => s.meetingId))]);
    const mails: Mail[] = [];
    for (const [facilitatorId, list] of byFacilitator) {
      const to = contacts.get(facilitatorId);
      if (!to) continue;
      mails.push({
        to: to.email,
        kind: 'meeting_survey_reminder',
        subject: list.length === 1 ? `Reminder: the meeting survey for ${names.get(list[0]!.meetingId)} on ${formatLongDate(list[0]!.heldOn)}` : `Reminder: ${list.length} meeting surveys to complete`,
        text: [
          `Hello ${to.name},`,
          '',
          'A reminder: these meeting surveys are still waiting for your answer. Your Community Coordinator and Central Office use them to support your meeting and the network.',
          '',
          ...list.map((s) => `- ${names.get(s.meetingId)}, ${formatLongDate(s.heldOn)}: ${deps.config.publicUrl}/portal/meeting-surveys/${s.id}`),
          '',
          'If a meeting did not take place, open its survey and say so.',
          '',
          'UK SMART Recovery',
        ].join('\n'),
      });
    }
    await queueMails(trx, mails);
    await recordAudit(trx, RUN_ACTOR, { action: 'meeting_survey_reminders.sent', entityType: 'meeting_survey', after: { surveys: surveys.length, stages: logged.length, on: today } });
    return surveys.length;
  });
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

// ---- Surveys for people ----

function toSurvey(row: repo.SurveyRow, canAnswer: boolean): MeetingSurveyResponse {
  return {
    id: row.id,
    heldOn: row.held_on,
    status: row.status,
    meeting: { id: row.meeting_id, name: row.meeting_name, provider: row.provider, startTime: row.start_time, where: row.site_name ?? row.venue_name ?? '' },
    askedFacilitator: row.asked_name,
    attendance: row.attendance,
    newAttendees: row.new_attendees,
    toolsUsed: row.tools_used,
    guidelinesShared: row.guidelines_shared,
    notHeldReason: row.not_held_reason,
    completedBy: row.completed_by_name,
    completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
    canAnswer,
  };
}

/** The signed-in person's surveys as a facilitator: those due, the latest answered, and their meetings. */
export async function mySurveys(deps: AppDeps, user: CurrentUser): Promise<MySurveysResponse> {
  const facilitator = await repo.facilitatorOfUser(deps.db, user.id);
  if (!facilitator) return { facilitator: null, due: [], answered: [], meetings: [] };
  const [due, answered, meetings] = await Promise.all([
    repo.surveysForFacilitator(deps.db, facilitator.id, 'due', 200),
    repo.surveysForFacilitator(deps.db, facilitator.id, 'answered', 20),
    repo.meetingsOfFacilitator(deps.db, facilitator.id),
  ]);
  return {
    facilitator,
    due: due.map((s) => toSurvey(s, true)),
    answered: answered.map((s) => toSurvey(s, false)),
    meetings: meetings.map((m) => ({ id: m.id, name: m.name, provider: m.provider, mayRecordContributions: mayRecordContributions(m.provider) })),
  };
}

/**
 * A survey, for a facilitator of its meeting, or someone who oversees the meeting (Central Office,
 * the Coordinator of its region or programme, its organisation's SMART Lead). Anyone else gets the
 * "not found" of a missing survey, and the attempt is audited.
 */
async function visibleSurvey(deps: AppDeps, user: CurrentUser, actor: Actor, id: string) {
  const survey = UUID.test(id) ? await repo.findSurvey(deps.db, id) : undefined;
  const facilitator = survey ? await repo.facilitatorOfUser(deps.db, user.id) : undefined;
  const facilitates = survey && facilitator ? await repo.facilitates(deps.db, facilitator.id, survey.meeting_id) : false;
  const oversees = survey !== undefined && user.role !== 'facilitator' && canOverseeMeeting(user, survey);
  if (!survey || !(facilitates || oversees)) {
    await recordAudit(deps.db, actor, { action: 'meeting_survey.read_refused', entityType: 'meeting_survey', entityId: id.slice(0, 64) });
    throw notFound('survey');
  }
  return { survey, facilitator: facilitates ? facilitator! : null };
}

export async function getSurvey(deps: AppDeps, user: CurrentUser, actor: Actor, id: string): Promise<MeetingSurveyResponse> {
  const { survey, facilitator } = await visibleSurvey(deps, user, actor, id);
  return toSurvey(survey, facilitator !== null && survey.status === 'due');
}

/** A facilitator of the meeting answers its survey, once; a meeting that did not take place is marked so. */
export async function answerSurvey(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, answer: SurveyAnswerRequest): Promise<MeetingSurveyResponse> {
  const { survey, facilitator } = await visibleSurvey(deps, user, actor, id);
  if (!facilitator) throw new AppError('forbidden', "Only the meeting's facilitators complete its survey.");
  if (survey.status !== 'due') {
    throw new AppError('conflict', `The survey for ${formatLongDate(survey.held_on)} has already been answered. Ask Central Office if it needs correcting.`);
  }
  const held = answer.held;
  await deps.db.transaction().execute(async (trx) => {
    const done = await repo.answerSurvey(trx, survey.id, {
      status: held ? 'completed' : 'not_held',
      attendance: held ? answer.attendance! : null,
      newAttendees: held ? answer.newAttendees! : null,
      toolsUsed: held ? answer.toolsUsed : [],
      guidelinesShared: held ? answer.guidelinesShared! : null,
      notHeldReason: held ? null : answer.notHeldReason || null,
      facilitatorId: facilitator.id,
      userId: user.id,
      at: deps.now(),
    });
    if (!done) throw new AppError('conflict', `The survey for ${formatLongDate(survey.held_on)} has just been answered by someone else.`);
    await recordAudit(trx, actor, {
      action: held ? 'meeting_survey.completed' : 'meeting_survey.not_held',
      entityType: 'meeting_survey',
      entityId: survey.id,
      before: { status: 'due' },
      after: held
        ? { status: 'completed', attendance: answer.attendance, newAttendees: answer.newAttendees, toolsUsed: answer.toolsUsed, guidelinesShared: answer.guidelinesShared }
        : { status: 'not_held', reason: answer.notHeldReason ?? null },
    });
  });
  return getSurvey(deps, user, actor, id);
}

/** The period asked for (by default the 90 days to today), checked, with the overdue date. */
function ratesPeriod(deps: AppDeps, user: CurrentUser, query: { from?: string | undefined; to?: string | undefined }): repo.RatesPeriod {
  if (user.role === 'facilitator') throw new AppError('forbidden', 'Completion rates are for Coordinators, SMART Leads and Central Office.');
  const today = londonDate(deps.now());
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -90);
  if (from > to) throw new AppError('validation_failed', 'The period is back to front.', [{ field: 'query.from', message: 'The start must be on or before the end' }]);
  return { from, to, overdueOnOrBefore: addDays(today, -SURVEY_OVERDUE_AFTER_DAYS) };
}

/** The counts SQL made, with the rate by the scheme's rule (domain/meetings/surveys.ts completionRate). */
function withRate(r: { due: number | string; completed: number | string; not_held: number | string; overdue: number | string }) {
  const c = { due: Number(r.due), completed: Number(r.completed), notHeld: Number(r.not_held), overdue: Number(r.overdue) };
  return { ...c, rate: completionRate(c) };
}

/**
 * Completion rates per meeting, a page at a time, for the meetings the person oversees: Central
 * Office all, a Coordinator their region's or programme's, a SMART Lead their organisation's. The
 * meetings that ran in the period (from..to, by default the last 90 days), by name; one not surveyed
 * in it has no rate. Counted in SQL for the page's meetings only (decision 163).
 */
export async function completionRates(deps: AppDeps, user: CurrentUser, query: RatesQuery): Promise<CompletionRatesResponse> {
  const period = ratesPeriod(deps, user, query);
  const scope = meetingScope(user);
  // Shared between requests until something it reads changes (decision 171).
  return sharedAnswer(deps.db, { name: 'survey-rates-by-meeting', parts: { scope, period, limit: query.limit, offset: query.offset } }, async () => {
    const { rows, total } = await repo.ratesByMeeting(deps.db, scope, period, query);
    return {
      from: period.from,
      to: period.to,
      total,
      items: rows.map((m) => ({ id: m.id, name: m.name, provider: m.provider, region: m.region, organisation: m.organisation, ...withRate(m) })),
    };
  });
}

/**
 * Completion rates per facilitator asked, a page at a time, counting only the surveys of meetings
 * the person oversees: the facilitators asked about those meetings around the period, by name.
 */
export async function facilitatorRates(deps: AppDeps, user: CurrentUser, query: RatesQuery): Promise<FacilitatorRatesResponse> {
  const period = ratesPeriod(deps, user, query);
  const scope = meetingScope(user);
  return sharedAnswer(deps.db, { name: 'survey-rates-by-facilitator', parts: { scope, period, limit: query.limit, offset: query.offset } }, async () => {
    const { rows, total } = await repo.ratesByFacilitator(deps.db, scope, period, query);
    return { from: period.from, to: period.to, total, items: rows.map((f) => ({ id: f.id, name: f.name, ...withRate(f) })) };
  });
}

// ---- Contributions ----

/**
 * A meeting's contributions are for its facilitators and Central Office. Anyone else gets the
 * "not found" of a missing meeting, and the attempt is audited.
 */
async function contributionsMeeting(deps: AppDeps, user: CurrentUser, actor: Actor, meetingId: string) {
  const meeting = UUID.test(meetingId) ? await repo.findMeeting(deps.db, meetingId) : undefined;
  let allowed = meeting !== undefined && user.role === 'central_office';
  if (meeting && !allowed) {
    const facilitator = await repo.facilitatorOfUser(deps.db, user.id);
    allowed = facilitator !== undefined && (await repo.facilitates(deps.db, facilitator.id, meeting.id));
  }
  if (!meeting || !allowed) {
    await recordAudit(deps.db, actor, { action: 'meeting_contribution.read_refused', entityType: 'meeting', entityId: meetingId.slice(0, 64) });
    throw notFound('meeting');
  }
  return meeting;
}

export async function meetingContributions(deps: AppDeps, user: CurrentUser, actor: Actor, meetingId: string): Promise<MeetingContributionsResponse> {
  const meeting = await contributionsMeeting(deps, user, actor, meetingId);
  const items = await repo.contributionsOf(deps.db, meeting.id);
  const mayRecord = mayRecordContributions(meeting.provider);
  return {
    meeting: { id: meeting.id, name: meeting.name, provider: meeting.provider },
    mayRecord,
    reason: mayRecord ? null : PARTNERSHIP_CONTRIBUTIONS_REASON,
    items: items.map((c) => ({
      id: c.id,
      givenOn: c.given_on,
      amountPence: c.amount_pence,
      purpose: c.purpose,
      recordedBy: c.recorded_by,
      recordedAt: new Date(c.created_at).toISOString(),
    })),
    totalPence: items.reduce((sum, c) => sum + c.amount_pence, 0),
  };
}

/** Records a contribution collected at a community peer-led meeting; a partnership meeting is refused with the reason. */
export async function recordContribution(deps: AppDeps, user: CurrentUser, actor: Actor, meetingId: string, body: NewContributionRequest): Promise<MeetingContributionsResponse> {
  const meeting = await contributionsMeeting(deps, user, actor, meetingId);
  if (!mayRecordContributions(meeting.provider)) throw new AppError('rule_broken', PARTNERSHIP_CONTRIBUTIONS_REASON);
  const today = londonDate(deps.now());
  if (body.givenOn > today) throw new AppError('validation_failed', 'Some of the details are not valid.', [{ field: 'body.givenOn', message: 'The date cannot be in the future' }]);
  if (body.givenOn < meeting.starts_on) {
    throw new AppError('validation_failed', 'Some of the details are not valid.', [
      { field: 'body.givenOn', message: `The meeting started on ${formatLongDate(meeting.starts_on)}: the date cannot be before that` },
    ]);
  }
  await deps.db.transaction().execute(async (trx) => {
    const { id } = await repo.insertContribution(trx, { meetingId: meeting.id, givenOn: body.givenOn, amountPence: body.amountPence, purpose: body.purpose, recordedBy: user.id });
    await recordAudit(trx, actor, {
      action: 'meeting_contribution.recorded',
      entityType: 'meeting_contribution',
      entityId: id,
      after: { meetingId: meeting.id, givenOn: body.givenOn, amountPence: body.amountPence, purpose: body.purpose },
    });
  });
  return meetingContributions(deps, user, actor, meeting.id);
}

/** The months asked for (by default the last 12), checked, as the first and last days. */
function contributionMonths(deps: AppDeps, query: { from?: string | undefined; to?: string | undefined }) {
  const to = query.to ?? monthOf(londonDate(deps.now()));
  const from = query.from ?? addMonths(to, -11);
  if (from > to) throw new AppError('validation_failed', 'The period is back to front.', [{ field: 'query.from', message: 'The first month must be on or before the last' }]);
  return { from, to, days: { from: monthBounds(from).first, to: monthBounds(to).last } };
}

/**
 * Central Office: contributions per month, and per community meeting a page at a time (by name),
 * months from..to (by default the last 12).
 */
export async function contributionTotals(
  deps: AppDeps,
  query: { from?: string | undefined; to?: string | undefined; limit: number; offset: number },
): Promise<ContributionTotalsResponse> {
  const { from, to, days } = contributionMonths(deps, query);
  const [byMonth, meetings] = await Promise.all([repo.contributionsByMonth(deps.db, days), repo.communityMeetingTotals(deps.db, days, query)]);
  return {
    from,
    to,
    totalPence: byMonth.reduce((sum, m) => sum + m.totalPence, 0),
    byMonth,
    byMeeting: {
      total: meetings.total,
      items: meetings.rows.map((m) => ({ id: m.id, name: m.name, venue: m.venue_name, region: m.region, totalPence: m.totalPence, count: m.count })),
    },
  };
}

/** The totals as a spreadsheet: one row per meeting and month with contributions, amounts in pounds. */
export async function contributionTotalsCsv(deps: AppDeps, query: { from?: string | undefined; to?: string | undefined }) {
  const { from, to, days } = contributionMonths(deps, query);
  const [rows, meetings] = await Promise.all([repo.contributionTotals(deps.db, days), repo.communityMeetings(deps.db)]);
  const venues = new Map(meetings.map((m) => [m.id, m]));
  return {
    from,
    to,
    headers: ['Month', 'Meeting', 'Venue', 'Region', 'Contributions', 'Total', 'Total (pence)'],
    rows: rows.map((r) => [r.month, r.meeting, venues.get(r.meetingId)?.venue_name ?? '', venues.get(r.meetingId)?.region ?? '', r.count, formatPence(r.totalPence), r.totalPence]),
  };
}
