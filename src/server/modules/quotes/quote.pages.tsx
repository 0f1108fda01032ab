import { type FeeSchedule, isStartSmartOnSale } from '../../../domain/fees/fee-schedule.js';
import { chargesExpensesOnTop, EXPENSES_EXTRA_NOTE, isPriceOnRequest, type QuoteLine } from '../../../domain/fees/quote.js';
import { formatLongDate, type IsoDate } from '../../../domain/iso-date.js';
import { formatPence } from '../../../domain/money.js';
import { inboxEmail } from '../../../domain/names.js';
import { LICENCE_TYPES } from '../../../domain/reference.js';
import { MAX_QUOTE_SITES } from '../../../shared/schemas/quote.js';
import { ChoiceGroup, CsrfField, ErrorSummary, type FieldErrors, TextField } from '../../views/form.js';
import { Layout } from '../../views/layout.js';
import { PrivacyLink } from '../../views/privacy-link.js';
import { type FormErrors, MAX_PUBLICATION_ROWS, type QuoteFormValues } from './quote-form.js';

const PARTNERSHIPS = inboxEmail('partnerships');

const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
] as const;

export interface QuotePageProps {
  csrf: string;
  values: QuoteFormValues;
  errors?: FormErrors;
  schedule: FeeSchedule;
  today: IsoDate;
  signedIn: boolean;
}

