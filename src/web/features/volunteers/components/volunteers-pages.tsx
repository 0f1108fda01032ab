import { type FormEvent, useState } from 'react';
import { ONBOARDING_STAGE_NAMES, ONBOARDING_STAGES, type OnboardingStage } from '../../../../domain/eligibility/volunteer-onboarding.js';
import { formatLongDate, londonDate } from '../../../../domain/iso-date.js';
import { api, ApiError } from '../../../app/api.js';
import { apiFieldErrors } from '../../../app/form-errors.js';
import { useApi } from '../../../app/use-api.js';
import { Choices, ErrorSummary, Field, type FieldErrors, SelectField, TextAreaField } from '../../../components/ui/field.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';

/** The API's Volunteer (src/shared/schemas/volunteers.ts). */
interface Volunteer {
  facilitatorId: string;
  name: string;
  email: string;
  status: string;
  stages: { stage: string; completedOn: string; outcome: string; recordedBy: string | null }[];
  outstanding: string[];
}

const STATUS_NAMES: Record<string, string> = { onboarding: 'In onboarding', active: 'Active', paused: 'Paused', left: 'Left' };
const stageName = (stage: string) => ONBOARDING_STAGE_NAMES[stage as OnboardingStage] ?? stage;

function VolunteerTable({ caption, items }: { caption: string; items: Volunteer[] }) {
  if (items.length === 0) return <p>None.</p>;
  return (
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Still to do</th>
        </tr>
      </thead>
      <tbody>
        {items.map((v) => (
          <tr key={v.facilitatorId}>
            <td>
              <a href={`/portal/volunteers/${v.facilitatorId}`}>{v.name}</a>
            </td>
            <td>{v.outstanding.length ? v.outstanding.map(stageName).join(', ') : 'Nothing: every stage passed'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Central Office's list of UKSR volunteer facilitators in onboarding and active (Section 9). */
export function VolunteersPage() {
  const onboarding = useApi<{ items: Volunteer[] }>('/volunteers?status=onboarding');
  const active = useApi<{ items: Volunteer[] }>('/volunteers?status=active');
  return (
    <Page title="UKSR volunteers">
      <p>Volunteer facilitators are interviewed, give two references, have a satisfactory DBS or PVG check and complete the SMART Facilitator training before they facilitate.</p>
      <section aria-labelledby="volunteers-onboarding">
        <h2 id="volunteers-onboarding">In onboarding</h2>
        {onboarding.state === 'loading' ? <Loading /> : onboarding.state === 'error' ? <ErrorMessage message={onboarding.message} /> : <VolunteerTable caption="Volunteers in onboarding" items={onboarding.data.items} />}
      </section>
      <section aria-labelledby="volunteers-active">
        <h2 id="volunteers-active">Active</h2>
        {active.state === 'loading' ? <Loading /> : active.state === 'error' ? <ErrorMessage message={active.message} /> : <VolunteerTable caption="Active volunteers" items={active.data.items} />}
      </section>
    </Page>
  );
}

/** One volunteer: each stage with its date, outcome and who recorded it, and the form to record a stage. */
export function VolunteerPage({ id }: { id: string }) {
  const result = useApi<Volunteer>(`/volunteers/${encodeURIComponent(id)}`);
  const [updated, setUpdated] = useState<Volunteer | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') {
    return result.status === 404 ? (
      <Page title="Volunteer not found">
        <p>There is no UKSR volunteer here.</p>
      </Page>
    ) : (
      <ErrorMessage message={result.message} />
    );
  }
  const v = updated ?? result.data;
  const byStage = new Map(v.stages.map((s) => [s.stage, s]));
  return (
    <Page title={v.name}>
      <div role="status">{saved ? <p className="notice">{saved}</p> : null}</div>
      <dl>
        <dt>Email</dt>
        <dd>{v.email}</dd>
        <dt>Status</dt>
        <dd>{STATUS_NAMES[v.status] ?? v.status}</dd>
      </dl>
      <h2>Onboarding stages</h2>
      <table className="stacked-table">
        <caption className="visually-hidden">Onboarding stages</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">Date</th>
            <th scope="col">Outcome</th>
            <th scope="col">Recorded by</th>
          </tr>
        </thead>
        <tbody>
          {ONBOARDING_STAGES.map((stage) => {
            const s = byStage.get(stage);
            return (
              <tr key={stage}>
                <th scope="row">{ONBOARDING_STAGE_NAMES[stage]}</th>
                <td data-label="Date">{s ? formatLongDate(s.completedOn) : 'Not yet'}</td>
                <td data-label="Outcome">{s ? (s.outcome === 'passed' ? 'Passed' : 'Not passed') : '—'}</td>
                <td data-label="Recorded by">{s ? (s.recordedBy ?? 'The application form') : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <StageForm
        v={v}
        onDone={(next, stage) => {
          setUpdated(next);
          setSaved(`${ONBOARDING_STAGE_NAMES[stage]} recorded.${next.status === 'active' && v.status !== 'active' ? ` ${next.name} is now an active volunteer.` : ''}`);
        }}
      />
    </Page>
  );
}

function StageForm({ v, onDone }: { v: Volunteer; onDone: (next: Volunteer, stage: OnboardingStage) => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [key, setKey] = useState(0);
  const next = (v.outstanding[0] as OnboardingStage | undefined) ?? 'interview';
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const stage = String(data.get('stage')) as OnboardingStage;
    const note = String(data.get('note') ?? '').trim();
    try {
      const answer = await api<Volunteer>(`/volunteers/${encodeURIComponent(v.facilitatorId)}/stages`, {
        method: 'POST',
        body: JSON.stringify({ stage, completedOn: String(data.get('completedOn') ?? ''), outcome: data.get('outcome') ? String(data.get('outcome')) : undefined, ...(note ? { note } : {}) }),
      });
      setMessage(null);
      setErrors({});
      setKey((k) => k + 1);
      onDone(answer, stage);
    } catch (e) {
      setErrors(apiFieldErrors(e, (field) => field.split('.').at(-1) ?? null));
      setMessage(e instanceof ApiError ? e.message : 'The stage could not be recorded.');
    }
  }
  return (
    <form key={key} onSubmit={submit} noValidate>
      <h2>Record a stage</h2>
      <ErrorSummary id="stage-errors" message={message} errors={errors} />
      <SelectField id="stage" name="stage" label="Stage" error={errors.stage} defaultValue={next} options={ONBOARDING_STAGES.map((s) => ({ value: s, label: ONBOARDING_STAGE_NAMES[s] }))} />
      <Field id="completedOn" label="Date" error={errors.completedOn}>
        {(aria) => <input {...aria} name="completedOn" type="date" defaultValue={londonDate(new Date())} />}
      </Field>
      <Choices
        name="outcome"
        legend="Outcome"
        type="radio"
        error={errors.outcome}
        choices={[
          { value: 'passed', label: 'Passed' },
          { value: 'failed', label: 'Not passed' },
        ]}
      />
      <TextAreaField id="note" name="note" label="Note (optional)" hint="Who interviewed them, or who gave the reference. Do not copy a certificate's contents here." error={errors.note} rows={3} maxLength={500} />
      <button type="submit">Record the stage</button>
    </form>
  );
}
