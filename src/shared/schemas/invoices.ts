import { z } from 'zod';
import { LICENCE_TYPES } from '../../domain/reference.js';

const licenceCodes = LICENCE_TYPES.map((l) => l.code) as [string, ...string[]];

export const invoiceLineInputSchema = z.strictObject({
  kind: z.enum(['licence', 'renewal', 'training_places', 'staff_training', 'publication', 'other']),
  siteId: z.uuid().optional(),
  licenceType: z.enum(licenceCodes).optional(),
  quantity: z.number().int().min(1).max(10_000).optional(),
  description: z.string().trim().min(1).max(300),
  rule: z.string().trim().min(1).max(300),
  amountPence: z.number().int().min(0).max(100_000_000),
}).refine((line) => (line.kind !== 'licence' && line.kind !== 'renewal') || Boolean(line.siteId && line.licenceType), {
  // Paying a licence or renewal line issues or renews the site's licence of that type; without them it would be paid and renew nothing (decision 174).
  message: 'Name the site and licence type of a licence or renewal line',
  path: ['siteId'],
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
    amountPence: z.number({ message: 'Enter the amount in pounds, like 1110.00' }).int('Enter the amount in pounds, like 1110.00').min(1, 'Enter the amount in pounds, like 1110.00').max(100_000_000, 'That amount is too large'),
    paidOn: z.string({ message: 'Enter the date paid' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date paid'),
    method: z.enum(['bank-transfer', 'card', 'cheque', 'other'], { message: 'Choose how it was paid' }),
    // Shown beside the Payment reference field in the portal (a bare "too small" helps no one).
    reference: z.string({ message: 'Enter the payment reference, like the bank transfer reference' }).trim().min(1, 'Enter the payment reference, like the bank transfer reference').max(100, 'Use 100 characters or fewer'),
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
    /** The organisation billed, as the PDF names it beside the billing contact. */
    organisationName: z.string(),
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
