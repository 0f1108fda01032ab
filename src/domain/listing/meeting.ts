import type { NationCode, ProgrammeCode } from '../reference.js';
import type { IsoDate } from '../iso-date.js';
import type { MeetingProvider, Person } from '../eligibility/may-facilitate.js';

/** The kinds of venue Section 9 tells apart when saying where community meetings may be held. */
export type VenueType = 'community-venue' | 'treatment-service' | 'partner-organisation';

/** Where a meeting is held, as far as listing needs to know. */
export interface MeetingSite {
  nation: NationCode;
  venueType: VenueType;
}

/** A registered meeting, as far as the listing rules need to know. */
export interface Meeting {
  id: string;
  programme: ProgrammeCode;
  provider: MeetingProvider;
  /** Section 9: open to anyone seeking recovery, or closed to a particular client group. */
  access: 'open' | 'closed';
  /** Section 6, step 6: the facilitator's choice whether the meeting is publicly listed. */
  listedPublicly: boolean;
  status: 'running' | 'closed-down';
  /** The last day the meeting runs, if it has an end. */
  endsOn: IsoDate | null;
  site: MeetingSite;
  facilitators: readonly Person[];
}

/** A community peer-led meeting: one UKSR provides itself (Section 9). */
export type CommunityPeerLedMeeting = Meeting & { provider: { kind: 'uksr' } };

/** Whether a meeting is a UKSR community peer-led meeting rather than a partner's. */
export function isCommunityPeerLed(meeting: Meeting): meeting is CommunityPeerLedMeeting {
  return meeting.provider.kind === 'uksr';
}
