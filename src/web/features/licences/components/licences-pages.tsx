import { formatLongDate } from '../../../../domain/iso-date.js';
import { useApi } from '../../../app/use-api.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';

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
      <table>
        <caption className="visually-hidden">Licences</caption>
        <thead>
          <tr>
            <th scope="col">Licence</th>
            <th scope="col">Site</th>
            <th scope="col">Programme</th>
            <th scope="col">Period</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {licences.map((l) => (
            <tr key={l.id}>
              <td>{l.number}</td>
              <td>{l.siteName}</td>
              <td>{l.licenceTypeName}</td>
              <td>
                {formatLongDate(l.startsOn)} to {formatLongDate(l.endsOn)}
              </td>
              <td>{STATUS[l.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
        </>
      ) : null}
    </Page>
  );
}

function Counts({ title, rows }: { title: string; rows: { key: string; label: string; count: number }[] }) {
  return (
    <>
      <h2>{title}</h2>
      <table>
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
