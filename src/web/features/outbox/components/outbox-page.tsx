import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';
import { useApi } from '../../../app/use-api.js';
import { formatDateTime } from '../../../app/format.js';

interface OutboxList {
  items: { id: string; createdAt: string; to: string; subject: string; body: string; status: string; sentAt: string | null }[];
  total: number;
}

const STATUS: Record<string, string> = { pending: 'Waiting to send', sending: 'Sending', sent: 'Sent', kept: 'Kept (no mail server)', failed: 'Failed' };

/** Central Office reads the mail Partner Hub has sent, or kept when no mail server is set up. */
export function OutboxPage() {
  const result = useApi<OutboxList>('/outbox?limit=100');
  return (
    <Page title="Outbox">
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorMessage message={result.message} /> : null}
      {result.state === 'ready' && result.data.total === 0 ? <p>No mail yet.</p> : null}
      {result.state === 'ready'
        ? result.data.items.map((m) => (
            <article key={m.id} className="card">
              <h2>{m.subject}</h2>
              <p>
                To {m.to}, {formatDateTime(m.createdAt)}. {STATUS[m.status] ?? m.status}.
              </p>
              <pre className="mail-body">{m.body}</pre>
            </article>
          ))
        : null}
    </Page>
  );
}
