import type { VolunteerStatus } from '../../../domain/eligibility/may-facilitate.js';
import { formatLongDate, type IsoDate, londonDate } from '../../../domain/iso-date.js';
import type { LicenceTypeCode } from '../../../domain/reference.js';
import { trainingForPlace } from '../../../domain/training/included-places.js';
import {
  changeProgress,
  mayTake,
  type ModuleProgress,
  pathwayOrder,
  type ProgressStatus,
  type Trainee,
  TRAINING_MODULES,
  type TrainingModuleCode,
  trainingModule,
  withProgress,
} from '../../../domain/training/pathway.js';
import type { ProgressChangeRequest, TrainingImportReport, TrainingProgressResponse } from '../../../shared/schemas/training-progress.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { canSeeOrganisation } from '../../auth/access.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { DB } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { queueMail } from '../../mail/outbox.js';
import { createTask } from '../tasks/tasks.repository.js';
import { readCompletions } from './completions-csv.js';
import { renderFacilitatorCertificatePdf } from './facilitator-certificate.js';
import * as repo from './progress.repository.js';
import { recordTrainingQualification } from './training-qualifications.js';
import { refreshListings } from '../meetings/listing.service.js';

type Person = NonNullable<Awaited<ReturnType<typeof repo.findPerson>>>;
type Organisations = Awaited<ReturnType<typeof repo.personOrganisations>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The certificate's printed number, e.g. FC-000042. */
export const certificateNumber = (n: number) => `FC-${String(n).padStart(6, '0')}`;

/**
 * Who may do what with a person's training record: Central Office everything; the Coordinator of
 * one of their organisations' regions may see and record; their organisation's SMART Lead and the
 * person themselves may see it and download the certificate.
 */
function rights(user: CurrentUser, person: Person, organisations: Organisations) {
  const coordinator = user.role === 'coordinator' && organisations.some((o) => canSeeOrganisation(user, o));
  const lead = user.role === 'smart_lead' && organisations.some((o) => o.id === user.organisationId);
  const self = person.user_id === user.id;
  return {
    see: user.role === 'central_office' || coordinator || lead || self,
    record: user.role === 'central_office' || coordinator,
    certificate: user.role === 'central_office' || lead || self,
  };
}

/** The person if the user has the right asked for; otherwise "not found", and the attempt is audited. */
async function visiblePerson(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, need: 'see' | 'record' | 'certificate') {
  const person = UUID.test(id) ? await repo.findPerson(deps.db, id) : undefined;
  const organisations = person ? await repo.personOrganisations(deps.db, person.id) : [];
  const allowed = person ? rights(user, person, organisations) : null;
  if (!person || !allowed?.[need]) {
    await recordAudit(deps.db, actor, { action: `training_progress.${need === 'see' ? 'read' : need}_refused`, entityType: 'facilitator', entityId: id.slice(0, 64) });
    throw notFound('facilitator');
  }
  return { person, organisations, rights: allowed };
}

/** What the pathway rules need about some people, read in the transaction that will write. */
async function trainees(trx: DB, people: { id: string; email: string; uksr_volunteer_status: VolunteerStatus | null }[]): Promise<Map<string, Trainee>> {
  const ids = people.map((p) => p.id);
  const progress = await repo.progressOf(trx, ids);
  const qualifications = await repo.qualificationsOf(trx, ids);
  const places = await repo.placesByEmail(trx, people.map((p) => p.email));
  const booked = new Set((await repo.courseBookingsByEmail(trx, people.map((p) => p.email))).map((b) => b.email));
  return new Map(
    people.map((p) => {
      const own = progress.get(p.id)!;
      // A qualification Central Office recorded before this pathway existed counts as the module completed.
      const earlier = qualifications
        .filter((q) => q.facilitator_id === p.id && !own.some((m) => m.module === q.code && m.status === 'completed'))
        .map((q): ModuleProgress => ({ module: q.code, status: 'completed', enrolledOn: q.achieved_on, startedOn: null, completedOn: q.achieved_on, withdrawnOn: null }));
      const placesFor = places.filter((n) => n.email === p.email.toLowerCase()).flatMap((n) => trainingForPlace(n.licence_type as LicenceTypeCode));
      // A booking on a staff-led course pays for the Facilitator training too (Section 10).
      if (booked.has(p.email.toLowerCase())) placesFor.push('smart-facilitator');
      return [p.id, { progress: [...own.filter((m) => !earlier.some((e) => e.module === m.module)), ...earlier], placesFor, uksrVolunteer: p.uksr_volunteer_status }];
    }),
  );
}

