import type { LicenceTypeCode, ProgrammeCode } from '../reference.js';
import { assertIsoDate, formatLongDate, isWithin, type IsoDate } from '../iso-date.js';
import { licenceTypeName, programmeInSentence } from '../names.js';

/**
 * Licence coverage: does a site hold a licence that covers a programme on a day? Licences are
 * site-specific (Section 9, "Head office has purchased the licence"), so every question is asked
 * of one site's licences.
 */

/** Where a licence stands. Its status is set by licensing; coverage only reads it. */
export type LicenceStatus = 'active' | 'in-grace' | 'lapsed';

/** One licence held at a site. */
export interface SiteLicence {
  id?: string;
  licenceType: LicenceTypeCode;
  startsOn: IsoDate;
  endsOn: IsoDate;
  status: LicenceStatus;
}

/** Section 9: a Central Office exception, agreed in advance, to deliver a programme at a site. */
export interface CentralOfficeException {
  id?: string;
  programme: ProgrammeCode;
  from: IsoDate;
  to: IsoDate;
  /** The day Central Office agreed it; an exception agreed after the day cannot cover that day. */
  agreedOn: IsoDate;
}

/** Everything that can license delivery at one site. */
export interface SiteLicences {
  /** Licences held at the site itself. */
  licences: readonly SiteLicence[];
  /** Only for a satellite premises: the licences held at its organisation's primary site. */
  primarySiteLicences?: readonly SiteLicence[];
  /** Central Office exceptions agreed for this site. */
  exceptions?: readonly CentralOfficeException[];
}

/** How a covered programme is covered. */
export type CoverageBasis =
  | { kind: 'licence'; licence: SiteLicence }
  | { kind: 'satellite'; satelliteLicence: SiteLicence; primaryLicence: SiteLicence }
  | { kind: 'exception'; exception: CentralOfficeException };

export type CoverageReasonCode =
  | 'no_licence_for_programme'
  | 'licence_lapsed'
  | 'licence_not_started'
  | 'licence_ended'
  | 'no_satellite_licence'
  | 'primary_site_not_licensed'
  | 'exception_not_in_force'
  | 'exception_not_yet_agreed';

/** Why a programme is not covered. `heldAt` says whose licence a licence reason is about. */
export interface CoverageReason {
  code: CoverageReasonCode;
  message: string;
  licenceType?: LicenceTypeCode;
  heldAt?: 'site' | 'primary-site';
}

export type CoverageResult =
  | { covered: true; by: CoverageBasis; reasons: [] }
  | { covered: false; reasons: CoverageReason[] };

/** The programmes each licence type covers at the site where it is held. */
const PROGRAMMES_COVERED: Readonly<Record<LicenceTypeCode, readonly ProgrammeCode[]>> = {
  'smart-recovery': ['smart-recovery'],
  // Section 4: Criminal Justice partners may run standard SMART Recovery meetings as well as InsideOut.
  'criminal-justice': ['insideout', 'smart-recovery'],
  // Section 3: different programme, different licence.
  'family-and-friends': ['family-and-friends'],
  veterans: ['veterans'],
  'start-smart': ['start-smart'],
  // Section 3: a Community licence allows a SMART Recovery meeting "at the site where the licence is held".
  community: ['smart-recovery'],
  // Section 3: a Satellite licence licenses no programme itself; it extends the primary site's licences.
  satellite: [],
};

// Section 3 ties the Community licence's meeting right to "the site where the licence is held", so
// a Satellite licence does not carry it to other premises. Refusing is the safe reading: a partner
// who needs it can ask Central Office for an exception.
const NOT_EXTENDED_BY_SATELLITE: ReadonlySet<LicenceTypeCode> = new Set<LicenceTypeCode>(['community']);

type Validity = { valid: true } | { valid: false; code: 'licence_lapsed' | 'licence_not_started' | 'licence_ended' };

/** Whether a licence type covers a programme at the site where it is held. */
export function licenceTypeCovers(licenceType: LicenceTypeCode, programme: ProgrammeCode): boolean {
  return PROGRAMMES_COVERED[licenceType].includes(programme);
}

/** Whether a licence type held at a primary site covers a programme at its satellite premises. */
export function satelliteExtends(licenceType: LicenceTypeCode, programme: ProgrammeCode): boolean {
  return licenceTypeCovers(licenceType, programme) && !NOT_EXTENDED_BY_SATELLITE.has(licenceType);
}

function validityOn(licence: SiteLicence, date: IsoDate): Validity {
  if (licence.status === 'lapsed') return { valid: false, code: 'licence_lapsed' };
  if (date < licence.startsOn) return { valid: false, code: 'licence_not_started' };
  // A licence in its grace period after its end date still covers; how long grace lasts is for
  // licensing, which moves the licence to 'lapsed' when it runs out.
  if (date > licence.endsOn && licence.status !== 'in-grace') return { valid: false, code: 'licence_ended' };
  return { valid: true };
}

/** The valid licence to name as the cover, preferring an active one over one in grace. */
function bestValid(licences: readonly SiteLicence[], date: IsoDate): SiteLicence | undefined {
  const valid = licences.filter((l) => validityOn(l, date).valid);
  return valid.find((l) => l.status === 'active') ?? valid[0];
}

