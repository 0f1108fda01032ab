import { type FormEvent, useEffect, useState } from 'react';
import { formatLongDate } from '../../../../domain/iso-date.js';
import { nominationRequestSchema, type NominationResponse, type SiteTrainingPlaces } from '../../../../shared/schemas/training.js';
import { api, ApiError } from '../../../app/api.js';
import { formatDateTime } from '../../../app/format.js';
import { useApi } from '../../../app/use-api.js';
import { ErrorSummary, type FieldErrors, SelectField, TextField } from '../../../components/ui/field.js';
import { ErrorMessage, LoadFailed, Loading, Page } from '../../../components/ui/page.js';
import { Table } from '../../../components/ui/table.js';

interface Licence {
  siteId: string;
  siteName: string;
  licenceType: string;
  licenceTypeName: string;
  status: 'active' | 'in_grace' | 'lapsed';
  includedTrainingPlaces: number;
}

/** A place a nominee can take: a site's licence year in force, with the places left. */
interface PlaceChoice {
  value: string;
  siteId: string;
  licenceType: string;
  label: string;
  remaining: number;
}

const STATUS: Record<NominationResponse['status'], string> = {
  nominated: 'Waiting for enrolment instructions',
  instructions_sent: 'Enrolment instructions sent',
  released: 'Place released',
};

const MOVEMENT: Record<string, string> = { included: 'Included with the licence', bought: 'Bought', used: 'Used', released: 'Released' };

/** The places of the organisation's licensed sites this licence year, read from each site's ledger. */
function usePlaceChoices(organisationId: string, version: number): { choices: PlaceChoice[] | null; error: string | null } {
  const [state, setState] = useState<{ choices: PlaceChoice[] | null; error: string | null }>({ choices: null, error: null });
  useEffect(() => {
    let live = true;
    (async () => {
      const { items } = await api<{ items: Licence[] }>(`/organisations/${encodeURIComponent(organisationId)}/licences`);
      const siteIds = [...new Set(items.filter((l) => l.includedTrainingPlaces > 0 && l.status !== 'lapsed').map((l) => l.siteId))];
      const ledgers = await Promise.all(siteIds.map((id) => api<SiteTrainingPlaces>(`/sites/${id}/training-places`)));
      const choices = ledgers.flatMap((site) =>
        site.ledgers
          .filter((g) => g.current && g.summary.included + g.summary.bought > 0)
          .map((g) => ({
            value: `${site.site.id}|${g.licenceType}`,
            siteId: site.site.id,
            licenceType: g.licenceType,
            remaining: g.summary.remaining,
            label: `${site.site.name}: ${g.licenceTypeName} (${g.summary.remaining} of ${g.summary.included + g.summary.bought} left)`,
          })),
      );
      if (live) setState({ choices, error: null });
    })().catch((e: Error) => live && setState({ choices: null, error: e.message }));
    return () => {
      live = false;
    };
  }, [organisationId, version]);
  return state;
}

