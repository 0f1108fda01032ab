import { type FormEvent, useEffect, useRef, useState } from 'react';
import { londonDate } from '../../../../domain/iso-date.js';
import { PROGRAMMES } from '../../../../domain/reference.js';
import type { CurrentUserResponse } from '../../../../shared/schemas/auth.js';
import { newSiteExceptionSchema, type SiteException } from '../../../../shared/schemas/meetings.js';
import type { OrganisationResponse } from '../../../../shared/schemas/organisations.js';
import { api, ApiError } from '../../../app/api.js';
import { useApi } from '../../../app/use-api.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';
import { apiFieldErrors } from '../api/meetings-api.js';
import { dateText } from '../meeting-text.js';
import { ErrorSummary, Field, type FieldErrors, SelectField } from '../../../components/ui/field.js';
import { useOptionalApi } from './form-parts.js';

const LABELS: Record<string, string> = { programme: 'Programme', from: 'First day', to: 'Last day', agreedOn: 'Agreed on', reason: 'Reason' };

/**
 * Section 9: "Meetings run by partner organisations should take place at their licensed sites …
 * Any exceptions must be agreed in advance with UKSR Central Office." Central Office records each
 * exception it agrees (a programme at a site, from and to); the site's organisation and its
 * Coordinator can read them.
 */
export function SiteExceptionsPage({ me }: { me: CurrentUserResponse }) {
  const params = new URLSearchParams(window.location.search);
  const [organisationId, setOrganisationId] = useState(me.role === 'central_office' || me.role === 'coordinator' ? (params.get('organisationId') ?? '') : (me.organisationId ?? ''));
  const [siteId, setSiteId] = useState(params.get('siteId') ?? '');
  const organisations = useOptionalApi<{ items: { id: string; name: string }[] }>(me.role === 'central_office' || me.role === 'coordinator' ? '/organisations?limit=200' : null);
  const organisation = useOptionalApi<OrganisationResponse>(organisationId ? `/organisations/${encodeURIComponent(organisationId)}` : null);
  const sites = organisation?.state === 'ready' ? organisation.data.sites : [];
  const site = sites.find((s) => s.id === siteId);

  // The choice is kept in the address, so the page can be bookmarked and the back button works.
  useEffect(() => {
    const query = new URLSearchParams();
    if (organisationId && (me.role === 'central_office' || me.role === 'coordinator')) query.set('organisationId', organisationId);
    if (siteId) query.set('siteId', siteId);
    window.history.replaceState(null, '', `/portal/site-exceptions${query.toString() ? `?${query}` : ''}`);
  }, [organisationId, siteId, me.role]);

  return (
    <Page title="Site exceptions">
      <p>
        Section 9: meetings run by partner organisations take place at their licensed sites. Any exception must be agreed in advance with UKSR
        Central Office; {me.role === 'central_office' ? 'record each one you agree here' : 'Central Office records each one it agrees'}, and
        meetings at the site are listed again while it applies.
      </p>
      <div className="filters">
        {organisations ? (
          <SelectField
            id="exception-organisation"
            label="Organisation"
            value={organisationId}
            onChange={(e) => {
              setOrganisationId(e.target.value);
              setSiteId('');
            }}
            placeholder="Choose the organisation"
            options={organisations.state === 'ready' ? organisations.data.items.map((o) => ({ value: o.id, label: o.name })) : []}
          />
        ) : null}
        <SelectField
          id="exception-site"
          label="Site"
          value={siteId}
          onChange={(e) => setSiteId(e.target.value)}
          placeholder={organisationId ? 'Choose the site' : 'Choose the organisation first'}
          options={sites.map((s) => ({ value: s.id, label: `${s.name}, ${s.postcode}` }))}
        />
      </div>
      {organisation?.state === 'error' ? <ErrorMessage message={organisation.message} /> : null}
      {site ? <SiteExceptions siteId={site.id} siteName={site.name} canRecord={me.role === 'central_office'} /> : null}
    </Page>
  );
}

