import { type FormEvent, useState } from 'react';
import { formatLongDate } from '../../../../domain/iso-date.js';
import { CONTRIBUTION_PURPOSES, contributionPurposeName, DONATING_TO_UKSR } from '../../../../domain/meetings/contributions.js';
import { formatPence } from '../../../../domain/money.js';
import { type ContributionTotalsResponse, type MeetingContributionsResponse, newContributionSchema } from '../../../../shared/schemas/meeting-surveys.js';
import { api, ApiError } from '../../../app/api.js';
import { poundsToPence } from '../../../app/pounds.js';
import { useApi } from '../../../app/use-api.js';
import { TextField } from '../../../components/ui/field.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';
import { Pager } from '../../../components/ui/pager.js';

type Field = 'givenOn' | 'amountPence' | 'purpose';
type FieldErrors = Partial<Record<Field, string>>;
const FIRST_CONTROL: Record<Field, string> = { givenOn: 'given-on', amountPence: 'amount', purpose: `purpose-${CONTRIBUTION_PURPOSES[0].code}` };

/**
 * A meeting's contributions ("pass the hat", Section 9): the list and the form for a community
 * peer-led meeting; for a partnership meeting the reason there is no form instead.
 */
export function ContributionsPage({ meetingId }: { meetingId: string }) {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const data = useApi<MeetingContributionsResponse>(`/meeting-contributions/${encodeURIComponent(meetingId)}?v=${version}`);
  if (data.state === 'loading') return <Loading />;
  if (data.state === 'error') {
    return (
      <Page title="Contributions">
        <ErrorMessage message={data.status === 404 ? 'There is no such meeting, or you do not facilitate it.' : data.message} />
      </Page>
    );
  }
  const c = data.data;
  return (
    <Page title={`Contributions: ${c.meeting.name}`}>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      {c.mayRecord ? (
        <>
          <p>
            Meetings are always free. At a community peer-led meeting you may “pass the hat” for contributions towards the room hire or refreshments; contributions are never
            mandatory, and every amount given must be recorded here.
          </p>
          {c.items.length === 0 ? (
            <p>No contributions recorded yet.</p>
          ) : (
            <div className="table-scroll" role="region" aria-label="Contributions recorded" tabIndex={0}>
              <table>
                <caption>Contributions recorded: {formatPence(c.totalPence)} in all</caption>
                <thead>
                  <tr>
                    <th scope="col">Date given</th>
                    <th scope="col">Amount</th>
                    <th scope="col">For</th>
                    <th scope="col">Recorded by</th>
                  </tr>
                </thead>
                <tbody>
                  {c.items.map((item) => (
                    <tr key={item.id}>
                      <td>{formatLongDate(item.givenOn)}</td>
                      <td>{formatPence(item.amountPence)}</td>
                      <td>{contributionPurposeName(item.purpose)}</td>
                      <td>{item.recordedBy}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <ContributionForm
            meetingId={c.meeting.id}
            onDone={(message) => {
              setNotice(message);
              setVersion((v) => v + 1);
            }}
          />
        </>
      ) : (
        <>
          <h2>Contributions are not collected at this meeting</h2>
          <p>{c.reason}</p>
        </>
      )}
      <h2>Donating to UK SMART Recovery</h2>
      <p>{DONATING_TO_UKSR}</p>
    </Page>
  );
}

function ContributionForm({ meetingId, onDone }: { meetingId: string; onDone: (message: string) => void }) {
  const [givenOn, setGivenOn] = useState('');
  const [amount, setAmount] = useState('');
  const [purpose, setPurpose] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    const pence = amount.trim() === '' ? undefined : (poundsToPence(amount) ?? Number.NaN);
    const parsed = newContributionSchema.safeParse({ givenOn: givenOn.trim(), amountPence: pence, purpose: purpose || undefined });
    if (!parsed.success) {
      const found: FieldErrors = {};
      for (const issue of parsed.error.issues) found[String(issue.path[0]) as Field] ??= issue.message;
      setErrors(found);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await api(`/meeting-contributions/${encodeURIComponent(meetingId)}`, { method: 'POST', body: JSON.stringify(parsed.data) });
      setGivenOn('');
      setAmount('');
      setPurpose('');
      onDone(`${formatPence(parsed.data.amountPence)} given on ${formatLongDate(parsed.data.givenOn)} is recorded.`);
    } catch (e) {
      if (e instanceof ApiError && Array.isArray(e.body?.error.details)) {
        const found: FieldErrors = {};
        for (const d of e.body.error.details as { field: string; message: string }[]) found[d.field.replace(/^body\./, '') as Field] ??= d.message;
        setErrors(found);
      } else {
        setProblem(e instanceof Error ? e.message : 'The contribution could not be recorded. Try again.');
      }
    } finally {
      setBusy(false);
    }
  }

  const entries = Object.entries(errors).filter((e): e is [Field, string] => Boolean(e[1]));
  return (
    <form onSubmit={submit} noValidate>
      <h2>Record a contribution</h2>
      {entries.length > 0 ? (
        <div className="error-summary" role="alert" aria-labelledby="contribution-errors-title">
          <h3 id="contribution-errors-title">There is a problem</h3>
          <ul>
            {entries.map(([field, message]) => (
              <li key={field}>
                <a href={`#${FIRST_CONTROL[field]}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {problem ? (
        <div className="error-summary" role="alert">
          <h3>The contribution was not recorded</h3>
          <p>{problem}</p>
        </div>
      ) : null}
      <TextField id="given-on" label="Date given" type="date" value={givenOn} onChange={setGivenOn} error={errors.givenOn} />
      <TextField id="amount" label="Amount in pounds (for example 12.50)" inputMode="decimal" value={amount} onChange={setAmount} error={errors.amountPence} />
      <fieldset className={errors.purpose ? 'choices field field-error' : 'choices field'} aria-describedby={errors.purpose ? 'purpose-error' : undefined}>
        <legend>What is it for?</legend>
        {errors.purpose ? (
          <p className="error-message" id="purpose-error">
            <span className="visually-hidden">Error: </span>
            {errors.purpose}
          </p>
        ) : null}
        {CONTRIBUTION_PURPOSES.map((p) => (
          <div className="choice" key={p.code}>
            <input type="radio" id={`purpose-${p.code}`} name="purpose" value={p.code} checked={purpose === p.code} onChange={() => setPurpose(p.code)} />
            <label htmlFor={`purpose-${p.code}`}>{p.name}</label>
          </div>
        ))}
      </fieldset>
      <button type="submit" disabled={busy}>
        Record the contribution
      </button>
    </form>
  );
}

function monthName(month: string): string {
  return formatLongDate(`${month}-01`).replace(/^1 /, '');
}

/** Central Office: contributions per month and per community peer-led meeting, with the spreadsheet. */
const MEETINGS_PAGE = 50;

export function ContributionTotalsPage() {
  const [offset, setOffset] = useState(0);
  const totals = useApi<ContributionTotalsResponse>(`/meeting-contributions/totals?limit=${MEETINGS_PAGE}&offset=${offset}`);
  return (
    <Page title="Meeting contributions">
      <p>Contributions collected at community peer-led meetings (“pass the hat”, Section 9), as recorded by their facilitators.</p>
      {totals.state === 'loading' ? <Loading /> : null}
      {totals.state === 'error' ? <ErrorMessage message={totals.message} /> : null}
      {totals.state === 'ready' ? (
        <>
          <p>
            {monthName(totals.data.from)} to {monthName(totals.data.to)}: {formatPence(totals.data.totalPence)} in all.{' '}
            <a href={`/api/v1/meeting-contributions/totals?from=${totals.data.from}&to=${totals.data.to}&format=csv`} download>
              Download as a spreadsheet (CSV)
            </a>
          </p>
          <h2>By month</h2>
          {totals.data.byMonth.length === 0 ? (
            <p>Nothing recorded in this period.</p>
          ) : (
            <table className="stacked-table">
              <caption className="visually-hidden">Contributions by month</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Contributions</th>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {totals.data.byMonth.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{monthName(m.month)}</th>
                    <td data-label="Contributions">{m.count}</td>
                    <td data-label="Total">{formatPence(m.totalPence)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>By meeting</h2>
          <table className="stacked-table">
            <caption className="visually-hidden">Contributions by community peer-led meeting</caption>
            <thead>
              <tr>
                <th scope="col">Meeting</th>
                <th scope="col">Contributions</th>
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {totals.data.byMeeting.items.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    <a href={`/portal/contributions/${m.id}`}>{m.name}</a>
                    {m.venue ? `, ${m.venue}` : ''} ({m.region})
                  </th>
                  <td data-label="Contributions">{m.count}</td>
                  <td data-label="Total">{formatPence(m.totalPence)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager noun="Meetings" offset={offset} shown={totals.data.byMeeting.items.length} total={totals.data.byMeeting.total} pageSize={MEETINGS_PAGE} onPage={setOffset} />
        </>
      ) : null}
    </Page>
  );
}
