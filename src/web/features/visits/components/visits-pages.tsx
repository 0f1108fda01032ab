import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { formatLongDate, londonDate } from '../../../../domain/iso-date.js';
import { MEETING_STRUCTURE, VISIT_KINDS, type StructureItem, type VisitKind } from '../../../../domain/visits/meeting-structure.js';
import type { OrganisationResponse } from '../../../../shared/schemas/organisations.js';
import type { VisitActionResponse, VisitResponse } from '../../../../shared/schemas/visits.js';
import { api, ApiError } from '../../../app/api.js';
import { useApi } from '../../../app/use-api.js';
import { TextField } from '../../../components/ui/field.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';

type FieldErrors = Record<string, string>;
type VisitSummary = Omit<VisitResponse, 'purpose' | 'visitedOn' | 'structure' | 'observations' | 'feedback' | 'reportSentTo' | 'actions' | 'canRecord' | 'canCloseActions'>;
type ActionWithOrganisation = VisitActionResponse & { organisation: { id: string; name: string }; visitedOn: string | null };

/** The API's field details keyed by the field's path after 'body' ('structure.check_in', 'actions.0.description'). */
function fieldErrors(error: unknown): FieldErrors {
  const details = error instanceof ApiError ? error.body?.error.details : undefined;
  const out: FieldErrors = {};
  if (Array.isArray(details)) {
    for (const d of details as { field?: string; message?: string }[]) {
      const key = String(d.field ?? '').replace(/^body\./, '');
      if (key && d.message && !out[key]) out[key] = d.message;
    }
  }
  return out;
}

/** The id of the input a field's error belongs to, for the summary's links. */
const inputId = (field: string) => field.replace(/\./g, '-');

