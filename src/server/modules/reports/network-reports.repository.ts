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
  accepted: readonly Span[];
  refused: readonly Span[];
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
/** Whether the scope, region and spans take in every meeting there is (the whole network, no span refused). */
const everyMeeting = (scope: NetworkScope, region: string | undefined, spans: SpanChoice) => wholeNetwork(scope, region) && spans.refused.length === 0;

const regionIs = (column: string, region: string | undefined) => (region === undefined ? sql<boolean>`true` : sql<boolean>`${sql.ref(column)} = ${region}`);

/** Meetings in the scope (`region`: the meeting's own) counted by span. */
export async function meetingSpanCounts(db: DB, scope: NetworkScope, region?: string): Promise<SpanCount[]> {
  const result = await sql<{ status: string; starts_on: string; ends_on: string | null; n: number | string }>`
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
  const result = await sql<{ region_code: string; region_name: string; programme_code: string; programme_name: string; this_week: number | string; partner_today: number | string }>`
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
  // Every meeting: no need to read the meetings at all.
  const result = everyMeeting(scope, f.region, f.spans)
    ? await sql<{ n: number | string }>`SELECT count(*) AS n FROM facilitators f WHERE EXISTS (SELECT 1 FROM meeting_facilitators mf WHERE mf.facilitator_id = f.id)`.execute(db)
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
  const result = await sql<{ id: string; name: string; postcode: string; region_code: string; region_name: string; organisation_name: string; has_meeting: boolean }>`
    SELECT s.id, s.name, s.postcode, s.region_code, r.name AS region_name, o.name AS organisation_name,
           -- Looked up site by site through the meetings' site index (LIMIT 1: not hashed over every meeting).
           coalesce((
             SELECT true FROM meetings m
             WHERE m.site_id = s.id AND ${meetingInScope(scope)} AND ${regionIs('m.region_code', f.region)} AND ${spanIn('m', f.meetingSpans)}
             LIMIT 1
           ), false) AS has_meeting
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
  const result = await sql<{ region_code: string; cell_row: number | null; cell_column: number | null; n: number | string; placed: number | string; latitude_sum: number | null; longitude_sum: number | null }>`
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
