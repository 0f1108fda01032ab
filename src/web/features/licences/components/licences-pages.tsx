import { type FormEvent, useState } from 'react';
import { formatLongDate } from '../../../../domain/iso-date.js';
import { useApi } from '../../../app/use-api.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';
import { Table } from '../../../components/ui/table.js';

interface Licence {
  id: string;
  number: string;
  siteId: string;
  siteName: string;
  licenceTypeName: string;
  startsOn: string;
  endsOn: string;
  status: 'active' | 'in_grace' | 'lapsed';
}

const STATUS: Record<Licence['status'], string> = { active: 'In force', in_grace: 'In grace: renew now', lapsed: 'Lapsed' };

/** An organisation's licences with their documents: the Partnership Agreement and each site's certificate. */
export function OrganisationLicences({ organisationId, documents }: { organisationId: string; documents: boolean }) {
  const result = useApi<{ items: Licence[] }>(`/organisations/${encodeURIComponent(organisationId)}/licences`);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorMessage message={result.message} />;
  const licences = result.data.items;
  if (licences.length === 0) return <p>No licences yet. Licences are issued when the invoice is paid.</p>;
  const sites = [...new Map(licences.map((l) => [l.siteId, l.siteName])).entries()];
  return (
    <>
      <Table
        caption="Licences"
        captionHidden
        stacked
        rows={licences}
        rowKey={(l) => l.id}
        columns={[
          { header: 'Licence', cell: (l) => l.number },
          { header: 'Site', cell: (l) => l.siteName },
          { header: 'Programme', cell: (l) => l.licenceTypeName },
          {
            header: 'Period',
            cell: (l) => (
              <>
                {formatLongDate(l.startsOn)} to {formatLongDate(l.endsOn)}
              </>
            ),
          },
          { header: 'Status', cell: (l) => STATUS[l.status] },
        ]}
      />
      {documents ? (
        <>
          <h2>Documents</h2>
          <ul>
            <li>
              <a href={`/api/v1/organisations/${organisationId}/partnership-agreement.pdf`} download>
                Partnership Agreement (PDF)
              </a>
            </li>
            {sites.map(([siteId, siteName]) => (
              <li key={siteId}>
                <a href={`/api/v1/sites/${siteId}/certificate.pdf`} download>
                  Licence certificate for {siteName} (PDF)
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

interface Summary {
  inOperation: number;
  inGrace: number;
  lapsed: number;
  expiringWithin90Days: number;
  byLicenceType: { key: string; label: string; count: number }[];
  byRegion: { key: string; label: string; count: number }[];
  byOrganisationType: { key: string; label: string; count: number }[];
}

/** Central Office's view of licences in operation, by programme, region and organisation type. */
export function LicenceReportPage() {
  const result = useApi<Summary>('/reports/licences/summary');
  return (
    <Page title="Licences">
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorMessage message={result.message} /> : null}
      {result.state === 'ready' ? (
        <>
          <ul className="cards">
            <li className="card">
              <h2>{result.data.inOperation}</h2>
              <p>
                licences in operation <a href="/api/v1/reports/licences?status=in-operation&format=csv">(CSV)</a>
              </p>
            </li>
            <li className="card">
              <h2>{result.data.expiringWithin90Days}</h2>
              <p>
                expiring in the next 90 days <a href="/api/v1/reports/licences?expiringWithinDays=90&format=csv">(CSV)</a>
              </p>
            </li>
            <li className="card">
              <h2>{result.data.inGrace}</h2>
              <p>
                in grace <a href="/api/v1/reports/licences?status=in_grace&format=csv">(CSV)</a>
              </p>
            </li>
            <li className="card">
              <h2>{result.data.lapsed}</h2>
              <p>
                lapsed <a href="/api/v1/reports/licences?status=lapsed&format=csv">(CSV)</a>
              </p>
            </li>
          </ul>
          <Counts title="By programme" rows={result.data.byLicenceType} />
          <Counts title="By region" rows={result.data.byRegion} />
          <Counts title="By organisation type" rows={result.data.byOrganisationType} />
          <p>
            <a href="/api/v1/reports/income?format=csv">Income by month and programme (CSV)</a>
          </p>
          <LicenceList regions={result.data.byRegion} licenceTypes={result.data.byLicenceType} />
        </>
      ) : null}
    </Page>
  );
}

function Counts({ title, rows }: { title: string; rows: { key: string; label: string; count: number }[] }) {
  return (
    <>
      <h2>{title}</h2>
      <table className="counts-table">
        <thead>
          <tr>
            <th scope="col">{title.replace('By ', '').replace(/^./, (c) => c.toUpperCase())}</th>
            <th scope="col">Licences</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.label}</td>
              <td>{r.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

interface LicenceRow {
  id: string;
  number: string;
  status: string;
  licenceTypeName: string;
  organisationName: string;
  siteName: string;
  regionName: string;
  endsOn: string;
}

const FILTERS = {
  status: [
    ['', 'Any status'],
    ['in-operation', 'In operation'],
    ['active', 'Active'],
    ['in_grace', 'In grace'],
    ['lapsed', 'Lapsed'],
  ],
  expiringWithinDays: [
    ['', 'Any end date'],
    ['90', 'Ending in the next 90 days'],
  ],
} as const;

/** The licences list behind the counts, filtered, with the same filter as a CSV download. */
export function LicenceList({ regions, licenceTypes }: { regions: { key: string; label: string }[]; licenceTypes: { key: string; label: string }[] }) {
  const [query, setQuery] = useState('status=in-operation');
  const result = useApi<{ items: LicenceRow[]; total: number }>(`/reports/licences?${query}&limit=200`);
  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget)) if (value) params.set(key, String(value));
    setQuery(params.toString());
  }
  return (
    <>
      <h2>Find licences</h2>
      <form onSubmit={apply} className="filters">
        <Select name="status" label="Status" options={FILTERS.status} defaultValue="in-operation" />
        <Select name="licenceType" label="Programme" options={[['', 'Any programme'], ...licenceTypes.map((t) => [t.key, t.label] as const)]} />
        <Select name="region" label="Region" options={[['', 'Any region'], ...regions.map((r) => [r.key, r.label] as const)]} />
        <Select name="expiringWithinDays" label="Ending" options={FILTERS.expiringWithinDays} />
        <button type="submit">Show licences</button>
      </form>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorMessage message={result.message} /> : null}
      {result.state === 'ready' ? (
        <>
          <p role="status">
            {result.data.total} {result.data.total === 1 ? 'licence' : 'licences'}.{' '}
            <a href={`/api/v1/reports/licences?${query}&format=csv`}>Download these as CSV</a>
          </p>
          <table className="stacked-table">
            <caption className="visually-hidden">Licences found</caption>
            <thead>
              <tr>
                <th scope="col">Licence</th>
                <th scope="col">Organisation and site</th>
                <th scope="col">Programme</th>
                <th scope="col">Region</th>
                <th scope="col">Ends</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {result.data.items.map((l) => (
                <tr key={l.id}>
                  <td data-label="Licence">{l.number}</td>
                  <td data-label="Organisation and site">
                    {l.organisationName}, {l.siteName}
                  </td>
                  <td data-label="Programme">{l.licenceTypeName}</td>
                  <td data-label="Region">{l.regionName}</td>
                  <td data-label="Ends">{formatLongDate(l.endsOn)}</td>
                  <td data-label="Status">{STATUS[l.status as Licence['status']] ?? l.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
}

function Select({ name, label, options, defaultValue }: { name: string; label: string; options: readonly (readonly [string, string])[]; defaultValue?: string }) {
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} defaultValue={defaultValue ?? ''}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
