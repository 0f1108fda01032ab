import { mayFacilitate } from '../../../domain/eligibility/may-facilitate.js';
import { recheckDueDate, type SafeguardingPolicy } from '../../../domain/eligibility/safeguarding.js';
import { addDays, londonDate, type IsoDate } from '../../../domain/iso-date.js';
import type { NationCode } from '../../../domain/reference.js';
import { SURVEY_OVERDUE_AFTER_DAYS } from '../../../domain/meetings/surveys.js';
import {
  type ContactNoteResponse, type NewContactNote, WORKSPACE_PAGE_SIZE, type WorkspaceHomeResponse, type WorkspaceOrganisationResponse, type WorkspaceSection, type WorkspaceSectionQuery,
  type WorkspaceSectionResponse,
} from '../../../shared/schemas/workspace.js';
import { recordAudit, type Actor } from '../../audit/audit.js';
import { canSeeOrganisation } from '../../auth/access.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { DB } from '../../db/database.js';
import { sharedAnswer } from '../../db/shared-answers.js';
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
export function checkState(checks: { kind: 'dbs' | 'pvg' | 'accessni'; issued_on: string }[], today: IsoDate, policy: SafeguardingPolicy): { check: CheckState; checkDueOn: string | null } {
  const due = checks.map((c) => recheckDueDate({ kind: c.kind, issuedOn: c.issued_on }, policy)).sort().at(-1);
  if (!due) return { check: 'missing', checkDueOn: null };
  if (today >= due) return { check: 'expired', checkDueOn: due };
  if (today >= addDays(due, -CHECK_DUE_SOON_DAYS)) return { check: 'due', checkDueOn: due };
  return { check: 'current', checkDueOn: due };
}

interface Rules {
  code: { version: string };
  policy: SafeguardingPolicy;
}