/** The public Quote form. Without JavaScript it posts to /quote; quote.js sends it to the API and shows the result in place. */
export function QuotePage({ csrf, values, errors = {}, schedule, today, signedIn }: QuotePageProps) {
  const hasErrors = Object.keys(errors).length > 0;
  const launch = schedule.startSmartLaunchDate;
  const startSmartNote = isStartSmartOnSale(schedule, today)
    ? undefined
    : launch === null
      ? 'Not yet available: the programme is being piloted (Section 3).'
      : `Not yet available: on sale from ${formatLongDate(launch)}.`;
  const licenceChoices = LICENCE_TYPES.map((type) => ({
    value: type.code,
    label: type.name,
    hint: type.code === 'start-smart' ? startSmartNote : type.code === 'satellite' ? 'Only for a satellite site.' : undefined,
  }));
  // Start SMART is not yet on sale, so no site can hold it.
  const heldChoices = LICENCE_TYPES.filter((type) => type.code !== 'start-smart' || isStartSmartOnSale(schedule, today)).map((type) => ({
    value: type.code,
    label: type.name,
  }));
  const { min, max } = schedule.trainingGroupSize;

  return (
    <Layout title={hasErrors ? 'Error: Get a quote' : 'Get a quote'} signedIn={signedIn} head={<script src="/static/quote.js" defer />}>
      <h1>Get a quote</h1>
      <p className="lead">
        Tell us the licences you need at each site. We price them with the fees in force today and give you a numbered quotation, valid
        for 30 days, that you can download to raise a Purchase Order.
      </p>
      <p>
        <a href="/licences">Licences and fees</a> explains what each licence includes.
      </p>
      <p id="quote-status" className="visually-hidden" role="status" aria-live="polite"></p>
      <div id="quote-result" data-enquiries={PARTNERSHIPS}></div>
      <ErrorSummary errors={errors as FieldErrors} />
      <form method="post" action="/quote" id="quote-form" className="quote-form" noValidate>
        <CsrfField token={csrf} />
        <h2>Your organisation</h2>
        <ChoiceGroup
          type="radio"
          name="organisationType"
          legend="What kind of organisation is it?"
          checked={[values.organisationType]}
          error={errors.organisationType}
          choices={[
            { value: 'non-profit', label: 'Non-profit', hint: 'For example a charity, an NHS trust, a prison or another public service.' },
            { value: 'for-profit', label: 'Profit-making', hint: 'For example a private rehabilitation, detox or residential unit.' },
            { value: 'corporate', label: 'Corporate', hint: 'An employer offering SMART to its staff: pricing is agreed case by case.' },
          ]}
        />
        <ChoiceGroup
          type="radio"
          name="servesVeterans"
          legend="Does your organisation already provide services to veterans?"
          hint="The SMART Veterans licence is for organisations that do (Section 4)."
          checked={[values.servesVeterans]}
          error={errors.servesVeterans}
          choices={YES_NO}
          inline
        />
        <ChoiceGroup
          type="radio"
          name="childrensServiceProvider"
          legend="Is your organisation a children's service provider?"
          hint="Start SMART is only for children's service providers (Section 4)."
          checked={[values.childrensServiceProvider]}
          error={errors.childrensServiceProvider}
          choices={YES_NO}
          inline
        />

        <h2 id="sites" tabIndex={-1}>
          Sites
        </h2>
        <p>
          Licences are for a site and renewed each year. A satellite site is an outreach premises that is not your main site, where staff
          trained under your main site's licence deliver SMART (Section 3).
        </p>
        {errors.sites ? (
          <p className="error-message" id="sites-error">
            <span className="visually-hidden">Error: </span>
            {errors.sites}
          </p>
        ) : null}
        <div id="site-rows">
          {values.sites.map((site, row) => {
            const field = (name: string) => `sites.${row}.${name}`;
            return (
              <div className="row-group" role="group" aria-labelledby={`${field('heading')}`} key={row} data-row={row}>
                <h3 id={field('heading')}>Site {row + 1}</h3>
                <TextField name={field('name')} label="Site name" hint="For example the town or the building." value={site.name} error={errors[field('name')]} />
                <ChoiceGroup
                  type="checkbox"
                  name={field('satellite')}
                  legend="Satellite site"
                  checked={site.satellite ? ['yes'] : []}
                  error={errors[field('satellite')]}
                  choices={[{ value: 'yes', label: 'This is a satellite site', hint: 'Choose the SMART Satellite licence for it below.' }]}
                />
                <ChoiceGroup
                  type="checkbox"
                  name={field('licences')}
                  legend="Licences for this site"
                  checked={site.licences}
                  error={errors[field('licences')]}
                  choices={licenceChoices}
                />
                <ChoiceGroup
                  type="checkbox"
                  name={field('heldLicences')}
                  legend="Licences this site already holds (optional)"
                  hint="For an existing partner: a site that already holds SMART Recovery pays the reduced fee for Family & Friends or Veterans (Section 10)."
                  checked={site.heldLicences}
                  error={errors[field('heldLicences')]}
                  choices={heldChoices}
                />
                <TextField
                  name={field('extraTrainingPlaces')}
                  label="Extra facilitator training places (optional)"
                  hint={`Beyond the places the licences include: ${formatPence(schedule.additionalTrainingPlacePence)} each.`}
                  inputMode="numeric"
                  value={site.extraTrainingPlaces}
                  error={errors[field('extraTrainingPlaces')]}
                />
              </div>
            );
          })}
        </div>
        {values.sites.length < MAX_QUOTE_SITES ? (
          <p>
            <button
              type="submit"
              name="action"
              value="add-site"
              className="button-secondary"
              formAction={`/quote#sites.${values.sites.length}.name`}
              data-add-row="site-rows"
              data-max={MAX_QUOTE_SITES}
            >
              Add another site
            </button>
          </p>
        ) : null}

        <h2>Staff-led Facilitator Training (optional)</h2>
        <p>
          The online, self-directed training is included in the licence fee. Staff-led training is priced per group of {min} to {max}{' '}
          people (Section 10): for more than {max} people, book more than one group.
        </p>
        <TextField
          name="inPersonParticipants"
          label="People for in-person training"
          hint={`Two full days at your premises: ${formatPence(schedule.inPersonTrainingPence)} per group plus staff travel and accommodation. Leave blank for none.`}
          inputMode="numeric"
          value={values.inPersonParticipants}
          error={errors.inPersonParticipants}
        />
        <TextField
          name="inPersonGroups"
          label="Number of in-person groups (optional)"
          hint={`Leave blank for the fewest groups of up to ${max} people.`}
          inputMode="numeric"
          value={values.inPersonGroups}
          error={errors.inPersonGroups}
        />
        <TextField
          name="webinarParticipants"
          label="People for webinar training"
          hint={`Four half-days online: ${formatPence(schedule.webinarTrainingPence)} per group. Leave blank for none.`}
          inputMode="numeric"
          value={values.webinarParticipants}
          error={errors.webinarParticipants}
        />
        <TextField
          name="webinarGroups"
          label="Number of webinar groups (optional)"
          hint={`Leave blank for the fewest groups of up to ${max} people.`}
          inputMode="numeric"
          value={values.webinarGroups}
          error={errors.webinarGroups}
        />

        <h2>Publications (optional)</h2>
        <p>
          Publications are sold at their RRP. Co-branded copies carry your logo on the cover and cost{' '}
          {schedule.coBrandingSurcharge.numerator}/{schedule.coBrandingSurcharge.denominator} of the RRP more (Section 9).
        </p>
        <div id="publication-rows">
          {values.publications.map((publication, row) => {
            const field = (name: string) => `publications.${row}.${name}`;
            return (
              <div className="row-group" role="group" aria-labelledby={field('heading')} key={row} data-row={row}>
                <h3 id={field('heading')}>Publication {row + 1}</h3>
                <TextField name={field('title')} label="Title" value={publication.title} error={errors[field('title')]} />
                <TextField name={field('rrp')} label="RRP in pounds" hint="For example 12.00" value={publication.rrp} error={errors[field('rrp')]} />
                <TextField name={field('quantity')} label="Number of copies" inputMode="numeric" value={publication.quantity} error={errors[field('quantity')]} />
                <ChoiceGroup
                  type="checkbox"
                  name={field('coBranded')}
                  legend="Co-branding"
                  checked={publication.coBranded ? ['yes'] : []}
                  error={errors[field('coBranded')]}
                  choices={[{ value: 'yes', label: 'Co-branded with our logo' }]}
                />
              </div>
            );
          })}
        </div>
        {values.publications.length < MAX_PUBLICATION_ROWS ? (
          <p>
            <button
              type="submit"
              name="action"
              value="add-publication"
              className="button-secondary"
              formAction={`/quote#publications.${values.publications.length}.title`}
              data-add-row="publication-rows"
              data-max={MAX_PUBLICATION_ROWS}
            >
              Add another publication
            </button>
          </p>
        ) : null}

        <PrivacyLink what="your quote" />
        <p>
          <button type="submit" name="action" value="quote">
            Get quote
          </button>
        </p>
      </form>
    </Layout>
  );
}

