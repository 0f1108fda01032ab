import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import { invoiceSchema } from '../../../shared/schemas/invoices.js';
import { pageQuerySchema } from '../../../shared/schemas/organisations.js';
import { renewalAwaitingPriceSchema, renewalPriceSchema } from '../../../shared/schemas/renewals.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http.js';
import { getInvoice } from '../invoices/invoices.service.js';
import { listRenewalsAwaitingPrice, priceRenewal } from './renewal-pricing.service.js';

const idParams = z.object({ id: z.uuid() });

/** Renewals the run could not price, and Central Office pricing them by hand (decisions 156, 174). */
export async function renewalRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/renewals/awaiting-price',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Licences'],
        summary: 'Renewals the renewal run left for Central Office to price by hand (open tasks), oldest first',
        querystring: pageQuerySchema,
        response: { 200: z.object({ items: z.array(renewalAwaitingPriceSchema), total: z.number().int() }), 401: errorResponseSchema, 403: errorResponseSchema },
      },
    },
    async (request) => listRenewalsAwaitingPrice(deps, request.query),
  );

  api.post(
    '/api/v1/licences/:id/renewal-invoice',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Licences'],
        summary:
          'Price a renewal the run left out and raise its renewal invoice. Once per licence-year: the same request again (or with the same Idempotency-Key) returns the first invoice with 200; a different price is refused with 409 renewal_already_invoiced.',
        params: idParams,
        body: renewalPriceSchema,
        headers: z.object({ 'idempotency-key': z.string().min(8).max(200).optional() }),
        response: { 201: invoiceSchema, 200: invoiceSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const result = await priceRenewal(deps, actorOf(request), request.params.id, request.body);
      return reply.status(result.created ? 201 : 200).send(await getInvoice(deps, result.id));
    },
  );
}
