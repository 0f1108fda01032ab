import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REGIONS } from '../../../domain/reference.js';
import { errorResponseSchema } from '../../../shared/errors.js';
import { invoiceSchema } from '../../../shared/schemas/invoices.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import { getInvoice } from '../invoices/invoices.service.js';
import { invoiceStartUpForm } from './onboarding.service.js';
import { invoiceAddition, priceAddition } from './additions.service.js';
import { type AdditionRequest, additionRequestSchema } from '../../../shared/schemas/additions.js';
import { quoteLineSchema } from '../../../shared/schemas/quote.js';
import { notFound } from '../../errors.js';

const invoiceStartUpFormSchema = z
  .strictObject({
    poNumber: z.string().trim().min(1).max(50).optional(),
    region: z.enum(REGIONS.map((r) => r.code) as [string, ...string[]]).optional(),
  })
  .meta({ id: 'InvoiceStartUpFormRequest' });

export async function onboardingRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/start-up-forms/:id/invoice',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Start-Up Forms'],
        summary: 'Turn an accepted Start-Up Form into the partner organisation and its invoice (again: the same invoice)',
        params: z.object({ id: z.uuid() }),
        body: invoiceStartUpFormSchema,
        response: { 201: z.object({ organisationId: z.string(), invoice: invoiceSchema }), 200: z.object({ organisationId: z.string(), invoice: invoiceSchema }), 404: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const result = await invoiceStartUpForm(deps, actorOf(request), request.params.id, request.body as { poNumber?: string; region?: never });
      return reply.status(result.created ? 201 : 200).send({ organisationId: result.organisationId, invoice: await getInvoice(deps, result.invoiceId) });
    },
  );
}

/** Adding programmes or sites to an existing partnership: a quote for the SMART Lead, an invoice by Central Office. */
export async function additionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ id: z.uuid() });

  api.post(
    '/api/v1/organisations/:id/additions/quote',
    {
      config: { policy: 'smartLead' },
      schema: {
        tags: ['Licences'],
        summary: 'Price adding programmes or sites to an existing partnership (the reduced fee applies where SMART Recovery is held)',
        params,
        body: additionRequestSchema,
        response: { 200: z.object({ lines: z.array(quoteLineSchema), totalPence: z.number().int(), priceOnRequest: z.boolean() }), 404: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (user.role !== 'central_office' && user.organisationId !== request.params.id) throw notFound('organisation');
      const { priced } = await priceAddition(deps, request.params.id, request.body as AdditionRequest);
      return { lines: priced.lines, totalPence: priced.totalPence, priceOnRequest: priced.priceOnRequest };
    },
  );

  api.post(
    '/api/v1/organisations/:id/additions',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Licences'],
        summary: 'Invoice an addition to an existing partnership. Send an Idempotency-Key header: a retry returns the first invoice.',
        params,
        body: additionRequestSchema,
        headers: z.object({ 'idempotency-key': z.string().min(8).max(200).optional() }),
        response: { 201: invoiceSchema, 200: invoiceSchema, 404: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'] ?? crypto.randomUUID();
      const invoice = await invoiceAddition(deps, actorOf(request), request.params.id, request.body as AdditionRequest, key);
      return reply.status(invoice.created ? 201 : 200).send(await getInvoice(deps, invoice.id));
    },
  );
}
