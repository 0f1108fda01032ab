import { type FormEvent, useState } from 'react';
import { formatLongDate } from '../../../../domain/iso-date.js';
import { formatPence } from '../../../../domain/money.js';
import { REGIONS } from '../../../../domain/reference.js';
import type { CurrentUserResponse } from '../../../../shared/schemas/auth.js';
import type { NetworkCsvTable, NetworkMapResponse, NetworkReportResponse } from '../../../../shared/schemas/reports.js';
import { useApi } from '../../../app/use-api.js';
import { TextField } from '../../../components/ui/field.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';
import { TableScroll } from '../../../components/ui/table.js';
import { BarChart, TrendChart } from './charts.js';
import { type MapGroup, type MapPoint, PointsMap } from './points-map.js';

/** The regions a person can narrow a report to: every region for Central Office, their own for a Coordinator. */
export function regionChoices(me: CurrentUserResponse, all: { code: string; name: string }[]) {
  return me.role === 'central_office' ? all : me.regions;
}

/** Every region (src/domain/reference.ts). */
export const ALL_REGIONS: { code: string; name: string }[] = REGIONS.map((r) => ({ code: r.code, name: r.name }));

interface Filters {
  region: string;
  from: string;
  to: string;
}

function readFilters(): Filters {
  const q = new URLSearchParams(window.location.search);
  return { region: q.get('region') ?? '', from: q.get('from') ?? '', to: q.get('to') ?? '' };
}

function queryOf(f: Partial<Filters>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  return q.toString();
}

/** The region and period form; its values go in the page's address so a report can be bookmarked and shared. */
function FilterForm({ me, filters, onChange, period = true }: { me: CurrentUserResponse; filters: Filters; onChange: (f: Filters) => void; period?: boolean }) {
  const [draft, setDraft] = useState(filters);
  const regions = regionChoices(me, ALL_REGIONS);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    window.history.replaceState(null, '', `${window.location.pathname}?${queryOf(draft)}`);
    onChange(draft);
  };
  return (
    <form className="report-filters noprint" onSubmit={submit}>
      <div className="field">
        <label htmlFor="report-region">Region</label>
        <select id="report-region" value={draft.region} onChange={(e) => setDraft({ ...draft, region: e.target.value })}>
          <option value="">{me.role === 'central_office' ? 'All regions' : 'All you support'}</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name}
            </option>
          ))}
        </select>
      </div>
      {period ? (
        <>
          <TextField id="report-from" type="date" label="From" hint="Leave empty for the last year" value={draft.from} onChange={(from) => setDraft({ ...draft, from })} />
          <TextField id="report-to" type="date" label="To" hint="Leave empty for today" value={draft.to} onChange={(to) => setDraft({ ...draft, to })} />
        </>
      ) : null}
      <button type="submit">Show the report</button>
    </form>
  );
}

