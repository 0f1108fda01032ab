import { mayFacilitate, type Eligibility } from '../../../domain/eligibility/may-facilitate.js';
import { checkValidUntil, recheckDueDate, safeguardingCheckFor, safeguardingCheckName, type SafeguardingPolicy } from '../../../domain/eligibility/safeguarding.js';
import { addDays, formatLongDate, londonDate, type IsoDate } from '../../../domain/iso-date.js';
import { remindersDue } from '../../../domain/licensing/renewals.js';
import type { NationCode, ProgrammeCode } from '../../../domain/reference.js';
import {
  QUALIFICATION_NAMES,
  type CheckDetail,
  type FacilitatorResponse,
  type NewFacilitator,
  type NewSafeguardingCheck,
  type UpdateFacilitator,
  type FacilitatorListResponse,
  type FacilitatorNameListResponse,
} from '../../../shared/schemas/people.js';
import { recordAudit, type Actor } from '../../audit/audit.js';
import { canSeeOrganisation, organisationScope } from '../../auth/access.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { DB } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { assertIfMatch } from '../../versions.js';
import { queueMail, queueMails } from '../../mail/outbox.js';
import { createInvitation } from '../auth/auth.service.js';
import { siteCoverageInput } from '../licences/licences.repository.js';
import * as repo from './people.repository.js';
import { eligibilityPerson } from './eligibility-person.js';
import { refreshListings } from '../meetings/listing.service.js';

export { eligibilityPeople, eligibilityPerson, eligibilitySettings } from './eligibility-person.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A check is shown as "due" from this many days before its recheck date: the first reminder. */
const DUE_SOON_DAYS = 60;
/** Section 8 and docs/decisions/042: reminders 60, 30 and 7 days before a check's recheck date. */
export const SAFEGUARDING_REMINDER_DAYS = [60, 30, 7];
const REMINDER_ACTOR: Actor = { userId: null, label: 'safeguarding reminders' };

type FacilitatorRow = NonNullable<Awaited<ReturnType<typeof repo.findFacilitator>>>;
type OrganisationRow = Awaited<ReturnType<typeof repo.facilitatorOrganisations>>[number];

interface Access {
  facilitator: FacilitatorRow;
  organisations: OrganisationRow[];
  /** Central Office, or a SMART Lead of an organisation the facilitator works for. */
  details: boolean;
  /** The organisations whose link to the facilitator this person manages: Central Office all, a SMART Lead their own. */
  manages: string[];
  /** Central Office only: the email address is how the person is invited and signs in. */
  canEditEmail: boolean;
}

/** The recheck policy Central Office has set. */
export async function safeguardingPolicy(db: DB): Promise<SafeguardingPolicy> {
  const row = await repo.currentPolicy(db);
  return { recheckAfterYears: { dbs: row.dbs_years, pvg: row.pvg_years, accessni: row.accessni_years } };
}

/**
 * Whether this person may see this facilitator, and their check details. Someone outside the
 * facilitator's organisations gets exactly what a missing record gets, and the attempt is audited
 * (docs/decisions/006).
 */
async function access(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, need: 'record' | 'details'): Promise<Access> {
  const facilitator = UUID.test(id) ? await repo.findFacilitator(deps.db, id) : undefined;
  const organisations = facilitator ? await repo.facilitatorOrganisations(deps.db, facilitator.id) : [];
  let record = false;
  let details = false;
  if (facilitator) {
    if (user.role === 'central_office') record = details = true;
    else if (user.role === 'smart_lead') record = details = organisations.some((o) => o.id === user.organisationId);
    else if (user.role === 'coordinator') record = organisations.some((o) => canSeeOrganisation(user, o));
    else record = facilitator.user_id === user.id;
  }
  if (!facilitator || !record || (need === 'details' && !details)) {
    await recordAudit(deps.db, actor, {
      action: need === 'details' ? 'safeguarding_check.read_refused' : 'facilitator.read_refused',
      entityType: 'facilitator',
      entityId: id.slice(0, 64),
    });
    throw notFound('facilitator');
  }
  const manages =
    user.role === 'central_office' ? organisations.map((o) => o.id)
    : user.role === 'smart_lead' ? organisations.filter((o) => o.id === user.organisationId).map((o) => o.id)
    : [];
  return { facilitator, organisations, details, manages, canEditEmail: user.role === 'central_office' };
}

function checkStatus(check: { kind: 'dbs' | 'pvg' | 'accessni'; issued_on: string; decision: string }, today: IsoDate, policy: SafeguardingPolicy) {
  const recheckDueOn = recheckDueDate({ kind: check.kind, issuedOn: check.issued_on }, policy);
  const validUntil = checkValidUntil({ kind: check.kind, issuedOn: check.issued_on }, policy);
  const status =
    check.decision !== 'suitable' ? ('not_suitable' as const)
    : today >= recheckDueOn ? ('expired' as const)
    : today >= addDays(recheckDueOn, -DUE_SOON_DAYS) ? ('due' as const)
    : ('valid' as const);
  return { recheckDueOn, validUntil, status };
}

/** The accepted Code of Conduct version the rules compare with the current one. */
function acceptedVersion(accepted: { version: string; accepted_at: Date }[], current: string) {
  return accepted.find((a) => a.version === current) ?? accepted[0] ?? null;
}

