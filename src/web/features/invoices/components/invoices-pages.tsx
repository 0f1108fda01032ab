import { type FormEvent, useState } from 'react';
import type { InvoiceResponse } from '../../../../shared/schemas/invoices.js';
import { formatPence } from '../../../../domain/money.js';
import { formatLongDate, londonDate } from '../../../../domain/iso-date.js';
import { api } from '../../../app/api.js';
import { serverErrors } from '../../../app/form-errors.js';
import { penceToPounds, poundsToPence } from '../../../app/pounds.js';
import { useApi } from '../../../app/use-api.js';
import { ErrorSummary, type FieldErrors, SelectField, TextField } from '../../../components/ui/field.js';
import { ErrorMessage, LoadFailed, Loading, Page } from '../../../components/ui/page.js';
import { Table } from '../../../components/ui/table.js';

interface InvoiceList {
  items: { id: string; reference: string; organisationName: string; issuedOn: string; dueOn: string; totalPence: number; outstandingPence: number }[];
  total: number;
}

const STATUS: Record<InvoiceResponse['status'], string> = { issued: 'Awaiting payment', 'part-paid': 'Part paid', paid: 'Paid', credited: 'Credited' };

/** Invoices, newest first: all for Central Office, their organisation's for a SMART Lead. */
export function InvoicesPage() {
  const result = useApi<InvoiceList>('/invoices?limit=200');
  return (
    <Page title="Invoices">
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorMessage message={result.message} /> : null}
      {result.state === 'ready' && result.data.total === 0 ? <p>No invoices yet.</p> : null}
      {result.state === 'ready' && result.data.total > 0 ? (
        <Table
          caption={`Invoices (${result.data.total})`}
          captionHidden
          stacked
          rows={result.data.items}
          rowKey={(i) => i.id}
          columns={[
            { header: 'Invoice', cell: (i) => <a href={`/portal/invoices/${i.id}`}>{i.reference}</a> },
            { header: 'Organisation', cell: (i) => i.organisationName },
            { header: 'Issued', cell: (i) => formatLongDate(i.issuedOn) },
            { header: 'Total', cell: (i) => formatPence(i.totalPence) },
            { header: 'Outstanding', cell: (i) => formatPence(i.outstandingPence) },
          ]}
        />
      ) : null}
    </Page>
  );
}

