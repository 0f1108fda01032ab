import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { MeetingScope } from '../../auth/access.js';
import { pageFromEitherEnd } from '../../db/paging.js';
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

/** A period of meeting dates, and the last date on which an unanswered survey counts as overdue. */
export interface RatesPeriod {
  from: string;
  to: string;
  overdueOnOrBefore: string;
}

type MeetingCondition = (eb: ExpressionBuilder<Database & { m: Database['meetings'] }, 'm'>) => Expression<SqlBool>;

/**
 * The meetings a scope covers, as a condition on the meeting's own columns (`m`): a programme
 * lead's sectors are turned into their organisations first, so no join to organisations is needed
 * and the meetings' index answers alone (decision 163).
 */
async function scopeOnMeetings(db: DB, scope: MeetingScope): Promise<MeetingCondition> {
  const sectorOrganisations =
    scope.kind === 'regions' && scope.sectors.length > 0
      ? (await db.selectFrom('organisations').select('id').where('sector_code', 'in', scope.sectors).execute()).map((o) => o.id)
      : [];
  return (eb) => {
    switch (scope.kind) {
      case 'all':
        return sql<SqlBool>`true`;
      case 'organisation':
        return scope.organisationId === null ? sql<SqlBool>`false` : eb('m.organisation_id', '=', scope.organisationId);
      case 'regions': {
        const any: Expression<SqlBool>[] = [];
        if (scope.regions.length) any.push(eb('m.region_code', 'in', scope.regions));
        if (scope.programmes.length) any.push(eb('m.programme_code', 'in', scope.programmes));
        if (sectorOrganisations.length) any.push(sql<SqlBool>`m.organisation_id = ANY(${sectorOrganisations}::uuid[])`);
        return any.length ? eb.or(any) : sql<SqlBool>`false`;
      }
    }
  };
}

/**
 * The meetings that ran in the period: started by its end, and not ended before its start (closing
 * a meeting down sets its end date; one closed without a date is left out). A meeting that ran but
 * was not surveyed in the period (registered late, or meeting less often than the period is long)
 * is listed with no rate. A running meeting is surveyed only between its start and end dates, so
 * every meeting with a survey in the period ran in it.
 */
function ranInPeriod(period: RatesPeriod): MeetingCondition {
  return (eb) => eb.or([runningWithNoEnd(period)(eb), endedInOrAfter(period)(eb)]);
}

/** The two disjoint halves of `ranInPeriod`, each counted from its own small index. */
function runningWithNoEnd(period: RatesPeriod): MeetingCondition {
  return (eb) => eb.and([eb('m.ends_on', 'is', null), eb('m.status', '=', 'running'), eb('m.starts_on', '<=', period.to)]);
}
function endedInOrAfter(period: RatesPeriod): MeetingCondition {
  return (eb) => eb.and([eb('m.ends_on', '>=', period.from), eb('m.starts_on', '<=', period.to)]);
}


const rateCounts = (period: RatesPeriod) =>
  [
    count(sql`s.status = 'due'`).as('due'),
    count(sql`s.status = 'completed'`).as('completed'),
    count(sql`s.status = 'not_held'`).as('not_held'),
    count(sql`s.status = 'due' AND s.held_on <= ${period.overdueOnOrBefore}`).as('overdue'),
  ] as const;

/**
 * Completion by meeting, a page at a time: the meetings in the scope that ran in the period, by
 * name, with their survey counts for meeting dates in the period. The count and the page's meetings
 * come from the meetings' index; only the page's surveys are counted.
 */