async function recordView(deps: AppDeps, a: Access): Promise<FacilitatorResponse> {
  const { facilitator, organisations } = a;
  const [quals, checkRows, accepted, code, policy, sites, kindsNeeded] = await Promise.all([
    repo.qualifications(deps.db, facilitator.id),
    repo.checks(deps.db, facilitator.id),
    repo.acceptances(deps.db, facilitator.id),
    repo.currentCodeOfConduct(deps.db),
    safeguardingPolicy(deps.db),
    repo.facilitatorSites(deps.db, facilitator.id),
    checkKindsNeeded(deps.db, facilitator.id),
  ]);
  const today = londonDate(deps.now());
  const acceptance = acceptedVersion(accepted, code.version);
  const lead = facilitator.user_id ? await deps.db.selectFrom('users').select('role').where('id', '=', facilitator.user_id).executeTakeFirst() : undefined;
  return {
    id: facilitator.id,
    version: facilitator.version,
    name: facilitator.name,
    email: facilitator.email,
    phone: facilitator.phone,
    hasAccount: facilitator.user_id !== null,
    isVeteran: facilitator.is_veteran,
    inTraining: facilitator.in_training,
    uksrVolunteerStatus: facilitator.uksr_volunteer_status,
    organisations: organisations.map((o) => ({ id: o.id, name: o.name, capacity: o.capacity })),
    sites: sites.map((site) => ({ id: site.id, name: site.name, organisationId: site.organisation_id, nation: site.nation_code })),
    checkKindsNeeded: kindsNeeded,
    qualifications: quals.map((q) => ({ code: q.code, name: QUALIFICATION_NAMES[q.code], achievedOn: q.achieved_on })),
    // Everyone who may see the record sees each check's status and until when it counts; nothing more.
    checks: checkRows.map((c) => {
      const s = checkStatus(c, today, policy);
      return { id: c.id, kind: c.kind, status: s.status, validUntil: s.validUntil };
    }),
    codeOfConduct: {
      currentVersion: code.version,
      acceptedVersion: acceptance?.version ?? null,
      acceptedAt: acceptance ? new Date(acceptance.accepted_at).toISOString() : null,
      current: acceptance?.version === code.version,
    },
    canSeeCheckDetails: a.details,
    isSmartLead: lead?.role === 'smart_lead',
    manages: a.manages,
    canEditEmail: a.canEditEmail,
  };
}

/** The kinds of check the facilitator's work needs: the check follows the nation of the sites where they work (Sections 8 and 9). */
async function checkKindsNeeded(db: DB, facilitatorId: string): Promise<('dbs' | 'pvg' | 'accessni')[]> {
  const nations = await repo.nationsWorkedIn(db, facilitatorId);
  return [...new Set(nations.map((n) => safeguardingCheckFor(n as NationCode)))].sort();
}

/** One facilitator's record, for Central Office, Coordinators of their region, their SMART Lead, and themselves. */
export async function getFacilitator(deps: AppDeps, user: CurrentUser, actor: Actor, id: string): Promise<FacilitatorResponse> {
  return recordView(deps, await access(deps, user, actor, id, 'record'));
}

/** The signed-in person's own facilitator record. */
export async function getMyFacilitator(deps: AppDeps, user: CurrentUser, actor: Actor): Promise<FacilitatorResponse> {
  const mine = await repo.findFacilitatorByUser(deps.db, user.id);
  if (!mine) throw new AppError('not_found', 'You have no facilitator record yet.');
  return getFacilitator(deps, user, actor, mine.id);
}

/**
 * The facilitators the person may see: their organisation's for a SMART Lead, their region's for a
 * Coordinator, all for Central Office. A facilitator gets only the ids and names of the facilitators
 * of their own organisations, to choose who runs a meeting with them (no email, checks or training).
 */
export async function listFacilitators(deps: AppDeps, user: CurrentUser, query: { organisationId?: string; limit: number; offset: number }): Promise<FacilitatorListResponse | FacilitatorNameListResponse> {
  if (user.role === 'facilitator') {
    const { rows, total } = await repo.colleagueFacilitators(deps.db, user.id, query);
    return { items: rows.map((r) => ({ id: r.id, name: r.name })), total };
  }
  const { rows, total } = await repo.listFacilitators(deps.db, organisationScope(user), query);
  const facts = await repo.listFacts(deps.db, rows.map((r) => r.id));
  const [code, policy] = await Promise.all([repo.currentCodeOfConduct(deps.db), safeguardingPolicy(deps.db)]);
  const today = londonDate(deps.now());
  return {
    items: rows.map((r) => {
      const validUntils = facts.checks
        .filter((c) => c.facilitator_id === r.id && c.decision === 'suitable')
        .map((c) => checkStatus(c, today, policy).validUntil)
        .sort();
      return {
        id: r.id,
        name: r.name,
        email: r.email,
        organisations: facts.orgs.filter((o) => o.facilitator_id === r.id).map((o) => o.name),
        qualified: facts.quals.some((q) => q.facilitator_id === r.id && q.code === 'smart-facilitator'),
        checkValidUntil: validUntils.at(-1) ?? null,
        codeOfConductCurrent: facts.accepted.some((a) => a.facilitator_id === r.id && a.version === code.version),
      };
    }),
    total,
  };
}