/** What the result shows of a quote: the same whether it was just issued or read back. */
export interface QuoteResultView {
  reference: string;
  validUntil: IsoDate;
  lines: readonly QuoteLine[];
  totalPence: number;
  priceOnRequest: boolean;
}

/**
 * The priced quotation: each line with the rule that priced it, the total, how long it holds and
 * the PDF. public/quote.js builds the same markup from the API's answer; keep the two alike.
 */
export function QuoteResult({ quote, pdfPath }: { quote: QuoteResultView; pdfPath: string }) {
  return (
    <>
      <p>
        Reference <strong>{quote.reference}</strong>. These prices hold until <strong>{formatLongDate(quote.validUntil)}</strong>.
      </p>
      <table className="quote-lines">
        <caption className="visually-hidden">The lines of quotation {quote.reference}</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="amount">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {quote.lines.map((line, index) => (
            <tr key={index}>
              <td>
                <span className="line-site">{line.site ?? 'For the organisation'}</span>
                <span className="line-description">{line.description}</span>
                <span className="line-rule">{line.rule}</span>
              </td>
              <td className="amount">{isPriceOnRequest(line) ? 'Price on request' : formatPence(line.amountPence)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">
              {quote.priceOnRequest ? 'Total of the priced lines' : 'Total'}
              {quote.lines.some(chargesExpensesOnTop) ? <span className="total-note">{EXPENSES_EXTRA_NOTE}</span> : null}
            </th>
            <td className="amount">{formatPence(quote.totalPence)}</td>
          </tr>
        </tfoot>
      </table>
      {quote.priceOnRequest ? (
        <p className="notice">
          Central Office will price the lines marked "Price on request". Email <a href={`mailto:${PARTNERSHIPS}`}>{PARTNERSHIPS}</a> quoting{' '}
          {quote.reference} with your organisation's name and a contact, and we will send the full price.
        </p>
      ) : null}
      <p>
        <a className="button" href={pdfPath}>
          Download quotation (PDF)
        </a>
      </p>
      <p>
        To go ahead, complete the <a href="/start-up-form">Start-Up Form</a> with a Purchase Order Number and this reference (Section 6).
      </p>
    </>
  );
}

export function QuoteResultPage({ quote, pdfPath, signedIn }: { quote: QuoteResultView; pdfPath: string; signedIn: boolean }) {
  return (
    <Layout title={`Quotation ${quote.reference}`} signedIn={signedIn}>
      <h1>Your quotation</h1>
      <QuoteResult quote={quote} pdfPath={pdfPath} />
      <p>
        <a href="/quote">Get another quote</a>
      </p>
    </Layout>
  );
}
