import { z } from 'zod';
import { LICENCE_TYPES, ORGANISATION_TYPES, type LicenceTypeCode } from '../../domain/reference.js';

// The schemas check shape and size limits only. The scheme's rules (at least one site, unique
// site names, group sizes of 6 to 12, who may buy Veterans or Start SMART) live in
// src/domain/fees, which answers with the rule's section and what to do instead; repeating them
// here would give the same mistake two different messages. The messages below are for the shape
// alone, worded for people, because the public Quote page shows them next to its fields.

const LICENCE_TYPE_CODES = LICENCE_TYPES.map((type) => type.code) as [LicenceTypeCode, ...LicenceTypeCode[]];

export const MAX_QUOTE_SITES = 50;

/** Pence, as a whole number that is never negative. */
const pence = z.int().nonnegative();

export const licenceTypeCodeSchema = z.enum(LICENCE_TYPE_CODES).meta({ id: 'LicenceTypeCode' });

export const quoteSiteSchema = z
  .strictObject({
    name: z.string({ error: 'Enter a name for the site' }).trim().min(1, 'Enter a name for the site').max(120, 'Use at most 120 characters for the site name'),
    satellite: z.boolean().optional(),
    // Longer than the seven licence types so that a repeated code reaches the domain's clearer message.
    licences: z.array(licenceTypeCodeSchema).max(20),
    heldLicences: z.array(licenceTypeCodeSchema).max(20).optional(),
    extraTrainingPlaces: z
      .int({ error: 'Enter the number of extra training places as a whole number, like 2' })
      .nonnegative('Enter the number of extra training places as a whole number, like 2')
      .max(500, 'Ask for at most 500 extra training places')
      .optional(),
  })
  .meta({ id: 'QuoteSite' });

export const quoteTrainingSchema = z
  .strictObject({
    kind: z.enum(['in-person', 'webinar'], { error: 'Choose in-person or webinar training' }),
    // Not limited to 6 to 12 here: the domain explains the group size rule.
    participants: z
      .int({ error: 'Enter the number of people as a whole number, like 8' })
      .nonnegative('Enter the number of people as a whole number, like 8')
      .max(1_000, 'Enter at most 1,000 people'),
    // Section 10 prices each group of 6 to 12; left out, the fewest groups that take everyone.
    groups: z
      .int({ error: 'Enter the number of groups as a whole number, like 2' })
      .min(1, 'Enter the number of groups as a whole number, like 2')
      .max(100, 'Ask for at most 100 groups')
      .optional(),
  })
  .meta({ id: 'QuoteTraining' });

export const quotePublicationSchema = z
  .strictObject({
    title: z.string({ error: 'Enter the title of the publication' }).trim().min(1, 'Enter the title of the publication').max(200, 'Use at most 200 characters for the title'),
    rrpPence: z
      .int({ error: 'Enter the RRP as an amount in pounds and pence, like 12.00' })
      .nonnegative('Enter the RRP as an amount in pounds and pence, like 12.00')
      .max(1_000_000, 'Enter an RRP of at most £10,000.00'),
    quantity: z
      .int({ error: 'Enter how many copies as a whole number, like 10' })
      .min(1, 'Enter how many copies, 1 or more')
      .max(10_000, 'Ask for at most 10,000 copies'),
    coBranded: z.boolean(),
  })
  .meta({ id: 'QuotePublication' });

export const quoteRequestSchema = z
  .strictObject({
    organisationType: z.enum(ORGANISATION_TYPES, { error: 'Choose the type of organisation' }),
    servesVeterans: z.boolean().optional(),
    childrensServiceProvider: z.boolean().optional(),
    sites: z.array(quoteSiteSchema).max(MAX_QUOTE_SITES),
    training: z.array(quoteTrainingSchema).max(20).optional(),
    publications: z.array(quotePublicationSchema).max(100).optional(),
  })
  .meta({ id: 'QuoteRequest' });
export type QuoteRequestBody = z.infer<typeof quoteRequestSchema>;

export const quoteLineSchema = z
  .object({
    site: z.string().nullable(),
    description: z.string(),
    amountPence: pence,
    rule: z.string(),
  })
  .meta({ id: 'QuoteLine' });

export const quoteResponseSchema = z
  .object({
    reference: z.string().min(1).max(40),
    validUntil: z.iso.date(),
    lines: z.array(quoteLineSchema),
    totalPence: pence,
    priceOnRequest: z.boolean(),
  })
  .meta({ id: 'QuoteResponse' });
export type QuoteResponse = z.infer<typeof quoteResponseSchema>;

/** One broken scheme rule, as sent in an error response's details when a quote is refused. */
export const quoteRuleErrorSchema = z
  .object({
    code: z.string(),
    rule: z.string(),
    message: z.string(),
    field: z.string(),
  })
  .meta({ id: 'QuoteRuleError' });

