import { describe, expect, it } from 'vitest';
import type { LicenceTypeCode } from '../reference.js';
import { APRIL_2026_SCHEDULE, type FeeSchedule } from './fee-schedule.js';
import { CORPORATE_PRICING_RULE } from './licence-fee.js';
import { chargesExpensesOnTop, isPriceOnRequest, priceQuote, type PricedQuote, type QuoteRequest, type QuoteSiteRequest, withoutPriceOnRequest } from './quote.js';

const TODAY = '2026-11-24';
const schedule = APRIL_2026_SCHEDULE;

function site(name: string, licences: LicenceTypeCode[], more: Partial<QuoteSiteRequest> = {}): QuoteSiteRequest {
  return { name, licences, ...more };
}

function nonProfit(sites: QuoteSiteRequest[], more: Partial<QuoteRequest> = {}): QuoteRequest {
  return { organisationType: 'non-profit', servesVeterans: true, sites, ...more };
}

/** Prices a request that the test expects to be accepted. */
function priced(request: QuoteRequest, feeSchedule: FeeSchedule = schedule, today = TODAY): PricedQuote {
  const result = priceQuote(request, feeSchedule, today);
  if (!result.ok) throw new Error(`expected a priced quote, got ${JSON.stringify(result.errors)}`);
  return result;
}

function amounts(quote: PricedQuote): number[] {
  return quote.lines.map((line) => line.amountPence);
}

describe('priceQuote: Section 10 non-profit fees, one site', () => {
  it.each<[LicenceTypeCode, number]>([
    ['smart-recovery', 70_000],
    ['family-and-friends', 70_000],
    ['criminal-justice', 111_000],
    ['veterans', 111_000],
    ['community', 110_000],
  ])('charges %s alone at %i pence', (licence, pence) => {
    const quote = priced(nonProfit([site('Leeds', [licence])]));
    expect(quote).toMatchObject({ lines: [{ site: 'Leeds', amountPence: pence }], totalPence: pence, priceOnRequest: false });
  });

  it('charges £700 + £410 for SMART Recovery and Family & Friends bought together at one site', () => {
    const quote = priced(nonProfit([site('Leeds', ['smart-recovery', 'family-and-friends'])]));
    expect(amounts(quote)).toEqual([70_000, 41_000]);
    expect(quote.totalPence).toBe(111_000);
  });

  it('charges £700 + £575 for SMART Recovery and Veterans bought together at one site', () => {
    const quote = priced(nonProfit([site('Leeds', ['smart-recovery', 'veterans'])]));
    expect(amounts(quote)).toEqual([70_000, 57_500]);
    expect(quote.totalPence).toBe(127_500);
  });

  it('reduces Family & Friends even when it is listed before SMART Recovery', () => {
    const quote = priced(nonProfit([site('Leeds', ['family-and-friends', 'smart-recovery'])]));
    expect(amounts(quote)).toEqual([41_000, 70_000]);
  });

  it('charges £410 for Family & Friends at a site that already holds SMART Recovery', () => {
    const quote = priced(nonProfit([site('Leeds', ['family-and-friends'], { heldLicences: ['smart-recovery'] })]));
    expect(quote).toMatchObject({
      lines: [
        {
          site: 'Leeds',
          amountPence: 41_000,
          rule: 'Section 10: reduced from £700.00 because this site already holds a SMART Recovery licence.',
        },
      ],
      totalPence: 41_000,
    });
  });

  it('charges £575 for Veterans at a site that already holds SMART Recovery', () => {
    const quote = priced(nonProfit([site('Leeds', ['veterans'], { heldLicences: ['smart-recovery'] })]));
    expect(quote.totalPence).toBe(57_500);
  });

  it('does not reduce Criminal Justice or Community, which have no reduced fee, beside SMART Recovery', () => {
    const quote = priced(nonProfit([site('Leeds', ['criminal-justice', 'community'], { heldLicences: ['smart-recovery'] })]));
    expect(amounts(quote)).toEqual([111_000, 110_000]);
  });

  it('adds nothing to the quote for licences a site already holds', () => {
    const quote = priced(nonProfit([site('Leeds', ['community'], { heldLicences: ['smart-recovery', 'family-and-friends'] })]));
    expect(quote.lines).toHaveLength(1);
    expect(quote.totalPence).toBe(110_000);
  });
});