/**
 * Adds a facilitator and, unless told not to, invites them by email as a facilitator (Section 7:
 * the SMART Lead nominates and supports their organisation's facilitators). Central Office may
 * also add UKSR volunteer facilitators, who belong to no partner organisation.
 */
export async function createFacilitator(deps: AppDeps, user: CurrentUser, actor: Actor, input: NewFacilitator): Promise<{ id: string; invited: boolean }> {
  const organisationId = user.role === 'smart_lead' ? (input.organisationId ?? user.organisationId) : input.organisationId;
  if (user.role === 'smart_lead' && organisationId !== user.organisationId) {
    await recordAudit(deps.db, actor, { action: 'organisation.read_refused', entityType: 'organisation', entityId: organisationId ?? null });
    throw notFound('organisation');
  }
  if (organisationId) {
    const organisation = await deps.db.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst();
    if (!organisation) throw notFound('organisation');
    if (!input.capacity) throw new AppError('validation_failed', 'Say whether they are staff or a volunteer.', [{ field: 'capacity', message: 'Say whether they are staff or a volunteer' }]);
  } else if (!input.uksrVolunteerStatus) {
    throw new AppError('validation_failed', 'Choose the organisation, or add them as a UKSR volunteer.', [{ field: 'organisationId', message: 'Choose the organisation they facilitate for' }]);
  }
  if (await repo.findFacilitatorByEmail(deps.db, input.email)) {
    throw new AppError('conflict', 'There is already a facilitator with that email address.', [{ field: 'email', message: 'There is already a facilitator with this email address' }]);
  }
  const existingUser = await deps.db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.toLowerCase())).executeTakeFirst();
  if (input.invite && existingUser) {
    throw new AppError('conflict', 'Someone with that email address already has an account.', [{ field: 'email', message: 'This email address already has an account' }]);
  }
  return deps.db.transaction().execute(async (trx) => {
    const facilitator = await repo.insertFacilitator(trx, {
      name: input.name,
      email: input.email,
      phone: input.phone || null,
      isVeteran: input.isVeteran,
      inTraining: input.inTraining,
      uksrVolunteerStatus: organisationId ? (input.uksrVolunteerStatus ?? null) : (input.uksrVolunteerStatus ?? 'onboarding'),
    });
    if (organisationId) await repo.addOrganisation(trx, facilitator.id, organisationId, input.capacity!);
    let invited = false;
    if (input.invite) {
      const account = await createInvitation(trx, deps, actor, { email: input.email, name: input.name, role: 'facilitator', organisationId: organisationId ?? undefined });
      await repo.linkUser(trx, facilitator.id, account.id);
      invited = true;
    }
    await recordAudit(trx, actor, {
      action: 'facilitator.created',
      entityType: 'facilitator',
      entityId: facilitator.id,
      after: { ...facilitator, organisationId: organisationId ?? null, capacity: input.capacity ?? null, invited },
    });
    return { id: facilitator.id, invited };
  });
}

/**
 * The record a person may change: Central Office any; a SMART Lead one who facilitates for their
 * organisation. Anyone else (another organisation's SMART Lead) gets the 404 of a missing record,
 * audited; Coordinators are refused by the route policy.
 */
async function manageAccess(deps: AppDeps, user: CurrentUser, actor: Actor, id: string): Promise<Access> {
  const a = await access(deps, user, actor, id, 'record');
  if (user.role !== 'central_office' && a.manages.length === 0) {
    await recordAudit(deps.db, actor, { action: 'facilitator.read_refused', entityType: 'facilitator', entityId: id.slice(0, 64) });
    throw notFound('facilitator');
  }
  return a;
}

const FIELD_COLUMNS = { name: 'name', email: 'email', phone: 'phone', isVeteran: 'is_veteran', inTraining: 'in_training' } as const;

/**
 * A SMART Lead (or Central Office) corrects a facilitator's name, phone, veteran status or "in
 * training"; only Central Office may change the email address, which is how the person is invited
 * and signs in (their account's address changes with it). Audited with the fields before and after.
 */
export async function updateFacilitator(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, input: UpdateFacilitator, ifMatch: string | undefined): Promise<FacilitatorResponse> {
  if (input.email !== undefined && user.role !== 'central_office') {
    throw new AppError('forbidden', "Only Central Office can change a facilitator's email address.", [{ field: 'email', message: 'Ask Central Office to change the email address' }]);
  }
  const a = await manageAccess(deps, user, actor, id);
  const seen = await requireVersion(deps, a, ifMatch);
  await deps.db.transaction().execute(async (trx) => {
    const current = (await repo.lockFacilitator(trx, a.facilitator.id))!;
    if (current.version !== seen) throw new StaleVersion();
    const phone = input.phone === undefined ? undefined : input.phone || null;
    const wanted = { name: input.name, email: input.email, phone, isVeteran: input.isVeteran, inTraining: input.inTraining };
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const set: Parameters<typeof repo.updateFacilitator>[2] = {};
    for (const field of Object.keys(FIELD_COLUMNS) as (keyof typeof FIELD_COLUMNS)[]) {
      const value = wanted[field];
      const column = FIELD_COLUMNS[field];
      if (value === undefined || value === current[column]) continue;
      before[field] = current[column];
      after[field] = value;
      Object.assign(set, { [column]: value });
    }
    if (Object.keys(after).length === 0) return;
    if (set.email !== undefined) {
      if (await repo.emailInUse(trx, set.email, current.id, current.user_id)) {
        throw new AppError('conflict', 'Someone else already uses that email address.', [{ field: 'email', message: 'This email address is already in use' }]);
      }
      if (current.user_id) await repo.setUserEmail(trx, current.user_id, set.email);
    }
    await repo.updateFacilitator(trx, current.id, set, deps.now());
    await recordAudit(trx, actor, { action: 'facilitator.updated', entityType: 'facilitator', entityId: current.id, before, after });
  }).catch((error: unknown) => staleToConflict(error, deps, user, actor, id));
  return recordView(deps, await access(deps, user, actor, id, 'record'));
}

