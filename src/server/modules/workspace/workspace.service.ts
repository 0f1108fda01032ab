import { mayFacilitate } from '../../../domain/eligibility/may-facilitate.js';
import { recheckDueDate, type SafeguardingPolicy } from '../../../domain/eligibility/safeguarding.js';
import { addDays, londonDate, type IsoDate } from '../../../domain/iso-date.js';
import type { NationCode } from '../../../domain/reference.js';
import { meetingRunningBetween } from '../../../domain/reports/network.js';
import { SURVEY_OVERDUE_AFTER_DAYS } from '../../../domain/meetings/surveys.js';
import type { ContactNoteResponse, NewContactNote, WorkspaceHomeResponse, WorkspaceOrganisationResponse } from '../../../shared/schemas/workspace.js';
import { recordAudit, type Actor } from '../../audit/audit.js';
import { canSeeOrganisation } from '../../auth/access.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { DB } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { siteCoverageInput } from '../licences/licences.repository.js';
import { findOrganisation } from '../organisations/organisations.repository.js';
import { eligibilityPeople } from '../people/eligibility-person.js';
import { currentCodeOfConduct, smartLeadStanding } from '../people/people.repository.js';
import { safeguardingPolicy } from '../people/people.service.js';
import { postcodeKey } from '../postcodes/geocoder.js';
import * as reports from '../reports/network-reports.repository.js';
import { networkScope } from '../reports/network-scope.js';
import * as repo from './workspace.repository.js';

/**
 * The Coordinator's workspace (decisions 125–126): what needs them in their region or programme,
 * each partner organisation's page, and notes of contact. Central Office sees the same pages for
 * the whole network (or one region).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A meeting registered this recently is "new": the Coordinator gets in touch to support it. */
export const NEW_MEETING_DAYS = 30;
/** Licences ending this soon are listed, as on the licence report. */
export const EXPIRING_WITHIN_DAYS = 90;
/** A safeguarding check is "due" this long before its recheck date (as on the facilitator record). */
export const CHECK_DUE_SOON_DAYS = 60;
/** Lapsed licences stay on the home page this long after they ended. */
export const LAPSED_SHOWN_DAYS = 365;

type CheckState = 'missing' | 'due' | 'expired' | 'current';

/** The check that runs out last decides: missing, expired, due within 60 days, or current. */
function checkState(checks: { kind: 'dbs' | 'pvg' | 'accessni'; issued_on: string }[], today: IsoDate, policy: SafeguardingPolicy): { check: CheckState; checkDueOn: string | null } {
  const due = checks.map((c) => recheckDueDate({ kind: c.kind, issuedOn: c.issued_on }, policy)).sort().at(-1);
  if (!due) return { check: 'missing', checkDueOn: null };
  if (today >= due) return { check: 'expired', checkDueOn: due };
  if (today >= addDays(due, -CHECK_DUE_SOON_DAYS)) return { check: 'due', checkDueOn: due };
  return { check: 'current', checkDueOn: due };
}

async function standingOf(db: DB, ids: string[], today: IsoDate) {
  const [facts, code, policy] = await Promise.all([repo.facilitatorStanding(db, ids), currentCodeOfConduct(db), safeguardingPolicy(db)]);
  // Grouped by person once: 20,000 facilitators at the ten-times network made a search per person
  // through every row take seconds (decision 152).
  const qualified = new Set(facts.quals.filter((q) => q.code === 'smart-facilitator').map((q) => q.facilitator_id));
  const accepted = new Set(facts.accepted.filter((a) => a.version === code.version).map((a) => a.facilitator_id));
  const checksOf = new Map<string, (typeof facts.checks)[number][]>();
  for (const c of facts.checks) checksOf.set(c.facilitator_id, [...(checksOf.get(c.facilitator_id) ?? []), c]);
  return (id: string) => ({
    qualified: qualified.has(id),
    ...checkState(checksOf.get(id) ?? [], today, policy),
    codeOfConductCurrent: accepted.has(id),
  });
}

