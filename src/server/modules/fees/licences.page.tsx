import { type FeeSchedule, isStartSmartOnSale, type LicenceFees } from '../../../domain/fees/fee-schedule.js';
import { publicationUnitPence } from '../../../domain/fees/publication-price.js';
import { formatLongDate, type IsoDate } from '../../../domain/iso-date.js';
import { formatPence } from '../../../domain/money.js';
import { LICENCE_TYPES, type LicenceTypeCode } from '../../../domain/reference.js';
import { inboxEmail, licenceTypeName } from '../../../domain/names.js';
import { Layout } from '../../views/layout.js';

const PARTNERSHIPS = inboxEmail('partnerships');

/** Section 3's description of each licence, in the guidance's words. */
const DESCRIPTIONS: Record<LicenceTypeCode, string> = {
  'smart-recovery':
    'The core SMART Recovery 4-Point Programme licence, suitable for organisations supporting adults with any type of addictive or problematic behaviours.',
  'family-and-friends': "For organisations supporting people affected by someone else's addictive behaviours.",
  'criminal-justice':
    'For criminal justice settings, combining the SMART Recovery 4-Point Programme with InsideOut, our structured recovery programme designed to support the justice-involved.',
  veterans:
    'For organisations already providing services to veterans who wish to deliver the SMART 4-Point Programme to their veteran-specific clients.',
  'start-smart':
    "For children's service providers working with young people. Start SMART is being piloted so that its safeguarding measures are fully robust and it works for young people.",
  community:
    'For organisations whose work takes them into the community: deliver the SMART Recovery 4-Point Programme one to one with clients in their own homes, and hold a SMART Recovery meeting at the site where the licence is held.',
  satellite:
    "Extends your existing licence to outreach premises that are not your organisation's main site (a community venue, a drop-in or a satellite office) where your already-trained staff or volunteers deliver SMART Recovery.",
};

/** Section 10: what every licence fee includes. */
const INCLUDED = [
  'Licensed to use the relevant SMART Recovery programme at agreed sites.',
  'Certificate and Facilitator Manual for each qualified facilitator.',
  'Meeting Welcome Pack, including the relevant programme handbook, a T-shirt, posters, leaflets, and participant flyers on registration of a new meeting.',
  'Your meeting listed on the UKSR website, and promoted via social media upon request.',
  'Your organisation listed on the UKSR website.',
  'Access to downloadable partner resources and SMART Partner logo.',
  'Ongoing support from UKSR staff.',
];

/** The reduced fee's condition, as Section 10 gives it. */
const REDUCED_CONDITION = 'where a SMART Recovery licence is already held at the site, or bought for it at the same time';

export interface LicencesPageProps {
  schedule: FeeSchedule;
  today: IsoDate;
  signedIn: boolean;
}

