import type { DirectoryEntry } from '../../../domain/partner-directory/directory.js';
import { licenceTypeName } from '../../../domain/names.js';
import { LICENCE_TYPES, REGIONS, type LicenceTypeCode } from '../../../domain/reference.js';
import { ErrorSummary, type FieldErrors } from '../../views/form.js';
import { Layout } from '../../views/layout.js';

const regionName = (code: string) => REGIONS.find((r) => r.code === code)?.name ?? code;
const PROGRAMMES = LICENCE_TYPES.filter((l) => l.code !== 'satellite').map((l) => ({ value: l.code, label: licenceTypeName(l.code) }));

export interface PartnersPageProps {
  values: { region: string; programme: string };
  entries: DirectoryEntry[];
  errors: FieldErrors;
  signedIn: boolean;
}

function Select({ name, label, value, options, error }: { name: string; label: string; value: string; options: { value: string; label: string }[]; error?: string | undefined }) {
  return (
    <div className={error ? 'field field-error' : 'field'}>
      <label htmlFor={name}>{label}</label>
      {error ? (
        <p className="error-message" id={`${name}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <select id={name} name={name} defaultValue={value} aria-describedby={error ? `${name}-error` : undefined} aria-invalid={error ? true : undefined}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * /partners: the organisations that agreed to be listed and hold a licence in force, with their
 * licensed programmes and region, and nothing else (docs/decisions/130-partner-directory.md).
 */
export function PartnersPage({ values, entries, errors, signedIn }: PartnersPageProps) {
  const filtered = Boolean(values.region || values.programme);
  const hasErrors = Object.values(errors).some(Boolean);
  return (
    <Layout title={`${hasErrors ? 'Error: ' : ''}Our partner organisations`} signedIn={signedIn}>
      <h1>Our partner organisations</h1>
      <p className="lead">
        These organisations hold a SMART licence and have agreed to be listed here. Each delivers the programmes shown under its licence.
      </p>
      <ErrorSummary errors={errors} />
      <form method="get" action="/partners" className="filter-form" role="search" aria-label="Filter partner organisations">
        <Select name="region" label="Region" value={values.region} options={REGIONS.map((r) => ({ value: r.code, label: r.name }))} error={errors.region} />
        <Select name="programme" label="Licensed programme" value={values.programme} options={PROGRAMMES} error={errors.programme} />
        <button type="submit">Show partners</button>
        {filtered ? <a href="/partners">Clear the filters</a> : null}
      </form>
      <h2 id="results-heading">
        {entries.length === 0 ? 'No partner organisations' : entries.length === 1 ? '1 partner organisation' : `${entries.length} partner organisations`}
        {filtered ? ' match' : ''}
      </h2>
      {entries.length === 0 ? (
        <p>{filtered ? 'Try another region or programme, or clear the filters.' : 'No organisation is listed yet.'}</p>
      ) : (
        <ul className="partner-list" aria-labelledby="results-heading">
          {entries.map((entry) => (
            <li className="card" key={entry.id}>
              <h3>{entry.name}</h3>
              <dl>
                <dt>Region</dt>
                <dd>{regionName(entry.regionCode)}</dd>
                <dt>Licensed programmes</dt>
                <dd>{entry.licenceTypes.map((t: LicenceTypeCode) => licenceTypeName(t)).join(', ')}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <p>
        Looking for a meeting? <a href="/meetings">Find a SMART meeting</a>. Want your organisation to partner with us?{' '}
        <a href="/contact?topic=partnership">Contact the partnerships team</a>.
      </p>
    </Layout>
  );
}
