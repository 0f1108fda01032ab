import { type FormEvent, useEffect, useState } from 'react';
import { formatLongDate, londonDate } from '../../../../domain/iso-date.js';
import { MEETING_STRUCTURE, VISIT_KINDS, type StructureItem, type VisitKind } from '../../../../domain/visits/meeting-structure.js';
import type { OrganisationResponse } from '../../../../shared/schemas/organisations.js';
import type { VisitActionResponse, VisitResponse } from '../../../../shared/schemas/visits.js';
import { api, ApiError } from '../../../app/api.js';
import { apiFieldErrors } from '../../../app/form-errors.js';
import { useApi } from '../../../app/use-api.js';
import { Choices, ErrorSummary, type FieldErrors, SelectField, TextAreaField, TextField } from '../../../components/ui/field.js';
import { ErrorMessage, LoadFailed, Loading, Page } from '../../../components/ui/page.js';
import { Table } from '../../../components/ui/table.js';

type VisitSummary = Omit<VisitResponse, 'purpose' | 'visitedOn' | 'structure' | 'observations' | 'feedback' | 'reportSentTo' | 'actions' | 'canRecord' | 'canCloseActions'>;
type ActionWithOrganisation = VisitActionResponse & { organisation: { id: string; name: string }; visitedOn: string | null };

