import { addDays, londonDate } from '../../../domain/iso-date.js';
import { completionRate, SURVEY_OVERDUE_AFTER_DAYS } from '../../../domain/meetings/surveys.js';
import { LICENCE_TYPES, type OrganisationType } from '../../../domain/reference.js';
import { licenceInOperationOn, meetingRunningBetween, monthEnd, monthsBetween, postcodeArea, weeksBetween } from '../../../domain/reports/network.js';
import type { NetworkCsvTable, NetworkMapResponse, NetworkReportResponse } from '../../../shared/schemas/reports.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { postcodeKey } from '../postcodes/geocoder.js';
import * as repo from './network-reports.repository.js';
import { networkScope } from './network-scope.js';

/**
 * The network reports (decisions 127–129): meetings running each week, licences in operation, the
 * training funnel, survey completion, visit coverage and income, for Central Office over the whole
 * network and for a Coordinator over their region or programme, always through `networkScope`.
 */

type Count = { key: string; label: string; count: number };

function countBy<T>(rows: readonly T[], key: (r: T) => string, label: (r: T) => string): Count[] {
  const counts = new Map<string, Count>();
  for (const r of rows) {
    const k = key(r);
    const c = counts.get(k) ?? { key: k, label: label(r), count: 0 };
    c.count += 1;
    counts.set(k, c);
  }
  return [...counts.values()].sort((a, b) => a.label.localeCompare(b.label, 'en-GB'));
}

const span = (m: repo.ScopedMeeting) => ({ status: m.status, startsOn: m.starts_on, endsOn: m.ends_on });
const licenceSpan = (l: repo.ScopedLicence) => ({ status: l.status, startsOn: l.starts_on, endsOn: l.ends_on });
const ORGANISATION_TYPE_NAMES: Record<OrganisationType, string> = { 'non-profit': 'Non-profit', 'for-profit': 'For-profit', corporate: 'Corporate' };

export interface ReportQuery {
  region?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

function period(today: string, q: ReportQuery) {
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -364);
  if (from > to) throw new AppError('validation_failed', 'The period is back to front.', [{ field: 'query.from', message: 'The start must be on or before the end' }]);
  if (addDays(from, 366 * 5) < to) throw new AppError('validation_failed', 'The period is too long.', [{ field: 'query.from', message: 'Choose a period of five years or less' }]);
  return { from, to };
}