async function standingOf(db: DB, ids: string[], today: IsoDate, rules?: Rules) {
  const [facts, code, policy] = await Promise.all([repo.facilitatorStanding(db, ids), rules?.code ?? currentCodeOfConduct(db), rules?.policy ?? safeguardingPolicy(db)]);
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

/** What every section of the home page is cut by: the scope, the region, today and the windows that follow from it. */
interface HomeContext {
  db: DB;
  filter: repo.HomeFilter;
  today: IsoDate;
  licences: repo.LicenceWindow;
  registeredFrom: IsoDate;
  overdueOnOrBefore: IsoDate;
  /** The Code of Conduct in force and the recheck policy, read once. */
  rules: () => Promise<Rules>;
}

function homeContext(deps: AppDeps, user: CurrentUser, region: string | undefined): HomeContext {
  const today = londonDate(deps.now());
  let rules: Promise<Rules> | undefined;
  return {
    db: deps.db,
    filter: { scope: networkScope(user), region, today },
    today,
    licences: { expiringBy: addDays(today, EXPIRING_WITHIN_DAYS), lapsedSince: addDays(today, -LAPSED_SHOWN_DAYS) },
    registeredFrom: addDays(today, -NEW_MEETING_DAYS),
    overdueOnOrBefore: addDays(today, -SURVEY_OVERDUE_AFTER_DAYS),
    rules: () => (rules ??= Promise.all([currentCodeOfConduct(deps.db), safeguardingPolicy(deps.db)]).then(([code, policy]) => ({ code, policy }))),
  };
}

async function standingRules(c: HomeContext): Promise<repo.Standing> {
  const { code, policy } = await c.rules();
  return { policy, codeOfConductVersion: code.version, dueSoonDays: CHECK_DUE_SOON_DAYS };
}

const org = (id: string | null, name: string | null) => (id && name ? { id, name } : null);
type Items<S extends WorkspaceSection> = Extract<WorkspaceSectionResponse, { section: S }>['items'];

/** Each section: its total (counted in SQL over the whole scope) and one page of it. */
const SECTIONS: { [S in WorkspaceSection]: { total: (c: HomeContext) => Promise<number>; page: (c: HomeContext, page: repo.Page) => Promise<Items<S>> } } = {
  'nominations-to-enrol': {
    total: (c) => repo.nominationCount(c.db, c.filter),
    page: async (c, page) =>
      (await repo.nominationsToEnrol(c.db, c.filter, page)).map((n) => ({
        id: n.id, nomineeName: n.nominee_name, organisation: { id: n.organisation_id, name: n.organisation_name }, siteName: n.site_name, nominatedOn: n.nominated_on,
      })),
  },
  'new-meetings': {
    total: async (c) => (await meetingCounts(c)).newMeetings,
    page: async (c, page) =>
      (await repo.newMeetings(c.db, c.filter, page, c.registeredFrom)).map((m) => ({
        id: m.id, name: m.name, organisation: org(m.organisation_id, m.organisation_name), regionName: m.region_name, startsOn: m.starts_on, registeredOn: m.registered_on,
      })),
  },
  'smart-leads-not-qualified': {
    total: async (c) => (await repo.organisationCounts(c.db, c.filter)).smartLeadsNotQualified,
    page: async (c, page) =>
      (await repo.smartLeadsNotQualified(c.db, c.filter, page)).map((l) => ({ organisation: { id: l.id, name: l.name }, smartLead: l.lead_name ?? null, inTraining: Boolean(l.in_training) })),
  },
  'facilitators-due': {
    total: async (c) => repo.facilitatorsDueCount(c.db, c.filter, await standingRules(c)),
    page: async (c, page) => {
      const rows = await repo.facilitatorsDue(c.db, c.filter, await standingRules(c), page);
      const ids = rows.map((f) => f.id);
      const [organisations, standing] = await Promise.all([repo.facilitatorOrganisations(c.db, c.filter, ids), standingOf(c.db, ids, c.today, await c.rules())]);
      return rows.map((f) => {
        const s = standing(f.id);
        return {
          id: f.id, name: f.name, organisations: organisations.filter((o) => o.facilitator_id === f.id).map((o) => ({ id: o.id, name: o.name })),
          check: s.check, checkDueOn: s.checkDueOn, checkValidUntil: s.checkDueOn ? addDays(s.checkDueOn, -1) : null, codeOfConductCurrent: s.codeOfConductCurrent,
        };
      });
    },
  },
  'meetings-behind-on-surveys': {
    total: async (c) => (await meetingCounts(c)).behindOnSurveys,
    page: async (c, page) =>
      (await repo.meetingsBehindOnSurveys(c.db, c.filter, page, c.overdueOnOrBefore)).map((m) => ({ id: m.id, name: m.name, organisation: org(m.organisation_id, m.organisation_name), overdue: Number(m.overdue) })),
  },
  licences: {
    total: async (c) => {
      const n = await repo.licenceCounts(c.db, c.filter, c.licences);
      return n.expiring + n.lapsed;
    },
    page: async (c, page) =>
      (await repo.licencesToRenew(c.db, c.filter, c.licences, page)).map((l) => ({
        id: l.id, number: l.number, status: l.status, licenceTypeName: l.licence_type_name, organisation: { id: l.organisation_id, name: l.organisation_name }, siteName: l.site_name, endsOn: l.ends_on,
      })),
  },
  'organisations-without-meetings': {
    total: async (c) => (await repo.organisationCounts(c.db, c.filter)).withoutMeetings,
    page: async (c, page) => (await repo.organisationsWithoutMeetings(c.db, c.filter, page)).map((o) => ({ id: o.id, name: o.name, regionName: o.region_name })),
  },
};

const meetingCounts = (c: HomeContext) => repo.meetingCounts(c.db, c.filter, { registeredFrom: c.registeredFrom, overdueOnOrBefore: c.overdueOnOrBefore });

/**
 * The Coordinator's home page: what needs them in their scope (and the region asked for). Every
 * count is made in SQL over the whole scope; each list is the first page of its section
 * (decision 159), and GET /api/v1/workspace/sections/:section reads the rest.
 */
export async function workspaceHome(deps: AppDeps, user: CurrentUser, query: { region?: string | undefined }): Promise<WorkspaceHomeResponse> {
  const c = homeContext(deps, user, query.region);
  // Shared between requests until anything it reads changes (decision 171): the same scope, region and day give the same page.
  return sharedAnswer(deps.db, { name: 'workspace-home', parts: { scope: c.filter.scope, region: query.region ?? null, today: c.today } }, () => homeAnswer(c, query));
}

async function homeAnswer(c: HomeContext, query: { region?: string | undefined }): Promise<WorkspaceHomeResponse> {
  const first = { limit: WORKSPACE_PAGE_SIZE, offset: 0 };
  const [organisations, nominations, meetings, facilitatorsDue, licences, pages] = await Promise.all([
    repo.organisationCounts(c.db, c.filter),
    SECTIONS['nominations-to-enrol'].total(c),
    meetingCounts(c),
    SECTIONS['facilitators-due'].total(c),
    repo.licenceCounts(c.db, c.filter, c.licences),
    Promise.all([
      SECTIONS['nominations-to-enrol'].page(c, first),
      SECTIONS['new-meetings'].page(c, first),
      SECTIONS['smart-leads-not-qualified'].page(c, first),
      SECTIONS['facilitators-due'].page(c, first),
      SECTIONS['meetings-behind-on-surveys'].page(c, first),
      SECTIONS.licences.page(c, first),
      SECTIONS['organisations-without-meetings'].page(c, first),
    ]),
  ]);
  const [nominationsToEnrol, newMeetings, smartLeadsNotQualified, facilitatorsDuePage, meetingsBehindOnSurveys, licencePage, organisationsWithoutMeetings] = pages;
  return {
    today: c.today,
    scopeLabel: c.filter.scope.label,
    region: query.region ?? null,
    pageSize: WORKSPACE_PAGE_SIZE,
    counts: {
      organisations: organisations.organisations,
      nominationsToEnrol: nominations,
      newMeetings: meetings.newMeetings,
      smartLeadsNotQualified: organisations.smartLeadsNotQualified,
      facilitatorsDue,
      meetingsBehindOnSurveys: meetings.behindOnSurveys,
      licencesExpiring: licences.expiring,
      licencesLapsed: licences.lapsed,
      organisationsWithoutMeetings: organisations.withoutMeetings,
    },
    nominationsToEnrol,
    newMeetings,
    smartLeadsNotQualified,
    facilitatorsDue: facilitatorsDuePage,
    meetingsBehindOnSurveys,
    licences: licencePage,
    organisationsWithoutMeetings,
  };
}

/** One page of one section of the home page, with the section's total, cut by the same scope and region. */
export async function workspaceSection(deps: AppDeps, user: CurrentUser, section: WorkspaceSection, query: WorkspaceSectionQuery): Promise<WorkspaceSectionResponse> {
  const c = homeContext(deps, user, query.region);
  const loader = SECTIONS[section] as { total: (c: HomeContext) => Promise<number>; page: (c: HomeContext, page: repo.Page) => Promise<unknown[]> };
  const [total, items] = await Promise.all([loader.total(c), loader.page(c, { limit: query.limit, offset: query.offset })]);
  return { section, region: query.region ?? null, total, limit: query.limit, offset: query.offset, items } as WorkspaceSectionResponse;
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
        checkValidUntil: s.checkDueOn ? addDays(s.checkDueOn, -1) : null, codeOfConductCurrent: s.codeOfConductCurrent, eligible: eligibility.allowed, reasons: eligibility.reasons.map((r) => r.message),
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