/** The Coordinator's home page: everything in their scope (and the region asked for) that needs them. */
export async function workspaceHome(deps: AppDeps, user: CurrentUser, query: { region?: string | undefined }): Promise<WorkspaceHomeResponse> {
  const scope = networkScope(user);
  const today = londonDate(deps.now());
  const region = query.region;
  const [organisations, nominations, allMeetings, licences, facilitatorRows] = await Promise.all([
    reports.scopedOrganisations(deps.db, scope, region),
    repo.nominationsToEnrol(deps.db, scope, region),
    reports.scopedMeetings(deps.db, scope),
    reports.scopedLicences(deps.db, scope, region),
    repo.scopedFacilitators(deps.db, scope, region),
  ]);
  const meetings = region ? allMeetings.filter((m) => m.region_code === region) : allMeetings;
  const running = meetings.filter((m) => meetingRunningBetween({ status: m.status, startsOn: m.starts_on, endsOn: m.ends_on }, today, today) || (m.status === 'running' && m.starts_on > today));
  const newMeetings = running.filter((m) => m.registered_on >= addDays(today, -NEW_MEETING_DAYS));
  const overdue = await reports.overdueSurveysByMeeting(deps.db, running.map((m) => m.id), addDays(today, -SURVEY_OVERDUE_AFTER_DAYS));
  const behind = running.filter((m) => (overdue.get(m.id) ?? 0) > 0);

  const orgIds = organisations.map((o) => o.id);
  const leads = orgIds.length ? await smartLeadStanding(deps.db, orgIds) : [];
  const leadsNotQualified = leads.filter((l) => !l.qualified);

  const rowsOf = new Map<string, typeof facilitatorRows>();
  for (const f of facilitatorRows) rowsOf.set(f.id, [...(rowsOf.get(f.id) ?? []), f]);
  const facilitatorIds = [...rowsOf.keys()];
  const standing = await standingOf(deps.db, facilitatorIds, today);
  const facilitatorsDue = facilitatorIds.flatMap((id) => {
    const s = standing(id);
    if (s.check === 'current' && s.codeOfConductCurrent) return [];
    const rows = rowsOf.get(id)!;
    return [{ id, name: rows[0]!.name, organisations: rows.map((r) => ({ id: r.organisation_id, name: r.organisation_name })), check: s.check, checkDueOn: s.checkDueOn, codeOfConductCurrent: s.codeOfConductCurrent }];
  });

  const expiring = licences.filter((l) => l.status === 'active' && l.ends_on >= today && l.ends_on <= addDays(today, EXPIRING_WITHIN_DAYS));
  const lapsed = licences.filter((l) => l.status === 'in_grace' || (l.status === 'lapsed' && l.ends_on >= addDays(today, -LAPSED_SHOWN_DAYS)));
  // "Without any meeting yet": no meeting of theirs anywhere, whatever the meeting's region.
  const withMeetings = new Set(allMeetings.map((m) => m.organisation_id));
  const withoutMeetings = organisations.filter((o) => !withMeetings.has(o.id));

  const org = (id: string | null, name: string | null) => (id && name ? { id, name } : null);
  return {
    today,
    scopeLabel: scope.label,
    region: region ?? null,
    counts: {
      organisations: organisations.length,
      nominationsToEnrol: nominations.length,
      newMeetings: newMeetings.length,
      smartLeadsNotQualified: leadsNotQualified.length,
      facilitatorsDue: facilitatorsDue.length,
      meetingsBehindOnSurveys: behind.length,
      licencesExpiring: expiring.length,
      licencesLapsed: lapsed.length,
      organisationsWithoutMeetings: withoutMeetings.length,
    },
    nominationsToEnrol: nominations.map((n) => ({ id: n.id, nomineeName: n.nominee_name, organisation: { id: n.organisation_id, name: n.organisation_name }, siteName: n.site_name, nominatedOn: n.nominated_on })),
    newMeetings: newMeetings.map((m) => ({ id: m.id, name: m.name, organisation: org(m.organisation_id, m.organisation_name), regionName: m.region_name, startsOn: m.starts_on, registeredOn: m.registered_on })),
    smartLeadsNotQualified: leadsNotQualified.map((l) => ({ organisation: { id: l.id, name: l.name }, smartLead: l.lead_name ?? null, inTraining: Boolean(l.in_training) })),
    facilitatorsDue,
    meetingsBehindOnSurveys: behind.map((m) => ({ id: m.id, name: m.name, organisation: org(m.organisation_id, m.organisation_name), overdue: overdue.get(m.id) ?? 0 })),
    licences: [...expiring, ...lapsed].map((l) => ({
      id: l.id, number: l.number, status: l.status, licenceTypeName: l.licence_type_name, organisation: { id: l.organisation_id, name: l.organisation_name }, siteName: l.site_name, endsOn: l.ends_on,
    })),
    organisationsWithoutMeetings: withoutMeetings.map((o) => ({ id: o.id, name: o.name, regionName: o.region_name })),
  };
}