describe('priceQuote: licences are per site (Section 9, Section 10)', () => {
  it('charges site A SMART Recovery + Family & Friends £700 + £410 and site B Family & Friends alone £700', () => {
    const quote = priced(
      nonProfit([site('Site A', ['smart-recovery', 'family-and-friends']), site('Site B', ['family-and-friends'])]),
    );
    expect(quote.lines.map((line) => [line.site, line.amountPence])).toEqual([
      ['Site A', 70_000],
      ['Site A', 41_000],
      ['Site B', 70_000],
    ]);
    expect(quote.totalPence).toBe(181_000);
  });

  it('does not reduce Family & Friends at one site because another site holds SMART Recovery', () => {
    const quote = priced(
      nonProfit([site('Leeds', [], { heldLicences: ['smart-recovery'] }), site('Bradford', ['family-and-friends'])]),
    );
    expect(quote).toMatchObject({
      lines: [{ site: 'Bradford', amountPence: 70_000, rule: 'Section 10: annual fee per site for non-profit organisations.' }],
      totalPence: 70_000,
    });
  });

  it('charges each of three sites for its own SMART Recovery licence', () => {
    const quote = priced(nonProfit([site('A', ['smart-recovery']), site('B', ['smart-recovery']), site('C', ['smart-recovery'])]));
    expect(quote.totalPence).toBe(210_000);
  });

  it('charges £180 for a satellite site beside a main site buying SMART Recovery', () => {
    const quote = priced(nonProfit([site('Leeds', ['smart-recovery']), site('Drop-in', ['satellite'], { satellite: true })]));
    expect(quote.lines.map((line) => [line.site, line.amountPence])).toEqual([
      ['Leeds', 70_000],
      ['Drop-in', 18_000],
    ]);
    expect(quote.totalPence).toBe(88_000);
  });

  it('charges only £180 for a satellite added to a main site that already holds its licence', () => {
    const quote = priced(
      nonProfit([
        site('Leeds', [], { heldLicences: ['smart-recovery'] }),
        site('Drop-in', ['satellite'], { satellite: true }),
      ]),
    );
    expect(quote).toMatchObject({ lines: [{ site: 'Drop-in', amountPence: 18_000 }], totalPence: 18_000 });
  });

  it('prices a three-site organisation with reduced, full, satellite and extra places lines', () => {
    const quote = priced(
      nonProfit([
        site('Leeds', ['family-and-friends', 'veterans'], { heldLicences: ['smart-recovery'], extraTrainingPlaces: 2 }),
        site('Bradford', ['smart-recovery', 'criminal-justice']),
        site('Leeds market drop-in', ['satellite'], { satellite: true }),
      ]),
    );
    // 410 + 575 + 2 × 120 | 700 + 1,110 | 180
    expect(amounts(quote)).toEqual([41_000, 57_500, 24_000, 70_000, 111_000, 18_000]);
    expect(quote.totalPence).toBe(321_500);
  });
});

