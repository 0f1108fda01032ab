import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REGIONS } from '../../../domain/reference.js';
import { errorResponseSchema } from '../../../shared/errors.js';
import { invoiceSchema } from '../../../shared/schemas/invoices.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http.js';
import { getInvoice } from '../invoices/invoices.service.js';
import { invoiceStartUpForm } from './onboarding.service.js';

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