/** Thrown inside an edit's transaction when the record changed after the If-Match check. */
class StaleVersion extends Error {}

/**
 * Refuses an edit made from a stale copy or sent without If-Match (src/server/versions.ts), with
 * the current record in the answer so the form can show what changed. Answers the version seen.
 */
async function requireVersion(deps: AppDeps, a: Access, ifMatch: string | undefined): Promise<number> {
  const view = await recordView(deps, a);
  assertIfMatch(ifMatch, view, view);
  return view.version;
}

/** The record changed between the check and the row lock: answer 412 with the record as it is now. */
async function staleToConflict(error: unknown, deps: AppDeps, user: CurrentUser, actor: Actor, id: string): Promise<never> {
  if (!(error instanceof StaleVersion)) throw error;
  const view = await recordView(deps, await access(deps, user, actor, id, 'record'));
  throw new AppError('precondition_failed', 'Someone else has changed this record since you opened it. Check their changes, then save again.', { currentVersion: view.version, current: view });
}

/**
 * Sets the sites where the facilitator facilitates, among the sites of the organisations the
 * person manages (a SMART Lead's own organisation; Central Office all of theirs). Links to other
 * organisations' sites stay as they are. A site outside those is refused, with the same answer
 * whether or not it exists. Audited with the sites before and after.
 */
export async function setFacilitatorSites(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, siteIds: string[], ifMatch: string | undefined): Promise<FacilitatorResponse> {
  const a = await manageAccess(deps, user, actor, id);
  const seen = await requireVersion(deps, a, ifMatch);
  const allowed = new Map((await repo.sitesOf(deps.db, a.manages)).map((site) => [site.id, site]));
  const wanted = [...new Set(siteIds)];
  if (wanted.some((siteId) => !allowed.has(siteId))) {
    throw new AppError('rule_broken', 'Choose sites of the organisation they facilitate for.', [{ field: 'siteIds', message: 'Choose sites of the organisation they facilitate for' }]);
  }
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockFacilitator(trx, a.facilitator.id);
    if (locked?.version !== seen) throw new StaleVersion();
    const before = (await repo.facilitatorSites(trx, a.facilitator.id)).filter((site) => a.manages.includes(site.organisation_id));
    await repo.replaceSites(trx, a.facilitator.id, a.manages, wanted, user.id);
    const after = wanted.map((siteId) => allowed.get(siteId)!);
    const key = (list: { id: string }[]) => list.map((site) => site.id).sort().join(',');
    if (key(before) === key(after)) return;
    await repo.touchFacilitator(trx, a.facilitator.id, deps.now());
    await recordAudit(trx, actor, {
      action: 'facilitator.sites_changed',
      entityType: 'facilitator',
      entityId: a.facilitator.id,
      before: { sites: before.map((site) => ({ id: site.id, name: site.name })) },
      after: { sites: after.map((site) => ({ id: site.id, name: site.name })) },
    });
  }).catch((error: unknown) => staleToConflict(error, deps, user, actor, id));
  return recordView(deps, await access(deps, user, actor, id, 'record'));
}

/**
 * A SMART Lead removes a facilitator from their organisation (Central Office from any of theirs):
 * the link and the links to that organisation's sites end. The record and its history stay. An
 * account that belonged to that organisation moves to another organisation the person still
 * facilitates for or, with none, is suspended and signed out. The SMART Lead cannot be removed
 * before the role is handed over. Audited, and the person is told by email.
 */
