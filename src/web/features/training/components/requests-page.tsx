import { type FormEvent, useState } from 'react';
import { formatPence } from '../../../../domain/money.js';
import { trainingRequestInvoiceSchema, type TrainingRequestResponse, trainingRequestSchema } from '../../../../shared/schemas/training-courses.js';
import { api } from '../../../app/api.js';
import { issuesByField, serverErrors } from '../../../app/form-errors.js';
import { formatDateTime } from '../../../app/format.js';
import { poundsToPence } from '../../../app/pounds.js';
import { useApi } from '../../../app/use-api.js';
import { Choices, ErrorSummary, type FieldErrors, TextAreaField, TextField } from '../../../components/ui/field.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';

const KIND = { bespoke: 'Bespoke training', refresher: 'Refresher training' } as const;

/** Bespoke and refresher training: a SMART Lead asks, Central Office prices each request by hand and invoices it. */
export function TrainingRequestsPage({ canRequest, canInvoice }: { canRequest: boolean; canInvoice: boolean }) {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const requests = useApi<{ items: TrainingRequestResponse[] }>(`/training-requests?v=${version}`);
  return (
    <Page title="Bespoke and refresher training">
      <p>
        Training tailored to an organisation: refresher training for existing facilitators, training on tool delivery, or anything else needed to run SMART meetings
        well. Central Office prices each request and sends an invoice.
      </p>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      {canRequest ? (
        <RequestForm
          onDone={() => {
            setNotice('Your request has gone to the training team, who will price it and send an invoice.');
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
      <h2>Requests</h2>
      {requests.state === 'loading' ? <Loading /> : null}
      {requests.state === 'error' ? <ErrorMessage message={requests.message} /> : null}
      {requests.state === 'ready' && requests.data.items.length === 0 ? <p>No requests yet.</p> : null}
      {requests.state === 'ready' && requests.data.items.length > 0 ? (
        <ul className="nomination-list">
          {requests.data.items.map((r) => (
            <li key={r.id} className="card">
              <h3>
                {KIND[r.kind]}: {r.organisationName}
              </h3>
              <dl>
                <dt>What is needed</dt>
                <dd>{r.needs}</dd>
                <dt>People</dt>
                <dd>{r.people}</dd>
                <dt>Preferred dates</dt>
                <dd>{r.preferredDates}</dd>
                <dt>Asked</dt>
                <dd>{formatDateTime(r.requestedAt)}</dd>
                <dt>Invoice</dt>
                <dd>
                  {r.invoice ? (
                    <>
                      <a href={`/portal/invoices/${r.invoice.id}`}>{r.invoice.reference}</a>, {formatPence(r.invoice.totalPence)}
                    </>
                  ) : (
                    'Waiting for a price'
                  )}
                </dd>
              </dl>
              {canInvoice && r.status === 'received' ? (
                <PriceForm
                  request={r}
                  onDone={(reference) => {
                    setNotice(`Invoice ${reference} is issued to ${r.organisationName}.`);
                    setVersion((v) => v + 1);
                  }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

function RequestForm({ onDone }: { onDone: () => void }) {
  const empty = { kind: '', needs: '', people: '', preferredDates: '' };
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = ['kind', 'needs', 'people', 'preferredDates'];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    const parsed = trainingRequestSchema.safeParse({
      kind: values.kind || undefined,
      needs: values.needs,
      people: /^\d+$/.test(values.people.trim()) ? Number(values.people.trim()) : undefined,
      preferredDates: values.preferredDates,
    });
    if (!parsed.success) return setErrors(issuesByField(parsed.error));
    setErrors({});
    setBusy(true);
    try {
      await api('/training-requests', { method: 'POST', body: JSON.stringify(parsed.data) });
      setValues(empty);
      onDone();
    } catch (e) {
      const found = serverErrors(e, (f) => (fields.includes(f) ? f : null), 'The request could not be sent. Try again.');
      setErrors(found.errors);
      setProblem(found.problem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <h2>Ask for training</h2>
      <ErrorSummary id="request-errors" errors={errors} message={problem} />
      <Choices
        name="kind"
        legend="Kind of training"
        type="radio"
        choices={[
          { value: 'refresher', label: 'Refresher training for existing facilitators' },
          { value: 'bespoke', label: 'Bespoke training' },
        ]}
        error={errors.kind}
        selected={values.kind}
        onChange={(kind) => setValues((v) => ({ ...v, kind }))}
      />
      <TextAreaField id="needs" label="What you need" error={errors.needs} rows={4} value={values.needs} onChange={(e) => setValues((v) => ({ ...v, needs: e.target.value }))} />
      <TextField id="people" label="How many people" inputMode="numeric" value={values.people} onChange={(people) => setValues((v) => ({ ...v, people }))} error={errors.people} />
      <TextField
        id="preferredDates"
        label="Preferred dates"
        hint="For example: any Tuesday in March, or the week of 8 March."
        value={values.preferredDates}
        onChange={(preferredDates) => setValues((v) => ({ ...v, preferredDates }))}
        error={errors.preferredDates}
      />
      <button type="submit" disabled={busy}>
        Send the request
      </button>
    </form>
  );
}

function PriceForm({ request, onDone }: { request: TrainingRequestResponse; onDone: (reference: string) => void }) {
  const [values, setValues] = useState({ description: `${KIND[request.kind]} for ${request.people} ${request.people === 1 ? 'person' : 'people'}`, amount: '', poNumber: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = (field: string) => `${field}-${request.id}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    const pence = poundsToPence(values.amount);
    if (pence === null) return setErrors({ [id('amountPence')]: 'Enter the price in pounds, like 950 or 950.00' });
    const parsed = trainingRequestInvoiceSchema.safeParse({ description: values.description, amountPence: pence, ...(values.poNumber.trim() ? { poNumber: values.poNumber } : {}) });
    if (!parsed.success) return setErrors(issuesByField(parsed.error, (p) => id(String(p[0]))));
    setErrors({});
    setBusy(true);
    try {
      const done = await api<TrainingRequestResponse>(`/training-requests/${request.id}/invoice`, { method: 'POST', body: JSON.stringify(parsed.data) });
      onDone(done.invoice?.reference ?? '');
    } catch (e) {
      const found = serverErrors(e, (f) => (['description', 'amountPence', 'poNumber'].includes(f) ? id(f) : null), 'The invoice could not be issued. Try again.');
      setErrors(found.errors);
      setProblem(found.problem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Price the request from ${request.organisationName}`}>
      <ErrorSummary id={id('errors')} errors={errors} message={problem} />
      <TextField id={id('description')} label="Invoice line" value={values.description} onChange={(description) => setValues((v) => ({ ...v, description }))} error={errors[id('description')]} />
      <TextField id={id('amountPence')} label="Price in pounds" inputMode="decimal" value={values.amount} onChange={(amount) => setValues((v) => ({ ...v, amount }))} error={errors[id('amountPence')]} />
      <TextField id={id('poNumber')} label="Purchase order number (optional)" value={values.poNumber} onChange={(poNumber) => setValues((v) => ({ ...v, poNumber }))} error={errors[id('poNumber')]} />
      <button type="submit" disabled={busy}>
        Price and invoice
      </button>
    </form>
  );
}
