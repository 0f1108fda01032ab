import type { LicenceTypeCode, OrganisationType } from '../reference.js';
import { licenceTypeName } from '../names.js';
import { assertIsoDate, type IsoDate } from '../iso-date.js';
import { formatPence } from '../money.js';
import type { FeeSchedule } from './fee-schedule.js';
import { CORPORATE_PRICING_RULE, licenceFee, type SmartRecoveryAtSite } from './licence-fee.js';
import { publicationUnitPence } from './publication-price.js';
import { checkQuoteRules } from './quote-rules.js';

/** One site in a quote: the licences to buy there, and any it already holds. */
export interface QuoteSiteRequest {
  name: string;
  /** Section 3: outreach premises that are not a main site, covered by the SMART Satellite licence. */
  satellite?: boolean;
  licences: readonly LicenceTypeCode[];
  /** Licences this site already holds, so an existing partner's SMART Recovery earns the reduced fee. */
  heldLicences?: readonly LicenceTypeCode[];
  extraTrainingPlaces?: number;
}

export type StaffLedTrainingKind = 'in-person' | 'webinar';

export interface StaffLedTrainingRequest {
  kind: StaffLedTrainingKind;
  /** Everyone to be trained this way, across all its groups. */
  participants: number;
  /**
   * Section 10: the fee is per group of 6 to 12 people. Left out, the fewest groups that take
   * everyone (one for 6 to 12 people, two for 13 to 24, ...).
   */
  groups?: number;
}

/** How many groups a training request is priced as: the number asked for, else the fewest of at most `max` people. */
export function trainingGroups(training: StaffLedTrainingRequest, max: number): number {
  return training.groups ?? Math.max(1, Math.ceil(training.participants / max));
}

export interface PublicationRequest {
  title: string;
  rrpPence: number;
  quantity: number;
  coBranded: boolean;
}

/** What an organisation asks to be priced. The request schema's output satisfies this type. */
export interface QuoteRequest {
  organisationType: OrganisationType;
  servesVeterans?: boolean;
  childrensServiceProvider?: boolean;
  sites: readonly QuoteSiteRequest[];
  training?: readonly StaffLedTrainingRequest[];
  publications?: readonly PublicationRequest[];
}

/** One priced line. A price-on-request line has amount 0 and says so in its description and rule. */
export interface QuoteLine {
  /** The site the line is for; null for training and publications, which are for the organisation. */
  site: string | null;
  description: string;
  amountPence: number;
  /** Why this amount, naming the guidance's section. */
  rule: string;
}

export type QuoteErrorCode =
  | 'no_sites'
  | 'duplicate_site_name'
  | 'no_licences'
  | 'duplicate_licence'
  | 'licence_already_held'
  | 'veterans_not_eligible'
  | 'start_smart_not_available'
  | 'start_smart_not_eligible'
  | 'satellite_site_licence'
  | 'satellite_licence_needs_satellite_site'
  | 'satellite_needs_primary_site'
  | 'satellite_training_places'
  | 'training_group_size'
  | 'nothing_to_price';

/** A broken scheme rule: which rule, what is wrong and what to do instead, and the request field at fault. */
export interface QuoteError {
  code: QuoteErrorCode;
  rule: string;
  message: string;
  /** Dotted path into the request, e.g. "sites.1.licences". */
  field: string;
}

export interface PricedQuote {
  ok: true;
  lines: QuoteLine[];
  /** The sum of the priced lines; lines priced on request add nothing. */
  totalPence: number;
  /** True when Central Office must price at least one line, so the total is not the final price. */
  priceOnRequest: boolean;
  /** What each line sells, in the order of `lines`; not part of the public quote. */
  items: LineItem[];
}

export interface RejectedQuote {
  ok: false;
  errors: QuoteError[];
}

export type QuoteResult = PricedQuote | RejectedQuote;

