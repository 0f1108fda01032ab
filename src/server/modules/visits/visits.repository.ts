import { type ExpressionBuilder, sql } from 'kysely';
import type { OrganisationScope } from '../../auth/access.js';
import type { DB } from '../../db/database.js';
import type { Database } from '../../db/schema.js';

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
const dayOrNull = (column: string) => sql<string | null>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

/** The scope as a condition on the organisation joined as `o`. */
function inScope(eb: ExpressionBuilder<Database & { o: Database['organisations'] }, 'o'>, scope: OrganisationScope) {
  if (scope.kind === 'all') return eb.val(true);
  if (scope.kind === 'organisation') return eb('o.id', '=', scope.organisationId ?? '00000000-0000-0000-0000-000000000000');
  return eb.or([
    ...(scope.regions.length ? [eb('o.region_code', 'in', scope.regions)] : []),
    ...(scope.sectors.length ? [eb('o.sector_code', 'in', scope.sectors)] : []),
    eb.val(false),
  ]);
}

export function findOrganisation(db: DB, id: string) {
  return db.selectFrom('organisations').select(['id', 'name', 'region_code', 'sector_code']).where('id', '=', id).executeTakeFirst();
}

export function findSite(db: DB, id: string) {
  return db.selectFrom('sites').select(['id', 'organisation_id', 'name']).where('id', '=', id).executeTakeFirst();
}

/** A meeting of the registry, read by id only: the meetings capability owns the table. */
export function findMeeting(db: DB, id: string) {
  return db.selectFrom('meetings').select(['id', 'name', 'site_id', 'organisation_id']).where('id', '=', id).executeTakeFirst();
}

export function meetingsAtSite(db: DB, siteId: string) {
  return db.selectFrom('meetings').select(['id', 'name']).where('site_id', '=', siteId).orderBy('name').execute();
}