export async function ratesByMeeting(db: DB, scope: MeetingScope, period: RatesPeriod, page: { limit: number; offset: number }) {
  const inScope = await scopeOnMeetings(db, scope);
  const inScopeMeetings = db.selectFrom('meetings as m').where(inScope);
  const meetings = inScopeMeetings.where(ranInPeriod(period));
  const [running, ended] = [runningWithNoEnd(period), endedInOrAfter(period)].map((half) => inScopeMeetings.where(half).select((eb) => eb.fn.countAll<string>().as('n')));
  const total = Number((await sql<{ n: string }>`SELECT (${running}) + (${ended}) AS n`.execute(db)).rows[0]!.n);
  const { fromEnd, limit, offset } = pageFromEitherEnd(total, page);
  if (limit === 0) return { rows: [], total };
  const direction = fromEnd ? ('desc' as const) : ('asc' as const);
  const ids = (await meetings.select('m.id').orderBy('m.name', direction).orderBy('m.id', direction).limit(limit).offset(offset).execute()).map((r) => r.id);
  if (fromEnd) ids.reverse();
  if (ids.length === 0) return { rows: [], total };
  const rows = await db
    .selectFrom('meetings as m')
    .innerJoin('regions as r', 'r.code', 'm.region_code')
    .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .leftJoin('meeting_surveys as s', (join) => join.onRef('s.meeting_id', '=', 'm.id').on('s.held_on', '>=', period.from).on('s.held_on', '<=', period.to))
    .select(['m.id', 'm.name', 'm.provider', 'r.name as region', 'o.name as organisation', ...rateCounts(period)])
    .where(sql<SqlBool>`m.id = ANY(${ids}::uuid[])`)
    .groupBy(['m.id', 'm.name', 'm.provider', 'r.name', 'o.name'])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])), total };
}

/**
 * Completion by facilitator asked, a page at a time: the people asked about a meeting in the scope
 * around the period (survey_askings, kept by a trigger on meeting_surveys), by name, with the
 * surveys they were asked for meetings in the scope and meeting dates in the period.
 */