describe('priceQuote: Section 10 profit-making fees', () => {
  const forProfit = (sites: QuoteSiteRequest[]): QuoteRequest => ({ organisationType: 'for-profit', servesVeterans: true, sites });

  it('charges £1,400 for SMART Recovery', () => {
    expect(priced(forProfit([site('Rehab', ['smart-recovery'])])).totalPence).toBe(140_000);
  });

  it('charges £1,400 for Family & Friends without SMART Recovery at the site', () => {
    expect(priced(forProfit([site('Rehab', ['family-and-friends'])])).totalPence).toBe(140_000);
  });

  it('charges £1,400 + £700 for SMART Recovery and Family & Friends together at one site', () => {
    const quote = priced(forProfit([site('Rehab', ['smart-recovery', 'family-and-friends'])]));
    expect(amounts(quote)).toEqual([140_000, 70_000]);
    expect(quote.totalPence).toBe(210_000);
  });

  it('charges £700 for Family & Friends at a site that already holds SMART Recovery', () => {
    const quote = priced(forProfit([site('Rehab', ['family-and-friends'], { heldLicences: ['smart-recovery'] })]));
    expect(quote.lines[0]).toMatchObject({
      amountPence: 70_000,
      rule: 'Section 10: reduced from £1,400.00 because this site already holds a SMART Recovery licence.',
    });
  });

  it.each<LicenceTypeCode>(['criminal-justice', 'veterans', 'community'])(
    'adds %s as a £0 line priced on request by Central Office',
    (licence) => {
      const quote = priced(forProfit([site('Rehab', [licence])]));
      expect(quote.priceOnRequest).toBe(true);
      expect(quote.totalPence).toBe(0);
      expect(quote.lines).toHaveLength(1);
      expect(quote.lines[0]?.amountPence).toBe(0);
      expect(quote.lines[0]?.description).toMatch(/: price on request$/);
      expect(quote.lines[0]?.rule).toContain('Central Office will price this licence');
    },
  );

  it('prices a satellite site on request', () => {
    const quote = priced(forProfit([site('Rehab', ['smart-recovery']), site('Outreach', ['satellite'], { satellite: true })]));
    expect(quote).toMatchObject({ totalPence: 140_000, priceOnRequest: true });
    expect(quote.lines[1]).toMatchObject({ site: 'Outreach', amountPence: 0 });
  });

  it('totals the published prices and flags the quote when one line is on request', () => {
    const quote = priced(forProfit([site('Rehab', ['smart-recovery', 'family-and-friends', 'community'])]));
    expect(amounts(quote)).toEqual([140_000, 70_000, 0]);
    expect(quote).toMatchObject({ totalPence: 210_000, priceOnRequest: true });
  });
});

describe('priceQuote: corporate partnerships (Section 10)', () => {
  const corporate = (more: Partial<QuoteRequest> = {}): QuoteRequest => ({
    organisationType: 'corporate',
    sites: [site('Head office', ['smart-recovery', 'family-and-friends'], { extraTrainingPlaces: 4 })],
    ...more,
  });

  it('prices every licence line on request at £0', () => {
    const quote = priced(corporate());
    expect(quote.lines.slice(0, 2).map((line) => [line.amountPence, line.description])).toEqual([
      [0, 'SMART Recovery licence (includes 6 facilitator training places a year): price on request'],
      [0, 'SMART Family & Friends licence (includes 3 facilitator training places a year): price on request'],
    ]);
    expect(quote.priceOnRequest).toBe(true);
  });

  it('mentions per-head pricing for more than 50,000 employees in each licence rule', () => {
    const quote = priced(corporate());
    for (const line of quote.lines.slice(0, 2)) {
      expect(line.rule).toContain('more than 50,000 employees may be eligible for per-head pricing');
    }
  });

  it('prices extra training places on request, as the training allocation is part of the tailored agreement', () => {
    const quote = priced(corporate());
    expect(quote.lines[2]).toMatchObject({ description: '4 additional facilitator training places: price on request', amountPence: 0 });
  });

  it('prices staff-led training on request too, as fees are agreed case by case and per-head pricing includes unlimited training', () => {
    const quote = priced(corporate({ training: [{ kind: 'webinar', participants: 10 }, { kind: 'in-person', participants: 8 }] }));
    expect(quote.lines.slice(3).map((line) => [line.amountPence, line.description, isPriceOnRequest(line)])).toEqual([
      [0, 'Staff-led webinar Facilitator Training for 10 people: price on request', true],
      [0, 'Staff-led in-person Facilitator Training for 8 people; staff travel and accommodation expenses are charged on top: price on request', true],
    ]);
    expect(quote.lines[3]?.rule).toBe(CORPORATE_PRICING_RULE);
    expect(quote).toMatchObject({ totalPence: 0, priceOnRequest: true });
  });
});

