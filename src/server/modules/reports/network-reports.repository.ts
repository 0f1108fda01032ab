import { sql } from 'kysely';
import type { DB } from '../../db/database.js';
import { meetingVisible, organisationVisible, type NetworkScope } from './network-scope.js';

/** The SQL behind the network reports and map (decisions 127–129). Every query is cut to the scope. */

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
/**
 * WHERE: the column is one of these ids, as one array parameter: at the ten-times network a scope
 * holds 100,000 meetings, more than a statement's 65,535 parameters (decision 152).
 */
const oneOf = (column: string, ids: readonly string[]) => sql<boolean>`${sql.ref(column)} = ANY(${[...ids]}::uuid[])`;

/** Meetings in the scope (any status), with what the reports need; `region` is the meeting's own. */
export function scopedMeetings(db: DB, scope: NetworkScope, region?: string) {
  return db
    .selectFrom('meetings as m')
    .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .leftJoin('sites as s', 's.id', 'm.site_id')
    .innerJoin('regions as r', 'r.code', 'm.region_code')
    .innerJoin('programmes as p', 'p.code', 'm.programme_code')
    .select([
      'm.id', 'm.name', 'm.programme_code', 'p.name as programme_name', 'm.provider', 'm.region_code', 'r.name as region_name', 'm.organisation_id',
      'o.name as organisation_name', 'm.site_id', 's.postcode as site_postcode', 'm.venue_postcode', 'm.status', 'm.frequency', 'm.day',
      'm.week_of_month', 'm.start_time', 'm.publicly_visible', 'm.latitude', 'm.longitude', day('m.starts_on').as('starts_on'),
      day('m.ends_on').as('ends_on'), sql<string>`to_char(m.created_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD')`.as('registered_on'),
    ])
    .where(meetingVisible(scope))
    .$if(region !== undefined, (q) => q.where('m.region_code', '=', region!))
    .orderBy('m.name')
    .orderBy('m.id')
    .execute();
}
export type ScopedMeeting = Awaited<ReturnType<typeof scopedMeetings>>[number];

/** Licences of organisations in the scope; `region` is the licensed site's. */
export function scopedLicences(db: DB, scope: NetworkScope, region?: string) {
  return db
    .selectFrom('licences as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .innerJoin('sites as s', 's.id', 'l.site_id')
    .innerJoin('regions as r', 'r.code', 's.region_code')
    .innerJoin('licence_types as t', 't.code', 'l.licence_type')
    .innerJoin('sectors as sec', 'sec.code', 'o.sector_code')
    .select([
      'l.id', 'l.number', 'l.status', 'l.licence_type', 't.name as licence_type_name', 'l.site_id', 's.name as site_name', 's.region_code',
      'r.name as region_name', 'o.id as organisation_id', 'o.name as organisation_name', 'o.organisation_type', 'o.sector_code',
      'sec.name as sector_name', day('l.starts_on').as('starts_on'), day('l.ends_on').as('ends_on'),
    ])
    .where(organisationVisible(scope))
    .$if(region !== undefined, (q) => q.where('s.region_code', '=', region!))
    .orderBy('l.ends_on')
    .orderBy('l.number')
    .execute();
}
export type ScopedLicence = Awaited<ReturnType<typeof scopedLicences>>[number];

/** Sites of organisations in the scope; `region` is the site's. */
export function scopedSites(db: DB, scope: NetworkScope, region?: string) {
  return db
    .selectFrom('sites as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .innerJoin('regions as r', 'r.code', 's.region_code')
    .select(['s.id', 's.name', 's.postcode', 's.region_code', 'r.name as region_name', 'o.id as organisation_id', 'o.name as organisation_name'])
    .where(organisationVisible(scope))
    .$if(region !== undefined, (q) => q.where('s.region_code', '=', region!))
    .orderBy('s.name')
    .execute();
}

/** Organisations in the scope; `region` is the organisation's own. */
export function scopedOrganisations(db: DB, scope: NetworkScope, region?: string) {
  return db
    .selectFrom('organisations as o')
    .innerJoin('regions as r', 'r.code', 'o.region_code')
    .select(['o.id', 'o.name', 'o.region_code', 'r.name as region_name'])
    .where(organisationVisible(scope))
    .$if(region !== undefined, (q) => q.where('o.region_code', '=', region!))
    .orderBy('o.name')
    .orderBy('o.id')
    .execute();
}

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

/** Distinct facilitators of these meetings. */
export async function facilitatorsOf(db: DB, meetingIds: string[]) {
  if (meetingIds.length === 0) return 0;
  const row = await db.selectFrom('meeting_facilitators').select(sql<number>`count(DISTINCT facilitator_id)`.as('n')).where(oneOf('meeting_id', meetingIds)).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Survey counts for meetings dates in the period, for these meetings. */
export async function surveyCounts(db: DB, meetingIds: string[], f: { from: string; to: string; overdueOnOrBefore: string }) {
  if (meetingIds.length === 0) return { due: 0, completed: 0, notHeld: 0, overdue: 0 };
  const row = await db
    .selectFrom('meeting_surveys as s')
    .select([
      sql<number>`count(*) FILTER (WHERE s.status = 'due')`.as('due'),
      sql<number>`count(*) FILTER (WHERE s.status = 'completed')`.as('completed'),
      sql<number>`count(*) FILTER (WHERE s.status = 'not_held')`.as('not_held'),
      sql<number>`count(*) FILTER (WHERE s.status = 'due' AND s.held_on <= ${f.overdueOnOrBefore}::date)`.as('overdue'),
    ])
    .where(oneOf('s.meeting_id', meetingIds))
    .where('s.held_on', '>=', f.from)
    .where('s.held_on', '<=', f.to)
    .executeTakeFirstOrThrow();
  return { due: Number(row.due), completed: Number(row.completed), notHeld: Number(row.not_held), overdue: Number(row.overdue) };
}

/** Overdue surveys per meeting, for these meetings. */
export async function overdueSurveysByMeeting(db: DB, meetingIds: string[], overdueOnOrBefore: string) {
  if (meetingIds.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('meeting_surveys')
    .select(['meeting_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where(oneOf('meeting_id', meetingIds))
    .where('status', '=', 'due')
    .where('held_on', '<=', overdueOnOrBefore)
    .groupBy('meeting_id')
    .execute();
  return new Map(rows.map((r) => [r.meeting_id, Number(r.n)]));
}

/** Recorded visits in the period to organisations in the scope. */
export function recordedVisits(db: DB, scope: NetworkScope, f: { region?: string | undefined; from: string; to: string }) {
  return db
    .selectFrom('visits as v')
    .innerJoin('organisations as o', 'o.id', 'v.organisation_id')
    .select(['v.id', 'v.kind', 'v.organisation_id', 'v.meeting_id'])
    .where('v.status', '=', 'recorded')
    .where('v.visited_on', '>=', f.from)
    .where('v.visited_on', '<=', f.to)
    .where(organisationVisible(scope))
    .$if(f.region !== undefined, (q) => q.where('o.region_code', '=', f.region!))
    .execute();
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
  const rows = await db.selectFrom('postcodes').select(['postcode', 'latitude', 'longitude']).where('postcode', 'in', unique).execute();
  return new Map(rows.map((r) => [r.postcode, { latitude: Number(r.latitude), longitude: Number(r.longitude) }]));
}
