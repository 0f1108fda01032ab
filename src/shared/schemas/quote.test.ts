import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { APRIL_2026_SCHEDULE } from '../../domain/fees/fee-schedule.js';
import { priceQuote, type QuoteError, type QuoteLine, type QuoteRequest } from '../../domain/fees/quote.js';
import {
  MAX_QUOTE_SITES,
  quoteLineSchema,
  quoteRequestSchema,
  quoteResponseSchema,
  quoteRuleErrorSchema,
} from './quote.js';

const validRequest = {
  organisationType: 'non-profit',
  servesVeterans: true,
  childrensServiceProvider: false,
  sites: [
    { name: 'Leeds', licences: ['family-and-friends'], heldLicences: ['smart-recovery'], extraTrainingPlaces: 2 },
    { name: 'Leeds market', satellite: true, licences: ['satellite'] },
  ],
  training: [{ kind: 'webinar', participants: 8 }],
  publications: [{ title: 'SMART Recovery Handbook', rrpPence: 1_200, quantity: 10, coBranded: true }],
};

function withSite(site: Record<string, unknown>) {
  return { organisationType: 'non-profit', sites: [{ name: 'Leeds', licences: ['smart-recovery'], ...site }] };
}

describe('quoteRequestSchema', () => {
  it('accepts a request using every field', () => {
    expect(quoteRequestSchema.safeParse(validRequest).success).toBe(true);
  });

  it('accepts the smallest request: an organisation type and one site with one licence', () => {
    expect(quoteRequestSchema.safeParse(withSite({})).success).toBe(true);
  });

  it('trims site names and publication titles', () => {
    const parsed = quoteRequestSchema.parse({
      ...validRequest,
      sites: [{ name: '  Leeds  ', licences: ['smart-recovery'] }],
      publications: [{ title: ' Handbook ', rrpPence: 1_200, quantity: 1, coBranded: false }],
    });
    expect(parsed.sites[0]?.name).toBe('Leeds');
    expect(parsed.publications?.[0]?.title).toBe('Handbook');
  });

  it('rejects a site name that is only spaces', () => {
    expect(quoteRequestSchema.safeParse(withSite({ name: '   ' })).success).toBe(false);
  });

  it('rejects a site name longer than 120 characters', () => {
    expect(quoteRequestSchema.safeParse(withSite({ name: 'x'.repeat(121) })).success).toBe(false);
  });

  it('rejects a publication title longer than 200 characters', () => {
    const request = { ...validRequest, publications: [{ title: 'x'.repeat(201), rrpPence: 100, quantity: 1, coBranded: false }] };
    expect(quoteRequestSchema.safeParse(request).success).toBe(false);
  });

  it('rejects a licence code that is not a licence type', () => {
    expect(quoteRequestSchema.safeParse(withSite({ licences: ['insideout'] })).success).toBe(false);
  });

  it('rejects an organisation type outside non-profit, for-profit and corporate', () => {
    expect(quoteRequestSchema.safeParse({ ...validRequest, organisationType: 'charity' }).success).toBe(false);
  });

  it('rejects an unknown field, so a misspelt one is not silently ignored', () => {
    expect(quoteRequestSchema.safeParse(withSite({ heldLicense: ['smart-recovery'] })).success).toBe(false);
  });

  it('rejects negative extra training places', () => {
    expect(quoteRequestSchema.safeParse(withSite({ extraTrainingPlaces: -1 })).success).toBe(false);
  });

  it('rejects a fraction of a training place', () => {
    expect(quoteRequestSchema.safeParse(withSite({ extraTrainingPlaces: 1.5 })).success).toBe(false);
  });

  it('rejects an RRP in fractions of a penny', () => {
    const request = { ...validRequest, publications: [{ title: 'Handbook', rrpPence: 1_200.5, quantity: 1, coBranded: false }] };
    expect(quoteRequestSchema.safeParse(request).success).toBe(false);
  });

  it('rejects a negative RRP', () => {
    const request = { ...validRequest, publications: [{ title: 'Handbook', rrpPence: -1, quantity: 1, coBranded: false }] };
    expect(quoteRequestSchema.safeParse(request).success).toBe(false);
  });

  it('rejects a publication quantity of zero', () => {
    const request = { ...validRequest, publications: [{ title: 'Handbook', rrpPence: 1_200, quantity: 0, coBranded: false }] };
    expect(quoteRequestSchema.safeParse(request).success).toBe(false);
  });

  it('rejects a training kind other than in-person or webinar', () => {
    expect(quoteRequestSchema.safeParse({ ...validRequest, training: [{ kind: 'online', participants: 8 }] }).success).toBe(false);
  });

  it(`accepts ${MAX_QUOTE_SITES} sites`, () => {
    const sites = Array.from({ length: MAX_QUOTE_SITES }, (_, i) => ({ name: `Site ${i}`, licences: ['smart-recovery'] }));
    expect(quoteRequestSchema.safeParse({ organisationType: 'non-profit', sites }).success).toBe(true);
  });

  it(`rejects more than ${MAX_QUOTE_SITES} sites`, () => {
    const sites = Array.from({ length: MAX_QUOTE_SITES + 1 }, (_, i) => ({ name: `Site ${i}`, licences: ['smart-recovery'] }));
    expect(quoteRequestSchema.safeParse({ organisationType: 'non-profit', sites }).success).toBe(false);
  });

  it('leaves scheme rules to the domain: no sites and a group of 2 pass the schema', () => {
    const request = { organisationType: 'non-profit', sites: [], training: [{ kind: 'webinar', participants: 2 }] };
    expect(quoteRequestSchema.safeParse(request).success).toBe(true);
  });

  it('produces a value the domain can price', () => {
    const result = priceQuote(quoteRequestSchema.parse(validRequest), APRIL_2026_SCHEDULE, '2026-11-24');
    // £410 + 2 × £120 + £180 + £1,250 + 10 × £16
    expect(result).toMatchObject({ ok: true, totalPence: 41_000 + 24_000 + 18_000 + 125_000 + 16_000 });
  });

  it("has an output type that satisfies the domain's request type", () => {
    expectTypeOf<z.output<typeof quoteRequestSchema>>().toExtend<QuoteRequest>();
  });

  it('is registered for OpenAPI as QuoteRequest', () => {
    expect(z.globalRegistry.get(quoteRequestSchema)?.id).toBe('QuoteRequest');
  });
});

