import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';
import { useApi } from '../../../app/use-api.js';
import { formatDateTime } from '../../../app/format.js';

interface AuditList {
  items: { id: string; at: string; actor: string; action: string; entityType: string; entityId: string | null }[];
  total: number;
}

/**
 * An email address or an action's code ("safeguarding_check.viewed") that may wrap at its dots, @ and
 * underscores rather than letter by letter on a phone (<wbr> marks where a line may break).
 */
function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[@_])|(?=\.)/);
  return (
    <>
      {parts.map((part, i) => (
        <span key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </span>
      ))}
    </>
  );
}

/** The audit trail, newest first. Nobody can change it. */
export function AuditPage() {
  const result = useApi<AuditList>('/audit-events?limit=100');
  return (
    <Page title="Audit trail">
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorMessage message={result.message} /> : null}
      {result.state === 'ready' ? (
        <table className="stacked-table">
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
                <td data-label="When">{formatDateTime(e.at)}</td>
                <td data-label="Who">
                  <Breakable text={e.actor} />
                </td>
                <td data-label="What">
                  <Breakable text={e.action} />
                </td>
                <td data-label="Record">
                  <Breakable text={`${e.entityType} ${e.entityId ?? ''}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
