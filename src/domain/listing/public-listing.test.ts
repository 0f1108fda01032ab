import { describe, expect, it } from 'vitest';
import { buildLicence, TODAY } from '../coverage/test-factories.js';
import { buildPerson, buildVolunteer, CODE_OF_CONDUCT_VERSION } from '../eligibility/test-factories.js';
import type { Meeting } from './meeting.js';
import { isPubliclyListed, type ListingContext } from './public-listing.js';
import { buildCommunityMeeting, buildPartnerMeeting } from './test-factories.js';

/** TODAY, with the partner's site holding a current SMART Recovery licence. */
function context(overrides: Partial<ListingContext> = {}): ListingContext {
  return {
    date: TODAY,
    codeOfConductCurrentVersion: CODE_OF_CONDUCT_VERSION,
    siteLicences: { licences: [buildLicence()] },
    ...overrides,
  };
}

function codes(meeting: Meeting, ctx: ListingContext = context()): string[] {
  return isPubliclyListed(meeting, ctx).reasons.map((r) => r.code);
}

describe('isPubliclyListed: the baseline', () => {
  it('lists an open, listed, running partner meeting at a licensed site with an eligible facilitator', () => {
    expect(isPubliclyListed(buildPartnerMeeting(), context())).toEqual({ listed: true, reasons: [] });
  });

  it('lists a community peer-led meeting at a community venue with no partner licence', () => {
    expect(isPubliclyListed(buildCommunityMeeting(), context({ siteLicences: undefined }))).toEqual({ listed: true, reasons: [] });
  });
});

describe('isPubliclyListed: the meeting itself', () => {
  it('never lists a closed meeting, even one marked for public listing (Section 9)', () => {
    expect(isPubliclyListed(buildPartnerMeeting({ access: 'closed', listedPublicly: true }), context())).toEqual({
      listed: false,
      reasons: [{ code: 'closed_meeting', message: 'This is a closed meeting, and closed meetings are never listed publicly.' }],
    });
  });

  it('does not list an open meeting its facilitator chose not to list', () => {
    expect(isPubliclyListed(buildPartnerMeeting({ listedPublicly: false }), context())).toEqual({
      listed: false,
      reasons: [{ code: 'not_listed_publicly', message: 'The meeting is registered as not publicly listed.' }],
    });
  });

  it('does not list a meeting that has been closed down', () => {
    expect(isPubliclyListed(buildPartnerMeeting({ status: 'closed-down' }), context())).toEqual({
      listed: false,
      reasons: [{ code: 'meeting_closed_down', message: 'The meeting has been closed down.' }],
    });
  });

  it('does not list a meeting after the day it ended', () => {
    expect(isPubliclyListed(buildPartnerMeeting({ endsOn: '2026-11-23' }), context())).toEqual({
      listed: false,
      reasons: [{ code: 'meeting_ended', message: 'The meeting ended on 23 November 2026.' }],
    });
  });

  it('still lists a meeting on its last day', () => {
    expect(isPubliclyListed(buildPartnerMeeting({ endsOn: TODAY }), context()).listed).toBe(true);
  });
});