/** What a line sells, for the invoice that follows (licences are issued from their lines). */
export type LineItem =
  | { kind: 'licence'; licenceType: LicenceTypeCode }
  | { kind: 'training_places'; places: number }
  | { kind: 'staff_training'; training: StaffLedTrainingRequest['kind']; groups: number }
  | { kind: 'publication' };

interface DraftLine extends QuoteLine {
  onRequest: boolean;
  item: LineItem;
}

/** How a price-on-request line's description ends: the one mark a saved or sent line keeps of it. */
const ON_REQUEST = ': price on request';

/** How an in-person training line's description ends: its staff expenses are not in the amount. */
const EXPENSES_EXTRA = 'staff travel and accommodation expenses are charged on top';

/**
 * Whether a line's amount leaves out staff travel and accommodation expenses (Section 10: in-person
 * training is "£2,000 + staff expenses"), so the total must say they are extra.
 */
export function chargesExpensesOnTop(line: Pick<QuoteLine, 'description'>): boolean {
  return line.description.includes(EXPENSES_EXTRA);
}

/** Said next to a total whose lines include in-person training (page, script and PDF alike). */
export const EXPENSES_EXTRA_NOTE = 'Plus staff travel and accommodation expenses for the in-person training, which this total does not include.';

/** Whether Central Office prices this line itself (it then has no amount), as priced by priceQuote. */
export function isPriceOnRequest(line: QuoteLine): boolean {
  return line.amountPence === 0 && line.description.endsWith(ON_REQUEST);
}

/** A line's description without its "price on request" ending, for once Central Office has agreed the price. */
export function withoutPriceOnRequest(description: string): string {
  return description.endsWith(ON_REQUEST) ? description.slice(0, -ON_REQUEST.length) : description;
}

/** Prices a quote request against a fee schedule on a given day (ISO date, Europe/London), or lists the rules it breaks. */
export function priceQuote(request: QuoteRequest, schedule: FeeSchedule, today: IsoDate): QuoteResult {
  assertIsoDate(today, 'today');

  const errors = checkQuoteRules(request, schedule, today);
  if (errors.length > 0) return { ok: false, errors };

  const drafts: DraftLine[] = [
    ...request.sites.flatMap((site) => siteLines(site, request.organisationType, schedule)),
    ...(request.training ?? []).map((training) => trainingLine(training, request.organisationType, schedule)),
    ...(request.publications ?? []).map((publication) => publicationLine(publication, schedule)),
  ];

  return {
    ok: true,
    lines: drafts.map(({ site, description, amountPence, rule }) => ({ site, description, amountPence, rule })),
    items: drafts.map((line) => line.item),
    totalPence: drafts.reduce((total, line) => total + line.amountPence, 0),
    priceOnRequest: drafts.some((line) => line.onRequest),
  };
}

function siteLines(site: QuoteSiteRequest, organisationType: OrganisationType, schedule: FeeSchedule): DraftLine[] {
  const name = site.name.trim();
  const smartRecovery = smartRecoveryAtSite(site);
  const lines = site.licences.map((licence): DraftLine => {
    const price = licenceFee(licence, organisationType, smartRecovery, schedule);
    const description = `${licenceTypeName(licence)} licence${trainingPlacesNote(licence, schedule)}`;
    const item: LineItem = { kind: 'licence', licenceType: licence };
    return price.priceOnRequest
      ? { site: name, description: `${description}${ON_REQUEST}`, amountPence: 0, rule: price.rule, onRequest: true, item }
      : { site: name, description, amountPence: price.amountPence, rule: price.rule, onRequest: false, item };
  });

  const extraPlaces = site.extraTrainingPlaces ?? 0;
  if (extraPlaces > 0) lines.push(extraTrainingPlacesLine(name, extraPlaces, organisationType, schedule));
  return lines;
}

// Section 10: the reduced fees need SMART Recovery at the same site, held already or bought alongside.
function smartRecoveryAtSite(site: QuoteSiteRequest): SmartRecoveryAtSite {
  if (site.heldLicences?.includes('smart-recovery')) return 'held';
  if (site.licences.includes('smart-recovery')) return 'in-quote';
  return null;
}

