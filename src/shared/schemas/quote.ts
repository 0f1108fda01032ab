import { z } from 'zod';
import { LICENCE_TYPES, ORGANISATION_TYPES, type LicenceTypeCode } from '../../domain/reference.js';

// The schemas check shape and size limits only. The scheme's rules (at least one site, unique
// site names, group sizes of 6 to 12, who may buy Veterans or Start SMART) live in
// src/domain/fees, which answers with the rule's section and what to do instead; repeating them
// here would give the same mistake two different messages.

const LICENCE_TYPE_CODES = LICENCE_TYPES.map((type) => type.code) as [LicenceTypeCode, ...LicenceTypeCode[]];

export const MAX_QUOTE_SITES = 50;

/** Pence, as a whole number that is never negative. */
const pence = z.int().nonnegative();

export const licenceTypeCodeSchema = z.enum(LICENCE_TYPE_CODES).meta({ id: 'LicenceTypeCode' });

export const quoteSiteSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    satellite: z.boolean().optional(),
    // Longer than the seven licence types so that a repeated code reaches the domain's clearer message.
    licences: z.array(licenceTypeCodeSchema).max(20),
    heldLicences: z.array(licenceTypeCodeSchema).max(20).optional(),
    extraTrainingPlaces: z.int().nonnegative().max(500).optional(),
  })
  .meta({ id: 'QuoteSite' });

export const quoteTrainingSchema = z
  .strictObject({
    kind: z.enum(['in-person', 'webinar']),
    // Not limited to 6 to 12 here: the domain explains the group size rule.
    participants: z.int().nonnegative().max(1_000),
  })
  .meta({ id: 'QuoteTraining' });

export const quotePublicationSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    rrpPence: pence.max(1_000_000),
    quantity: z.int().min(1).max(10_000),
    coBranded: z.boolean(),
  })
  .meta({ id: 'QuotePublication' });

export const quoteRequestSchema = z
  .strictObject({
    organisationType: z.enum(ORGANISATION_TYPES),
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
