import type { OrganisationResponse } from '../../../../shared/schemas/organisations.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';
import { Table } from '../../../components/ui/table.js';
import { useApi } from '../../../app/use-api.js';
import { OrganisationLicences } from '../../licences/components/licences-pages.js';
import { OrganisationVisitActions } from '../../visits/components/visits-pages.js';

interface OrganisationList {
  items: { id: string; name: string; organisationType: string; sector: { name: string }; region: { name: string } }[];
  total: number;
}

function OrganisationList() {
  const result = useApi<OrganisationList>('/organisations?limit=200');
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorMessage message={result.message} />;
  const { items, total } = result.data;
  if (total === 0) return <p>There are no organisations to show.</p>;
  return (
    <Table
      caption={`Partner organisations (${total})`}
      captionHidden
      stacked
      rows={items}
      rowKey={(o) => o.id}
      columns={[
        { header: 'Organisation', cell: (o) => <a href={`/portal/organisations/${o.id}`}>{o.name}</a> },
        { header: 'Sector', cell: (o) => o.sector.name },
        { header: 'Region', cell: (o) => o.region.name },
      ]}
    />
  );
}

export function OrganisationsPage() {
  return (
    <Page title="Organisations">
      <OrganisationList />
    </Page>
  );
}

export function OrganisationPage({ id, documents = true, visitActions = false }: { id: string; documents?: boolean; visitActions?: boolean }) {
  const result = useApi<OrganisationResponse>(`/organisations/${encodeURIComponent(id)}`);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error' && result.status !== 404) return <ErrorMessage message={result.message} />;
  if (result.state === 'error') {
    return (
      <Page title="Organisation not found">
        <p>There is no organisation here that you can see.</p>
      </Page>
    );
  }
  const o = result.data;
  return (
    <Page title={o.name}>
      {o.smartLeadWarning ? <p className="notice">{o.smartLeadWarning}</p> : null}
      <dl>
        <dt>Sector</dt>
        <dd>{o.sector.name}</dd>
        <dt>Region</dt>
        <dd>{o.region.name}</dd>
      </dl>
      <h2>Sites</h2>
      {o.sites.length === 0 ? (
        <p>No sites yet.</p>
      ) : (
        <ul>
          {o.sites.map((s) => (
            <li key={s.id}>
              <strong>{s.name}</strong>, {s.address}, {s.postcode}
            </li>
          ))}
        </ul>
      )}
      <h2>Licences</h2>
      <OrganisationLicences organisationId={o.id} documents={documents} />
      {visitActions ? <OrganisationVisitActions organisationId={o.id} /> : null}
    </Page>
  );
}
