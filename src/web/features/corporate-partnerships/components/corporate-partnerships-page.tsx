import { type FormEvent, useState } from 'react';
import { formatPence } from '../../../../domain/money.js';
import { AGREED_PRICE_ITEMS, type CorporatePartnershipResponse } from '../../../../shared/schemas/corporate-partnerships.js';
import { api, ApiError } from '../../../app/api.js';
import { apiFieldErrors } from '../../../app/form-errors.js';
import { poundsToPence } from '../../../app/pounds.js';
import { useApi } from '../../../app/use-api.js';
import { ErrorSummary, SelectField, TextAreaField, TextField } from '../../../components/ui/field.js';
import { ErrorMessage, Loading, Page } from '../../../components/ui/page.js';

interface Listing {
  partnerships: CorporatePartnershipResponse[];
  corporateOrganisations: { id: string; name: string }[];
  accountManagers: { id: string; name: string }[];
}

/** Central Office's corporate partnerships (Section 10): tailored terms and prices agreed case by case, with a named account manager. */
export function CorporatePartnershipsPage() {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const listing = useApi<Listing>(`/corporate-partnerships?v=${version}`);
  return (
    <Page title="Corporate partnerships">
      <p>Prices agreed here are used on the organisation’s invoices while the partnership is in force, with the rule “Price agreed in the corporate partnership”.</p>
      <div role="status">{notice ? <p className="notice">{notice}</p> : null}</div>
      {listing.state === 'loading' ? <Loading /> : null}
      {listing.state === 'error' ? <ErrorMessage message={listing.message} /> : null}
      {listing.state === 'ready' ? (
        <>
          {listing.data.partnerships.length === 0 ? <p>No corporate partnerships yet.</p> : null}
          <ul className="nomination-list">
            {listing.data.partnerships.map((p) => (
              <li key={p.id} className="card">
                <h2>{p.organisationName}</h2>
                <dl>
                  <dt>Account manager</dt>
                  <dd>{p.accountManager.name}</dd>
                  <dt>Dates</dt>
                  <dd>
                    {p.startsOn} to {p.endsOn ?? 'no end date'} {p.inForce ? '(in force)' : '(not in force)'}
                  </dd>
                  <dt>Terms</dt>
                  <dd>{p.terms}</dd>
                  <dt>Agreed prices</dt>
                  <dd>{p.prices.length ? p.prices.map((x) => `${x.name}: ${formatPence(x.amountPence)}`).join('; ') : 'None'}</dd>
                </dl>
              </li>
            ))}
          </ul>
          <PartnershipForm
            listing={listing.data}
            onDone={(name) => {
              setNotice(`Saved the corporate partnership with ${name}.`);
              setVersion((v) => v + 1);
            }}
          />
        </>
      ) : null}
    </Page>
  );
}

function PartnershipForm({ listing, onDone }: { listing: Listing; onDone: (name: string) => void }) {
  const [organisationId, setOrganisationId] = useState('');
  const [managerId, setManagerId] = useState('');
  const [terms, setTerms] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [prices, setPrices] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  // The version each partnership was last seen at, sent in If-Match (decision 101); a 412 updates it.
  const [seen, setSeen] = useState<Record<string, number>>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!organisationId) found.organisationId = 'Choose the corporate organisation';
    const agreed = AGREED_PRICE_ITEMS.filter((i) => (prices[i.code] ?? '').trim() !== '').map((i) => ({ item: i.code, amountPence: poundsToPence(prices[i.code]!) }));
    for (const a of agreed) if (a.amountPence === null) found[`price-${a.item}`] = 'Enter an amount in pounds, like 2,500.00';
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    try {
      const version = seen[organisationId] ?? listing.partnerships.find((p) => p.organisationId === organisationId)?.version;
      await api(`/organisations/${organisationId}/corporate-partnership`, {
        method: 'PUT',
        headers: version === undefined ? {} : { 'If-Match': `"${version}"` },
        body: JSON.stringify({ terms, prices: agreed, startsOn, endsOn, accountManagerUserId: managerId }),
      });
      onDone(listing.corporateOrganisations.find((o) => o.id === organisationId)?.name ?? 'the organisation');
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        const current = (error.body?.error.details ?? null) as { currentVersion?: number | null } | null;
        if (typeof current?.currentVersion === 'number') setSeen((s) => ({ ...s, [organisationId]: current.currentVersion as number }));
        setProblem('Someone else has changed this partnership since you opened the page. What you typed is kept: check their changes in the list (reload the page to see them), then save again to replace them.');
        return;
      }
      const byField = apiFieldErrors(error);
      if (Object.keys(byField).length) setErrors(byField);
      else setProblem(error instanceof Error ? error.message : 'Could not save. Try again.');
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="partnership-form-heading">
      <h2 id="partnership-form-heading">Record or change a corporate partnership</h2>
      <ErrorSummary id="partnership-errors" errors={errors} message={problem} />
      <SelectField
        id="organisationId"
        label="Corporate organisation"
        error={errors.organisationId}
        value={organisationId}
        onChange={(e) => setOrganisationId(e.target.value)}
        placeholder="Choose an organisation"
        options={listing.corporateOrganisations.map((o) => ({ value: o.id, label: o.name }))}
      />
      <SelectField
        id="accountManagerUserId"
        label="Account manager"
        error={errors.accountManagerUserId}
        value={managerId}
        onChange={(e) => setManagerId(e.target.value)}
        placeholder="Choose a member of Central Office"
        options={listing.accountManagers.map((m) => ({ value: m.id, label: m.name }))}
      />
      <TextAreaField id="terms" label="Terms agreed" error={errors.terms} rows={5} value={terms} onChange={(e) => setTerms(e.target.value)} />
      <TextField id="startsOn" label="Starts on" type="date" value={startsOn} onChange={setStartsOn} error={errors.startsOn} />
      <TextField id="endsOn" label="Ends on (optional)" type="date" value={endsOn} onChange={setEndsOn} error={errors.endsOn} />
      <fieldset className="choices">
        <legend>Agreed prices in pounds (leave blank where none is agreed)</legend>
        {AGREED_PRICE_ITEMS.map((i) => (
          <TextField
            key={i.code}
            id={`price-${i.code}`}
            label={i.name}
            inputMode="decimal"
            value={prices[i.code] ?? ''}
            onChange={(v) => setPrices({ ...prices, [i.code]: v })}
            error={errors[`price-${i.code}`]}
          />
        ))}
      </fieldset>
      <button type="submit">Save the partnership</button>
    </form>
  );
}
