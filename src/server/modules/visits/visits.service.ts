import { formatLongDate, londonDate } from '../../../domain/iso-date.js';
import { MEETING_STRUCTURE, type StructureItem, VISIT_KINDS } from '../../../domain/visits/meeting-structure.js';
import type { NewVisit, RecordVisit, VisitResponse } from '../../../shared/schemas/visits.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { canSeeOrganisation, organisationScope } from '../../auth/access.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { queueMail } from '../../mail/outbox.js';
import { renderVisitReportPdf } from './visit-report.js';
import * as repo from './visits.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The outbox attachment kind main.ts draws the report with. */
export const VISIT_REPORT_ATTACHMENT = 'visit-report-pdf';

type VisitRow = NonNullable<Awaited<ReturnType<typeof repo.findVisit>>>;

const isStaff = (user: CurrentUser) => user.role === 'central_office' || user.role === 'coordinator';

/** Visits are for Central Office, Coordinators and SMART Leads; a facilitator's role does not give them. */
function refuseFacilitators(user: CurrentUser): void {
  if (user.role === 'facilitator') throw new AppError('forbidden', 'Your role does not give access to this.');
}

/**
 * The visit, if this person may see it: Central Office all, a Coordinator their region's (and a
 * programme lead their programme's) organisations', a SMART Lead their own organisation's. Any
 * other answers exactly as a missing visit does, and the attempt is audited.
 */
async function visibleVisit(deps: AppDeps, user: CurrentUser, actor: Actor, id: string): Promise<VisitRow> {
  refuseFacilitators(user);
  const visit = UUID.test(id) ? await repo.findVisit(deps.db, id) : undefined;
  if (!visit || !canSeeOrganisation(user, { id: visit.organisation_id, region_code: visit.region_code, sector_code: visit.sector_code })) {
    await recordAudit(deps.db, actor, { action: 'visit.read_refused', entityType: 'visit', entityId: id.slice(0, 64) });
    throw notFound('visit');
  }
  return visit;
}

async function view(deps: AppDeps, user: CurrentUser | null, visit: VisitRow): Promise<VisitResponse> {
  const actions = await repo.visitActions(deps.db, visit.id);
  const observed = visit.structure as Record<StructureItem, boolean> | null;
  return {
    id: visit.id,
    kind: visit.kind,
    status: visit.status,
    organisation: { id: visit.organisation_id, name: visit.organisation_name },
    site: { id: visit.site_id, name: visit.site_name },
    meeting: visit.meeting_id ? { id: visit.meeting_id, name: visit.meeting_name ?? 'Meeting' } : null,
    scheduledOn: visit.scheduled_on,
    scheduledTime: visit.scheduled_time,
    visitor: { id: visit.visitor_user_id, name: visit.visitor_name },
    openActions: actions.filter((a) => a.status === 'open').length,
    purpose: visit.purpose,
    visitedOn: visit.visited_on,
    structure: observed ? MEETING_STRUCTURE.map((item) => ({ code: item.code, name: item.name, observed: observed[item.code] === true })) : null,
    observations: visit.observations,
    feedback: visit.feedback,
    reportSentTo: visit.report_sent_to,
    actions: actions.map(actionView),
    canRecord: user !== null && isStaff(user) && visit.status === 'scheduled',
    canCloseActions: user !== null && (isStaff(user) || user.role === 'smart_lead'),
  };
}

function actionView(a: Awaited<ReturnType<typeof repo.visitActions>>[number]) {
  return { id: a.id, visitId: a.visit_id, description: a.description, owner: a.owner, dueOn: a.due_on, status: a.status, doneOn: a.done_on };
}

/**
 * Schedules a site visit (to set up a new meeting and support new facilitators) or a
 * quality-assurance visit to an existing meeting (Section 6, ongoing support). The visitor is the
 * person scheduling it.
 */