/** What issuing a quote answers: the priced quote, and where to download it as a PDF. */
export const issuedQuoteSchema = quoteResponseSchema
  .extend({
    // The link carries the quote's access key: anyone with it can read the quotation, so share it
    // only with the people the quote is for.
    pdfUrl: z.url(),
  })
  .meta({ id: 'IssuedQuote' });
export type IssuedQuoteResponse = z.infer<typeof issuedQuoteSchema>;

export const QUOTE_STATUSES = ['issued', 'awaiting_prices', 'priced'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/**
 * A saved quote read back with its access key, as it stands now: a line Central Office has priced
 * shows the agreed amount and says so in its rule, and the total includes it (docs/decisions/025).
 */
export const quoteDetailsSchema = issuedQuoteSchema
  .extend({
    issuedOn: z.iso.date(),
    /** issued: every line priced; awaiting_prices: Central Office is pricing lines on request; priced: it has. */
    status: z.enum(QUOTE_STATUSES),
  })
  .meta({ id: 'QuoteDetails' });
export type QuoteDetailsResponse = z.infer<typeof quoteDetailsSchema>;

// Any text up to 40 characters: a malformed reference is simply one that is not found.
export const quoteReferenceParamsSchema = z.object({ reference: z.string().min(1).max(40) });

/** The access key from the quote's link; a missing or wrong key answers as an unknown quote. */
export const quoteKeyQuerySchema = z.object({ key: z.string().optional() });

// Central Office's side of quotes: the queue of quote requests, one request as stored, and the
// prices it agrees for lines priced on request (Section 10; docs/decisions/024 and 025).

/** Which quotes Central Office lists; without a status, every quote. */
export const quoteListQuerySchema = z.object({
  status: z.enum(QUOTE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type QuoteListQuery = z.output<typeof quoteListQuerySchema>;

export const quoteSummarySchema = z
  .object({
    reference: z.string(),
    issuedOn: z.iso.date(),
    validUntil: z.iso.date(),
    organisationType: z.enum(ORGANISATION_TYPES),
    /** The priced lines, including any amount Central Office has agreed. */
    totalPence: pence,
    /** Lines still waiting for Central Office's price. */
    unpricedLines: z.int().nonnegative(),
    status: z.enum(QUOTE_STATUSES),
  })
  .meta({ id: 'QuoteSummary' });
export type QuoteSummary = z.infer<typeof quoteSummarySchema>;

export const quoteListSchema = z
  .object({ items: z.array(quoteSummarySchema), total: z.int().nonnegative() })
  .meta({ id: 'QuoteList' });
export type QuoteList = z.infer<typeof quoteListSchema>;

/** A quote's line as Central Office reviews it. */
export const quoteReviewLineSchema = z
  .object({
    /** The line's position, which the prices request names. */
    index: z.int().nonnegative(),
    site: z.string().nullable(),
    /** As issued: a line priced on request still ends ": price on request". */
    description: z.string(),
    rule: z.string(),
    /** Central Office prices this line (Section 10: corporate partnerships, or no published fee). */
    priceOnRequest: z.boolean(),
    /** Pence; null while a price-on-request line has no agreed amount yet. */
    amountPence: pence.nullable(),
    /** The UK day Central Office agreed this line's price; null for a published fee or a line not yet priced. */
    agreedOn: z.iso.date().nullable(),
  })
  .meta({ id: 'QuoteReviewLine' });
export type QuoteReviewLine = z.infer<typeof quoteReviewLineSchema>;

/** The whole stored quote for Central Office, read without the requester's key. */
export const quoteReviewSchema = z
  .object({
    reference: z.string(),
    status: z.enum(QUOTE_STATUSES),
    /** Changes with every change to the quote; send it back with the prices. */
    version: z.int(),
    issuedOn: z.iso.date(),
    validUntil: z.iso.date(),
    feeSchedule: z.object({ id: z.string(), name: z.string() }),
    /** What was asked for, exactly as it was priced. */
    request: quoteRequestSchema,
    lines: z.array(quoteReviewLineSchema),
    totalPence: pence,
    unpricedLines: z.int().nonnegative(),
    /** When the last line was priced, and by whom ("Name (email)"); null until then. */
    pricedAt: z.string().nullable(),
    pricedBy: z.string().nullable(),
  })
  .meta({ id: 'QuoteReview' });
export type QuoteReview = z.infer<typeof quoteReviewSchema>;

export const agreeQuotePricesSchema = z
  .strictObject({
    version: z.int({ error: 'Send the version of the quote you reviewed' }).min(1),
    prices: z
      .array(
        z.strictObject({
          line: z.int().nonnegative(),
          amountPence: z
            .int({ error: 'Enter the agreed price as a whole number of pence' })
            .nonnegative('Enter an agreed price of £0.00 or more')
            .max(100_000_000, 'Enter an agreed price of at most £1,000,000.00'),
        }),
      )
      .min(1, 'Give the agreed price of at least one line')
      .max(200),
  })
  .meta({ id: 'QuoteAgreePrices' });
export type AgreeQuotePrices = z.output<typeof agreeQuotePricesSchema>;