/** Every figure on the network dashboard, for the person's scope, a region and a period. */
export async function networkReport(deps: AppDeps, user: CurrentUser, q: ReportQuery): Promise<NetworkReportResponse> {
  const scope = networkScope(user);
  const today = londonDate(deps.now());
  const { from, to } = period(today, q);
  const region = q.region;
  const [meetings, licences, organisations, nominations, qualified, visits, income] = await Promise.all([
    repo.scopedMeetings(deps.db, scope, region),
    repo.scopedLicences(deps.db, scope, region),
    repo.scopedOrganisations(deps.db, scope, region),
    repo.nominationCounts(deps.db, scope, { region, from, to }),
    repo.qualifiedCount(deps.db, scope, { region, from, to }),
    repo.recordedVisits(deps.db, scope, { region, from, to }),
    repo.incomeByProgramme(deps.db, scope, { region, from, to }),
  ]);

  const thisWeek = weeksBetween(today, today)[0]!;
  const runningIn = (monday: string) => meetings.filter((m) => meetingRunningBetween(span(m), monday, addDays(monday, 6)));
  const runningNow = meetings.filter((m) => meetingRunningBetween(span(m), today, today));
  const runningThisWeek = runningIn(thisWeek);
  const inPeriod = meetings.filter((m) => meetingRunningBetween(span(m), from, to));

  const inOperation = licences.filter((l) => licenceInOperationOn(licenceSpan(l), today, today));
  const [facilitating, surveys] = await Promise.all([
    repo.facilitatorsOf(deps.db, runningNow.map((m) => m.id)),
    repo.surveyCounts(deps.db, inPeriod.map((m) => m.id), { from, to, overdueOnOrBefore: addDays(today, -SURVEY_OVERDUE_AFTER_DAYS) }),
  ]);
  const partnerRunning = runningNow.filter((m) => m.organisation_id !== null);
  const qaMeetings = new Set(visits.filter((v) => v.kind === 'quality_assurance' && v.meeting_id).map((v) => v.meeting_id));
  const nominated = [...nominations.entries()].filter(([status]) => status !== 'released').reduce((s, [, n]) => s + n, 0);

  return {
    from,
    to,
    today,
    region: region ?? null,
    scopeLabel: scope.label,
    meetings: {
      runningThisWeek: runningThisWeek.length,
      byWeek: weeksBetween(from, to).map((monday) => ({ weekStarting: monday, count: runningIn(monday).length })),
      byRegion: countBy(runningThisWeek, (m) => m.region_code, (m) => m.region_name),
      byProgramme: countBy(runningThisWeek, (m) => m.programme_code, (m) => m.programme_name),
    },
    licences: {
      inOperation: inOperation.length,
      byMonth: monthsBetween(from, to).map((month) => {
        const onDay = monthEnd(month) < to ? monthEnd(month) : to;
        return { month, count: licences.filter((l) => licenceInOperationOn(licenceSpan(l), onDay, today)).length };
      }),
      byRegion: countBy(inOperation, (l) => l.region_code, (l) => l.region_name),
      byProgramme: countBy(inOperation, (l) => l.licence_type, (l) => l.licence_type_name),
      byOrganisationType: countBy(inOperation, (l) => l.organisation_type, (l) => ORGANISATION_TYPE_NAMES[l.organisation_type as keyof typeof ORGANISATION_TYPE_NAMES] ?? l.organisation_type),
      bySector: countBy(inOperation, (l) => l.sector_code, (l) => l.sector_name),
    },
    training: { nominated, enrolled: nominations.get('instructions_sent') ?? 0, qualified, facilitating },
    surveys: { ...surveys, rate: completionRate(surveys) },
    visits: {
      organisations: organisations.length,
      organisationsVisited: new Set(visits.map((v) => v.organisation_id)).size,
      runningMeetings: partnerRunning.length,
      meetingsQualityAssured: partnerRunning.filter((m) => qaMeetings.has(m.id)).length,
      visitsRecorded: visits.length,
    },
    income: {
      totalPence: income.reduce((s, r) => s + r.pence, 0),
      byProgramme: income.map((r) => ({ key: r.licenceType, label: LICENCE_TYPES.find((t) => t.code === r.licenceType)?.name ?? 'Other (training, publications)', pence: r.pence })),
    },
  };
}

/** One table of the dashboard as CSV rows. */
export function networkReportCsv(report: NetworkReportResponse, table: NetworkCsvTable): { headers: string[]; rows: (string | number | null)[][] } {
  const counts = (what: string, rows: Count[]) => ({ headers: [what, 'Count'], rows: rows.map((r) => [r.label, r.count]) });
  switch (table) {
    case 'summary':
      return {
        headers: ['Figure', 'Value'],
        rows: [
          ['Period from', report.from], ['Period to', report.to], ['Region', report.region ?? 'All in scope'],
          ['Meetings running this week', report.meetings.runningThisWeek], ['Licences in operation', report.licences.inOperation],
          ['Nominated', report.training.nominated], ['Enrolled', report.training.enrolled], ['Qualified', report.training.qualified], ['Facilitating', report.training.facilitating],
          ['Survey completion (%)', report.surveys.rate], ['Organisations visited', report.visits.organisationsVisited], ['Organisations', report.visits.organisations],
          ['Income (£)', (report.income.totalPence / 100).toFixed(2)],
        ],
      };
    case 'meetings-by-week':
      return { headers: ['Week starting', 'Meetings running'], rows: report.meetings.byWeek.map((w) => [w.weekStarting, w.count]) };
    case 'meetings-by-region':
      return counts('Region', report.meetings.byRegion);
    case 'meetings-by-programme':
      return counts('Programme', report.meetings.byProgramme);
    case 'licences-by-month':
      return { headers: ['Month', 'Licences in operation'], rows: report.licences.byMonth.map((m) => [m.month, m.count]) };
    case 'licences-by-region':
      return counts('Region', report.licences.byRegion);
    case 'licences-by-programme':
      return counts('Programme', report.licences.byProgramme);
    case 'licences-by-organisation-type':
      return counts('Organisation type', report.licences.byOrganisationType);
    case 'licences-by-sector':
      return counts('Sector', report.licences.bySector);
    case 'training-funnel':
      return { headers: ['Stage', 'People'], rows: [['Nominated', report.training.nominated], ['Enrolled', report.training.enrolled], ['Qualified', report.training.qualified], ['Facilitating', report.training.facilitating]] };
    case 'survey-completion':
      return {
        headers: ['Completed', 'Not held', 'Due', 'Overdue', 'Completion (%)'],
        rows: [[report.surveys.completed, report.surveys.notHeld, report.surveys.due, report.surveys.overdue, report.surveys.rate]],
      };
    case 'visit-coverage':
      return {
        headers: ['Organisations', 'Organisations visited', 'Partner meetings running', 'Meetings quality assured', 'Visits recorded'],
        rows: [[report.visits.organisations, report.visits.organisationsVisited, report.visits.runningMeetings, report.visits.meetingsQualityAssured, report.visits.visitsRecorded]],
      };
    case 'income-by-programme':
      return { headers: ['Programme', 'Income (£)'], rows: report.income.byProgramme.map((r) => [r.label, (r.pence / 100).toFixed(2)]) };
  }
}

