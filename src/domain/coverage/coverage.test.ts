import { describe, expect, it } from 'vitest';
import type { LicenceTypeCode, ProgrammeCode } from '../reference.js';
import { coverage, type CentralOfficeException } from './coverage.js';
import { buildLicence, TODAY } from './test-factories.js';

function codes(result: ReturnType<typeof coverage>): string[] {
  return result.reasons.map((r) => r.code);
}

describe('coverage: which licence covers which programme', () => {
  it.each<[LicenceTypeCode, ProgrammeCode]>([
    ['smart-recovery', 'smart-recovery'],
    ['family-and-friends', 'family-and-friends'],
    ['veterans', 'veterans'],
    ['start-smart', 'start-smart'],
  ])('a %s licence covers its own programme', (licenceType, programme) => {
    const licence = buildLicence({ licenceType });
    expect(coverage({ licences: [licence] }, programme, TODAY)).toEqual({ covered: true, by: { kind: 'licence', licence }, reasons: [] });
  });

  it('a Criminal Justice licence covers InsideOut (Section 3)', () => {
    const licence = buildLicence({ licenceType: 'criminal-justice' });
    expect(coverage({ licences: [licence] }, 'insideout', TODAY)).toEqual({ covered: true, by: { kind: 'licence', licence }, reasons: [] });
  });

  it('a Criminal Justice licence covers SMART Recovery meetings at its site (Section 4)', () => {
    const licence = buildLicence({ licenceType: 'criminal-justice' });
    expect(coverage({ licences: [licence] }, 'smart-recovery', TODAY)).toEqual({ covered: true, by: { kind: 'licence', licence }, reasons: [] });
  });

  it('a Criminal Justice licence does not cover Family & Friends', () => {
    const result = coverage({ licences: [buildLicence({ licenceType: 'criminal-justice' })] }, 'family-and-friends', TODAY);
    expect(result.covered).toBe(false);
    expect(codes(result)).toEqual(['no_licence_for_programme']);
  });

  it('a Community licence covers a SMART Recovery meeting at its site (Section 3)', () => {
    const licence = buildLicence({ licenceType: 'community' });
    expect(coverage({ licences: [licence] }, 'smart-recovery', TODAY)).toEqual({ covered: true, by: { kind: 'licence', licence }, reasons: [] });
  });

  it('a Community licence does not cover Family & Friends, and says each programme needs its own licence', () => {
    const result = coverage({ licences: [buildLicence({ licenceType: 'community' })] }, 'family-and-friends', TODAY);
    expect(result).toEqual({
      covered: false,
      reasons: [
        {
          code: 'no_licence_for_programme',
          message: "This site's licences (SMART Community) do not cover SMART Family & Friends; each programme needs its own licence.",
        },
      ],
    });
  });

  it.each<ProgrammeCode>(['family-and-friends', 'insideout', 'veterans', 'start-smart'])(
    'a SMART Recovery licence does not cover %s (Section 3: different programme, different licence)',
    (programme) => {
      const result = coverage({ licences: [buildLicence({ licenceType: 'smart-recovery' })] }, programme, TODAY);
      expect(result.covered).toBe(false);
      expect(codes(result)).toEqual(['no_licence_for_programme']);
    },
  );

  it('a Veterans licence does not cover a general SMART Recovery meeting', () => {
    const result = coverage({ licences: [buildLicence({ licenceType: 'veterans' })] }, 'smart-recovery', TODAY);
    expect(result.covered).toBe(false);
    expect(codes(result)).toEqual(['no_licence_for_programme']);
  });

  it('a Satellite licence on its own covers no programme', () => {
    const result = coverage({ licences: [buildLicence({ licenceType: 'satellite' })] }, 'smart-recovery', TODAY);
    expect(result.covered).toBe(false);
    expect(codes(result)).toEqual(['no_licence_for_programme']);
  });

  it('a site with no licences is told it holds none', () => {
    expect(coverage({ licences: [] }, 'smart-recovery', TODAY)).toEqual({
      covered: false,
      reasons: [
        {
          code: 'no_licence_for_programme',
          message: 'This site holds no licence, so it is not licensed for the SMART Recovery 4-Point Programme.',
        },
      ],
    });
  });
});

