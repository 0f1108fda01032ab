import { type RawBuilder, sql } from 'kysely';
import type { SafeguardingPolicy } from '../../../domain/eligibility/safeguarding.js';
import type { DB } from '../../db/database.js';
import { meetingVisible, organisationVisible, type NetworkScope } from '../reports/network-scope.js';

/** The workspace's SQL. Lists are cut to the person's scope (decision 125); single records are checked by the service. */

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

/**
 * The home page's sections (decision 159). Each section has a count, made in SQL over the whole
 * scope, and pages of rows in a stable order; nothing reads the whole scope into the app.
 */
export interface HomeFilter {
  scope: NetworkScope;
  /** One region, always within the scope: the site's for nominations and licences, the organisation's for organisations and facilitators, the meeting's own for meetings. */
  region?: string | undefined;
  /** Today in London, 'YYYY-MM-DD'. */
  today: string;
}
export interface Page {
  limit: number;
  offset: number;
}

const count = (n: number | string | bigint | null | undefined) => Number(n ?? 0);
/** WHERE: the column is the region asked for (always true when none was asked for). */
const inRegion = (column: string, region: string | undefined) => (region === undefined ? sql<boolean>`true` : sql<boolean>`${sql.ref(column)} = ${region}`);

/** WHERE: the nomination (`n`, its site `s`, its organisation `o`) waits for the enrolment instructions. */
const nominationWaiting = (f: HomeFilter) =>
  sql<boolean>`n.status = 'nominated' AND ${organisationVisible(f.scope)} AND ${inRegion('s.region_code', f.region)}`;

export async function nominationCount(db: DB, f: HomeFilter) {
  const row = await db
    .selectFrom('nominations as n')
    .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
    .innerJoin('sites as s', 's.id', 'n.site_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(nominationWaiting(f))
    .executeTakeFirstOrThrow();
  return count(row.n);
}

/** Nominations waiting for a Coordinator to send the enrolment instructions, oldest first. */
export function nominationsToEnrol(db: DB, f: HomeFilter, page: Page) {
  return db
    .selectFrom('nominations as n')
    .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
    .innerJoin('sites as s', 's.id', 'n.site_id')
    .select(['n.id', 'n.nominee_name', 'o.id as organisation_id', 'o.name as organisation_name', 's.name as site_name', sql<string>`to_char(n.created_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD')`.as('nominated_on')])
    .where(nominationWaiting(f))
    .orderBy('n.created_at')
    .orderBy('n.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/**
 * WHERE: the meeting (alias `m`) is running today or registered to start later: the scheme's
 * `meetingRunningBetween(m, today, today)` (src/domain/reports/network.ts), or running and not
 * started yet. The workspace test checks this against the domain rule.
 */
export function meetingRunningOrStarting(today: string, m = 'm'): RawBuilder<boolean> {
  const c = (column: string) => sql.ref(`${m}.${column}`);
  return sql<boolean>`((${c('starts_on')} <= ${today}::date AND ((${c('ends_on')} IS NULL AND ${c('status')} = 'running') OR ${c('ends_on')} >= ${today}::date)) OR (${c('status')} = 'running' AND ${c('starts_on')} > ${today}::date))`;
}

/** WHERE: the meeting (`m`, left-joined to its organisation `o`) is in the scope and the region, and running. */
const meetingInView = (f: HomeFilter) =>
  sql<boolean>`${meetingVisible(f.scope)} AND ${inRegion('m.region_code', f.region)} AND ${meetingRunningOrStarting(f.today)}`;

/** WHERE: registered (in London) on or after this day; the instant is worked out once, not per row. */
const registeredFrom = (from: string) => sql<boolean>`m.created_at >= (SELECT ${from}::date::timestamp AT TIME ZONE 'Europe/London')`;

/** WHERE: the meeting (`m`) has a survey still due that was held on or before the day. */
const behindOnSurveys = (overdueOnOrBefore: string) =>
  sql<boolean>`EXISTS (SELECT 1 FROM meeting_surveys ms WHERE ms.meeting_id = m.id AND ms.status = 'due' AND ms.held_on <= ${overdueOnOrBefore}::date)`;

/**
 * New meetings to support and meetings behind on surveys, counted in one pass over the scope's
 * meetings (100,000 at the ten-times network). Run without parallel workers: each worker would build
 * its own hash of the meetings with an overdue survey, so with several people on the page at once a
 * parallel plan does more work in all and answers later (decision 159).
 */
export async function meetingCounts(db: DB, f: HomeFilter, d: { registeredFrom: string; overdueOnOrBefore: string }) {
  if (f.scope.organisations.kind === 'all' && f.scope.uksrMeetings.kind === 'all' && f.region === undefined) return networkMeetingCounts(db, f, d);
  const row = await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
    return trx
      .selectFrom('meetings as m')
      .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
      // The meetings with an overdue survey, once, joined by hash rather than looked up per meeting.
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('meeting_surveys as ms')
            .select('ms.meeting_id')
            .where('ms.status', '=', 'due')
            .where(sql<boolean>`ms.held_on <= ${d.overdueOnOrBefore}::date`)
            .groupBy('ms.meeting_id')
            .as('behind'),
        (join) => join.onRef('behind.meeting_id', '=', 'm.id'),
      )
      .select([
        sql<string>`count(*) FILTER (WHERE ${registeredFrom(d.registeredFrom)})`.as('new_meetings'),
        sql<string>`count(behind.meeting_id)`.as('behind'),
      ])
      .where(meetingInView(f))
      .executeTakeFirstOrThrow();
  });
  return { newMeetings: count(row.new_meetings), behindOnSurveys: count(row.behind) };
}