/** The SMART Lead's training page: nominate people for places, see and release the nominations. */
export function NominationsPage({ organisationId }: { organisationId: string }) {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const places = usePlaceChoices(organisationId, version);
  const nominations = useApi<{ items: NominationResponse[] }>(`/nominations?limit=200&v=${version}`);
  const sites = places.choices ? [...new Map(places.choices.map((c) => [c.siteId, c.label.split(':')[0]!])).entries()] : [];

  async function release(n: NominationResponse) {
    try {
      await api(`/nominations/${n.id}/release`, { method: 'POST', body: JSON.stringify({}) });
      setNotice(`${n.nomineeName}'s place is released and can be offered to someone else.`);
      setVersion((v) => v + 1);
    } catch (e) {
      setNotice(e instanceof ApiError ? e.message : 'The place could not be released.');
    }
  }

  return (
    <Page title="Facilitator training places">
      <p>
        Each licensed site can nominate people, staff or volunteers, for the SMART Facilitator training each licence year. Unused places do not carry over to the next
        year.
      </p>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      {places.error ? <ErrorMessage message={places.error} /> : null}
      {places.choices === null && !places.error ? <Loading /> : null}
      {places.choices && places.choices.length === 0 ? <p>Your organisation has no licence in force with training places.</p> : null}
      {places.choices && places.choices.length > 0 ? (
        <NominateForm
          key={version}
          choices={places.choices}
          onDone={(n) => {
            setNotice(`${n.nomineeName} is nominated. The nomination has gone to ${n.routedTo.name} (${n.routedTo.email}), who will send the enrolment instructions.`);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
      <h2>Nominations</h2>
      {nominations.state === 'loading' ? <Loading /> : null}
      {nominations.state === 'error' ? <ErrorMessage message={nominations.message} /> : null}
      {nominations.state === 'ready' && nominations.data.items.length === 0 ? <p>No one nominated yet.</p> : null}
      {nominations.state === 'ready' && nominations.data.items.length > 0 ? (
        <ul className="nomination-list">
          {nominations.data.items.map((n) => (
            <li key={n.id} className="card">
              <h3>{n.nomineeName}</h3>
              <dl>
                <dt>Email</dt>
                <dd>{n.nomineeEmail}</dd>
                <dt>Place</dt>
                <dd>
                  {n.siteName}, {n.licenceTypeName}, licence year to {formatLongDate(n.yearEndsOn)}
                </dd>
                <dt>Status</dt>
                <dd>{STATUS[n.status]}</dd>
                <dt>Sent to</dt>
                <dd>
                  {n.routedTo.name} ({n.routedTo.email})
                </dd>
              </dl>
              {n.status !== 'released' ? (
                <button type="button" className="button-secondary" onClick={() => void release(n)}>
                  Release {n.nomineeName}'s place
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {sites.length > 0 ? (
        <>
          <h2>Places by site</h2>
          <ul>
            {sites.map(([id, name]) => (
              <li key={id}>
                <a href={`/portal/training/sites/${id}`}>Training places at {name}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}

function NominateForm({ choices, onDone }: { choices: PlaceChoice[]; onDone: (n: NominationResponse) => void }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [values, setValues] = useState({ nomineeName: '', nomineeEmail: '' });
  const single = choices.length === 1 ? choices[0]! : null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const choice = choices.find((c) => c.value === String(data.get('place') ?? ''));
    const body = { siteId: choice?.siteId ?? '', licenceType: choice?.licenceType, nomineeName: values.nomineeName, nomineeEmail: values.nomineeEmail.trim() };
    const parsed = nominationRequestSchema.safeParse(body);
    const found: FieldErrors = {};
    if (!choice) found.place = 'Choose the site and licence the place comes from';
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        if (field === 'nomineeName' || field === 'nomineeEmail') found[field] ??= issue.message;
      }
    }
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      // One key per attempt: a retried request after a dropped connection is not a second nomination.
      const key = crypto.randomUUID();
      onDone(await api<NominationResponse>('/nominations', { method: 'POST', body: JSON.stringify(parsed.data), headers: { 'Idempotency-Key': key } }));
    } catch (e) {
      if (e instanceof ApiError && e.body?.error.code === 'validation_failed' && Array.isArray(e.body.error.details)) {
        const server: FieldErrors = {};
        for (const d of e.body.error.details as { field: string; message: string }[]) {
          const field = d.field.replace(/^body\./, '');
          if (field === 'nomineeName' || field === 'nomineeEmail') server[field] = d.message;
          else server.place = d.message;
        }
        setErrors(server);
      } else {
        setProblem(e instanceof ApiError ? e.message : 'The nomination could not be sent. Try again.');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <h2>Nominate someone</h2>
      <ErrorSummary id="nominate-errors" errors={errors} message={problem} />
      <SelectField
        id="place"
        name="place"
        label="Training place"
        hint="The site and licence the place comes from."
        error={errors.place}
        defaultValue={single?.value ?? ''}
        placeholder={single ? undefined : 'Choose a place'}
        options={choices}
      />
      <TextField id="nomineeName" label="Full name" value={values.nomineeName} onChange={(nomineeName) => setValues((v) => ({ ...v, nomineeName }))} error={errors.nomineeName} />
      <TextField
        id="nomineeEmail"
        label="Email address"
        type="email"
        hint="The enrolment instructions are sent here."
        value={values.nomineeEmail}
        onChange={(nomineeEmail) => setValues((v) => ({ ...v, nomineeEmail }))}
        error={errors.nomineeEmail}
      />
      <button type="submit" disabled={busy}>
        Nominate
      </button>
    </form>
  );
}

/** A site's training places for each licence year, with every movement. */
export function SiteTrainingPlacesPage({ siteId }: { siteId: string }) {
  const result = useApi<SiteTrainingPlaces>(`/sites/${encodeURIComponent(siteId)}/training-places`);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') {
    return <LoadFailed record="site" status={result.status} message={result.message} />;
  }
  const { site, ledgers } = result.data;
  return (
    <Page title={`Training places at ${site.name}`}>
      <p>{site.organisationName}. Each licence year has its own places; unused places do not carry over.</p>
      {ledgers.length === 0 ? <p>No licence year yet.</p> : null}
      {ledgers.map((g) => (
        <section key={g.id} aria-labelledby={`ledger-${g.id}`}>
          <h2 id={`ledger-${g.id}`}>
            {g.licenceTypeName}, {formatLongDate(g.yearStartsOn)} to {formatLongDate(g.yearEndsOn)}
            {g.current ? ' (this year)' : ''}
          </h2>
          <p>Licence {g.licenceNumber}</p>
          <dl className="ledger-summary">
            <dt>Included</dt>
            <dd>{g.summary.included}</dd>
            <dt>Bought</dt>
            <dd>{g.summary.bought}</dd>
            <dt>Used</dt>
            <dd>{g.summary.used}</dd>
            <dt>Released</dt>
            <dd>{g.summary.released}</dd>
            <dt>Remaining</dt>
            <dd>
              <strong>{g.summary.remaining}</strong>
            </dd>
          </dl>
          {g.movements.length === 0 ? (
            <p>No places: this licence includes none.</p>
          ) : (
            <Table
              caption="History"
              rows={g.movements}
              rowKey={(_, i) => i}
              columns={[
                { header: 'Date', cell: (m) => formatLongDate(m.at) },
                { header: 'Movement', cell: (m) => MOVEMENT[m.kind] },
                { header: 'Places', cell: (m) => (m.kind === 'used' ? `−${m.places}` : `+${m.places}`) },
                { header: 'Details', cell: (m) => m.nomineeName ?? m.note ?? '' },
              ]}
            />
          )}
        </section>
      ))}
    </Page>
  );
}

/** Nominations to enrol: the Coordinator's region's, or all for Central Office, with the action to send the instructions. */
export function EnrolmentsPage() {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const result = useApi<{ items: NominationResponse[] }>(`/nominations?limit=200&v=${version}`);

  async function send(n: NominationResponse) {
    try {
      await api(`/nominations/${n.id}/enrolment-instructions`, { method: 'POST' });
      setNotice(`Enrolment instructions sent to ${n.nomineeName} (${n.nomineeEmail}).`);
      setVersion((v) => v + 1);
    } catch (e) {
      setNotice(e instanceof ApiError ? e.message : 'The instructions could not be sent.');
    }
  }

  const items = result.state === 'ready' ? result.data.items.filter((n) => n.status !== 'released') : [];
  const waiting = items.filter((n) => n.status === 'nominated');
  const sent = items.filter((n) => n.status === 'instructions_sent');
  return (
    <Page title="Training nominations">
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorMessage message={result.message} /> : null}
      <h2>To enrol</h2>
      {result.state === 'ready' && waiting.length === 0 ? <p>No nominations are waiting for enrolment instructions.</p> : null}
      {waiting.length > 0 ? (
        <ul className="nomination-list">
          {waiting.map((n) => (
            <li key={n.id} className="card">
              <h3>{n.nomineeName}</h3>
              <dl>
                <dt>Email</dt>
                <dd>{n.nomineeEmail}</dd>
                <dt>Organisation and site</dt>
                <dd>
                  {n.organisationName}, {n.siteName}
                </dd>
                <dt>Place</dt>
                <dd>
                  {n.licenceTypeName}, licence year to {formatLongDate(n.yearEndsOn)}
                </dd>
                <dt>Nominated</dt>
                <dd>{formatDateTime(n.nominatedAt)}</dd>
              </dl>
              <button type="button" onClick={() => void send(n)}>
                Send enrolment instructions to {n.nomineeName}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {sent.length > 0 ? (
        <>
          <h2>Instructions sent</h2>
          <ul>
            {sent.map((n) => (
              <li key={n.id}>
                {n.nomineeName} ({n.organisationName}, {n.siteName}): sent {formatDateTime(n.instructionsSentAt)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Page>
  );
}
