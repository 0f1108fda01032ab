import { coverage, type CoverageReason, type SiteLicences } from '../coverage/coverage.js';
import { assertIsoDate, formatLongDate, type IsoDate } from '../iso-date.js';
import { programmeInSentence } from '../names.js';
import { mayFacilitate, type EligibilityReason, type EligibilityReasonCode } from '../eligibility/may-facilitate.js';
import type { SafeguardingPolicy } from '../eligibility/safeguarding.js';
import { communityMeetingRules, type CommunityMeetingReasonCode } from './community-meeting.js';
import { isCommunityPeerLed, type Meeting } from './meeting.js';

/**
 * Public listing: whether a meeting may appear on any public page or feed. One rule for every
 * public surface, so the website, the map and the feeds can never disagree.
 */

export interface ListingContext {
  date: IsoDate;
  codeOfConductCurrentVersion: string;
  /** The licences at the meeting's site; needed for a partner's meeting. */
  siteLicences?: SiteLicences;
  safeguardingPolicy?: SafeguardingPolicy;
}

export type ListingReasonCode =
  | 'closed_meeting'
  | 'not_listed_publicly'
  | 'meeting_closed_down'
  | 'meeting_ended'
  | 'site_not_licensed'
  | 'no_facilitators'
  | 'facilitator_not_eligible'
  | Exclude<CommunityMeetingReasonCode, 'community_meeting_not_open'>;

/** Why a meeting is not listed. `because` carries the coverage or eligibility reasons underneath. */
export interface ListingReason {
  code: ListingReasonCode;
  message: string;
  facilitatorId?: string;
  because?: (CoverageReason | EligibilityReason)[];
}

export interface Listing {
  listed: boolean;
  reasons: ListingReason[];
}

// Reasons a facilitator's eligibility shares with the whole meeting, which the listing reports once
// at meeting level rather than again under every facilitator: the site's licence (partner
// meetings) and being a UKSR volunteer (community meetings, via the community rules).
const REPORTED_FOR_THE_MEETING: ReadonlySet<EligibilityReasonCode> = new Set<EligibilityReasonCode>(['site_not_licensed', 'not_uksr_volunteer']);

/** Whether a meeting may appear on any public page or feed on a date, with every reason if not. */
export function isPubliclyListed(meeting: Meeting, context: ListingContext): Listing {
  const { date } = context;
  assertIsoDate(date);
  const reasons: ListingReason[] = [];

  // Section 9: closed meetings are never listed, to keep unauthorised participants away.
  if (meeting.access !== 'open') {
    reasons.push({ code: 'closed_meeting', message: 'This is a closed meeting, and closed meetings are never listed publicly.' });
  }
  // Section 6, step 6: facilitators choose whether their meeting is publicly listed.
  if (!meeting.listedPublicly) {
    reasons.push({ code: 'not_listed_publicly', message: 'The meeting is registered as not publicly listed.' });
  }
  if (meeting.status === 'closed-down') {
    reasons.push({ code: 'meeting_closed_down', message: 'The meeting has been closed down.' });
  }
  if (meeting.endsOn !== null && meeting.endsOn < date) {
    reasons.push({ code: 'meeting_ended', message: `The meeting ended on ${formatLongDate(meeting.endsOn)}.` });
  }

  if (isCommunityPeerLed(meeting)) {
    // Section 9: UKSR's community peer-led meetings need no partner licence; the community rules
    // (which include being at a community venue) take the licence's place. Openness is already
    // reported above as closed_meeting.
    for (const reason of communityMeetingRules(meeting).reasons) {
      if (reason.code !== 'community_meeting_not_open') reasons.push({ ...reason, code: reason.code });
    }
  } else {
    const cover = coverage(context.siteLicences ?? { licences: [] }, meeting.programme, date);
    if (!cover.covered) {
      reasons.push({
        code: 'site_not_licensed',
        message: `The meeting's site is not licensed for ${programmeInSentence(meeting.programme)} on ${formatLongDate(date)}.`,
        because: cover.reasons,
      });
    }
  }

  // Every facilitator must be eligible; a meeting with none cannot be, so it is not listed either.
  if (meeting.facilitators.length === 0) {
    reasons.push({ code: 'no_facilitators', message: 'The meeting has no facilitators.' });
  }
  for (const person of meeting.facilitators) {
    const eligibility = mayFacilitate({
      person,
      programme: meeting.programme,
      site: meeting.site,
      provider: meeting.provider,
      date,
      codeOfConductCurrentVersion: context.codeOfConductCurrentVersion,
      siteLicences: context.siteLicences,
      safeguardingPolicy: context.safeguardingPolicy,
    });
    const own = eligibility.reasons.filter((r) => !REPORTED_FOR_THE_MEETING.has(r.code));
    if (own.length > 0) {
      reasons.push({
        code: 'facilitator_not_eligible',
        message: `A facilitator of this meeting may not facilitate ${programmeInSentence(meeting.programme)} here.`,
        facilitatorId: person.id,
        because: own,
      });
    }
  }

  return { listed: reasons.length === 0, reasons };
}
