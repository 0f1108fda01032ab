import { useApi } from '../../../app/use-api.js';
import { Loading, Page } from '../../../components/ui/page.js';

/** Partner Resources: open while the organisation holds a licence in force (Section 10). */
export function ResourcesPage() {
  const result = useApi<{ items: { id: string; title: string; description: string; url: string }[] }>('/partner-resources');
  return (
    <Page title="Partner Resources">
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? (
        <div className="notice">
          <p>{result.status === 403 ? result.message : 'Partner Resources could not be loaded.'}</p>
        </div>
      ) : null}
      {result.state === 'ready' ? (
        <ul>
          {result.data.items.map((r) => (
            <li key={r.id}>
              <a href={r.url} download>
                {r.title}
              </a>
              : {r.description}
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