describe('priceQuote: extra facilitator training places (Section 10)', () => {
  it('charges £120 for each extra place at a site', () => {
    const quote = priced(nonProfit([site('Leeds', ['smart-recovery'], { extraTrainingPlaces: 3 })]));
    expect(quote.lines[1]).toEqual({
      site: 'Leeds',
      description: '3 additional facilitator training places',
      amountPence: 36_000,
      rule: 'Section 10: additional online training places beyond the included allocation are £120.00 per person.',
    });
    expect(quote.totalPence).toBe(106_000);
  });

  it('says "place" for a single extra place', () => {
    const quote = priced(nonProfit([site('Leeds', ['smart-recovery'], { extraTrainingPlaces: 1 })]));
    expect(quote.lines[1]?.description).toBe('1 additional facilitator training place');
  });

  it('adds no line for zero extra places', () => {
    const quote = priced(nonProfit([site('Leeds', ['smart-recovery'], { extraTrainingPlaces: 0 })]));
    expect(quote.lines).toHaveLength(1);
  });

  it('charges extra places for a site that only holds its licence already', () => {
    const quote = priced(nonProfit([site('Leeds', [], { heldLicences: ['smart-recovery'], extraTrainingPlaces: 2 })]));
    expect(quote).toMatchObject({ lines: [{ site: 'Leeds', amountPence: 24_000 }], totalPence: 24_000 });
  });

  it('charges for-profit organisations £120 a place too', () => {
    const quote = priced({ organisationType: 'for-profit', sites: [site('Rehab', ['smart-recovery'], { extraTrainingPlaces: 2 })] });
    expect(quote.lines[1]?.amountPence).toBe(24_000);
  });

  it('keeps extra places per site: each site gets its own line', () => {
    const quote = priced(
      nonProfit([
        site('Leeds', ['smart-recovery'], { extraTrainingPlaces: 1 }),
        site('York', ['smart-recovery'], { extraTrainingPlaces: 2 }),
      ]),
    );
    expect(quote.lines.map((line) => [line.site, line.amountPence])).toEqual([
      ['Leeds', 70_000],
      ['Leeds', 12_000],
      ['York', 70_000],
      ['York', 24_000],
    ]);
  });
});

describe('priceQuote: licence line descriptions', () => {
  it('names the licence and its included training places', () => {
    const quote = priced(nonProfit([site('Leeds', ['criminal-justice'])]));
    expect(quote.lines[0]?.description).toBe('SMART Criminal Justice licence (includes 10 facilitator training places a year)');
  });

  it('says a satellite licence includes no training places', () => {
    const quote = priced(nonProfit([site('Leeds', ['smart-recovery']), site('Drop-in', ['satellite'], { satellite: true })]));
    expect(quote.lines[1]?.description).toBe('SMART Satellite licence (no facilitator training places included)');
  });

  it('uses the trimmed site name on each line', () => {
    const quote = priced(nonProfit([site('  Leeds  ', ['smart-recovery'])]));
    expect(quote.lines[0]?.site).toBe('Leeds');
  });
});