function trainingPlacesNote(licence: LicenceTypeCode, schedule: FeeSchedule): string {
  const places = schedule.licences[licence].includedTrainingPlaces;
  if (places === null) return '';
  if (places === 0) return ' (no facilitator training places included)';
  return ` (includes ${places} facilitator training ${places === 1 ? 'place' : 'places'} a year)`;
}

function extraTrainingPlacesLine(
  site: string,
  places: number,
  organisationType: OrganisationType,
  schedule: FeeSchedule,
): DraftLine {
  const description = `${places} additional facilitator training ${places === 1 ? 'place' : 'places'}`;
  // A corporate partnership's training allocation is part of its tailored agreement (Section 10),
  // so "beyond your included allocation" has no list price for it.
  const item: LineItem = { kind: 'training_places', places };
  if (organisationType === 'corporate') {
    return { site, description: `${description}${ON_REQUEST}`, amountPence: 0, rule: CORPORATE_PRICING_RULE, onRequest: true, item };
  }
  const each = schedule.additionalTrainingPlacePence;
  return {
    site,
    description,
    amountPence: places * each,
    rule: `Section 10: additional online training places beyond the included allocation are ${formatPence(each)} per person.`,
    onRequest: false,
    item,
  };
}

function trainingLine(training: StaffLedTrainingRequest, organisationType: OrganisationType, schedule: FeeSchedule): DraftLine {
  const { min, max } = schedule.trainingGroupSize;
  const groups = trainingGroups(training, max);
  const people = `${training.participants} people${groups > 1 ? ` in ${groups} groups` : ''}`;
  const inPerson = training.kind === 'in-person';
  const item: LineItem = { kind: 'staff_training', training: training.kind, groups };
  const description = inPerson
    ? `Staff-led in-person Facilitator Training for ${people}; ${EXPENSES_EXTRA}`
    : `Staff-led webinar Facilitator Training for ${people}`;
  // Section 10: a corporate partnership's fees are "agreed on a case-by-case basis", and per-head
  // pricing includes unlimited training, so its staff-led training has no list price either
  // (docs/decisions/177).
  if (organisationType === 'corporate') {
    return { site: null, description: `${description}${ON_REQUEST}`, amountPence: 0, rule: CORPORATE_PRICING_RULE, onRequest: true, item };
  }
  const each = inPerson ? schedule.inPersonTrainingPence : schedule.webinarTrainingPence;
  const perGroup = `${formatPence(each)} per group of ${min} to ${max} people`;
  return {
    site: null,
    description,
    amountPence: groups * each,
    rule: inPerson
      ? `Section 10: staff-led in-person Facilitator Training is ${perGroup}, plus staff expenses (travel & accommodation).`
      : `Section 10: staff-led webinar Facilitator Training is ${perGroup}.`,
    onRequest: false,
    item,
  };
}

function publicationLine(publication: PublicationRequest, schedule: FeeSchedule): DraftLine {
  const unitPence = publicationUnitPence(publication.rrpPence, publication.coBranded, schedule);
  const rrp = formatPence(publication.rrpPence);
  const { numerator, denominator } = schedule.coBrandingSurcharge;
  return {
    site: null,
    description: `${publication.coBranded ? 'Co-branded ' : ''}${publication.title.trim()}: ${publication.quantity} × ${formatPence(unitPence)}`,
    amountPence: unitPence * publication.quantity,
    rule: publication.coBranded
      ? `Section 9: co-branded publications cost the RRP (${rrp}) plus a surcharge of ${numerator}/${denominator} of the RRP, rounded to the penny.`
      : `Section 9: publications are sold at their RRP (${rrp}); only co-branded copies carry a surcharge.`,
    onRequest: false,
    item: { kind: 'publication' },
  };
}