function SiteExceptions({ siteId, siteName, canRecord }: { siteId: string; siteName: string; canRecord: boolean }) {
  const [reload, setReload] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  const result = useApi<{ items: SiteException[] }>(`/sites/${encodeURIComponent(siteId)}/exceptions?r=${reload}`);
  return (
    <section aria-labelledby="exceptions-title">
      <h2 id="exceptions-title">Exceptions at {siteName}</h2>
      <div role="status">{saved ? <p className="notice">{saved}</p> : null}</div>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorMessage message={result.message} /> : null}
      {result.state === 'ready' && result.data.items.length === 0 ? <p>No exceptions are recorded for this site.</p> : null}
      {result.state === 'ready' && result.data.items.length > 0 ? (
        <table className="stacked-table">
          <caption className="visually-hidden">Exceptions at {siteName}</caption>
          <thead>
            <tr>
              <th scope="col">Programme</th>
              <th scope="col">Applies</th>
              <th scope="col">Agreed on</th>
              <th scope="col">Reason</th>
              <th scope="col">Recorded by</th>
            </tr>
          </thead>
          <tbody>
            {result.data.items.map((x) => (
              <tr key={x.id}>
                <td data-label="Programme">{x.programmeName}</td>
                <td data-label="Applies">
                  {dateText(x.from)} to {dateText(x.to)}
                </td>
                <td data-label="Agreed on">{dateText(x.agreedOn)}</td>
                <td data-label="Reason">{x.reason}</td>
                <td data-label="Recorded by">{x.recordedBy ?? 'Central Office'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {canRecord ? (
        <ExceptionForm
          key={siteId}
          siteId={siteId}
          onDone={(x) => {
            setSaved(`The exception for ${x.programmeName} from ${dateText(x.from)} to ${dateText(x.to)} is recorded.`);
            setReload((n) => n + 1);
          }}
        />
      ) : null}
    </section>
  );
}

function ExceptionForm({ siteId, onDone }: { siteId: string; onDone: (x: SiteException) => void }) {
  const blank = { programme: '', from: '', to: '', agreedOn: londonDate(new Date()), reason: '' };
  const [values, setValues] = useState(blank);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const set = (patch: Partial<typeof values>) => setValues({ ...values, ...patch });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    const request = { ...values, programme: values.programme || undefined };
    const parsed = newSiteExceptionSchema.safeParse(request);
    if (!parsed.success) {
      const found: FieldErrors = {};
      for (const issue of parsed.error.issues) found[String(issue.path[0] ?? 'form')] ??= issue.message;
      setErrors(found);
      setMessage('Some of the details need changing before the exception can be recorded.');
      return;
    }
    setBusy(true);
    try {
      const recorded = await api<SiteException>(`/sites/${encodeURIComponent(siteId)}/exceptions`, { method: 'POST', body: JSON.stringify(request) });
      setErrors({});
      setMessage(null);
      setValues(blank);
      onDone(recorded);
    } catch (e) {
      setErrors(apiFieldErrors(e));
      setMessage(e instanceof ApiError ? e.message : 'The exception could not be recorded.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <h3>Record an exception agreed by Central Office</h3>
      <ErrorSummary message={message} errors={errors} labels={LABELS} focusRef={summary} attempt={attempt} />
      <SelectField
        id="programme"
        label="Programme"
        error={errors.programme}
        value={values.programme}
        onChange={(e) => set({ programme: e.target.value })}
        placeholder="Choose the programme"
        options={PROGRAMMES.map((p) => ({ value: p.code, label: p.name }))}
      />
      <Field id="from" label="First day it applies" error={errors.from}>
        {(aria) => <input {...aria} type="date" value={values.from} onChange={(e) => set({ from: e.target.value })} />}
      </Field>
      <Field id="to" label="Last day it applies" error={errors.to}>
        {(aria) => <input {...aria} type="date" value={values.to} onChange={(e) => set({ to: e.target.value })} />}
      </Field>
      <Field id="agreedOn" label="Date Central Office agreed it" error={errors.agreedOn}>
        {(aria) => <input {...aria} type="date" value={values.agreedOn} onChange={(e) => set({ agreedOn: e.target.value })} />}
      </Field>
      <Field id="reason" label="Why it was agreed" error={errors.reason}>
        {(aria) => <textarea {...aria} rows={3} value={values.reason} onChange={(e) => set({ reason: e.target.value })} />}
      </Field>
      <button type="submit" disabled={busy}>
        Record the exception
      </button>
    </form>
  );
}
