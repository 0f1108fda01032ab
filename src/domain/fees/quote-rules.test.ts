import { describe, expect, it } from 'vitest';
import type { LicenceTypeCode } from '../reference.js';
import { APRIL_2026_SCHEDULE, type FeeSchedule } from './fee-schedule.js';
import type { QuoteRequest, QuoteSiteRequest } from './quote.js';
import { checkQuoteRules } from './quote-rules.js';

const TODAY = '2026-11-24';
const schedule = APRIL_2026_SCHEDULE;

function site(name: string, licences: LicenceTypeCode[], more: Partial<QuoteSiteRequest> = {}): QuoteSiteRequest {
  return { name, licences, ...more };
}

function request(sites: QuoteSiteRequest[], more: Partial<QuoteRequest> = {}): QuoteRequest {
  return { organisationType: 'non-profit', sites, ...more };
}

function check(quote: QuoteRequest, feeSchedule: FeeSchedule = schedule, today = TODAY) {
  return checkQuoteRules(quote, feeSchedule, today);
}

function codes(quote: QuoteRequest, feeSchedule: FeeSchedule = schedule, today = TODAY): string[] {
  return check(quote, feeSchedule, today).map((error) => error.code);
}

describe('checkQuoteRules: sites', () => {
  it('rejects a quote with no sites', () => {
    expect(check(request([]))).toEqual([
      expect.objectContaining({ code: 'no_sites', field: 'sites' }),
    ]);
  });

  it('rejects the second site with a name already used', () => {
    expect(check(request([site('Leeds', ['smart-recovery']), site('Leeds', ['community'])]))).toEqual([
      expect.objectContaining({ code: 'duplicate_site_name', field: 'sites.1.name' }),
    ]);
  });

  it('treats site names differing only in case and surrounding spaces as the same', () => {
    expect(codes(request([site('Leeds', ['smart-recovery']), site(' leeds ', ['community'])]))).toEqual(['duplicate_site_name']);
  });

  it('reports each repeat of a site name', () => {
    const quote = request([site('Leeds', ['smart-recovery']), site('Leeds', ['community']), site('Leeds', ['veterans'])], {
      servesVeterans: true,
    });
    expect(check(quote).map((error) => error.field)).toEqual(['sites.1.name', 'sites.2.name']);
  });

  it('accepts sites with different names', () => {
    expect(check(request([site('Leeds', ['smart-recovery']), site('York', ['smart-recovery'])]))).toEqual([]);
  });

  it('rejects a site with no licences to buy and none held', () => {
    expect(check(request([site('Leeds', [])]))).toEqual([
      expect.objectContaining({ code: 'no_licences', field: 'sites.0.licences', message: 'Choose at least one licence for "Leeds", or remove the site.' }),
    ]);
  });

  it('accepts a site that buys nothing but holds a licence, as context for the rest of the quote', () => {
    const quote = request([site('Leeds', [], { heldLicences: ['smart-recovery'] }), site('York', ['smart-recovery'])]);
    expect(check(quote)).toEqual([]);
  });
});

describe('checkQuoteRules: licences listed once per site', () => {
  it('rejects a licence listed twice at one site', () => {
    expect(check(request([site('Leeds', ['smart-recovery', 'smart-recovery'])]))).toEqual([
      expect.objectContaining({ code: 'duplicate_licence', field: 'sites.0.licences' }),
    ]);
  });

  it('reports a licence listed three times once', () => {
    expect(codes(request([site('Leeds', ['community', 'community', 'community'])]))).toEqual(['duplicate_licence']);
  });

  it('rejects a held licence listed twice, pointing at the held licences', () => {
    const quote = request([site('Leeds', ['community'], { heldLicences: ['smart-recovery', 'smart-recovery'] })]);
    expect(check(quote)).toEqual([expect.objectContaining({ code: 'duplicate_licence', field: 'sites.0.heldLicences' })]);
  });

  it('rejects buying a licence the site already holds, and says how to renew instead', () => {
    const errors = check(request([site('Leeds', ['smart-recovery'], { heldLicences: ['smart-recovery'] })]));
    expect(errors).toEqual([expect.objectContaining({ code: 'licence_already_held', field: 'sites.0.licences' })]);
    expect(errors[0]?.message).toContain('if this quote is to renew it');
  });

  it('accepts the same licence at two different sites', () => {
    expect(check(request([site('Leeds', ['family-and-friends']), site('York', ['family-and-friends'])]))).toEqual([]);
  });
});