/**
 * The same two counts for the whole network (Central Office, no region), counted ahead (decision
 * 173): meetings by the day they were registered (`meeting_created_days`) and by the day of their
 * earliest survey still due (`meeting_due_days`), summed over the days that count, less the
 * meetings out of view today. Only a meeting that is closed or has a last day can be out of view (a
 * running meeting with no last day always counts), so those few are read through
 * `meetings_may_end_idx` and tested with the same rule.
 */
async function networkMeetingCounts(db: DB, f: HomeFilter, d: { registeredFrom: string; overdueOnOrBefore: string }) {
  const result = await sql<{ new_meetings: number | string; behind: number | string }>`
    WITH out_of_view AS MATERIALIZED (
      SELECT m.id, m.created_at FROM meetings m
      WHERE (m.status <> 'running' OR m.ends_on IS NOT NULL) AND (${meetingRunningOrStarting(f.today)}) IS NOT TRUE
    )
    SELECT (SELECT coalesce(sum(c.meetings), 0) FROM meeting_created_days c WHERE c.created_on >= ${d.registeredFrom}::date)
         - (SELECT count(*) FROM out_of_view m WHERE ${registeredFrom(d.registeredFrom)}) AS new_meetings,
           (SELECT coalesce(sum(b.meetings), 0) FROM meeting_due_days b WHERE b.first_due_on <= ${d.overdueOnOrBefore}::date)
         - (SELECT count(*) FROM out_of_view m JOIN meeting_first_due b ON b.meeting_id = m.id WHERE b.first_due_on <= ${d.overdueOnOrBefore}::date) AS behind`.execute(db);
  const row = result.rows[0];
  return { newMeetings: count(row?.new_meetings), behindOnSurveys: count(row?.behind) };
}

function meetingRows(db: DB, f: HomeFilter, page: Page) {
  return db
    .selectFrom('meetings as m')
    .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .where(meetingInView(f))
    .orderBy('m.name')
    .orderBy('m.id')
    .limit(page.limit)
    .offset(page.offset);
}

/** Running meetings registered on or after the day, by name. */
export function newMeetings(db: DB, f: HomeFilter, page: Page, from: string) {
  return meetingRows(db, f, page)
    .innerJoin('regions as r', 'r.code', 'm.region_code')
    .select([
      'm.id', 'm.name', 'm.organisation_id', 'o.name as organisation_name', 'r.name as region_name', day('m.starts_on').as('starts_on'),
      sql<string>`to_char(m.created_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD')`.as('registered_on'),
    ])
    .where(registeredFrom(from))
    .execute();
}

