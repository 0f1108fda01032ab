import { z } from 'zod';
import { LICENCE_TYPES, NATIONS } from '../../domain/reference.js';

const licenceCodes = LICENCE_TYPES.map((l) => l.code) as [string, ...string[]];

/** Adding programmes or sites to an existing partnership (Section 9: "add a programme to our existing licence"). */
export const additionRequestSchema = z
  .strictObject({
    sites: z
      .array(
        z.union([
          z.strictObject({
            siteId: z.uuid(),
            licences: z.array(z.enum(licenceCodes)).max(10).default([]),
            extraTrainingPlaces: z.number().int().min(0).max(500).optional(),
          }),
          z.strictObject({
            newSite: z.strictObject({
              name: z.string().trim().min(1).max(120),
              address: z.string().trim().min(1).max(500),
              postcode: z.string().trim().min(5).max(10),
              nation: z.enum(NATIONS.map((n) => n.code) as [string, ...string[]]),
              satellite: z.boolean().default(false),
            }),
            licences: z.array(z.enum(licenceCodes)).min(1).max(10),
          }),
        ]),
      )
      .min(1)
      .max(50),
    poNumber: z.string().trim().max(50).optional(),
    /** Central Office's agreed amounts for lines the schedule prices on request, by line index. */
    agreedPrices: z.array(z.strictObject({ index: z.number().int().min(0), amountPence: z.number().int().min(0).max(100_000_000) })).max(100).optional(),
  })
  .meta({ id: 'AdditionRequest' });
export type AdditionRequest = z.infer<typeof additionRequestSchema>;
