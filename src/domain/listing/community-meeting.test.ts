import { describe, expect, it } from 'vitest';
import { buildPerson, buildVolunteer } from '../eligibility/test-factories.js';
import { communityMeetingRules } from './community-meeting.js';
import { isCommunityPeerLed, type CommunityPeerLedMeeting } from './meeting.js';
import { buildCommunityMeeting, buildPartnerMeeting } from './test-factories.js';

function codes(meeting: CommunityPeerLedMeeting): string[] {
  return communityMeetingRules(meeting).reasons.map((r) => r.code);
}

describe('isCommunityPeerLed', () => {
  it("tells UKSR's own meetings from partners' meetings", () => {
    expect(isCommunityPeerLed(buildCommunityMeeting())).toBe(true);
    expect(isCommunityPeerLed(buildPartnerMeeting())).toBe(false);
  });
});

describe('communityMeetingRules (Section 9)', () => {
  it('accepts an open meeting at a community venue facilitated by UKSR volunteers', () => {
    expect(communityMeetingRules(buildCommunityMeeting())).toEqual({ ok: true, reasons: [] });
  });

  it('refuses a closed community meeting', () => {
    expect(communityMeetingRules(buildCommunityMeeting({ access: 'closed' }))).toEqual({
      ok: false,
      reasons: [{ code: 'community_meeting_not_open', message: 'A community peer-led meeting must be open to anyone seeking recovery.' }],
    });
  });

  it('refuses a facilitator who is not a UKSR volunteer, naming them', () => {
    const staff = buildPerson({ id: 'partner-staff' });
    expect(communityMeetingRules(buildCommunityMeeting({ facilitators: [buildVolunteer(), staff] }))).toEqual({
      ok: false,
      reasons: [
        {
          code: 'facilitator_not_uksr_volunteer',
          message: 'A community peer-led meeting is facilitated only by UKSR volunteer facilitators, and this facilitator is not one.',
          facilitatorId: 'partner-staff',
        },
      ],
    });
  });

  it('counts a volunteer still onboarding as a UKSR volunteer (readiness is for eligibility)', () => {
    const meeting = buildCommunityMeeting({ facilitators: [buildVolunteer({ uksrVolunteer: { status: 'onboarding' } })] });
    expect(communityMeetingRules(meeting).ok).toBe(true);
  });

  it('refuses a community meeting held at a treatment service', () => {
    expect(communityMeetingRules(buildCommunityMeeting({ site: { nation: 'england', venueType: 'treatment-service' } }))).toEqual({
      ok: false,
      reasons: [
        {
          code: 'held_at_treatment_service',
          message: 'A community peer-led meeting must not be held at a treatment service; it belongs at a community venue such as a village hall.',
        },
      ],
    });
  });

  it('refuses a community meeting held at a partner organisation', () => {
    expect(codes(buildCommunityMeeting({ site: { nation: 'england', venueType: 'partner-organisation' } }))).toEqual(['held_at_partner_organisation']);
  });

  it('lists every broken rule at once', () => {
    const meeting = buildCommunityMeeting({
      access: 'closed',
      facilitators: [buildPerson({ id: 'a' }), buildPerson({ id: 'b' })],
      site: { nation: 'scotland', venueType: 'treatment-service' },
    });
    expect(communityMeetingRules(meeting).reasons.map((r) => [r.code, r.facilitatorId])).toEqual([
      ['community_meeting_not_open', undefined],
      ['facilitator_not_uksr_volunteer', 'a'],
      ['facilitator_not_uksr_volunteer', 'b'],
      ['held_at_treatment_service', undefined],
    ]);
  });
});
