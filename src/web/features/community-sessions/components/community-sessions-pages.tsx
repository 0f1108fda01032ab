import { type FormEvent, useState } from 'react';
import { COMMUNITY_SESSION_KIND_CODES, COMMUNITY_SESSION_KINDS } from '../../../../domain/community-sessions/sessions.js';
import { REGIONS } from '../../../../domain/reference.js';
import type { CommunitySessionResponse } from '../../../../shared/schemas/community-sessions.js';
import { api, ApiError } from '../../../app/api.js';
import { apiFieldErrors } from '../../../app/form-errors.js';
import { formatDateTime } from '../../../app/format.js';
import { useApi } from '../../../app/use-api.js';
import { Choices, ErrorSummary, type FieldErrors, SelectField, TextAreaField, TextField } from '../../../components/ui/field.js';
import { ErrorMessage, LoadFailed, Loading, Page } from '../../../components/ui/page.js';
import { Table } from '../../../components/ui/table.js';

type SessionSummary = Omit<CommunitySessionResponse, 'description' | 'facilitators' | 'canManage'>;

/** Facilitator Community Groups and Tool Time sessions: upcoming and past, and the form to schedule one. */
export function CommunitySessionsPage({ regions, national }: { regions: string[]; national: boolean }) {
  const [created, setCreated] = useState<CommunitySessionResponse | null>(null);
  const canSchedule = national || regions.length > 0;
  return (
    <Page title="Community sessions">
      <p>
        Monthly online Facilitator Community Groups give facilitators guidance and support with delivering SMART meetings; quarterly Tool Time sessions hone
        their skills at delivering SMART tools. Times are UK time.
      </p>
      <div role="status">
        {created ? (
          <p className="notice">
            The session has been scheduled: <a href={`/portal/community-sessions/${created.id}`}>{created.title}</a>.
          </p>
        ) : null}
      </div>
      <section aria-labelledby="sessions-upcoming">
        <h2 id="sessions-upcoming">Upcoming</h2>
        <SessionTable key={created?.id ?? 'upcoming'} when="upcoming" caption="Upcoming sessions" />
      </section>
      <section aria-labelledby="sessions-past">
        <h2 id="sessions-past">Past</h2>
        <SessionTable when="past" caption="Past sessions" />
      </section>
      {canSchedule ? <ScheduleSessionForm regions={regions} national={national} onDone={setCreated} /> : null}
    </Page>
  );
}

function SessionTable({ when, caption }: { when: 'upcoming' | 'past'; caption: string }) {
  const result = useApi<{ items: SessionSummary[]; total: number }>(`/community-sessions?when=${when}&limit=100`);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') return <ErrorMessage message={result.message} />;
  if (result.data.items.length === 0) return <p>None.</p>;
  return (
    <Table
      caption={caption}
      captionHidden
      rows={result.data.items}
      rowKey={(s) => s.id}
      columns={[
        {
          header: 'Session',
          cell: (s) => (
            <>
              <a href={`/portal/community-sessions/${s.id}`}>{s.title}</a>
              <span className="rule">{s.kindName}</span>
            </>
          ),
        },
        { header: 'When', cell: (s) => formatDateTime(s.startsAt) },
        { header: 'For', cell: (s) => s.audience.name },
        { header: when === 'past' ? 'Attended' : 'Invitations', cell: (s) => (when === 'past' ? s.attended : s.invitationsSentAt ? 'Sent' : 'Not sent yet') },
      ]}
    />
  );
}

