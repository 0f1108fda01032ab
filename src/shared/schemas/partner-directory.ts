import { z } from 'zod';
import { LICENCE_TYPES, REGIONS } from '../../domain/reference.js';

const REGION_CODES = REGIONS.map((r) => r.code) as [string, ...string[]];
// A Satellite licence licenses no programme itself, so it is no filter for the directory.
const PROGRAMME_LICENCES = LICENCE_TYPES.filter((l) => l.code !== 'satellite').map((l) => l.code) as [string, ...string[]];
// An empty choice ("Any") means no filter.
const choiceOrAny = (codes: [string, ...string[]], message: string) =>
  z
    .enum(['', ...codes], { message })
    .optional()
    .transform((v) => (v ? v : undefined));

/** The public partner directory's plain GET form: region and licensed programme, either may be "any". */
export const directoryQuerySchema = z.object({
  region: choiceOrAny(REGION_CODES, 'Choose a region from the list'),
  programme: choiceOrAny(PROGRAMME_LICENCES, 'Choose a programme from the list'),
});
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;

/** The SMART Lead or Central Office records whether the organisation agreed to be listed. */
export const directoryListingSchema = z
  .strictObject({ listed: z.boolean({ message: 'Say whether the organisation agreed to be listed' }) })
  .meta({ id: 'DirectoryListing' });
export type DirectoryListing = z.infer<typeof directoryListingSchema>;

export const directoryListingResponseSchema = z.object({ organisationId: z.uuid(), listed: z.boolean(), version: z.number().int() }).meta({ id: 'DirectoryListingState' });

export const organisationIdParamsSchema = z.strictObject({ id: z.uuid({ message: 'Not a valid organisation id' }) });
