import { z } from 'zod';
import { isIsoDate } from '../../domain/iso-date.js';
import { LICENCE_TYPES } from '../../domain/reference.js';

/** What a corporate partnership can set a price for: each licence type, and an extra training place. */
export const AGREED_PRICE_ITEMS = [...LICENCE_TYPES.map((l) => ({ code: l.code as string, name: `${l.name} licence (per site per year)` })), { code: 'training-place', name: 'Additional training place (per person)' }];
const ITEM_CODES = AGREED_PRICE_ITEMS.map((i) => i.code) as [string, ...string[]];
const isoDate = (message: string) => z.string().refine(isIsoDate, { message });

/** Central Office records (or replaces) the corporate partnership of an organisation of type 'corporate' (Section 10). */
export const corporatePartnershipSchema = z
  .strictObject({
    terms: z.string().trim().min(1, 'Write the terms agreed').max(8000, 'Use 8,000 characters or fewer'),
    prices: z
      .array(
        z.strictObject({
          item: z.enum(ITEM_CODES, { message: 'Choose a licence type or item from the list' }),
          amountPence: z.number({ message: 'Enter the agreed price in pence' }).int('Enter the price in whole pence').min(0, 'A price cannot be negative').max(100_000_000, 'That price is too large'),
        }),
      )
      .max(ITEM_CODES.length)
      .refine((prices) => new Set(prices.map((p) => p.item)).size === prices.length, 'Give each item one price')
      .default([]),
    startsOn: isoDate('Enter the start date, like 2027-01-01'),
    endsOn: z.union([isoDate('Enter the end date, like 2027-12-31'), z.literal('').transform(() => undefined), z.null().transform(() => undefined)]).optional(),
    accountManagerUserId: z.uuid({ message: 'Choose the account manager' }),
  })
  .refine((p) => !p.endsOn || p.endsOn >= p.startsOn, { message: 'The end date must be on or after the start date', path: ['endsOn'] })
  .meta({ id: 'CorporatePartnershipRequest' });
export type CorporatePartnershipRequest = z.infer<typeof corporatePartnershipSchema>;

export const corporatePartnershipResponseSchema = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    organisationName: z.string(),
    terms: z.string(),
    prices: z.array(z.object({ item: z.string(), name: z.string(), amountPence: z.number().int() })),
    startsOn: z.string(),
    endsOn: z.string().nullable(),
    accountManager: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
    inForce: z.boolean(),
    /** Sent back in If-Match to change it (decision 101); also the ETag of the GET. */
    version: z.number().int(),
  })
  .meta({ id: 'CorporatePartnership' });
export type CorporatePartnershipResponse = z.infer<typeof corporatePartnershipResponseSchema>;

export const corporatePartnershipListSchema = z.object({
  partnerships: z.array(corporatePartnershipResponseSchema),
  /** Corporate organisations, for choosing one, and Central Office people who can manage the account. */
  corporateOrganisations: z.array(z.object({ id: z.uuid(), name: z.string() })),
  accountManagers: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
