import { z } from 'zod';
import { CONTRIBUTION_PURPOSE_CODES, isMonth, MAX_CONTRIBUTION_PENCE } from '../../domain/meetings/contributions.js';
import { surveyAnswerProblems } from '../../domain/meetings/surveys.js';
import { isIsoDate } from '../../domain/iso-date.js';

/**
 * Meeting surveys (Section 8, "Complete the meeting survey") and community meetings' contributions
 * (Section 9, "pass the hat"). The same schemas validate the API and the portal's forms.
 */

const isoDate = (message: string) => z.string({ error: message }).refine(isIsoDate, message);
const aNumber = (message: string) => z.number({ error: message });

/**
 * The facilitator's answer. A meeting that took place needs attendance, how many were new, the
 * tools used and whether the Meeting Guidelines were shared; one that did not needs only that.
 */
export const surveyAnswerSchema = z
  .strictObject({
    held: z.boolean({ error: 'Say whether the meeting took place' }),
    attendance: aNumber('Enter how many people attended, as a whole number (0 or more)').nullable().optional(),
    newAttendees: aNumber('Enter how many were new, as a whole number (0 or more)').nullable().optional(),
    toolsUsed: z.array(z.string().max(60), { error: 'Choose the tools from the list' }).max(30).default([]),
    guidelinesShared: z.boolean({ error: 'Say whether the Meeting Guidelines were shared' }).nullable().optional(),
    notHeldReason: z.string().trim().max(500, 'Keep the reason to 500 characters or fewer').optional(),
  })
  .superRefine((answer, ctx) => {
    // The values (whole numbers, new within attendance, known tools) are the scheme's rule, in the domain.
    for (const problem of surveyAnswerProblems(answer)) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  })
  .meta({ id: 'MeetingSurveyAnswer' });
export type SurveyAnswerRequest = z.infer<typeof surveyAnswerSchema>;

const surveyStatus = z.enum(['due', 'completed', 'not_held']);

export const meetingSurveySchema = z
  .object({
    id: z.string(),
    heldOn: z.string(),
    status: surveyStatus,
    meeting: z.object({ id: z.string(), name: z.string(), provider: z.enum(['partner', 'uksr']), startTime: z.string(), where: z.string() }),
    askedFacilitator: z.string().nullable(),
    attendance: z.number().int().nullable(),
    newAttendees: z.number().int().nullable(),
    toolsUsed: z.array(z.string()),
    guidelinesShared: z.boolean().nullable(),
    notHeldReason: z.string().nullable(),
    completedBy: z.string().nullable(),
    completedAt: z.string().nullable(),
    /** Whether the person looking may answer it (a facilitator of the meeting, while it is due). */
    canAnswer: z.boolean(),
  })
  .meta({ id: 'MeetingSurvey' });
export type MeetingSurveyResponse = z.infer<typeof meetingSurveySchema>;

export const mySurveysSchema = z
  .object({
    /** The person's facilitator record, or null when they have none (then they have no surveys). */
    facilitator: z.object({ id: z.string(), name: z.string() }).nullable(),
    due: z.array(meetingSurveySchema),
    answered: z.array(meetingSurveySchema),
    /** The meetings they facilitate, for the contributions pages. */
    meetings: z.array(z.object({ id: z.string(), name: z.string(), provider: z.enum(['partner', 'uksr']), mayRecordContributions: z.boolean() })),
  })
  .meta({ id: 'MySurveys' });
export type MySurveysResponse = z.infer<typeof mySurveysSchema>;

/** Completion rates for meeting dates from..to, a page of `limit` rows from `offset` (decision 163). */
export const ratesQuerySchema = z.object({
  from: isoDate('Enter a real date, like 2026-09-01').optional(),
  to: isoDate('Enter a real date, like 2026-11-30').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type RatesQuery = z.infer<typeof ratesQuerySchema>;

const counts = {
  due: z.number().int(),
  completed: z.number().int(),
  notHeld: z.number().int(),
  /** Unanswered with the last reminder sent. */
  overdue: z.number().int(),
  /** Answered (completed or not held) as a whole percentage; null when none were asked. */
  rate: z.number().int().nullable(),
};

/** Completion by meeting: the meetings overseen that ran in the period, by name, a page at a time. */
export const completionRatesSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    /** How many meetings in all, on every page. */
    total: z.number().int(),
    items: z.array(z.object({ id: z.string(), name: z.string(), provider: z.enum(['partner', 'uksr']), region: z.string(), organisation: z.string().nullable(), ...counts })),
  })
  .meta({ id: 'SurveyCompletionRates' });
export type CompletionRatesResponse = z.infer<typeof completionRatesSchema>;

/** Completion by facilitator asked, counting only the meetings overseen, by name, a page at a time. */
export const facilitatorRatesSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    /** How many facilitators in all, on every page. */
    total: z.number().int(),
    items: z.array(z.object({ id: z.string(), name: z.string(), ...counts })),
  })
  .meta({ id: 'SurveyCompletionRatesByFacilitator' });
export type FacilitatorRatesResponse = z.infer<typeof facilitatorRatesSchema>;

/** A contribution collected at a community peer-led meeting. */
export const newContributionSchema = z
  .strictObject({
    givenOn: isoDate('Enter the date it was given'),
    amountPence: z
      .number({ error: 'Enter the amount in pounds and pence, like 12.50' })
      .int('Enter the amount in pounds and pence, like 12.50')
      .min(1, 'The amount must be more than £0.00')
      .max(MAX_CONTRIBUTION_PENCE, 'The amount must be £1,000.00 or less: record each collection separately'),
    purpose: z.enum(CONTRIBUTION_PURPOSE_CODES, { error: 'Choose what the contribution is for' }),
  })
  .meta({ id: 'NewMeetingContribution' });
export type NewContributionRequest = z.infer<typeof newContributionSchema>;

const contributionSchema = z.object({
  id: z.string(),
  givenOn: z.string(),
  amountPence: z.number().int(),
  purpose: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const meetingContributionsSchema = z
  .object({
    meeting: z.object({ id: z.string(), name: z.string(), provider: z.enum(['partner', 'uksr']) }),
    /** false for a partnership meeting; then `reason` says why (Section 9). */
    mayRecord: z.boolean(),
    reason: z.string().nullable(),
    items: z.array(contributionSchema),
    totalPence: z.number().int(),
  })
  .meta({ id: 'MeetingContributions' });
export type MeetingContributionsResponse = z.infer<typeof meetingContributionsSchema>;

const month = (message: string) => z.string({ error: message }).refine(isMonth, message);

export const contributionTotalsQuerySchema = z.object({
  from: month('Enter a month, like 2026-01').optional(),
  to: month('Enter a month, like 2026-12').optional(),
  format: z.enum(['json', 'csv']).default('json'),
  /** The page of community meetings (the CSV has every meeting and month). */
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const contributionTotalsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    totalPence: z.number().int(),
    byMonth: z.array(z.object({ month: z.string(), totalPence: z.number().int(), count: z.number().int() })),
    /** The community peer-led meetings by name, a page at a time, each with its total in the period (0 when nothing was given). */
    byMeeting: z.object({
      total: z.number().int(),
      items: z.array(z.object({ id: z.string(), name: z.string(), venue: z.string().nullable(), region: z.string(), totalPence: z.number().int(), count: z.number().int() })),
    }),
  })
  .meta({ id: 'ContributionTotals' });
export type ContributionTotalsResponse = z.infer<typeof contributionTotalsSchema>;
