import { sql } from 'kysely';
import { londonDate } from '../../../domain/iso-date.js';
import { onboardingProgress, type OnboardingStage, type StageRecord } from '../../../domain/eligibility/volunteer-onboarding.js';
import { inboxEmail } from '../../../domain/names.js';
import type { VolunteerApplication } from '../../../shared/schemas/volunteers.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { refreshListings } from '../meetings/listing.service.js';
import type { DB } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { queueMail } from '../../mail/outbox.js';
import { createTask } from '../tasks/tasks.repository.js';

/**
 * An application to volunteer goes to the volunteer inbox (Section 11) and starts the onboarding
 * record. A repeat application from the same email changes nothing, and the answer is the same
 * either way, so the form does not reveal who has applied.
 */
export async function applyToVolunteer(deps: AppDeps, application: VolunteerApplication): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('facilitators').select('id').where(sql`lower(email)`, '=', application.email).executeTakeFirst();
    if (existing) return;
    const facilitator = await trx
      .insertInto('facilitators')
      .values({ name: application.name, email: application.email, phone: application.phone ?? null, uksr_volunteer_status: 'onboarding' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('volunteer_onboarding_stages').values({ facilitator_id: facilitator.id, stage: 'application', completed_on: londonDate(deps.now()), outcome: 'passed' }).execute();
    await createTask(trx, { kind: 'volunteer.application', title: `Volunteer application: ${application.name}`, subjectType: 'facilitator', subjectId: facilitator.id, inbox: 'volunteer' });
    await queueMail(trx, {
      to: inboxEmail('volunteer'),
      kind: 'volunteer_application',
      subject: `Volunteer application: ${application.name}`,
      text: `${application.name} (${application.email}${application.phone ? `, ${application.phone}` : ''}) has applied to be a UKSR volunteer facilitator in ${application.region}.`,
    });
    await queueMail(trx, {
      to: application.email,
      kind: 'volunteer_application_received',
      subject: 'Your application to volunteer with UK SMART Recovery',
      text: `Hello ${application.name},\n\nThank you for applying to volunteer as a SMART facilitator. Our team will be in touch to arrange an interview.\n\nUK SMART Recovery`,
    });
    await recordAudit(trx, { userId: null, label: application.email }, { action: 'volunteer.applied', entityType: 'facilitator', entityId: facilitator.id, after: { name: application.name, region: application.region } });
  });
}

async function stagesOf(db: DB, facilitatorId: string) {
  return db
    .selectFrom('volunteer_onboarding_stages as v')
    .leftJoin('users as u', 'u.id', 'v.recorded_by')
    .select(['v.stage', sql<string>`to_char(v.completed_on, 'YYYY-MM-DD')`.as('completed_on'), 'v.outcome', 'u.email as recorded_by'])
    .where('v.facilitator_id', '=', facilitatorId)
    .execute();
}

/** A volunteer's onboarding: each stage with its date, outcome and who recorded it, and what is still to do. */
export async function getVolunteer(deps: AppDeps, facilitatorId: string) {
  const facilitator = await deps.db
    .selectFrom('facilitators')
    .select(['id', 'name', 'email', 'uksr_volunteer_status'])
    .where('id', '=', facilitatorId)
    .where('uksr_volunteer_status', 'is not', null)
    .executeTakeFirst();
  if (!facilitator) throw notFound('volunteer');
  const stages = await stagesOf(deps.db, facilitatorId);
  const progress = onboardingProgress(stages.map((s) => ({ stage: s.stage as OnboardingStage, completedOn: s.completed_on, outcome: s.outcome })));
  return {
    facilitatorId: facilitator.id,
    name: facilitator.name,
    email: facilitator.email,
    status: facilitator.uksr_volunteer_status!,
    stages: stages.map((s) => ({ stage: s.stage, completedOn: s.completed_on, outcome: s.outcome, recordedBy: s.recorded_by })),
    outstanding: progress.outstanding,
  };
}

/** Volunteers in onboarding (or all), oldest first. */
export async function listVolunteers(deps: AppDeps, status?: string) {
  let query = deps.db.selectFrom('facilitators').select('id').where('uksr_volunteer_status', 'is not', null);
  if (status) query = query.where('uksr_volunteer_status', '=', status as 'onboarding');
  const rows = await query.orderBy('created_at').limit(500).execute();
  return Promise.all(rows.map((r) => getVolunteer(deps, r.id)));
}

/**
 * Records a stage's date and outcome (recording it again replaces it, and the audit keeps both).
 * The volunteer becomes active when every stage is passed, and goes back to onboarding if one is not.
 */
export async function recordStage(deps: AppDeps, actor: Actor, facilitatorId: string, record: StageRecord & { note?: string | undefined }) {
  await deps.db.transaction().execute(async (trx) => {
    const facilitator = await trx.selectFrom('facilitators').select(['id', 'uksr_volunteer_status']).where('id', '=', facilitatorId).forUpdate().executeTakeFirst();
    if (!facilitator?.uksr_volunteer_status) throw notFound('volunteer');
    const before = await trx.selectFrom('volunteer_onboarding_stages').selectAll().where('facilitator_id', '=', facilitatorId).where('stage', '=', record.stage).executeTakeFirst();
    await trx
      .insertInto('volunteer_onboarding_stages')
      .values({ facilitator_id: facilitatorId, stage: record.stage, completed_on: record.completedOn, outcome: record.outcome, note: record.note ?? null, recorded_by: actor.userId })
      .onConflict((oc) =>
        oc.columns(['facilitator_id', 'stage']).doUpdateSet({ completed_on: record.completedOn, outcome: record.outcome, note: record.note ?? null, recorded_by: actor.userId, recorded_at: deps.now() }),
      )
      .execute();
    await recordAudit(trx, actor, { action: 'volunteer.stage_recorded', entityType: 'facilitator', entityId: facilitatorId, before: before ?? undefined, after: record });
    const stages = await stagesOf(trx, facilitatorId);
    const { active } = onboardingProgress(stages.map((s) => ({ stage: s.stage as OnboardingStage, completedOn: s.completed_on, outcome: s.outcome })));
    const next = active ? 'active' : facilitator.uksr_volunteer_status === 'active' ? 'onboarding' : facilitator.uksr_volunteer_status;
    if (next !== facilitator.uksr_volunteer_status) {
      await trx.updateTable('facilitators').set({ uksr_volunteer_status: next }).where('id', '=', facilitatorId).execute();
      await recordAudit(trx, actor, { action: 'volunteer.status_changed', entityType: 'facilitator', entityId: facilitatorId, before: { status: facilitator.uksr_volunteer_status }, after: { status: next } });
      await refreshListings({ ...deps, db: trx }, { facilitatorIds: [facilitatorId] }, { actor });
    }
  });
  return getVolunteer(deps, facilitatorId);
}
