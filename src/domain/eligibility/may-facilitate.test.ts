import { describe, expect, it } from 'vitest';
import type { NationCode, ProgrammeCode } from '../reference.js';
import type { SiteLicences } from '../coverage/coverage.js';
import { buildLicence, TODAY } from '../coverage/test-factories.js';
import { mayFacilitate, type MayFacilitateInput, type Person } from './may-facilitate.js';
import { DEFAULT_SAFEGUARDING_POLICY } from './safeguarding.js';
import { buildPerson, buildVolunteer, CODE_OF_CONDUCT_VERSION, PARTNER_ORG } from './test-factories.js';

const LICENSED_FOR_EVERYTHING: SiteLicences = {
  licences: [
    buildLicence({ licenceType: 'smart-recovery' }),
    buildLicence({ licenceType: 'family-and-friends' }),
    buildLicence({ licenceType: 'veterans' }),
    buildLicence({ licenceType: 'criminal-justice' }),
    buildLicence({ licenceType: 'start-smart' }),
  ],
};

/** A partner's meeting at an English site licensed for every programme, on TODAY. */
function partnerInput(overrides: Partial<MayFacilitateInput> = {}): MayFacilitateInput {
  return {
    person: buildPerson(),
    programme: 'smart-recovery',
    site: { nation: 'england' },
    provider: { kind: 'partner', organisationId: PARTNER_ORG },
    date: TODAY,
    codeOfConductCurrentVersion: CODE_OF_CONDUCT_VERSION,
    siteLicences: LICENSED_FOR_EVERYTHING,
    ...overrides,
  };
}

/** A UKSR community peer-led meeting in England, on TODAY, with no licences in play. */
function uksrInput(person: Person, overrides: Partial<MayFacilitateInput> = {}): MayFacilitateInput {
  return {
    person,
    programme: 'smart-recovery',
    site: { nation: 'england' },
    provider: { kind: 'uksr' },
    date: TODAY,
    codeOfConductCurrentVersion: CODE_OF_CONDUCT_VERSION,
    ...overrides,
  };
}

function codes(input: MayFacilitateInput): string[] {
  return mayFacilitate(input).reasons.map((r) => r.code);
}

function atSite(nation: NationCode, checks: Person['safeguardingChecks']): MayFacilitateInput {
  return partnerInput({ site: { nation }, person: buildPerson({ safeguardingChecks: checks }) });
}

describe('mayFacilitate: the baseline', () => {
  it('allows a qualified member of partner staff with a current DBS at a licensed English site', () => {
    expect(mayFacilitate(partnerInput())).toEqual({ allowed: true, reasons: [] });
  });

  it('allows an active UKSR volunteer at a community meeting without any licence', () => {
    expect(mayFacilitate(uksrInput(buildVolunteer()))).toEqual({ allowed: true, reasons: [] });
  });
});

describe('mayFacilitate: qualification and modules (Sections 4 and 8)', () => {
  it('refuses someone without the SMART Facilitator qualification', () => {
    const result = mayFacilitate(partnerInput({ person: buildPerson({ qualifications: [] }) }));
    expect(result).toEqual({
      allowed: false,
      reasons: [{ code: 'not_qualified', message: 'The facilitator does not hold the SMART Facilitator qualification.' }],
    });
  });

  it('refuses someone who qualified only after the day asked about', () => {
    const person = buildPerson({ qualifications: [{ code: 'smart-facilitator', achievedOn: '2026-12-01' }] });
    expect(codes(partnerInput({ person }))).toEqual(['not_qualified']);
  });

  it('refuses Family & Friends without the Family & Friends module', () => {
    const result = mayFacilitate(partnerInput({ programme: 'family-and-friends' }));
    expect(result).toEqual({
      allowed: false,
      reasons: [
        {
          code: 'module_missing',
          message: 'Facilitating SMART Family & Friends needs the SMART Family & Friends training module, which the facilitator has not completed.',
        },
      ],
    });
  });

  it('allows Family & Friends with the Family & Friends module', () => {
    const person = buildPerson({
      qualifications: [
        { code: 'smart-facilitator', achievedOn: '2025-06-01' },
        { code: 'family-and-friends-module', achievedOn: '2025-09-01' },
      ],
    });
    expect(mayFacilitate(partnerInput({ person, programme: 'family-and-friends' })).allowed).toBe(true);
  });

  it('refuses Veterans without the Veterans module', () => {
    const person = buildPerson({ isVeteran: true });
    expect(codes(partnerInput({ person, programme: 'veterans' }))).toEqual(['module_missing']);
  });

  it('does not accept the Family & Friends module for a Veterans meeting', () => {
    const person = buildPerson({
      isVeteran: true,
      qualifications: [
        { code: 'smart-facilitator', achievedOn: '2025-06-01' },
        { code: 'family-and-friends-module', achievedOn: '2025-09-01' },
      ],
    });
    expect(codes(partnerInput({ person, programme: 'veterans' }))).toEqual(['module_missing']);
  });

  it.each<ProgrammeCode>(['smart-recovery', 'insideout', 'start-smart'])('needs no extra module for %s', (programme) => {
    expect(mayFacilitate(partnerInput({ programme })).allowed).toBe(true);
  });

  it('reports both a missing qualification and a missing module', () => {
    const person = buildPerson({ qualifications: [] });
    expect(codes(partnerInput({ person, programme: 'family-and-friends' }))).toEqual(['not_qualified', 'module_missing']);
  });
});

