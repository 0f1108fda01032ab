import { type FormEvent, useState } from 'react';
import { formatLongDate } from '../../../../domain/iso-date.js';
import { TRAINING_MODULES } from '../../../../domain/training/pathway.js';
import { progressChangeSchema, type TrainingProgressResponse } from '../../../../shared/schemas/training-progress.js';
import { api, ApiError } from '../../../app/api.js';
import { issuesByField } from '../../../app/form-errors.js';
import { useApi } from '../../../app/use-api.js';
import { Choices, ErrorSummary, Field, type FieldErrors, SelectField } from '../../../components/ui/field.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';

const STATUS: Record<string, string> = { enrolled: 'Enrolled', in_progress: 'In progress', completed: 'Completed', withdrawn: 'Withdrawn' };
const STATUS_CHOICES = [
  ['enrolled', 'Enrolled'],
  ['in_progress', 'Started (in progress)'],
  ['completed', 'Completed'],
  ['withdrawn', 'Withdrawn'],
] as const;

/** Staff: the people whose training they can record, each linking to their training record; Central Office also imports. */
export function TrainingPeoplePage({ canImport }: { canImport: boolean }) {
  const people = useApi<{ items: { id: string; name: string; email: string; organisations: string[]; qualified: boolean }[] }>('/facilitators?limit=200');
  return (
    <Page title="Facilitator training progress">
      <p>Choose a person to see their progress through the training pathway and record an enrolment, start, completion or withdrawal.</p>
      {canImport ? (
        <p>
          You can also <a href="/portal/training/import">import the online training platform&apos;s export</a>.
        </p>
      ) : null}
      {people.state === 'loading' ? <Loading /> : null}
      {people.state === 'error' ? <ErrorMessage message={people.message} /> : null}
      {people.state === 'ready' && people.data.items.length === 0 ? <p>No facilitator records yet.</p> : null}
      {people.state === 'ready' && people.data.items.length > 0 ? (
        <ul className="training-people">
          {people.data.items.map((p) => (
            <li key={p.id}>
              <a href={`/portal/training/people/${p.id}`}>{p.name}</a> ({p.email}){p.organisations.length ? `, ${p.organisations.join(', ')}` : ', UKSR volunteer'}
              {p.qualified ? ', qualified facilitator' : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

/** A facilitator's own training record. */
export function MyTrainingPage() {
  const me = useApi<{ id: string }>('/facilitators/me');
  if (me.state === 'loading') return <Loading />;
  if (me.state === 'error') {
    return (
      <Page title="Your training">
        <p>{me.status === 404 ? 'You have no facilitator record yet, so there is no training to show.' : me.message}</p>
      </Page>
    );
  }
  return <TrainingProgressPage facilitatorId={me.data.id} />;
}

/** One person's progress module by module, their certificate, and for staff the form to record a change. */
export function TrainingProgressPage({ facilitatorId }: { facilitatorId: string }) {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const record = useApi<TrainingProgressResponse>(`/facilitators/${encodeURIComponent(facilitatorId)}/training?v=${version}`);
  if (record.state === 'loading') return <Loading />;
  if (record.state === 'error') return <ErrorMessage message={record.message} />;
  const data = record.data;
  return (
    <Page title={`Training: ${data.facilitator.name}`}>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      <table className="training-progress stacked-table">
        <caption>Progress through the training pathway</caption>
        <thead>
          <tr>
            <th scope="col">Module</th>
            <th scope="col">Status</th>
            <th scope="col">Dates</th>
          </tr>
        </thead>
        <tbody>
          {data.modules.map((m) => (
            <tr key={m.module}>
              <th scope="row">{m.moduleName}</th>
              <td data-label="Status">
                {m.status ? STATUS[m.status] : 'Not started'}
                {m.status !== 'completed' && m.blockedBecause.length ? (
                  <ul className="hint">
                    {m.blockedBecause.map((reason) => (
                      <li key={reason}>Not open yet: {reason}</li>
                    ))}
                  </ul>
                ) : null}
              </td>
              <td data-label="Dates">
                {[
                  m.enrolledOn ? `Enrolled ${formatLongDate(m.enrolledOn)}` : null,
                  m.startedOn ? `started ${formatLongDate(m.startedOn)}` : null,
                  m.completedOn ? `completed ${formatLongDate(m.completedOn)}` : null,
                  m.withdrawnOn ? `withdrew ${formatLongDate(m.withdrawnOn)}` : null,
                ]
                  .filter(Boolean)
                  .join(', ') || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.certificate ? (
        <p>
          <a href={data.certificate.url} download>
            Download the facilitator certificate {data.certificate.number} (PDF)
          </a>
        </p>
      ) : null}
      {data.canRecord ? (
        <RecordForm
          key={version}
          facilitatorId={facilitatorId}
          onDone={(message) => {
            setNotice(message);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
    </Page>
  );
}

function RecordForm({ facilitatorId, onDone }: { facilitatorId: string; onDone: (message: string) => void }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = progressChangeSchema.safeParse({ module: data.get('module') ?? '', status: data.get('status') ?? '', on: String(data.get('on') ?? '') });
    setProblem(null);
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await api(`/facilitators/${encodeURIComponent(facilitatorId)}/training`, { method: 'POST', body: JSON.stringify(parsed.data) });
      const name = TRAINING_MODULES.find((m) => m.code === parsed.data.module)?.name ?? parsed.data.module;
      onDone(`${name}: ${STATUS[parsed.data.status]!.toLowerCase()} on ${formatLongDate(parsed.data.on)} is recorded.`);
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : 'The change could not be recorded. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <h2>Record progress</h2>
      <ErrorSummary id="progress-errors" errors={errors} hrefOf={(field) => `#${field === 'status' ? 'status-enrolled' : field}`} />
      <ErrorSummary id="progress-problem" title="The change was not recorded" message={problem} />
      <SelectField id="module" name="module" label="Module" error={errors.module} defaultValue="" placeholder="Choose a module" options={TRAINING_MODULES.map((m) => ({ value: m.code, label: m.name }))} />
      <Choices
        name="status"
        legend="What happened"
        type="radio"
        choices={STATUS_CHOICES.map(([value, label]) => ({ value, label }))}
        choiceId={(value) => `status-${value.replace('_', '-')}`}
        error={errors.status}
      />
      <Field id="on" label="Date" hint="The day it happened. It cannot be in the future." error={errors.on}>
        {(aria) => <input type="date" name="on" {...aria} />}
      </Field>
      <button type="submit" disabled={busy}>
        Record
      </button>
    </form>
  );
}