describe('priceQuote: staff-led Facilitator Training (Section 10)', () => {
  it('charges £2,000 for in-person training and says expenses are charged on top', () => {
    const quote = priced(nonProfit([site('Leeds', ['smart-recovery'])], { training: [{ kind: 'in-person', participants: 8 }] }));
    expect(quote.lines[1]).toEqual({
      site: null,
      description: 'Staff-led in-person Facilitator Training for 8 people; staff travel and accommodation expenses are charged on top',
      amountPence: 200_000,
      rule: 'Section 10: staff-led in-person Facilitator Training is £2,000.00 per group of 6 to 12 people, plus staff expenses (travel & accommodation).',
    });
  });

  it('charges £1,250 for webinar training', () => {
    const quote = priced(nonProfit([site('Leeds', ['smart-recovery'])], { training: [{ kind: 'webinar', participants: 12 }] }));
    expect(quote.lines[1]).toMatchObject({ site: null, description: 'Staff-led webinar Facilitator Training for 12 people', amountPence: 125_000 });
  });

  it('charges each group separately', () => {
    const quote = priced(
      nonProfit([site('Leeds', ['smart-recovery'])], {
        training: [
          { kind: 'in-person', participants: 6 },
          { kind: 'webinar', participants: 7 },
        ],
      }),
    );
    expect(quote.totalPence).toBe(70_000 + 200_000 + 125_000);
  });

  it('does not put the expenses into the amount or flag the quote as priced on request', () => {
    const quote = priced(nonProfit([site('Leeds', [], { heldLicences: ['smart-recovery'] })], { training: [{ kind: 'in-person', participants: 10 }] }));
    expect(quote).toMatchObject({ totalPence: 200_000, priceOnRequest: false });
  });

  it('prices 25 people for in-person training as 3 groups of up to 12, and a number of groups asked for as that many', () => {
    const fewest = priced(nonProfit([site('Leeds', [], { heldLicences: ['smart-recovery'] })], { training: [{ kind: 'in-person', participants: 25 }] }));
    expect(fewest.lines[0]).toMatchObject({
      description: 'Staff-led in-person Facilitator Training for 25 people in 3 groups; staff travel and accommodation expenses are charged on top',
      amountPence: 3 * 200_000,
    });
    expect(fewest.items[0]).toEqual({ kind: 'staff_training', training: 'in-person', groups: 3 });
    const chosen = priced(nonProfit([site('Leeds', [], { heldLicences: ['smart-recovery'] })], { training: [{ kind: 'webinar', participants: 24, groups: 4 }] }));
    expect(chosen.lines[0]).toMatchObject({ description: 'Staff-led webinar Facilitator Training for 24 people in 4 groups', amountPence: 4 * 125_000 });
  });

  it('marks the in-person line as leaving out expenses, and no other line', () => {
    const quote = priced(
      nonProfit([site('Leeds', ['smart-recovery'])], { training: [{ kind: 'in-person', participants: 6 }, { kind: 'webinar', participants: 7 }] }),
    );
    expect(quote.lines.map(chargesExpensesOnTop)).toEqual([false, true, false]);
  });
});

describe('priceQuote: publications (Section 9)', () => {
  const withPublications = (publications: QuoteRequest['publications']): QuoteRequest =>
    nonProfit([site('Leeds', [], { heldLicences: ['smart-recovery'] })], { publications });

  it('charges a £12 co-branded handbook at £16 each', () => {
    const quote = priced(withPublications([{ title: 'SMART Recovery Handbook', rrpPence: 1_200, quantity: 10, coBranded: true }]));
    expect(quote.lines[0]).toEqual({
      site: null,
      description: 'Co-branded SMART Recovery Handbook: 10 × £16.00',
      amountPence: 16_000,
      rule: 'Section 9: co-branded publications cost the RRP (£12.00) plus a surcharge of 1/3 of the RRP, rounded to the penny.',
    });
  });

  it('charges a publication that is not co-branded at its RRP', () => {
    const quote = priced(withPublications([{ title: 'SMART Recovery Handbook', rrpPence: 1_200, quantity: 10, coBranded: false }]));
    expect(quote.lines[0]).toMatchObject({ description: 'SMART Recovery Handbook: 10 × £12.00', amountPence: 12_000 });
  });

  it('rounds the co-branded unit price once and multiplies it by the quantity', () => {
    // £4.99 co-branded is £6.65 (6.6533… rounded); 3 × £6.65 = £19.95, not 3 × 4.99 × 4/3 = £19.96.
    const quote = priced(withPublications([{ title: 'Workbook', rrpPence: 499, quantity: 3, coBranded: true }]));
    expect(quote.lines[0]).toMatchObject({ description: 'Co-branded Workbook: 3 × £6.65', amountPence: 1_995 });
  });

  it('adds each publication as its own line and totals them', () => {
    const quote = priced(
      withPublications([
        { title: 'Handbook', rrpPence: 1_200, quantity: 2, coBranded: true },
        { title: 'Veteran Programme Notebook', rrpPence: 800, quantity: 5, coBranded: false },
      ]),
    );
    expect(amounts(quote)).toEqual([3_200, 4_000]);
    expect(quote.totalPence).toBe(7_200);
  });
});