describe("mayFacilitate: safeguarding check for the site's nation (Sections 8 and 9)", () => {
  it('allows a DBS check at an English site', () => {
    expect(mayFacilitate(atSite('england', [{ kind: 'dbs', issuedOn: '2025-01-15' }])).allowed).toBe(true);
  });

  it('allows a DBS check at a Welsh site', () => {
    expect(mayFacilitate(atSite('wales', [{ kind: 'dbs', issuedOn: '2025-01-15' }])).allowed).toBe(true);
  });

  it('allows a PVG at a Scottish site', () => {
    expect(mayFacilitate(atSite('scotland', [{ kind: 'pvg', issuedOn: '2025-01-15' }])).allowed).toBe(true);
  });

  it('refuses a DBS check at a Scottish site, which needs PVG', () => {
    expect(mayFacilitate(atSite('scotland', [{ kind: 'dbs', issuedOn: '2025-01-15' }]))).toEqual({
      allowed: false,
      reasons: [{ code: 'check_wrong_kind', message: "A site in Scotland needs a PVG check; the facilitator's DBS check does not count there." }],
    });
  });

  it('allows an AccessNI check at a Northern Irish site', () => {
    expect(mayFacilitate(atSite('northern-ireland', [{ kind: 'accessni', issuedOn: '2025-01-15' }])).allowed).toBe(true);
  });

  it('refuses a DBS check at a Northern Irish site, which needs AccessNI', () => {
    expect(codes(atSite('northern-ireland', [{ kind: 'dbs', issuedOn: '2025-01-15' }]))).toEqual(['check_wrong_kind']);
  });

  it('refuses a PVG at an English site, which needs DBS', () => {
    expect(codes(atSite('england', [{ kind: 'pvg', issuedOn: '2025-01-15' }]))).toEqual(['check_wrong_kind']);
  });

  it('refuses someone with no safeguarding check', () => {
    expect(mayFacilitate(atSite('wales', []))).toEqual({
      allowed: false,
      reasons: [{ code: 'check_missing', message: 'The facilitator has no DBS check, which a site in Wales needs.' }],
    });
  });

  it('treats a check issued after the day as not held on the day', () => {
    expect(codes(atSite('england', [{ kind: 'dbs', issuedOn: '2026-12-01' }]))).toEqual(['check_missing']);
  });

  it('refuses a DBS check three years old by default', () => {
    expect(mayFacilitate(atSite('england', [{ kind: 'dbs', issuedOn: '2023-11-24' }]))).toEqual({
      allowed: false,
      reasons: [{ code: 'check_expired', message: "The facilitator's DBS check was due for renewal on 24 November 2026." }],
    });
  });

  it('allows a DBS check on the last day before its recheck is due', () => {
    expect(mayFacilitate(atSite('england', [{ kind: 'dbs', issuedOn: '2023-11-25' }])).allowed).toBe(true);
  });

  it('allows a four-year-old PVG in Scotland, where membership is renewed every five years', () => {
    expect(mayFacilitate(atSite('scotland', [{ kind: 'pvg', issuedOn: '2022-12-01' }])).allowed).toBe(true);
  });

  it('refuses a four-year-old AccessNI check, due after three years', () => {
    expect(codes(atSite('northern-ireland', [{ kind: 'accessni', issuedOn: '2022-12-01' }]))).toEqual(['check_expired']);
  });

  it('applies the recheck period Central Office sets', () => {
    const safeguardingPolicy = { recheckAfterYears: { ...DEFAULT_SAFEGUARDING_POLICY.recheckAfterYears, dbs: 1 } };
    expect(codes({ ...atSite('england', [{ kind: 'dbs', issuedOn: '2025-01-15' }]), safeguardingPolicy })).toEqual(['check_expired']);
  });

  it('reports an expired check of the right kind, not the wrong kind, when both are held', () => {
    const checks = [
      { kind: 'pvg', issuedOn: '2020-01-01' },
      { kind: 'dbs', issuedOn: '2025-01-15' },
    ] as const;
    expect(codes(atSite('scotland', checks))).toEqual(['check_expired']);
  });

  it('allows a renewed check even though an older one has expired', () => {
    const checks = [
      { kind: 'dbs', issuedOn: '2020-01-01' },
      { kind: 'dbs', issuedOn: '2025-01-15' },
    ] as const;
    expect(mayFacilitate(atSite('england', checks)).allowed).toBe(true);
  });
});