/**
 * What completing a module brings, in the change's transaction: the qualification it gives
 * (so eligibility counts it), and for the SMART Facilitator training the certificate and a task
 * for Central Office to send the Facilitator Manual (Section 6 step 5; Section 10 "Certificate and
 * Facilitator Manual for each qualified facilitator"). Answers whether a certificate was issued.
 */
async function completed(trx: DB, deps: AppDeps, person: Person, module: TrainingModuleCode, on: IsoDate, user: CurrentUser | null): Promise<boolean> {
  const { qualification, name } = trainingModule(module);
  if (qualification && (await recordTrainingQualification(trx, { facilitatorId: person.id, code: qualification, achievedOn: on, recordedBy: user?.id ?? null }))) {
    // A new qualification may let their meetings be listed (docs/decisions/075).
    await refreshListings({ ...deps, db: trx }, { facilitatorIds: [person.id] });
  }
  if (module !== 'smart-facilitator') return false;
  const certificate = await repo.issueCertificate(trx, { facilitatorId: person.id, name: person.name, completedOn: on });
  if (!certificate) return false;
  const number = certificateNumber(certificate.number);
  await createTask(trx, {
    kind: 'training.send_manual',
    title: `Send the Facilitator Manual to ${person.name} (certificate ${number})`,
    subjectType: 'facilitator',
    subjectId: person.id,
    inbox: 'training',
  });
  await queueMail(trx, {
    to: person.email,
    kind: 'facilitator_certificate',
    subject: `Your SMART Facilitator certificate (${number})`,
    text: [
      `Dear ${person.name},`,
      '',
      `Congratulations on completing the ${name} on ${formatLongDate(on)}. You are now a qualified SMART Recovery Facilitator.`,
      '',
      `Your certificate ${number} is on Partner Hub: ${deps.config.publicUrl}/portal/training/people/${person.id}`,
      'We will send your Facilitator Manual shortly. Before you run a meeting, register it with us (Section 6 step 6).',
      '',
      deps.config.charity.name,
    ].join('\n'),
  });
  return true;
}

/** A person's progress on every module of the pathway, why any is closed to them, and their certificate. */
export async function trainingProgress(deps: AppDeps, user: CurrentUser, actor: Actor, facilitatorId: string): Promise<TrainingProgressResponse> {
  const { person, rights: can } = await visiblePerson(deps, user, actor, facilitatorId, 'see');
  const trainee = (await trainees(deps.db, [person])).get(person.id)!;
  const certificate = await repo.certificateOf(deps.db, person.id);
  const today = londonDate(deps.now());
  return {
    facilitator: { id: person.id, name: person.name, email: person.email },
    modules: TRAINING_MODULES.map((m) => {
      const p = trainee.progress.find((x) => x.module === m.code);
      return {
        module: m.code,
        moduleName: m.name,
        status: p?.status ?? null,
        enrolledOn: p?.enrolledOn ?? null,
        startedOn: p?.startedOn ?? null,
        completedOn: p?.completedOn ?? null,
        withdrawnOn: p?.withdrawnOn ?? null,
        blockedBecause: p?.status === 'completed' ? [] : mayTake(m.code, trainee, today).map((r) => r.message),
      };
    }),
    certificate: certificate && can.certificate
      ? { number: certificateNumber(certificate.number), completedOn: certificate.completed_on, url: `/api/v1/facilitators/${person.id}/training/certificate.pdf` }
      : null,
    canRecord: can.record,
  };
}

/** Records one change to a person's progress (Central Office, or the Coordinator of their organisation's region); refused with every reason the pathway gives. */
export async function recordProgress(deps: AppDeps, user: CurrentUser, actor: Actor, facilitatorId: string, change: ProgressChangeRequest): Promise<TrainingProgressResponse> {
  await visiblePerson(deps, user, actor, facilitatorId, 'record');
  const module = change.module as TrainingModuleCode;
  await deps.db.transaction().execute(async (trx) => {
    const person = (await repo.lockPerson(trx, facilitatorId))!;
    const trainee = (await trainees(trx, [person])).get(person.id)!;
    const before = trainee.progress.find((p) => p.module === module) ?? null;
    const result = changeProgress(trainee, module, change.status, change.on, londonDate(deps.now()));
    if (!result.allowed) throw new AppError('rule_broken', result.reasons.map((r) => r.message).join(' '), result.reasons);
    if (result.unchanged) return;
    await repo.saveProgress(trx, person.id, result.progress, { source: 'staff', by: user.id, at: deps.now() });
    if (change.status === 'completed') await completed(trx, deps, person, module, change.on, user);
    await recordAudit(trx, actor, { action: 'training_progress.recorded', entityType: 'facilitator', entityId: person.id, before, after: result.progress });
  });
  return trainingProgress(deps, user, actor, facilitatorId);
}

