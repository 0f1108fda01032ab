import { z } from 'zod';
import { LICENCE_TYPES } from '../../domain/reference.js';

const licenceCodes = LICENCE_TYPES.map((l) => l.code) as [string, ...string[]];

/** Section 6, step 4: the SMART Lead sends each person's name and email address. */
export const nominationRequestSchema = z
  .strictObject({
    siteId: z.uuid({ message: 'Choose one of your licensed sites' }),
    /** Which of the site's licences the place comes from; may be left out when the site has one licence with places. */
    licenceType: z.enum(licenceCodes, { message: 'Choose a licence' }).optional(),
    nomineeName: z.string().trim().min(1, 'Enter the name of the person to train').max(200, 'Enter a name of 200 characters or fewer'),
    nomineeEmail: z.email({ message: 'Enter an email address in the right form, like name@example.org' }).max(254),
  })
  .meta({ id: 'NominationRequest' });
export type NominationRequest = z.infer<typeof nominationRequestSchema>;

export const nominationStatusSchema = z.enum(['nominated', 'instructions_sent', 'released']);

export const nominationSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    organisationName: z.string(),
    siteId: z.string(),
    siteName: z.string(),
    licenceType: z.string(),
    licenceTypeName: z.string(),
    yearStartsOn: z.string(),
    yearEndsOn: z.string(),
    nomineeName: z.string(),
    nomineeEmail: z.string(),
    status: nominationStatusSchema,
    /** Who enrols the nominee: the region's Community Coordinator, or the training team inbox. */
    routedTo: z.object({ kind: z.enum(['coordinator', 'inbox']), name: z.string(), email: z.string() }),
    nominatedAt: z.string(),
    instructionsSentAt: z.string().nullable(),
    releasedAt: z.string().nullable(),
    releaseReason: z.string().nullable(),
  })
  .meta({ id: 'Nomination' });
export type NominationResponse = z.infer<typeof nominationSchema>;

export const nominationListQuerySchema = z.object({
  status: nominationStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const releaseRequestSchema = z
  .strictObject({ reason: z.string().trim().max(500, 'Enter a reason of 500 characters or fewer').optional() })
  .meta({ id: 'PlaceRelease' });

/** Section 10: extra places at £120 each, recorded when the invoice for them is paid. */
export const placePurchaseRequestSchema = z
  .strictObject({
    invoiceId: z.uuid(),
    licenceType: z.enum(licenceCodes).optional(),
    /** How many of the invoice's places to add; by default all of them not yet recorded. */
    places: z.number().int().min(1).max(1000).optional(),
  })
  .meta({ id: 'PlacePurchase' });

export const ledgerSummarySchema = z.object({
  included: z.number().int(),
  bought: z.number().int(),
  used: z.number().int(),
  released: z.number().int(),
  remaining: z.number().int(),
});

export const placeMovementSchema = z.object({
  kind: z.enum(['included', 'bought', 'used', 'released']),
  places: z.number().int(),
  at: z.string(),
  note: z.string().nullable(),
  nominationId: z.string().nullable(),
  nomineeName: z.string().nullable(),
  invoiceId: z.string().nullable(),
  recordedAt: z.string(),
});

export const siteTrainingPlacesSchema = z
  .object({
    site: z.object({ id: z.string(), name: z.string(), organisationId: z.string(), organisationName: z.string() }),
    ledgers: z.array(
      z.object({
        id: z.string(),
        licenceId: z.string(),
        licenceNumber: z.string(),
        licenceType: z.string(),
        licenceTypeName: z.string(),
        yearStartsOn: z.string(),
        yearEndsOn: z.string(),
        current: z.boolean(),
        summary: ledgerSummarySchema,
        movements: z.array(placeMovementSchema),
      }),
    ),
  })
  .meta({ id: 'SiteTrainingPlaces' });
export type SiteTrainingPlaces = z.infer<typeof siteTrainingPlacesSchema>;