function invalidReasons(licences: readonly SiteLicence[], date: IsoDate, heldAt: 'site' | 'primary-site'): CoverageReason[] {
  const reasons: CoverageReason[] = [];
  for (const licence of licences) {
    const validity = validityOn(licence, date);
    if (!validity.valid) {
      reasons.push({ code: validity.code, message: invalidMessage(licence, validity.code, heldAt), licenceType: licence.licenceType, heldAt });
    }
  }
  return reasons;
}

function invalidMessage(licence: SiteLicence, code: Exclude<Validity, { valid: true }>['code'], heldAt: 'site' | 'primary-site'): string {
  const where = heldAt === 'site' ? 'at this site' : 'at the primary site';
  const what = `The ${licenceTypeName(licence.licenceType)} licence ${where}`;
  const state =
    code === 'licence_lapsed'
      ? 'has lapsed'
      : code === 'licence_not_started'
        ? `does not start until ${formatLongDate(licence.startsOn)}`
        : `ended on ${formatLongDate(licence.endsOn)}`;
  const consequence =
    licence.licenceType === 'satellite' ? ", so it does not extend the primary site's licences to these premises" : '';
  return `${what} ${state}${consequence}.`;
}

function noLicenceMessage(held: readonly SiteLicence[], programme: ProgrammeCode): string {
  const name = programmeInSentence(programme);
  if (held.length === 0) return `This site holds no licence, so it is not licensed for ${name}.`;
  const types = [...new Set(held.map((l) => licenceTypeName(l.licenceType)))].join(', ');
  return `This site's licences (${types}) do not cover ${name}; each programme needs its own licence.`;
}

function exceptionReasons(exception: CentralOfficeException, date: IsoDate): CoverageReason[] {
  const name = programmeInSentence(exception.programme);
  const reasons: CoverageReason[] = [];
  if (!isWithin(date, exception.from, exception.to)) {
    reasons.push({
      code: 'exception_not_in_force',
      message: `The Central Office exception for ${name} runs from ${formatLongDate(exception.from)} to ${formatLongDate(exception.to)}, which does not include ${formatLongDate(date)}.`,
    });
  }
  if (exception.agreedOn > date) {
    reasons.push({
      code: 'exception_not_yet_agreed',
      message: `The Central Office exception for ${name} was agreed on ${formatLongDate(exception.agreedOn)}, after ${formatLongDate(date)}; exceptions must be agreed in advance.`,
    });
  }
  return reasons;
}

/** Whether a site holds a licence (or satellite extension, or Central Office exception) covering a programme on a date. */
export function coverage(siteLicences: SiteLicences, programme: ProgrammeCode, date: IsoDate): CoverageResult {
  assertIsoDate(date);
  const { licences, primarySiteLicences, exceptions = [] } = siteLicences;
  const reasons: CoverageReason[] = [];

  const own = licences.filter((l) => licenceTypeCovers(l.licenceType, programme));
  const ownValid = bestValid(own, date);
  if (ownValid) return { covered: true, by: { kind: 'licence', licence: ownValid }, reasons: [] };
  reasons.push(...invalidReasons(own, date, 'site'));

  if (primarySiteLicences === undefined) {
    if (own.length === 0) reasons.push({ code: 'no_licence_for_programme', message: noLicenceMessage(licences, programme) });
  } else {
    // Section 3: a Satellite licence extends the primary site's cover to these premises, only while
    // the Satellite licence itself is valid. A satellite premises normally holds no licence of its
    // own for the programme, so its absence is not itself a reason here.
    const satellites = licences.filter((l) => l.licenceType === 'satellite');
    const satellite = bestValid(satellites, date);
    const primary = primarySiteLicences.filter((l) => satelliteExtends(l.licenceType, programme));
    const primaryValid = bestValid(primary, date);
    if (satellite && primaryValid) {
      return { covered: true, by: { kind: 'satellite', satelliteLicence: satellite, primaryLicence: primaryValid }, reasons: [] };
    }
    if (satellites.length === 0) {
      reasons.push({
        code: 'no_satellite_licence',
        message: "These premises hold no SMART Satellite licence, so the primary site's licences do not extend to them.",
      });
    } else if (!satellite) {
      reasons.push(...invalidReasons(satellites, date, 'site'));
    }
    if (primary.length === 0) {
      reasons.push({
        code: 'primary_site_not_licensed',
        message: `The primary site holds no licence for ${programmeInSentence(programme)} that a Satellite licence can extend.`,
      });
    } else if (!primaryValid) {
      reasons.push(...invalidReasons(primary, date, 'primary-site'));
    }
  }

  // Section 9: meetings belong at licensed sites; any exception must be agreed in advance with Central Office.
  const relevantExceptions = exceptions.filter((e) => e.programme === programme);
  const inForce = relevantExceptions.find((e) => exceptionReasons(e, date).length === 0);
  if (inForce) return { covered: true, by: { kind: 'exception', exception: inForce }, reasons: [] };
  for (const exception of relevantExceptions) reasons.push(...exceptionReasons(exception, date));

  return { covered: false, reasons };
}