describe('checkQuoteRules: SMART Veterans (Sections 3 and 4)', () => {
  it('rejects Veterans for an organisation that has not said it serves veterans', () => {
    const errors = check(request([site('Leeds', ['smart-recovery', 'veterans'])]));
    expect(errors).toEqual([expect.objectContaining({ code: 'veterans_not_eligible', field: 'sites.0.licences' })]);
    expect(errors[0]?.rule).toBe(
      'Section 4: to commission the Veterans programme, organisations must already be providing services for veterans.',
    );
  });

  it('rejects Veterans for an organisation that says it does not serve veterans', () => {
    expect(codes(request([site('Leeds', ['veterans'])], { servesVeterans: false }))).toEqual(['veterans_not_eligible']);
  });

  it('accepts Veterans for an organisation that serves veterans', () => {
    expect(check(request([site('Leeds', ['veterans'])], { servesVeterans: true }))).toEqual([]);
  });

  it('does not question a Veterans licence the site already holds', () => {
    expect(check(request([site('Leeds', ['family-and-friends'], { heldLicences: ['veterans'] })]))).toEqual([]);
  });

  it('reports Veterans at each site that asks for it', () => {
    const quote = request([site('Leeds', ['veterans']), site('York', ['veterans'])]);
    expect(check(quote).map((error) => error.field)).toEqual(['sites.0.licences', 'sites.1.licences']);
  });
});

describe('checkQuoteRules: Start SMART (Sections 3 and 4)', () => {
  const childrensService = (sites: QuoteSiteRequest[]) => request(sites, { childrensServiceProvider: true });

  it('rejects Start SMART as not yet available while the schedule has no launch date', () => {
    const errors = check(childrensService([site('Youth hub', ['start-smart'])]));
    expect(errors).toEqual([expect.objectContaining({ code: 'start_smart_not_available', field: 'sites.0.licences' })]);
    expect(errors[0]?.message).toContain('The Start SMART licence is not yet on sale.');
  });

  it('rejects Start SMART before its launch date, naming the date', () => {
    const launching: FeeSchedule = { ...schedule, startSmartLaunchDate: '2026-12-01' };
    const errors = check(childrensService([site('Youth hub', ['start-smart'])]), launching, '2026-11-30');
    expect(errors.map((error) => error.code)).toEqual(['start_smart_not_available']);
    expect(errors[0]?.message).toContain('not on sale until 1 December 2026');
  });

  it('accepts Start SMART on its launch date', () => {
    const launching: FeeSchedule = { ...schedule, startSmartLaunchDate: '2026-12-01' };
    expect(check(childrensService([site('Youth hub', ['start-smart'])]), launching, '2026-12-01')).toEqual([]);
  });

  it('accepts Start SMART after its launch date', () => {
    const launched: FeeSchedule = { ...schedule, startSmartLaunchDate: '2026-09-01' };
    expect(check(childrensService([site('Youth hub', ['start-smart'])]), launched)).toEqual([]);
  });

  it("rejects Start SMART for an organisation that is not a children's service provider", () => {
    const launched: FeeSchedule = { ...schedule, startSmartLaunchDate: '2026-09-01' };
    expect(check(request([site('Youth hub', ['start-smart'])]), launched)).toEqual([
      expect.objectContaining({ code: 'start_smart_not_eligible', field: 'sites.0.licences' }),
    ]);
  });

  it("reports both problems when Start SMART is not on sale and the organisation is not a children's service provider", () => {
    expect(codes(request([site('Leeds', ['start-smart'])]))).toEqual(['start_smart_not_available', 'start_smart_not_eligible']);
  });
});

