import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import { erasureResultSchema, personIdParamsSchema, subjectAccessSchema } from '../../../shared/schemas/privacy.js';
import { noBodySchema } from '../../../shared/schemas/no-body.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http.js';
import * as privacy from './privacy.service.js';

const tags = ['Privacy'];
const errors = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema };

/** Subject access and erasure, by Central Office (decision 104). */
export async function privacyRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/people/:id/subject-access',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags,
        summary: 'Everything held about a person (a facilitator record or an account id), as a JSON download; audited',
        params: personIdParamsSchema,
        response: { 200: subjectAccessSchema, ...errors },
      },
    },
    async (request, reply) => {
      const data = await privacy.subjectAccess(deps, actorOf(request), request.params.id);
      return reply.header('content-disposition', `attachment; filename="subject-access-${request.params.id}.json"`).send(data);
    },
  );

  api.post(
    '/api/v1/people/:id/erasure',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags,
        summary: 'Erase a person outside what must be kept: name and contact details replaced, account closed; audited',
        params: personIdParamsSchema,
        body: noBodySchema,
        response: { 200: erasureResultSchema, 422: errorResponseSchema, ...errors },
      },
    },
    async (request) => privacy.erasePerson(deps, actorOf(request), request.params.id),
  );
}
