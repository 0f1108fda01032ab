import { addDays, type IsoDate } from '../iso-date.js';
import { type MeetingSchedule, occurrencesBetween } from './schedule.js';
import { isSmartTool } from './smart-tools.js';

/**
 * The meeting survey (Section 8: every facilitator must "Complete the meeting survey"): after each
 * meeting date the facilitator is asked, once, how the meeting went; reminders follow for a survey
 * still unanswered. docs/decisions/090-meeting-surveys.md.
 */

/** How far back the survey run looks for meeting dates: a meeting registered late is not asked about months ago. */
export const SURVEY_LOOKBACK_DAYS = 28;

/** Reminders for a survey still unanswered, in days after the facilitator was asked; each is sent once. */
export const SURVEY_REMINDER_DAYS = [3, 10] as const;

/** Past this many days after the ask no reminder is sent any more, even one missed while the run was down. */
export const SURVEY_REMINDER_HORIZON_DAYS = 30;

/** More attendees than this at one meeting is almost certainly a typing slip. */
export const MAX_ATTENDANCE = 500;

/** A survey unanswered this many days after the meeting counts as overdue in the completion rates. */
export const SURVEY_OVERDUE_AFTER_DAYS = 10;

export type SurveyStatus = 'due' | 'completed' | 'not_held';

/**
 * The meeting dates the facilitator should now be asked about: those in the look-back window up to
 * today, today's only once the meeting has ended (UK local time, 'HH:MM'), and none before the
 * meeting starts or after it ends.
 */
export function surveyDatesDue(
  schedule: MeetingSchedule & { endTime: string },
  now: { date: IsoDate; time: string },
  lookbackDays: number = SURVEY_LOOKBACK_DAYS,
): IsoDate[] {
  const from = addDays(now.date, -lookbackDays);
  return occurrencesBetween(schedule, from, now.date).filter((date) => date < now.date || now.time >= schedule.endTime);
}

/**
 * The reminder stages due today for a survey asked on `askedOn`, leaving out those already sent.
 * A stage missed while the run was not running is still due (it is sent late, once).
 */
export function surveyRemindersDue(askedOn: IsoDate, today: IsoDate, sent: readonly number[]): number[] {
  return SURVEY_REMINDER_DAYS.filter((days) => addDays(askedOn, days) <= today && !sent.includes(days));
}

export interface SurveyCounts {
  due: number;
  completed: number;
  notHeld: number;
}

/**
 * The share of surveys answered, as a whole percentage: a meeting marked as not having taken place
 * counts as answered. null when nobody has been asked yet (no rate rather than 0% or 100%).
 */
export function completionRate(counts: SurveyCounts): number | null {
  const answered = counts.completed + counts.notHeld;
  const total = answered + counts.due;
  return total === 0 ? null : Math.floor((answered * 100) / total);
}

/** Whether a survey still unanswered is overdue: the last reminder has gone. */
export function isOverdue(heldOn: IsoDate, today: IsoDate): boolean {
  return addDays(heldOn, SURVEY_OVERDUE_AFTER_DAYS) <= today;
}

export interface SurveyAnswer {
  held: boolean;
  attendance?: number | null | undefined;
  newAttendees?: number | null | undefined;
  toolsUsed?: readonly string[] | undefined;
  guidelinesShared?: boolean | null | undefined;
}

export interface SurveyProblem {
  field: 'held' | 'attendance' | 'newAttendees' | 'toolsUsed' | 'guidelinesShared';
  message: string;
}

const wholeNumber = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);

/**
 * What is wrong with an answer, field by field; none for a valid one. A meeting that took place
 * needs its attendance (0 or more), how many were new (no more than attended), the tools used and
 * whether the Meeting Guidelines were shared. A meeting that did not take place needs nothing more.
 */
export function surveyAnswerProblems(answer: SurveyAnswer): SurveyProblem[] {
  if (!answer.held) return [];
  const problems: SurveyProblem[] = [];
  const { attendance, newAttendees } = answer;
  if (!wholeNumber(attendance) || attendance < 0) {
    problems.push({ field: 'attendance', message: 'Enter how many people attended, as a whole number (0 or more)' });
  } else if (attendance > MAX_ATTENDANCE) {
    problems.push({ field: 'attendance', message: `Attendance must be ${MAX_ATTENDANCE} or fewer: check the number` });
  }
  if (!wholeNumber(newAttendees) || newAttendees < 0) {
    problems.push({ field: 'newAttendees', message: 'Enter how many were new, as a whole number (0 or more)' });
  } else if (wholeNumber(attendance) && attendance >= 0 && newAttendees > attendance) {
    problems.push({ field: 'newAttendees', message: 'The number of new people cannot be more than the number who attended' });
  }
  const tools = answer.toolsUsed ?? [];
  if (tools.some((t) => !isSmartTool(t))) problems.push({ field: 'toolsUsed', message: 'Choose the tools from the list' });
  else if (new Set(tools).size !== tools.length) problems.push({ field: 'toolsUsed', message: 'Choose each tool once' });
  if (typeof answer.guidelinesShared !== 'boolean') problems.push({ field: 'guidelinesShared', message: 'Say whether the Meeting Guidelines were shared' });
  return problems;
}