export async function removeFromOrganisation(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, organisationId: string): Promise<{ accountSuspended: boolean }> {
  const a = await manageAccess(deps, user, actor, id);
  const organisation = a.organisations.find((o) => o.id === organisationId);
  if (!organisation || !a.manages.includes(organisation.id)) {
    await recordAudit(deps.db, actor, { action: 'organisation.read_refused', entityType: 'organisation', entityId: organisationId.slice(0, 64) });
    throw notFound('organisation');
  }
  const account = a.facilitator.user_id ? await repo.findUser(deps.db, a.facilitator.user_id) : undefined;
  if (account?.role === 'smart_lead' && account.organisation_id === organisation.id) {
    throw new AppError('rule_broken', `${a.facilitator.name} is the SMART Lead: hand the role to someone else before removing them (Section 7).`);
  }
  const remaining = a.organisations.filter((o) => o.id !== organisation.id);
  return deps.db.transaction().execute(async (trx) => {
    await repo.lockFacilitator(trx, a.facilitator.id);
    const sites = (await repo.facilitatorSites(trx, a.facilitator.id)).filter((site) => site.organisation_id === organisation.id);
    await repo.removeOrganisation(trx, a.facilitator.id, organisation.id);
    let accountAfter: string | null = null;
    if (account && account.organisation_id === organisation.id) {
      if (remaining[0]) {
        await repo.moveUser(trx, account.id, remaining[0].id);
        accountAfter = `moved to ${remaining[0].id}`;
      } else if (account.status !== 'suspended') {
        await repo.suspendUser(trx, account.id, deps.now());
        accountAfter = 'suspended';
      }
    }
    await recordAudit(trx, actor, {
      action: 'facilitator.removed_from_organisation',
      entityType: 'facilitator',
      entityId: a.facilitator.id,
      before: { organisationId: organisation.id, capacity: organisation.capacity, sites: sites.map((site) => site.id), account: account ? { id: account.id, status: account.status } : null },
      after: { organisationId: null, account: accountAfter },
    });
    // Their meetings for that organisation may no longer be listed (docs/decisions/075).
    await refreshListings({ ...deps, db: trx }, { facilitatorIds: [a.facilitator.id] }, { actor });
    await queueMail(trx, {
      to: a.facilitator.email,
      kind: 'facilitator_removed',
      subject: `You are no longer a facilitator for ${organisation.name}`,
      text: [
        `Hello ${a.facilitator.name},`,
        '',
        `${organisation.name} has told us that you no longer facilitate SMART Recovery meetings for them, so Partner Hub no longer lists you as one of their facilitators.`,
        accountAfter === 'suspended' ? 'Your Partner Hub account has been closed. If this is a mistake, please contact your SMART Lead or UK SMART Recovery.' : '',
        '',
        'UK SMART Recovery',
      ].filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n'),
    });
    return { accountSuspended: accountAfter === 'suspended' };
  });
}

/** Central Office records a qualification and the day it was achieved (the training capability will later). */
export async function recordQualification(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, q: { code: 'smart-facilitator' | 'family-and-friends-module' | 'veterans-module'; achievedOn: string }) {
  const { facilitator } = await access(deps, user, actor, id, 'record');
  if (q.achievedOn > londonDate(deps.now())) {
    throw new AppError('validation_failed', 'A qualification cannot be achieved in the future.', [{ field: 'achievedOn', message: 'Enter a date that is not in the future' }]);
  }
  await deps.db.transaction().execute(async (trx) => {
    await repo.upsertQualification(trx, facilitator.id, q.code, q.achievedOn, user.id);
    await recordAudit(trx, actor, { action: 'facilitator.qualification_recorded', entityType: 'facilitator', entityId: facilitator.id, after: q });
    await refreshListings({ ...deps, db: trx }, { facilitatorIds: [facilitator.id] }, { actor });
  });
}

function detail(c: Awaited<ReturnType<typeof repo.checks>>[number], today: IsoDate, policy: SafeguardingPolicy): CheckDetail {
  const s = checkStatus(c, today, policy);
  return {
    id: c.id,
    kind: c.kind,
    status: s.status,
    validUntil: s.validUntil,
    level: c.level,
    certificateNumber: c.certificate_number,
    issuedOn: c.issued_on,
    recheckDueOn: s.recheckDueOn,
    updateServiceSubscribed: c.update_service_subscribed,
    updateServiceCheckedOn: c.update_service_checked_on,
    verifiedBy: c.verified_by_name,
    verifiedOn: c.verified_on,
    decision: c.decision,
  };
}

/**
 * A facilitator's safeguarding check details, for Central Office and the facilitator's own SMART
 * Lead only. Every view is written to the audit trail in the same transaction as the read, so no
 * one sees the details without it being recorded.
 */
export async function viewChecks(deps: AppDeps, user: CurrentUser, actor: Actor, id: string): Promise<CheckDetail[]> {
  const { facilitator } = await access(deps, user, actor, id, 'details');
  const policy = await safeguardingPolicy(deps.db);
  const today = londonDate(deps.now());
  return deps.db.transaction().execute(async (trx) => {
    const rows = await repo.checks(trx, facilitator.id);
    await recordAudit(trx, actor, { action: 'safeguarding_check.viewed', entityType: 'facilitator', entityId: facilitator.id, after: { checks: rows.map((r) => r.id) } });
    return rows.map((r) => detail(r, today, policy));
  });
}

const masked = (n: string) => `${'•'.repeat(Math.max(0, n.length - 4))}${n.slice(-4)}`;

/**
 * Records a safeguarding check someone has seen (Sections 8 and 9), as metadata only. The kind must
 * be one a site of the facilitator's organisations needs: DBS in England and Wales, PVG in Scotland,
 * AccessNI in Northern Ireland.
 */