describe('checkQuoteRules: satellite sites (Section 3)', () => {
  it('accepts a satellite site beside a main site buying SMART Recovery', () => {
    expect(check(request([site('Leeds', ['smart-recovery']), site('Drop-in', ['satellite'], { satellite: true })]))).toEqual([]);
  });

  it('accepts a satellite site beside a main site that already holds its licence', () => {
    const quote = request([site('Leeds', [], { heldLicences: ['smart-recovery'] }), site('Drop-in', ['satellite'], { satellite: true })]);
    expect(check(quote)).toEqual([]);
  });

  it('accepts any programme licence at the main site as the one a satellite extends', () => {
    const quote = request([site('Prison', ['criminal-justice']), site('Approved premises', ['satellite'], { satellite: true })]);
    expect(check(quote)).toEqual([]);
  });

  it('rejects a satellite site with no main site in the quote', () => {
    expect(check(request([site('Drop-in', ['satellite'], { satellite: true })]))).toEqual([
      expect.objectContaining({ code: 'satellite_needs_primary_site', field: 'sites.0.satellite' }),
    ]);
  });

  it('does not count another satellite site as the main site', () => {
    const quote = request([site('Drop-in', ['satellite'], { satellite: true }), site('Church hall', ['satellite'], { satellite: true })]);
    expect(codes(quote)).toEqual(['satellite_needs_primary_site', 'satellite_needs_primary_site']);
  });

  it('rejects a programme licence at a satellite site, naming the licence', () => {
    const errors = check(request([site('Leeds', ['smart-recovery']), site('Drop-in', ['satellite', 'family-and-friends'], { satellite: true })]));
    expect(errors).toEqual([expect.objectContaining({ code: 'satellite_site_licence', field: 'sites.1.licences' })]);
    expect(errors[0]?.message).toContain('Remove SMART Family & Friends');
  });

  it('rejects a programme licence held at a satellite site, pointing at the held licences', () => {
    const quote = request([
      site('Leeds', ['smart-recovery']),
      site('Drop-in', ['satellite'], { satellite: true, heldLicences: ['smart-recovery'] }),
    ]);
    expect(check(quote)).toEqual([expect.objectContaining({ code: 'satellite_site_licence', field: 'sites.1.heldLicences' })]);
  });

  it('rejects the satellite licence at a site not marked as a satellite', () => {
    const quote = request([site('Leeds', ['smart-recovery']), site('Drop-in', ['satellite'])]);
    expect(check(quote)).toEqual([
      expect.objectContaining({ code: 'satellite_licence_needs_satellite_site', field: 'sites.1.licences' }),
    ]);
  });

  it('rejects the satellite licence beside a programme licence at a main site', () => {
    expect(codes(request([site('Leeds', ['smart-recovery', 'satellite'])]))).toEqual(['satellite_licence_needs_satellite_site']);
  });

  it('rejects extra training places at a satellite site, pointing to the main site instead', () => {
    const errors = check(
      request([site('Leeds', ['smart-recovery']), site('Drop-in', ['satellite'], { satellite: true, extraTrainingPlaces: 2 })]),
    );
    expect(errors).toEqual([expect.objectContaining({ code: 'satellite_training_places', field: 'sites.1.extraTrainingPlaces' })]);
    expect(errors[0]?.message).toContain('Buy them for the main site instead.');
  });

  it('accepts zero extra training places at a satellite site', () => {
    const quote = request([site('Leeds', ['smart-recovery']), site('Drop-in', ['satellite'], { satellite: true, extraTrainingPlaces: 0 })]);
    expect(check(quote)).toEqual([]);
  });
});

