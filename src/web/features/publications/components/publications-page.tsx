import { type FormEvent, useState } from 'react';
import { formatPence } from '../../../../domain/money.js';
import { MAX_LOGO_BYTES } from '../../../../domain/publications/logo.js';
import type { PublicationOrderResponse } from '../../../../shared/schemas/publications.js';
import { api, ApiError } from '../../../app/api.js';
import { formatDateTime } from '../../../app/format.js';
import { useApi } from '../../../app/use-api.js';
import { ErrorSummary, Field, SelectField, TextField } from '../../../components/ui/field.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';

interface Publication {
  code: string;
  title: string;
  rrpPence: number;
  coBrandedPence: number;
}

type Errors = Record<string, string>;

/**
 * Co-branded publications (Section 9): a SMART Lead picks publications, attaches the organisation's
 * logo and places the order, which is invoiced at the RRP plus one third. Central Office sees every
 * order and downloads each logo for the printer.
 */
export function PublicationsPage({ canOrder, chooseOrganisation = false }: { canOrder: boolean; chooseOrganisation?: boolean }) {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const orders = useApi<{ orders: PublicationOrderResponse[] }>(`/publication-orders?v=${version}`);
  return (
    <Page title="Co-branded publications">
      <p>
        SMART Recovery publications can be printed to order with your organisation’s logo on the outer cover. Each costs its recommended retail price (RRP)
        plus one third: a £12 handbook costs £16 co-branded.
      </p>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      {canOrder ? (
        <OrderForm
          chooseOrganisation={chooseOrganisation}
          onDone={(order) => {
            const to = chooseOrganisation ? `${order.organisationName}’s finance contact` : 'your finance contact';
            setNotice(`Order placed: invoice ${order.invoiceNumber ? `INV-${String(order.invoiceNumber).padStart(6, '0')}` : ''} for ${formatPence(order.totalPence)} is on its way to ${to}.`);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
      <h2>Orders</h2>
      {orders.state === 'loading' ? <Loading /> : null}
      {orders.state === 'error' ? <ErrorMessage message={orders.message} /> : null}
      {orders.state === 'ready' && orders.data.orders.length === 0 ? <p>No orders yet.</p> : null}
      {orders.state === 'ready' && orders.data.orders.length > 0 ? (
        <ul className="nomination-list">
          {orders.data.orders.map((o) => (
            <li key={o.id} className="card">
              <h3>
                {o.organisationName}, {formatDateTime(o.createdAt)}
              </h3>
              <ul>
                {o.lines.map((l) => (
                  <li key={l.publicationCode}>
                    {l.title}: {l.quantity} × {formatPence(l.unitPence)} = {formatPence(l.amountPence)}
                  </li>
                ))}
              </ul>
              <p>
                Total {formatPence(o.totalPence)}
                {o.invoiceId ? (
                  <>
                    {' '}
                    · <a href={`/portal/invoices/${o.invoiceId}`}>Invoice INV-{String(o.invoiceNumber).padStart(6, '0')}</a>
                  </>
                ) : null}{' '}
                · <a href={`/api/v1/publication-orders/${o.id}/logo`}>Download the logo</a>
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

type OrderFormProps = { onDone: (order: PublicationOrderResponse) => void; chooseOrganisation: boolean };

/** The order form; Central Office first chooses the organisation it orders for (its logo, its invoice). */
function OrderForm({ onDone, chooseOrganisation }: OrderFormProps) {
  return chooseOrganisation ? <OrganisationOrderForm onDone={onDone} /> : <OrderFields onDone={onDone} organisationChoices={null} />;
}

function OrganisationOrderForm({ onDone }: Pick<OrderFormProps, 'onDone'>) {
  const organisations = useApi<{ items: { id: string; name: string }[] }>('/organisations?limit=200');
  if (organisations.state === 'loading') return <Loading />;
  if (organisations.state === 'error') return <ErrorMessage message={organisations.message} />;
  return <OrderFields onDone={onDone} organisationChoices={organisations.data.items} />;
}

function OrderFields({ onDone, organisationChoices }: Pick<OrderFormProps, 'onDone'> & { organisationChoices: { id: string; name: string }[] | null }) {
  const chooseOrganisation = organisationChoices !== null;
  const catalogue = useApi<{ publications: Publication[] }>('/publications');
  const [organisationId, setOrganisationId] = useState('');
  const [copies, setCopies] = useState<Record<string, string>>({});
  const [file, setFile] = useState<File | null>(null);
  const [poNumber, setPoNumber] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (catalogue.state === 'loading') return <Loading />;
  if (catalogue.state === 'error') return <ErrorMessage message={catalogue.message} />;
  const publications = catalogue.data.publications;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Errors = {};
    if (chooseOrganisation && !organisationId) found.organisationId = 'Choose the organisation';
    const items = publications
      .map((p) => ({ publicationCode: p.code, text: (copies[p.code] ?? '').trim() }))
      .filter((i) => i.text !== '' && i.text !== '0')
      .map((i) => ({ publicationCode: i.publicationCode, quantity: Number(i.text) }));
    for (const item of items) if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > 500) found[`copies-${item.publicationCode}`] = 'Enter a whole number of copies from 1 to 500';
    if (items.length === 0) found[`copies-${publications[0]!.code}`] = 'Enter how many copies of at least one publication';
    if (!file) found.logo = 'Choose your logo file';
    else if (file.size > MAX_LOGO_BYTES) found.logo = 'The logo must be 2 MB or smaller.';
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const forOrganisation = chooseOrganisation ? { organisationId } : {};
      const query = chooseOrganisation ? `?organisationId=${encodeURIComponent(organisationId)}` : '';
      const logo = await api<{ id: string }>(`/publication-logos${query}`, { method: 'POST', body: file!, headers: { 'Content-Type': file!.type || 'application/octet-stream' } });
      const order = await api<PublicationOrderResponse>('/publication-orders', {
        method: 'POST',
        body: JSON.stringify({ ...forOrganisation, logoId: logo.id, items, ...(poNumber.trim() ? { poNumber } : {}) }),
      });
      setCopies({});
      setPoNumber('');
      onDone(order);
    } catch (error) {
      const details = error instanceof ApiError && Array.isArray(error.body?.error.details) ? (error.body.error.details as { field?: string; message?: string }[]) : [];
      const logoProblem = details.find((d) => d.field === 'logo');
      const organisationProblem = details.find((d) => d.field?.replace(/^body\./, '') === 'organisationId');
      if (logoProblem?.message) setErrors({ logo: logoProblem.message });
      else if (organisationProblem?.message) setErrors({ organisationId: organisationProblem.message });
      else setProblem(error instanceof Error ? error.message : 'The order could not be placed. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="order-heading">
      <h2 id="order-heading">Place an order</h2>
      <ErrorSummary id="order-errors" errors={errors} message={problem} />
      {chooseOrganisation ? (
        <SelectField
          id="organisationId"
          label="Organisation"
          hint="The order is invoiced to this organisation, with its logo."
          error={errors.organisationId}
          value={organisationId}
          onChange={(e) => setOrganisationId(e.target.value)}
          placeholder="Choose an organisation"
          options={(organisationChoices ?? []).map((o) => ({ value: o.id, label: o.name }))}
        />
      ) : null}
      <fieldset className="choices">
        <legend>How many copies of each publication?</legend>
        {publications.map((p) => {
          const id = `copies-${p.code}`;
          return (
            <TextField
              key={p.code}
              id={id}
              label={p.title}
              hint={`RRP ${formatPence(p.rrpPence)}; co-branded ${formatPence(p.coBrandedPence)} each`}
              inputMode="numeric"
              value={copies[p.code] ?? ''}
              onChange={(value) => setCopies({ ...copies, [p.code]: value })}
              error={errors[id]}
            />
          );
        })}
      </fieldset>
      <Field
        id="logo"
        label={chooseOrganisation ? 'The organisation’s logo' : 'Your organisation’s logo'}
        hint="A PNG or JPEG image, 2 MB or smaller. It is printed on the outer cover."
        error={errors.logo}
      >
        {(aria) => <input {...aria} type="file" accept="image/png,image/jpeg" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
      </Field>
      <TextField id="poNumber" label="Purchase order number (optional)" value={poNumber} onChange={setPoNumber} />
      <button type="submit" disabled={busy}>
        {busy ? 'Placing the order…' : 'Place the order'}
      </button>
    </form>
  );
}
