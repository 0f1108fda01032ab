import type { NationCode, ProgrammeCode } from '../reference.js';
import { coverage, type CoverageReason, type SiteLicences } from '../coverage/coverage.js';
import { assertIsoDate, formatLongDate, type IsoDate } from '../iso-date.js';
import { nationName, programmeInSentence, programmeName } from '../names.js';
import {
  DEFAULT_SAFEGUARDING_POLICY,
  isCheckCurrentOn,
  recheckDueDate,
  safeguardingCheckFor,
  safeguardingCheckName,
  type SafeguardingCheck,
  type SafeguardingPolicy,
} from './safeguarding.js';

/**
 * Facilitator eligibility: may this person facilitate programme P at site S on day D? The answer
 * is yes only when every rule holds; a no lists every rule that fails, so one look tells a SMART
 * Lead or Coordinator everything that needs putting right.
 */

export type QualificationCode = 'smart-facilitator' | 'family-and-friends-module' | 'veterans-module';

/** A qualification and the day it was achieved. */
export interface Qualification {
  code: QualificationCode;
  achievedOn: IsoDate;
}

/** Where a UKSR volunteer facilitator is in onboarding; only 'active' volunteers facilitate. */
export type VolunteerStatus = 'onboarding' | 'active' | 'paused' | 'left';

/** A partner organisation the person facilitates for, and whether as paid staff or a volunteer. */
export interface FacilitatesFor {
  organisationId: string;
  capacity: 'staff' | 'volunteer';
}

/** What the rules need to know about a would-be facilitator. */
export interface Person {
  id: string;
  qualifications: readonly Qualification[];
  safeguardingChecks: readonly SafeguardingCheck[];
  /** The Facilitator Code of Conduct version last accepted, or null if never. */
  codeOfConductVersionAccepted: string | null;
  isVeteran: boolean;
  facilitatesFor: readonly FacilitatesFor[];
  /** Present when the person is (or is becoming) a UKSR volunteer facilitator. */
  uksrVolunteer: { status: VolunteerStatus } | null;
}

/** Whose meeting it is: a partner organisation's, or UKSR's own community peer-led meeting. */
export type MeetingProvider = { kind: 'partner'; organisationId: string } | { kind: 'uksr' };

export interface MayFacilitateInput {
  person: Person;
  programme: ProgrammeCode;
  site: { nation: NationCode };
  provider: MeetingProvider;
  date: IsoDate;
  codeOfConductCurrentVersion: string;
  /** The site's licences; needed for a partner's meeting, ignored for a UKSR one. */
  siteLicences?: SiteLicences;
  safeguardingPolicy?: SafeguardingPolicy;
}

export type EligibilityReasonCode =
  | 'not_qualified'
  | 'module_missing'
  | 'check_missing'
  | 'check_wrong_kind'
  | 'check_expired'
  | 'code_of_conduct_not_accepted'
  | 'veteran_peer_rule'
  | 'not_facilitator_for_organisation'
  | 'site_not_licensed'
  | 'not_uksr_volunteer'
  | 'volunteer_not_active';

/** Why a person may not facilitate. `because` carries the coverage reasons behind site_not_licensed. */
export interface EligibilityReason {
  code: EligibilityReasonCode;
  message: string;
  because?: CoverageReason[];
}

export interface Eligibility {
  allowed: boolean;
  reasons: EligibilityReason[];
}

/** Section 4: the extra training module a programme needs on top of the SMART Facilitator training. */
const MODULE_NEEDED: Partial<Record<ProgrammeCode, { code: QualificationCode; name: string }>> = {
  'family-and-friends': { code: 'family-and-friends-module', name: 'SMART Family & Friends training module' },
  veterans: { code: 'veterans-module', name: 'SMART Veterans training module' },
};

const VOLUNTEER_STATUS_MESSAGES: Readonly<Record<Exclude<VolunteerStatus, 'active'>, string>> = {
  onboarding: 'has not finished UKSR volunteer onboarding',
  paused: 'is a UKSR volunteer whose volunteering is paused',
  left: 'is no longer a UKSR volunteer',
};

function holds(person: Person, code: QualificationCode, date: IsoDate): boolean {
  return person.qualifications.some((q) => q.code === code && q.achievedOn <= date);
}