export async function recordCheck(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, check: NewSafeguardingCheck): Promise<CheckDetail> {
  const { facilitator } = await access(deps, user, actor, id, 'details');
  const today = londonDate(deps.now());
  if (check.issuedOn > today || check.verifiedOn > today) {
    const field = check.issuedOn > today ? 'issuedOn' : 'verifiedOn';
    throw new AppError('validation_failed', 'Dates cannot be in the future.', [{ field, message: 'Enter a date that is not in the future' }]);
  }
  const kinds = await checkKindsNeeded(deps.db, facilitator.id);
  if (kinds.length > 0 && !kinds.includes(check.kind)) {
    throw new AppError('rule_broken', `Their sites need a ${kinds.map(safeguardingCheckName).join(' or ')} check, not ${safeguardingCheckName(check.kind)}.`, [
      { field: 'kind', message: `Choose ${kinds.map(safeguardingCheckName).join(' or ')}: the check follows the nation where they facilitate` },
    ]);
  }
  const policy = await safeguardingPolicy(deps.db);
  return deps.db.transaction().execute(async (trx) => {
    const { id: checkId } = await repo.insertCheck(trx, facilitator.id, check, user.id);
    await recordAudit(trx, actor, {
      action: 'safeguarding_check.recorded',
      entityType: 'facilitator',
      entityId: facilitator.id,
      // The audit trail keeps the metadata with the number masked: it is read more widely than the record.
      after: { checkId, ...check, certificateNumber: masked(check.certificateNumber) },
    });
    await refreshListings({ ...deps, db: trx }, { facilitatorIds: [facilitator.id] }, { actor });
    const row = (await repo.checks(trx, facilitator.id)).find((r) => r.id === checkId)!;
    return detail(row, today, policy);
  });
}

/** Whether the facilitator may facilitate the programme at the site on the day, with every reason (src/domain mayFacilitate). */
export async function eligibility(
  deps: AppDeps,
  user: CurrentUser,
  actor: Actor,
  id: string,
  query: { programme: ProgrammeCode; siteId: string; date?: string },
): Promise<Eligibility & { date: string }> {
  const { facilitator, organisations } = await access(deps, user, actor, id, 'record');
  const site = await repo.findSite(deps.db, query.siteId);
  const siteOrganisation = site ? await deps.db.selectFrom('organisations').select(['id', 'region_code', 'sector_code']).where('id', '=', site.organisation_id).executeTakeFirst() : undefined;
  // The facilitator's own record lets them ask about the sites of the organisations they work for.
  const siteVisible = siteOrganisation && (canSeeOrganisation(user, siteOrganisation) || organisations.some((o) => o.id === siteOrganisation.id));
  if (!site || !siteVisible) {
    await recordAudit(deps.db, actor, { action: 'site.read_refused', entityType: 'site', entityId: query.siteId });
    throw notFound('site');
  }
  const date = query.date ?? londonDate(deps.now());
  const [person, code, policy, licences] = await Promise.all([
    eligibilityPerson(deps.db, facilitator.id),
    repo.currentCodeOfConduct(deps.db),
    safeguardingPolicy(deps.db),
    siteCoverageInput(deps.db, site.id),
  ]);
  const result = mayFacilitate({
    person: person!,
    programme: query.programme,
    site: { nation: site.nation_code as NationCode },
    provider: { kind: 'partner', organisationId: site.organisation_id },
    date,
    codeOfConductCurrentVersion: code.version,
    siteLicences: licences,
    safeguardingPolicy: policy,
  });
  return { ...result, date };
}

/** Central Office sets how often each kind of check must be renewed. */
/** The policy in force and its version (the id of the row in force, since each change adds a row): the ETag of GET and PUT. */
export async function safeguardingPolicyWithVersion(db: DB): Promise<{ policy: SafeguardingPolicy; version: string }> {
  const row = await repo.currentPolicy(db);
  return { policy: { recheckAfterYears: { dbs: row.dbs_years, pvg: row.pvg_years, accessni: row.accessni_years } }, version: row.id };
}

export async function setSafeguardingPolicy(deps: AppDeps, user: CurrentUser, actor: Actor, years: { dbs: number; pvg: number; accessni: number }, ifMatch: string | undefined) {
  return deps.db.transaction().execute(async (trx) => {
    // One change at a time, so two people editing from the same version cannot both succeed.
    await repo.lockPolicy(trx);
    const before = await safeguardingPolicyWithVersion(trx);
    assertIfMatch(ifMatch, before, before.policy);
    await repo.insertPolicy(trx, years, user.id);
    await recordAudit(trx, actor, { action: 'safeguarding_policy.set', entityType: 'safeguarding_policy', before: before.policy.recheckAfterYears, after: years });
    await refreshListings({ ...deps, db: trx }, 'all', { actor });
    return safeguardingPolicyWithVersion(trx);
  });
}

/** The Code of Conduct in force, with the signed-in person's acceptance. */
export async function codeOfConduct(deps: AppDeps, user: CurrentUser) {
  const code = await repo.currentCodeOfConduct(deps.db);
  const mine = await repo.findFacilitatorByUser(deps.db, user.id);
  const acceptance = mine ? acceptedVersion(await repo.acceptances(deps.db, mine.id), code.version) : null;
  return {
    version: code.version,
    body: code.body,
    publishedAt: new Date(code.published_at).toISOString(),
    acceptedVersion: acceptance?.version ?? null,
    acceptedAt: acceptance ? new Date(acceptance.accepted_at).toISOString() : null,
  };
}

/**
 * Central Office publishes a new version of the Facilitator Code of Conduct. From then on nobody
 * counts as having accepted it until they accept the new version (Section 8), and every facilitator
 * with an account is asked by email.
 */
