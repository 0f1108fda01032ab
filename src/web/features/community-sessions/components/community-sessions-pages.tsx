import { type FormEvent, type ReactNode, useState } from 'react';
import { COMMUNITY_SESSION_KIND_CODES, COMMUNITY_SESSION_KINDS } from '../../../../domain/community-sessions/sessions.js';
import { REGIONS } from '../../../../domain/reference.js';
import type { CommunitySessionResponse } from '../../../../shared/schemas/community-sessions.js';
import { api, ApiError } from '../../../app/api.js';
import { formatDateTime } from '../../../app/format.js';
import { useApi } from '../../../app/use-api.js';
import { TextField } from '../../../components/ui/field.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';

type FieldErrors = Record<string, string>;
type SessionSummary = Omit<CommunitySessionResponse, 'description' | 'facilitators' | 'canManage'>;

function fieldErrors(error: unknown): FieldErrors {
  const details = error instanceof ApiError ? error.body?.error.details : undefined;
  const out: FieldErrors = {};
  if (Array.isArray(details)) {
    for (const d of details as { field?: string; message?: string }[]) {
      const key = String(d.field ?? '').split('.').at(-1) ?? '';
      if (key && d.message && !out[key]) out[key] = d.message;
    }
  }
  return out;
}

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
              <a href={`#${field}`}>{text}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

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
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Session</th>
          <th scope="col">When</th>
          <th scope="col">For</th>
          <th scope="col">{when === 'past' ? 'Attended' : 'Invitations'}</th>
        </tr>
      </thead>
      <tbody>
        {result.data.items.map((s) => (
          <tr key={s.id}>
            <td>
              <a href={`/portal/community-sessions/${s.id}`}>{s.title}</a>
              <span className="rule">{s.kindName}</span>
            </td>
            <td>{formatDateTime(s.startsAt)}</td>
            <td>{s.audience.name}</td>
            <td>{when === 'past' ? s.attended : s.invitationsSentAt ? 'Sent' : 'Not sent yet'}</td>
          </tr>
        ))}
      </tbody>
    </table>
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
      setErrors(fieldErrors(e));
      setMessage(e instanceof ApiError ? e.message : 'The session could not be scheduled.');
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="schedule-session">
      <h2 id="schedule-session">Schedule a session</h2>
      <FormErrors message={message} errors={errors} />
      <fieldset className="choices field" id="kind">
        <legend>Kind of session</legend>
        {COMMUNITY_SESSION_KIND_CODES.map((kind) => (
          <div className="choice" key={kind}>
            <input id={`kind-${kind}`} name="kind" type="radio" value={kind} checked={values.kind === kind} onChange={() => set('kind')(kind)} />
            <label htmlFor={`kind-${kind}`}>{`${COMMUNITY_SESSION_KINDS[kind].name} (${COMMUNITY_SESSION_KINDS[kind].rhythm})`}</label>
          </div>
        ))}
      </fieldset>
      <Control id="audience" label="Who is invited" error={errors.audience}>
        <select id="audience" value={values.audience} onChange={(e) => set('audience')(e.target.value)} aria-describedby={describedBy('audience', errors.audience)}>
          {audiences.map((a) => (
            <option key={a.code} value={a.code}>
              {a.name}
            </option>
          ))}
        </select>
      </Control>
      <TextField id="title" label="Title (optional)" value={values.title} onChange={set('title')} error={errors.title} />
      <Control id="date" label="Date" error={errors.date}>
        <input id="date" type="date" value={values.date} onChange={(e) => set('date')(e.target.value)} aria-invalid={errors.date ? true : undefined} aria-describedby={describedBy('date', errors.date)} />
      </Control>
      <Control id="time" label="Start time (UK time)" error={errors.time}>
        <input id="time" type="time" value={values.time} onChange={(e) => set('time')(e.target.value)} aria-invalid={errors.time ? true : undefined} aria-describedby={describedBy('time', errors.time)} />
      </Control>
      <TextField id="durationMinutes" label="How long, in minutes" inputMode="numeric" value={values.durationMinutes} onChange={set('durationMinutes')} error={errors.durationMinutes} />
      <TextField id="joiningUrl" label="Joining link" value={values.joiningUrl} onChange={set('joiningUrl')} error={errors.joiningUrl} />
      <Control id="description" label="What it will cover (optional)" error={errors.description}>
        <textarea id="description" rows={3} maxLength={2000} value={values.description} onChange={(e) => set('description')(e.target.value)} aria-describedby={describedBy('description', errors.description)} />
      </Control>
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
    return result.status === 404 ? (
      <Page title="Session not found">
        <p>There is no session here that you can see.</p>
      </Page>
    ) : (
      <ErrorMessage message={result.message} />
    );
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
      {problem ? (
        <div className="error-summary" role="alert">
          <h2>There is a problem</h2>
          <p>{problem}</p>
        </div>
      ) : null}
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
      <table>
        <caption className="visually-hidden">Facilitators this session is for</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Where</th>
            <th scope="col">Invited</th>
            <th scope="col">Attended</th>
          </tr>
        </thead>
        <tbody>
          {s.facilitators.map((f) => (
            <tr key={f.id}>
              <td>
                <a href={`/portal/facilitators/${f.id}`}>{f.name}</a>
              </td>
              <td>{f.where}</td>
              <td>{f.invited ? 'Yes' : 'No'}</td>
              <td>{f.attended ? 'Yes' : 'No'}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
      {message ? (
        <div className="error-summary" role="alert">
          <h3>There is a problem</h3>
          <p>{message}</p>
        </div>
      ) : null}
      {s.facilitators.length === 0 ? (
        <p>No facilitators are in this session’s audience.</p>
      ) : (
        <fieldset className="choices field" id="facilitatorIds" aria-describedby="attendance-hint">
          <legend>Who attended</legend>
          <p className="hint" id="attendance-hint">
            Tick each facilitator who joined. Saving replaces the list.
          </p>
          {s.facilitators.map((f) => (
            <div className="choice" key={f.id}>
              <input
                id={`attended-${f.id}`}
                type="checkbox"
                checked={chosen.has(f.id)}
                onChange={(e) =>
                  setChosen((set) => {
                    const next = new Set(set);
                    if (e.target.checked) next.add(f.id);
                    else next.delete(f.id);
                    return next;
                  })
                }
                aria-describedby={`attended-${f.id}-where`}
              />
              <label htmlFor={`attended-${f.id}`}>{f.name}</label>
              <p className="choice-hint hint" id={`attended-${f.id}-where`}>
                {f.where}
                {f.invited ? '' : ' (not invited)'}
              </p>
            </div>
          ))}
        </fieldset>
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
        <table>
          <caption className="visually-hidden">Community sessions invited to and attended</caption>
          <thead>
            <tr>
              <th scope="col">Session</th>
              <th scope="col">When</th>
              <th scope="col">Attended</th>
            </tr>
          </thead>
          <tbody>
            {result.data.items.map((i) => (
              <tr key={i.id}>
                <td>
                  {i.title}
                  <span className="rule">{i.kindName}</span>
                </td>
                <td>{formatDateTime(i.startsAt)}</td>
                <td>{i.attended ? 'Attended' : 'Invited, did not attend'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