describe('quoteResponseSchema', () => {
  function pricedResponse() {
    const result = priceQuote(quoteRequestSchema.parse(validRequest), APRIL_2026_SCHEDULE, '2026-11-24');
    if (!result.ok) throw new Error('expected a priced quote');
    const { lines, totalPence, priceOnRequest } = result;
    return { reference: 'Q-2026-000123', validUntil: '2026-12-24', lines, totalPence, priceOnRequest };
  }

  it("accepts the domain's priced quote with a reference and validity date", () => {
    expect(quoteResponseSchema.safeParse(pricedResponse()).success).toBe(true);
  });

  it('rejects a validity date that is not YYYY-MM-DD', () => {
    expect(quoteResponseSchema.safeParse({ ...pricedResponse(), validUntil: '24/12/2026' }).success).toBe(false);
  });

  it('rejects a negative total', () => {
    expect(quoteResponseSchema.safeParse({ ...pricedResponse(), totalPence: -1 }).success).toBe(false);
  });

  it('accepts a line with no site, as training and publication lines have', () => {
    const line = { site: null, description: 'Staff-led webinar Facilitator Training for 8 people', amountPence: 125_000, rule: 'Section 10' };
    expect(quoteLineSchema.safeParse(line).success).toBe(true);
  });

  it("has a line type equal to the domain's quote line", () => {
    expectTypeOf<z.output<typeof quoteLineSchema>>().toEqualTypeOf<QuoteLine>();
  });

  it('is registered for OpenAPI as QuoteResponse', () => {
    expect(z.globalRegistry.get(quoteResponseSchema)?.id).toBe('QuoteResponse');
  });
});

describe('quoteRuleErrorSchema', () => {
  it("accepts every error the domain gives for a rejected quote", () => {
    const result = priceQuote({ organisationType: 'non-profit', sites: [{ name: 'Leeds', licences: ['veterans'] }] }, APRIL_2026_SCHEDULE, '2026-11-24');
    expect(result.ok).toBe(false);
    const errors: QuoteError[] = result.ok ? [] : result.errors;
    expect(z.array(quoteRuleErrorSchema).safeParse(errors).success).toBe(true);
  });
});