function ScheduleSessionForm({ regions, national, onDone }: { regions: string[]; national: boolean; onDone: (session: CommunitySessionResponse) => void }) {
  const audiences = [...(national ? [{ code: 'national', name: 'National: every facilitator' }] : []), ...REGIONS.filter((r) => national || regions.includes(r.code)).map((r) => ({ code: r.code, name: r.name }))];
  const [values, setValues] = useState({ kind: 'community_group', title: '', date: '', time: '18:30', durationMinutes: '60', joiningUrl: '', audience: audiences[0]?.code ?? '', description: '' });
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (name: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [name]: value }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      const session = await api<CommunitySessionResponse>('/community-sessions', {
        method: 'POST',
        body: JSON.stringify({ ...values, title: values.title || undefined, description: values.description || undefined }),
      });
      setMessage(null);
      setErrors({});
      setValues((v) => ({ ...v, title: '', date: '', description: '' }));
      onDone(session);
    } catch (e) {
      setErrors(apiFieldErrors(e, (field) => field.split('.').at(-1) ?? null));
      setMessage(e instanceof ApiError ? e.message : 'The session could not be scheduled.');
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="schedule-session">
      <h2 id="schedule-session">Schedule a session</h2>
      <ErrorSummary id="schedule-session-errors" message={message} errors={errors} />
      <Choices
        name="kind"
        legend="Kind of session"
        type="radio"
        choices={COMMUNITY_SESSION_KIND_CODES.map((kind) => ({ value: kind, label: `${COMMUNITY_SESSION_KINDS[kind].name} (${COMMUNITY_SESSION_KINDS[kind].rhythm})` }))}
        error={errors.kind}
        selected={values.kind}
        onChange={(kind) => set('kind')(kind)}
      />
      <SelectField id="audience" label="Who is invited" error={errors.audience} value={values.audience} onChange={(e) => set('audience')(e.target.value)} options={audiences.map((a) => ({ value: a.code, label: a.name }))} />
      <TextField id="title" label="Title (optional)" value={values.title} onChange={set('title')} error={errors.title} />
      <TextField id="date" type="date" label="Date" value={values.date} onChange={set('date')} error={errors.date} />
      <TextField id="time" type="time" label="Start time (UK time)" value={values.time} onChange={set('time')} error={errors.time} />
      <TextField id="durationMinutes" label="How long, in minutes" inputMode="numeric" value={values.durationMinutes} onChange={set('durationMinutes')} error={errors.durationMinutes} />
      <TextField id="joiningUrl" label="Joining link" value={values.joiningUrl} onChange={set('joiningUrl')} error={errors.joiningUrl} />
      <TextAreaField id="description" label="What it will cover (optional)" error={errors.description} rows={3} maxLength={2000} value={values.description} onChange={(e) => set('description')(e.target.value)} />
      <button type="submit">Schedule the session</button>
    </form>
  );
}

/** One session: its details, sending the invitations (with calendar files) and recording attendance. */
export function CommunitySessionPage({ id }: { id: string }) {
  const result = useApi<CommunitySessionResponse>(`/community-sessions/${encodeURIComponent(id)}`);
  const [updated, setUpdated] = useState<CommunitySessionResponse | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') {
    return <LoadFailed record="session" status={result.status} message={result.message} />;
  }
  const s = updated ?? result.data;
  const started = new Date(s.startsAt).getTime() <= Date.now();

  async function invite() {
    try {
      const answer = await api<{ invited: number; alreadyInvited: number }>(`/community-sessions/${encodeURIComponent(s.id)}/invitations`, { method: 'POST' });
      const next = await api<CommunitySessionResponse>(`/community-sessions/${encodeURIComponent(s.id)}`);
      setProblem(null);
      setUpdated(next);
      setSaved(
        answer.invited === 0
          ? 'Everyone has already been invited.'
          : `Invitations sent to ${answer.invited} ${answer.invited === 1 ? 'facilitator' : 'facilitators'}${answer.alreadyInvited ? ` (${answer.alreadyInvited} already invited)` : ''}.`,
      );
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : 'The invitations could not be sent.');
    }
  }

  return (
    <Page title={s.title}>
      <div role="status">{saved ? <p className="notice">{saved}</p> : null}</div>
      <ErrorSummary id="session-errors" message={problem} />
      <dl>
        <dt>Kind</dt>
        <dd>{s.kindName}</dd>
        <dt>When</dt>
        <dd>{`${formatDateTime(s.startsAt)} (UK time), for ${s.durationMinutes} minutes`}</dd>
        <dt>Joining link</dt>
        <dd>
          <a href={s.joiningUrl}>{s.joiningUrl}</a>
        </dd>
        <dt>Who is invited</dt>
        <dd>{s.audience.name}</dd>
        {s.description ? (
          <>
            <dt>What it will cover</dt>
            <dd className="preserve-lines">{s.description}</dd>
          </>
        ) : null}
        <dt>Invitations</dt>
        <dd>{s.invitationsSentAt ? `First sent ${formatDateTime(s.invitationsSentAt)}` : 'Not sent yet'}</dd>
      </dl>
      {s.canManage && !started ? (
        <div className="button-group">
          <button type="button" onClick={() => void invite()}>
            {s.invitationsSentAt ? 'Invite anyone not yet invited' : 'Send the invitations'}
          </button>
        </div>
      ) : null}
      {s.canManage && started ? (
        <AttendanceForm
          s={s}
          onDone={(next) => {
            setUpdated(next);
            setSaved(`Attendance saved: ${next.attended} attended.`);
          }}
        />
      ) : (
        <FacilitatorTable s={s} />
      )}
    </Page>
  );
}

