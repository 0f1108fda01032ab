import { type FormEvent, useEffect, useRef, useState } from 'react';
import { withoutPriceOnRequest } from '../../../../domain/fees/quote.js';
import { formatLongDate } from '../../../../domain/iso-date.js';
import { formatPence } from '../../../../domain/money.js';
import { licenceTypeName } from '../../../../domain/names.js';
import type { LicenceTypeCode } from '../../../../domain/reference.js';
import type { QuoteList, QuoteReview, QuoteReviewLine, QuoteStatus } from '../../../../shared/schemas/quote.js';
import { api, ApiError } from '../../../app/api.js';
import { formatDateTime } from '../../../app/format.js';
import { useApi } from '../../../app/use-api.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';
// Central Office types prices the same way on Start-Up Forms; one reading of pounds for both.
import { penceToPounds, poundsToPence } from '../../../app/pounds.js';
import { TextField } from '../../../components/ui/field.js';

const STATUS_LABELS: Record<QuoteStatus, string> = {
  awaiting_prices: 'Awaiting prices',
  priced: 'Priced by Central Office',
  issued: 'Published fees only',
};

const FILTERS: QuoteStatus[] = ['awaiting_prices', 'priced', 'issued'];

const ORGANISATION_TYPES: Record<string, string> = { 'non-profit': 'Non-profit', 'for-profit': 'Profit-making', corporate: 'Corporate' };

/** The most the API takes for one line: £1,000,000.00. */
const MAX_PENCE = 100_000_000;

const detailPath = (reference: string) => `/portal/quote-requests/${encodeURIComponent(reference)}`;