describe('mayFacilitate: Facilitator Code of Conduct (Section 8)', () => {
  it('refuses someone who has never accepted the Code of Conduct', () => {
    expect(mayFacilitate(partnerInput({ person: buildPerson({ codeOfConductVersionAccepted: null }) }))).toEqual({
      allowed: false,
      reasons: [{ code: 'code_of_conduct_not_accepted', message: 'The facilitator has not accepted the Facilitator Code of Conduct.' }],
    });
  });

  it('refuses someone who accepted only an earlier version', () => {
    expect(mayFacilitate(partnerInput({ person: buildPerson({ codeOfConductVersionAccepted: '2025.2' }) }))).toEqual({
      allowed: false,
      reasons: [
        {
          code: 'code_of_conduct_not_accepted',
          message: 'The facilitator accepted version 2025.2 of the Facilitator Code of Conduct; the current version is 2026.1.',
        },
      ],
    });
  });
});

describe('mayFacilitate: the veteran peer rule (Section 4)', () => {
  const veteranTrained = [
    { code: 'smart-facilitator', achievedOn: '2025-06-01' },
    { code: 'veterans-module', achievedOn: '2025-09-01' },
  ] as const;

  it("refuses a partner's peer volunteer who is not a veteran", () => {
    const person = buildPerson({ qualifications: veteranTrained, isVeteran: false, facilitatesFor: [{ organisationId: PARTNER_ORG, capacity: 'volunteer' }] });
    expect(mayFacilitate(partnerInput({ person, programme: 'veterans' }))).toEqual({
      allowed: false,
      reasons: [
        {
          code: 'veteran_peer_rule',
          message: 'Peer volunteers who facilitate SMART Veterans must be veterans themselves; only professional staff need not be.',
        },
      ],
    });
  });

  it("allows a partner's peer volunteer who is a veteran", () => {
    const person = buildPerson({ qualifications: veteranTrained, isVeteran: true, facilitatesFor: [{ organisationId: PARTNER_ORG, capacity: 'volunteer' }] });
    expect(mayFacilitate(partnerInput({ person, programme: 'veterans' })).allowed).toBe(true);
  });

  it('allows professional staff who are not veterans', () => {
    const person = buildPerson({ qualifications: veteranTrained, isVeteran: false, facilitatesFor: [{ organisationId: PARTNER_ORG, capacity: 'staff' }] });
    expect(mayFacilitate(partnerInput({ person, programme: 'veterans' })).allowed).toBe(true);
  });

  it('refuses a UKSR volunteer who is not a veteran', () => {
    const person = buildVolunteer({ qualifications: veteranTrained, isVeteran: false });
    expect(codes(uksrInput(person, { programme: 'veterans' }))).toEqual(['veteran_peer_rule']);
  });

  it('does not let staff of another organisation claim the staff exemption', () => {
    const person = buildPerson({ qualifications: veteranTrained, isVeteran: false, facilitatesFor: [{ organisationId: 'org-other', capacity: 'staff' }] });
    expect(codes(partnerInput({ person, programme: 'veterans' }))).toEqual(['veteran_peer_rule', 'not_facilitator_for_organisation']);
  });

  it('does not apply to programmes other than Veterans', () => {
    const person = buildPerson({ isVeteran: false, facilitatesFor: [{ organisationId: PARTNER_ORG, capacity: 'volunteer' }] });
    expect(mayFacilitate(partnerInput({ person, programme: 'smart-recovery' })).allowed).toBe(true);
  });
});

