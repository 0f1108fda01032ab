import { type FormEvent, useEffect, useState } from 'react';
import { api, ApiError } from '../../../app/api.js';
import { useApi } from '../../../app/use-api.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';

/**
 * The partner directory (Section 10: "Your organisation listed on the UKSR website"): the SMART Lead
 * records whether their organisation agreed to be listed; Central Office can record it for any.
 */
export function DirectoryListingPage({ organisationId }: { organisationId: string | null }) {
  return (
    <Page title="Partner directory">
      <p>
        Organisations that agree are listed on the public <a href="/partners">partner directory</a> with their region and the programmes their licences in force
        cover. Nothing else about the organisation is shown. Listing is off until the organisation agrees.
      </p>
      {organisationId ? <ListingForm organisationId={organisationId} /> : <ChooseOrganisation />}
    </Page>
  );
}

/** Central Office chooses the organisation first. */
function ChooseOrganisation() {
  const [chosen, setChosen] = useState('');
  const organisations = useApi<{ items: { id: string; name: string }[] }>('/organisations?limit=200');
  if (organisations.state === 'loading') return <Loading />;
  if (organisations.state === 'error') return <ErrorMessage message={organisations.message} />;
  return (
    <>
      <div className="field">
        <label htmlFor="organisation">Organisation</label>
        <select id="organisation" value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="">Choose an organisation</option>
          {organisations.data.items.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      {chosen ? <ListingForm key={chosen} organisationId={chosen} /> : null}
    </>
  );
}

function ListingForm({ organisationId }: { organisationId: string }) {
  const current = useApi<{ listed: boolean; version: number }>(`/organisations/${organisationId}/directory-listing`);
  const [listed, setListed] = useState(false);
  // The version the flag was read at, sent in If-Match (decision 101); a save or a 412 moves it on.
  const [version, setVersion] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (current.state === 'ready') {
      setListed(current.data.listed);
      setVersion(current.data.version);
    }
  }, [current]);
  if (current.state === 'loading') return <Loading />;
  if (current.state === 'error') return <ErrorMessage message={current.message} />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    try {
      const saved = await api<{ listed: boolean; version: number }>(`/organisations/${organisationId}/directory-listing`, {
        method: 'PUT',
        headers: { 'If-Match': `"${version ?? ''}"` },
        body: JSON.stringify({ listed }),
      });
      setVersion(saved.version);
      setNotice(saved.listed ? 'Saved: the organisation is listed while it holds a licence in force.' : 'Saved: the organisation is not listed.');
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        const details = error.body?.error.details as { currentVersion?: number; current?: { listed?: boolean } } | undefined;
        if (typeof details?.currentVersion === 'number') setVersion(details.currentVersion);
        setProblem(
          `Someone else has changed this since you opened it: the organisation is now ${details?.current?.listed ? 'listed' : 'not listed'}. Your choice is kept; save again to record it.`,
        );
        return;
      }
      setProblem(error instanceof Error ? error.message : 'Could not save. Try again.');
    }
  }

  return (
    <form onSubmit={submit}>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      {problem ? (
        <div className="error-summary" role="alert">
          <p>{problem}</p>
        </div>
      ) : null}
      <div className="field single-choice">
        <div className="choice">
          <input id="listed" type="checkbox" checked={listed} onChange={(e) => setListed(e.target.checked)} />
          <label htmlFor="listed">The organisation agreed to be listed in the public partner directory</label>
        </div>
      </div>
      <button type="submit">Save</button>
    </form>
  );
}