describe('checkQuoteRules: staff-led training group size (Section 10)', () => {
  const withTraining = (participants: number, kind: 'in-person' | 'webinar' = 'in-person') =>
    request([site('Leeds', ['smart-recovery'])], { training: [{ kind, participants }] });

  it.each([6, 12])('accepts a group of %i people', (participants) => {
    expect(check(withTraining(participants))).toEqual([]);
  });

  it('rejects a group of 5 and suggests additional online places at £120.00 each', () => {
    const errors = check(withTraining(5));
    expect(errors).toEqual([
      {
        code: 'training_group_size',
        rule: 'Section 10: staff-led Facilitator Training is for groups of 6 to 12 people.',
        message:
          'This staff-led training group has 5 people; it needs between 6 and 12. For fewer people, buy additional online training places (£120.00 each) instead.',
        field: 'training.0.participants',
      },
    ]);
  });

  it('takes 13 or 25 people as the fewest groups of up to 12, so a larger number of people is not refused', () => {
    expect(check(withTraining(13, 'webinar'))).toEqual([]);
    expect(check(withTraining(25))).toEqual([]);
  });

  it('rejects 13 people in one group asked for, and says how many groups they need', () => {
    const errors = check(request([site('Leeds', ['smart-recovery'])], { training: [{ kind: 'webinar', participants: 13, groups: 1 }] }));
    expect(errors.map((error) => [error.code, error.field])).toEqual([['training_group_size', 'training.0.participants']]);
    expect(errors[0]?.message).toContain('For more people, book 2 groups.');
  });

  it('rejects a number of groups the people cannot fill or fit, next to the number of groups', () => {
    const tooMany = check(request([site('Leeds', ['smart-recovery'])], { training: [{ kind: 'in-person', participants: 13, groups: 3 }] }));
    expect(tooMany).toEqual([
      expect.objectContaining({
        code: 'training_group_size',
        field: 'training.0.groups',
        message: '3 groups take between 18 and 36 people, not 13. 13 people make at most 2 groups.',
      }),
    ]);
    const tooFew = check(request([site('Leeds', ['smart-recovery'])], { training: [{ kind: 'in-person', participants: 25, groups: 2 }] }));
    expect(tooFew[0]?.message).toBe('2 groups take between 12 and 24 people, not 25. 25 people need at least 3 groups.');
  });

  it('points at the group that is the wrong size', () => {
    const quote = request([site('Leeds', ['smart-recovery'])], {
      training: [
        { kind: 'in-person', participants: 8 },
        { kind: 'webinar', participants: 0 },
      ],
    });
    expect(check(quote).map((error) => error.field)).toEqual(['training.1.participants']);
  });
});

describe('checkQuoteRules: something to price', () => {
  it('rejects a quote whose sites only list licences already held', () => {
    expect(check(request([site('Leeds', [], { heldLicences: ['smart-recovery'] })]))).toEqual([
      expect.objectContaining({ code: 'nothing_to_price', field: 'sites' }),
    ]);
  });

  it('accepts a held site buying only extra training places', () => {
    expect(check(request([site('Leeds', [], { heldLicences: ['smart-recovery'], extraTrainingPlaces: 1 })]))).toEqual([]);
  });

  it('accepts a held site buying only publications', () => {
    const quote = request([site('Leeds', [], { heldLicences: ['smart-recovery'] })], {
      publications: [{ title: 'Handbook', rrpPence: 1_200, quantity: 1, coBranded: false }],
    });
    expect(check(quote)).toEqual([]);
  });

  it('is not reported alongside other errors', () => {
    expect(codes(request([site('Leeds', [], { heldLicences: ['smart-recovery', 'smart-recovery'] })]))).toEqual(['duplicate_licence']);
  });
});

describe('checkQuoteRules: every error', () => {
  const broken = request(
    [
      site('Leeds', ['veterans', 'veterans', 'start-smart', 'satellite']),
      site('Leeds', []),
      site('Drop-in', ['smart-recovery'], { satellite: true, extraTrainingPlaces: 3 }),
    ],
    { training: [{ kind: 'webinar', participants: 2 }] },
  );
  const errors = check(broken);

  it('collects every broken rule across sites in one answer', () => {
    expect(errors.map((error) => error.code)).toEqual([
      'duplicate_licence',
      'satellite_licence_needs_satellite_site',
      'veterans_not_eligible',
      'start_smart_not_available',
      'start_smart_not_eligible',
      'duplicate_site_name',
      'no_licences',
      'satellite_site_licence',
      'satellite_training_places',
      'training_group_size',
    ]);
  });

  it('names the section of the guidance in each rule', () => {
    for (const error of errors) expect(error.rule).toMatch(/^Section \d+: /);
  });

  it('ends each message with a full stop, in sentences', () => {
    for (const error of errors) expect(error.message).toMatch(/^[A-Z"].*\.$/);
  });
});
