import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';
import { useApi } from '../../../app/use-api.js';
import { formatDateTime } from '../../../app/format.js';

interface AuditList {
  items: { id: string; at: string; actor: string; action: string; entityType: string; entityId: string | null }[];
  total: number;
}

/** The audit trail, newest first. Nobody can change it. */
export function AuditPage() {
  const result = useApi<AuditList>('/audit-events?limit=100');
  return (
    <Page title="Audit trail">
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorMessage message={result.message} /> : null}
      {result.state === 'ready' ? (
        <table>
          <caption className="visually-hidden">Audit events ({result.data.total})</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Record</th>
            </tr>
          </thead>
          <tbody>
            {result.data.items.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.at)}</td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>
                  {e.entityType} {e.entityId}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
