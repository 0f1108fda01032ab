import { sql } from 'kysely';
import type { DB } from '../../db/database.js';
import { organisationVisible, type NetworkScope } from '../reports/network-scope.js';

/** The workspace's SQL. Lists are cut to the person's scope (decision 125); single records are checked by the service. */

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

/** Nominations waiting for a Coordinator to send the enrolment instructions; `region` is the site's. */
export function nominationsToEnrol(db: DB, scope: NetworkScope, region?: string) {
  return db
    .selectFrom('nominations as n')
    .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
    .innerJoin('sites as s', 's.id', 'n.site_id')
    .select(['n.id', 'n.nominee_name', 'o.id as organisation_id', 'o.name as organisation_name', 's.name as site_name', sql<string>`to_char(n.created_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD')`.as('nominated_on')])
    .where('n.status', '=', 'nominated')
    .where(organisationVisible(scope))
    .$if(region !== undefined, (q) => q.where('s.region_code', '=', region!))
    .orderBy('n.created_at')
    .execute();
}

/** Facilitators (not erased) of organisations in the scope; `region` is the organisation's. */
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