describe('coverage: licence dates and status', () => {
  it('a licence covers its first and last day', () => {
    const licences = [buildLicence()];
    expect(coverage({ licences }, 'smart-recovery', '2026-04-01').covered).toBe(true);
    expect(coverage({ licences }, 'smart-recovery', '2027-03-31').covered).toBe(true);
  });

  it('an active licence does not cover a day before it starts', () => {
    const result = coverage({ licences: [buildLicence({ startsOn: '2027-04-01', endsOn: '2028-03-31' })] }, 'smart-recovery', TODAY);
    expect(result).toEqual({
      covered: false,
      reasons: [
        {
          code: 'licence_not_started',
          message: 'The SMART Recovery licence at this site does not start until 1 April 2027.',
          licenceType: 'smart-recovery',
          heldAt: 'site',
        },
      ],
    });
  });

  it('an active licence does not cover a day after its end date', () => {
    const result = coverage({ licences: [buildLicence({ startsOn: '2025-04-01', endsOn: '2026-03-31' })] }, 'smart-recovery', TODAY);
    expect(result).toEqual({
      covered: false,
      reasons: [
        {
          code: 'licence_ended',
          message: 'The SMART Recovery licence at this site ended on 31 March 2026.',
          licenceType: 'smart-recovery',
          heldAt: 'site',
        },
      ],
    });
  });

  it('a licence in its grace period still covers after its end date', () => {
    const licence = buildLicence({ startsOn: '2025-11-01', endsOn: '2026-10-31', status: 'in-grace' });
    expect(coverage({ licences: [licence] }, 'smart-recovery', TODAY)).toEqual({ covered: true, by: { kind: 'licence', licence }, reasons: [] });
  });

  it('a licence in its grace period does not cover a day before it started', () => {
    const result = coverage({ licences: [buildLicence({ startsOn: '2025-11-01', endsOn: '2026-10-31', status: 'in-grace' })] }, 'smart-recovery', '2025-10-31');
    expect(codes(result)).toEqual(['licence_not_started']);
  });

  it('a lapsed licence does not cover, even within its dates', () => {
    const result = coverage({ licences: [buildLicence({ status: 'lapsed' })] }, 'smart-recovery', TODAY);
    expect(result).toEqual({
      covered: false,
      reasons: [{ code: 'licence_lapsed', message: 'The SMART Recovery licence at this site has lapsed.', licenceType: 'smart-recovery', heldAt: 'site' }],
    });
  });

  it('names an active licence as the cover in preference to one in grace', () => {
    const inGrace = buildLicence({ id: 'old', startsOn: '2025-11-01', endsOn: '2026-10-31', status: 'in-grace' });
    const active = buildLicence({ id: 'renewed', startsOn: '2026-11-01', endsOn: '2027-10-31' });
    const result = coverage({ licences: [inGrace, active] }, 'smart-recovery', TODAY);
    expect(result.covered && result.by).toEqual({ kind: 'licence', licence: active });
  });

  it('lists a reason for every licence that could have covered but does not', () => {
    const result = coverage(
      {
        licences: [
          buildLicence({ licenceType: 'smart-recovery', status: 'lapsed' }),
          buildLicence({ licenceType: 'criminal-justice', startsOn: '2025-04-01', endsOn: '2026-03-31' }),
          buildLicence({ licenceType: 'family-and-friends' }),
        ],
      },
      'smart-recovery',
      TODAY,
    );
    expect(result.reasons.map((r) => [r.code, r.licenceType])).toEqual([
      ['licence_lapsed', 'smart-recovery'],
      ['licence_ended', 'criminal-justice'],
    ]);
  });

  it('refuses a malformed date rather than answer from a string comparison', () => {
    expect(() => coverage({ licences: [buildLicence()] }, 'smart-recovery', '24/11/2026')).toThrow(RangeError);
  });
});

