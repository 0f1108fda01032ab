import type { CommunityPeerLedMeeting } from './meeting.js';

/**
 * Section 9: a community peer-led meeting is open, facilitated by UKSR Volunteer Facilitators,
 * independent of any recovery service, and held in a community building. It may still be for a
 * particular audience (Women Only, LGBTQ+) and be open.
 */

export type CommunityMeetingReasonCode =
  | 'community_meeting_not_open'
  | 'facilitator_not_uksr_volunteer'
  | 'held_at_treatment_service'
  | 'held_at_partner_organisation';

/** Why a community peer-led meeting breaks the rules; `facilitatorId` names the facilitator a reason is about. */
export interface CommunityMeetingReason {
  code: CommunityMeetingReasonCode;
  message: string;
  facilitatorId?: string;
}

export interface CommunityMeetingCheck {
  ok: boolean;
  reasons: CommunityMeetingReason[];
}

/** Whether a community peer-led meeting keeps Section 9's rules, with every reason if not. */
export function communityMeetingRules(meeting: CommunityPeerLedMeeting): CommunityMeetingCheck {
  const reasons: CommunityMeetingReason[] = [];

  if (meeting.access !== 'open') {
    reasons.push({ code: 'community_meeting_not_open', message: 'A community peer-led meeting must be open to anyone seeking recovery.' });
  }

  for (const facilitator of meeting.facilitators) {
    // Being a UKSR volunteer is the rule here; whether their onboarding is complete is a question
    // of eligibility (volunteer_not_active), asked separately.
    if (facilitator.uksrVolunteer === null) {
      reasons.push({
        code: 'facilitator_not_uksr_volunteer',
        message: 'A community peer-led meeting is facilitated only by UKSR volunteer facilitators, and this facilitator is not one.',
        facilitatorId: facilitator.id,
      });
    }
  }

  if (meeting.site.venueType === 'treatment-service') {
    reasons.push({
      code: 'held_at_treatment_service',
      message: 'A community peer-led meeting must not be held at a treatment service; it belongs at a community venue such as a village hall.',
    });
  } else if (meeting.site.venueType === 'partner-organisation') {
    reasons.push({
      code: 'held_at_partner_organisation',
      message: 'A community peer-led meeting must not be held at a partner organisation; it belongs at a community venue such as a village hall.',
    });
  }

  return { ok: reasons.length === 0, reasons };
}