/** The public Licences and fees page: every licence type with its fees from the schedule in force. */
export function LicencesPage({ schedule, today, signedIn }: LicencesPageProps) {
  const { min, max } = schedule.trainingGroupSize;
  const { numerator, denominator } = schedule.coBrandingSurcharge;
  // Section 9's example: a £12 handbook costs £16 co-branded.
  const exampleRrp = 1_200;
  return (
    <Layout title="Licences and fees" signedIn={signedIn}>
      <h1>Licences and fees</h1>
      <p className="lead">
        Every organisation delivering a SMART programme needs a licence for that programme at each site where it runs. Licences are
        renewed annually.
      </p>
      <p>
        These are the fees in force from {formatLongDate(schedule.effectiveFrom)} ({schedule.name}), per site per year. Organisations that
        hold a SMART Recovery licence at a site pay less to add a further programme there.
      </p>
      <p className="actions">
        <a className="button" href="/quote">
          Get a quote
        </a>{' '}
        <a className="button button-secondary" href="/start-up-form">
          Apply to partner
        </a>
      </p>

      <h2>The licences</h2>
      <ul className="licence-list">
        {LICENCE_TYPES.map((type) => (
          <li className="card licence" key={type.code} id={`licence-${type.code}`}>
            <h3>{type.name}</h3>
            <p>{DESCRIPTIONS[type.code]}</p>
            <LicenceFeesList code={type.code} fees={schedule.licences[type.code]} schedule={schedule} today={today} />
          </li>
        ))}
      </ul>

      <h2>What's included with the licence fee</h2>
      <p>For non-profit and profit-making partner organisations alike:</p>
      <ul>
        {INCLUDED.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>

      <h2>Facilitator training</h2>
      <p>
        Each licence includes the facilitator training places shown above, per site per year. The online, self-directed SMART Facilitator
        training (about 20 hours, at your own pace, with a certificate and manual on completion) is included in the licence fee.
      </p>
      <dl className="fees">
        <dt>Additional online training places</dt>
        <dd>{formatPence(schedule.additionalTrainingPlacePence)} per person, beyond your included places.</dd>
        <dt>Staff-led in-person Facilitator Training</dt>
        <dd>
          {formatPence(schedule.inPersonTrainingPence)} plus staff expenses (travel and accommodation): two full days in person for {min} to{' '}
          {max} people, covering Getting SMART and the Facilitator modules.
        </dd>
        <dt>Staff-led webinar Facilitator Training</dt>
        <dd>
          {formatPence(schedule.webinarTrainingPence)}: four half-days online for {min} to {max} people, covering Getting SMART and the
          Facilitator modules.
        </dd>
      </dl>

      <h2>Co-branded publications</h2>
      <p>
        SMART Recovery publications can be printed to order with your organisation's logo on the outer cover. Co-branding adds{' '}
        {numerator === 1 && denominator === 3 ? 'one third' : `${numerator}/${denominator}`} of the publication's
        RRP: for example, a {formatPence(exampleRrp)} handbook costs {formatPence(publicationUnitPence(exampleRrp, true, schedule))}{' '}
        co-branded.
      </p>

      <h2>Corporate partnerships</h2>
      <p>
        Tailored pricing is available for corporate organisations, agreed case by case to reflect the scope and scale of the partnership.
        Organisations with more than 50,000 employees may be eligible for per-head pricing, which includes unlimited training, a dedicated
        account manager and wellbeing event support. Email <a href={`mailto:${PARTNERSHIPS}`}>{PARTNERSHIPS}</a>.
      </p>

      <h2>Next steps</h2>
      <ul>
        <li>
          <a href="/quote">Get a quote</a> to raise a Purchase Order: it is numbered and valid for 30 days.
        </li>
        <li>
          <a href="/start-up-form">Apply to partner</a> by completing the Start-Up Form.
        </li>
        <li>
          Not sure which licence you need? Your Community Coordinator can advise, or email{' '}
          <a href={`mailto:${PARTNERSHIPS}`}>{PARTNERSHIPS}</a>.
        </li>
      </ul>
    </Layout>
  );
}

function LicenceFeesList({ code, fees, schedule, today }: { code: LicenceTypeCode; fees: LicenceFees; schedule: FeeSchedule; today: IsoDate }) {
  const launch = schedule.startSmartLaunchDate;
  // Section 3: Start SMART is not on sale until Central Office sets its launch date.
  const onSale = code !== 'start-smart' || isStartSmartOnSale(schedule, today);
  return (
    <dl className="fees">
      {onSale ? (
        <>
          <dt>Non-profit organisations</dt>
          <dd>
            <Fee pence={fees.nonProfitPence} reducedPence={fees.nonProfitReducedPence} />
          </dd>
          <dt>Profit-making organisations</dt>
          <dd>
            <Fee pence={fees.forProfitPence} reducedPence={fees.forProfitReducedPence} />
          </dd>
        </>
      ) : (
        <>
          <dt>Fee</dt>
          <dd>{launch === null ? 'Not yet available: the programme is being piloted.' : `Not yet available: on sale from ${formatLongDate(launch)}.`}</dd>
        </>
      )}
      <dt>Facilitator training places included</dt>
      <dd>{trainingPlaces(code, fees.includedTrainingPlaces)}</dd>
    </dl>
  );
}

function Fee({ pence, reducedPence }: { pence: number | null; reducedPence: number | null }) {
  if (pence === null) return <>Price on request</>;
  return (
    <>
      <span className="fee">{formatPence(pence)}</span> a year
      {reducedPence !== null ? (
        <>
          . <strong>Reduced to {formatPence(reducedPence)}</strong> {REDUCED_CONDITION}.
        </>
      ) : null}
    </>
  );
}

function trainingPlaces(code: LicenceTypeCode, places: number | null): string {
  if (places === null) return 'Not yet published';
  if (places === 0) return `None: ${licenceTypeName(code)} delivery is by staff trained under the main site's licence`;
  return `${places} per site per year`;
}