/** The organisation, if the person may see it; otherwise the "not found" of a missing one, audited. */
async function visibleOrganisation(deps: AppDeps, user: CurrentUser, actor: Actor, id: string) {
  const organisation = UUID.test(id) ? await findOrganisation(deps.db, id) : undefined;
  if (!organisation || !canSeeOrganisation(user, organisation)) {
    await recordAudit(deps.db, actor, { action: 'organisation.read_refused', entityType: 'organisation', entityId: id.slice(0, 64) });
    throw notFound('organisation');
  }
  return organisation;
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ORDINALS: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', [-1]: 'last' };

function describeSchedule(m: { frequency: string; day: number; week_of_month: number | null; start_time: string; end_time: string }): string {
  const day = DAY_NAMES[m.day] ?? '';
  const times = `${m.start_time} to ${m.end_time}`;
  if (m.frequency === 'monthly') return `The ${ORDINALS[m.week_of_month ?? 1] ?? ''} ${day} of each month, ${times}`;
  return `${m.frequency === 'fortnightly' ? 'Every other' : 'Every'} ${day}, ${times}`;
}

const noteView = (n: Awaited<ReturnType<typeof repo.contactNotes>>[number]): ContactNoteResponse => ({
  id: n.id, contactOn: n.contact_on, kind: n.kind, summary: n.summary, recordedBy: n.recorded_by ?? null, recordedAt: new Date(n.created_at).toISOString(),
});

/** One partner organisation's page: sites on a map, licences, facilitators and their eligibility, meetings, visits, notes of contact. */
export async function workspaceOrganisation(deps: AppDeps, user: CurrentUser, actor: Actor, id: string): Promise<WorkspaceOrganisationResponse> {
  const organisation = await visibleOrganisation(deps, user, actor, id);
  const today = londonDate(deps.now());
  const [sites, licences, meetings, visits, notes, facilitatorRows, [lead]] = await Promise.all([
    repo.organisationSites(deps.db, organisation.id),
    repo.organisationLicences(deps.db, organisation.id),
    repo.organisationMeetings(deps.db, organisation.id),
    repo.organisationVisits(deps.db, organisation.id),
    repo.contactNotes(deps.db, organisation.id),
    repo.scopedFacilitators(deps.db, { organisations: { kind: 'organisation', organisationId: organisation.id }, uksrMeetings: { kind: 'some', regions: [], programmes: [] }, label: '' }),
    smartLeadStanding(deps.db, [organisation.id]),
  ]);
  const coordinates = await reports.postcodeCoordinates(deps.db, sites.map((s) => postcodeKey(s.postcode)));

  // Eligibility: may each facilitator run a SMART Recovery meeting at the organisation's main site today (src/domain mayFacilitate)?
  const facilitatorIds = facilitatorRows.map((f) => f.id);
  const mainSite = sites.find((s) => !s.satellite) ?? sites[0];
  const [people, code, policy, coverage, standing] = await Promise.all([
    eligibilityPeople(deps.db, facilitatorIds),
    currentCodeOfConduct(deps.db),
    safeguardingPolicy(deps.db),
    mainSite ? siteCoverageInput(deps.db, mainSite.id) : Promise.resolve(undefined),
    standingOf(deps.db, facilitatorIds, today),
  ]);

  return {
    organisation: {
      id: organisation.id, name: organisation.name, organisationType: organisation.organisation_type, sectorName: organisation.sector_name,
      regionName: organisation.region_name, address: organisation.address, postcode: organisation.postcode,
    },
    smartLead: { name: lead?.lead_name ?? null, qualified: Boolean(lead?.qualified), inTraining: Boolean(lead?.in_training) },
    sites: sites.map((s) => {
      const at = coordinates.get(postcodeKey(s.postcode));
      return { id: s.id, name: s.name, address: s.address, postcode: s.postcode, regionName: s.region_name, satellite: s.satellite, latitude: at?.latitude ?? null, longitude: at?.longitude ?? null };
    }),
    licences: licences.map((l) => ({ id: l.id, number: l.number, licenceTypeName: l.licence_type_name, status: l.status, siteName: l.site_name, startsOn: l.starts_on, endsOn: l.ends_on })),
    facilitators: facilitatorRows.map((f) => {
      const person = people.get(f.id);
      const s = standing(f.id);
      const eligibility =
        person && mainSite
          ? mayFacilitate({
              person, programme: 'smart-recovery', site: { nation: mainSite.nation_code as NationCode }, provider: { kind: 'partner', organisationId: organisation.id },
              date: today, codeOfConductCurrentVersion: code.version, siteLicences: coverage, safeguardingPolicy: policy,
            })
          : { allowed: false, reasons: [{ message: 'The organisation has no site.' }] };
      return {
        id: f.id, name: f.name, qualified: s.qualified, inTraining: f.in_training, check: s.check, checkDueOn: s.checkDueOn,
        codeOfConductCurrent: s.codeOfConductCurrent, eligible: eligibility.allowed, reasons: eligibility.reasons.map((r) => r.message),
      };
    }),
    meetings: meetings.map((m) => ({
      id: m.id, name: m.name, programmeName: m.programme_name, status: m.status, when: describeSchedule(m), siteName: m.site_name, publiclyVisible: m.publicly_visible,
      latitude: m.latitude === null ? null : Number(m.latitude), longitude: m.longitude === null ? null : Number(m.longitude),
    })),
    visits: visits.map((v) => ({ id: v.id, kind: v.kind, status: v.status, scheduledOn: v.scheduled_on, visitedOn: v.visited_on, siteName: v.site_name })),
    notes: notes.map(noteView),
  };
}

/** A Coordinator (or Central Office) records a dated note of contact with an organisation they support; audited. */
export async function addContactNote(deps: AppDeps, user: CurrentUser, actor: Actor, organisationId: string, input: NewContactNote): Promise<ContactNoteResponse> {
  const organisation = await visibleOrganisation(deps, user, actor, organisationId);
  if (input.contactOn > londonDate(deps.now())) {
    throw new AppError('validation_failed', 'The date of the contact is in the future.', [{ field: 'body.contactOn', message: 'The date of the contact must be today or earlier' }]);
  }
  return deps.db.transaction().execute(async (trx) => {
    const { id } = await repo.insertContactNote(trx, { organisationId: organisation.id, contactOn: input.contactOn, kind: input.kind, summary: input.summary, recordedBy: user.id });
    await recordAudit(trx, actor, { action: 'contact_note.created', entityType: 'organisation', entityId: organisation.id, after: { noteId: id, ...input } });
    const note = (await repo.contactNotes(trx, organisation.id)).find((n) => n.id === id)!;
    return noteView(note);
  });
}