export async function publishCodeOfConduct(deps: AppDeps, user: CurrentUser, actor: Actor, input: { version: string; body: string }) {
  const current = await repo.currentCodeOfConduct(deps.db);
  if (input.version.localeCompare(current.version, 'en', { numeric: true }) <= 0) {
    throw new AppError('conflict', `A new version must come after ${current.version}.`, [{ field: 'version', message: `Give a version after ${current.version}` }]);
  }
  return deps.db.transaction().execute(async (trx) => {
    if (!(await repo.insertCodeOfConduct(trx, input.version, input.body, user.id))) {
      throw new AppError('conflict', `Version ${input.version} is already published.`, [{ field: 'version', message: 'This version is already published' }]);
    }
    await recordAudit(trx, actor, { action: 'code_of_conduct.published', entityType: 'code_of_conduct', entityId: input.version, before: { version: current.version }, after: input });
    // Nobody has accepted the new version yet, so no meeting is listed until its facilitators do (Section 8).
    await refreshListings({ ...deps, db: trx }, 'all', { actor });
    const people = await trx
      .selectFrom('facilitators as f')
      .innerJoin('users as u', 'u.id', 'f.user_id')
      .select(['u.email', 'u.name'])
      .where('u.status', '=', 'active')
      .execute();
    await queueMails(
      trx,
      people.map((p) => ({
        to: p.email,
        kind: 'code_of_conduct',
        subject: `Please accept version ${input.version} of the Facilitator Code of Conduct`,
        text: [
          `Hello ${p.name},`,
          '',
          `UK SMART Recovery has published version ${input.version} of the Facilitator Code of Conduct.`,
          'You need to accept it before you next facilitate. Read and accept it here:',
          '',
          `${deps.config.publicUrl}/portal/my-record`,
          '',
          'UK SMART Recovery',
        ].join('\n'),
      })),
    );
    return { version: input.version };
  });
}

/** The signed-in facilitator accepts the Code of Conduct version they were shown, which must be the one in force. */
export async function acceptCodeOfConduct(deps: AppDeps, user: CurrentUser, actor: Actor, version: string) {
  const mine = await repo.findFacilitatorByUser(deps.db, user.id);
  if (!mine) throw new AppError('not_found', 'You have no facilitator record to accept the Code of Conduct on.');
  const current = await repo.currentCodeOfConduct(deps.db);
  if (version !== current.version) {
    throw new AppError('conflict', `Version ${current.version} is now in force; read it and accept that one.`, [{ field: 'version', message: 'A newer version has been published' }]);
  }
  await deps.db.transaction().execute(async (trx) => {
    if (await repo.insertAcceptance(trx, mine.id, version)) {
      await recordAudit(trx, actor, { action: 'code_of_conduct.accepted', entityType: 'facilitator', entityId: mine.id, after: { version } });
      await refreshListings({ ...deps, db: trx }, { facilitatorIds: [mine.id] }, { actor });
    }
  });
  return codeOfConduct(deps, user);
}

type Standing = Awaited<ReturnType<typeof repo.smartLeadStanding>>[number];

/**
 * Section 7: the SMART Lead should be a qualified SMART Facilitator or undertake the training. The
 * warning when they are neither (or there is no SMART Lead), or null. "In training" is their record
 * saying so, or the Start-Up Form's "will do the training" for the same person.
 */
function warningFor(o: Standing): string | null {
  if (!o.lead_user_id) return 'The organisation has no SMART Lead.';
  if (o.qualified) return null;
  const nominatedToTrain = o.smart_lead_nominee_facilitator === 'will-train' && o.smart_lead_nominee_email?.toLowerCase() === o.lead_email?.toLowerCase();
  if (o.in_training || nominatedToTrain) return null;
  return `${o.lead_name} is the SMART Lead but is neither a qualified SMART Facilitator nor in training (Section 7).`;
}

/** The SMART Lead warning for one organisation, or null. */
export async function smartLeadWarning(db: DB, organisationId: string): Promise<string | null> {
  const [row] = await repo.smartLeadStanding(db, [organisationId]);
  return row ? warningFor(row) : null;
}

/** Central Office's list of organisations whose SMART Lead is neither qualified nor in training. */
export async function smartLeadWarnings(deps: AppDeps) {
  const rows = await repo.smartLeadStanding(deps.db);
  return rows.flatMap((o) => {
    const warning = warningFor(o);
    return warning ? [{ organisationId: o.id, organisationName: o.name, smartLead: o.lead_name ?? null, warning }] : [];
  });
}

/**
 * A SMART Lead hands the role to another facilitator of the organisation with an account (Central
 * Office may do it for them). The new SMART Lead must be qualified or in training (Section 7); the
 * old one stays on as a facilitator. Audited, and both are told by email.
 */
