import { buildPerson, buildVolunteer, PARTNER_ORG } from '../eligibility/test-factories.js';
import type { CommunityPeerLedMeeting, Meeting } from './meeting.js';

// Test-only builders: by default each meeting is one that should be listed on TODAY.

/** An open, publicly listed SMART Recovery meeting run by PARTNER_ORG at its English site. */
export function buildPartnerMeeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: 'meeting-partner',
    programme: 'smart-recovery',
    provider: { kind: 'partner', organisationId: PARTNER_ORG },
    access: 'open',
    listedPublicly: true,
    status: 'running',
    endsOn: null,
    site: { nation: 'england', venueType: 'partner-organisation' },
    facilitators: [buildPerson()],
    ...overrides,
  };
}

/** An open, publicly listed UKSR community peer-led meeting in a village hall in England. */
export function buildCommunityMeeting(overrides: Partial<Omit<CommunityPeerLedMeeting, 'provider'>> = {}): CommunityPeerLedMeeting {
  return {
    id: 'meeting-community',
    programme: 'smart-recovery',
    provider: { kind: 'uksr' },
    access: 'open',
    listedPublicly: true,
    status: 'running',
    endsOn: null,
    site: { nation: 'england', venueType: 'community-venue' },
    facilitators: [buildVolunteer()],
    ...overrides,
  };
}