/**
 * The map of the network: licensed sites (placed by their postcode in the ONS directory table),
 * running meetings (by their own coordinates), and the gaps: licensed sites with no running
 * meeting, regions and postcode areas with licensed sites but no meeting, and regions whose
 * Coordinator post is vacant.
 */
export async function networkMap(deps: AppDeps, user: CurrentUser, q: { region?: string | undefined }): Promise<NetworkMapResponse> {
  const scope = networkScope(user);
  const today = londonDate(deps.now());
  const [sites, licences, meetings, regions] = await Promise.all([
    repo.scopedSites(deps.db, scope, q.region),
    repo.scopedLicences(deps.db, scope, q.region),
    repo.scopedMeetings(deps.db, scope, q.region),
    repo.regionsWithPosts(deps.db),
  ]);
  const licensedSiteIds = new Set(licences.filter((l) => licenceInOperationOn(licenceSpan(l), today, today)).map((l) => l.site_id));
  const licensed = sites.filter((s) => licensedSiteIds.has(s.id));
  const running = meetings.filter((m) => meetingRunningBetween(span(m), today, today));
  const meetingSites = new Set(running.map((m) => m.site_id).filter(Boolean));
  const meetingAreas = new Set(running.map((m) => postcodeArea(m.site_postcode ?? m.venue_postcode)).filter(Boolean));
  const coordinates = await repo.postcodeCoordinates(deps.db, licensed.map((s) => postcodeKey(s.postcode)));

  const points: NetworkMapResponse['points'] = [
    ...licensed.map((s) => {
      const at = coordinates.get(postcodeKey(s.postcode));
      return {
        kind: 'site' as const, id: s.id, name: s.name, organisationName: s.organisation_name, regionName: s.region_name, postcode: s.postcode,
        latitude: at?.latitude ?? null, longitude: at?.longitude ?? null, gap: !meetingSites.has(s.id),
      };
    }),
    ...running.map((m) => ({
      kind: 'meeting' as const, id: m.id, name: m.name, organisationName: m.organisation_name, regionName: m.region_name, postcode: m.site_postcode ?? m.venue_postcode,
      latitude: m.latitude === null ? null : Number(m.latitude), longitude: m.longitude === null ? null : Number(m.longitude), gap: false,
    })),
  ];

  // The regions shown: all for Central Office; otherwise the person's own and any where their scope has a site or meeting.
  const shown = new Set([...user.regions, ...licensed.map((s) => s.region_code), ...running.map((m) => m.region_code)]);
  const regionRows = regions
    .filter((r) => (q.region ? r.code === q.region : scope.organisations.kind === 'all' || shown.has(r.code)))
    .map((r) => {
      const licensedSites = licensed.filter((s) => s.region_code === r.code).length;
      const runningMeetings = running.filter((m) => m.region_code === r.code).length;
      return { code: r.code, name: r.name, licensedSites, runningMeetings, coordinatorVacant: r.coordinatorVacant, gap: licensedSites > 0 && runningMeetings === 0 };
    });

  const areas = new Map<string, { area: string; regionName: string; licensedSites: number }>();
  for (const s of licensed) {
    const area = postcodeArea(s.postcode);
    if (!area || meetingAreas.has(area)) continue;
    const a = areas.get(area) ?? { area, regionName: s.region_name, licensedSites: 0 };
    a.licensedSites += 1;
    areas.set(area, a);
  }
  return { region: q.region ?? null, points, regions: regionRows, areaGaps: [...areas.values()].sort((a, b) => a.area.localeCompare(b.area)) };
}