function FacilitatorTable({ s }: { s: CommunitySessionResponse }) {
  if (s.facilitators.length === 0) return <p>No facilitators are in this session’s audience yet.</p>;
  return (
    <>
      <h2>Facilitators</h2>
      <Table
        caption="Facilitators this session is for"
        captionHidden
        rows={s.facilitators}
        rowKey={(f) => f.id}
        columns={[
          { header: 'Name', cell: (f) => <a href={`/portal/facilitators/${f.id}`}>{f.name}</a> },
          { header: 'Where', cell: (f) => f.where },
          { header: 'Invited', cell: (f) => (f.invited ? 'Yes' : 'No') },
          { header: 'Attended', cell: (f) => (f.attended ? 'Yes' : 'No') },
        ]}
      />
    </>
  );
}

function AttendanceForm({ s, onDone }: { s: CommunitySessionResponse; onDone: (next: CommunitySessionResponse) => void }) {
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(s.facilitators.filter((f) => f.attended).map((f) => f.id)));
  const [message, setMessage] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      const next = await api<CommunitySessionResponse>(`/community-sessions/${encodeURIComponent(s.id)}/attendance`, { method: 'PUT', body: JSON.stringify({ facilitatorIds: [...chosen] }) });
      setMessage(null);
      onDone(next);
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : 'The attendance could not be saved.');
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="attendance">
      <h2 id="attendance">Attendance</h2>
      <ErrorSummary id="attendance-errors" message={message} />
      {s.facilitators.length === 0 ? (
        <p>No facilitators are in this session’s audience.</p>
      ) : (
        <Choices
          name="facilitatorIds"
          legend="Who attended"
          type="checkbox"
          hint="Tick each facilitator who joined. Saving replaces the list."
          choices={s.facilitators.map((f) => ({ value: f.id, label: f.name, hint: `${f.where}${f.invited ? '' : ' (not invited)'}` }))}
          choiceId={(id) => `attended-${id}`}
          selected={[...chosen]}
          onChange={(id, checked) =>
            setChosen((set) => {
              const next = new Set(set);
              if (checked) next.add(id);
              else next.delete(id);
              return next;
            })
          }
        />
      )}
      <button type="submit">Save attendance</button>
    </form>
  );
}

/** The community sessions on a facilitator's record (Section 6): what they were invited to and attended. */
export function FacilitatorCommunitySessions({ facilitatorId }: { facilitatorId: string }) {
  const result = useApi<{ items: { id: string; kindName: string; title: string; startsAt: string; attended: boolean }[] }>(`/facilitators/${encodeURIComponent(facilitatorId)}/community-sessions`);
  return (
    <section aria-labelledby="facilitator-community-sessions">
      <h2 id="facilitator-community-sessions">Community sessions</h2>
      {result.state === 'loading' ? (
        <Loading />
      ) : result.state === 'error' ? (
        <ErrorMessage message={result.message} />
      ) : result.data.items.length === 0 ? (
        <p>No Facilitator Community Groups or Tool Time sessions yet.</p>
      ) : (
        <Table
          caption="Community sessions invited to and attended"
          captionHidden
          rows={result.data.items}
          rowKey={(i) => i.id}
          columns={[
            {
              header: 'Session',
              cell: (i) => (
                <>
                  {i.title}
                  <span className="rule">{i.kindName}</span>
                </>
              ),
            },
            { header: 'When', cell: (i) => formatDateTime(i.startsAt) },
            { header: 'Attended', cell: (i) => (i.attended ? 'Attended' : 'Invited, did not attend') },
          ]}
        />
      )}
    </section>
  );
}