export async function ratesByFacilitator(db: DB, scope: MeetingScope, period: RatesPeriod, page: { limit: number; offset: number }) {
  const inScope = await scopeOnMeetings(db, scope);
  // Central Office: each facilitator's span over every meeting (20,000 rows). Otherwise the askings
  // overlapping the period of meetings in the scope, grouped and then counted (count(DISTINCT)
  // sorts, which at 100,000 askings spills to disk).
  const askedInPeriod = (eb: ExpressionBuilder<Database & { f: Database['facilitators'] }, 'f'>) =>
    scope.kind === 'all'
      ? eb.exists(
          eb
            .selectFrom('survey_asked_facilitators as a')
            .select('a.facilitator_id')
            .whereRef('a.facilitator_id', '=', 'f.id')
            .where('a.first_held_on', '<=', period.to)
            .where('a.last_held_on', '>=', period.from),
        )
      : eb.exists(
          eb
            .selectFrom('survey_askings as a')
            .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
            .select('a.meeting_id')
            .whereRef('a.facilitator_id', '=', 'f.id')
            .where('a.first_held_on', '<=', period.to)
            .where('a.last_held_on', '>=', period.from)
            .where(inScope),
        );
  const counted =
    scope.kind === 'all'
      ? db.selectFrom('survey_asked_facilitators as a').where('a.first_held_on', '<=', period.to).where('a.last_held_on', '>=', period.from).select((eb) => eb.fn.countAll<string>().as('n'))
      : db
          .selectFrom(
            db
              .selectFrom('survey_askings as a')
              .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
              .select('a.facilitator_id')
              .where('a.first_held_on', '<=', period.to)
              .where('a.last_held_on', '>=', period.from)
              .where(inScope)
              .groupBy('a.facilitator_id')
              .as('x'),
          )
          .select((eb) => eb.fn.countAll<string>().as('n'));
  const total = Number((await counted.executeTakeFirstOrThrow()).n);
  const { fromEnd, limit, offset } = pageFromEitherEnd(total, page);
  if (limit === 0) return { rows: [], total };
  const direction = fromEnd ? ('desc' as const) : ('asc' as const);
  const people = await db
    .selectFrom('facilitators as f')
    .select(['f.id', 'f.name'])
    .where(askedInPeriod)
    .orderBy('f.name', direction)
    .orderBy('f.id', direction)
    .limit(limit)
    .offset(offset)
    .execute();
  if (fromEnd) people.reverse();
  if (people.length === 0) return { rows: [], total };
  const counts = await db
    .selectFrom('meeting_surveys as s')
    .select(['s.asked_facilitator_id as id', ...rateCounts(period)])
    .where(sql<SqlBool>`s.asked_facilitator_id = ANY(${people.map((p) => p.id)}::uuid[])`)
    .where('s.held_on', '>=', period.from)
    .where('s.held_on', '<=', period.to)
    .$if(scope.kind !== 'all', (q) => q.where((eb) => eb.exists(eb.selectFrom('meetings as m').select('m.id').whereRef('m.id', '=', 's.meeting_id').where(inScope))))
    .groupBy('s.asked_facilitator_id')
    .execute();
  const byId = new Map(counts.map((c) => [c.id, c]));
  const none = { due: 0, completed: 0, not_held: 0, overdue: 0 };
  return { rows: people.map((p) => ({ id: p.id, name: p.name, ...(byId.get(p.id) ?? none) })), total };
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

/** Totals per community meeting and month for given_on in from..to (the spreadsheet: every row). */
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

/** Totals per month for given_on in from..to. */
export async function contributionsByMonth(db: DB, range: { from: string; to: string }) {
  const rows = await db
    .selectFrom('meeting_contributions as c')
    .select([sql<string>`to_char(c.given_on, 'YYYY-MM')`.as('month'), sql<string>`sum(c.amount_pence)`.as('total'), sql<string>`count(*)`.as('count')])
    .where('c.given_on', '>=', range.from)
    .where('c.given_on', '<=', range.to)
    .groupBy(sql`to_char(c.given_on, 'YYYY-MM')`)
    .orderBy('month')
    .execute();
  return rows.map((r) => ({ month: r.month, totalPence: Number(r.total), count: Number(r.count) }));
}

/** Every community peer-led meeting, with where it meets (the spreadsheet). */
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

/**
 * A page of community peer-led meetings by name, with each one's contributions given in from..to:
 * the count and page come from the community meetings' index, the sums from the page's meetings'
 * contributions only (decision 163).
 */
export async function communityMeetingTotals(db: DB, range: { from: string; to: string }, page: { limit: number; offset: number }) {
  const community = db.selectFrom('meetings as m').where('m.provider', '=', 'uksr');
  const total = Number((await community.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const { fromEnd, limit, offset } = pageFromEitherEnd(total, page);
  if (limit === 0) return { rows: [], total };
  const direction = fromEnd ? ('desc' as const) : ('asc' as const);
  const meetings = await community
    .innerJoin('regions as r', 'r.code', 'm.region_code')
    .select(['m.id', 'm.name', 'm.venue_name', 'r.name as region'])
    .orderBy('m.name', direction)
    .orderBy('m.id', direction)
    .limit(limit)
    .offset(offset)
    .execute();
  if (fromEnd) meetings.reverse();
  if (meetings.length === 0) return { rows: [], total };
  const sums = await db
    .selectFrom('meeting_contributions as c')
    .select(['c.meeting_id', sql<string>`sum(c.amount_pence)`.as('total'), sql<string>`count(*)`.as('count')])
    .where(sql<SqlBool>`c.meeting_id = ANY(${meetings.map((m) => m.id)}::uuid[])`)
    .where('c.given_on', '>=', range.from)
    .where('c.given_on', '<=', range.to)
    .groupBy('c.meeting_id')
    .execute();
  const byId = new Map(sums.map((t) => [t.meeting_id, t]));
  return {
    rows: meetings.map((m) => ({ ...m, totalPence: Number(byId.get(m.id)?.total ?? 0), count: Number(byId.get(m.id)?.count ?? 0) })),
    total,
  };
}