function FormErrors({ message, errors }: { message: string | null; errors: FieldErrors }) {
  if (!message) return null;
  const entries = Object.entries(errors);
  return (
    <div className="error-summary" role="alert">
      <h2>There is a problem</h2>
      <p>{message}</p>
      {entries.length ? (
        <ul>
          {entries.map(([field, text]) => (
            <li key={field}>
              <a href={`#${inputId(field)}`}>{text}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A labelled control of a kind TextField does not cover (date, time, select, textarea), with its error beside it. */
function Control({ id, label, error, hint, children }: { id: string; label: string; error?: string | undefined; hint?: string; children: ReactNode }) {
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

const describedBy = (id: string, error: string | undefined, hint = false) => [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

function when(v: { scheduledOn: string; scheduledTime: string | null }) {
  return `${formatLongDate(v.scheduledOn)}${v.scheduledTime ? ` at ${v.scheduledTime}` : ''}`;
}

/** Visits: those scheduled, those recorded, the open actions, and (for staff) the form to schedule one. */
export function VisitsPage({ canSchedule }: { canSchedule: boolean }) {
  const [reload, setReload] = useState(0);
  const recorded = useApi<{ items: VisitSummary[]; total: number }>('/visits?status=recorded&limit=50');
  const [created, setCreated] = useState<VisitResponse | null>(null);
  return (
    <Page title="Visits">
      <p>
        Site visits support a new meeting and newly qualified facilitators; quality-assurance visits give feedback, validation and suggestions to an existing
        meeting. Each is recorded against the SMART Recovery Meeting Structure and the feedback report is emailed to the SMART Lead.
      </p>
      <div role="status">
        {created ? (
          <p className="notice">
            The visit has been scheduled: <a href={`/portal/visits/${created.id}`}>{`${VISIT_KINDS[created.kind]}, ${created.site.name}, ${when(created)}`}</a>.
          </p>
        ) : null}
      </div>
      <section aria-labelledby="visits-scheduled">
        <h2 id="visits-scheduled">Scheduled</h2>
        <ScheduledVisits key={reload} />
      </section>
      <section aria-labelledby="visits-actions">
        <h2 id="visits-actions">Open actions</h2>
        <OpenActions />
      </section>
      <section aria-labelledby="visits-recorded">
        <h2 id="visits-recorded">Recorded</h2>
        {recorded.state === 'loading' ? <Loading /> : recorded.state === 'error' ? <ErrorMessage message={recorded.message} /> : <VisitTable caption="Recorded visits" items={recorded.data.items} />}
      </section>
      {canSchedule ? (
        <ScheduleVisitForm
          onDone={(visit) => {
            setCreated(visit);
            setReload((r) => r + 1);
          }}
        />
      ) : null}
    </Page>
  );
}

function ScheduledVisits() {
  const scheduled = useApi<{ items: VisitSummary[]; total: number }>('/visits?status=scheduled&limit=200');
  if (scheduled.state === 'loading') return <Loading />;
  if (scheduled.state === 'error') return <ErrorMessage message={scheduled.message} />;
  return <VisitTable caption="Scheduled visits" items={scheduled.data.items} />;
}

function VisitTable({ caption, items }: { caption: string; items: VisitSummary[] }) {
  if (items.length === 0) return <p>None.</p>;
  return (
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Visit</th>
          <th scope="col">Organisation and site</th>
          <th scope="col">When</th>
          <th scope="col">Open actions</th>
        </tr>
      </thead>
      <tbody>
        {items.map((v) => (
          <tr key={v.id}>
            <td>
              <a href={`/portal/visits/${v.id}`}>{VISIT_KINDS[v.kind]}</a>
              {v.meeting ? <span className="rule">{v.meeting.name}</span> : null}
            </td>
            <td>
              {v.organisation.name}
              <span className="rule">{v.site.name}</span>
            </td>
            <td>{when(v)}</td>
            <td>{v.openActions}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Open actions agreed at visits (all the person may see, or one organisation's), each until it is done. */
export function OpenActions({ organisationId }: { organisationId?: string }) {
  const result = useApi<{ items: ActionWithOrganisation[] }>(`/visit-actions?status=open${organisationId ? `&organisationId=${encodeURIComponent(organisationId)}` : ''}`);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorMessage message={result.message} />;
  if (result.data.items.length === 0) return <p>No open actions.</p>;
  return (
    <ul>
      {result.data.items.map((a) => (
        <li key={a.id}>
          <a href={`/portal/visits/${a.visitId}`}>{a.description}</a>
          {organisationId ? null : ` (${a.organisation.name})`}
          {a.owner ? `; who: ${a.owner}` : ''}
          {a.dueOn ? `; by ${formatLongDate(a.dueOn)}` : ''}
        </li>
      ))}
    </ul>
  );
}

/** The actions agreed at an organisation's visits that are still open, for its page. */
export function OrganisationVisitActions({ organisationId }: { organisationId: string }) {
  return (
    <section aria-labelledby="organisation-visit-actions">
      <h2 id="organisation-visit-actions">Open actions from visits</h2>
      <OpenActions organisationId={organisationId} />
    </section>
  );
}

function ScheduleVisitForm({ onDone }: { onDone: (visit: VisitResponse) => void }) {
  const organisations = useApi<{ items: { id: string; name: string }[] }>('/organisations?limit=200');
  const [values, setValues] = useState({ kind: 'quality_assurance', organisationId: '', siteId: '', meetingId: '', scheduledOn: '', scheduledTime: '', purpose: '' });
  const [sites, setSites] = useState<{ id: string; name: string }[]>([]);
  const [meetings, setMeetings] = useState<{ id: string; name: string }[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (name: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [name]: value }));

  useEffect(() => {
    setSites([]);
    if (!values.organisationId) return;
    let live = true;
    api<OrganisationResponse>(`/organisations/${encodeURIComponent(values.organisationId)}`)
      .then((o) => live && setSites(o.sites.map((s) => ({ id: s.id, name: s.name }))))
      .catch(() => live && setSites([]));
    return () => {
      live = false;
    };
  }, [values.organisationId]);
  useEffect(() => {
    setMeetings([]);
    if (!values.siteId) return;
    let live = true;
    api<{ items: { id: string; name: string }[] }>(`/visits/meeting-choices?siteId=${encodeURIComponent(values.siteId)}`)
      .then((m) => live && setMeetings(m.items))
      .catch(() => live && setMeetings([]));
    return () => {
      live = false;
    };
  }, [values.siteId]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      const visit = await api<VisitResponse>('/visits', {
        method: 'POST',
        body: JSON.stringify({ ...values, purpose: values.purpose || undefined }),
      });
      setMessage(null);
      setErrors({});
      setValues((v) => ({ ...v, meetingId: '', scheduledOn: '', scheduledTime: '', purpose: '' }));
      onDone(visit);
    } catch (e) {
      setErrors(fieldErrors(e));
      setMessage(e instanceof ApiError ? e.message : 'The visit could not be scheduled.');
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="schedule-visit">
      <h2 id="schedule-visit">Schedule a visit</h2>
      <FormErrors message={message} errors={errors} />
      <fieldset className="choices field" id="kind">
        <legend>Kind of visit</legend>
        {(Object.keys(VISIT_KINDS) as VisitKind[]).map((kind) => (
          <div className="choice" key={kind}>
            <input id={`kind-${kind}`} name="kind" type="radio" value={kind} checked={values.kind === kind} onChange={() => set('kind')(kind)} />
            <label htmlFor={`kind-${kind}`}>{VISIT_KINDS[kind]}</label>
          </div>
        ))}
      </fieldset>
      <Control id="organisationId" label="Organisation" error={errors.organisationId}>
        <select id="organisationId" value={values.organisationId} onChange={(e) => setValues((v) => ({ ...v, organisationId: e.target.value, siteId: '', meetingId: '' }))} aria-describedby={describedBy('organisationId', errors.organisationId)}>
          <option value="">Choose an organisation</option>
          {organisations.state === 'ready' ? organisations.data.items.map((o) => <option key={o.id} value={o.id}>{o.name}</option>) : null}
        </select>
      </Control>
      <Control id="siteId" label="Site" error={errors.siteId}>
        <select id="siteId" value={values.siteId} onChange={(e) => setValues((v) => ({ ...v, siteId: e.target.value, meetingId: '' }))} aria-describedby={describedBy('siteId', errors.siteId)}>
          <option value="">{values.organisationId ? 'Choose a site' : 'Choose the organisation first'}</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </Control>
      <Control id="meetingId" label="Meeting (optional)" hint="For a site visit to set up a new meeting, leave this as it is." error={errors.meetingId}>
        <select id="meetingId" value={values.meetingId} onChange={(e) => set('meetingId')(e.target.value)} aria-describedby={describedBy('meetingId', errors.meetingId, true)}>
          <option value="">Not a particular meeting</option>
          {meetings.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </Control>
      <Control id="scheduledOn" label="Date of the visit" error={errors.scheduledOn}>
        <input id="scheduledOn" type="date" value={values.scheduledOn} onChange={(e) => set('scheduledOn')(e.target.value)} aria-invalid={errors.scheduledOn ? true : undefined} aria-describedby={describedBy('scheduledOn', errors.scheduledOn)} />
      </Control>
      <Control id="scheduledTime" label="Time (optional)" error={errors.scheduledTime}>
        <input id="scheduledTime" type="time" value={values.scheduledTime} onChange={(e) => set('scheduledTime')(e.target.value)} aria-describedby={describedBy('scheduledTime', errors.scheduledTime)} />
      </Control>
      <Control id="purpose" label="Purpose (optional)" error={errors.purpose}>
        <textarea id="purpose" rows={3} maxLength={1000} value={values.purpose} onChange={(e) => set('purpose')(e.target.value)} aria-describedby={describedBy('purpose', errors.purpose)} />
      </Control>
      <button type="submit">Schedule the visit</button>
    </form>
  );
}

/** One visit: what was planned, what was recorded, the agreed actions, and the form to record it. */
export function VisitPage({ id }: { id: string }) {
  const result = useApi<VisitResponse>(`/visits/${encodeURIComponent(id)}`);
  const [updated, setUpdated] = useState<VisitResponse | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') {
    return result.status === 404 ? (
      <Page title="Visit not found">
        <p>There is no visit here that you can see.</p>
      </Page>
    ) : (
      <ErrorMessage message={result.message} />
    );
  }
  const v = updated ?? result.data;
  return (
    <Page title={`${VISIT_KINDS[v.kind]}: ${v.site.name}`}>
      <div role="status">{saved ? <p className="notice">{saved}</p> : null}</div>
      <dl>
        <dt>Organisation</dt>
        <dd>{v.organisation.name}</dd>
        <dt>Site</dt>
        <dd>{v.site.name}</dd>
        <dt>Meeting</dt>
        <dd>{v.meeting?.name ?? 'Not a particular meeting'}</dd>
        <dt>Scheduled for</dt>
        <dd>{when(v)}</dd>
        <dt>Community Coordinator</dt>
        <dd>{v.visitor.name}</dd>
        {v.purpose ? (
          <>
            <dt>Purpose</dt>
            <dd className="preserve-lines">{v.purpose}</dd>
          </>
        ) : null}
      </dl>
      {v.status === 'recorded' ? <RecordedVisit v={v} onChange={(next, text) => { setUpdated(next); setSaved(text); }} /> : null}
      {v.canRecord ? (
        <RecordVisitForm
          v={v}
          onDone={(next) => {
            setUpdated(next);
            setSaved(next.reportSentTo ? `The visit has been recorded and the feedback report emailed to ${next.reportSentTo}.` : 'The visit has been recorded. The organisation has no SMART Lead to email the report to.');
          }}
        />
      ) : v.status === 'scheduled' ? (
        <p>The visit has not been recorded yet.</p>
      ) : null}
    </Page>
  );
}

function RecordedVisit({ v, onChange }: { v: VisitResponse; onChange: (next: VisitResponse, message: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  async function done(action: VisitActionResponse) {
    try {
      const next = await api<VisitResponse>(`/visits/${encodeURIComponent(v.id)}/actions/${encodeURIComponent(action.id)}/done`, { method: 'POST' });
      setError(null);
      onChange(next, `Action done: ${action.description}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The action could not be marked done.');
    }
  }
  return (
    <>
      <h2>What was seen</h2>
      <p>Visited on {v.visitedOn ? formatLongDate(v.visitedOn) : ''}, against the SMART Recovery Meeting Structure.</p>
      <table>
        <caption className="visually-hidden">The Meeting Structure</caption>
        <thead>
          <tr>
            <th scope="col">Part of the meeting</th>
            <th scope="col">Seen</th>
          </tr>
        </thead>
        <tbody>
          {(v.structure ?? []).map((item) => (
            <tr key={item.code}>
              <th scope="row">{item.name}</th>
              <td>{item.observed ? 'Seen' : 'Not seen'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Observations</h2>
      <p className="preserve-lines">{v.observations}</p>
      <h2>Feedback</h2>
      <p className="preserve-lines">{v.feedback}</p>
      <p>
        <a className="button button-secondary" href={`/api/v1/visits/${v.id}/report.pdf`} download>
          Download the feedback report (PDF)
        </a>
      </p>
      {v.reportSentTo ? <p>The report was emailed to {v.reportSentTo}.</p> : null}
      <h2>Agreed actions</h2>
      {error ? (
        <div className="error-summary" role="alert">
          <p>{error}</p>
        </div>
      ) : null}
      {v.actions.length === 0 ? (
        <p>No actions were agreed.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Agreed actions</caption>
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Who</th>
              <th scope="col">By</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {v.actions.map((a) => (
              <tr key={a.id}>
                <td>{a.description}</td>
                <td>{a.owner ?? '—'}</td>
                <td>{a.dueOn ? formatLongDate(a.dueOn) : '—'}</td>
                <td>
                  {a.status === 'done' ? (
                    `Done on ${a.doneOn ? formatLongDate(a.doneOn) : ''}`
                  ) : v.canCloseActions ? (
                    <button type="button" className="button-secondary" onClick={() => void done(a)}>
                      Mark done<span className="visually-hidden">: {a.description}</span>
                    </button>
                  ) : (
                    'Open'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

interface ActionDraft {
  key: number;
  description: string;
  owner: string;
  dueOn: string;
}

function RecordVisitForm({ v, onDone }: { v: VisitResponse; onDone: (next: VisitResponse) => void }) {
  const [visitedOn, setVisitedOn] = useState(v.scheduledOn <= londonDate(new Date()) ? v.scheduledOn : londonDate(new Date()));
  const [observed, setObserved] = useState<Record<StructureItem, boolean>>(() => Object.fromEntries(MEETING_STRUCTURE.map((i) => [i.code, false])) as Record<StructureItem, boolean>);
  const [observations, setObservations] = useState('');
  const [feedback, setFeedback] = useState('');
  const [actions, setActions] = useState<ActionDraft[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});

  const setAction = (key: number, field: 'description' | 'owner' | 'dueOn', value: string) => setActions((list) => list.map((a) => (a.key === key ? { ...a, [field]: value } : a)));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      const next = await api<VisitResponse>(`/visits/${encodeURIComponent(v.id)}/record`, {
        method: 'POST',
        body: JSON.stringify({
          visitedOn,
          structure: observed,
          observations,
          feedback,
          actions: actions.map((a) => ({ description: a.description, owner: a.owner || undefined, dueOn: a.dueOn || undefined })),
        }),
      });
      setMessage(null);
      setErrors({});
      onDone(next);
    } catch (e) {
      setErrors(fieldErrors(e));
      setMessage(e instanceof ApiError ? e.message : 'The visit could not be recorded.');
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="record-visit">
      <h2 id="record-visit">Record the visit</h2>
      <FormErrors message={message} errors={errors} />
      <Control id="visitedOn" label="Date of the visit" error={errors.visitedOn}>
        <input id="visitedOn" type="date" value={visitedOn} onChange={(e) => setVisitedOn(e.target.value)} aria-invalid={errors.visitedOn ? true : undefined} aria-describedby={describedBy('visitedOn', errors.visitedOn)} />
      </Control>
      <fieldset className="choices field" aria-describedby="structure-hint">
        <legend>The SMART Recovery Meeting Structure</legend>
        <p className="hint" id="structure-hint">
          Tick each part you saw in the meeting (Partnership Guidance, Section 8).
        </p>
        {MEETING_STRUCTURE.map((item) => (
          <div className="choice" key={item.code}>
            <input id={inputId(`structure.${item.code}`)} type="checkbox" checked={observed[item.code]} onChange={(e) => setObserved((o) => ({ ...o, [item.code]: e.target.checked }))} aria-describedby={`${item.code}-guidance`} />
            <label htmlFor={inputId(`structure.${item.code}`)}>{item.name}</label>
            <p className="choice-hint hint" id={`${item.code}-guidance`}>
              {item.guidance}
            </p>
          </div>
        ))}
      </fieldset>
      <Control id="observations" label="Observations" error={errors.observations}>
        <textarea id="observations" rows={5} maxLength={5000} value={observations} onChange={(e) => setObservations(e.target.value)} aria-invalid={errors.observations ? true : undefined} aria-describedby={describedBy('observations', errors.observations)} />
      </Control>
      <Control id="feedback" label="Feedback for the SMART Lead and facilitators" error={errors.feedback}>
        <textarea id="feedback" rows={5} maxLength={5000} value={feedback} onChange={(e) => setFeedback(e.target.value)} aria-invalid={errors.feedback ? true : undefined} aria-describedby={describedBy('feedback', errors.feedback)} />
      </Control>
      <h3>Agreed actions</h3>
      {actions.length === 0 ? <p>No actions yet.</p> : null}
      {actions.map((a, index) => (
        <fieldset className="group" key={a.key}>
          <legend>Action {index + 1}</legend>
          <TextField id={inputId(`actions.${index}.description`)} label="What is to be done" value={a.description} onChange={(value) => setAction(a.key, 'description', value)} error={errors[`actions.${index}.description`]} />
          <TextField id={inputId(`actions.${index}.owner`)} label="Who (optional)" value={a.owner} onChange={(value) => setAction(a.key, 'owner', value)} error={errors[`actions.${index}.owner`]} />
          <Control id={inputId(`actions.${index}.dueOn`)} label="By when (optional)" error={errors[`actions.${index}.dueOn`]}>
            <input id={inputId(`actions.${index}.dueOn`)} type="date" value={a.dueOn} onChange={(e) => setAction(a.key, 'dueOn', e.target.value)} />
          </Control>
          <button type="button" className="button-secondary" onClick={() => setActions((list) => list.filter((x) => x.key !== a.key))}>
            Remove action {index + 1}
          </button>
        </fieldset>
      ))}
      <div className="button-group">
        <button
          type="button"
          className="button-secondary"
          onClick={() => {
            setActions((list) => [...list, { key: nextKey, description: '', owner: '', dueOn: '' }]);
            setNextKey((k) => k + 1);
          }}
        >
          Add an action
        </button>
        <button type="submit">Record the visit and email the report</button>
      </div>
    </form>
  );
}