/** One invoice; Central Office records payments and credit notes here. */
export function InvoicePage({ id, canRecord }: { id: string; canRecord: boolean }) {
  const result = useApi<InvoiceResponse>(`/invoices/${encodeURIComponent(id)}`);
  // A payment answers with the invoice as it now is, and what happened is said here: the payment
  // form goes once the invoice is paid in full, and its message (the licences issued) must not go with it.
  const [recorded, setRecorded] = useState<{ invoice: InvoiceResponse; message: string } | null>(null);
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') {
    return <LoadFailed record="invoice" status={result.status} message={result.message} />;
  }
  const invoice = recorded?.invoice ?? result.data;
  return (
    <Page title={`Invoice ${invoice.reference}`}>
      <p>
        <strong>{STATUS[invoice.status]}</strong>. Issued {formatLongDate(invoice.issuedOn)}, due by {formatLongDate(invoice.dueOn)}.
      </p>
      <p>
        <a className="button button-secondary" href={`/api/v1/invoices/${invoice.id}/pdf`} download>
          Download invoice {invoice.reference} (PDF)
        </a>
      </p>
      <dl>
        <dt>To</dt>
        <dd>
          {/* Who is billed, as the PDF has it: contact, organisation, address, email. */}
          <address className="billed-to">
            {[invoice.billing.name, invoice.organisationName, ...(invoice.billing.address ?? '').split(/\r?\n/)]
              .map((line) => line.trim())
              .filter(Boolean)
              .map((line, i) => (
                <span key={i}>
                  {line}
                  <br />
                </span>
              ))}
            <a href={`mailto:${invoice.billing.email}`}>{invoice.billing.email}</a>
          </address>
        </dd>
        <dt>Purchase order</dt>
        <dd>{invoice.poNumber ?? 'None given'}</dd>
      </dl>
      <table className="stacked-table">
        <caption>Lines</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Rule</th>
            <th scope="col">Amount</th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((l, index) => (
            <tr key={index}>
              <td data-label="Item">{l.description}</td>
              <td data-label="Rule">{l.rule}</td>
              <td data-label="Amount">{formatPence(l.amountPence)}</td>
            </tr>
          ))}
          <tr className="stacked-total">
            <th scope="row" colSpan={2}>
              Total
            </th>
            <td>{formatPence(invoice.totalPence)}</td>
          </tr>
          <tr className="stacked-total">
            <th scope="row" colSpan={2}>
              Outstanding
            </th>
            <td>{formatPence(invoice.outstandingPence)}</td>
          </tr>
        </tbody>
      </table>
      <h2>Payments</h2>
      {invoice.payments.length === 0 ? (
        <p>No payments recorded.</p>
      ) : (
        <ul>
          {invoice.payments.map((p) => (
            <li key={p.id}>
              {formatPence(p.amountPence)} on {formatLongDate(p.paidOn)} by {p.method.replace('-', ' ')}, reference {p.reference}
            </li>
          ))}
        </ul>
      )}
      {invoice.creditNotes.length > 0 ? (
        <>
          <h2>Credit notes</h2>
          <ul>
            {invoice.creditNotes.map((c) => (
              <li key={c.id}>
                {c.reference}: {formatPence(c.amountPence)}, {c.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div role="status">{recorded ? <p className="notice">{recorded.message}</p> : null}</div>
      {canRecord && invoice.outstandingPence > 0 ? (
        // A new form after each payment: its amount is the new outstanding, its reference empty.
        <PaymentForm key={invoice.payments.length} invoice={invoice} onDone={(next, message) => setRecorded({ invoice: next, message })} />
      ) : null}
    </Page>
  );
}

/** The payment API's field names and the ids of the controls that take them. */
const PAYMENT_FIELDS: Record<string, string> = { amountPence: 'amount', paidOn: 'paidOn', method: 'method', reference: 'reference' };

function PaymentForm({ invoice, onDone }: { invoice: InvoiceResponse; onDone: (invoice: InvoiceResponse, message: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [values, setValues] = useState({ amount: penceToPounds(invoice.outstandingPence), paidOn: londonDate(new Date()), reference: '' });
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const amountPence = poundsToPence(values.amount);
    if (amountPence === null || amountPence === 0) {
      setError(null);
      setErrors({ amount: 'Enter the amount in pounds, like 1110.00' });
      return;
    }
    setError(null);
    setErrors({});
    try {
      const result = await api<{ duplicate: boolean; invoice: InvoiceResponse; licencesIssued: { number: string }[] }>(`/invoices/${invoice.id}/payments`, {
        method: 'POST',
        body: JSON.stringify({
          amountPence,
          paidOn: values.paidOn,
          method: String(data.get('method')),
          reference: values.reference.trim(),
        }),
      });
      onDone(
        result.invoice,
        result.duplicate
          ? 'That payment was already recorded.'
          : result.licencesIssued.length > 0
            ? `Payment recorded. Paid in full: licences ${result.licencesIssued.map((l) => l.number).join(', ')} are issued.`
            : 'Payment recorded.',
      );
    } catch (e) {
      // The API names the field it refuses (amountPence, paidOn, method, reference): the message goes beside it.
      const found = serverErrors(e, (field) => PAYMENT_FIELDS[field] ?? null, 'The payment could not be recorded.');
      setErrors(found.errors);
      setError(found.problem);
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      <h2>Record a payment</h2>
      <ErrorSummary id="payment-errors" message={error} errors={errors} labels={{ amount: 'Amount', paidOn: 'Date paid', method: 'Method', reference: 'Payment reference' }} />
      <TextField id="amount" label="Amount (£)" inputMode="decimal" value={values.amount} onChange={set('amount')} error={errors.amount} />
      <TextField id="paidOn" label="Date paid" type="date" value={values.paidOn} onChange={set('paidOn')} error={errors.paidOn} />
      <SelectField
        id="method"
        name="method"
        label="Method"
        defaultValue="bank-transfer"
        error={errors.method}
        options={[
          { value: 'bank-transfer', label: 'Bank transfer' },
          { value: 'card', label: 'Card' },
          { value: 'cheque', label: 'Cheque' },
          { value: 'other', label: 'Other' },
        ]}
      />
      <TextField id="reference" label="Payment reference" value={values.reference} onChange={set('reference')} error={errors.reference} />
      <button type="submit">Record payment</button>
    </form>
  );
}
