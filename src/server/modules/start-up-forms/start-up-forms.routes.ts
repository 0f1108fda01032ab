import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import {
  acceptStartUpFormSchema,
  agreePricesSchema,
  requestChangesSchema,
  startUpFormDetailSchema,
  startUpFormListQuerySchema,
  startUpFormListSchema,
  startUpFormSchema,
  startUpFormSubmittedSchema,
} from '../../../shared/schemas/start-up-form.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import * as review from './start-up-form-review.service.js';
import { submitStartUpForm } from './start-up-form.service.js';

const idParams = z.object({ id: z.string().max(64) });
const refused = { 401: errorResponseSchema, 403: errorResponseSchema };

/** The Start-Up Form's JSON API: anyone may submit a whole form; Central Office reviews them. */
export async function startUpFormApiRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/start-up-forms',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['Start-Up Forms'],
        summary: 'Submit a complete Start-Up Form (Section 6 steps 1A and 1B); prices come from the fee schedule in force',
        body: startUpFormSchema,
        response: { 201: startUpFormSubmittedSchema, 422: errorResponseSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await submitStartUpForm(deps, actorOf(request), request.body)),
  );

  api.get(
    '/api/v1/start-up-forms',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Start-Up Forms'],
        summary: "Central Office's queue of submitted Start-Up Forms, oldest first",
        querystring: startUpFormListQuerySchema,
        response: { 200: startUpFormListSchema, ...refused },
      },
    },
    async (request) => review.listStartUpForms(deps, request.query),
  );

  api.get(
    '/api/v1/start-up-forms/:id',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Start-Up Forms'],
        summary: 'One submitted Start-Up Form: every answer and the priced lines',
        params: idParams,
        response: { 200: startUpFormDetailSchema, ...refused, 404: errorResponseSchema },
      },
    },
    async (request) => review.getStartUpForm(deps, request.params.id),
  );

  api.post(
    '/api/v1/start-up-forms/:id/request-changes',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Start-Up Forms'],
        summary: 'Send the form back to the applicant with a message; they get a link to change and resubmit it',
        params: idParams,
        body: requestChangesSchema,
        response: { 200: startUpFormDetailSchema, ...refused, 404: errorResponseSchema, 409: errorResponseSchema, 412: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request) => review.requestChanges(deps, actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/api/v1/start-up-forms/:id/prices',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Start-Up Forms'],
        summary: 'Enter the agreed amount, in pence, of price-on-request lines; the total updates',
        params: idParams,
        body: agreePricesSchema,
        response: { 200: startUpFormDetailSchema, ...refused, 404: errorResponseSchema, 409: errorResponseSchema, 412: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request) => review.agreePrices(deps, actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/api/v1/start-up-forms/:id/accept',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Start-Up Forms'],
        summary: 'Accept the form once every line has a price; it then waits for its invoice',
        params: idParams,
        body: acceptStartUpFormSchema,
        response: { 200: startUpFormDetailSchema, ...refused, 404: errorResponseSchema, 409: errorResponseSchema, 412: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return review.acceptStartUpForm(deps, { ...actorOf(request), userId: user.id }, request.params.id, request.body);
    },
  );
}
