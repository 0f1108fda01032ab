import { type FormEvent, useState } from 'react';
import { formatLongDate } from '../../../../domain/iso-date.js';
import { formatPence } from '../../../../domain/money.js';
import type { InvoiceResponse } from '../../../../shared/schemas/invoices.js';
import { type RenewalAwaitingPrice, renewalPriceSchema } from '../../../../shared/schemas/renewals.js';
import { api } from '../../../app/api.js';
import { issuesByField, serverErrors } from '../../../app/form-errors.js';
import { formatDateTime } from '../../../app/format.js';
import { poundsToPence } from '../../../app/pounds.js';
import { useApi } from '../../../app/use-api.js';
import { ErrorSummary, type FieldErrors, TextField } from '../../../components/ui/field.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';

const STATUS: Record<RenewalAwaitingPrice['status'], string> = { active: 'In force', in_grace: 'In grace', lapsed: 'Lapsed' };

/**
 * Central Office's tasks to price a renewal by hand (decisions 156, 174): licences the renewal run
 * could not price (on request and never invoiced). Pricing one raises its renewal invoice.
 */
export function RenewalsToPricePage() {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const result = useApi<{ items: RenewalAwaitingPrice[]; total: number }>(`/renewals/awaiting-price?limit=200&v=${version}`);
  return (
    <Page title="Renewals to price">
      <p>
        The renewal run could not price these licences: they are priced on request and have never been invoiced, such as imported corporate licences. Enter the annual price
        agreed with the organisation and Partner Hub sends the renewal invoice to its finance contact. Paying it renews the licence, and next year the run renews it at the
        same price.
      </p>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorMessage message={result.message} /> : null}
      {result.state === 'ready' && result.data.items.length === 0 ? <p>No renewals are waiting for a price.</p> : null}
      {result.state === 'ready' && result.data.items.length > 0 ? (
        <ul className="nomination-list">
          {result.data.items.map((r) => (
            <li key={r.taskId} className="card">
              <h2>
                {r.licenceTypeName} licence {r.licenceNumber}: {r.organisationName}
              </h2>
              <dl>
                <dt>Site</dt>
                <dd>{r.siteName}</dd>
                <dt>Current year ends</dt>
                <dd>{formatLongDate(r.endsOn)}</dd>
                <dt>Licence</dt>
                <dd>{STATUS[r.status]}</dd>
                <dt>Asked</dt>
                <dd>{formatDateTime(r.raisedAt)}</dd>
              </dl>
              <Standing item={r} />
              {r.state === 'awaiting_price' ? (
                <PriceForm
                  item={r}
                  onDone={(invoice) => {
                    setNotice(`Renewal invoice ${invoice.reference} for ${formatPence(invoice.totalPence)} is issued to ${r.organisationName}.`);
                    setVersion((v) => v + 1);
                  }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {result.state === 'ready' && result.data.total > result.data.items.length ? (
        <p>
          Showing the oldest {result.data.items.length} of {result.data.total}.
        </p>
      ) : null}
    </Page>
  );
}

/** Why a task cannot be priced here any more. */
function Standing({ item }: { item: RenewalAwaitingPrice }) {
  if (item.state === 'invoiced' && item.invoice) {
    return (
      <p>
        Already invoiced by hand: <a href={`/portal/invoices/${item.invoice.id}`}>{item.invoice.reference}</a>. Paying it renews the licence.
      </p>
    );
  }
  if (item.state === 'renewed') return <p>The licence has been renewed since: nothing is left to price.</p>;
  if (item.state === 'year_over') return <p>The year this renewal would pay for is over. Invoice the licence as a new licence instead.</p>;
  return null;
}

function PriceForm({ item, onDone }: { item: RenewalAwaitingPrice; onDone: (invoice: InvoiceResponse) => void }) {
  const [values, setValues] = useState({ amount: '', poNumber: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key for this form: a second click or a retry after a dropped connection asks for the same invoice.
  const [key] = useState(() => crypto.randomUUID());
  const id = (field: string) => `${field}-${item.taskId}`;
  const fields = ['amountPence', 'poNumber'];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    const pence = values.amount.trim() === '' ? undefined : poundsToPence(values.amount);
    if (pence === null) return setErrors({ [id('amountPence')]: 'Enter the agreed annual price in pounds, like 2500 or 2,500.00' });
    const parsed = renewalPriceSchema.safeParse({ endsOn: item.endsOn, amountPence: pence, ...(values.poNumber.trim() ? { poNumber: values.poNumber } : {}) });
    if (!parsed.success) return setErrors(issuesByField(parsed.error, (p) => id(String(p[0]))));
    setErrors({});
    setBusy(true);
    try {
      onDone(await api<InvoiceResponse>(`/licences/${item.licenceId}/renewal-invoice`, { method: 'POST', body: JSON.stringify(parsed.data), headers: { 'Idempotency-Key': key } }));
    } catch (e) {
      const found = serverErrors(e, (f) => (fields.includes(f) ? id(f) : null), 'The renewal invoice could not be issued. Try again.');
      setErrors(found.errors);
      setProblem(found.problem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Price the renewal of licence ${item.licenceNumber}`}>
      <ErrorSummary id={id('errors')} errors={errors} message={problem} />
      <TextField
        id={id('amountPence')}
        label="Agreed annual price in pounds"
        hint="The price for the licence's next year, as agreed with the organisation."
        inputMode="decimal"
        value={values.amount}
        onChange={(amount) => setValues((v) => ({ ...v, amount }))}
        error={errors[id('amountPence')]}
      />
      <TextField
        id={id('poNumber')}
        label="Purchase order number (optional)"
        value={values.poNumber}
        onChange={(poNumber) => setValues((v) => ({ ...v, poNumber }))}
        error={errors[id('poNumber')]}
      />
      <button type="submit" disabled={busy}>
        Price and invoice the renewal
      </button>
    </form>
  );
}