function CsvLink({ query, table, children }: { query: string; table: NetworkCsvTable; children: string }) {
  return (
    <p className="noprint">
      <a href={`/api/v1/reports/network?${query}${query ? '&' : ''}format=csv&table=${table}`} download>
        {children} (CSV)
      </a>
    </p>
  );
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthName = (month: string) => `${MONTHS[Number(month.slice(5, 7)) - 1] ?? ''} ${month.slice(0, 4)}`;
const bars = (rows: { label: string; count: number }[]) => rows.map((r) => ({ label: r.label, value: r.count }));
const percent = (part: number, whole: number) => (whole === 0 ? 'no' : `${Math.floor((part * 100) / whole)}%`);

/** The network dashboard: meetings, licences, the training funnel, surveys, visits and income, filtered by region and period. */
export function NetworkReportPage({ me }: { me: CurrentUserResponse }) {
  const [filters, setFilters] = useState(readFilters);
  const query = queryOf(filters);
  const report = useApi<NetworkReportResponse>(`/reports/network${query ? `?${query}` : ''}`);
  return (
    <Page title="Network reports">
      <FilterForm me={me} filters={filters} onChange={setFilters} />
      {report.state === 'loading' ? <Loading /> : report.state === 'error' ? <ErrorMessage message={report.message} /> : <Dashboard r={report.data} query={query} />}
    </Page>
  );
}

function Dashboard({ r, query }: { r: NetworkReportResponse; query: string }) {
  const { training: t, surveys: s, visits: v } = r;
  return (
    <>
      <p className="lead">
        {r.region ? ALL_REGIONS.find((x) => x.code === r.region)?.name : `Everything in ${r.scopeLabel}`}, {formatLongDate(r.from)} to {formatLongDate(r.to)}.
      </p>
      <div className="button-group noprint">
        <button type="button" className="button-secondary" onClick={() => window.print()}>
          Print this report
        </button>
        <a href={`/api/v1/reports/network?${query}${query ? '&' : ''}format=csv&table=summary`} download>
          Download the summary (CSV)
        </a>
        <a href={`/portal/reports/map${r.region ? `?region=${r.region}` : ''}`}>Map of the network</a>
      </div>
      <dl className="figures">
        <div>
          <dt>Meetings running this week</dt>
          <dd>{r.meetings.runningThisWeek.toLocaleString('en-GB')}</dd>
        </div>
        <div>
          <dt>Licences in operation</dt>
          <dd>{r.licences.inOperation.toLocaleString('en-GB')}</dd>
        </div>
        <div>
          <dt>Survey completion</dt>
          <dd>{s.rate === null ? 'No surveys yet' : `${s.rate}%`}</dd>
        </div>
        <div>
          <dt>Income in the period</dt>
          <dd>{formatPence(r.income.totalPence)}</dd>
        </div>
      </dl>

      <h2>Meetings</h2>
      <TrendChart title="Meetings running each week" points={r.meetings.byWeek.map((w) => ({ label: formatLongDate(w.weekStarting), value: w.count }))} periodLabel="Week starting" valueLabel="Meetings" />
      <CsvLink query={query} table="meetings-by-week">Meetings each week</CsvLink>
      <BarChart title="Meetings running this week by region" bars={bars(r.meetings.byRegion)} valueLabel="Meetings" />
      <CsvLink query={query} table="meetings-by-region">Meetings by region</CsvLink>
      <BarChart title="Meetings running this week by programme" bars={bars(r.meetings.byProgramme)} valueLabel="Meetings" />
      <CsvLink query={query} table="meetings-by-programme">Meetings by programme</CsvLink>

      <h2>Licences</h2>
      <TrendChart title="Licences in operation at the end of each month" points={r.licences.byMonth.map((m) => ({ label: monthName(m.month), value: m.count }))} periodLabel="Month" valueLabel="Licences" />
      <CsvLink query={query} table="licences-by-month">Licences each month</CsvLink>
      <BarChart title="Licences in operation by region" bars={bars(r.licences.byRegion)} valueLabel="Licences" />
      <CsvLink query={query} table="licences-by-region">Licences by region</CsvLink>
      <BarChart title="Licences in operation by programme" bars={bars(r.licences.byProgramme)} valueLabel="Licences" />
      <CsvLink query={query} table="licences-by-programme">Licences by programme</CsvLink>
      <BarChart title="Licences in operation by organisation type" bars={bars(r.licences.byOrganisationType)} valueLabel="Licences" />
      <CsvLink query={query} table="licences-by-organisation-type">Licences by organisation type</CsvLink>
      <BarChart title="Licences in operation by sector" bars={bars(r.licences.bySector)} valueLabel="Licences" />
      <CsvLink query={query} table="licences-by-sector">Licences by sector</CsvLink>

      <h2>Training</h2>
      <BarChart
        title="The training funnel"
        bars={[
          { label: 'Nominated in the period', value: t.nominated },
          { label: 'Enrolled (instructions sent)', value: t.enrolled },
          { label: 'Qualified in the period', value: t.qualified },
          { label: 'Facilitating a meeting now', value: t.facilitating },
        ]}
        valueLabel="People"
      />
      <CsvLink query={query} table="training-funnel">The training funnel</CsvLink>

      <h2>Meeting surveys</h2>
      <p>
        {s.completed} completed and {s.notHeld} marked as not held, of {s.completed + s.notHeld + s.due} asked for meetings in the period; {s.due} still due, {s.overdue} of them overdue.
      </p>
      <CsvLink query={query} table="survey-completion">Survey completion</CsvLink>

      <h2>Visits</h2>
      <p>
        {v.organisationsVisited} of {v.organisations} organisations visited in the period ({percent(v.organisationsVisited, v.organisations)}); {v.meetingsQualityAssured} of{' '}
        {v.runningMeetings} partner meetings running now had a quality-assurance visit ({percent(v.meetingsQualityAssured, v.runningMeetings)}); {v.visitsRecorded} visits recorded.
      </p>
      <CsvLink query={query} table="visit-coverage">Visit coverage</CsvLink>

      <h2>Income</h2>
      <BarChart title="Income by programme" bars={r.income.byProgramme.map((i) => ({ label: i.label, value: i.pence }))} valueLabel="Income" format={formatPence} />
      <CsvLink query={query} table="income-by-programme">Income by programme</CsvLink>
    </>
  );
}

/** The map of the network: licensed sites, meetings and the gaps, with the same places as lists. */
export function NetworkMapPage({ me }: { me: CurrentUserResponse }) {
  const [filters, setFilters] = useState(readFilters);
  const query = queryOf({ region: filters.region });
  const map = useApi<NetworkMapResponse>(`/reports/network/map${query ? `?${query}` : ''}`);
  return (
    <Page title="Map of the network">
      <FilterForm me={me} filters={filters} onChange={setFilters} period={false} />
      {map.state === 'loading' ? <Loading /> : map.state === 'error' ? <ErrorMessage message={map.message} /> : <MapReport m={map.data} query={query} />}
    </Page>
  );
}

function MapReport({ m, query }: { m: NetworkMapResponse; query: string }) {
  const points: MapPoint[] = m.points.map((p) => ({
    id: p.id, label: `${p.name}${p.organisationName ? `, ${p.organisationName}` : ''}`, latitude: p.latitude, longitude: p.longitude, kind: p.kind === 'meeting' ? 'meeting' : p.gap ? 'gap' : 'site',
  }));
  const groups: MapGroup[] | undefined = m.grouped ? m.groups.map((g) => ({ ...g, label: groupLabel(g) })) : undefined;
  const gaps = m.sitesWithoutMeeting;
  return (
    <>
      <div className="button-group noprint">
        <button type="button" className="button-secondary" onClick={() => window.print()}>
          Print this map
        </button>
        <a href={`/api/v1/reports/network/map?${query}${query ? '&' : ''}format=csv`} download>
          Download the places (CSV)
        </a>
      </div>
      <PointsMap title="Licensed sites and meetings" points={points} groups={groups} />

      <h2>Regions</h2>
      <TableScroll label="Licensed sites and running meetings by region">
        <table>
          <caption className="visually-hidden">Licensed sites and running meetings by region</caption>
          <thead>
            <tr>
              <th scope="col">Region</th>
              <th scope="col">Licensed sites</th>
              <th scope="col">Meetings running</th>
              <th scope="col">Gaps</th>
            </tr>
          </thead>
          <tbody>
            {m.regions.map((r) => (
              <tr key={r.code}>
                <th scope="row">{r.name}</th>
                <td>{r.licensedSites}</td>
                <td>{r.runningMeetings}</td>
                <td>
                  {[r.gap ? 'Licensed sites but no meeting' : '', r.coordinatorVacant ? 'Coordinator post vacant' : ''].filter(Boolean).join('; ') || 'None'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h2>Postcode areas with licensed sites but no meeting</h2>
      {m.areaGaps.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {m.areaGaps.map((a) => (
            <li key={a.area}>
              {a.area} ({a.regionName}): {a.licensedSites} licensed {a.licensedSites === 1 ? 'site' : 'sites'}
            </li>
          ))}
        </ul>
      )}

      <h2>Licensed sites with no meeting</h2>
      {gaps.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {gaps.map((p) => (
            <li key={p.id}>
              {p.name}, {p.organisationName} ({p.postcode}, {p.regionName})
            </li>
          ))}
        </ul>
      )}

      <h2>All places on the map</h2>
      {groups ? (
        <>
          <p>
            {m.regions.reduce((n, r) => n + r.licensedSites, 0).toLocaleString('en-GB')} licensed sites and {m.regions.reduce((n, r) => n + r.runningMeetings, 0).toLocaleString('en-GB')}{' '}
            meetings running are too many to show one by one, so the map counts them by region and area (within about 20 km). Choose a region to see more.
          </p>
          <TableScroll label="Licensed sites and meetings running, counted by region and area">
            <table>
              <caption className="visually-hidden">Licensed sites and meetings running, counted by region and area</caption>
              <thead>
                <tr>
                  <th scope="col">Area</th>
                  <th scope="col">Licensed sites</th>
                  <th scope="col">With no meeting</th>
                  <th scope="col">Meetings running</th>
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => (
                  <tr key={g.key}>
                    <th scope="row">{g.label}</th>
                    <td>{g.licensedSites.toLocaleString('en-GB')}</td>
                    <td>{g.sitesWithoutMeeting.toLocaleString('en-GB')}</td>
                    <td>{g.runningMeetings.toLocaleString('en-GB')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      ) : (
        <TableScroll label="Every licensed site and meeting">
          <table>
            <caption className="visually-hidden">Every licensed site and meeting</caption>
            <thead>
              <tr>
                <th scope="col">Place</th>
                <th scope="col">Kind</th>
                <th scope="col">Region</th>
                <th scope="col">Postcode</th>
              </tr>
            </thead>
            <tbody>
              {m.points.map((p) => (
                <tr key={`${p.kind}${p.id}`}>
                  <th scope="row">
                    {p.name}
                    {p.organisationName ? `, ${p.organisationName}` : ''}
                  </th>
                  <td>{p.kind === 'meeting' ? 'Meeting' : p.gap ? 'Licensed site, no meeting' : 'Licensed site'}</td>
                  <td>{p.regionName}</td>
                  <td>{p.postcode ?? 'Online'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

/** A group's name in words: its region and where it is ("North West, near 53.8°N 2.7°W"). */
function groupLabel(g: { regionName: string; latitude: number | null; longitude: number | null }): string {
  if (g.latitude === null || g.longitude === null) return `${g.regionName}, places with no coordinates (online, or a postcode not in the directory)`;
  const lon = `${Math.abs(g.longitude).toFixed(1)}°${g.longitude < 0 ? 'W' : 'E'}`;
  return `${g.regionName}, near ${g.latitude.toFixed(1)}°N ${lon}`;
}
