import { type ExpressionBuilder, sql } from 'kysely';
import type { MeetingScope } from '../../auth/access.js';
import type { DB } from '../../db/database.js';
import type { Database } from '../../db/schema.js';

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
const count = (condition: ReturnType<typeof sql>) => sql<number>`count(*) filter (where ${condition})`;

/** Running meetings with what the survey run needs: the schedule and the facilitator to ask. */
export function runningMeetings(db: DB) {
  return db
    .selectFrom('meetings')
    .select(['id', 'name', 'frequency', 'day', 'week_of_month', 'end_time', day('starts_on').as('starts_on'), day('ends_on').as('ends_on')])
    .where('status', '=', 'running')
    .orderBy('id')
    .execute();
}

/** Each meeting's longest-standing facilitator: the one the survey asks. */
export async function firstFacilitators(db: DB, meetingIds: string[]) {
  const map = new Map<string, string>();
  if (meetingIds.length === 0) return map;
  const rows = await db
    .selectFrom('meeting_facilitators')
    .select(['meeting_id', 'facilitator_id'])
    .where('meeting_id', 'in', meetingIds)
    .orderBy('meeting_id')
    .orderBy('created_at')
    .orderBy('facilitator_id')
    .execute();
  for (const r of rows) if (!map.has(r.meeting_id)) map.set(r.meeting_id, r.facilitator_id);
  return map;
}

/**
 * Creates surveys; one already there (an earlier run, or another instance's run at the same moment)
 * is left alone and not returned, so only surveys made by this call are asked about.
 */
export async function createSurveys(trx: DB, surveys: { meetingId: string; heldOn: string; facilitatorId: string | null; askedOn: string }[]) {
  const created: { id: string; meeting_id: string; held_on: string; asked_facilitator_id: string | null }[] = [];
  for (let i = 0; i < surveys.length; i += 1000) {
    const rows = await trx
      .insertInto('meeting_surveys')
      .values(surveys.slice(i, i + 1000).map((s) => ({ meeting_id: s.meetingId, held_on: s.heldOn, asked_facilitator_id: s.facilitatorId, asked_on: s.askedOn })))
      .onConflict((oc) => oc.columns(['meeting_id', 'held_on']).doNothing())
      .returning(['id', 'meeting_id', day('held_on').as('held_on'), 'asked_facilitator_id'])
      .execute();
    created.push(...rows);
  }
  return created;
}

/** Facilitators' names and email addresses. */
export async function facilitatorContacts(db: DB, ids: string[]) {
  const map = new Map<string, { name: string; email: string }>();
  if (ids.length === 0) return map;
  const rows = await db.selectFrom('facilitators').select(['id', 'name', 'email']).where('id', 'in', ids).execute();
  for (const r of rows) map.set(r.id, { name: r.name, email: r.email });
  return map;
}

export async function meetingNames(db: DB, ids: string[]) {
  const map = new Map<string, string>();
  if (ids.length === 0) return map;
  const rows = await db.selectFrom('meetings').select(['id', 'name']).where('id', 'in', ids).execute();
  for (const r of rows) map.set(r.id, r.name);
  return map;
}

/** Surveys still due that were asked between two days, with the reminder stages already sent. */
export async function dueSurveysAskedBetween(db: DB, askedFrom: string, askedOnOrBefore: string) {
  const rows = await db
    .selectFrom('meeting_surveys as s')
    .leftJoin('survey_reminders as r', 'r.survey_id', 's.id')
    .select(['s.id', 's.meeting_id', 's.asked_facilitator_id', day('s.held_on').as('held_on'), day('s.asked_on').as('asked_on'), 'r.stage'])
    .where('s.status', '=', 'due')
    .where('s.asked_on', '>=', askedFrom)
    .where('s.asked_on', '<=', askedOnOrBefore)
    .where('s.asked_facilitator_id', 'is not', null)
    .execute();
  const map = new Map<string, { id: string; meetingId: string; facilitatorId: string; heldOn: string; askedOn: string; sent: number[] }>();
  for (const r of rows) {
    const entry = map.get(r.id) ?? { id: r.id, meetingId: r.meeting_id, facilitatorId: r.asked_facilitator_id!, heldOn: r.held_on, askedOn: r.asked_on, sent: [] };
    if (r.stage !== null) entry.sent.push(r.stage);
    map.set(r.id, entry);
  }
  return [...map.values()];
}

/**
 * Logs reminder stages for surveys that are still due at this moment; a stage already logged
 * (another run got there first) or a survey answered meanwhile is not returned. Rows go in in one
 * order, so two runs at once wait for each other rather than deadlock.
 */
