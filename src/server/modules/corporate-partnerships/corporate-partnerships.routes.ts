import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import { corporatePartnershipListSchema, corporatePartnershipResponseSchema, corporatePartnershipSchema } from '../../../shared/schemas/corporate-partnerships.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import { etag } from '../../versions.js';
import * as service from './corporate-partnerships.service.js';

const errors = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema };
const tags = ['Corporate partnerships'];
const params = z.strictObject({ id: z.uuid({ message: 'Not a valid organisation id' }) });

/** Corporate partnerships (Section 10): tailored terms and prices agreed case by case, with a named account manager. */
export async function corporatePartnershipRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/corporate-partnerships',
    { config: { policy: 'centralOffice' }, schema: { tags, summary: 'Every corporate partnership, with the corporate organisations and Central Office account managers to choose from', response: { 200: corporatePartnershipListSchema, ...errors } } },
    async () => service.listPartnerships(deps),
  );

  api.get(
    '/api/v1/organisations/:id/corporate-partnership',
    { config: { policy: 'centralOffice' }, schema: { tags, summary: 'The corporate partnership of an organisation', params, response: { 200: corporatePartnershipResponseSchema, ...errors } } },
    async (request, reply) => {
      const partnership = await service.getPartnership(deps, request.params.id);
      return reply.header('etag', etag(partnership.version)).send(partnership);
    },
  );

  api.put(
    '/api/v1/organisations/:id/corporate-partnership',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags,
        summary: "Record or replace a corporate organisation's partnership: terms, agreed prices in pence, dates and account manager; audited",
        description: 'While it is in force, invoices for additions use the agreed price of each licence type (and training place) with the rule "Price agreed in the corporate partnership". An organisation not of type corporate answers 422 rule_broken. Replacing a partnership needs the ETag from the GET in If-Match: without it 428 precondition_required; from a stale copy 412 precondition_failed with the current partnership (decision 101).',
        params,
        body: corporatePartnershipSchema,
        response: { 200: corporatePartnershipResponseSchema, 412: errorResponseSchema, 422: errorResponseSchema, 428: errorResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const partnership = await service.recordPartnership(deps, { ...actorOf(request), userId: requireUser(request).id }, request.params.id, request.body, request.headers['if-match']);
      return reply.header('etag', etag(partnership.version)).send(partnership);
    },
  );
}