/** Running meetings with a survey overdue, by name, with how many are overdue. */
export function meetingsBehindOnSurveys(db: DB, f: HomeFilter, page: Page, overdueOnOrBefore: string) {
  return meetingRows(db, f, page)
    .select([
      'm.id', 'm.name', 'm.organisation_id', 'o.name as organisation_name',
      sql<string>`(SELECT count(*) FROM meeting_surveys ms WHERE ms.meeting_id = m.id AND ms.status = 'due' AND ms.held_on <= ${overdueOnOrBefore}::date)`.as('overdue'),
    ])
    .where(behindOnSurveys(overdueOnOrBefore))
    .execute();
}

/** WHERE: the organisation (`o`) is in the scope and the region. */
const organisationInView = (f: HomeFilter) => sql<boolean>`${organisationVisible(f.scope)} AND ${inRegion('o.region_code', f.region)}`;

/**
 * Each organisation's SMART Lead: the earliest account with that role, not suspended, and whether
 * their facilitator record holds the SMART Facilitator qualification (as `smartLeadStanding` in
 * people.repository.ts, there one organisation at a time). Worked out for every organisation at once
 * and joined by hash: a lookup per organisation cost more at 3,000 organisations.
 */
function withLead(db: DB) {
  return db.selectFrom('organisations as o').leftJoin(
    (eb) =>
      eb
        .selectFrom('users as u')
        .leftJoin('facilitators as f', 'f.user_id', 'u.id')
        .distinctOn('u.organisation_id')
        .select([
          'u.organisation_id', 'u.name as lead_name', 'f.in_training',
          (q) => q.exists(q.selectFrom('facilitator_qualifications as q').select('q.code').whereRef('q.facilitator_id', '=', 'f.id').where('q.code', '=', 'smart-facilitator')).as('qualified'),
        ])
        .where('u.role', '=', 'smart_lead')
        .where('u.status', '<>', 'suspended')
        .where('u.organisation_id', 'is not', null)
        .orderBy('u.organisation_id')
        .orderBy('u.created_at')
        .as('lead'),
    (join) => join.onRef('lead.organisation_id', '=', 'o.id'),
  );
}
const leadNotQualified = sql<boolean>`lead.qualified IS NOT TRUE`;
const withoutMeetings = sql<boolean>`NOT EXISTS (SELECT 1 FROM meetings m WHERE m.organisation_id = o.id)`;

/** Organisations in view, those whose SMART Lead is not qualified (or who have none), and those with no meeting anywhere. */
export async function organisationCounts(db: DB, f: HomeFilter) {
  const row = await withLead(db)
    .select([
      (eb) => eb.fn.countAll<string>().as('organisations'),
      sql<string>`count(*) FILTER (WHERE ${leadNotQualified})`.as('leads_not_qualified'),
      sql<string>`count(*) FILTER (WHERE ${withoutMeetings})`.as('without_meetings'),
    ])
    .where(organisationInView(f))
    .executeTakeFirstOrThrow();
  return { organisations: count(row.organisations), smartLeadsNotQualified: count(row.leads_not_qualified), withoutMeetings: count(row.without_meetings) };
}