export async function handOverSmartLead(deps: AppDeps, user: CurrentUser, actor: Actor, organisationId: string, facilitatorId: string) {
  const organisation = UUID.test(organisationId)
    ? await deps.db.selectFrom('organisations').select(['id', 'name', 'region_code', 'sector_code']).where('id', '=', organisationId).executeTakeFirst()
    : undefined;
  if (!organisation || !canSeeOrganisation(user, organisation)) {
    await recordAudit(deps.db, actor, { action: 'organisation.read_refused', entityType: 'organisation', entityId: organisationId.slice(0, 64) });
    throw notFound('organisation');
  }
  const { facilitator, organisations } = await access(deps, user, actor, facilitatorId, 'record');
  if (!organisations.some((o) => o.id === organisation.id)) throw notFound('facilitator');
  const account = facilitator.user_id
    ? await deps.db.selectFrom('users').select(['id', 'email', 'name', 'role', 'status', 'organisation_id']).where('id', '=', facilitator.user_id).executeTakeFirst()
    : undefined;
  if (!account || account.status !== 'active' || account.organisation_id !== organisation.id) {
    throw new AppError('rule_broken', 'Only a facilitator who has accepted their invitation to Partner Hub can become the SMART Lead.', [{ field: 'facilitatorId', message: 'They need an active account first' }]);
  }
  if (account.role === 'smart_lead') throw new AppError('conflict', `${account.name} is already the SMART Lead.`);
  const qualified = (await repo.qualifications(deps.db, facilitator.id)).some((q) => q.code === 'smart-facilitator');
  if (!qualified && !facilitator.in_training) {
    throw new AppError('rule_broken', 'The SMART Lead must be a qualified SMART Facilitator or in training (Section 7).', [
      { field: 'facilitatorId', message: 'Choose someone qualified or in training' },
    ]);
  }
  const previous = await repo.smartLeadsOf(deps.db, organisation.id);
  await deps.db.transaction().execute(async (trx) => {
    for (const lead of previous) await repo.setRole(trx, lead.user_id, 'facilitator');
    await repo.setRole(trx, account.id, 'smart_lead');
    await recordAudit(trx, actor, {
      action: 'organisation.smart_lead_handed_over',
      entityType: 'organisation',
      entityId: organisation.id,
      before: { smartLeads: previous.map((p) => p.user_id) },
      after: { smartLead: account.id },
    });
    for (const to of [account, ...previous]) {
      await queueMail(trx, {
        to: to.email,
        kind: 'smart_lead_handover',
        subject: `${account.name} is now the SMART Lead for ${organisation.name}`,
        text: [`Hello ${to.name},`, '', `${account.name} is now the SMART Lead for ${organisation.name} in Partner Hub.`, '', 'UK SMART Recovery'].join('\n'),
      });
    }
  });
  return { smartLead: { userId: account.id, name: account.name } };
}

/**
 * The daily safeguarding reminder run: 60, 30 and 7 days before a check's recheck date, the
 * facilitator and their SMART Leads are emailed, each reminder once (the log's key makes a second
 * run, or two at once, send nothing more). Only the latest suitable check of each kind counts: a
 * renewed check silences the old one's reminders.
 */
export async function runSafeguardingReminders(deps: AppDeps, today: IsoDate = londonDate(deps.now())): Promise<{ remindersSent: number }> {
  const policy = await safeguardingPolicy(deps.db);
  const latest = await repo.latestSuitableChecks(deps.db);
  const withDue = latest.map((c) => ({ ...c, dueOn: recheckDueDate({ kind: c.kind, issuedOn: c.issued_on }, policy) }));
  const sent = await repo.sentSafeguardingReminders(deps.db, withDue.map((c) => c.id));
  const due = withDue.flatMap((c) => {
    const points = remindersDue({ endsOn: c.dueOn }, today, { reminderDays: SAFEGUARDING_REMINDER_DAYS }, sent.get(`${c.id}:${c.dueOn}`) ?? [], false);
    // The day itself is the recheck date; from then the check no longer counts, which is not a reminder.
    return points.length > 0 && today < c.dueOn ? [{ check: c, points }] : [];
  });
  if (due.length === 0) return { remindersSent: 0 };
  const leads = await repo.leadEmailsFor(deps.db, [...new Set(due.map((d) => d.check.facilitator_id))]);
  const remindersSent = await deps.db.transaction().execute(async (trx) => {
    const logged = await repo.logSafeguardingReminders(trx, due.flatMap((d) => d.points.map((daysBefore) => ({ checkId: d.check.id, dueOn: d.check.dueOn, daysBefore }))));
    const loggedChecks = new Set(logged.map((l) => l.check_id));
    const mails = due
      .filter((d) => loggedChecks.has(d.check.id))
      .flatMap(({ check }) => {
        const name = safeguardingCheckName(check.kind);
        const subject = `${check.name}'s ${name} check is due for renewal on ${formatLongDate(check.dueOn)}`;
        const text = [
          'Hello,',
          '',
          `${check.name}'s ${name} check is due for renewal on ${formatLongDate(check.dueOn)}. From that day it no longer counts, and they cannot facilitate until a new check is recorded in Partner Hub.`,
          '',
          'Record the new check (its details only: never upload or send a copy of the certificate) on their page in Partner Hub.',
          '',
          'UK SMART Recovery',
        ].join('\n');
        return [...new Set([check.email, ...(leads.get(check.facilitator_id) ?? [])])].map((to) => ({ to, subject, text, kind: 'safeguarding_reminder' }));
      });
    await queueMails(trx, mails);
    await recordAudit(trx, REMINDER_ACTOR, { action: 'safeguarding_reminders.sent', entityType: 'safeguarding_check', after: { reminders: logged.length, on: today } });
    return logged.length;
  });
  return { remindersSent };
}
