import { type FormEvent, useState } from 'react';
import { formatLongDate } from '../../../../domain/iso-date.js';
import { formatPence } from '../../../../domain/money.js';
import { COURSE_FORMATS, type CourseFormat } from '../../../../domain/training/courses.js';
import { bookingRequestSchema, courseInvoiceRequestSchema, courseRequestSchema, type CourseResponse } from '../../../../shared/schemas/training-courses.js';
import { api } from '../../../app/api.js';
import { issuesByField, serverErrors } from '../../../app/form-errors.js';
import { formatDateTime } from '../../../app/format.js';
import { poundsToPence } from '../../../app/pounds.js';
import { useApi } from '../../../app/use-api.js';
import { Choices, ErrorSummary, type FieldErrors, SelectField, TextField } from '../../../components/ui/field.js';
import { ErrorMessage, LoadFailed, Loading, Page } from '../../../components/ui/page.js';

const when = (dates: string[]) => dates.map((d) => formatLongDate(d)).join(', ');

function FlagNote({ course }: { course: CourseResponse }) {
  if (!course.flag) return null;
  return <p className={course.flag.kind === 'under_booked' ? 'warning' : 'hint'}>{course.flag.kind === 'under_booked' ? <strong>Under-booked: {course.flag.message}</strong> : course.flag.message}</p>;
}