export function smartLeadsNotQualified(db: DB, f: HomeFilter, page: Page) {
  return withLead(db)
    .select(['o.id', 'o.name', 'lead.lead_name', 'lead.in_training'])
    .where(organisationInView(f))
    .where(leadNotQualified)
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** Organisations with no meeting of theirs anywhere, whatever the meeting's region. */
export function organisationsWithoutMeetings(db: DB, f: HomeFilter, page: Page) {
  return db
    .selectFrom('organisations as o')
    .innerJoin('regions as r', 'r.code', 'o.region_code')
    .select(['o.id', 'o.name', 'r.name as region_name'])
    .where(organisationInView(f))
    .where(withoutMeetings)
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** The licences the home page lists: active and ending within the window, or in grace, or lapsed recently. */
export interface LicenceWindow {
  /** Active licences ending on or before this day (and not before today) are "expiring". */
  expiringBy: string;
  /** Lapsed licences that ended on or after this day are still shown. */
  lapsedSince: string;
}
const expiring = (f: HomeFilter, w: LicenceWindow) => sql<boolean>`(l.status = 'active' AND l.ends_on >= ${f.today}::date AND l.ends_on <= ${w.expiringBy}::date)`;
const lapsed = (w: LicenceWindow) => sql<boolean>`(l.status = 'in_grace' OR (l.status = 'lapsed' AND l.ends_on >= ${w.lapsedSince}::date))`;
const licenceInView = (f: HomeFilter) => sql<boolean>`${organisationVisible(f.scope)} AND ${inRegion('s.region_code', f.region)}`;

export async function licenceCounts(db: DB, f: HomeFilter, w: LicenceWindow) {
  const row = await db
    .selectFrom('licences as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .innerJoin('sites as s', 's.id', 'l.site_id')
    .select([sql<string>`count(*) FILTER (WHERE ${expiring(f, w)})`.as('expiring'), sql<string>`count(*) FILTER (WHERE ${lapsed(w)})`.as('lapsed')])
    .where(licenceInView(f))
    .where(sql<boolean>`(${expiring(f, w)} OR ${lapsed(w)})`)
    .executeTakeFirstOrThrow();
  return { expiring: count(row.expiring), lapsed: count(row.lapsed) };
}

/** Expiring licences first, then those in grace or lapsed; each soonest ending first. */
export function licencesToRenew(db: DB, f: HomeFilter, w: LicenceWindow, page: Page) {
  return db
    .selectFrom('licences as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .innerJoin('sites as s', 's.id', 'l.site_id')
    .innerJoin('licence_types as t', 't.code', 'l.licence_type')
    .select(['l.id', 'l.number', 'l.status', 't.name as licence_type_name', 'o.id as organisation_id', 'o.name as organisation_name', 's.name as site_name', day('l.ends_on').as('ends_on')])
    .where(licenceInView(f))
    .where(sql<boolean>`(${expiring(f, w)} OR ${lapsed(w)})`)
    .orderBy(sql`CASE WHEN ${expiring(f, w)} THEN 0 ELSE 1 END`)
    .orderBy('l.ends_on')
    .orderBy('l.number')
    .orderBy('l.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/**
 * The day a safeguarding check (alias `c`) is due for renewal, in SQL: the issue date plus the
 * policy's years for its kind, the end of February when the anniversary is 29 February, as
 * `recheckDueDate` in src/domain/eligibility/safeguarding.ts. The check that runs out last decides
 * (the service's `checkState`). The workspace test checks both against the domain rule.
 */
export function recheckDueOn(policy: SafeguardingPolicy, check = 'c'): RawBuilder<string> {
  const years = policy.recheckAfterYears;
  const c = (column: string) => sql.ref(`${check}.${column}`);
  return sql<string>`(${c('issued_on')} + make_interval(years => CASE ${c('kind')} WHEN 'dbs' THEN ${years.dbs}::int WHEN 'pvg' THEN ${years.pvg}::int WHEN 'accessni' THEN ${years.accessni}::int END))::date`;
}

/** The rules a facilitator is "due" by: the check state as the service's `checkState`, and the Code of Conduct version in force. */
export interface Standing {
  policy: SafeguardingPolicy;
  codeOfConductVersion: string;
  /** A check is "due" from this many days before its recheck date. */
  dueSoonDays: number;
}

/** WHERE: the facilitator (`f`, not erased) belongs to an organisation in the scope and the region. */
const facilitatorInView = (f: HomeFilter) =>
  sql<boolean>`f.erased_at IS NULL AND EXISTS (SELECT 1 FROM facilitator_organisations fo JOIN organisations o ON o.id = fo.organisation_id WHERE fo.facilitator_id = f.id AND ${organisationInView(f)})`;

/**
 * Facilitators in view with what decides whether they need attention: `check_due_on`, the latest
 * recheck date of their suitable checks (null with none), and `accepted`, whether they accepted the
 * Code of Conduct in force. Both joined by hash, once for everyone.
 */
function facilitatorsWithStanding(db: DB, f: HomeFilter, s: Standing) {
  return db
    .selectFrom('facilitators as f')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('safeguarding_checks as c')
          .select(['c.facilitator_id', sql<string>`max(${recheckDueOn(s.policy)})`.as('due_on')])
          .where('c.decision', '=', 'suitable')
          .groupBy('c.facilitator_id')
          .as('checks'),
      (join) => join.onRef('checks.facilitator_id', '=', 'f.id'),
    )
    .leftJoin('code_of_conduct_acceptances as a', (join) => join.onRef('a.facilitator_id', '=', 'f.id').on('a.version', '=', s.codeOfConductVersion))
    .where(facilitatorInView(f));
}

/**
 * The same, with each facilitator's checks looked up on their own (LATERAL): a page in name order
 * walks `facilitators_name_idx` and stops when it is full, rather than working out all 20,000
 * facilitators' checks first (51 ms → 4.5 ms for Central Office's first page, decision 173).
 */
function facilitatorsWithStandingByName(db: DB, f: HomeFilter, s: Standing) {
  return db
    .selectFrom('facilitators as f')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('safeguarding_checks as c')
          .select(sql<string>`max(${recheckDueOn(s.policy)})`.as('due_on'))
          .whereRef('c.facilitator_id', '=', 'f.id')
          .where('c.decision', '=', 'suitable')
          .as('checks'),
      (join) => join.onTrue(),
    )
    .leftJoin('code_of_conduct_acceptances as a', (join) => join.onRef('a.facilitator_id', '=', 'f.id').on('a.version', '=', s.codeOfConductVersion))
    .where(facilitatorInView(f));
}

/**
 * WHERE: the facilitator needs attention: no suitable check, or the latest has run out or runs out
 * within `dueSoonDays` (every state but "current"), or the Code of Conduct in force not accepted.
 */
const facilitatorDue = (f: HomeFilter, s: Standing) =>
  sql<boolean>`(NOT COALESCE(${f.today}::date < checks.due_on - ${s.dueSoonDays}::int, false) OR a.facilitator_id IS NULL)`;

export async function facilitatorsDueCount(db: DB, f: HomeFilter, s: Standing) {
  const row = await facilitatorsWithStanding(db, f, s)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(facilitatorDue(f, s))
    .executeTakeFirstOrThrow();
  return count(row.n);
}

/** Facilitators due, by name. */
export function facilitatorsDue(db: DB, f: HomeFilter, s: Standing, page: Page) {
  return facilitatorsWithStandingByName(db, f, s)
    .select(['f.id', 'f.name', day('checks.due_on').as('check_due_on'), sql<boolean>`a.facilitator_id IS NOT NULL`.as('code_of_conduct_current')])
    .where(facilitatorDue(f, s))
    .orderBy('f.name')
    .orderBy('f.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** The organisations in the scope and the region that these facilitators belong to. */
export function facilitatorOrganisations(db: DB, f: HomeFilter, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('facilitator_organisations as fo')
    .innerJoin('organisations as o', 'o.id', 'fo.organisation_id')
    .select(['fo.facilitator_id', 'o.id', 'o.name'])
    .where(sql<boolean>`fo.facilitator_id = ANY(${ids}::uuid[])`)
    .where(organisationInView(f))
    .orderBy('o.name')
    .orderBy('o.id')
    .execute();
}

/** Facilitators (not erased) of organisations in the scope; `region` is the organisation's. The organisation page reads one organisation's. */
export function scopedFacilitators(db: DB, scope: NetworkScope, region?: string) {
  return db
    .selectFrom('facilitators as f')
    .innerJoin('facilitator_organisations as fo', 'fo.facilitator_id', 'f.id')
    .innerJoin('organisations as o', 'o.id', 'fo.organisation_id')
    .select(['f.id', 'f.name', 'f.in_training', 'o.id as organisation_id', 'o.name as organisation_name'])
    .where('f.erased_at', 'is', null)
    .where(organisationVisible(scope))
    .$if(region !== undefined, (q) => q.where('o.region_code', '=', region!))
    .orderBy('f.name')
    .orderBy('f.id')
    .execute();
}

/** What the check and Code of Conduct columns need about some facilitators. */
export async function facilitatorStanding(db: DB, ids: string[]) {
  if (ids.length === 0) return { quals: [], checks: [], accepted: [] };
  const [quals, checks, accepted] = await Promise.all([
    db.selectFrom('facilitator_qualifications').select(['facilitator_id', 'code']).where(sql<boolean>`facilitator_id = ANY(${ids}::uuid[])`).execute(),
    db
      .selectFrom('safeguarding_checks')
      .select(['facilitator_id', 'kind', day('issued_on').as('issued_on')])
      .where(sql<boolean>`facilitator_id = ANY(${ids}::uuid[])`)
      .where('decision', '=', 'suitable')
      .execute(),
    db.selectFrom('code_of_conduct_acceptances').select(['facilitator_id', 'version']).where(sql<boolean>`facilitator_id = ANY(${ids}::uuid[])`).execute(),
  ]);
  return { quals, checks, accepted };
}

export function organisationSites(db: DB, organisationId: string) {
  return db
    .selectFrom('sites as s')
    .innerJoin('regions as r', 'r.code', 's.region_code')
    .select(['s.id', 's.name', 's.address', 's.postcode', 's.nation_code', 's.satellite', 'r.name as region_name'])
    .where('s.organisation_id', '=', organisationId)
    .orderBy('s.satellite')
    .orderBy('s.name')
    .execute();
}

export function organisationLicences(db: DB, organisationId: string) {
  return db
    .selectFrom('licences as l')
    .innerJoin('sites as s', 's.id', 'l.site_id')
    .innerJoin('licence_types as t', 't.code', 'l.licence_type')
    .select(['l.id', 'l.number', 'l.status', 't.name as licence_type_name', 's.name as site_name', day('l.starts_on').as('starts_on'), day('l.ends_on').as('ends_on')])
    .where('l.organisation_id', '=', organisationId)
    .orderBy('l.ends_on', 'desc')
    .orderBy('l.number')
    .execute();
}

export function organisationMeetings(db: DB, organisationId: string) {
  return db
    .selectFrom('meetings as m')
    .leftJoin('sites as s', 's.id', 'm.site_id')
    .innerJoin('programmes as p', 'p.code', 'm.programme_code')
    .select([
      'm.id', 'm.name', 'p.name as programme_name', 'm.status', 'm.frequency', 'm.day', 'm.week_of_month', 'm.start_time', 'm.end_time', 's.name as site_name',
      'm.publicly_visible', 'm.latitude', 'm.longitude',
    ])
    .where('m.organisation_id', '=', organisationId)
    .orderBy('m.status', 'desc')
    .orderBy('m.name')
    .execute();
}

export function organisationVisits(db: DB, organisationId: string) {
  return db
    .selectFrom('visits as v')
    .innerJoin('sites as s', 's.id', 'v.site_id')
    .select(['v.id', 'v.kind', 'v.status', day('v.scheduled_on').as('scheduled_on'), day('v.visited_on').as('visited_on'), 's.name as site_name'])
    .where('v.organisation_id', '=', organisationId)
    .orderBy('v.scheduled_on', 'desc')
    .execute();
}

export function contactNotes(db: DB, organisationId: string) {
  return db
    .selectFrom('contact_notes as n')
    .leftJoin('users as u', 'u.id', 'n.recorded_by')
    .select(['n.id', day('n.contact_on').as('contact_on'), 'n.kind', 'n.summary', 'u.name as recorded_by', 'n.created_at'])
    .where('n.organisation_id', '=', organisationId)
    .orderBy('n.contact_on', 'desc')
    .orderBy('n.created_at', 'desc')
    .execute();
}

export function insertContactNote(trx: DB, note: { organisationId: string; contactOn: string; kind: 'call' | 'email' | 'visit' | 'meeting' | 'other'; summary: string; recordedBy: string | null }) {
  return trx
    .insertInto('contact_notes')
    .values({ organisation_id: note.organisationId, contact_on: note.contactOn, kind: note.kind, summary: note.summary, recorded_by: note.recordedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
}
