import { type FormEvent, useEffect, useRef, useState } from 'react';
import { isPriceOnRequest } from '../../../../domain/fees/quote.js';
import { formatLongDate } from '../../../../domain/iso-date.js';
import { formatPence } from '../../../../domain/money.js';
import { licenceTypeName } from '../../../../domain/names.js';
import { NATIONS, SECTORS, type LicenceTypeCode } from '../../../../domain/reference.js';
import type { InvoiceResponse } from '../../../../shared/schemas/invoices.js';
import type { StartUpFormDetail, StartUpFormLine, StartUpFormList } from '../../../../shared/schemas/start-up-form.js';
import { api, ApiError } from '../../../app/api.js';
import { formatDateTime } from '../../../app/format.js';
import { useApi } from '../../../app/use-api.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';
import { penceToPounds, poundsToPence } from '../../../app/pounds.js';
import { Field, TextAreaField, TextField } from '../../../components/ui/field.js';

const STATUS_LABELS: Record<string, string> = {
  submitted: 'Waiting for review',
  changes_requested: 'Sent back for changes',
  accepted: 'Accepted',
  draft: 'Draft',
};

const FILTERS = [
  { value: 'submitted', label: 'Waiting for review' },
  { value: 'changes_requested', label: 'Sent back for changes' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'all', label: 'All' },
] as const;

function totalText(totalPence: number, unpricedLines: number): string {
  return unpricedLines === 0 ? formatPence(totalPence) : `${formatPence(totalPence)} + ${unpricedLines} to price`;
}

