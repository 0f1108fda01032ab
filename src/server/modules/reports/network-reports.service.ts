import { addDays, londonDate } from '../../../domain/iso-date.js';
import { completionRate, SURVEY_OVERDUE_AFTER_DAYS } from '../../../domain/meetings/surveys.js';
import { LICENCE_TYPES, ORGANISATION_TYPE_NAMES } from '../../../domain/reference.js';
import {
  licenceInOperationOn, type LicenceSpan, MAP_CELL_DEGREES, MAP_POINT_LIMIT, mapCell, meetingRunningBetween, type MeetingSpan, monthEnd, monthsBetween, postcodeArea, weeksBetween,
} from '../../../domain/reports/network.js';
import type { NetworkCsvTable, NetworkMapResponse, NetworkReportResponse } from '../../../shared/schemas/reports.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { AppDeps } from '../../deps.js';
import { sharedAnswer } from '../../db/shared-answers.js';
import { AppError } from '../../errors.js';
import { postcodeKey } from '../postcodes/geocoder.js';
import * as repo from './network-reports.repository.js';
import { type NetworkScope, networkScope } from './network-scope.js';

/**
 * The network reports (decisions 127–129): meetings running each week, licences in operation, the
 * training funnel, survey completion, visit coverage and income, for Central Office over the whole
 * network and for a Coordinator over their region or programme, always through `networkScope`.
 */

type Count = { key: string; label: string; count: number };

/** Rows counted by a key, each row standing for `weight(r)` things (decision 161: SQL counts, the rules run per group). */
function countBy<T>(rows: readonly T[], key: (r: T) => string, label: (r: T) => string, weight: (r: T) => number = () => 1): Count[] {
  const counts = new Map<string, Count>();
  for (const r of rows) {
    const k = key(r);
    const c = counts.get(k) ?? { key: k, label: label(r), count: 0 };
    c.count += weight(r);
    counts.set(k, c);
  }
  return [...counts.values()].filter((c) => c.count > 0).sort((a, b) => a.label.localeCompare(b.label, 'en-GB'));
}

const total = (spans: readonly repo.SpanCount[]) => spans.reduce((sum, s) => sum + s.n, 0);
const meetingSpan = (s: repo.SpanCount): MeetingSpan => ({ status: s.status as MeetingSpan['status'], startsOn: s.starts_on, endsOn: s.ends_on });
const licenceSpan = (s: repo.SpanCount): LicenceSpan => ({ status: s.status as LicenceSpan['status'], startsOn: s.starts_on, endsOn: s.ends_on ?? s.starts_on });
/** The spans `rule` accepts, and the rest (the queries test whichever list is shorter). */
function chooseSpans(all: readonly repo.SpanCount[], rule: (s: repo.SpanCount) => boolean): { accepted: repo.SpanCount[]; refused: repo.SpanCount[] } {
  const accepted: repo.SpanCount[] = [];
  const refused: repo.SpanCount[] = [];
  for (const s of all) (rule(s) ? accepted : refused).push(s);
  return { accepted, refused };
}
/** The meeting spans the rule counts as running at some point from..to. */
const runningBetween = (spans: readonly repo.SpanCount[], from: string, to: string) => chooseSpans(spans, (s) => meetingRunningBetween(meetingSpan(s), from, to));
/** The licence spans the rule counts as in operation on a day. */
const inOperationOn = (spans: readonly repo.SpanCount[], date: string, today: string) => chooseSpans(spans, (s) => licenceInOperationOn(licenceSpan(s), date, today));

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

/**
 * Every figure on the network dashboard, for the person's scope, a region and a period. Counted in
 * SQL (decision 161): meetings and licences come back counted by span, the rules of
 * src/domain/reports/network.ts decide which spans count for each week, month and day, and the
 * figures that need the meetings themselves (by region, facilitators, surveys, visits) are counted
 * in SQL over the spans the rules accepted.
 */