describe('priceQuote: Start SMART once on sale (Section 3)', () => {
  const launched: FeeSchedule = { ...schedule, startSmartLaunchDate: '2026-09-01' };
  const childrensService = (sites: QuoteSiteRequest[]): QuoteRequest => ({
    organisationType: 'non-profit',
    childrensServiceProvider: true,
    sites,
  });

  it('prices Start SMART on request while the schedule publishes no fee', () => {
    const quote = priced(childrensService([site('Youth hub', ['start-smart'])]), launched);
    expect(quote).toMatchObject({
      lines: [{ description: 'Start SMART licence: price on request', amountPence: 0 }],
      priceOnRequest: true,
    });
  });

  it('charges the fee a later schedule publishes', () => {
    const priced2027: FeeSchedule = {
      ...launched,
      licences: {
        ...launched.licences,
        'start-smart': { ...launched.licences['start-smart'], nonProfitPence: 50_000, includedTrainingPlaces: 4 },
      },
    };
    const quote = priced(childrensService([site('Youth hub', ['start-smart'])]), priced2027);
    expect(quote.lines[0]).toMatchObject({
      description: 'Start SMART licence (includes 4 facilitator training places a year)',
      amountPence: 50_000,
    });
  });

  it('goes on sale on the launch date itself', () => {
    const result = priceQuote(childrensService([site('Youth hub', ['start-smart'])]), launched, '2026-09-01');
    expect(result.ok).toBe(true);
  });
});

describe('priceQuote: outcomes', () => {
  it('rejects a request that breaks a rule, with the errors and no lines', () => {
    const result = priceQuote(nonProfit([]), schedule, TODAY);
    expect(result).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'no_sites' })] });
  });

  it('says the quote is not priced on request when every line has a published price', () => {
    expect(priced(nonProfit([site('Leeds', ['smart-recovery'])])).priceOnRequest).toBe(false);
  });

  it('returns totals and amounts in whole pence', () => {
    const quote = priced(
      nonProfit([site('Leeds', ['smart-recovery', 'veterans'], { extraTrainingPlaces: 1 })], {
        publications: [{ title: 'Handbook', rrpPence: 1_001, quantity: 7, coBranded: true }],
      }),
    );
    expect([...amounts(quote), quote.totalPence].every(Number.isSafeInteger)).toBe(true);
  });

  it('refuses a date that is not YYYY-MM-DD, since dates are compared as text', () => {
    expect(() => priceQuote(nonProfit([site('Leeds', ['smart-recovery'])]), schedule, '2026-9-1')).toThrow(RangeError);
  });
});

describe('isPriceOnRequest', () => {
  it('marks exactly the lines Central Office will price, and not a line that merely costs nothing', () => {
    const quote = priced({
      organisationType: 'for-profit',
      sites: [site('Rehab', ['smart-recovery', 'criminal-justice'])],
      publications: [{ title: 'Free leaflet', rrpPence: 0, quantity: 5, coBranded: false }],
    });
    expect(quote.lines.map(isPriceOnRequest)).toEqual([false, true, false]);
    expect(quote.lines[2]?.amountPence).toBe(0);
  });

  it('gives the description of a line priced on request without its ending, and leaves any other description alone', () => {
    const quote = priced({ organisationType: 'for-profit', sites: [site('Rehab', ['smart-recovery', 'criminal-justice'])] });
    expect(withoutPriceOnRequest(quote.lines[1]!.description)).toBe('SMART Criminal Justice licence (includes 10 facilitator training places a year)');
    expect(withoutPriceOnRequest(quote.lines[0]!.description)).toBe(quote.lines[0]!.description);
  });
});

describe('what each line sells', () => {
  it('gives every line an item in the same order, naming the licence type for licence lines', () => {
    const result = priceQuote(
      {
        organisationType: 'non-profit',
        sites: [{ name: 'Hub', licences: ['smart-recovery', 'family-and-friends'], extraTrainingPlaces: 2 }],
        training: [{ kind: 'webinar', participants: 8 }],
        publications: [{ title: 'Handbook', rrpPence: 1200, quantity: 3, coBranded: true }],
      },
      APRIL_2026_SCHEDULE,
      '2026-11-24',
    );
    if (!result.ok) throw new Error('expected a priced quote');
    expect(result.items).toEqual([
      { kind: 'licence', licenceType: 'smart-recovery' },
      { kind: 'licence', licenceType: 'family-and-friends' },
      { kind: 'training_places', places: 2 },
      { kind: 'staff_training', training: 'webinar', groups: 1 },
      { kind: 'publication' },
    ]);
    expect(result.items).toHaveLength(result.lines.length);
  });
});
