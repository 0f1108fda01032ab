import { type FormEvent, useState } from 'react';
import { formatLongDate, londonDate } from '../../../../domain/iso-date.js';
import type { OrganisationResponse } from '../../../../shared/schemas/organisations.js';
import {
  CHECK_LEVEL_NAMES,
  CHECK_LEVELS,
  type CheckDetail,
  type CodeOfConductResponse,
  type EligibilityResponse,
  type FacilitatorListResponse,
  type FacilitatorResponse,
} from '../../../../shared/schemas/people.js';
import { api, ApiError } from '../../../app/api.js';
import { apiFieldErrors } from '../../../app/form-errors.js';
import { formatDateTime } from '../../../app/format.js';
import { useApi } from '../../../app/use-api.js';
import { Choices, describedBy, ErrorSummary, Field, type FieldErrors, SelectField } from '../../../components/ui/field.js';
import { ErrorMessage, LoadFailed, Loading, Page } from '../../../components/ui/page.js';
import { FacilitatorCommunitySessions } from '../../community-sessions/components/community-sessions-pages.js';

const CHECK_NAMES = { dbs: 'DBS', pvg: 'PVG', accessni: 'AccessNI' } as const;
const STATUS_NAMES = { valid: 'Valid', due: 'Due for renewal soon', expired: 'Expired', not_suitable: 'Not suitable' } as const;
const PROGRAMMES = [
  ['smart-recovery', 'SMART Recovery'],
  ['family-and-friends', 'SMART Family & Friends'],
  ['insideout', 'SMART InsideOut'],
  ['veterans', 'SMART Veterans'],
  ['start-smart', 'Start SMART'],
] as const;

/** The API's field details, keyed by the field's own name (the last part of 'body.issuedOn'). */
const fieldErrors = (error: unknown) => apiFieldErrors(error, (field) => field.split('.').at(-1) ?? null);