describe("mayFacilitate: a partner's meeting", () => {
  it('refuses someone who does not facilitate for the organisation running the meeting', () => {
    const person = buildPerson({ facilitatesFor: [{ organisationId: 'org-other', capacity: 'staff' }] });
    expect(mayFacilitate(partnerInput({ person }))).toEqual({
      allowed: false,
      reasons: [{ code: 'not_facilitator_for_organisation', message: 'The facilitator does not facilitate for the organisation running this meeting.' }],
    });
  });

  it('refuses when the site holds no licence covering the programme, with the coverage reasons', () => {
    const siteLicences = { licences: [buildLicence({ licenceType: 'smart-recovery' })] };
    const person = buildPerson({
      qualifications: [
        { code: 'smart-facilitator', achievedOn: '2025-06-01' },
        { code: 'family-and-friends-module', achievedOn: '2025-09-01' },
      ],
    });
    expect(mayFacilitate(partnerInput({ person, programme: 'family-and-friends', siteLicences }))).toEqual({
      allowed: false,
      reasons: [
        {
          code: 'site_not_licensed',
          message: 'The site is not licensed for SMART Family & Friends on 24 November 2026.',
          because: [
            {
              code: 'no_licence_for_programme',
              message: "This site's licences (SMART Recovery) do not cover SMART Family & Friends; each programme needs its own licence.",
            },
          ],
        },
      ],
    });
  });

  it("refuses when the site's licence has lapsed", () => {
    const siteLicences = { licences: [buildLicence({ status: 'lapsed' })] };
    const result = mayFacilitate(partnerInput({ siteLicences }));
    expect(result.reasons.map((r) => [r.code, r.because?.map((b) => b.code)])).toEqual([['site_not_licensed', ['licence_lapsed']]]);
  });

  it('allows InsideOut at a site with a Criminal Justice licence', () => {
    const siteLicences = { licences: [buildLicence({ licenceType: 'criminal-justice' })] };
    expect(mayFacilitate(partnerInput({ programme: 'insideout', siteLicences })).allowed).toBe(true);
  });

  it('treats missing site licences as an unlicensed site', () => {
    expect(codes(partnerInput({ siteLicences: undefined }))).toEqual(['site_not_licensed']);
  });

  it('does not ask about UKSR volunteering when someone facilitates for a partner', () => {
    const person = buildPerson({ uksrVolunteer: { status: 'paused' } });
    expect(mayFacilitate(partnerInput({ person })).allowed).toBe(true);
  });
});

describe('mayFacilitate: a UKSR community meeting', () => {
  it('refuses a volunteer still onboarding', () => {
    expect(mayFacilitate(uksrInput(buildVolunteer({ uksrVolunteer: { status: 'onboarding' } })))).toEqual({
      allowed: false,
      reasons: [{ code: 'volunteer_not_active', message: 'The facilitator has not finished UKSR volunteer onboarding.' }],
    });
  });

  it('refuses a volunteer whose volunteering is paused or who has left', () => {
    expect(codes(uksrInput(buildVolunteer({ uksrVolunteer: { status: 'paused' } })))).toEqual(['volunteer_not_active']);
    expect(codes(uksrInput(buildVolunteer({ uksrVolunteer: { status: 'left' } })))).toEqual(['volunteer_not_active']);
  });

  it('refuses partner staff who are not UKSR volunteers', () => {
    expect(mayFacilitate(uksrInput(buildPerson()))).toEqual({
      allowed: false,
      reasons: [{ code: 'not_uksr_volunteer', message: 'Only UKSR volunteer facilitators run UKSR community meetings, and the facilitator is not one.' }],
    });
  });

  it('needs a PVG for a volunteer at a Scottish community meeting', () => {
    expect(codes(uksrInput(buildVolunteer(), { site: { nation: 'scotland' } }))).toEqual(['check_wrong_kind']);
  });
});

describe('mayFacilitate: every reason at once', () => {
  it('lists every failing rule for a partner meeting, in a stable order', () => {
    const person = buildPerson({
      qualifications: [],
      safeguardingChecks: [{ kind: 'dbs', issuedOn: '2025-01-15' }],
      codeOfConductVersionAccepted: null,
      isVeteran: false,
      facilitatesFor: [],
    });
    const result = mayFacilitate(partnerInput({ person, programme: 'veterans', site: { nation: 'scotland' }, siteLicences: { licences: [] } }));
    expect(result.allowed).toBe(false);
    expect(result.reasons.map((r) => r.code)).toEqual([
      'not_qualified',
      'module_missing',
      'check_wrong_kind',
      'code_of_conduct_not_accepted',
      'veteran_peer_rule',
      'not_facilitator_for_organisation',
      'site_not_licensed',
    ]);
  });

  it('lists every failing rule for a UKSR community meeting', () => {
    const person = buildVolunteer({ qualifications: [], safeguardingChecks: [], uksrVolunteer: { status: 'onboarding' } });
    expect(codes(uksrInput(person))).toEqual(['not_qualified', 'check_missing', 'volunteer_not_active']);
  });

  it('refuses a malformed date', () => {
    expect(() => mayFacilitate(partnerInput({ date: '2026-11-31' }))).toThrow(RangeError);
  });
});
