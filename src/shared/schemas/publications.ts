import { z } from 'zod';
import { MAX_COPIES, PUBLICATIONS } from '../../domain/publications/catalogue.js';

const CODES = PUBLICATIONS.map((p) => p.code) as [string, ...string[]];

/** A co-branded publication order (Section 9): which publications, how many, and the logo uploaded for it. */
export const publicationOrderSchema = z
  .strictObject({
    /** Central Office orders for an organisation; a SMART Lead's order is always their own organisation's. */
    organisationId: z.uuid({ message: 'Choose the organisation' }).optional(),
    logoId: z.uuid({ message: 'Upload your logo first' }),
    poNumber: z
      .string()
      .trim()
      .max(60, 'Use 60 characters or fewer')
      .optional()
      .transform((v) => (v ? v : undefined)),
    items: z
      .array(
        z.strictObject({
          publicationCode: z.enum(CODES, { message: 'Choose a publication from the list' }),
          quantity: z.coerce
            .number({ message: 'Enter how many copies' })
            .int('Enter a whole number of copies')
            .min(1, 'Order at least 1 copy')
            .max(MAX_COPIES, `Order at most ${MAX_COPIES} copies of one publication`),
        }),
      )
      .min(1, 'Choose at least one publication')
      .max(PUBLICATIONS.length)
      .refine((items) => new Set(items.map((i) => i.publicationCode)).size === items.length, 'Choose each publication once'),
  })
  .meta({ id: 'PublicationOrderRequest' });
export type PublicationOrderRequest = z.infer<typeof publicationOrderSchema>;

export const publicationSchema = z.object({ code: z.string(), title: z.string(), rrpPence: z.number().int(), coBrandedPence: z.number().int() }).meta({ id: 'Publication' });
export const publicationCatalogueSchema = z.object({ publications: z.array(publicationSchema) });

export const logoUploadedSchema = z.object({ id: z.uuid(), contentType: z.enum(['image/png', 'image/jpeg']), byteSize: z.number().int() }).meta({ id: 'LogoUploaded' });

export const publicationOrderResponseSchema = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    organisationName: z.string(),
    logoId: z.uuid(),
    invoiceId: z.uuid().nullable(),
    invoiceNumber: z.number().int().nullable(),
    poNumber: z.string().nullable(),
    createdAt: z.string(),
    totalPence: z.number().int(),
    lines: z.array(
      z.object({ publicationCode: z.string(), title: z.string(), quantity: z.number().int(), rrpPence: z.number().int(), unitPence: z.number().int(), amountPence: z.number().int() }),
    ),
  })
  .meta({ id: 'PublicationOrder' });
export type PublicationOrderResponse = z.infer<typeof publicationOrderResponseSchema>;

export const publicationOrderListSchema = z.object({ orders: z.array(publicationOrderResponseSchema) });
export const orderIdParamsSchema = z.strictObject({ id: z.uuid({ message: 'Not a valid order id' }) });
export const logoUploadQuerySchema = z.strictObject({ organisationId: z.uuid({ message: 'Choose the organisation' }).optional() });