export async function logReminders(trx: DB, reminders: { surveyId: string; stage: number }[]) {
  if (reminders.length === 0) return [];
  const values = sql.join(reminders.map((r) => sql`(${r.surveyId}::uuid, ${r.stage}::integer)`));
  const result = await sql<{ survey_id: string; stage: number }>`
    INSERT INTO survey_reminders (survey_id, stage)
    SELECT v.survey_id, v.stage FROM (VALUES ${values}) AS v(survey_id, stage)
    JOIN meeting_surveys s ON s.id = v.survey_id AND s.status = 'due'
    ORDER BY v.survey_id, v.stage
    ON CONFLICT (survey_id, stage) DO NOTHING
    RETURNING survey_id, stage`.execute(trx);
  return result.rows;
}

const surveyColumns = [
  's.id',
  day('s.held_on').as('held_on'),
  's.status',
  's.attendance',
  's.new_attendees',
  's.tools_used',
  's.guidelines_shared',
  's.not_held_reason',
  's.completed_at',
  'm.id as meeting_id',
  'm.name as meeting_name',
  'm.provider',
  'm.start_time',
  'm.venue_name',
  'site.name as site_name',
  'asked.name as asked_name',
  'done.name as completed_by_name',
] as const;

function surveysWithMeetings(db: DB) {
  return db
    .selectFrom('meeting_surveys as s')
    .innerJoin('meetings as m', 'm.id', 's.meeting_id')
    .leftJoin('sites as site', 'site.id', 'm.site_id')
    .leftJoin('facilitators as asked', 'asked.id', 's.asked_facilitator_id')
    .leftJoin('facilitators as done', 'done.id', 's.completed_by_facilitator_id');
}

export type SurveyRow = Awaited<ReturnType<typeof surveysForFacilitator>>[number];

