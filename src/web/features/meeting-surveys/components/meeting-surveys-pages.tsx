import { type FormEvent, type ReactNode, useState } from 'react';
import { formatLongDate } from '../../../../domain/iso-date.js';
import { SMART_TOOLS, smartToolName } from '../../../../domain/meetings/smart-tools.js';
import { surveyAnswerProblems } from '../../../../domain/meetings/surveys.js';
import {
  type CompletionRatesResponse,
  type FacilitatorRatesResponse,
  type MeetingSurveyResponse,
  type MySurveysResponse,
  surveyAnswerSchema,
} from '../../../../shared/schemas/meeting-surveys.js';
import { api, ApiError } from '../../../app/api.js';
import { useApi } from '../../../app/use-api.js';
import { TextField } from '../../../components/ui/field.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';
import { Pager } from '../../../components/ui/pager.js';

type Field = 'held' | 'attendance' | 'newAttendees' | 'toolsUsed' | 'guidelinesShared' | 'notHeldReason';
type FieldErrors = Partial<Record<Field, string>>;

/** Where each field's first control is, for the error summary's links. */
const FIRST_CONTROL: Record<Field, string> = {
  held: 'held-yes',
  attendance: 'attendance',
  newAttendees: 'new-attendees',
  toolsUsed: `tool-${SMART_TOOLS[0].code}`,
  guidelinesShared: 'guidelines-yes',
  notHeldReason: 'not-held-reason',
};

const STATUS_NAMES = { due: 'Waiting for your answer', completed: 'Completed', not_held: 'Did not take place' } as const;

function surveyTitle(s: Pick<MeetingSurveyResponse, 'meeting' | 'heldOn'>): string {
  return `${s.meeting.name}, ${formatLongDate(s.heldOn)}`;
}

