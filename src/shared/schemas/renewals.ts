import { z } from 'zod';

/**
 * The most Central Office may enter as one licence's annual price when pricing a renewal by hand:
 * £50,000.00, well above any published fee or agreed corporate price, so a slip of the keyboard
 * (an extra nought or two) is refused rather than invoiced (decision 174).
 */
export const MAX_RENEWAL_PRICE_PENCE = 5_000_000;

/** Central Office prices a renewal the run left out (decisions 156, 174). The same schema checks the portal's form. */
export const renewalPriceSchema = z
  .strictObject({
    /** The day the licence's current year ends: the licence-year whose renewal is being priced. */
    endsOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD'),
    amountPence: z
      .number({ message: 'Enter the agreed annual price in pounds, like 2500 or 2,500.00' })
      .int('Enter the price in pounds and pence')
      .min(1, 'Enter a price of more than £0.00')
      .max(MAX_RENEWAL_PRICE_PENCE, 'Enter at most £50,000.00 for one licence'),
    poNumber: z.string().trim().max(50, 'Enter a purchase order number of 50 characters or fewer').optional(),
  })
  .meta({ id: 'RenewalPrice' });
export type RenewalPriceInput = z.infer<typeof renewalPriceSchema>;

/** Where a licence-year waiting for a price by hand stands. */
export const renewalAwaitingStateSchema = z.enum(['awaiting_price', 'invoiced', 'renewed', 'year_over']);

export const renewalAwaitingPriceSchema = z
  .object({
    taskId: z.string(),
    raisedAt: z.string(),
    licenceId: z.string(),
    licenceNumber: z.string(),
    licenceType: z.string(),
    licenceTypeName: z.string(),
    organisationId: z.string(),
    organisationName: z.string(),
    siteName: z.string(),
    /** The end of the year whose renewal is to be priced. */
    endsOn: z.string(),
    status: z.enum(['active', 'in_grace', 'lapsed']),
    /**
     * awaiting_price: it can be priced now; invoiced: a renewal invoice for the year was raised by
     * hand another way; renewed: the licence has been renewed since; year_over: the year it would
     * renew has ended, so there is nothing left to renew.
     */
    state: renewalAwaitingStateSchema,
    invoice: z.object({ id: z.string(), reference: z.string() }).nullable(),
  })
  .meta({ id: 'RenewalAwaitingPrice' });
export type RenewalAwaitingPrice = z.infer<typeof renewalAwaitingPriceSchema>;
