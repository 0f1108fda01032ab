import { z } from 'zod';

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const organisationSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    organisationType: z.string(),
    sector: z.object({ code: z.string(), name: z.string() }),
    region: z.object({ code: z.string(), name: z.string() }),
  })
  .meta({ id: 'OrganisationSummary' });

export const organisationListSchema = z
  .object({ items: z.array(organisationSummarySchema), total: z.number().int() })
  .meta({ id: 'OrganisationList' });

export const siteSchema = z
  .object({
    id: z.string(), name: z.string(), address: z.string(), postcode: z.string(), nation: z.string(), region: z.string(),
    /** Satellite premises (decision 013): they take the Satellite licence, which needs a primary licence at another site. */
    satellite: z.boolean(),
  })
  .meta({ id: 'Site' });

export const organisationSchema = organisationSummarySchema
  .extend({
    charityOrCompanyNumber: z.string().nullable(),
    address: z.string().nullable(),
    postcode: z.string().nullable(),
    sites: z.array(siteSchema),
    /** Section 7: set when the SMART Lead is neither a qualified facilitator nor in training, or there is none. */
    smartLeadWarning: z.string().nullable(),
  })
  .meta({ id: 'Organisation' });
export type OrganisationResponse = z.infer<typeof organisationSchema>;