/**
 * Imports the training platform's CSV export (Central Office). Every row is checked against the
 * pathway first, in date order per person; with any row refused nothing is written and the report
 * lists each refused row and why. A dry run only reports. Rows already recorded change nothing, so
 * the same export can be imported again.
 */
export async function importCompletions(deps: AppDeps, user: CurrentUser, actor: Actor, body: { csv: string; dryRun: boolean }): Promise<TrainingImportReport> {
  const read = readCompletions(body.csv);
  if ('fileProblem' in read) throw new AppError('validation_failed', read.fileProblem, [{ field: 'csv', message: read.fileProblem }]);
  const today = londonDate(deps.now());
  const report = await deps.db.transaction().execute(async (trx) => {
    const people = await repo.lockPeopleByEmail(trx, [...new Set(read.rows.map((r) => r.email))]);
    const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
    const state = await trainees(trx, people);
    const rejected = [...read.rejected];
    const accepted: TrainingImportReport['accepted'] = [];
    const writes: { person: Person; progress: ModuleProgress; before: ModuleProgress | null; line: number }[] = [];
    // Per person in date order, prerequisites first on one day, so the file's own order does not matter.
    const STEP: Record<ProgressStatus, number> = { enrolled: 0, in_progress: 1, withdrawn: 2, completed: 3 };
    const ordered = [...read.rows].sort((a, b) => a.date.localeCompare(b.date) || pathwayOrder(a.module) - pathwayOrder(b.module) || STEP[a.status] - STEP[b.status] || a.line - b.line);
    for (const row of ordered) {
      const person = byEmail.get(row.email);
      if (!person) {
        rejected.push({ line: row.line, email: row.email, reason: `No facilitator record has this email address: add ${row.name || 'the person'} on Partner Hub first.` });
        continue;
      }
      const trainee = state.get(person.id)!;
      const result = changeProgress(trainee, row.module, row.status, row.date, today);
      if (!result.allowed) {
        rejected.push({ line: row.line, email: row.email, reason: result.reasons.map((r) => r.message).join(' ') });
        continue;
      }
      accepted.push({ line: row.line, email: row.email, module: row.module, status: row.status, outcome: result.unchanged ? 'unchanged' : 'recorded' });
      if (result.unchanged) continue;
      writes.push({ person, progress: result.progress, before: trainee.progress.find((p) => p.module === row.module) ?? null, line: row.line });
      state.set(person.id, withProgress(trainee, result.progress));
    }
    rejected.sort((a, b) => a.line - b.line);
    accepted.sort((a, b) => a.line - b.line);
    const result: TrainingImportReport = { dryRun: body.dryRun, imported: false, rows: read.rows.length + read.rejected.length, rejected, accepted, certificatesIssued: 0 };
    if (body.dryRun || rejected.length > 0) return result;
    for (const w of writes) {
      await repo.saveProgress(trx, w.person.id, w.progress, { source: 'import', by: user.id, at: deps.now() });
      if (w.progress.status === 'completed' && w.before?.status !== 'completed') {
        if (await completed(trx, deps, w.person, w.progress.module, w.progress.completedOn!, user)) result.certificatesIssued += 1;
      }
      await recordAudit(trx, actor, { action: 'training_progress.imported', entityType: 'facilitator', entityId: w.person.id, before: w.before, after: { ...w.progress, line: w.line } });
    }
    await recordAudit(trx, actor, { action: 'training_import.completed', entityType: 'training_import', entityId: null, after: { rows: result.rows, recorded: writes.length } });
    return { ...result, imported: true };
  });
  if (!body.dryRun && report.rejected.length > 0) {
    throw new AppError('validation_failed', `${report.rejected.length} of ${report.rows} rows cannot be imported, so nothing was imported. Correct them and import the file again.`, report);
  }
  return report;
}

/** The facilitator certificate (PDF), for the person, their organisation's SMART Lead and Central Office. */
export async function facilitatorCertificate(deps: AppDeps, user: CurrentUser, actor: Actor, facilitatorId: string): Promise<{ pdf: Buffer; filename: string }> {
  const { person } = await visiblePerson(deps, user, actor, facilitatorId, 'certificate');
  const certificate = await repo.certificateOf(deps.db, person.id);
  if (!certificate) throw new AppError('not_found', `${person.name} has no facilitator certificate yet: it is issued when the SMART Facilitator training is completed.`);
  const number = certificateNumber(certificate.number);
  const pdf = await renderFacilitatorCertificatePdf({ name: certificate.name, number, completedOn: certificate.completed_on }, deps.config.charity);
  return { pdf, filename: `facilitator-certificate-${number}.pdf` };
}