export async function networkReport(deps: AppDeps, user: CurrentUser, q: ReportQuery): Promise<NetworkReportResponse> {
  const scope = networkScope(user);
  const today = londonDate(deps.now());
  const { from, to } = period(today, q);
  const region = q.region;
  // Shared between requests until anything it reads changes (decision 171).
  return sharedAnswer(deps.db, { name: 'network-report', parts: { scope, today, from, to, region: region ?? null } }, () => reportAnswer(deps, { scope, today, from, to, region }));
}

async function reportAnswer(deps: AppDeps, { scope, today, from, to, region }: { scope: NetworkScope; today: string; from: string; to: string; region: string | undefined }): Promise<NetworkReportResponse> {
  const [meetingSpans, licenceSpans, organisations, nominations, qualified, visits, income] = await Promise.all([
    repo.meetingSpanCounts(deps.db, scope, region),
    repo.licenceSpanCounts(deps.db, scope, region),
    repo.organisationCount(deps.db, scope, region),
    repo.nominationCounts(deps.db, scope, { region, from, to }),
    repo.qualifiedCount(deps.db, scope, { region, from, to }),
    repo.recordedVisitCounts(deps.db, scope, { region, from, to }),
    repo.incomeByProgramme(deps.db, scope, { region, from, to }),
  ]);

  const thisWeek = weeksBetween(today, today)[0]!;
  const runningThisWeek = runningBetween(meetingSpans, thisWeek, addDays(thisWeek, 6));
  const runningNow = runningBetween(meetingSpans, today, today);
  const inPeriod = runningBetween(meetingSpans, from, to);
  const inOperation = inOperationOn(licenceSpans, today, today);

  const [running, licences, facilitating, surveys, meetingsQualityAssured] = await Promise.all([
    repo.meetingsRunningByRegionAndProgramme(deps.db, scope, { region, thisWeek: runningThisWeek, today: runningNow }),
    repo.licencesByKind(deps.db, scope, { region, spans: inOperation }),
    repo.facilitatorsOfSpans(deps.db, scope, { region, spans: runningNow }),
    repo.surveyCountsOfSpans(deps.db, scope, { region, spans: inPeriod, from, to, overdueOnOrBefore: addDays(today, -SURVEY_OVERDUE_AFTER_DAYS) }),
    repo.qualityAssuredMeetings(deps.db, scope, { region, spans: runningNow, from, to }),
  ]);
  const nominated = [...nominations.entries()].filter(([status]) => status !== 'released').reduce((s, [, n]) => s + n, 0);
  const byLicences = (key: (l: (typeof licences)[number]) => string, label: (l: (typeof licences)[number]) => string) => countBy(licences, key, label, (l) => l.n);

  return {
    from,
    to,
    today,
    region: region ?? null,
    scopeLabel: scope.label,
    meetings: {
      runningThisWeek: total(runningThisWeek.accepted),
      byWeek: weeksBetween(from, to).map((monday) => ({ weekStarting: monday, count: total(runningBetween(meetingSpans, monday, addDays(monday, 6)).accepted) })),
      byRegion: countBy(running, (m) => m.region_code, (m) => m.region_name, (m) => m.this_week),
      byProgramme: countBy(running, (m) => m.programme_code, (m) => m.programme_name, (m) => m.this_week),
    },
    licences: {
      inOperation: total(inOperation.accepted),
      byMonth: monthsBetween(from, to).map((month) => {
        const onDay = monthEnd(month) < to ? monthEnd(month) : to;
        return { month, count: total(inOperationOn(licenceSpans, onDay, today).accepted) };
      }),
      byRegion: byLicences((l) => l.region_code, (l) => l.region_name),
      byProgramme: byLicences((l) => l.licence_type, (l) => l.licence_type_name),
      byOrganisationType: byLicences((l) => l.organisation_type, (l) => ORGANISATION_TYPE_NAMES[l.organisation_type as keyof typeof ORGANISATION_TYPE_NAMES] ?? l.organisation_type),
      bySector: byLicences((l) => l.sector_code, (l) => l.sector_name),
    },
    training: { nominated, enrolled: nominations.get('instructions_sent') ?? 0, qualified, facilitating },
    surveys: { ...surveys, rate: completionRate(surveys) },
    visits: {
      organisations,
      organisationsVisited: visits.organisations,
      runningMeetings: running.reduce((sum, m) => sum + m.partner_today, 0),
      meetingsQualityAssured,
      visitsRecorded: visits.visits,
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
 * Coordinator post is vacant. Every place is a point while there are at most MAP_POINT_LIMIT;
 * beyond that they are counted by region and map cell (decision 161). The gaps are always exact.
 */
export async function networkMap(deps: AppDeps, user: CurrentUser, q: { region?: string | undefined }): Promise<NetworkMapResponse> {
  const scope = networkScope(user);
  const today = londonDate(deps.now());
  const region = q.region;
  // Shared between requests until anything it reads changes (decision 171); the person's own regions are always shown.
  return sharedAnswer(deps.db, { name: 'network-map', parts: { scope, today, region: region ?? null, ownRegions: user.regions } }, () => mapAnswer(deps, user, { scope, today, region }));
}

async function mapAnswer(deps: AppDeps, user: CurrentUser, { scope, today, region }: { scope: NetworkScope; today: string; region: string | undefined }): Promise<NetworkMapResponse> {
  const [meetingSpans, licenceSpans, regions] = await Promise.all([
    repo.meetingSpanCounts(deps.db, scope, region),
    repo.licenceSpanCounts(deps.db, scope, region),
    repo.regionsWithPosts(deps.db),
  ]);
  const runningSpans = runningBetween(meetingSpans, today, today);
  const runningCount = total(runningSpans.accepted);
  const [licensed, meetingCells, meetingPostcodes, meetings] = await Promise.all([
    repo.licensedSitesOfSpans(deps.db, scope, { region, licenceSpans: inOperationOn(licenceSpans, today, today), meetingSpans: runningSpans }),
    repo.meetingsByCell(deps.db, scope, { region, spans: runningSpans, cellDegrees: MAP_CELL_DEGREES }),
    repo.meetingPostcodes(deps.db, scope, { region, spans: runningSpans }),
    runningCount <= MAP_POINT_LIMIT ? repo.meetingsOfSpans(deps.db, scope, { region, spans: runningSpans, limit: MAP_POINT_LIMIT }) : Promise.resolve([]),
  ]);
  const coordinates = await repo.postcodeCoordinates(deps.db, licensed.map((s) => postcodeKey(s.postcode)));
  const sites = licensed.map((s) => {
    const at = coordinates.get(postcodeKey(s.postcode));
    return { ...s, latitude: at?.latitude ?? null, longitude: at?.longitude ?? null };
  });
  const meetingAreas = new Set(meetingPostcodes.map((postcode) => postcodeArea(postcode)).filter(Boolean));
  const grouped = sites.length + runningCount > MAP_POINT_LIMIT;

  const points: NetworkMapResponse['points'] = grouped
    ? []
    : [
        ...sites.map((s) => ({
          kind: 'site' as const, id: s.id, name: s.name, organisationName: s.organisation_name, regionName: s.region_name, postcode: s.postcode,
          latitude: s.latitude, longitude: s.longitude, gap: !s.has_meeting,
        })),
        ...meetings.map((m) => ({
          kind: 'meeting' as const, id: m.id, name: m.name, organisationName: m.organisation_name, regionName: m.region_name, postcode: m.postcode,
          latitude: m.latitude, longitude: m.longitude, gap: false,
        })),
      ];
  const regionName = (code: string) => regions.find((r) => r.code === code)?.name ?? code;
  const groups = grouped ? groupPlaces(sites, meetingCells, regionName) : [];

  // The regions shown: all for Central Office; otherwise the person's own and any where their scope has a site or meeting.
  const shown = new Set([...user.regions, ...sites.map((s) => s.region_code), ...meetingCells.map((c) => c.region_code)]);
  const regionRows = regions
    .filter((r) => (region ? r.code === region : scope.organisations.kind === 'all' || shown.has(r.code)))
    .map((r) => {
      const licensedSites = sites.filter((s) => s.region_code === r.code).length;
      const runningMeetings = meetingCells.filter((c) => c.region_code === r.code).reduce((sum, c) => sum + c.n, 0);
      return { code: r.code, name: r.name, licensedSites, runningMeetings, coordinatorVacant: r.coordinatorVacant, gap: licensedSites > 0 && runningMeetings === 0 };
    });

  const areas = new Map<string, { area: string; regionName: string; licensedSites: number }>();
  for (const s of sites) {
    const area = postcodeArea(s.postcode);
    if (!area || meetingAreas.has(area)) continue;
    const a = areas.get(area) ?? { area, regionName: s.region_name, licensedSites: 0 };
    a.licensedSites += 1;
    areas.set(area, a);
  }
  return {
    region: region ?? null,
    grouped,
    points,
    groups,
    sitesWithoutMeeting: sites
      .filter((s) => !s.has_meeting)
      .map((s) => ({ id: s.id, name: s.name, organisationName: s.organisation_name, regionName: s.region_name, postcode: s.postcode, latitude: s.latitude, longitude: s.longitude })),
    regions: regionRows,
    areaGaps: [...areas.values()].sort((a, b) => a.area.localeCompare(b.area)),
  };
}

/**
 * Licensed sites and the running meetings' counts by cell (from SQL) gathered into one group per
 * region and map cell (`mapCell`), placed at the mean of its places' coordinates; the places with
 * no coordinates of a region make one group with none.
 */
export function groupPlaces(
  sites: readonly { region_code: string; latitude: number | null; longitude: number | null; has_meeting: boolean }[],
  meetingCells: readonly { region_code: string; cell_row: number | null; cell_column: number | null; n: number; placed: number; latitude_sum: number | null; longitude_sum: number | null }[],
  regionName: (code: string) => string,
): NetworkMapResponse['groups'] {
  type Group = { key: string; region: string; licensedSites: number; sitesWithoutMeeting: number; runningMeetings: number; placed: number; latitudeSum: number; longitudeSum: number };
  const groups = new Map<string, Group>();
  const groupOf = (region: string, cell: { row: number; column: number } | null) => {
    const key = `${region}:${cell ? `${cell.row}:${cell.column}` : 'unplaced'}`;
    const g = groups.get(key) ?? { key, region, licensedSites: 0, sitesWithoutMeeting: 0, runningMeetings: 0, placed: 0, latitudeSum: 0, longitudeSum: 0 };
    groups.set(key, g);
    return g;
  };
  for (const s of sites) {
    const cell = mapCell(s.latitude, s.longitude);
    const g = groupOf(s.region_code, cell);
    g.licensedSites += 1;
    if (!s.has_meeting) g.sitesWithoutMeeting += 1;
    if (cell) {
      g.placed += 1;
      g.latitudeSum += s.latitude!;
      g.longitudeSum += s.longitude!;
    }
  }
  for (const c of meetingCells) {
    const g = groupOf(c.region_code, c.cell_row === null || c.cell_column === null ? null : { row: c.cell_row, column: c.cell_column });
    g.runningMeetings += c.n;
    g.placed += c.placed;
    g.latitudeSum += c.latitude_sum ?? 0;
    g.longitudeSum += c.longitude_sum ?? 0;
  }
  const round = (n: number) => Math.round(n * 10_000) / 10_000;
  return [...groups.values()]
    .map((g) => ({
      key: g.key, regionName: regionName(g.region), latitude: g.placed ? round(g.latitudeSum / g.placed) : null, longitude: g.placed ? round(g.longitudeSum / g.placed) : null,
      licensedSites: g.licensedSites, sitesWithoutMeeting: g.sitesWithoutMeeting, runningMeetings: g.runningMeetings,
    }))
    .sort((a, b) => a.regionName.localeCompare(b.regionName, 'en-GB') || (b.latitude ?? -91) - (a.latitude ?? -91) || (a.longitude ?? 181) - (b.longitude ?? 181) || a.key.localeCompare(b.key));
}