/** A facilitator's surveys: those waiting for an answer, the latest answered, and their meetings' contributions pages. */
export function MySurveysPage() {
  const data = useApi<MySurveysResponse>('/meeting-surveys/mine');
  return (
    <Page title="Your meeting surveys">
      {data.state === 'loading' ? <Loading /> : null}
      {data.state === 'error' ? <ErrorMessage message={data.message} /> : null}
      {data.state === 'ready' && data.data.facilitator === null ? <p>You have no facilitator record, so there are no meeting surveys for you.</p> : null}
      {data.state === 'ready' && data.data.facilitator !== null ? (
        <>
          <p>After each meeting you facilitate, UK SMART Recovery asks a few questions about it (Section 8: every facilitator completes the meeting survey).</p>
          <h2>Waiting for your answer</h2>
          {data.data.due.length === 0 ? (
            <p>You have answered every survey. Thank you.</p>
          ) : (
            <ul>
              {data.data.due.map((s) => (
                <li key={s.id}>
                  <a href={`/portal/meeting-surveys/${s.id}`}>{surveyTitle(s)}</a>
                </li>
              ))}
            </ul>
          )}
          {data.data.answered.length > 0 ? (
            <>
              <h2>Answered lately</h2>
              <ul>
                {data.data.answered.map((s) => (
                  <li key={s.id}>
                    <a href={`/portal/meeting-surveys/${s.id}`}>{surveyTitle(s)}</a>: {STATUS_NAMES[s.status].toLowerCase()}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {data.data.meetings.length > 0 ? (
            <>
              <h2>Contributions (“pass the hat”)</h2>
              <ul>
                {data.data.meetings.map((m) => (
                  <li key={m.id}>
                    <a href={`/portal/contributions/${m.id}`}>Contributions for {m.name}</a>
                    {m.mayRecordContributions ? '' : ' (a partnership meeting: none are collected)'}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}

/** One survey: the form while it waits for the facilitator's answer, otherwise the answer given. */
export function SurveyPage({ id }: { id: string }) {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const survey = useApi<MeetingSurveyResponse>(`/meeting-surveys/${encodeURIComponent(id)}?v=${version}`);
  if (survey.state === 'loading') return <Loading />;
  if (survey.state === 'error') {
    return (
      <Page title="Meeting survey">
        <ErrorMessage message={survey.status === 404 ? 'There is no such survey, or it is not one of yours.' : survey.message} />
      </Page>
    );
  }
  const s = survey.data;
  return (
    <Page title={`Meeting survey: ${surveyTitle(s)}`}>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      <p>
        {s.meeting.name}
        {s.meeting.where ? ` at ${s.meeting.where}` : ''}, {formatLongDate(s.heldOn)} at {s.meeting.startTime}.
      </p>
      {s.canAnswer ? (
        <SurveyForm
          survey={s}
          onDone={(message) => {
            setNotice(message);
            setVersion((v) => v + 1);
          }}
        />
      ) : (
        <SurveyAnswer survey={s} />
      )}
      <p>
        <a href="/portal/meeting-surveys">Back to your meeting surveys</a>
      </p>
    </Page>
  );
}

function SurveyAnswer({ survey: s }: { survey: MeetingSurveyResponse }) {
  const rows: [string, ReactNode][] = [['Status', STATUS_NAMES[s.status]]];
  if (s.status === 'completed') {
    rows.push(
      ['People who attended', String(s.attendance)],
      ['Of them new', String(s.newAttendees)],
      ['SMART tools used', s.toolsUsed.length ? s.toolsUsed.map(smartToolName).join(', ') : 'None'],
      ['Meeting Guidelines shared', s.guidelinesShared ? 'Yes' : 'No'],
    );
  }
  if (s.status === 'not_held' && s.notHeldReason) rows.push(['Why not', s.notHeldReason]);
  if (s.completedBy) rows.push(['Answered by', s.completedBy]);
  if (s.status === 'due' && s.askedFacilitator) rows.push(['Asked', s.askedFacilitator]);
  return (
    <dl className="summary">
      {rows.map(([term, value]) => (
        <div className="summary-row" key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ErrorText({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p className="error-message" id={id}>
      <span className="visually-hidden">Error: </span>
      {message}
    </p>
  ) : null;
}

function SurveyForm({ survey, onDone }: { survey: MeetingSurveyResponse; onDone: (message: string) => void }) {
  const [held, setHeld] = useState<'' | 'yes' | 'no'>('');
  const [attendance, setAttendance] = useState('');
  const [newAttendees, setNewAttendees] = useState('');
  const [tools, setTools] = useState<string[]>([]);
  const [guidelines, setGuidelines] = useState<'' | 'yes' | 'no'>('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const count = (text: string) => (text.trim() === '' ? null : /^\d+$/.test(text.trim()) ? Number(text.trim()) : text);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    const body =
      held === 'no'
        ? { held: false, ...(reason.trim() ? { notHeldReason: reason } : {}) }
        : {
            held: held === '' ? undefined : true,
            attendance: count(attendance),
            newAttendees: count(newAttendees),
            toolsUsed: tools,
            guidelinesShared: guidelines === '' ? null : guidelines === 'yes',
          };
    const parsed = surveyAnswerSchema.safeParse(body);
    if (!parsed.success) {
      const found: FieldErrors = {};
      for (const issue of parsed.error.issues) found[String(issue.path[0]) as Field] ??= issue.message;
      // Until every answer has the right type the schema stops at the first; show the rest at once too.
      if (held !== 'no') for (const p of surveyAnswerProblems({ ...body, held: true } as Parameters<typeof surveyAnswerProblems>[0])) found[p.field] ??= p.message;
      setErrors(found);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await api(`/meeting-surveys/${encodeURIComponent(survey.id)}/answer`, { method: 'POST', body: JSON.stringify(parsed.data) });
      onDone(parsed.data.held ? `Thank you: the survey for ${surveyTitle(survey)} is complete.` : `Thank you: ${surveyTitle(survey)} is recorded as not having taken place.`);
    } catch (e) {
      if (e instanceof ApiError && Array.isArray(e.body?.error.details)) {
        const found: FieldErrors = {};
        for (const d of e.body.error.details as { field: string; message: string }[]) found[d.field.replace(/^body\./, '') as Field] ??= d.message;
        setErrors(found);
      }
      setProblem(e instanceof Error ? e.message : 'The survey could not be sent. Try again.');
    } finally {
      setBusy(false);
    }
  }

  const entries = Object.entries(errors).filter((e): e is [Field, string] => Boolean(e[1]));
  return (
    <form onSubmit={submit} noValidate>
      {entries.length > 0 ? (
        <div className="error-summary" role="alert" aria-labelledby="survey-errors-title">
          <h2 id="survey-errors-title">There is a problem</h2>
          <ul>
            {entries.map(([field, message]) => (
              <li key={field}>
                <a href={`#${FIRST_CONTROL[field]}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : problem ? (
        <div className="error-summary" role="alert">
          <h2>The survey was not sent</h2>
          <p>{problem}</p>
        </div>
      ) : null}
      <fieldset className={errors.held ? 'choices field field-error' : 'choices field'} aria-describedby={errors.held ? 'held-error' : undefined}>
        <legend>Did the meeting take place?</legend>
        <ErrorText id="held-error" message={errors.held} />
        <div className="choice-list-inline">
          {(['yes', 'no'] as const).map((value) => (
            <div className="choice" key={value}>
              <input type="radio" id={`held-${value}`} name="held" value={value} checked={held === value} onChange={() => setHeld(value)} />
              <label htmlFor={`held-${value}`}>{value === 'yes' ? 'Yes' : 'No'}</label>
            </div>
          ))}
        </div>
      </fieldset>
      {held === 'no' ? (
        <div className={errors.notHeldReason ? 'field field-error' : 'field'}>
          <label htmlFor="not-held-reason">Why not? (optional)</label>
          <p className="hint" id="not-held-reason-hint">
            For example, the venue was closed or it was a bank holiday.
          </p>
          <ErrorText id="not-held-reason-error" message={errors.notHeldReason} />
          <textarea
            id="not-held-reason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby={errors.notHeldReason ? 'not-held-reason-hint not-held-reason-error' : 'not-held-reason-hint'}
            aria-invalid={errors.notHeldReason ? true : undefined}
          />
        </div>
      ) : null}
      {held !== 'no' ? (
        <>
          <TextField id="attendance" label="How many people attended?" inputMode="numeric" value={attendance} onChange={setAttendance} error={errors.attendance} />
          <TextField id="new-attendees" label="How many of them came for the first time?" inputMode="numeric" value={newAttendees} onChange={setNewAttendees} error={errors.newAttendees} />
          <fieldset className={errors.toolsUsed ? 'choices field field-error' : 'choices field'} aria-describedby={errors.toolsUsed ? 'tools-error' : 'tools-hint'}>
            <legend>Which SMART tools were used?</legend>
            <p className="hint" id="tools-hint">
              Choose every tool the group worked with. Section 8 asks for at least one at each meeting.
            </p>
            <ErrorText id="tools-error" message={errors.toolsUsed} />
            {SMART_TOOLS.map((tool) => (
              <div className="choice" key={tool.code}>
                <input
                  type="checkbox"
                  id={`tool-${tool.code}`}
                  value={tool.code}
                  checked={tools.includes(tool.code)}
                  onChange={(e) => setTools(e.target.checked ? [...tools, tool.code] : tools.filter((t) => t !== tool.code))}
                />
                <label htmlFor={`tool-${tool.code}`}>{tool.name}</label>
              </div>
            ))}
          </fieldset>
          <fieldset className={errors.guidelinesShared ? 'choices field field-error' : 'choices field'} aria-describedby={errors.guidelinesShared ? 'guidelines-error' : undefined}>
            <legend>Were the Meeting Guidelines shared?</legend>
            <ErrorText id="guidelines-error" message={errors.guidelinesShared} />
            <div className="choice-list-inline">
              {(['yes', 'no'] as const).map((value) => (
                <div className="choice" key={value}>
                  <input type="radio" id={`guidelines-${value}`} name="guidelines" value={value} checked={guidelines === value} onChange={() => setGuidelines(value)} />
                  <label htmlFor={`guidelines-${value}`}>{value === 'yes' ? 'Yes' : 'No'}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </>
      ) : null}
      <button type="submit" disabled={busy}>
        Send the survey
      </button>
    </form>
  );
}

function RateTable({ caption, first, rows }: { caption: string; first: string; rows: { key: string; name: ReactNode; due: number; completed: number; notHeld: number; overdue: number; rate: number | null }[] }) {
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">Completed</th>
            <th scope="col">Did not take place</th>
            <th scope="col">Waiting</th>
            <th scope="col">Overdue</th>
            <th scope="col">Completion rate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.name}</th>
              <td>{r.completed}</td>
              <td>{r.notHeld}</td>
              <td>{r.due}</td>
              <td>{r.overdue}</td>
              <td>{r.rate === null ? '—' : `${r.rate}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const RATES_PAGE = 50;

/** Completion rates per meeting and per facilitator, for the meetings the person oversees, each a page at a time. */
export function SurveyRatesPage() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [period, setPeriod] = useState('');
  const [meetingOffset, setMeetingOffset] = useState(0);
  const [facilitatorOffset, setFacilitatorOffset] = useState(0);
  const page = (offset: number) => `?${period}${period ? '&' : ''}limit=${RATES_PAGE}&offset=${offset}`;
  const rates = useApi<CompletionRatesResponse>(`/meeting-surveys/rates${page(meetingOffset)}`);
  const byFacilitator = useApi<FacilitatorRatesResponse>(`/meeting-surveys/rates/facilitators${page(facilitatorOffset)}`);
  function show(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    if (from.trim()) params.set('from', from.trim());
    if (to.trim()) params.set('to', to.trim());
    setPeriod(params.toString());
    setMeetingOffset(0);
    setFacilitatorOffset(0);
  }
  return (
    <Page title="Meeting survey completion">
      <p>
        How many meeting surveys the facilitators have answered, for the meetings you oversee. A meeting marked as not having taken place counts as answered. Facilitators behind
        are reminded 3 and 10 days after they are asked; a survey still waiting after 10 days is overdue.
      </p>
      <form onSubmit={show} noValidate className="button-group">
        <TextField id="rates-from" label="Meetings from" type="date" value={from} onChange={setFrom} />
        <TextField id="rates-to" label="Meetings to" type="date" value={to} onChange={setTo} />
        <button type="submit">Show</button>
      </form>
      {rates.state === 'loading' ? <Loading /> : null}
      {rates.state === 'error' ? <ErrorMessage message={rates.message} /> : null}
      {rates.state === 'ready' ? (
        <>
          <p>
            Meetings held from {formatLongDate(rates.data.from)} to {formatLongDate(rates.data.to)}. A meeting that ran but was not surveyed in the period has no rate (—).
          </p>
          {rates.data.total === 0 ? (
            <p>No meetings ran in this period.</p>
          ) : (
            <>
              <RateTable
                caption="Completion by meeting"
                first="Meeting"
                rows={rates.data.items.map((m) => ({ ...m, key: m.id, name: `${m.name} (${m.organisation ?? 'community peer-led'}, ${m.region})` }))}
              />
              <Pager noun="Meetings" offset={meetingOffset} shown={rates.data.items.length} total={rates.data.total} pageSize={RATES_PAGE} onPage={setMeetingOffset} />
            </>
          )}
        </>
      ) : null}
      {byFacilitator.state === 'error' && rates.state !== 'error' ? <ErrorMessage message={byFacilitator.message} /> : null}
      {byFacilitator.state === 'ready' && byFacilitator.data.total > 0 ? (
        <>
          <RateTable caption="Completion by facilitator asked" first="Facilitator" rows={byFacilitator.data.items.map((f) => ({ ...f, key: f.id, name: f.name }))} />
          <Pager noun="Facilitators" offset={facilitatorOffset} shown={byFacilitator.data.items.length} total={byFacilitator.data.total} pageSize={RATES_PAGE} onPage={setFacilitatorOffset} />
        </>
      ) : null}
    </Page>
  );
}
