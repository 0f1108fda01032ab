import { sql } from 'kysely';
import type { DB } from '../../db/database.js';

export interface SessionScope {
  /** null: every session; otherwise national sessions and those of these regions. */
  regions: string[] | null;
}

const COLUMNS = [
  's.id',
  's.kind',
  's.title',
  's.starts_at',
  's.duration_minutes',
  's.joining_url',
  's.region_code',
  'r.name as region_name',
  's.description',
  's.created_at',
  's.invitations_sent_at',
] as const;

export async function insertSession(
  trx: DB,
  values: { kind: 'community_group' | 'tool_time'; title: string; startsAt: Date; durationMinutes: number; joiningUrl: string; regionCode: string | null; description: string | null; createdBy: string },
) {
  return trx
    .insertInto('community_sessions')
    .values({
      kind: values.kind,
      title: values.title,
      starts_at: values.startsAt,
      duration_minutes: values.durationMinutes,
      joining_url: values.joiningUrl,
      region_code: values.regionCode,
      description: values.description,
      created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

function sessions(db: DB) {
  return db
    .selectFrom('community_sessions as s')
    .leftJoin('regions as r', 'r.code', 's.region_code')
    .select(COLUMNS)
    .select((eb) => eb.selectFrom('community_session_attendance as a').select((e) => e.fn.countAll<number>().as('n')).whereRef('a.session_id', '=', 's.id').as('attended'));
}

export async function listSessions(db: DB, scope: SessionScope, filter: { when: 'upcoming' | 'past' | 'all'; now: Date; limit: number; offset: number }) {
  const regions = scope.regions;
  const [rows, total] = await Promise.all([
    sessions(db)
      .$if(regions !== null, (q) => q.where((eb) => eb.or([eb('s.region_code', 'is', null), ...(regions!.length ? [eb('s.region_code', 'in', regions!)] : [])])))
      .$if(filter.when === 'upcoming', (q) => q.where('s.starts_at', '>=', filter.now))
      .$if(filter.when === 'past', (q) => q.where('s.starts_at', '<', filter.now))
      .orderBy('s.starts_at', filter.when === 'past' ? 'desc' : 'asc')
      .orderBy('s.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    db
      .selectFrom('community_sessions as s')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .$if(regions !== null, (q) => q.where((eb) => eb.or([eb('s.region_code', 'is', null), ...(regions!.length ? [eb('s.region_code', 'in', regions!)] : [])])))
      .$if(filter.when === 'upcoming', (q) => q.where('s.starts_at', '>=', filter.now))
      .$if(filter.when === 'past', (q) => q.where('s.starts_at', '<', filter.now))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function findSession(db: DB, id: string) {
  return sessions(db).where('s.id', '=', id).executeTakeFirst();
}

export function lockSession(trx: DB, id: string) {
  return trx.selectFrom('community_sessions').select(['id', 'invitations_sent_at']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * The facilitators a session is for. A region's: those of the region's partner organisations (or
 * who facilitate at a site in it), and the region's active UKSR volunteers (those who facilitate a
 * UKSR meeting there, or who applied to volunteer there). National: every partner facilitator and
 * every active UKSR volunteer. Nobody whose account is suspended. docs/decisions/122.
 */
export function audience(db: DB, regionCode: string | null) {
  return db
    .selectFrom('facilitators as f')
    .leftJoin('users as u', 'u.id', 'f.user_id')
    .select((eb) => [
      'f.id',
      'f.name',
      'f.email',
      sql<string | null>`(SELECT string_agg(o.name, ', ' ORDER BY o.name) FROM facilitator_organisations fo JOIN organisations o ON o.id = fo.organisation_id WHERE fo.facilitator_id = f.id)`.as('organisations'),
      eb.ref('f.uksr_volunteer_status').as('volunteer_status'),
    ])
    .where((eb) => eb.or([eb('u.id', 'is', null), eb('u.status', '<>', 'suspended')]))
    .where((eb) => {
      const partner = eb.exists(
        eb
          .selectFrom('facilitator_organisations as fo')
          .innerJoin('organisations as o', 'o.id', 'fo.organisation_id')
          .select('fo.facilitator_id')
          .whereRef('fo.facilitator_id', '=', 'f.id')
          .$if(regionCode !== null, (q) => q.where('o.region_code', '=', regionCode!)),
      );
      if (regionCode === null) return eb.or([partner, eb('f.uksr_volunteer_status', '=', 'active')]);
      return eb.or([
        partner,
        eb.exists(
          eb
            .selectFrom('facilitator_sites as fs')
            .innerJoin('sites as st', 'st.id', 'fs.site_id')
            .select('fs.facilitator_id')
            .whereRef('fs.facilitator_id', '=', 'f.id')
            .where('st.region_code', '=', regionCode),
        ),
        eb.and([
          eb('f.uksr_volunteer_status', '=', 'active'),
          eb.or([
            eb.exists(
              eb
                .selectFrom('meeting_facilitators as mf')
                .innerJoin('meetings as m', 'm.id', 'mf.meeting_id')
                .select('mf.facilitator_id')
                .whereRef('mf.facilitator_id', '=', 'f.id')
                .where('m.provider', '=', 'uksr')
                .where('m.region_code', '=', regionCode),
            ),
            // The region a volunteer applied for is kept only with their application in the audit trail.
            eb.exists(
              eb
                .selectFrom('audit_events as ae')
                .select('ae.id')
                .where('ae.action', '=', 'volunteer.applied')
                .where('ae.entity_id', '=', sql<string>`f.id::text`)
                .where(sql<string>`ae.after->>'region'`, '=', regionCode),
            ),
          ]),
        ]),
      ]);
    })
    .orderBy('f.name')
    .orderBy('f.id')
    .execute();
}

export function invitedIds(db: DB, sessionId: string) {
  return db.selectFrom('community_session_invitations').select('facilitator_id').where('session_id', '=', sessionId).execute();
}

export function attendedIds(db: DB, sessionId: string) {
  return db.selectFrom('community_session_attendance').select('facilitator_id').where('session_id', '=', sessionId).execute();
}

/** Records invitations not yet sent; answers the facilitators newly invited (each is invited once). */
export async function insertInvitations(trx: DB, sessionId: string, people: { id: string; email: string }[]) {
  if (people.length === 0) return [];
  return trx
    .insertInto('community_session_invitations')
    .values(people.map((p) => ({ session_id: sessionId, facilitator_id: p.id, email: p.email })))
    .onConflict((oc) => oc.columns(['session_id', 'facilitator_id']).doNothing())
    .returning(['facilitator_id', 'email'])
    .execute();
}

export async function markInvitationsSent(trx: DB, sessionId: string, at: Date) {
  await trx.updateTable('community_sessions').set({ invitations_sent_at: at }).where('id', '=', sessionId).where('invitations_sent_at', 'is', null).execute();
}

export async function replaceAttendance(trx: DB, sessionId: string, facilitatorIds: string[], recordedBy: string) {
  await trx.deleteFrom('community_session_attendance').where('session_id', '=', sessionId).$if(facilitatorIds.length > 0, (q) => q.where('facilitator_id', 'not in', facilitatorIds)).execute();
  if (facilitatorIds.length === 0) return;
  await trx
    .insertInto('community_session_attendance')
    .values(facilitatorIds.map((id) => ({ session_id: sessionId, facilitator_id: id, recorded_by: recordedBy })))
    .onConflict((oc) => oc.columns(['session_id', 'facilitator_id']).doNothing())
    .execute();
}

/** The sessions a facilitator was invited to or attended, most recent first. */
export function sessionsOfFacilitator(db: DB, facilitatorId: string) {
  return db
    .selectFrom('community_sessions as s')
    .select([
      's.id',
      's.kind',
      's.title',
      's.starts_at',
      (eb) => eb.exists(eb.selectFrom('community_session_attendance as a').select('a.session_id').whereRef('a.session_id', '=', 's.id').where('a.facilitator_id', '=', facilitatorId)).as('attended'),
    ])
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('community_session_attendance as a').select('a.session_id').whereRef('a.session_id', '=', 's.id').where('a.facilitator_id', '=', facilitatorId)),
        eb.exists(eb.selectFrom('community_session_invitations as i').select('i.session_id').whereRef('i.session_id', '=', 's.id').where('i.facilitator_id', '=', facilitatorId)),
      ]),
    )
    .orderBy('s.starts_at', 'desc')
    .limit(200)
    .execute();
}
