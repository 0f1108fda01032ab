import { sql } from 'kysely';
import type { DB } from '../../db/database.js';
import type { ModuleProgress } from '../../../domain/training/pathway.js';

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

const PERSON = ['id', 'name', 'email', 'user_id', 'uksr_volunteer_status'] as const;

/** A facilitator record with what the pathway and access rules read. */
export function findPerson(db: DB, id: string) {
  return db.selectFrom('facilitators').select([...PERSON]).where('id', '=', id).executeTakeFirst();
}

/** Facilitator records by email (case-insensitive), locked so two imports or recordings for one person run one after the other. */
export function lockPeopleByEmail(db: DB, emails: string[]) {
  if (emails.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('facilitators')
    .select([...PERSON])
    .where((eb) => eb(eb.fn('lower', ['email']), 'in', emails.map((e) => e.toLowerCase())))
    .orderBy('id')
    .forUpdate()
    .execute();
}

export function lockPerson(db: DB, id: string) {
  return db.selectFrom('facilitators').select([...PERSON]).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The organisations a person facilitates for, with what access decisions read. */
export function personOrganisations(db: DB, facilitatorId: string) {
  return db
    .selectFrom('facilitator_organisations as fo')
    .innerJoin('organisations as o', 'o.id', 'fo.organisation_id')
    .select(['o.id', 'o.name', 'o.region_code', 'o.sector_code'])
    .where('fo.facilitator_id', '=', facilitatorId)
    .execute();
}

/** Progress rows of some people, each in the domain's shape. */
export async function progressOf(db: DB, facilitatorIds: string[]): Promise<Map<string, ModuleProgress[]>> {
  const result = new Map<string, ModuleProgress[]>(facilitatorIds.map((id) => [id, []]));
  if (facilitatorIds.length === 0) return result;
  const rows = await db
    .selectFrom('training_progress')
    .select(['facilitator_id', 'module', 'status', day('enrolled_on').as('enrolled_on'), day('started_on').as('started_on'), day('completed_on').as('completed_on'), day('withdrawn_on').as('withdrawn_on')])
    .where('facilitator_id', 'in', facilitatorIds)
    .execute();
  for (const r of rows) {
    result.get(r.facilitator_id)!.push({ module: r.module, status: r.status, enrolledOn: r.enrolled_on, startedOn: r.started_on, completedOn: r.completed_on, withdrawnOn: r.withdrawn_on });
  }
  return result;
}

/** Qualifications already recorded, by person. */
export async function qualificationsOf(db: DB, facilitatorIds: string[]) {
  if (facilitatorIds.length === 0) return [];
  return db.selectFrom('facilitator_qualifications').select(['facilitator_id', 'code', day('achieved_on').as('achieved_on')]).where('facilitator_id', 'in', facilitatorIds).execute();
}

/** The licence types of the places nominations (not released) gave these email addresses. */
export function placesByEmail(db: DB, emails: string[]) {
  if (emails.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('nominations as n')
    .innerJoin('training_ledgers as g', 'g.id', 'n.ledger_id')
    .select([sql<string>`lower(n.nominee_email)`.as('email'), 'g.licence_type'])
    .where((eb) => eb(eb.fn('lower', ['n.nominee_email']), 'in', emails.map((e) => e.toLowerCase())))
    .where('n.status', '<>', 'released')
    .execute();
}

/** Emails booked (not cancelled) on a staff-led course: the course is the Facilitator training (decisions 054, 063). */
export function courseBookingsByEmail(db: DB, emails: string[]) {
  if (emails.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('training_course_bookings')
    .select(sql<string>`lower(email)`.as('email'))
    .where((eb) => eb(eb.fn('lower', ['email']), 'in', emails.map((e) => e.toLowerCase())))
    .where('cancelled_at', 'is', null)
    .execute();
}

/** Writes a person's progress on a module, replacing what was there. */
export async function saveProgress(db: DB, facilitatorId: string, p: ModuleProgress, meta: { source: 'staff' | 'import'; by: string | null; at: Date }): Promise<void> {
  const values = { status: p.status, enrolled_on: p.enrolledOn, started_on: p.startedOn, completed_on: p.completedOn, withdrawn_on: p.withdrawnOn, source: meta.source, updated_by: meta.by, updated_at: meta.at };
  await db
    .insertInto('training_progress')
    .values({ facilitator_id: facilitatorId, module: p.module, ...values })
    .onConflict((oc) => oc.columns(['facilitator_id', 'module']).doUpdateSet(values))
    .execute();
}

/** Issues the facilitator certificate once per person; answers its number, or undefined if one was issued before. */
export async function issueCertificate(db: DB, c: { facilitatorId: string; name: string; completedOn: string }) {
  const row = await db
    .insertInto('facilitator_certificates')
    .values({ facilitator_id: c.facilitatorId, name: c.name, completed_on: c.completedOn })
    .onConflict((oc) => oc.column('facilitator_id').doNothing())
    .returning(['id', 'number'])
    .executeTakeFirst();
  return row;
}

export function certificateOf(db: DB, facilitatorId: string) {
  return db
    .selectFrom('facilitator_certificates')
    .select(['id', 'number', 'name', day('completed_on').as('completed_on'), 'issued_at'])
    .where('facilitator_id', '=', facilitatorId)
    .executeTakeFirst();
}