/** Central Office's queue of quote requests with lines priced on request (Section 10), oldest first. */
export function QuoteRequestsPage() {
  const chosen = new URLSearchParams(window.location.search).get('status');
  const filter = FILTERS.find((f) => f === chosen) ?? 'awaiting_prices';
  const result = useApi<QuoteList>(`/quotes?limit=200&status=${filter}`);
  return (
    <Page title="Quote requests">
      <p>
        Quotations with lines the guidance publishes no price for (Section 10: corporate partnerships, and some licences for profit-making
        organisations). Enter the price you agree for each line; the requester's link then shows it.
      </p>
      <form method="get" action="/portal/quote-requests" className="filter-form">
        <label htmlFor="status-filter">Show</label>
        <select id="status-filter" name="status" defaultValue={filter}>
          {FILTERS.map((f) => (
            <option key={f} value={f}>
              {STATUS_LABELS[f]}
            </option>
          ))}
        </select>
        <button type="submit" className="button-secondary">
          Show quotes
        </button>
      </form>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorMessage message={result.message} /> : null}
      {result.state === 'ready' && result.data.total === 0 ? <p>There are no quotes here.</p> : null}
      {result.state === 'ready' && result.data.total > 0 ? (
        <table className="stacked-table">
          <caption className="visually-hidden">
            Quotes: {STATUS_LABELS[filter]} ({result.data.total})
          </caption>
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Issued</th>
              <th scope="col">Organisation type</th>
              <th scope="col">Total</th>
              <th scope="col">Lines to price</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {result.data.items.map((quote) => (
              <tr key={quote.reference}>
                {/* data-label names the column on a phone, where each row is shown as a block (public/site.css). */}
                <td data-label="Reference">
                  <a href={detailPath(quote.reference)}>{quote.reference}</a>
                </td>
                <td data-label="Issued">{formatLongDate(quote.issuedOn)}</td>
                <td data-label="Organisation type">{ORGANISATION_TYPES[quote.organisationType] ?? quote.organisationType}</td>
                <td data-label="Total">{formatPence(quote.totalPence)}</td>
                <td data-label="Lines to price">{quote.unpricedLines}</td>
                <td data-label="Status">{STATUS_LABELS[quote.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}

/** One quote request: what was asked for, its lines, and the form to price those on request. */
export function QuoteRequestPage({ reference }: { reference: string }) {
  const loaded = useApi<QuoteReview>(`/quotes/${encodeURIComponent(reference)}/review`);
  const [quote, setQuote] = useState<QuoteReview | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.state === 'ready') setQuote(loaded.data);
  }, [loaded]);

  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error' && loaded.status === 404) {
    return (
      <Page title="Quote not found">
        <p>
          There is no quote with the reference {reference}. <a href="/portal/quote-requests">Back to the quote requests</a>
        </p>
      </Page>
    );
  }
  if (loaded.state === 'error') return <ErrorMessage message={loaded.message} />;
  if (!quote) return <Loading />;

  const saved = (next: QuoteReview) => {
    setQuote(next);
    setNotice(
      next.status === 'priced'
        ? `${next.reference} is priced: the total is ${formatPence(next.totalPence)}, valid until ${formatLongDate(next.validUntil)}. ` +
            "The requester's link now shows the agreed prices; tell them so when you reply to their email."
        : `Prices saved. The total so far is ${formatPence(next.totalPence)}; ${next.unpricedLines === 1 ? 'one line still needs' : `${next.unpricedLines} lines still need`} a price.`,
    );
  };
  const { request } = quote;
  return (
    <Page title={`Quotation ${quote.reference}`}>
      <p>
        <a href="/portal/quote-requests">Back to the quote requests</a>
      </p>
      <p className="lead">
        {STATUS_LABELS[quote.status]}. Issued {formatLongDate(quote.issuedOn)}, valid until {formatLongDate(quote.validUntil)}.
        {quote.pricedAt ? ` Priced ${formatDateTime(quote.pricedAt)} by ${quote.pricedBy ?? 'Central Office'}.` : ''}
      </p>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>

      <h2>What was asked for</h2>
      <dl>
        <dt>Organisation type</dt>
        <dd>{ORGANISATION_TYPES[request.organisationType] ?? request.organisationType}</dd>
        <dt>Provides services to veterans</dt>
        <dd>{request.servesVeterans ? 'Yes' : 'No'}</dd>
        <dt>Children's service provider</dt>
        <dd>{request.childrensServiceProvider ? 'Yes' : 'No'}</dd>
        <dt>Fees from</dt>
        <dd>{quote.feeSchedule.name}</dd>
      </dl>
      <h3>Sites</h3>
      <ul>
        {request.sites.map((site) => (
          <li key={site.name}>
            <strong>{site.name}</strong>
            {site.satellite ? ' (satellite premises)' : ''}: {site.licences.map((code) => licenceTypeName(code as LicenceTypeCode)).join(', ') || 'no new licences'}
            {site.heldLicences?.length ? `; already holds ${site.heldLicences.map((code) => licenceTypeName(code as LicenceTypeCode)).join(', ')}` : ''}
            {site.extraTrainingPlaces ? `; ${site.extraTrainingPlaces} extra training places` : ''}.
          </li>
        ))}
      </ul>
      {request.training?.length ? (
        <>
          <h3>Staff-led training</h3>
          <ul>
            {request.training.map((group, i) => (
              <li key={i}>
                {group.kind === 'in-person' ? 'In person' : 'Webinar'} for {group.participants} people
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {request.publications?.length ? (
        <>
          <h3>Publications</h3>
          <ul>
            {request.publications.map((publication, i) => (
              <li key={i}>
                {publication.quantity} × {publication.title} (RRP {formatPence(publication.rrpPence)}){publication.coBranded ? ', co-branded' : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <LinesTable quote={quote} />
      {quote.status === 'awaiting_prices' ? <PricesForm quote={quote} onSaved={saved} /> : null}
    </Page>
  );
}

function LinesTable({ quote }: { quote: QuoteReview }) {
  return (
    <table className="priced-lines">
      <caption>Lines and prices (fees from {quote.feeSchedule.name})</caption>
      <thead>
        <tr>
          <th scope="col">Item, and why this price</th>
          <th scope="col">Amount</th>
        </tr>
      </thead>
      <tbody>
        {quote.lines.map((line) => (
          <tr key={line.index}>
            {/* Two columns, the site above its item, so the table fits a 320 px screen. */}
            <td>
              <span className="line-site">{line.site ?? 'For the organisation'}</span>
              {line.description}
              {line.agreedOn ? <span className="rule">Price agreed by Central Office on {formatLongDate(line.agreedOn)}.</span> : null}
              <span className="rule">{line.rule}</span>
            </td>
            <td className="amount">{line.amountPence === null ? 'To be agreed' : formatPence(line.amountPence)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">
            {quote.unpricedLines > 0 ? `Total so far (${quote.unpricedLines} to be agreed)` : 'Total'}
          </th>
          <td className="amount">{formatPence(quote.totalPence)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** What a line is, for its price field's label. */
function lineName(line: QuoteReviewLine): string {
  return `${line.site ?? 'the organisation'}, ${withoutPriceOnRequest(line.description)}`;
}

/** Checks what was typed in each field: pence for each filled-in line, or the message for the field. */
function readPrices(lines: QuoteReviewLine[], values: Record<number, string>) {
  const errors: Record<number, string> = {};
  const prices: { line: number; amountPence: number }[] = [];
  for (const line of lines) {
    const text = values[line.index] ?? '';
    if (text.trim() === '') continue;
    const pence = poundsToPence(text);
    if (pence === null) errors[line.index] = 'Enter the agreed price in pounds, like 1500 or 1,500.00';
    else if (pence > MAX_PENCE) errors[line.index] = 'Enter an agreed price of at most £1,000,000.00';
    else prices.push({ line: line.index, amountPence: pence });
  }
  if (prices.length === 0 && Object.keys(errors).length === 0) errors[lines[0]!.index] = 'Enter the agreed price of at least one line';
  return { prices, errors };
}

function PricesForm({ quote, onSaved }: { quote: QuoteReview; onSaved: (next: QuoteReview) => void }) {
  const onRequest = quote.lines.filter((line) => line.priceOnRequest);
  const [values, setValues] = useState<Record<number, string>>(() =>
    Object.fromEntries(onRequest.map((line) => [line.index, line.amountPence === null ? '' : penceToPounds(line.amountPence)])),
  );
  const [fieldErrors, setFieldErrors] = useState<Record<number, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  // After the messages are rendered, so the first field at fault is read out with its message.
  useEffect(() => {
    const first = onRequest.find((line) => fieldErrors[line.index]);
    if (first) form.current?.querySelector<HTMLInputElement>(`#price-${first.index}`)?.focus();
  }, [fieldErrors]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const { prices, errors } = readPrices(onRequest, values);
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    try {
      onSaved(await api<QuoteReview>(`/quotes/${encodeURIComponent(quote.reference)}/prices`, { method: 'POST', body: JSON.stringify({ version: quote.version, prices }) }));
    } catch (e) {
      // The server names a refused price by its place in the request (prices.2.line): put its message beside that line's field.
      const details = e instanceof ApiError && Array.isArray(e.body?.error.details) ? (e.body.error.details as { field?: string; message?: string }[]) : [];
      const beside: Record<number, string> = {};
      for (const detail of details) {
        const at = /^(?:body\.)?prices\.(\d+)\./.exec(detail.field ?? '');
        const price = at ? prices[Number(at[1])] : undefined;
        if (price && detail.message) beside[price.line] = detail.message;
      }
      if (Object.keys(beside).length > 0) setFieldErrors(beside);
      else setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="prices-title">
      <h2 id="prices-title">Enter the agreed prices</h2>
      <p>
        Section 10: the guidance publishes no price for these lines. Enter the price agreed with the requester in pounds. You can save some now and the
        rest later; once every line has a price the quote is priced, its task closes and it holds for 30 days from today.
      </p>
      <form ref={form} onSubmit={submit} noValidate>
        {onRequest.map((line) => (
          <TextField
            key={line.index}
            id={`price-${line.index}`}
            label={<>Agreed price in pounds: {lineName(line)}</>}
            inputMode="decimal"
            value={values[line.index] ?? ''}
            onChange={(value) => setValues({ ...values, [line.index]: value })}
            error={fieldErrors[line.index]}
          />
        ))}
        {error ? (
          <p className="error-message" id="prices-error" role="alert">
            <span className="visually-hidden">Error: </span>
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          Save the prices
        </button>
      </form>
    </section>
  );
}