export async function scheduleVisit(deps: AppDeps, user: CurrentUser, actor: Actor, input: NewVisit): Promise<VisitResponse> {
  const organisation = await repo.findOrganisation(deps.db, input.organisationId);
  if (!organisation || !canSeeOrganisation(user, organisation)) {
    await recordAudit(deps.db, actor, { action: 'organisation.read_refused', entityType: 'organisation', entityId: input.organisationId });
    throw notFound('organisation');
  }
  const site = await repo.findSite(deps.db, input.siteId);
  if (!site || site.organisation_id !== organisation.id) {
    throw new AppError('validation_failed', 'Choose one of the organisation’s sites.', [{ field: 'siteId', message: 'Choose one of the organisation’s sites' }]);
  }
  if (input.meetingId) {
    const meeting = await repo.findMeeting(deps.db, input.meetingId);
    if (!meeting || meeting.site_id !== site.id) {
      throw new AppError('validation_failed', 'Choose a meeting held at the site, or none.', [{ field: 'meetingId', message: 'Choose a meeting held at the site, or none' }]);
    }
  }
  const { id } = await deps.db.transaction().execute(async (trx) => {
    const created = await repo.insertVisit(trx, {
      kind: input.kind,
      organisationId: organisation.id,
      siteId: site.id,
      meetingId: input.meetingId ?? null,
      scheduledOn: input.scheduledOn,
      scheduledTime: input.scheduledTime ?? null,
      purpose: input.purpose ?? null,
      visitorUserId: user.id,
      createdBy: user.id,
    });
    await recordAudit(trx, actor, { action: 'visit.scheduled', entityType: 'visit', entityId: created.id, after: { ...input, visitorUserId: user.id } });
    return created;
  });
  return view(deps, user, (await repo.findVisit(deps.db, id))!);
}

/** The visits this person may see: scheduled ones first, soonest first, then recorded ones. */
export async function listVisits(deps: AppDeps, user: CurrentUser, query: { organisationId?: string | undefined; status?: 'scheduled' | 'recorded' | undefined; limit: number; offset: number }) {
  refuseFacilitators(user);
  const { rows, total } = await repo.listVisits(deps.db, organisationScope(user), query);
  return {
    items: rows.map((v) => ({
      id: v.id,
      kind: v.kind,
      status: v.status,
      organisation: { id: v.organisation_id, name: v.organisation_name },
      site: { id: v.site_id, name: v.site_name },
      meeting: v.meeting_id ? { id: v.meeting_id, name: v.meeting_name ?? 'Meeting' } : null,
      scheduledOn: v.scheduled_on,
      scheduledTime: v.scheduled_time,
      visitor: { id: v.visitor_user_id, name: v.visitor_name },
      openActions: Number(v.open_actions ?? 0),
    })),
    total,
  };
}

/** One visit with what was recorded and its actions. */
export async function getVisit(deps: AppDeps, user: CurrentUser, actor: Actor, id: string): Promise<VisitResponse> {
  return view(deps, user, await visibleVisit(deps, user, actor, id));
}

/**
 * Records a visit against the SMART Recovery Meeting Structure (Section 8) with observations,
 * feedback and the actions agreed, and emails the feedback report to the SMART Lead as a PDF.
 * A visit is recorded once.
 */
export async function recordVisit(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, input: RecordVisit): Promise<VisitResponse> {
  const visit = await visibleVisit(deps, user, actor, id);
  if (!isStaff(user)) throw new AppError('forbidden', 'Only Central Office and Community Coordinators record visits.');
  if (input.visitedOn > londonDate(deps.now())) {
    throw new AppError('validation_failed', 'A visit is recorded once it has happened.', [{ field: 'visitedOn', message: 'The date of the visit cannot be in the future' }]);
  }
  const lead = await repo.smartLeadContact(deps.db, visit.organisation_id);
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockVisit(trx, visit.id);
    if (locked?.status !== 'scheduled') throw new AppError('conflict', 'This visit has already been recorded.');
    await repo.recordVisit(trx, visit.id, {
      visitedOn: input.visitedOn,
      structure: input.structure,
      observations: input.observations,
      feedback: input.feedback,
      recordedBy: user.id,
      recordedAt: deps.now(),
      reportSentTo: lead?.email ?? null,
    });
    await repo.insertActions(trx, visit.id, input.actions);
    await recordAudit(trx, actor, { action: 'visit.recorded', entityType: 'visit', entityId: visit.id, before: { status: 'scheduled' }, after: { ...input, status: 'recorded', reportSentTo: lead?.email ?? null } });
    if (lead) {
      const kind = VISIT_KINDS[visit.kind];
      await queueMail(trx, {
        to: lead.email,
        kind: 'visit_report',
        subject: `${kind} feedback: ${visit.site_name}, ${formatLongDate(input.visitedOn)}`,
        text: [
          `Hello ${lead.name},`,
          '',
          `Thank you for welcoming ${visit.visitor_name} to ${visit.site_name} on ${formatLongDate(input.visitedOn)}. The feedback report is attached: what was seen against the SMART Recovery Meeting Structure, our feedback, and the ${input.actions.length === 1 ? 'action' : 'actions'} we agreed (${input.actions.length}).`,
          '',
          `You can see the visit and mark actions done in Partner Hub: ${deps.config.publicUrl}/portal/visits/${visit.id}`,
          '',
          'UK SMART Recovery',
        ].join('\n'),
        attachments: [{ kind: VISIT_REPORT_ATTACHMENT, id: visit.id, filename: `visit-report-${input.visitedOn}.pdf` }],
      });
    }
  });
  return view(deps, user, (await repo.findVisit(deps.db, visit.id))!);
}