/** Central Office's queue of submitted Start-Up Forms (Section 6 step 1A), oldest first. */
export function StartUpFormsPage() {
  const chosen = new URLSearchParams(window.location.search).get('status') ?? 'submitted';
  const filter = FILTERS.some((f) => f.value === chosen) ? chosen : 'submitted';
  const result = useApi<StartUpFormList>(`/start-up-forms?limit=200${filter === 'all' ? '' : `&status=${filter}`}`);
  return (
    <Page title="Start-Up Forms">
      <form method="get" action="/portal/start-up-forms" className="filter-form">
        <label htmlFor="status-filter">Show</label>
        <select id="status-filter" name="status" defaultValue={filter}>
          {FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
        <button type="submit" className="button-secondary">
          Show forms
        </button>
      </form>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorMessage message={result.message} /> : null}
      {result.state === 'ready' && result.data.total === 0 ? <p>There are no forms here.</p> : null}
      {result.state === 'ready' && result.data.total > 0 ? (
        <table className="stacked-table">
          <caption className="visually-hidden">
            Start-Up Forms: {FILTERS.find((f) => f.value === filter)?.label} ({result.data.total})
          </caption>
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Organisation</th>
              <th scope="col">Submitted</th>
              <th scope="col">Total a year</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {result.data.items.map((form) => (
              <tr key={form.id}>
                <td data-label="Reference">
                  <a href={`/portal/start-up-forms/${form.id}`}>{form.reference}</a>
                </td>
                <td data-label="Organisation">{form.organisationName}</td>
                <td data-label="Submitted">{formatDateTime(form.submittedAt)}</td>
                <td data-label="Total a year">{totalText(form.totalPence, form.unpricedLines)}</td>
                <td data-label="Status">{STATUS_LABELS[form.status] ?? form.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}

/** One form: every answer, the priced lines, and Central Office's actions on it. */
export function StartUpFormPage({ id }: { id: string }) {
  const loaded = useApi<StartUpFormDetail>(`/start-up-forms/${encodeURIComponent(id)}`);
  const [form, setForm] = useState<StartUpFormDetail | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.state === 'ready') setForm(loaded.data);
  }, [loaded]);

  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error' && loaded.status === 404) {
    return (
      <Page title="Start-Up Form not found">
        <p>
          There is no submitted form here. <a href="/portal/start-up-forms">Back to the Start-Up Forms</a>
        </p>
      </Page>
    );
  }
  if (loaded.state === 'error') return <ErrorMessage message={loaded.message} />;
  if (!form) return <Loading />;

  const changed = (next: StartUpFormDetail, message: string) => {
    setForm(next);
    setNotice(message);
  };
  const o = form.answers.organisation;
  const { smartLead, finance } = form.answers.contacts;
  const waiting = form.status === 'submitted';
  return (
    <Page title={`Start-Up Form ${form.reference}`}>
      <p>
        <a href="/portal/start-up-forms">Back to the Start-Up Forms</a>
      </p>
      <p className="lead">
        {o.name}: {STATUS_LABELS[form.status]}. Submitted {formatDateTime(form.submittedAt)}.
        {form.acceptedAt ? ` Accepted ${formatDateTime(form.acceptedAt)} by ${form.acceptedBy}.` : ''}
      </p>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      {form.changesRequested ? (
        <div className="notice">
          <h2>Changes asked for, {formatDateTime(form.changesRequested.at)}</h2>
          <p className="preserve-lines">{form.changesRequested.message}</p>
        </div>
      ) : null}

      <h2>Organisation</h2>
      <dl>
        <dt>Name</dt>
        <dd>{o.name}</dd>
        <dt>Type</dt>
        <dd>{{ 'non-profit': 'Non-profit', 'for-profit': 'Profit-making', corporate: 'Corporate' }[o.organisationType]}</dd>
        <dt>Kind of service</dt>
        <dd>{SECTORS.find((s) => s.code === o.sector)?.name ?? o.sector}</dd>
        <dt>Charity or company number</dt>
        <dd>{o.charityOrCompanyNumber ?? 'Not given'}</dd>
        <dt>Address</dt>
        <dd className="preserve-lines">
          {o.address}
          {'\n'}
          {o.postcode}
        </dd>
        <dt>Provides services to veterans</dt>
        <dd>{o.servesVeterans ? 'Yes' : 'No'}</dd>
        <dt>Children's service provider</dt>
        <dd>{o.childrensServiceProvider ? 'Yes' : 'No'}</dd>
      </dl>

      <h2>Key contacts</h2>
      <dl>
        <dt>SMART Lead</dt>
        <dd>
          {smartLead.name}, {smartLead.jobTitle}
          <br />
          <a href={`mailto:${smartLead.email}`}>{smartLead.email}</a>
          {smartLead.phone ? `, ${smartLead.phone}` : ''}
          <br />
          {smartLead.facilitator === 'qualified' ? 'A qualified SMART facilitator' : 'Will complete the SMART Facilitator training (Section 7)'}
        </dd>
        <dt>Finance contact (receives the invoice)</dt>
        <dd>
          {finance.name}, <a href={`mailto:${finance.email}`}>{finance.email}</a>
        </dd>
        <dt>Purchase order</dt>
        <dd>{form.answers.purchase.method === 'purchase-order' ? form.answers.purchase.purchaseOrderNumber : 'Needs a quotation first to raise a purchase order'}</dd>
        <dt>Declarations</dt>
        <dd>{Object.values(form.answers.declarations).every(Boolean) ? 'All confirmed' : 'Not all confirmed'}</dd>
      </dl>

      <h2>Sites</h2>
      <ul>
        {form.answers.sites.map((site) => (
          <li key={site.name}>
            <strong>{site.name}</strong>
            {site.satellite ? ' (satellite premises)' : ''}: {site.address}, {site.postcode}, {NATIONS.find((n) => n.code === site.nation)?.name}. Licences:{' '}
            {site.licences.map((code) => licenceTypeName(code as LicenceTypeCode)).join(', ')}.
          </li>
        ))}
      </ul>

      <LinesTable lines={form.lines} totalPence={form.totalPence} unpricedLines={form.unpricedLines} feeScheduleId={form.feeScheduleId} />
      {form.answers.purchase.quoteReference ? <QuotedPrices reference={form.answers.purchase.quoteReference} quote={form.quote} /> : null}

      {waiting && form.lines.some((line) => line.priceOnRequest) ? <PricesForm form={form} onDone={changed} /> : null}
      {waiting ? <AcceptForm form={form} onDone={changed} /> : null}
      {waiting ? <RequestChangesForm form={form} onDone={changed} /> : null}
      {form.status === 'accepted' && form.invoice ? (
        <section aria-labelledby="invoiced-title">
          <h2 id="invoiced-title">Invoiced</h2>
          <p>
            Invoice <a href={`/portal/invoices/${form.invoice.id}`}>{form.invoice.reference}</a> has been issued for{' '}
            <a href={`/portal/organisations/${form.invoice.organisationId}`}>{form.answers.organisation.name}</a>.
          </p>
        </section>
      ) : null}
      {form.status === 'accepted' && !form.invoice ? <IssueInvoiceForm form={form} /> : null}
    </Page>
  );
}

/**
 * The quotation the applicant named, beside the form's own prices, so Central Office can honour
 * what was quoted (docs/decisions/177): the form is priced from the fees in force when submitted.
 */
function QuotedPrices({ reference, quote }: { reference: string; quote: StartUpFormDetail['quote'] }) {
  if (!quote) {
    return (
      <section aria-labelledby="quote-title">
        <h2 id="quote-title">Quotation {reference}</h2>
        <p>No quotation has this reference.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="quote-title">
      <h2 id="quote-title">Quotation {quote.reference}</h2>
      <p>
        Issued {formatLongDate(quote.issuedOn)}, prices held until {formatLongDate(quote.validUntil)}:{' '}
        <strong>{quote.validWhenSubmitted ? 'still valid when this form was submitted' : 'no longer valid when this form was submitted'}</strong>. The form's
        prices above come from the fees in force when it was submitted; where they differ from the quotation and it was still valid, honour the quoted price.
      </p>
      <table className="priced-lines">
        <caption>Lines of quotation {quote.reference}</caption>
        <thead>
          <tr>
            <th scope="col">Site</th>
            <th scope="col">Item, and why this price</th>
            <th scope="col">Amount quoted</th>
          </tr>
        </thead>
        <tbody>
          {quote.lines.map((line, index) => (
            <tr key={index}>
              <td>{line.site ?? 'The organisation'}</td>
              <td>
                {line.description}
                <span className="rule">{line.rule}</span>
              </td>
              <td className="amount">{isPriceOnRequest(line) ? 'Price on request' : formatPence(line.amountPence)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {quote.priceOnRequest ? 'Total quoted of the priced lines' : 'Total quoted'}
            </th>
            <td className="amount">{formatPence(quote.totalPence)}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

function LinesTable({ lines, totalPence, unpricedLines, feeScheduleId }: { lines: StartUpFormLine[]; totalPence: number; unpricedLines: number; feeScheduleId: string }) {
  return (
    <table className="priced-lines">
      <caption>Licences and annual fees (fee schedule {feeScheduleId})</caption>
      <thead>
        <tr>
          <th scope="col">Site</th>
          <th scope="col">Licence, and why this price</th>
          <th scope="col">Annual fee</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.index}>
            <td>{line.site ?? 'The organisation'}</td>
            <td>
              {line.description}
              <span className="rule">{line.rule}</span>
            </td>
            <td className="amount">{line.amountPence === null ? 'To be agreed' : `${formatPence(line.amountPence)}${line.priceOnRequest ? ' (agreed)' : ''}`}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            {unpricedLines > 0 ? `Total a year so far (${unpricedLines} to be agreed)` : 'Total a year'}
          </th>
          <td className="amount">{formatPence(totalPence)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

type Done = (form: StartUpFormDetail, message: string) => void;

/** Runs a review action and gives its outcome, or the server's message and field details. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (path: string, body: unknown): Promise<StartUpFormDetail | null> => {
    setBusy(true);
    setError(null);
    try {
      return await api<StartUpFormDetail>(path, { method: 'POST', body: JSON.stringify(body) });
    } catch (e) {
      const details = e instanceof ApiError && Array.isArray(e.body?.error.details) ? (e.body.error.details as { message?: string }[]) : [];
      const more = details.map((d) => d.message).filter(Boolean);
      setError([(e as Error).message, ...more].join(' '));
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function ActionError({ id, error }: { id: string; error: string | null }) {
  if (!error) return null;
  return (
    <p className="error-message" id={id} role="alert">
      <span className="visually-hidden">Error: </span>
      {error}
    </p>
  );
}

function PricesForm({ form, onDone }: { form: StartUpFormDetail; onDone: Done }) {
  const onRequest = form.lines.filter((line) => line.priceOnRequest);
  const [values, setValues] = useState<Record<number, string>>(() =>
    Object.fromEntries(onRequest.map((line) => [line.index, line.amountPence === null ? '' : penceToPounds(line.amountPence)])),
  );
  const [fieldErrors, setFieldErrors] = useState<Record<number, string>>({});
  const action = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<number, string> = {};
    const prices: { line: number; amountPence: number }[] = [];
    for (const line of onRequest) {
      const text = values[line.index] ?? '';
      if (text.trim() === '') continue;
      const pence = poundsToPence(text);
      if (pence === null) errors[line.index] = 'Enter an amount in pounds, like 1500 or 1,500.00';
      else prices.push({ line: line.index, amountPence: pence });
    }
    if (prices.length === 0 && Object.keys(errors).length === 0) errors[onRequest[0]!.index] = 'Enter the agreed annual fee of at least one line';
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const next = await action.run(`/start-up-forms/${form.id}/prices`, { version: form.version, prices });
    if (next) onDone(next, `Prices saved. The total a year is now ${formatPence(next.totalPence)}.`);
  };

  return (
    <section aria-labelledby="prices-title">
      <h2 id="prices-title">Agree the prices on request</h2>
      <p>Section 10: these licences have no published fee for this organisation. Enter the annual fee agreed with them.</p>
      <form onSubmit={submit} noValidate>
        {onRequest.map((line) => (
          <TextField
            key={line.index}
            id={`price-${line.index}`}
            label={`Agreed annual fee in pounds: ${line.site ?? 'the organisation'}, ${line.description.replace(/: price on request$/, '')}`}
            inputMode="decimal"
            value={values[line.index] ?? ''}
            onChange={(value) => setValues({ ...values, [line.index]: value })}
            error={fieldErrors[line.index]}
          />
        ))}
        <ActionError id="prices-error" error={action.error} />
        <button type="submit" disabled={action.busy}>
          Save the prices
        </button>
      </form>
    </section>
  );
}

function AcceptForm({ form, onDone }: { form: StartUpFormDetail; onDone: Done }) {
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next = await action.run(`/start-up-forms/${form.id}/accept`, { version: form.version });
    if (next) onDone(next, `${form.reference} is accepted. It now waits for its invoice.`);
  };
  return (
    <section aria-labelledby="accept-title">
      <h2 id="accept-title">Accept the form</h2>
      {form.unpricedLines > 0 ? (
        <p>Agree the price of every line marked "To be agreed" before accepting the form.</p>
      ) : (
        <form onSubmit={submit}>
          <p>Accepting closes the review task; the form then waits for its invoice to the finance contact (Section 6, step 2).</p>
          <ActionError id="accept-error" error={action.error} />
          <button type="submit" disabled={action.busy}>
            Accept {form.reference}
          </button>
        </form>
      )}
    </section>
  );
}

function RequestChangesForm({ form, onDone }: { form: StartUpFormDetail; onDone: Done }) {
  const [message, setMessage] = useState('');
  const [missing, setMissing] = useState(false);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMissing(message.trim() === '');
    if (message.trim() === '') return;
    const next = await action.run(`/start-up-forms/${form.id}/request-changes`, { version: form.version, message });
    if (next) onDone(next, `${form.reference} is sent back. ${form.answers.contacts.smartLead.name} has been emailed a link to change it.`);
  };
  return (
    <section aria-labelledby="changes-title">
      <h2 id="changes-title">Ask for changes</h2>
      <form onSubmit={submit} noValidate>
        <TextAreaField
          id="changes-message"
          label="What needs to change?"
          hint={`We email this to the SMART Lead nominee, ${form.answers.contacts.smartLead.name}, with a link to change the form and submit it again.`}
          error={missing ? 'Say what needs to change' : undefined}
          rows={4}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
        />
        <ActionError id="changes-error" error={action.error} />
        <button type="submit" className="button-secondary" disabled={action.busy}>
          Send back for changes
        </button>
      </form>
    </section>
  );
}

interface Invoiced {
  organisationId: string;
  invoice: InvoiceResponse;
}

/**
 * Section 6 step 2: an accepted form becomes the organisation, its sites and the invoice to its
 * finance contact. Issuing again gives back the same invoice, so pressing twice does no harm.
 */
function IssueInvoiceForm({ form }: { form: StartUpFormDetail }) {
  const { purchase, contacts, organisation } = form.answers;
  const given = purchase.method === 'purchase-order' ? (purchase.purchaseOrderNumber ?? '') : '';
  const [poNumber, setPoNumber] = useState(given);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [invoiced, setInvoiced] = useState<Invoiced | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const field = useRef<HTMLInputElement>(null);
  // The form (and its button, which had focus) goes once the invoice is issued: focus moves to what happened.
  useEffect(() => {
    if (invoiced) outcome.current?.focus();
  }, [invoiced]);
  // After the message is rendered, so that the field is read out with it.
  useEffect(() => {
    if (fieldError) field.current?.focus();
  }, [fieldError]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setFieldError(null);
    const typed = poNumber.trim();
    // The route takes at most 50 characters, as the Start-Up Form does.
    if (typed.length > 50) {
      setFieldError('The purchase order number must be 50 characters or fewer');
      return;
    }
    setBusy(true);
    try {
      setInvoiced(await api<Invoiced>(`/start-up-forms/${form.id}/invoice`, { method: 'POST', body: JSON.stringify(typed ? { poNumber: typed } : {}) }));
    } catch (e) {
      const details = e instanceof ApiError && Array.isArray(e.body?.error.details) ? (e.body.error.details as { field?: string; message?: string }[]) : [];
      const forField = details.find((d) => d.field === 'poNumber' || d.field?.endsWith('.poNumber'));
      if (forField) setFieldError(forField.message ?? (e as Error).message);
      else setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const hint =
    purchase.method === 'purchase-order'
      ? 'The number given on the Start-Up Form. Change it only if the partner has sent a new one; left empty, the invoice quotes the form’s number.'
      : 'The partner asked for a quotation first (Section 6 step 1A): enter the purchase order number they raised from it.';
  return (
    <section aria-labelledby="invoice-title">
      <h2 id="invoice-title">Issue the invoice</h2>
      <p>
        Section 6, step 2: issuing the invoice creates {organisation.name} with its sites, and emails the invoice to the finance contact,{' '}
        {contacts.finance.name} ({contacts.finance.email}). When it is paid in full, the licences are issued and {contacts.smartLead.name} is invited
        as SMART Lead.
      </p>
      <div role="status">
        {invoiced ? (
          <div className="notice" ref={outcome} tabIndex={-1}>
            <p>
              Invoice {invoiced.invoice.reference} for {formatPence(invoiced.invoice.totalPence)} is issued to {invoiced.invoice.billing.name}
              {invoiced.invoice.poNumber ? `, purchase order ${invoiced.invoice.poNumber}` : ''}.
            </p>
            <ul>
              <li>
                <a href={`/portal/invoices/${invoiced.invoice.id}`}>Open invoice {invoiced.invoice.reference}</a>
              </li>
              <li>
                <a href={`/portal/organisations/${invoiced.organisationId}`}>Open {organisation.name}</a>
              </li>
            </ul>
          </div>
        ) : null}
      </div>
      {invoiced ? null : (
        <form onSubmit={submit} noValidate>
          <Field id="invoice-poNumber" label="Purchase order number" hint={hint} error={fieldError ?? undefined}>
            {(aria) => <input {...aria} ref={field} type="text" autoComplete="off" value={poNumber} onChange={(e) => setPoNumber(e.target.value)} />}
          </Field>
          <ActionError id="invoice-error" error={error} />
          <button type="submit" disabled={busy}>
            Issue the invoice
          </button>
        </form>
      )}
    </section>
  );
}
