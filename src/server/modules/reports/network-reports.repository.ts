import { type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/database.js';
import { meetingInScope, organisationVisible, type NetworkScope } from './network-scope.js';

/** The SQL behind the network reports and map (decisions 127–129). Every query is cut to the scope. */

/** Nominations made in the period for sites in the scope, by status. */
export async function nominationCounts(db: DB, scope: NetworkScope, f: { region?: string | undefined; from: string; to: string }) {
  const rows = await db
    .selectFrom('nominations as n')
    .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
    .innerJoin('sites as s', 's.id', 'n.site_id')
    .select(['n.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where(organisationVisible(scope))
    .$if(f.region !== undefined, (q) => q.where('s.region_code', '=', f.region!))
    .where(sql<boolean>`(n.created_at AT TIME ZONE 'Europe/London')::date BETWEEN ${f.from}::date AND ${f.to}::date`)
    .groupBy('n.status')
    .execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** Facilitators of organisations in the scope who qualified as SMART Facilitators in the period. */
export async function qualifiedCount(db: DB, scope: NetworkScope, f: { region?: string | undefined; from: string; to: string }) {
  const row = await db
    .selectFrom('facilitator_qualifications as q')
    .innerJoin('facilitator_organisations as fo', 'fo.facilitator_id', 'q.facilitator_id')
    .innerJoin('organisations as o', 'o.id', 'fo.organisation_id')
    .select(sql<number>`count(DISTINCT q.facilitator_id)`.as('n'))
    .where('q.code', '=', 'smart-facilitator')
    .where('q.achieved_on', '>=', f.from)
    .where('q.achieved_on', '<=', f.to)
    .where(organisationVisible(scope))
    .$if(f.region !== undefined, (q) => q.where('o.region_code', '=', f.region!))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Income in the period from organisations in the scope, by programme: each payment shared across
 * its invoice's lines in proportion to their amounts (as the income report does); lines that are
 * not licences count as "other".
 */
export async function incomeByProgramme(db: DB, scope: NetworkScope, f: { region?: string | undefined; from: string; to: string }) {
  const result = await sql<{ licence_type: string | null; pence: number | string }>`
    SELECT il.licence_type,
           round(sum(p.amount_pence::numeric * il.amount_pence / NULLIF(i.total_pence, 0)))::bigint AS pence
    FROM payments p
    JOIN invoices i ON i.id = p.invoice_id
    JOIN organisations o ON o.id = i.organisation_id
    JOIN invoice_lines il ON il.invoice_id = i.id
    WHERE p.paid_on >= ${f.from}::date AND p.paid_on <= ${f.to}::date
      AND ${organisationVisible(scope)}
      ${f.region !== undefined ? sql`AND o.region_code = ${f.region}` : sql``}
    GROUP BY 1
    ORDER BY 1 NULLS LAST`.execute(db);
  return result.rows.map((r) => ({ licenceType: r.licence_type ?? 'other', pence: Number(r.pence ?? 0) }));
}

/** Regions and whether each has a Coordinator in post (a post not vacant). */
export async function regionsWithPosts(db: DB) {
  const [regions, posts] = await Promise.all([
    db.selectFrom('regions').select(['code', 'name']).orderBy('name').execute(),
    db.selectFrom('coordinator_posts').select(['region_code', 'vacant']).where('region_code', 'is not', null).execute(),
  ]);
  return regions.map((r) => ({ ...r, coordinatorVacant: !posts.some((p) => p.region_code === r.code && !p.vacant) }));
}

/** Coordinates of postcodes from the ONS directory table (the geocoder's offline source). */
export async function postcodeCoordinates(db: DB, keys: string[]) {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return new Map<string, { latitude: number; longitude: number }>();
  // One array parameter: a whole network's licensed sites pass thousands of postcodes.
  const rows = await db.selectFrom('postcodes').select(['postcode', 'latitude', 'longitude']).where(sql<boolean>`postcode = ANY(${unique}::text[])`).execute();
  return new Map(rows.map((r) => [r.postcode, { latitude: Number(r.latitude), longitude: Number(r.longitude) }]));
}

// ---------------------------------------------------------------------------------------------
// Counted in SQL (decision 161). The rules of src/domain/reports/network.ts stay the one statement
// of when a meeting runs and a licence is in operation: SQL counts meetings and licences by the
// columns those rules read (their spans: status, first and last day), the service applies the rule
// to each span weighted by its count, and the queries that need the meetings themselves take the
// spans the rule accepted as one table of arrays, never a list of meeting ids.

/** The columns the running and in-operation rules read, and how many meetings or licences share them. */
export interface SpanCount {
  status: string;
  starts_on: string;
  ends_on: string | null;
  n: number;
}
export type Span = Omit<SpanCount, 'n'>;

const toSpanCounts = (rows: { status: string; starts_on: string; ends_on: string | null; n: number | string }[]): SpanCount[] =>
  rows.map((r) => ({ status: r.status, starts_on: r.starts_on, ends_on: r.ends_on, n: Number(r.n) }));

/**
 * Spans the rule accepted, out of all the spans in the scope (the rest were refused). A query
 * tests whichever list is shorter, and nothing when the rule accepted every span or none.
 */
export interface SpanChoice {
  accepted: readonly SpanCount[];
  refused: readonly SpanCount[];
}

/**
 * WHERE: the row's span (`alias`.status, starts_on, ends_on) is one the rule accepted. The spans
 * go as one table of arrays; a span with no last day matches by 'infinity', so PostgreSQL can hash
 * the few spans and probe them once a row.
 */
function spanIn(alias: string, spans: SpanChoice): RawBuilder<boolean> {
  if (spans.accepted.length === 0) return sql<boolean>`false`;
  if (spans.refused.length === 0) return sql<boolean>`true`;
  const shorter = spans.accepted.length <= spans.refused.length ? spans.accepted : spans.refused;
  const listed = sql<boolean>`(${sql.ref(`${alias}.status`)}, ${sql.ref(`${alias}.starts_on`)}, coalesce(${sql.ref(`${alias}.ends_on`)}, 'infinity'::date)) IN (
    SELECT * FROM unnest(${shorter.map((s) => s.status)}::text[], ${shorter.map((s) => s.starts_on)}::date[], ${shorter.map((s) => s.ends_on ?? 'infinity')}::date[]))`;
  return shorter === spans.accepted ? listed : sql<boolean>`NOT ${listed}`;
}

/** Whether the scope and region are the whole network (Central Office, no region chosen). */
const wholeNetwork = (scope: NetworkScope, region: string | undefined) => scope.organisations.kind === 'all' && scope.uksrMeetings.kind === 'all' && region === undefined;

const regionIs = (column: string, region: string | undefined) => (region === undefined ? sql<boolean>`true` : sql<boolean>`${sql.ref(column)} = ${region}`);

// ---------------------------------------------------------------------------------------------
// Counted ahead (decision 173). For the whole network (Central Office, any region: the tallies are
// by the meeting's own region) meetings are read from tallies kept by statement triggers on
// `meetings` and `meeting_facilitators` (migration 2026-11-26T0200-meeting-tallies), never from the
// meetings themselves. The rule's spans still decide: the span tally is filtered by `spanIn` like
// the meetings were; the other tallies hold every meeting, so the meetings of the spans the rule
// refused are read through `meetings_span_idx` and taken off, when they are fewer than the accepted
// (the usual case: closed meetings). Otherwise, and for any narrower scope, the meetings are read.

/** Whether the scope takes in every organisation and every UKSR meeting (Central Office): the tallies cover it. */
const tallied = (scope: NetworkScope) => scope.organisations.kind === 'all' && scope.uksrMeetings.kind === 'all';
const meetingsOf = (spans: readonly SpanCount[]) => spans.reduce((sum, s) => sum + s.n, 0);
/** Whether the tallies less the refused meetings are the cheaper way: fewer meetings refused than accepted. */
const refusedAreFewer = (spans: SpanChoice) => meetingsOf(spans.refused) <= meetingsOf(spans.accepted);

/** FROM-able: the meetings (`alias`, every column) whose span the rule refused, in the region, found span by span. */
function refusedMeetings(spans: SpanChoice, region: string | undefined, alias = 'm'): RawBuilder<unknown> {
  const r = spans.refused;
  return sql`(
    SELECT m.* FROM unnest(${r.map((s) => s.status)}::text[], ${r.map((s) => s.starts_on)}::date[], ${r.map((s) => s.ends_on ?? 'infinity')}::date[]) AS refused(status, starts_on, ends_on)
    JOIN meetings m ON m.status = refused.status AND m.starts_on = refused.starts_on AND coalesce(m.ends_on, 'infinity'::date) = refused.ends_on
    WHERE ${regionIs('m.region_code', region)}) ${sql.raw(alias)}`;
}

/** The tally's cell size: the cells of `meeting_cell_tallies` are of this many degrees (MAP_CELL_DEGREES when the migration was written). */
export const TALLY_CELL_DEGREES = 0.2;

/**
 * A CTE `places (site_id, venue_postcode, meetings)`: how many meetings whose span the rule
 * accepted are at each site (partner meetings) or venue postcode (community meetings, no site), in
 * the region; only places with one or more.
 */
function acceptedPlaces(spans: SpanChoice, region: string | undefined): RawBuilder<unknown> {
  return sql`places AS (
    SELECT site_id, venue_postcode, sum(meetings) AS meetings FROM (
      SELECT t.site_id, t.venue_postcode, t.meetings FROM meeting_site_tallies t WHERE ${regionIs('t.region_code', region)}
      UNION ALL
      SELECT r.site_id, CASE WHEN r.site_id IS NULL THEN r.venue_postcode END, -1 FROM ${refusedMeetings(spans, region, 'r')}
    ) x GROUP BY site_id, venue_postcode HAVING sum(meetings) > 0)`;
}

/** Meetings in the scope (`region`: the meeting's own) counted by span. */
export async function meetingSpanCounts(db: DB, scope: NetworkScope, region?: string): Promise<SpanCount[]> {
  const result = tallied(scope)
    ? await sql<{ status: string; starts_on: string; ends_on: string | null; n: number | string }>`
    SELECT t.status, to_char(t.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(t.ends_on, 'YYYY-MM-DD') AS ends_on, sum(t.meetings) AS n
    FROM meeting_span_tallies t
    WHERE ${regionIs('t.region_code', region)}
    GROUP BY t.status, t.starts_on, t.ends_on
    HAVING sum(t.meetings) > 0`.execute(db)
    : await sql<{ status: string; starts_on: string; ends_on: string | null; n: number | string }>`
    SELECT m.status, to_char(m.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(m.ends_on, 'YYYY-MM-DD') AS ends_on, count(*) AS n
    FROM meetings m
    WHERE ${meetingInScope(scope)} AND ${regionIs('m.region_code', region)}
    GROUP BY m.status, m.starts_on, m.ends_on`.execute(db);
  return toSpanCounts(result.rows);
}

/** Licences of organisations in the scope (`region`: the licensed site's) counted by span. */
export async function licenceSpanCounts(db: DB, scope: NetworkScope, region?: string): Promise<SpanCount[]> {
  const result = await sql<{ status: string; starts_on: string; ends_on: string | null; n: number | string }>`
    SELECT l.status, to_char(l.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(l.ends_on, 'YYYY-MM-DD') AS ends_on, count(*) AS n
    FROM licences l
    JOIN organisations o ON o.id = l.organisation_id
    JOIN sites s ON s.id = l.site_id
    WHERE ${organisationVisible(scope)} AND ${regionIs('s.region_code', region)}
    GROUP BY l.status, l.starts_on, l.ends_on`.execute(db);
  return toSpanCounts(result.rows);
}

/**
 * Meetings in the scope whose span is in `thisWeek` or `today`, counted by region and programme:
 * how many ran this week, and how many partner meetings (not UKSR community ones) run today.
 */
export async function meetingsRunningByRegionAndProgramme(db: DB, scope: NetworkScope, f: { region?: string | undefined; thisWeek: SpanChoice; today: SpanChoice }) {
  type Row = { region_code: string; region_name: string; programme_code: string; programme_name: string; this_week: number | string; partner_today: number | string };
  const result = tallied(scope)
    ? await sql<Row>`
    SELECT t.region_code, r.name AS region_name, t.programme_code, p.name AS programme_name,
           coalesce(sum(t.meetings) FILTER (WHERE ${spanIn('t', f.thisWeek)}), 0) AS this_week,
           coalesce(sum(t.meetings) FILTER (WHERE t.partner AND ${spanIn('t', f.today)}), 0) AS partner_today
    FROM meeting_span_tallies t
    JOIN regions r ON r.code = t.region_code
    JOIN programmes p ON p.code = t.programme_code
    WHERE ${regionIs('t.region_code', f.region)} AND (${spanIn('t', f.thisWeek)} OR ${spanIn('t', f.today)})
    GROUP BY t.region_code, r.name, t.programme_code, p.name
    HAVING sum(t.meetings) > 0`.execute(db)
    : await sql<Row>`
    SELECT m.region_code, r.name AS region_name, m.programme_code, p.name AS programme_name,
           count(*) FILTER (WHERE ${spanIn('m', f.thisWeek)}) AS this_week,
           count(*) FILTER (WHERE m.organisation_id IS NOT NULL AND ${spanIn('m', f.today)}) AS partner_today
    FROM meetings m
    JOIN regions r ON r.code = m.region_code
    JOIN programmes p ON p.code = m.programme_code
    WHERE ${meetingInScope(scope)} AND ${regionIs('m.region_code', f.region)}
      AND (${spanIn('m', f.thisWeek)} OR ${spanIn('m', f.today)})
    GROUP BY m.region_code, r.name, m.programme_code, p.name`.execute(db);
  return result.rows.map((r) => ({ ...r, this_week: Number(r.this_week), partner_today: Number(r.partner_today) }));
}

/** Licences of organisations in the scope whose span is one of these, counted by region, programme, organisation type and sector. */
export async function licencesByKind(db: DB, scope: NetworkScope, f: { region?: string | undefined; spans: SpanChoice }) {
  const result = await sql<{
    region_code: string; region_name: string; licence_type: string; licence_type_name: string; organisation_type: string; sector_code: string; sector_name: string; n: number | string;
  }>`
    SELECT s.region_code, r.name AS region_name, l.licence_type, t.name AS licence_type_name, o.organisation_type, o.sector_code, sec.name AS sector_name, count(*) AS n
    FROM licences l
    JOIN organisations o ON o.id = l.organisation_id
    JOIN sites s ON s.id = l.site_id
    JOIN regions r ON r.code = s.region_code
    JOIN licence_types t ON t.code = l.licence_type
    JOIN sectors sec ON sec.code = o.sector_code
    WHERE ${organisationVisible(scope)} AND ${regionIs('s.region_code', f.region)} AND ${spanIn('l', f.spans)}
    GROUP BY s.region_code, r.name, l.licence_type, t.name, o.organisation_type, o.sector_code, sec.name`.execute(db);
  return result.rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Organisations in the scope (`region`: the organisation's own). */
export async function organisationCount(db: DB, scope: NetworkScope, region?: string) {
  const row = await db
    .selectFrom('organisations as o')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(organisationVisible(scope))
    .$if(region !== undefined, (q) => q.where('o.region_code', '=', region!))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Distinct facilitators of the meetings in the scope whose span is one of these. */
export async function facilitatorsOfSpans(db: DB, scope: NetworkScope, f: { region?: string | undefined; spans: SpanChoice }) {
  if (f.spans.accepted.length === 0) return 0;
  // The whole network: everyone with a meeting (the tally), less those all of whose meetings the
  // rule refused (as many refused meetings as the tally has meetings of theirs).
  const result = wholeNetwork(scope, f.region) && refusedAreFewer(f.spans)
    ? await sql<{ n: number | string }>`
    SELECT (SELECT count(*) FROM meeting_facilitator_tallies t WHERE t.meetings > 0)
         - (SELECT count(*) FROM (SELECT mf.facilitator_id, count(*) AS refused FROM ${refusedMeetings(f.spans, undefined)} JOIN meeting_facilitators mf ON mf.meeting_id = m.id GROUP BY mf.facilitator_id) x
            JOIN meeting_facilitator_tallies t ON t.facilitator_id = x.facilitator_id
            WHERE t.meetings = x.refused) AS n`.execute(db)
    : await sql<{ n: number | string }>`
    SELECT count(*) AS n FROM (
      SELECT DISTINCT mf.facilitator_id
      FROM meeting_facilitators mf
      JOIN meetings m ON m.id = mf.meeting_id
      WHERE ${meetingInScope(scope)} AND ${regionIs('m.region_code', f.region)} AND ${spanIn('m', f.spans)}
    ) f`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

type SurveyCounts = { due: number; completed: number; notHeld: number; overdue: number };
const toSurveyCounts = (row: { due: number | string | null; completed: number | string | null; not_held: number | string | null; overdue: number | string | null } | undefined): SurveyCounts => ({
  due: Number(row?.due ?? 0), completed: Number(row?.completed ?? 0), notHeld: Number(row?.not_held ?? 0), overdue: Number(row?.overdue ?? 0),
});

/** Surveys for meeting dates in the period of the meetings in the scope whose span is one of these, counted from the surveys themselves. */
async function surveysCounted(db: DB, scope: NetworkScope, f: { region?: string | undefined; spans: SpanChoice; from: string; to: string; overdueOnOrBefore: string }) {
  const result = await sql<{ due: number | string; completed: number | string; not_held: number | string; overdue: number | string }>`
    SELECT count(*) FILTER (WHERE s.status = 'due') AS due,
           count(*) FILTER (WHERE s.status = 'completed') AS completed,
           count(*) FILTER (WHERE s.status = 'not_held') AS not_held,
           count(*) FILTER (WHERE s.status = 'due' AND s.held_on <= ${f.overdueOnOrBefore}::date) AS overdue
    FROM meeting_surveys s
    WHERE s.held_on >= ${f.from}::date AND s.held_on <= ${f.to}::date
      AND s.meeting_id IN (
        SELECT m.id FROM meetings m
        WHERE ${meetingInScope(scope)} AND ${regionIs('m.region_code', f.region)} AND ${spanIn('m', f.spans)})`.execute(db);
  return toSurveyCounts(result.rows[0]);
}

/** Every survey for a date in the period, from the day tally (meeting_survey_days). */
async function surveysOfTheWholeNetwork(db: DB, f: { from: string; to: string; overdueOnOrBefore: string }) {
  const result = await sql<{ due: number | string | null; completed: number | string | null; not_held: number | string | null; overdue: number | string | null }>`
    SELECT sum(surveys) FILTER (WHERE status = 'due') AS due,
           sum(surveys) FILTER (WHERE status = 'completed') AS completed,
           sum(surveys) FILTER (WHERE status = 'not_held') AS not_held,
           sum(surveys) FILTER (WHERE status = 'due' AND held_on <= ${f.overdueOnOrBefore}::date) AS overdue
    FROM meeting_survey_days
    WHERE held_on >= ${f.from}::date AND held_on <= ${f.to}::date`.execute(db);
  return toSurveyCounts(result.rows[0]);
}

/**
 * Survey counts for meeting dates in the period, for the meetings in the scope whose span is one of
 * these. For the whole network (Central Office, no region) they come from the day tally, less the
 * surveys of the meetings whose span the rule refused (usually none); otherwise from the surveys of
 * the scope's meetings.
 */
export async function surveyCountsOfSpans(db: DB, scope: NetworkScope, f: { region?: string | undefined; spans: SpanChoice; from: string; to: string; overdueOnOrBefore: string }) {
  if (f.spans.accepted.length === 0) return { due: 0, completed: 0, notHeld: 0, overdue: 0 };
  if (!wholeNetwork(scope, f.region)) return surveysCounted(db, scope, f);
  const [all, refused] = await Promise.all([
    surveysOfTheWholeNetwork(db, f),
    f.spans.refused.length === 0 ? { due: 0, completed: 0, notHeld: 0, overdue: 0 } : surveysCounted(db, scope, { ...f, spans: { accepted: f.spans.refused, refused: f.spans.accepted } }),
  ]);
  return { due: all.due - refused.due, completed: all.completed - refused.completed, notHeld: all.notHeld - refused.notHeld, overdue: all.overdue - refused.overdue };
}

/**
 * Partner meetings in the scope (`region`: the meeting's own) whose span is one of these and that
 * had a quality-assurance visit recorded in the period, by an organisation in the scope
 * (`region`: the organisation's).
 */
export async function qualityAssuredMeetings(db: DB, scope: NetworkScope, f: { region?: string | undefined; spans: SpanChoice; from: string; to: string }) {
  const result = await sql<{ n: number | string }>`
    SELECT count(DISTINCT m.id) AS n
    FROM visits v
    JOIN organisations vo ON vo.id = v.organisation_id
    JOIN meetings m ON m.id = v.meeting_id
    WHERE v.kind = 'quality_assurance' AND v.status = 'recorded' AND v.visited_on >= ${f.from}::date AND v.visited_on <= ${f.to}::date
      AND ${organisationVisible(scope, 'vo')} AND ${regionIs('vo.region_code', f.region)}
      AND m.organisation_id IS NOT NULL AND ${meetingInScope(scope)} AND ${regionIs('m.region_code', f.region)} AND ${spanIn('m', f.spans)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Visits recorded in the period to organisations in the scope: how many, and how many organisations. */
export async function recordedVisitCounts(db: DB, scope: NetworkScope, f: { region?: string | undefined; from: string; to: string }) {
  const row = await db
    .selectFrom('visits as v')
    .innerJoin('organisations as o', 'o.id', 'v.organisation_id')
    .select([(eb) => eb.fn.countAll<number>().as('visits'), sql<number>`count(DISTINCT v.organisation_id)`.as('organisations')])
    .where('v.status', '=', 'recorded')
    .where('v.visited_on', '>=', f.from)
    .where('v.visited_on', '<=', f.to)
    .where(organisationVisible(scope))
    .$if(f.region !== undefined, (q) => q.where('o.region_code', '=', f.region!))
    .executeTakeFirstOrThrow();
  return { visits: Number(row.visits), organisations: Number(row.organisations) };
}

/**
 * Sites of organisations in the scope (`region`: the site's) with a licence whose span is in
 * `licenceSpans`, of an organisation in the scope; `has_meeting` when a meeting in the scope
 * (`region`: the meeting's) whose span is in `meetingSpans` is at the site.
 */
export async function licensedSitesOfSpans(db: DB, scope: NetworkScope, f: { region?: string | undefined; licenceSpans: SpanChoice; meetingSpans: SpanChoice }) {
  // Counted ahead: a site has a meeting when its tally, less its refused meetings, is one or more.
  const counted = tallied(scope) && refusedAreFewer(f.meetingSpans);
  const hasMeeting = counted
    ? sql<boolean>`s.id IN (SELECT places.site_id FROM places WHERE places.site_id IS NOT NULL)`
    : sql<boolean>`coalesce((
             SELECT true FROM meetings m
             WHERE m.site_id = s.id AND ${meetingInScope(scope)} AND ${regionIs('m.region_code', f.region)} AND ${spanIn('m', f.meetingSpans)}
             LIMIT 1
           ), false)`;
  const result = await sql<{ id: string; name: string; postcode: string; region_code: string; region_name: string; organisation_name: string; has_meeting: boolean }>`
    ${counted ? sql`WITH ${acceptedPlaces(f.meetingSpans, f.region)}` : sql``}
    SELECT s.id, s.name, s.postcode, s.region_code, r.name AS region_name, o.name AS organisation_name,
           -- Looked up site by site through the meetings' site index (LIMIT 1: not hashed over every meeting), or hashed from the tally.
           ${hasMeeting} AS has_meeting
    FROM sites s
    JOIN organisations o ON o.id = s.organisation_id
    JOIN regions r ON r.code = s.region_code
    WHERE ${organisationVisible(scope)} AND ${regionIs('s.region_code', f.region)}
      AND s.id IN (
        SELECT l.site_id FROM licences l JOIN organisations lo ON lo.id = l.organisation_id
        WHERE ${organisationVisible(scope, 'lo')} AND ${spanIn('l', f.licenceSpans)}
      )
    ORDER BY s.name, s.id`.execute(db);
  return result.rows;
}

/**
 * Meetings in the scope (`region`: the meeting's own) whose span is one of these, counted by
 * region and map cell (decision 161: the floor of latitude and longitude over `cellDegrees`, as
 * `mapCell` in src/domain/reports/network.ts; no cell without both coordinates), with the sums of
 * their coordinates.
 */
export async function meetingsByCell(db: DB, scope: NetworkScope, f: { region?: string | undefined; spans: SpanChoice; cellDegrees: number }) {
  type Row = { region_code: string; cell_row: number | null; cell_column: number | null; n: number | string; placed: number | string; latitude_sum: number | string | null; longitude_sum: number | string | null };
  // Counted ahead: the cell tally less the refused meetings, counted the same way.
  const result = tallied(scope) && f.cellDegrees === TALLY_CELL_DEGREES && refusedAreFewer(f.spans)
    ? await sql<Row>`
    SELECT x.region_code, x.cell_row, x.cell_column, sum(x.n) AS n, sum(x.placed) AS placed,
           CASE WHEN sum(x.placed) > 0 THEN sum(x.latitude_sum) END AS latitude_sum, CASE WHEN sum(x.placed) > 0 THEN sum(x.longitude_sum) END AS longitude_sum
    FROM (
      SELECT t.region_code, t.cell_row, t.cell_column, t.meetings AS n, t.placed, t.latitude_sum, t.longitude_sum FROM meeting_cell_tallies t WHERE ${regionIs('t.region_code', f.region)}
      UNION ALL
      SELECT m.region_code,
             CASE WHEN m.longitude IS NOT NULL THEN floor(m.latitude / ${f.cellDegrees}::float8)::int END,
             CASE WHEN m.latitude IS NOT NULL THEN floor(m.longitude / ${f.cellDegrees}::float8)::int END,
             -1, CASE WHEN m.latitude IS NOT NULL AND m.longitude IS NOT NULL THEN -1 ELSE 0 END,
             -coalesce(CASE WHEN m.longitude IS NOT NULL THEN m.latitude::numeric END, 0), -coalesce(CASE WHEN m.latitude IS NOT NULL THEN m.longitude::numeric END, 0)
      FROM ${refusedMeetings(f.spans, f.region)}
    ) x
    GROUP BY x.region_code, x.cell_row, x.cell_column
    HAVING sum(x.n) > 0`.execute(db)
    : await sql<Row>`
    SELECT x.region_code, x.cell_row, x.cell_column, count(*) AS n, count(x.latitude) AS placed, sum(x.latitude) AS latitude_sum, sum(x.longitude) AS longitude_sum
    FROM (
      SELECT m.region_code,
             CASE WHEN m.longitude IS NOT NULL THEN m.latitude END AS latitude, CASE WHEN m.latitude IS NOT NULL THEN m.longitude END AS longitude,
             CASE WHEN m.longitude IS NOT NULL THEN floor(m.latitude / ${f.cellDegrees}::float8)::int END AS cell_row,
             CASE WHEN m.latitude IS NOT NULL THEN floor(m.longitude / ${f.cellDegrees}::float8)::int END AS cell_column
      FROM meetings m
      WHERE ${meetingInScope(scope)} AND ${regionIs('m.region_code', f.region)} AND ${spanIn('m', f.spans)}
    ) x
    GROUP BY x.region_code, x.cell_row, x.cell_column`.execute(db);
  return result.rows.map((r) => ({
    ...r, n: Number(r.n), placed: Number(r.placed), latitude_sum: r.latitude_sum === null ? null : Number(r.latitude_sum), longitude_sum: r.longitude_sum === null ? null : Number(r.longitude_sum),
  }));
}

/** The postcodes (the site's, or a community meeting's venue's) of the meetings in the scope whose span is one of these. */
export async function meetingPostcodes(db: DB, scope: NetworkScope, f: { region?: string | undefined; spans: SpanChoice }) {
  if (tallied(scope) && refusedAreFewer(f.spans)) {
    // Counted ahead: the places whose tally, less their refused meetings, is one or more.
    const places = await sql<{ postcode: string | null }>`
      WITH ${acceptedPlaces(f.spans, f.region)}
      SELECT s.postcode FROM sites s WHERE s.id IN (SELECT places.site_id FROM places WHERE places.site_id IS NOT NULL)
      UNION
      SELECT places.venue_postcode FROM places WHERE places.site_id IS NULL`.execute(db);
    return places.rows.map((r) => r.postcode);
  }
  // A partner's meetings are at its sites: each site is looked up once, not once a meeting.
  const running = (m: string) => sql<boolean>`${meetingInScope(scope, m)} AND ${regionIs(`${m}.region_code`, f.region)} AND ${spanIn(m, f.spans)}`;
  const result = await sql<{ postcode: string | null }>`
    SELECT s.postcode FROM sites s WHERE EXISTS (SELECT 1 FROM meetings m WHERE m.site_id = s.id AND ${running('m')})
    UNION
    SELECT c.venue_postcode FROM meetings c WHERE c.site_id IS NULL AND ${running('c')}`.execute(db);
  return result.rows.map((r) => r.postcode);
}

/** The meetings themselves (at most `limit`) in the scope whose span is one of these, for a map that shows every place. */
export async function meetingsOfSpans(db: DB, scope: NetworkScope, f: { region?: string | undefined; spans: SpanChoice; limit: number }) {
  const result = await sql<{
    id: string; name: string; organisation_name: string | null; region_name: string; postcode: string | null; latitude: number | null; longitude: number | null;
  }>`
    SELECT m.id, m.name, o.name AS organisation_name, r.name AS region_name, coalesce(s.postcode, m.venue_postcode) AS postcode, m.latitude, m.longitude
    FROM meetings m
    LEFT JOIN organisations o ON o.id = m.organisation_id
    LEFT JOIN sites s ON s.id = m.site_id
    JOIN regions r ON r.code = m.region_code
    WHERE ${meetingInScope(scope)} AND ${regionIs('m.region_code', f.region)} AND ${spanIn('m', f.spans)}
    ORDER BY m.name, m.id
    LIMIT ${f.limit}`.execute(db);
  return result.rows.map((r) => ({ ...r, latitude: r.latitude === null ? null : Number(r.latitude), longitude: r.longitude === null ? null : Number(r.longitude) }));
}