/** The id of the control a field's error belongs to ('structure.check_in' → 'structure-check_in'), for the summary's links. */
const inputId = (field: string) => field.replace(/\./g, '-');
const summaryLink = (field: string) => `#${inputId(field)}`;

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
    <Table
      caption={caption}
      captionHidden
      stacked
      rows={items}
      rowKey={(v) => v.id}
      columns={[
        {
          header: 'Visit',
          cell: (v) => (
            <>
              <a href={`/portal/visits/${v.id}`}>{VISIT_KINDS[v.kind]}</a>
              {v.meeting ? <span className="rule">{v.meeting.name}</span> : null}
            </>
          ),
        },
        {
          header: 'Organisation and site',
          cell: (v) => (
            <>
              {v.organisation.name}
              <span className="rule">{v.site.name}</span>
            </>
          ),
        },
        { header: 'When', cell: (v) => when(v) },
        { header: 'Open actions', cell: (v) => v.openActions },
      ]}
    />
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
      setErrors(apiFieldErrors(e));
      setMessage(e instanceof ApiError ? e.message : 'The visit could not be scheduled.');
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="schedule-visit">
      <h2 id="schedule-visit">Schedule a visit</h2>
      <ErrorSummary id="schedule-visit-errors" message={message} errors={errors} hrefOf={summaryLink} />
      <Choices
        name="kind"
        legend="Kind of visit"
        type="radio"
        choices={(Object.keys(VISIT_KINDS) as VisitKind[]).map((kind) => ({ value: kind, label: VISIT_KINDS[kind] }))}
        error={errors.kind}
        selected={values.kind}
        onChange={(kind) => set('kind')(kind)}
      />
      <SelectField
        id="organisationId"
        label="Organisation"
        error={errors.organisationId}
        value={values.organisationId}
        onChange={(e) => setValues((v) => ({ ...v, organisationId: e.target.value, siteId: '', meetingId: '' }))}
        placeholder="Choose an organisation"
        options={organisations.state === 'ready' ? organisations.data.items.map((o) => ({ value: o.id, label: o.name })) : []}
      />
      <SelectField
        id="siteId"
        label="Site"
        error={errors.siteId}
        value={values.siteId}
        onChange={(e) => setValues((v) => ({ ...v, siteId: e.target.value, meetingId: '' }))}
        placeholder={values.organisationId ? 'Choose a site' : 'Choose the organisation first'}
        options={sites.map((s) => ({ value: s.id, label: s.name }))}
      />
      <SelectField
        id="meetingId"
        label="Meeting (optional)"
        hint="For a site visit to set up a new meeting, leave this as it is."
        error={errors.meetingId}
        value={values.meetingId}
        onChange={(e) => set('meetingId')(e.target.value)}
        placeholder="Not a particular meeting"
        options={meetings.map((m) => ({ value: m.id, label: m.name }))}
      />
      <TextField id="scheduledOn" type="date" label="Date of the visit" value={values.scheduledOn} onChange={set('scheduledOn')} error={errors.scheduledOn} />
      <TextField id="scheduledTime" type="time" label="Time (optional)" value={values.scheduledTime} onChange={set('scheduledTime')} error={errors.scheduledTime} />
      <TextAreaField id="purpose" label="Purpose (optional)" error={errors.purpose} rows={3} maxLength={1000} value={values.purpose} onChange={(e) => set('purpose')(e.target.value)} />
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
    return <LoadFailed record="visit" status={result.status} message={result.message} />;
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
      <Table
        caption="The Meeting Structure"
        captionHidden
        rows={v.structure ?? []}
        rowKey={(item) => item.code}
        columns={[
          { header: 'Part of the meeting', rowHeader: true, cell: (item) => item.name },
          { header: 'Seen', cell: (item) => (item.observed ? 'Seen' : 'Not seen') },
        ]}
      />
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
        <Table
          caption="Agreed actions"
          captionHidden
          rows={v.actions}
          rowKey={(a) => a.id}
          columns={[
            { header: 'Action', cell: (a) => a.description },
            { header: 'Who', cell: (a) => a.owner ?? '—' },
            { header: 'By', cell: (a) => (a.dueOn ? formatLongDate(a.dueOn) : '—') },
            {
              header: 'Status',
              cell: (a) =>
                a.status === 'done' ? (
                  `Done on ${a.doneOn ? formatLongDate(a.doneOn) : ''}`
                ) : v.canCloseActions ? (
                  <button type="button" className="button-secondary" onClick={() => void done(a)}>
                    Mark done<span className="visually-hidden">: {a.description}</span>
                  </button>
                ) : (
                  'Open'
                ),
            },
          ]}
        />
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
      setErrors(apiFieldErrors(e));
      setMessage(e instanceof ApiError ? e.message : 'The visit could not be recorded.');
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="record-visit">
      <h2 id="record-visit">Record the visit</h2>
      <ErrorSummary id="record-visit-errors" message={message} errors={errors} hrefOf={summaryLink} />
      <TextField id="visitedOn" type="date" label="Date of the visit" value={visitedOn} onChange={setVisitedOn} error={errors.visitedOn} />
      <Choices
        name="structure"
        legend="The SMART Recovery Meeting Structure"
        type="checkbox"
        hint="Tick each part you saw in the meeting (Partnership Guidance, Section 8)."
        choices={MEETING_STRUCTURE.map((item) => ({ value: item.code, label: item.name, hint: item.guidance }))}
        choiceId={(code) => inputId(`structure.${code}`)}
        selected={MEETING_STRUCTURE.filter((item) => observed[item.code]).map((item) => item.code)}
        onChange={(code, checked) => setObserved((o) => ({ ...o, [code]: checked }))}
      />
      <TextAreaField id="observations" label="Observations" error={errors.observations} rows={5} maxLength={5000} value={observations} onChange={(e) => setObservations(e.target.value)} />
      <TextAreaField id="feedback" label="Feedback for the SMART Lead and facilitators" error={errors.feedback} rows={5} maxLength={5000} value={feedback} onChange={(e) => setFeedback(e.target.value)} />
      <h3>Agreed actions</h3>
      {actions.length === 0 ? <p>No actions yet.</p> : null}
      {actions.map((a, index) => (
        <fieldset className="group" key={a.key}>
          <legend>Action {index + 1}</legend>
          <TextField id={inputId(`actions.${index}.description`)} label="What is to be done" value={a.description} onChange={(value) => setAction(a.key, 'description', value)} error={errors[`actions.${index}.description`]} />
          <TextField id={inputId(`actions.${index}.owner`)} label="Who (optional)" value={a.owner} onChange={(value) => setAction(a.key, 'owner', value)} error={errors[`actions.${index}.owner`]} />
          <TextField id={inputId(`actions.${index}.dueOn`)} type="date" label="By when (optional)" value={a.dueOn} onChange={(value) => setAction(a.key, 'dueOn', value)} error={errors[`actions.${index}.dueOn`]} />
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