/** Central Office's list of organisations whose SMART Lead is neither qualified nor in training (Section 7). */
function SmartLeadWarnings() {
  const result = useApi<{ items: { organisationId: string; organisationName: string; warning: string }[] }>('/organisations/smart-lead-warnings');
  if (result.state !== 'ready') return result.state === 'loading' ? <Loading /> : <ErrorMessage message={result.message} />;
  return (
    <section aria-labelledby="smart-lead-warnings">
      <h2 id="smart-lead-warnings">SMART Leads to follow up</h2>
      {result.data.items.length === 0 ? (
        <p>Every organisation's SMART Lead is qualified or in training.</p>
      ) : (
        <ul>
          {result.data.items.map((w) => (
            <li key={w.organisationId}>
              <a href={`/portal/organisations/${w.organisationId}`}>{w.organisationName}</a>: {w.warning}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The organisation's facilitators, and the form a SMART Lead uses to add and invite one. */
export function FacilitatorsPage({
  canInvite,
  showWarnings = false,
  handOver = null,
}: {
  canInvite: boolean;
  showWarnings?: boolean;
  /** A SMART Lead's organisation and their own email: they may hand the role to another facilitator (Section 7). */
  handOver?: { organisationId: string; leadEmail: string } | null;
}) {
  const [reload, setReload] = useState(0);
  const result = useApi<FacilitatorListResponse>(`/facilitators?limit=200&r=${reload}`);
  const [added, setAdded] = useState<string | null>(null);
  return (
    <Page title="Facilitators">
      <div role="status">{added ? <p className="notice">{added}</p> : null}</div>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorMessage message={result.message} /> : null}
      {result.state === 'ready' && result.data.total === 0 ? <p>No facilitators yet.</p> : null}
      {result.state === 'ready' && result.data.total > 0 ? (
        <table className="stacked-table">
          <caption className="visually-hidden">Facilitators ({result.data.total})</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Qualified</th>
              <th scope="col">Check valid until</th>
              <th scope="col">Code of Conduct</th>
            </tr>
          </thead>
          <tbody>
            {result.data.items.map((f) => (
              <tr key={f.id}>
                <td data-label="Name">
                  <a href={`/portal/facilitators/${f.id}`}>{f.name}</a>
                </td>
                <td data-label="Qualified">{f.qualified ? 'Yes' : 'Not yet'}</td>
                <td data-label="Check valid until">{f.checkValidUntil ? formatLongDate(f.checkValidUntil) : 'No check recorded'}</td>
                <td data-label="Code of Conduct">{f.codeOfConductCurrent ? 'Accepted' : 'Not accepted'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {showWarnings ? <SmartLeadWarnings /> : null}
      {canInvite ? (
        <InviteForm
          onDone={(name) => {
            setAdded(`${name} has been added and invited by email.`);
            setReload((n) => n + 1);
          }}
        />
      ) : null}
      {handOver && result.state === 'ready' ? (
        <HandOverForm
          organisationId={handOver.organisationId}
          choices={result.data.items.filter((f) => f.email.toLowerCase() !== handOver.leadEmail.toLowerCase())}
        />
      ) : null}
    </Page>
  );
}

/**
 * A SMART Lead hands the role to another of the organisation's facilitators, who must have a Partner
 * Hub account and be qualified or in training (Section 7); the outgoing lead stays on as a facilitator.
 */
function HandOverForm({ organisationId, choices }: { organisationId: string; choices: { id: string; name: string; qualified: boolean }[] }) {
  const [chosen, setChosen] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    if (!chosen) {
      setErrors({ 'handover-facilitator': 'Choose who takes over as SMART Lead' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const answer = await api<{ smartLead: { name: string } }>(`/organisations/${encodeURIComponent(organisationId)}/smart-lead`, {
        method: 'POST',
        body: JSON.stringify({ facilitatorId: chosen }),
      });
      setDone(answer.smartLead.name);
    } catch (e) {
      const found = apiFieldErrors(e, (field) => (field === 'facilitatorId' ? 'handover-facilitator' : null));
      setErrors(found);
      setProblem(Object.keys(found).length > 0 ? null : e instanceof ApiError ? e.message : 'The SMART Lead role could not be handed over. Try again.');
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="handover-title">
      <h2 id="handover-title">Hand over the SMART Lead role</h2>
      {done ? (
        <div role="status">
          <p className="notice">
            {done} is now the SMART Lead and has been told by email. You stay on as a facilitator. <a href="/portal/">Go to your portal home</a>
          </p>
        </div>
      ) : (
        <form onSubmit={submit} noValidate>
          <p>
            If someone else is taking over as your organisation&apos;s main contact with UK SMART Recovery, hand the role to them here. They need a Partner Hub account
            and must be a qualified SMART Facilitator or in training (Section 7). You stay on as a facilitator.
          </p>
          <ErrorSummary id="handover-errors" message={problem} errors={errors} labels={{ 'handover-facilitator': 'Who takes over?' }} />
          <SelectField
            id="handover-facilitator"
            label="Who takes over?"
            placeholder="Choose a facilitator"
            value={chosen}
            onChange={(e) => setChosen(e.target.value)}
            error={errors['handover-facilitator']}
            options={choices.map((f) => ({ value: f.id, label: f.qualified ? f.name : `${f.name} (not yet qualified)` }))}
          />
          <button type="submit" className="button-secondary" disabled={busy}>
            Hand over the SMART Lead role
          </button>
        </form>
      )}
    </section>
  );
}

function InviteForm({ onDone }: { onDone: (name: string) => void }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [key, setKey] = useState(0);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = String(data.get('name') ?? '').trim();
    try {
      await api('/facilitators', {
        method: 'POST',
        body: JSON.stringify({
          name,
          email: String(data.get('email') ?? '').trim(),
          phone: String(data.get('phone') ?? '').trim() || undefined,
          capacity: data.get('capacity') ? String(data.get('capacity')) : undefined,
          isVeteran: data.get('isVeteran') === 'yes',
          inTraining: data.get('inTraining') === 'yes',
        }),
      });
      setErrors({});
      setMessage(null);
      setKey((k) => k + 1);
      onDone(name);
    } catch (e) {
      setErrors(fieldErrors(e));
      setMessage(e instanceof ApiError ? e.message : 'The facilitator could not be added.');
    }
  }
  return (
    <form key={key} onSubmit={submit} noValidate>
      <h2>Add and invite a facilitator</h2>
      <ErrorSummary id="invite-errors" message={message} errors={errors} />
      <Field id="name" label="Full name" error={errors.name}>
        {(aria) => <input {...aria} name="name" type="text" autoComplete="off" />}
      </Field>
      <Field id="email" label="Email address" error={errors.email} hint="We email them a link to set their password.">
        {(aria) => <input {...aria} name="email" type="email" autoComplete="off" />}
      </Field>
      <Field id="phone" label="Phone (optional)" error={errors.phone}>
        {(aria) => <input {...aria} name="phone" type="tel" autoComplete="off" />}
      </Field>
      <fieldset className="choices field" id="capacity">
        <legend>Are they staff or a volunteer?</legend>
        {errors.capacity ? <p className="error-message">{errors.capacity}</p> : null}
        <div className="choice">
          <input id="capacity-staff" name="capacity" type="radio" value="staff" />
          <label htmlFor="capacity-staff">Paid staff</label>
        </div>
        <div className="choice">
          <input id="capacity-volunteer" name="capacity" type="radio" value="volunteer" />
          <label htmlFor="capacity-volunteer">Volunteer</label>
        </div>
      </fieldset>
      <fieldset className="choices field">
        <legend>Other details</legend>
        <div className="choice">
          <input id="isVeteran" name="isVeteran" type="checkbox" value="yes" />
          <label htmlFor="isVeteran">They are a veteran (peer volunteers facilitating SMART Veterans must be)</label>
        </div>
        <div className="choice">
          <input id="inTraining" name="inTraining" type="checkbox" value="yes" />
          <label htmlFor="inTraining">They are doing the SMART Facilitator training</label>
        </div>
      </fieldset>
      <button type="submit">Add and invite</button>
    </form>
  );
}

/** One facilitator: their record, checks, Code of Conduct and whether they may facilitate. */
export function FacilitatorPage({ id }: { id: string }) {
  const [reload, setReload] = useState(0);
  const [updated, setUpdated] = useState<FacilitatorResponse | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  // Recording a check reloads only the checks, so the form and its confirmation stay on the page.
  const result = useApi<FacilitatorResponse>(`/facilitators/${encodeURIComponent(id)}`);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') {
    return <LoadFailed record="facilitator" status={result.status} message={result.message} />;
  }
  if (removed) {
    return (
      <Page title="Facilitator removed">
        <p className="notice" role="status">
          {removed}
        </p>
        <p>
          <a href="/portal/facilitators">Back to facilitators</a>
        </p>
      </Page>
    );
  }
  // A change answers with the whole record, which replaces the one loaded, so the page keeps its place.
  const f = updated ?? result.data;
  const canEdit = f.canEditEmail || f.manages.length > 0;
  return (
    <Page title={f.name}>
      <div role="status">{saved ? <p className="notice">{saved}</p> : null}</div>
      <FacilitatorDetails f={f} />
      {canEdit ? (
        <EditFacilitatorForm
          f={f}
          onDone={(record) => {
            setUpdated(record);
            setSaved('The record has been updated.');
          }}
        />
      ) : null}
      {f.manages.map((organisationId) => (
        <SitesForm
          key={organisationId}
          f={f}
          organisationId={organisationId}
          onDone={(record) => {
            setUpdated(record);
            setSaved('Their sites have been saved.');
          }}
        />
      ))}
      <h2>Safeguarding checks</h2>
      <p className="notice">
        Partner Hub keeps the details of a check only: never an image, copy or the contents of a certificate. Do not upload or send
        one.
      </p>
      {f.canSeeCheckDetails ? <CheckDetails id={f.id} reload={reload} /> : <CheckSummary f={f} />}
      {f.canSeeCheckDetails ? <CheckForm id={f.id} kinds={f.checkKindsNeeded} onDone={() => setReload((n) => n + 1)} /> : null}
      <Eligibility f={f} />
      <FacilitatorCommunitySessions facilitatorId={f.id} />
      {f.manages.map((organisationId) => (
        <RemoveFromOrganisation key={organisationId} f={f} organisationId={organisationId} onDone={setRemoved} />
      ))}
      {f.canEditEmail ? (
        <PersonalData
          f={f}
          onErased={(record) => {
            setUpdated(record);
            setSaved('Their personal details have been erased.');
          }}
        />
      ) : null}
    </Page>
  );
}

/** The record as it is now, from a 412 answer to an edit made from a stale copy (docs/decisions/101). */
function currentFromConflict(error: unknown): FacilitatorResponse | null {
  if (!(error instanceof ApiError) || error.status !== 412) return null;
  const details = error.body?.error.details as { current?: FacilitatorResponse } | undefined;
  return details?.current ?? null;
}

/** The later of the record from a 412 and the one on the page (another form may have saved since). */
const newer = (conflict: FacilitatorResponse | null, f: FacilitatorResponse) => (conflict && conflict.version > f.version ? conflict : f);

/** If-Match for an edit: the version of the copy the person is editing from. */
const ifMatch = (record: { version: number }) => ({ 'If-Match': `"${record.version}"` });

const CONFLICT_MESSAGE =
  'Someone else changed these details while you were editing. What they saved is shown with each field they changed, and what you typed is kept. Check it, then save again to keep your version.';

/** What someone else saved in a field, shown beside it after a 412. */
function ChangedByOthers({ id, value }: { id: string; value: string | undefined }) {
  if (value === undefined) return null;
  return (
    <p className="hint changed-by-others" id={id}>
      <strong>Changed by someone else to:</strong> {value}
    </p>
  );
}

/** A SMART Lead (or Central Office) corrects the record; only Central Office sees the email field. */
function EditFacilitatorForm({ f, onDone }: { f: FacilitatorResponse; onDone: (record: FacilitatorResponse) => void }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  // After a 412: the record as someone else saved it. The next save is made from its version.
  const [conflict, setConflict] = useState<FacilitatorResponse | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    try {
      const record = await api<FacilitatorResponse>(`/facilitators/${encodeURIComponent(f.id)}`, {
        method: 'PATCH',
        headers: ifMatch(newer(conflict, f)),
        body: JSON.stringify({
          name: String(data.get('edit-name') ?? '').trim(),
          ...(f.canEditEmail ? { email: String(data.get('edit-email') ?? '').trim() } : {}),
          phone: String(data.get('edit-phone') ?? '').trim() || null,
          isVeteran: data.get('edit-isVeteran') === 'yes',
          inTraining: data.get('edit-inTraining') === 'yes',
        }),
      });
      setErrors({});
      setMessage(null);
      setConflict(null);
      onDone(record);
    } catch (e) {
      const current = currentFromConflict(e);
      if (current) {
        setConflict(current);
        setErrors({});
        setMessage(CONFLICT_MESSAGE);
        return;
      }
      setErrors(prefixed(fieldErrors(e), 'edit-'));
      setMessage(e instanceof ApiError ? e.message : 'The record could not be updated.');
    }
  }
  const yesNo = (value: boolean) => (value ? 'Yes' : 'No');
  const changed = {
    name: conflict && conflict.name !== f.name ? conflict.name : undefined,
    email: conflict && conflict.email !== f.email ? conflict.email : undefined,
    phone: conflict && conflict.phone !== f.phone ? (conflict.phone ?? 'No phone number') : undefined,
    isVeteran: conflict && conflict.isVeteran !== f.isVeteran ? yesNo(conflict.isVeteran) : undefined,
    inTraining: conflict && conflict.inTraining !== f.inTraining ? yesNo(conflict.inTraining) : undefined,
  };
  const describedWithChange = (name: string, field: keyof typeof changed, hint = false) =>
    [describedBy(name, errors[name], hint), changed[field] !== undefined ? `${name}-changed` : null].filter(Boolean).join(' ') || undefined;
  return (
    <details className="manage" open={conflict ? true : undefined}>
      <summary>Edit their details</summary>
      <form onSubmit={submit} noValidate>
        <ErrorSummary id="edit-errors" message={message} errors={errors} />
        <Field id="edit-name" label="Full name" error={errors['edit-name']}>
          {(aria) => (
            <>
              <ChangedByOthers id="edit-name-changed" value={changed.name} />
              <input {...aria} name="edit-name" type="text" autoComplete="off" defaultValue={f.name} aria-describedby={describedWithChange('edit-name', 'name')} />
            </>
          )}
        </Field>
        {f.canEditEmail ? (
          <Field id="edit-email" label="Email address" error={errors['edit-email']} hint="They sign in with this address; their account changes with it.">
            {(aria) => (
              <>
                <ChangedByOthers id="edit-email-changed" value={changed.email} />
                <input {...aria} name="edit-email" type="email" autoComplete="off" defaultValue={f.email} aria-describedby={describedWithChange('edit-email', 'email', true)} />
              </>
            )}
          </Field>
        ) : (
          <p>To change their email address, ask Central Office.</p>
        )}
        <Field id="edit-phone" label="Phone (optional)" error={errors['edit-phone']}>
          {(aria) => (
            <>
              <ChangedByOthers id="edit-phone-changed" value={changed.phone} />
              <input {...aria} name="edit-phone" type="tel" autoComplete="off" defaultValue={f.phone ?? ''} aria-describedby={describedWithChange('edit-phone', 'phone')} />
            </>
          )}
        </Field>
        <fieldset className="choices field">
          <legend>Other details</legend>
          <div className="choice">
            <input id="edit-isVeteran" name="edit-isVeteran" type="checkbox" value="yes" defaultChecked={f.isVeteran} aria-describedby={describedWithChange('edit-isVeteran', 'isVeteran')} />
            <label htmlFor="edit-isVeteran">They are a veteran</label>
          </div>
          <ChangedByOthers id="edit-isVeteran-changed" value={changed.isVeteran} />
          <div className="choice">
            <input id="edit-inTraining" name="edit-inTraining" type="checkbox" value="yes" defaultChecked={f.inTraining} aria-describedby={describedWithChange('edit-inTraining', 'inTraining')} />
            <label htmlFor="edit-inTraining">They are doing the SMART Facilitator training</label>
          </div>
          <ChangedByOthers id="edit-inTraining-changed" value={changed.inTraining} />
        </fieldset>
        <button type="submit">Save their details</button>
      </form>
    </details>
  );
}

const prefixed = (errors: FieldErrors, prefix: string): FieldErrors => Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${prefix}${k}`, v]));

/** The sites of one organisation where the facilitator facilitates; the check they need follows these sites' nation. */
function SitesForm({ f, organisationId, onDone }: { f: FacilitatorResponse; organisationId: string; onDone: (record: FacilitatorResponse) => void }) {
  const organisation = useApi<OrganisationResponse>(`/organisations/${encodeURIComponent(organisationId)}`);
  const [message, setMessage] = useState<string | null>(null);
  // After a 412: the record as someone else saved it; the ticked boxes stay as the person left them.
  const [conflict, setConflict] = useState<FacilitatorResponse | null>(null);
  if (organisation.state !== 'ready') return organisation.state === 'loading' ? <Loading /> : null;
  const o = organisation.data;
  const mine = new Set(f.sites.map((s) => s.id));
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const chosen = data.getAll('siteIds').map(String);
    // Links to the sites of other organisations they facilitate for are kept as they are.
    const base = newer(conflict, f);
    const others = base.sites.filter((s) => s.organisationId !== organisationId && base.manages.includes(s.organisationId)).map((s) => s.id);
    try {
      const record = await api<FacilitatorResponse>(`/facilitators/${encodeURIComponent(f.id)}/sites`, {
        method: 'PUT',
        headers: ifMatch(base),
        body: JSON.stringify({ siteIds: [...others, ...chosen] }),
      });
      setMessage(null);
      setConflict(null);
      onDone(record);
    } catch (e) {
      const current = currentFromConflict(e);
      if (current) {
        setConflict(current);
        setMessage(CONFLICT_MESSAGE);
        return;
      }
      setMessage(e instanceof ApiError ? e.message : 'Their sites could not be saved.');
    }
  }
  const sitesHere = (record: FacilitatorResponse) => record.sites.filter((s) => s.organisationId === organisationId).map((s) => s.name);
  const changedSites = conflict && sitesHere(conflict).sort().join('|') !== sitesHere(f).sort().join('|') ? sitesHere(conflict) : null;
  const headingId = `sites-${organisationId}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Where they facilitate for {o.name}</h2>
      {f.sites.some((s) => s.organisationId === organisationId) ? (
        <p>{f.sites.filter((s) => s.organisationId === organisationId).map((s) => s.name).join(', ')}</p>
      ) : (
        <p>No site chosen yet.</p>
      )}
      <form onSubmit={submit} noValidate>
        <ErrorSummary id={`${headingId}-errors`} message={message} />
        <fieldset className="choices field">
          <legend>Sites where they facilitate</legend>
          <p className="hint">The safeguarding check they need follows the nation of these sites: DBS in England and Wales, PVG in Scotland, AccessNI in Northern Ireland.</p>
          {changedSites ? <ChangedByOthers id={`sites-${organisationId}-changed`} value={changedSites.length ? changedSites.join(', ') : 'No site'} /> : null}
          {o.sites.map((s) => (
            <div className="choice" key={s.id}>
              <input id={`site-${s.id}`} name="siteIds" type="checkbox" value={s.id} defaultChecked={mine.has(s.id)} />
              <label htmlFor={`site-${s.id}`}>
                {s.name} ({NATION_NAMES[s.nation] ?? s.nation})
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit">Save their sites</button>
      </form>
    </section>
  );
}

const NATION_NAMES: Record<string, string> = { england: 'England', wales: 'Wales', scotland: 'Scotland', 'northern-ireland': 'Northern Ireland' };

/** Removing someone from the organisation asks once more before it is done. */
function RemoveFromOrganisation({ f, organisationId, onDone }: { f: FacilitatorResponse; organisationId: string; onDone: (message: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const organisation = f.organisations.find((o) => o.id === organisationId);
  if (!organisation || f.isSmartLead) return null;
  async function remove() {
    try {
      const result = await api<{ accountSuspended: boolean }>(`/facilitators/${encodeURIComponent(f.id)}/organisations/${encodeURIComponent(organisationId)}`, { method: 'DELETE' });
      onDone(`${f.name} has been removed from ${organisation!.name}.${result.accountSuspended ? ' Their Partner Hub account has been closed.' : ''}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'They could not be removed.');
    }
  }
  const headingId = `remove-${organisationId}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Remove from {organisation.name}</h2>
      <p>If they no longer facilitate for {organisation.name}, remove them. Their record and its history are kept; an account they use only for {organisation.name} is closed.</p>
      {error ? <ErrorMessage message={error} /> : null}
      {confirming ? (
        <p className="button-row">
          <button type="button" onClick={() => void remove()}>
            Yes, remove {f.name}
          </button>{' '}
          <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </p>
      ) : (
        <p>
          <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
            Remove {f.name} from {organisation.name}
          </button>
        </p>
      )}
    </section>
  );
}

/** Central Office: everything held about the person as a download, and erasure once they have left (docs/decisions/104). */
function PersonalData({ f, onErased }: { f: FacilitatorResponse; onErased: (record: FacilitatorResponse) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function erase() {
    setConfirming(false);
    try {
      await api(`/people/${encodeURIComponent(f.id)}/erasure`, { method: 'POST' });
      setError(null);
      onErased(await api<FacilitatorResponse>(`/facilitators/${encodeURIComponent(f.id)}`));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Their details could not be erased.');
    }
  }
  return (
    <section aria-labelledby="personal-data">
      <h2 id="personal-data">Their personal data</h2>
      <p>
        <a href={`/api/v1/people/${encodeURIComponent(f.id)}/subject-access`} download>
          Download everything held about {f.name}
        </a>{' '}
        (for a subject access request; the download is recorded in the audit trail).
      </p>
      <p>
        Erasing replaces their name and contact details and closes their account. The outcome of their safeguarding checks, their
        training, finance records and the audit trail are kept. Remove them from every organisation and meeting first.
      </p>
      {error ? <ErrorMessage message={error} /> : null}
      {confirming ? (
        <p className="button-row">
          <button type="button" onClick={() => void erase()}>
            Yes, erase {f.name}
          </button>{' '}
          <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </p>
      ) : (
        <p>
          <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
            Erase {f.name}'s personal details
          </button>
        </p>
      )}
    </section>
  );
}

function FacilitatorDetails({ f }: { f: FacilitatorResponse }) {
  return (
    <>
      <dl>
        <dt>Email</dt>
        <dd>{f.email}</dd>
        {f.phone ? (
          <>
            <dt>Phone</dt>
            <dd>{f.phone}</dd>
          </>
        ) : null}
        <dt>Facilitates for</dt>
        <dd>
          {f.organisations.length
            ? f.organisations.map((o) => `${o.name} (${o.capacity === 'staff' ? 'staff' : 'volunteer'})`).join(', ')
            : 'UKSR volunteer facilitator'}
        </dd>
        <dt>Sites</dt>
        <dd>{f.sites.length ? f.sites.map((s) => `${s.name} (${NATION_NAMES[s.nation] ?? s.nation})`).join(', ') : 'None chosen'}</dd>
        <dt>Veteran</dt>
        <dd>{f.isVeteran ? 'Yes' : 'No'}</dd>
        <dt>Partner Hub account</dt>
        <dd>{f.hasAccount ? (f.isSmartLead ? 'Yes (SMART Lead)' : 'Yes') : 'Not invited'}</dd>
        <dt>Qualifications</dt>
        <dd>
          {f.qualifications.length
            ? f.qualifications.map((q) => `${q.name}, ${formatLongDate(q.achievedOn)}`).join('; ')
            : f.inTraining
              ? 'In training'
              : 'None recorded yet'}
        </dd>
        <dt>Facilitator Code of Conduct</dt>
        <dd>
          {f.codeOfConduct.current
            ? `Accepted version ${f.codeOfConduct.currentVersion} on ${formatDateTime(f.codeOfConduct.acceptedAt)}`
            : f.codeOfConduct.acceptedVersion
              ? `Accepted version ${f.codeOfConduct.acceptedVersion} only; version ${f.codeOfConduct.currentVersion} is waiting to be accepted`
              : `Not accepted yet (version ${f.codeOfConduct.currentVersion})`}
        </dd>
      </dl>
    </>
  );
}

function CheckSummary({ f }: { f: FacilitatorResponse }) {
  if (f.checks.length === 0) return <p>No check recorded.</p>;
  return (
    <ul>
      {f.checks.map((c) => (
        <li key={c.id}>
          {CHECK_NAMES[c.kind]}: {STATUS_NAMES[c.status]}, valid until {formatLongDate(c.validUntil)}
        </li>
      ))}
    </ul>
  );
}

function CheckDetails({ id, reload }: { id: string; reload: number }) {
  const result = useApi<{ items: CheckDetail[] }>(`/facilitators/${encodeURIComponent(id)}/safeguarding-checks?r=${reload}`);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorMessage message={result.message} />;
  if (result.data.items.length === 0) return <p>No check recorded.</p>;
  return (
    <>
      <p>Each time these details are shown, it is recorded in the audit trail.</p>
      <table className="stacked-table">
        <caption className="visually-hidden">Safeguarding checks</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Number</th>
            <th scope="col">Issued</th>
            <th scope="col">Valid until</th>
            <th scope="col">Seen by</th>
            <th scope="col">Decision</th>
          </tr>
        </thead>
        <tbody>
          {result.data.items.map((c) => (
            <tr key={c.id}>
              <td data-label="Check">
                {CHECK_NAMES[c.kind]} ({CHECK_LEVEL_NAMES[c.level] ?? c.level}): {STATUS_NAMES[c.status]}
                {c.updateServiceSubscribed && c.updateServiceCheckedOn ? `; Update Service checked ${formatLongDate(c.updateServiceCheckedOn)}` : ''}
              </td>
              <td data-label="Number">{c.certificateNumber ?? 'Removed after the retention period'}</td>
              <td data-label="Issued">{formatLongDate(c.issuedOn)}</td>
              <td data-label="Valid until">{formatLongDate(c.validUntil)}</td>
              <td data-label="Seen by">
                {c.verifiedBy ?? 'Unknown'}, {formatLongDate(c.verifiedOn)}
              </td>
              <td data-label="Decision">{c.decision === 'suitable' ? 'Suitable' : 'Not suitable'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

type CheckKind = keyof typeof CHECK_LEVELS;
const ALL_KINDS: CheckKind[] = ['dbs', 'pvg', 'accessni'];
const DEFAULT_LEVEL: Record<CheckKind, string> = { dbs: 'enhanced', pvg: 'pvg-scheme-record', accessni: 'enhanced' };
const NUMBER_FIELD: Record<CheckKind, { label: string; hint: string }> = {
  dbs: { label: 'Certificate number', hint: '12 digits, as printed on the certificate.' },
  pvg: { label: 'PVG scheme number', hint: '16 digits, as printed on the scheme record or update.' },
  accessni: { label: 'Certificate number', hint: '6 to 20 letters and digits, as printed on the certificate.' },
};
const KIND_HINTS: Record<CheckKind, string> = { dbs: 'England and Wales', pvg: 'Scotland', accessni: 'Northern Ireland' };

/**
 * The form to record a check someone has seen (the details only). It offers the check the nation
 * of their sites needs (Sections 8 and 9): DBS in England and Wales, PVG in Scotland, AccessNI in
 * Northern Ireland; with sites in more than one, a choice between them.
 */
function CheckForm({ id, kinds, onDone }: { id: string; kinds: CheckKind[]; onDone: () => void }) {
  const offered = kinds.length ? kinds : ALL_KINDS;
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [key, setKey] = useState(0);
  const [chosen, setChosen] = useState<CheckKind>(offered[0]!);
  // The sites may change while the page is open; then the first kind they need is offered.
  const kind = offered.includes(chosen) ? chosen : offered[0]!;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const subscribed = kind === 'dbs' && data.get('updateServiceSubscribed') === 'yes';
    try {
      await api(`/facilitators/${encodeURIComponent(id)}/safeguarding-checks`, {
        method: 'POST',
        body: JSON.stringify({
          kind,
          level: String(data.get('level') ?? ''),
          certificateNumber: String(data.get('certificateNumber') ?? '').replace(/\s+/g, ''),
          issuedOn: String(data.get('issuedOn') ?? ''),
          updateServiceSubscribed: subscribed,
          updateServiceCheckedOn: subscribed ? String(data.get('updateServiceCheckedOn') ?? '') || null : null,
          verifiedOn: String(data.get('verifiedOn') ?? ''),
          decision: data.get('decision') ? String(data.get('decision')) : undefined,
        }),
      });
      setErrors({});
      setMessage(null);
      setSaved(`The ${CHECK_NAMES[kind]} check has been recorded.`);
      setKey((k) => k + 1);
      onDone();
    } catch (e) {
      setSaved(null);
      setErrors(fieldErrors(e));
      setMessage(e instanceof ApiError ? e.message : 'The check could not be recorded.');
    }
  }
  const number = NUMBER_FIELD[kind];
  return (
    <>
      <div role="status">{saved ? <p className="notice">{saved}</p> : null}</div>
      <form key={key} onSubmit={submit} noValidate>
        <h3>{offered.length === 1 ? `Record a ${CHECK_NAMES[kind]} check` : 'Record a safeguarding check'}</h3>
        <p>Enter the details from the certificate you have seen. Do not keep, upload or send a copy of it.</p>
        <ErrorSummary id="check-errors" message={message} errors={errors} />
        {offered.length > 1 ? (
          <Choices
            name="kind"
            legend="Which check have you seen?"
            type="radio"
            hint="The check follows the nation where they facilitate."
            error={errors.kind}
            choices={offered.map((k) => ({ value: k, label: `${CHECK_NAMES[k]} (${KIND_HINTS[k]})` }))}
            selected={kind}
            onChange={(k) => setChosen(k as typeof kind)}
          />
        ) : null}
        <Field id="level" label="Level" error={errors.level}>
          {(aria) => (
            <select {...aria} key={kind} name="level" defaultValue={DEFAULT_LEVEL[kind]}>
              {CHECK_LEVELS[kind].map((l) => (
                <option key={l} value={l}>
                  {CHECK_LEVEL_NAMES[l]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="certificateNumber" label={number.label} error={errors.certificateNumber} hint={number.hint}>
          {(aria) => (
            <input {...aria}
              name="certificateNumber"
              type="text"
              inputMode={kind === 'accessni' ? 'text' : 'numeric'}
              autoComplete="off"
            />
          )}
        </Field>
        <Field id="issuedOn" label={kind === 'pvg' ? 'Date of issue of the scheme record' : 'Date of issue'} error={errors.issuedOn}>
          {(aria) => <input {...aria} name="issuedOn" type="date" />}
        </Field>
        {kind === 'dbs' ? (
          <>
            <fieldset className="choices field">
              <legend>DBS Update Service</legend>
              <div className="choice">
                <input id="updateServiceSubscribed" name="updateServiceSubscribed" type="checkbox" value="yes" />
                <label htmlFor="updateServiceSubscribed">The certificate is on the DBS Update Service</label>
              </div>
            </fieldset>
            <Field id="updateServiceCheckedOn" label="Update Service last checked (if on it)" error={errors.updateServiceCheckedOn}>
              {(aria) => <input {...aria} name="updateServiceCheckedOn" type="date" />}
            </Field>
          </>
        ) : null}
        <Field id="verifiedOn" label="Date you saw the certificate" error={errors.verifiedOn}>
          {(aria) => <input {...aria} name="verifiedOn" type="date" defaultValue={londonDate(new Date())} />}
        </Field>
        <Choices
          name="decision"
          legend="Your decision"
          type="radio"
          error={errors.decision}
          choices={[
            { value: 'suitable', label: 'Suitable to facilitate' },
            { value: 'not_suitable', label: 'Not suitable' },
          ]}
        />
        <button type="submit">Record the check</button>
      </form>
    </>
  );
}

/** May this facilitator run a programme at one of their organisation's sites? Every reason if not. */
function Eligibility({ f, own = false }: { f: FacilitatorResponse; own?: boolean }) {
  const organisationId = f.organisations[0]?.id;
  // UKSR volunteers' community meetings are registered with the meetings capability, not here.
  return organisationId ? <EligibilityForm f={f} organisationId={organisationId} own={own} /> : null;
}

/** `own`: the facilitator is checking themselves, so the page speaks to them as "you". */
function EligibilityForm({ f, organisationId, own }: { f: FacilitatorResponse; organisationId: string; own: boolean }) {
  const organisation = useApi<OrganisationResponse>(`/organisations/${encodeURIComponent(organisationId)}`);
  const [answer, setAnswer] = useState<EligibilityResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (organisation.state !== 'ready') return organisation.state === 'loading' ? <Loading /> : null;
  const sites = organisation.data.sites;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const query = new URLSearchParams({ programme: String(data.get('programme')), siteId: String(data.get('siteId')), date: String(data.get('date')) });
    try {
      setAnswer(await api<EligibilityResponse>(`/facilitators/${encodeURIComponent(f.id)}/eligibility?${query}`));
      setError(null);
    } catch (e) {
      setAnswer(null);
      setError(e instanceof ApiError ? e.message : 'Eligibility could not be checked.');
    }
  }
  return (
    <section aria-labelledby="eligibility-heading">
      <h2 id="eligibility-heading">{own ? 'May you facilitate?' : 'May they facilitate?'}</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="programme">Programme</label>
          <select id="programme" name="programme" defaultValue="smart-recovery">
            {PROGRAMMES.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="siteId">Site</label>
          <select id="siteId" name="siteId">
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="date">Date</label>
          <input id="date" name="date" type="date" defaultValue={londonDate(new Date())} />
        </div>
        <button type="submit">Check eligibility</button>
      </form>
      <div role="status" className="eligibility-answer">
        {error ? <p>{error}</p> : null}
        {answer ? (
          answer.allowed ? (
            <p className="notice">
              Eligible: {own ? 'you' : 'they'} may facilitate this programme at this site on {formatLongDate(answer.date)}.
            </p>
          ) : (
            <>
              <p>
                <strong>Not eligible on {formatLongDate(answer.date)}:</strong>
              </p>
              <ul>
                {answer.reasons.map((r) => (
                  <li key={r.code}>
                    {r.message}
                    {r.because?.length ? ` ${r.because.map((b) => b.message).join(' ')}` : ''}
                  </li>
                ))}
              </ul>
            </>
          )
        ) : null}
      </div>
    </section>
  );
}

/** The signed-in facilitator's own record, where they read and accept the Code of Conduct. */
export function MyRecordPage({ smartLead = false }: { smartLead?: boolean }) {
  const [reload, setReload] = useState(0);
  const record = useApi<FacilitatorResponse>(`/facilitators/me?r=${reload}`);
  const code = useApi<CodeOfConductResponse>(`/code-of-conduct?r=${reload}`);
  const [error, setError] = useState<string | null>(null);
  if (record.state === 'loading' || code.state === 'loading') return <Loading />;
  if (record.state === 'error') {
    return record.status === 404 ? (
      <Page title="Your facilitator record">
        <p>{smartLead ? 'You have no facilitator record yet. Central Office adds it for a SMART Lead: ask them to.' : 'You have no facilitator record yet. Your SMART Lead or Central Office adds it.'}</p>
      </Page>
    ) : (
      <ErrorMessage message={record.message} />
    );
  }
  if (code.state === 'error') return <ErrorMessage message={code.message} />;
  const f = record.data;
  const c = code.data;
  async function accept() {
    try {
      await api('/code-of-conduct/acceptances', { method: 'POST', body: JSON.stringify({ version: c.version }) });
      setError(null);
      setReload((n) => n + 1);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Your acceptance could not be recorded.');
    }
  }
  return (
    <Page title="Your facilitator record">
      <FacilitatorDetails f={f} />
      <h2>Safeguarding checks</h2>
      <CheckSummary f={f} />
      <FacilitatorCommunitySessions facilitatorId={f.id} />
      <h2>Facilitator Code of Conduct, version {c.version}</h2>
      <div className="mail-body">{c.body}</div>
      <div role="status">
        {c.acceptedVersion === c.version ? <p className="notice">You accepted version {c.version} on {formatDateTime(c.acceptedAt)}.</p> : null}
        {error ? <p>{error}</p> : null}
      </div>
      {c.acceptedVersion !== c.version ? (
        <p>
          <button type="button" onClick={() => void accept()}>
            I accept version {c.version} of the Code of Conduct
          </button>
        </p>
      ) : null}
      <Eligibility f={f} own />
    </Page>
  );
}