describe('coverage: satellite premises (Section 3)', () => {
  const satellite = buildLicence({ licenceType: 'satellite' });

  it("a valid Satellite licence extends the primary site's SMART Recovery licence to the premises", () => {
    const primary = buildLicence({ licenceType: 'smart-recovery' });
    expect(coverage({ licences: [satellite], primarySiteLicences: [primary] }, 'smart-recovery', TODAY)).toEqual({
      covered: true,
      by: { kind: 'satellite', satelliteLicence: satellite, primaryLicence: primary },
      reasons: [],
    });
  });

  it("a valid Satellite licence extends each of the primary site's programmes, such as Family & Friends", () => {
    const primary = buildLicence({ licenceType: 'family-and-friends' });
    const result = coverage({ licences: [satellite], primarySiteLicences: [buildLicence(), primary] }, 'family-and-friends', TODAY);
    expect(result.covered && result.by).toEqual({ kind: 'satellite', satelliteLicence: satellite, primaryLicence: primary });
  });

  it("a lapsed Satellite licence no longer extends the primary site's licence", () => {
    const result = coverage(
      { licences: [buildLicence({ licenceType: 'satellite', status: 'lapsed' })], primarySiteLicences: [buildLicence()] },
      'smart-recovery',
      TODAY,
    );
    expect(result).toEqual({
      covered: false,
      reasons: [
        {
          code: 'licence_lapsed',
          message: "The SMART Satellite licence at this site has lapsed, so it does not extend the primary site's licences to these premises.",
          licenceType: 'satellite',
          heldAt: 'site',
        },
      ],
    });
  });

  it('a Satellite licence in its grace period still extends the primary licence', () => {
    const inGrace = buildLicence({ licenceType: 'satellite', startsOn: '2025-11-01', endsOn: '2026-10-31', status: 'in-grace' });
    const result = coverage({ licences: [inGrace], primarySiteLicences: [buildLicence()] }, 'smart-recovery', TODAY);
    expect(result.covered).toBe(true);
  });

  it("premises without a Satellite licence are not covered by the primary site's licence", () => {
    const result = coverage({ licences: [], primarySiteLicences: [buildLicence()] }, 'smart-recovery', TODAY);
    expect(codes(result)).toEqual(['no_satellite_licence']);
  });

  it('a valid Satellite licence covers nothing the primary site is not licensed for', () => {
    const result = coverage({ licences: [satellite], primarySiteLicences: [buildLicence()] }, 'veterans', TODAY);
    expect(result).toEqual({
      covered: false,
      reasons: [{ code: 'primary_site_not_licensed', message: 'The primary site holds no licence for SMART Veterans that a Satellite licence can extend.' }],
    });
  });

  it("a lapsed primary licence is reported as the primary site's", () => {
    const result = coverage({ licences: [satellite], primarySiteLicences: [buildLicence({ status: 'lapsed' })] }, 'smart-recovery', TODAY);
    expect(result.reasons).toEqual([
      { code: 'licence_lapsed', message: 'The SMART Recovery licence at the primary site has lapsed.', licenceType: 'smart-recovery', heldAt: 'primary-site' },
    ]);
  });

  it('lists both a lapsed Satellite licence and a lapsed primary licence', () => {
    const result = coverage(
      { licences: [buildLicence({ licenceType: 'satellite', status: 'lapsed' })], primarySiteLicences: [buildLicence({ status: 'lapsed' })] },
      'smart-recovery',
      TODAY,
    );
    expect(result.reasons.map((r) => [r.code, r.licenceType, r.heldAt])).toEqual([
      ['licence_lapsed', 'satellite', 'site'],
      ['licence_lapsed', 'smart-recovery', 'primary-site'],
    ]);
  });

  it("does not carry a Community licence's meeting right to satellite premises (Section 3: at the site where it is held)", () => {
    const result = coverage({ licences: [satellite], primarySiteLicences: [buildLicence({ licenceType: 'community' })] }, 'smart-recovery', TODAY);
    expect(codes(result)).toEqual(['primary_site_not_licensed']);
  });

  it('premises holding their own licence for the programme are covered by it, whatever their Satellite licence', () => {
    const own = buildLicence({ licenceType: 'smart-recovery' });
    const result = coverage(
      { licences: [buildLicence({ licenceType: 'satellite', status: 'lapsed' }), own], primarySiteLicences: [] },
      'smart-recovery',
      TODAY,
    );
    expect(result).toEqual({ covered: true, by: { kind: 'licence', licence: own }, reasons: [] });
  });
});

describe('coverage: Central Office exceptions (Section 9)', () => {
  const exception: CentralOfficeException = { programme: 'smart-recovery', from: '2026-11-01', to: '2026-11-30', agreedOn: '2026-10-20' };

  it('an exception agreed in advance covers its first and last day at an unlicensed site', () => {
    for (const day of ['2026-11-01', '2026-11-30']) {
      expect(coverage({ licences: [], exceptions: [exception] }, 'smart-recovery', day)).toEqual({
        covered: true,
        by: { kind: 'exception', exception },
        reasons: [],
      });
    }
  });

  it('an exception does not cover a day outside its dates, and says so alongside the missing licence', () => {
    const result = coverage({ licences: [], exceptions: [exception] }, 'smart-recovery', '2026-12-01');
    expect(result.reasons).toEqual([
      { code: 'no_licence_for_programme', message: 'This site holds no licence, so it is not licensed for the SMART Recovery 4-Point Programme.' },
      {
        code: 'exception_not_in_force',
        message: 'The Central Office exception for the SMART Recovery 4-Point Programme runs from 1 November 2026 to 30 November 2026, which does not include 1 December 2026.',
      },
    ]);
  });

  it('an exception agreed after the day does not cover that day', () => {
    const late = { ...exception, agreedOn: '2026-11-25' };
    const result = coverage({ licences: [], exceptions: [late] }, 'smart-recovery', TODAY);
    expect(result.covered).toBe(false);
    expect(codes(result)).toEqual(['no_licence_for_programme', 'exception_not_yet_agreed']);
  });

  it('an exception for one programme does not cover another', () => {
    const result = coverage({ licences: [], exceptions: [exception] }, 'family-and-friends', TODAY);
    expect(codes(result)).toEqual(['no_licence_for_programme']);
  });

  it('an exception covers satellite premises whose Satellite licence has lapsed', () => {
    const result = coverage(
      { licences: [buildLicence({ licenceType: 'satellite', status: 'lapsed' })], primarySiteLicences: [buildLicence()], exceptions: [exception] },
      'smart-recovery',
      TODAY,
    );
    expect(result).toEqual({ covered: true, by: { kind: 'exception', exception }, reasons: [] });
  });
});