describe("isPubliclyListed: the site's licence", () => {
  it("does not list a partner meeting whose site's licence has lapsed, and reports it once, not per facilitator", () => {
    const result = isPubliclyListed(buildPartnerMeeting(), context({ siteLicences: { licences: [buildLicence({ status: 'lapsed' })] } }));
    expect(result).toEqual({
      listed: false,
      reasons: [
        {
          code: 'site_not_licensed',
          message: "The meeting's site is not licensed for the SMART Recovery 4-Point Programme on 24 November 2026.",
          because: [{ code: 'licence_lapsed', message: 'The SMART Recovery licence at this site has lapsed.', licenceType: 'smart-recovery', heldAt: 'site' }],
        },
      ],
    });
  });

  it('still lists a partner meeting whose licence is in its grace period', () => {
    const inGrace = buildLicence({ startsOn: '2025-11-01', endsOn: '2026-10-31', status: 'in-grace' });
    expect(isPubliclyListed(buildPartnerMeeting(), context({ siteLicences: { licences: [inGrace] } })).listed).toBe(true);
  });

  it('does not list a Family & Friends meeting at a site licensed only for SMART Recovery', () => {
    const trained = buildPerson({
      qualifications: [
        { code: 'smart-facilitator', achievedOn: '2025-06-01' },
        { code: 'family-and-friends-module', achievedOn: '2025-09-01' },
      ],
    });
    expect(codes(buildPartnerMeeting({ programme: 'family-and-friends', facilitators: [trained] }))).toEqual(['site_not_licensed']);
  });

  it('lists a SMART Recovery meeting at a site with a Criminal Justice licence', () => {
    const siteLicences = { licences: [buildLicence({ licenceType: 'criminal-justice' })] };
    expect(isPubliclyListed(buildPartnerMeeting(), context({ siteLicences })).listed).toBe(true);
  });

  it("lists a meeting at satellite premises covered by the primary site's licence", () => {
    const siteLicences = { licences: [buildLicence({ licenceType: 'satellite' })], primarySiteLicences: [buildLicence()] };
    const meeting = buildPartnerMeeting({ site: { nation: 'england', venueType: 'community-venue' } });
    expect(isPubliclyListed(meeting, context({ siteLicences })).listed).toBe(true);
  });

  it('does not list a meeting at satellite premises whose Satellite licence has lapsed', () => {
    const siteLicences = { licences: [buildLicence({ licenceType: 'satellite', status: 'lapsed' })], primarySiteLicences: [buildLicence()] };
    const result = isPubliclyListed(buildPartnerMeeting(), context({ siteLicences }));
    expect(result.reasons.map((r) => [r.code, r.because?.map((b) => b.code)])).toEqual([['site_not_licensed', ['licence_lapsed']]]);
  });
});

describe('isPubliclyListed: the facilitators', () => {
  it('does not list a meeting with an ineligible facilitator, naming them and giving their reasons', () => {
    const lapsedCheck = buildPerson({ id: 'person-2', safeguardingChecks: [{ kind: 'dbs', issuedOn: '2022-01-01' }] });
    const result = isPubliclyListed(buildPartnerMeeting({ facilitators: [buildPerson(), lapsedCheck] }), context());
    expect(result).toEqual({
      listed: false,
      reasons: [
        {
          code: 'facilitator_not_eligible',
          message: 'A facilitator of this meeting may not facilitate the SMART Recovery 4-Point Programme here.',
          facilitatorId: 'person-2',
          because: [{ code: 'check_expired', message: "The facilitator's DBS check was due for renewal on 1 January 2025." }],
        },
      ],
    });
  });

  it('reports every ineligible facilitator', () => {
    const meeting = buildPartnerMeeting({
      facilitators: [buildPerson({ id: 'a', qualifications: [] }), buildPerson({ id: 'b', codeOfConductVersionAccepted: null })],
    });
    expect(isPubliclyListed(meeting, context()).reasons.map((r) => [r.code, r.facilitatorId])).toEqual([
      ['facilitator_not_eligible', 'a'],
      ['facilitator_not_eligible', 'b'],
    ]);
  });

  it('does not list a meeting with no facilitators', () => {
    expect(isPubliclyListed(buildPartnerMeeting({ facilitators: [] }), context())).toEqual({
      listed: false,
      reasons: [{ code: 'no_facilitators', message: 'The meeting has no facilitators.' }],
    });
  });

  it('does not list a Scottish meeting whose facilitator holds only a DBS check', () => {
    const meeting = buildPartnerMeeting({ site: { nation: 'scotland', venueType: 'partner-organisation' } });
    const result = isPubliclyListed(meeting, context());
    expect(result.reasons.map((r) => [r.code, r.because?.map((b) => b.code)])).toEqual([['facilitator_not_eligible', ['check_wrong_kind']]]);
  });

  it('does not list a Veterans meeting run by a non-veteran peer volunteer', () => {
    const volunteer = buildVolunteer({
      qualifications: [
        { code: 'smart-facilitator', achievedOn: '2025-06-01' },
        { code: 'veterans-module', achievedOn: '2025-09-01' },
      ],
      isVeteran: false,
    });
    const result = isPubliclyListed(buildCommunityMeeting({ programme: 'veterans', facilitators: [volunteer] }), context());
    expect(result.reasons.map((r) => [r.code, r.because?.map((b) => b.code)])).toEqual([['facilitator_not_eligible', ['veteran_peer_rule']]]);
  });

  it('applies the safeguarding policy Central Office sets', () => {
    const safeguardingPolicy = { recheckAfterYears: { dbs: 1, pvg: 5, accessni: 3 } };
    const result = isPubliclyListed(buildPartnerMeeting(), context({ safeguardingPolicy }));
    expect(result.reasons.map((r) => [r.code, r.because?.map((b) => b.code)])).toEqual([['facilitator_not_eligible', ['check_expired']]]);
  });
});

