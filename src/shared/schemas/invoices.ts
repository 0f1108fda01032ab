import { z } from 'zod';
import { LICENCE_TYPES } from '../../domain/reference.js';

const licenceCodes = LICENCE_TYPES.map((l) => l.code) as [string, ...string[]];
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD');

export const invoiceLineInputSchema = z.strictObject({
  kind: z.enum(['licence', 'renewal', 'training_places', 'staff_training', 'publication', 'other']),
  siteId: z.uuid().optional(),
  licenceType: z.enum(licenceCodes).optional(),
  quantity: z.number().int().min(1).max(10_000).optional(),
  description: z.string().trim().min(1).max(300),
  rule: z.string().trim().min(1).max(300),
  amountPence: z.number().int().min(0).max(100_000_000),
});

/** Central Office raises an invoice by hand (for example extra training places or publications). */
export const invoiceRequestSchema = z
  .strictObject({
    organisationId: z.uuid(),
    billing: z.strictObject({
      name: z.string().trim().min(1).max(200),
      email: z.email().max(254),
      address: z.string().trim().max(500).optional(),
    }),
    poNumber: z.string().trim().max(50).optional(),
    lines: z.array(invoiceLineInputSchema).min(1).max(200),
  })
  .meta({ id: 'InvoiceRequest' });
export type InvoiceRequest = z.infer<typeof invoiceRequestSchema>;

export const paymentRequestSchema = z
  .strictObject({
    amountPence: z.number().int().min(1).max(100_000_000),
    paidOn: isoDate,
    method: z.enum(['bank-transfer', 'card', 'cheque', 'other']),
    reference: z.string().trim().min(1).max(100),
  })
  .meta({ id: 'PaymentRequest' });
export type PaymentRequest = z.infer<typeof paymentRequestSchema>;

export const creditNoteRequestSchema = z
  .strictObject({
    amountPence: z.number().int().min(1).max(100_000_000),
    reason: z.string().trim().min(1).max(500),
  })
  .meta({ id: 'CreditNoteRequest' });

export const invoiceStatusSchema = z.enum(['issued', 'part-paid', 'paid', 'credited']);

export const invoiceSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    reference: z.string(),
    organisationId: z.string(),
    kind: z.string(),
    billing: z.object({ name: z.string(), email: z.string(), address: z.string().nullable() }),
    poNumber: z.string().nullable(),
    issuedOn: z.string(),
    dueOn: z.string(),
    totalPence: z.number().int(),
    paidPence: z.number().int(),
    creditedPence: z.number().int(),
    outstandingPence: z.number().int(),
    status: invoiceStatusSchema,
    lines: z.array(z.object({ description: z.string(), rule: z.string(), amountPence: z.number().int(), siteId: z.string().nullable(), licenceType: z.string().nullable() })),
    payments: z.array(z.object({ id: z.string(), amountPence: z.number().int(), paidOn: z.string(), method: z.string(), reference: z.string() })),
    creditNotes: z.array(z.object({ id: z.string(), number: z.number().int(), reference: z.string(), amountPence: z.number().int(), reason: z.string(), issuedOn: z.string() })),
  })
  .meta({ id: 'Invoice' });
export type InvoiceResponse = z.infer<typeof invoiceSchema>;

export const paymentResultSchema = z
  .object({
    paymentId: z.string(),
    duplicate: z.boolean(),
    invoice: invoiceSchema,
    licencesIssued: z.array(z.object({ id: z.string(), number: z.string(), renewed: z.boolean() })),
  })
  .meta({ id: 'PaymentResult' });