export function findSurvey(db: DB, id: string) {
  return surveysWithMeetings(db)
    .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select([...surveyColumns, 'm.region_code', 'm.programme_code', 'm.organisation_id', 'o.sector_code'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

/** The person's facilitator record, from their account. */
export function facilitatorOfUser(db: DB, userId: string) {
  return db.selectFrom('facilitators').select(['id', 'name']).where('user_id', '=', userId).executeTakeFirst();
}

/** Whether a facilitator facilitates a meeting. */
export async function facilitates(db: DB, facilitatorId: string, meetingId: string): Promise<boolean> {
  const row = await db.selectFrom('meeting_facilitators').select('meeting_id').where('facilitator_id', '=', facilitatorId).where('meeting_id', '=', meetingId).executeTakeFirst();
  return row !== undefined;
}

/** Surveys of the meetings a facilitator facilitates now: those due, and the latest answered. */
export function surveysForFacilitator(db: DB, facilitatorId: string, status: 'due' | 'answered', limit: number) {
  return surveysWithMeetings(db)
    .select(surveyColumns)
    .where('s.meeting_id', 'in', db.selectFrom('meeting_facilitators').select('meeting_id').where('facilitator_id', '=', facilitatorId))
    .$call((q) => (status === 'due' ? q.where('s.status', '=', 'due').orderBy('s.held_on', 'asc') : q.where('s.status', '<>', 'due').orderBy('s.held_on', 'desc')))
    .orderBy('m.name')
    .limit(limit)
    .execute();
}

export function meetingsOfFacilitator(db: DB, facilitatorId: string) {
  return db
    .selectFrom('meetings as m')
    .innerJoin('meeting_facilitators as mf', 'mf.meeting_id', 'm.id')
    .select(['m.id', 'm.name', 'm.provider'])
    .where('mf.facilitator_id', '=', facilitatorId)
    .where('m.status', '=', 'running')
    .orderBy('m.name')
    .execute();
}

/** Records the answer if the survey is still due; undefined when someone answered it first. */
export function answerSurvey(
  trx: DB,
  id: string,
  answer: {
    status: 'completed' | 'not_held';
    attendance: number | null;
    newAttendees: number | null;
    toolsUsed: string[];
    guidelinesShared: boolean | null;
    notHeldReason: string | null;
    facilitatorId: string;
    userId: string;
    at: Date;
  },
) {
  return trx
    .updateTable('meeting_surveys')
    .set({
      status: answer.status,
      attendance: answer.attendance,
      new_attendees: answer.newAttendees,
      tools_used: answer.toolsUsed,
      guidelines_shared: answer.guidelinesShared,
      not_held_reason: answer.notHeldReason,
      completed_by_facilitator_id: answer.facilitatorId,
      completed_by_user_id: answer.userId,
      completed_at: answer.at,
    })
    .where('id', '=', id)
    .where('status', '=', 'due')
    .returning('id')
    .executeTakeFirst();
}

/** The meetings a scope covers, as a WHERE condition on `m` (meetings) and `o` (their organisation). */
function inScope(scope: MeetingScope) {
  return (eb: ExpressionBuilder<Database & { m: Database['meetings']; o: Database['organisations'] }, 'm' | 'o'>) => {
    switch (scope.kind) {
      case 'all':
        return eb.val(true);
      case 'organisation':
        return scope.organisationId === null ? eb.val(false) : eb('m.organisation_id', '=', scope.organisationId);
      case 'regions': {
        const any = [];
        if (scope.regions.length) any.push(eb('m.region_code', 'in', scope.regions));
        if (scope.programmes.length) any.push(eb('m.programme_code', 'in', scope.programmes));
        if (scope.sectors.length) any.push(eb('o.sector_code', 'in', scope.sectors));
        return any.length ? eb.or(any) : eb.val(false);
      }
    }
  };
}

function rateCounts(overdueOnOrBefore: string) {
  return [
    count(sql`s.status = 'due'`).as('due'),
    count(sql`s.status = 'completed'`).as('completed'),
    count(sql`s.status = 'not_held'`).as('not_held'),
    count(sql`s.status = 'due' AND s.held_on <= ${overdueOnOrBefore}`).as('overdue'),
  ] as const;
}

/** Survey counts per meeting in the scope, for meeting dates from..to. */
export function ratesByMeeting(db: DB, scope: MeetingScope, range: { from: string; to: string; overdueOnOrBefore: string }) {
  return db
    .selectFrom('meeting_surveys as s')
    .innerJoin('meetings as m', 'm.id', 's.meeting_id')
    .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .innerJoin('regions as r', 'r.code', 'm.region_code')
    .select(['m.id', 'm.name', 'm.provider', 'r.name as region', 'o.name as organisation', ...rateCounts(range.overdueOnOrBefore)])
    .where(inScope(scope))
    .where('s.held_on', '>=', range.from)
    .where('s.held_on', '<=', range.to)
    .groupBy(['m.id', 'm.name', 'm.provider', 'r.name', 'o.name'])
    .orderBy('m.name')
    .orderBy('m.id')
    .execute();
}

/** Survey counts per facilitator asked, counting only meetings in the scope. */
export function ratesByFacilitator(db: DB, scope: MeetingScope, range: { from: string; to: string; overdueOnOrBefore: string }) {
  return db
    .selectFrom('meeting_surveys as s')
    .innerJoin('meetings as m', 'm.id', 's.meeting_id')
    .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .innerJoin('facilitators as f', 'f.id', 's.asked_facilitator_id')
    .select(['f.id', 'f.name', ...rateCounts(range.overdueOnOrBefore)])
    .where(inScope(scope))
    .where('s.held_on', '>=', range.from)
    .where('s.held_on', '<=', range.to)
    .groupBy(['f.id', 'f.name'])
    .orderBy('f.name')
    .orderBy('f.id')
    .execute();
}

// ---- Contributions ----

export function findMeeting(db: DB, id: string) {
  return db
    .selectFrom('meetings as m')
    .select(['m.id', 'm.name', 'm.provider', day('m.starts_on').as('starts_on')])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

export function contributionsOf(db: DB, meetingId: string) {
  return db
    .selectFrom('meeting_contributions as c')
    .innerJoin('users as u', 'u.id', 'c.recorded_by')
    .select(['c.id', day('c.given_on').as('given_on'), 'c.amount_pence', 'c.purpose', 'u.name as recorded_by', 'c.created_at'])
    .where('c.meeting_id', '=', meetingId)
    .orderBy('c.given_on', 'desc')
    .orderBy('c.created_at', 'desc')
    .execute();
}

export function insertContribution(trx: DB, c: { meetingId: string; givenOn: string; amountPence: number; purpose: 'room_hire' | 'refreshments' | 'room_hire_and_refreshments'; recordedBy: string }) {
  return trx
    .insertInto('meeting_contributions')
    .values({ meeting_id: c.meetingId, given_on: c.givenOn, amount_pence: c.amountPence, purpose: c.purpose, recorded_by: c.recordedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Totals per community meeting and month for given_on in from..to. */
export async function contributionTotals(db: DB, range: { from: string; to: string }) {
  const rows = await db
    .selectFrom('meeting_contributions as c')
    .innerJoin('meetings as m', 'm.id', 'c.meeting_id')
    .select([
      sql<string>`to_char(c.given_on, 'YYYY-MM')`.as('month'),
      'm.id',
      'm.name',
      sql<string>`sum(c.amount_pence)`.as('total'),
      sql<string>`count(*)`.as('count'),
    ])
    .where('c.given_on', '>=', range.from)
    .where('c.given_on', '<=', range.to)
    .groupBy([sql`to_char(c.given_on, 'YYYY-MM')`, 'm.id', 'm.name'])
    .orderBy('month')
    .orderBy('m.name')
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({ month: r.month, meetingId: r.id, meeting: r.name, totalPence: Number(r.total), count: Number(r.count) }));
}

/** Every community peer-led meeting, with where it meets. */
export function communityMeetings(db: DB) {
  return db
    .selectFrom('meetings as m')
    .innerJoin('regions as r', 'r.code', 'm.region_code')
    .select(['m.id', 'm.name', 'm.venue_name', 'r.name as region', 'm.status'])
    .where('m.provider', '=', 'uksr')
    .orderBy('m.name')
    .orderBy('m.id')
    .execute();
}