export async function insertVisit(
  trx: DB,
  values: { kind: 'site' | 'quality_assurance'; organisationId: string; siteId: string; meetingId: string | null; scheduledOn: string; scheduledTime: string | null; purpose: string | null; visitorUserId: string; createdBy: string },
) {
  return trx
    .insertInto('visits')
    .values({
      kind: values.kind,
      organisation_id: values.organisationId,
      site_id: values.siteId,
      meeting_id: values.meetingId,
      scheduled_on: values.scheduledOn,
      scheduled_time: values.scheduledTime,
      purpose: values.purpose,
      visitor_user_id: values.visitorUserId,
      created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

function visitQuery(db: DB) {
  return db
    .selectFrom('visits as v')
    .innerJoin('organisations as o', 'o.id', 'v.organisation_id')
    .innerJoin('sites as s', 's.id', 'v.site_id')
    .innerJoin('users as u', 'u.id', 'v.visitor_user_id')
    .leftJoin('meetings as m', 'm.id', 'v.meeting_id')
    .select((eb) => [
      'v.id',
      'v.kind',
      'v.status',
      'v.organisation_id',
      'o.name as organisation_name',
      'o.region_code',
      'o.sector_code',
      'v.site_id',
      's.name as site_name',
      'v.meeting_id',
      'm.name as meeting_name',
      day('v.scheduled_on').as('scheduled_on'),
      'v.scheduled_time',
      'v.visitor_user_id',
      'u.name as visitor_name',
      eb
        .selectFrom('visit_actions as a')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('a.visit_id', '=', 'v.id')
        .where('a.status', '=', 'open')
        .as('open_actions'),
    ]);
}

/** Visits in the scope, soonest first among those scheduled and most recent first among those recorded. */
export async function listVisits(db: DB, scope: OrganisationScope, filter: { organisationId?: string | undefined; status?: 'scheduled' | 'recorded' | undefined; limit: number; offset: number }) {
  const base = visitQuery(db)
    .where((eb) => inScope(eb as never, scope))
    .$if(filter.organisationId !== undefined, (q) => q.where('v.organisation_id', '=', filter.organisationId!))
    .$if(filter.status !== undefined, (q) => q.where('v.status', '=', filter.status!));
  const [rows, total] = await Promise.all([
    base.orderBy(sql`v.status = 'recorded'`).orderBy(sql`CASE WHEN v.status = 'scheduled' THEN v.scheduled_on END`).orderBy('v.scheduled_on', 'desc').orderBy('v.id').limit(filter.limit).offset(filter.offset).execute(),
    db
      .selectFrom('visits as v')
      .innerJoin('organisations as o', 'o.id', 'v.organisation_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => inScope(eb as never, scope))
      .$if(filter.organisationId !== undefined, (q) => q.where('v.organisation_id', '=', filter.organisationId!))
      .$if(filter.status !== undefined, (q) => q.where('v.status', '=', filter.status!))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function findVisit(db: DB, id: string) {
  return visitQuery(db)
    .select([
      'v.purpose',
      dayOrNull('v.visited_on').as('visited_on'),
      'v.structure',
      'v.observations',
      'v.feedback',
      'v.report_sent_to',
      'u.email as visitor_email',
    ])
    .where('v.id', '=', id)
    .executeTakeFirst();
}

/** Locks the visit for a change, so two people cannot record it at once. */
export function lockVisit(trx: DB, id: string) {
  return trx.selectFrom('visits').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function visitActions(db: DB, visitId: string) {
  return db
    .selectFrom('visit_actions')
    .select(['id', 'visit_id', 'description', 'owner', dayOrNull('due_on').as('due_on'), 'status', dayOrNull('done_on').as('done_on')])
    .where('visit_id', '=', visitId)
    .orderBy('position')
    .execute();
}

export async function recordVisit(
  trx: DB,
  id: string,
  values: { visitedOn: string; structure: Record<string, boolean>; observations: string; feedback: string; recordedBy: string; recordedAt: Date; reportSentTo: string | null },
) {
  await trx
    .updateTable('visits')
    .set({
      status: 'recorded',
      visited_on: values.visitedOn,
      structure: JSON.stringify(values.structure),
      observations: values.observations,
      feedback: values.feedback,
      recorded_by: values.recordedBy,
      recorded_at: values.recordedAt,
      report_sent_to: values.reportSentTo,
    })
    .where('id', '=', id)
    .execute();
}

export async function insertActions(trx: DB, visitId: string, actions: { description: string; owner?: string | undefined; dueOn?: string | undefined }[]) {
  if (actions.length === 0) return;
  await trx
    .insertInto('visit_actions')
    .values(actions.map((a, position) => ({ visit_id: visitId, position, description: a.description, owner: a.owner ?? null, due_on: a.dueOn ?? null })))
    .execute();
}

export function lockAction(trx: DB, visitId: string, actionId: string) {
  return trx.selectFrom('visit_actions').select(['id', 'status', 'description']).where('visit_id', '=', visitId).where('id', '=', actionId).forUpdate().executeTakeFirst();
}

export async function markActionDone(trx: DB, actionId: string, doneOn: string, doneBy: string) {
  await trx.updateTable('visit_actions').set({ status: 'done', done_on: doneOn, done_by: doneBy }).where('id', '=', actionId).execute();
}

/** Actions agreed at visits in the scope, oldest visit first. */
export function listActions(db: DB, scope: OrganisationScope, filter: { organisationId?: string | undefined; status: 'open' | 'done' }) {
  return db
    .selectFrom('visit_actions as a')
    .innerJoin('visits as v', 'v.id', 'a.visit_id')
    .innerJoin('organisations as o', 'o.id', 'v.organisation_id')
    .select([
      'a.id',
      'a.visit_id',
      'a.description',
      'a.owner',
      dayOrNull('a.due_on').as('due_on'),
      'a.status',
      dayOrNull('a.done_on').as('done_on'),
      'o.id as organisation_id',
      'o.name as organisation_name',
      dayOrNull('v.visited_on').as('visited_on'),
    ])
    .where((eb) => inScope(eb as never, scope))
    .where('a.status', '=', filter.status)
    .$if(filter.organisationId !== undefined, (q) => q.where('v.organisation_id', '=', filter.organisationId!))
    .orderBy('v.visited_on')
    .orderBy('a.position')
    .limit(500)
    .execute();
}

/**
 * Where the feedback report goes: the organisation's SMART Lead (Section 7: the primary point of
 * contact with UKSR), or the SMART Lead the Start-Up Form nominated until they have an account.
 */
export async function smartLeadContact(db: DB, organisationId: string): Promise<{ name: string; email: string } | null> {
  const lead = await db
    .selectFrom('users')
    .select(['name', 'email'])
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'smart_lead')
    .where('status', '<>', 'suspended')
    .orderBy('created_at')
    .executeTakeFirst();
  if (lead) return lead;
  const nominee = await db.selectFrom('organisations').select(['smart_lead_nominee_name', 'smart_lead_nominee_email']).where('id', '=', organisationId).executeTakeFirst();
  return nominee?.smart_lead_nominee_email ? { name: nominee.smart_lead_nominee_name ?? 'SMART Lead', email: nominee.smart_lead_nominee_email } : null;
}