/** Marks an agreed action done (Central Office, the region's Coordinator, or the organisation's SMART Lead). */
export async function completeAction(deps: AppDeps, user: CurrentUser, actor: Actor, visitId: string, actionId: string): Promise<VisitResponse> {
  const visit = await visibleVisit(deps, user, actor, visitId);
  await deps.db.transaction().execute(async (trx) => {
    const action = UUID.test(actionId) ? await repo.lockAction(trx, visit.id, actionId) : undefined;
    if (!action) throw notFound('action');
    if (action.status === 'done') return;
    const doneOn = londonDate(deps.now());
    await repo.markActionDone(trx, action.id, doneOn, user.id);
    await recordAudit(trx, actor, { action: 'visit_action.done', entityType: 'visit_action', entityId: action.id, before: { status: 'open' }, after: { status: 'done', doneOn, visitId: visit.id } });
  });
  return view(deps, user, (await repo.findVisit(deps.db, visit.id))!);
}

/** Actions agreed at visits the person may see; open ones unless asked otherwise. */
export async function listActions(deps: AppDeps, user: CurrentUser, query: { organisationId?: string | undefined; status: 'open' | 'done' }) {
  refuseFacilitators(user);
  const rows = await repo.listActions(deps.db, organisationScope(user), query);
  return {
    items: rows.map((a) => ({
      id: a.id,
      visitId: a.visit_id,
      description: a.description,
      owner: a.owner,
      dueOn: a.due_on,
      status: a.status,
      doneOn: a.done_on,
      organisation: { id: a.organisation_id, name: a.organisation_name },
      visitedOn: a.visited_on,
    })),
  };
}

/** The meetings registered at a site, to choose the one a visit is to. */
export async function meetingChoices(deps: AppDeps, user: CurrentUser, actor: Actor, siteId: string) {
  const site = await repo.findSite(deps.db, siteId);
  const organisation = site ? await repo.findOrganisation(deps.db, site.organisation_id) : undefined;
  if (!organisation || !canSeeOrganisation(user, organisation)) {
    await recordAudit(deps.db, actor, { action: 'site.read_refused', entityType: 'site', entityId: siteId });
    throw notFound('site');
  }
  return { items: await repo.meetingsAtSite(deps.db, site!.id) };
}

/** The feedback report as a PDF, for the outbox worker (no person is asking) or a download. */
export async function visitReportPdf(deps: AppDeps, visitId: string): Promise<Buffer> {
  const visit = await repo.findVisit(deps.db, visitId);
  if (!visit || visit.status !== 'recorded') throw notFound('visit report');
  return renderVisitReportPdf(await view(deps, null, visit), deps.config.charity);
}

/** The report for someone who may see the visit. */
export async function downloadVisitReport(deps: AppDeps, user: CurrentUser, actor: Actor, id: string): Promise<{ filename: string; pdf: Buffer }> {
  const visit = await visibleVisit(deps, user, actor, id);
  if (visit.status !== 'recorded') throw notFound('visit report');
  return { filename: `visit-report-${visit.visited_on}.pdf`, pdf: await renderVisitReportPdf(await view(deps, user, visit), deps.config.charity) };
}