function safeguardingReason(person: Person, nation: NationCode, date: IsoDate, policy: SafeguardingPolicy): EligibilityReason | null {
  const needed = safeguardingCheckFor(nation);
  const neededName = safeguardingCheckName(needed);
  // A check issued after the day was not held on the day.
  const held = person.safeguardingChecks.filter((c) => c.issuedOn <= date);
  const ofKind = held.filter((c) => c.kind === needed);
  if (ofKind.some((c) => isCheckCurrentOn(c, date, policy))) return null;
  if (ofKind.length > 0) {
    const latestDue = ofKind.map((c) => recheckDueDate(c, policy)).sort().at(-1) ?? '';
    return {
      code: 'check_expired',
      message: `The facilitator's ${neededName} check was due for renewal on ${formatLongDate(latestDue)}.`,
    };
  }
  if (held.length > 0) {
    const kinds = [...new Set(held.map((c) => safeguardingCheckName(c.kind)))].join(' or ');
    return {
      code: 'check_wrong_kind',
      message: `A site in ${nationName(nation)} needs a ${neededName} check; the facilitator's ${kinds} check does not count there.`,
    };
  }
  return { code: 'check_missing', message: `The facilitator has no ${neededName} check, which a site in ${nationName(nation)} needs.` };
}

/** Whether a person may facilitate a programme at a site on a date, with every reason if not. */
export function mayFacilitate(input: MayFacilitateInput): Eligibility {
  const { person, programme, site, provider, date, codeOfConductCurrentVersion } = input;
  const policy = input.safeguardingPolicy ?? DEFAULT_SAFEGUARDING_POLICY;
  assertIsoDate(date);
  const reasons: EligibilityReason[] = [];

  // Section 8: all facilitators must complete the SMART Facilitator training.
  if (!holds(person, 'smart-facilitator', date)) {
    reasons.push({ code: 'not_qualified', message: 'The facilitator does not hold the SMART Facilitator qualification.' });
  }

  const moduleNeeded = MODULE_NEEDED[programme];
  if (moduleNeeded && !holds(person, moduleNeeded.code, date)) {
    reasons.push({
      code: 'module_missing',
      message: `Facilitating ${programmeName(programme)} needs the ${moduleNeeded.name}, which the facilitator has not completed.`,
    });
  }

  const safeguarding = safeguardingReason(person, site.nation, date, policy);
  if (safeguarding) reasons.push(safeguarding);

  // Section 8: all facilitators must abide by the Facilitator Code of Conduct; accepting an older
  // version is not accepting the one in force.
  if (person.codeOfConductVersionAccepted !== codeOfConductCurrentVersion) {
    reasons.push({
      code: 'code_of_conduct_not_accepted',
      message:
        person.codeOfConductVersionAccepted === null
          ? 'The facilitator has not accepted the Facilitator Code of Conduct.'
          : `The facilitator accepted version ${person.codeOfConductVersionAccepted} of the Facilitator Code of Conduct; the current version is ${codeOfConductCurrentVersion}.`,
    });
  }

  const role = provider.kind === 'partner' ? person.facilitatesFor.find((f) => f.organisationId === provider.organisationId) : undefined;

  // Section 4: professional staff of the organisation may facilitate SMART Veterans; peer
  // volunteers must be veterans. Only staff of the providing organisation can claim that, so a UKSR
  // volunteer, a partner's volunteer and someone with no role there all need to be veterans.
  if (programme === 'veterans' && !person.isVeteran && role?.capacity !== 'staff') {
    reasons.push({
      code: 'veteran_peer_rule',
      message: 'Peer volunteers who facilitate SMART Veterans must be veterans themselves; only professional staff need not be.',
    });
  }

  if (provider.kind === 'partner') {
    if (!role) {
      reasons.push({ code: 'not_facilitator_for_organisation', message: 'The facilitator does not facilitate for the organisation running this meeting.' });
    }
    // Sections 3 and 9: a partner's meeting needs a licence for its programme at its site.
    const cover = coverage(input.siteLicences ?? { licences: [] }, programme, date);
    if (!cover.covered) {
      reasons.push({
        code: 'site_not_licensed',
        message: `The site is not licensed for ${programmeInSentence(programme)} on ${formatLongDate(date)}.`,
        because: cover.reasons,
      });
    }
  } else if (person.uksrVolunteer === null) {
    // Section 9: UKSR's own meetings are facilitated by UKSR Volunteer Facilitators.
    reasons.push({ code: 'not_uksr_volunteer', message: 'Only UKSR volunteer facilitators run UKSR community meetings, and the facilitator is not one.' });
  } else if (person.uksrVolunteer.status !== 'active') {
    reasons.push({
      code: 'volunteer_not_active',
      message: `The facilitator ${VOLUNTEER_STATUS_MESSAGES[person.uksrVolunteer.status]}.`,
    });
  }

  return { allowed: reasons.length === 0, reasons };
}