describe('isPubliclyListed: community peer-led meetings (Section 9)', () => {
  it('does not list a community meeting held at a treatment service', () => {
    const meeting = buildCommunityMeeting({ site: { nation: 'england', venueType: 'treatment-service' } });
    expect(codes(meeting, context({ siteLicences: undefined }))).toEqual(['held_at_treatment_service']);
  });

  it('does not list a community meeting held at a partner organisation, even one with a licence', () => {
    const meeting = buildCommunityMeeting({ site: { nation: 'england', venueType: 'partner-organisation' } });
    expect(codes(meeting)).toEqual(['held_at_partner_organisation']);
  });

  it('reports a closed community meeting once, as a closed meeting', () => {
    expect(codes(buildCommunityMeeting({ access: 'closed' }))).toEqual(['closed_meeting']);
  });

  it('reports a facilitator who is not a UKSR volunteer once, under the community rules', () => {
    const staff = buildPerson({ id: 'partner-staff' });
    const result = isPubliclyListed(buildCommunityMeeting({ facilitators: [staff] }), context());
    expect(result.reasons.map((r) => [r.code, r.facilitatorId])).toEqual([['facilitator_not_uksr_volunteer', 'partner-staff']]);
  });

  it('does not list a community meeting whose volunteer has not finished onboarding', () => {
    const meeting = buildCommunityMeeting({ facilitators: [buildVolunteer({ uksrVolunteer: { status: 'onboarding' } })] });
    const result = isPubliclyListed(meeting, context());
    expect(result.reasons.map((r) => [r.code, r.because?.map((b) => b.code)])).toEqual([['facilitator_not_eligible', ['volunteer_not_active']]]);
  });
});

describe('isPubliclyListed: every reason at once', () => {
  it('lists every reason a partner meeting is not listed', () => {
    const meeting = buildPartnerMeeting({
      access: 'closed',
      listedPublicly: false,
      status: 'closed-down',
      endsOn: '2026-10-01',
      facilitators: [buildPerson({ qualifications: [] })],
    });
    expect(codes(meeting, context({ siteLicences: { licences: [] } }))).toEqual([
      'closed_meeting',
      'not_listed_publicly',
      'meeting_closed_down',
      'meeting_ended',
      'site_not_licensed',
      'facilitator_not_eligible',
    ]);
  });

  it('lists every reason a community meeting is not listed', () => {
    const meeting = buildCommunityMeeting({
      access: 'closed',
      site: { nation: 'england', venueType: 'treatment-service' },
      facilitators: [],
    });
    expect(codes(meeting)).toEqual(['closed_meeting', 'held_at_treatment_service', 'no_facilitators']);
  });

  it('refuses a malformed date', () => {
    expect(() => isPubliclyListed(buildPartnerMeeting(), context({ date: '2026-11' }))).toThrow(RangeError);
  });
});