/** Staff-led courses: Central Office schedules them; a SMART Lead sees their organisation's and books people on. */
export function CoursesPage({ canSchedule }: { canSchedule: boolean }) {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const courses = useApi<{ items: CourseResponse[] }>(`/training-courses?v=${version}`);
  const fees = useApi<{ inPersonTrainingPence: number; webinarTrainingPence: number; trainingGroupSize: { min: number; max: number } }>('/fee-schedule');
  const group = fees.state === 'ready' ? fees.data.trainingGroupSize : { min: 6, max: 12 };
  return (
    <Page title="Staff-led training courses">
      <p>
        Staff-led Facilitator Training for {group.min} to {group.max} people of one organisation, bought by that organisation: two full days in person
        {fees.state === 'ready' ? ` (${formatPence(fees.data.inPersonTrainingPence)} plus the trainer’s travel and accommodation)` : ''} or four half-days by webinar
        {fees.state === 'ready' ? ` (${formatPence(fees.data.webinarTrainingPence)})` : ''}, as Section 10 of the Partnership Guidance sets out.
      </p>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      {canSchedule ? (
        <ScheduleForm
          onDone={(c) => {
            setNotice(`${c.formatName} for ${c.organisationName} is scheduled for ${when(c.sessionDates)}.`);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
      <h2>Courses</h2>
      {courses.state === 'loading' ? <Loading /> : null}
      {courses.state === 'error' ? <ErrorMessage message={courses.message} /> : null}
      {courses.state === 'ready' && courses.data.items.length === 0 ? <p>No courses scheduled.</p> : null}
      {courses.state === 'ready' && courses.data.items.length > 0 ? (
        <ul className="nomination-list">
          {courses.data.items.map((c) => (
            <li key={c.id} className="card">
              <h3>
                <a href={`/portal/training/courses/${c.id}`}>
                  {c.formatName}, {c.organisationName}
                </a>
              </h3>
              <dl>
                <dt>Sessions</dt>
                <dd>{when(c.sessionDates)}</dd>
                <dt>Booked</dt>
                <dd>
                  {c.booked} of {c.places} places
                </dd>
                <dt>Booking cut-off</dt>
                <dd>{formatLongDate(c.cutOffOn)}</dd>
              </dl>
              <FlagNote course={c} />
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

interface ScheduleValues {
  organisationId: string;
  format: CourseFormat | '';
  sessions: string[];
  venue: string;
  trainerName: string;
  places: string;
  cutOffOn: string;
}

function ScheduleForm({ onDone }: { onDone: (c: CourseResponse) => void }) {
  const organisations = useApi<{ items: { id: string; name: string }[] }>('/organisations?limit=200');
  const [values, setValues] = useState<ScheduleValues>({ organisationId: '', format: '', sessions: ['', '', '', ''], venue: '', trainerName: '', places: '12', cutOffOn: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sessionCount = values.format ? COURSE_FORMATS[values.format].sessions : 0;
  const set = (key: Exclude<keyof ScheduleValues, 'sessions'>) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const fieldOf = (field: string) => (field.startsWith('sessionDates') ? `session-${/\.(\d)/.exec(field)?.[1] ?? '0'}` : field);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = {
      organisationId: values.organisationId,
      format: values.format || undefined,
      sessionDates: values.sessions.slice(0, sessionCount).map((s) => s.trim()),
      ...(values.format === 'in_person' ? { venue: values.venue } : {}),
      trainerName: values.trainerName,
      places: /^\d+$/.test(values.places.trim()) ? Number(values.places.trim()) : undefined,
      cutOffOn: values.cutOffOn.trim(),
    };
    const parsed = courseRequestSchema.safeParse(body);
    setProblem(null);
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error, (p) => fieldOf(p.join('.'))));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      onDone(await api<CourseResponse>('/training-courses', { method: 'POST', body: JSON.stringify(parsed.data) }));
      setValues({ organisationId: '', format: '', sessions: ['', '', '', ''], venue: '', trainerName: '', places: '12', cutOffOn: '' });
    } catch (e) {
      const found = serverErrors(e, fieldOf, 'The course could not be scheduled. Try again.');
      setErrors(found.errors);
      setProblem(found.problem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <h2>Schedule a course</h2>
      <ErrorSummary id="schedule-errors" errors={errors} message={problem} />
      <SelectField
        id="organisationId"
        label="Organisation buying the course"
        error={errors.organisationId}
        value={values.organisationId}
        onChange={(e) => set('organisationId')(e.target.value)}
        placeholder="Choose an organisation"
        options={organisations.state === 'ready' ? organisations.data.items.map((o) => ({ value: o.id, label: o.name })) : []}
      />
      <Choices
        name="format"
        legend="How the course is run"
        type="radio"
        choices={[
          { value: 'in_person', label: 'In person: two full days' },
          { value: 'webinar', label: 'Webinar: four half-days' },
        ]}
        error={errors.format}
        selected={values.format}
        onChange={(format) => set('format')(format)}
      />
      {Array.from({ length: sessionCount }, (_, i) => (
        <TextField
          key={i}
          id={`session-${i}`}
          label={`Session ${i + 1} date`}
          hint="Like 2027-03-02"
          value={values.sessions[i] ?? ''}
          onChange={(value) => setValues((v) => ({ ...v, sessions: v.sessions.map((s, j) => (j === i ? value : s)) }))}
          error={errors[`session-${i}`]}
        />
      ))}
      {values.format === 'in_person' ? <TextField id="venue" label="Venue" value={values.venue} onChange={set('venue')} error={errors.venue} /> : null}
      <TextField id="trainerName" label="Trainer" value={values.trainerName} onChange={set('trainerName')} error={errors.trainerName} />
      <TextField id="places" label="Places" hint="From 6 to 12." inputMode="numeric" value={values.places} onChange={set('places')} error={errors.places} />
      <TextField id="cutOffOn" label="Booking cut-off date" hint="Before the first session, like 2027-02-16. A course with fewer than 6 booked by then is flagged." value={values.cutOffOn} onChange={set('cutOffOn')} error={errors.cutOffOn} />
      <button type="submit" disabled={busy}>
        Schedule the course
      </button>
    </form>
  );
}

/** One course: its details, the bookings, booking someone on, and for Central Office the invoice. */
export function CoursePage({ courseId, canInvoice }: { courseId: string; canInvoice: boolean }) {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const result = useApi<CourseResponse>(`/training-courses/${encodeURIComponent(courseId)}?v=${version}`);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') {
    return <LoadFailed record="course" status={result.status} message={result.message} />;
  }
  const c = result.data;
  const live = c.bookings.filter((b) => !b.cancelledAt);

  async function cancel(id: string, name: string) {
    try {
      await api(`/training-courses/${c.id}/bookings/${id}/cancel`, { method: 'POST' });
      setNotice(`${name}'s booking is cancelled; the place is free.`);
      setVersion((v) => v + 1);
    } catch (e) {
      setNotice(e instanceof Error ? e.message : 'The booking could not be cancelled.');
    }
  }

  return (
    <Page title={`${c.formatName}: ${c.organisationName}`}>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      <dl className="ledger-summary">
        <dt>Sessions</dt>
        <dd>
          {when(c.sessionDates)} ({COURSE_FORMATS[c.format].session}s)
        </dd>
        <dt>Where</dt>
        <dd>{c.venue ?? 'Online, by webinar'}</dd>
        <dt>Trainer</dt>
        <dd>{c.trainerName}</dd>
        <dt>Places booked</dt>
        <dd>
          {c.booked} of {c.places}
        </dd>
        <dt>Booking cut-off</dt>
        <dd>{formatLongDate(c.cutOffOn)}</dd>
        <dt>Fee</dt>
        <dd>
          {formatPence(c.feePence)}
          {COURSE_FORMATS[c.format].expensesCharged ? ' plus the trainer’s travel and accommodation' : ''}
        </dd>
        <dt>Invoice</dt>
        <dd>{c.invoice ? <a href={`/portal/invoices/${c.invoice.id}`}>{c.invoice.reference}</a> : 'Not invoiced yet'}</dd>
      </dl>
      <FlagNote course={c} />
      {c.canBook ? (
        <BookForm
          key={version}
          courseId={c.id}
          onDone={(name) => {
            setNotice(`${name} is booked on the course.`);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
      <h2>Booked</h2>
      {live.length === 0 ? <p>No one booked yet.</p> : null}
      {live.length > 0 ? (
        <ul className="nomination-list">
          {live.map((b) => (
            <li key={b.id} className="card">
              <h3>{b.name}</h3>
              <p>
                {b.email}, booked {formatDateTime(b.bookedAt)}
              </p>
              {c.canBook || canInvoice ? (
                <button type="button" className="button-secondary" onClick={() => void cancel(b.id, b.name)}>
                  Cancel {b.name}&apos;s booking
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canInvoice && !c.invoice ? <InvoiceForm course={c} onDone={(reference) => {
            setNotice(`Invoice ${reference} is issued.`);
            setVersion((v) => v + 1);
          }} /> : null}
    </Page>
  );
}

function BookForm({ courseId, onDone }: { courseId: string; onDone: (name: string) => void }) {
  const [values, setValues] = useState({ name: '', email: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = bookingRequestSchema.safeParse({ name: values.name, email: values.email.trim() });
    setProblem(null);
    if (!parsed.success) return setErrors(issuesByField(parsed.error));
    setErrors({});
    setBusy(true);
    try {
      await api(`/training-courses/${courseId}/bookings`, { method: 'POST', body: JSON.stringify(parsed.data) });
      onDone(parsed.data.name);
    } catch (e) {
      const found = serverErrors(e, (f) => (f === 'name' || f === 'email' ? f : null), 'The booking could not be made. Try again.');
      setErrors(found.errors);
      setProblem(found.problem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <h2>Book someone on</h2>
      <ErrorSummary id="book-errors" errors={errors} message={problem} />
      <TextField id="name" label="Full name" value={values.name} onChange={(name) => setValues((v) => ({ ...v, name }))} error={errors.name} />
      <TextField
        id="email"
        label="Email address"
        type="email"
        hint="The course details are sent here."
        value={values.email}
        onChange={(email) => setValues((v) => ({ ...v, email }))}
        error={errors.email}
      />
      <button type="submit" disabled={busy}>
        Book
      </button>
    </form>
  );
}

function InvoiceForm({ course, onDone }: { course: CourseResponse; onDone: (reference: string) => void }) {
  const expensesCharged = COURSE_FORMATS[course.format].expensesCharged;
  const [values, setValues] = useState({ expenses: '', expensesNote: '', poNumber: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    const pence = poundsToPence(values.expenses);
    if (expensesCharged && pence === null) return setErrors({ expensesPence: 'Enter the expenses in pounds, like 184.50 (0 if there are none)' });
    const parsed = courseInvoiceRequestSchema.safeParse({
      ...(expensesCharged ? { expensesPence: pence, expensesNote: values.expensesNote } : {}),
      ...(values.poNumber.trim() ? { poNumber: values.poNumber } : {}),
    });
    if (!parsed.success) return setErrors(issuesByField(parsed.error));
    setErrors({});
    setBusy(true);
    try {
      const done = await api<CourseResponse>(`/training-courses/${course.id}/invoice`, { method: 'POST', body: JSON.stringify(parsed.data) });
      onDone(done.invoice?.reference ?? '');
    } catch (e) {
      const found = serverErrors(e, (f) => (['expensesPence', 'expensesNote', 'poNumber'].includes(f) ? f : null), 'The invoice could not be issued. Try again.');
      setErrors(found.errors);
      setProblem(found.problem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <h2>Invoice the course</h2>
      <p>
        The invoice goes to {course.organisationName}&apos;s finance contact: {formatPence(course.feePence)}
        {expensesCharged ? ' and the trainer’s expenses you enter' : ''}. A course is invoiced once.
      </p>
      <ErrorSummary id="invoice-errors" errors={errors} message={problem} />
      {expensesCharged ? (
        <>
          <TextField
            id="expensesPence"
            label="Trainer travel and accommodation, in pounds"
            inputMode="decimal"
            hint="0 if there are none."
            value={values.expenses}
            onChange={(expenses) => setValues((v) => ({ ...v, expenses }))}
            error={errors.expensesPence}
          />
          <TextField id="expensesNote" label="What the expenses are (optional)" value={values.expensesNote} onChange={(expensesNote) => setValues((v) => ({ ...v, expensesNote }))} error={errors.expensesNote} />
        </>
      ) : null}
      <TextField id="poNumber" label="Purchase order number (optional)" value={values.poNumber} onChange={(poNumber) => setValues((v) => ({ ...v, poNumber }))} error={errors.poNumber} />
      <button type="submit" disabled={busy}>
        Issue the invoice
      </button>
    </form>
  );
}
