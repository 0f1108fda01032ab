import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import {
  nominationListQuerySchema,
  nominationRequestSchema,
  nominationSchema,
  placePurchaseRequestSchema,
  releaseRequestSchema,
  siteTrainingPlacesSchema,
} from '../../../shared/schemas/training.js';
import { noBodySchema } from '../../../shared/schemas/no-body.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import * as service from './training.service.js';

const idParams = z.object({ id: z.uuid() });

/** Facilitator training: the training-places ledger, nominations and enrolment (Section 6 steps 4 and 5, Sections 9 and 10). */
export async function trainingRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/sites/:id/training-places',
    {
      config: { policy: 'signedIn' },
      schema: {
        tags: ['Training'],
        summary: "A site's training places for each licence year: included, bought, used, released, remaining, and every movement",
        params: idParams,
        response: { 200: siteTrainingPlacesSchema, 404: errorResponseSchema },
      },
    },
    async (request) => service.siteTrainingPlaces(deps, requireUser(request), actorOf(request), request.params.id),
  );

  api.post(
    '/api/v1/sites/:id/training-places/purchases',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Training'],
        summary: "Record places bought on a paid invoice's 'training_places' lines against the site's licence year in force",
        params: idParams,
        body: placePurchaseRequestSchema,
        response: { 201: siteTrainingPlacesSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.recordPlacePurchase(deps, requireUser(request), actorOf(request), request.params.id, request.body)),
  );

  api.get(
    '/api/v1/nominations',
    {
      config: { policy: 'signedIn' },
      schema: {
        tags: ['Training'],
        summary: "Training nominations, newest first: the organisation's for a SMART Lead, the region's for a Coordinator, all for Central Office",
        querystring: nominationListQuerySchema,
        response: { 200: z.object({ items: z.array(nominationSchema) }) },
      },
    },
    async (request) => service.listNominationsFor(deps, requireUser(request), request.query),
  );

  api.post(
    '/api/v1/nominations',
    {
      config: { policy: 'smartLead' },
      schema: {
        tags: ['Training'],
        summary: 'Nominate a person for a training place. Send an Idempotency-Key header: a retried request returns the first answer.',
        body: nominationRequestSchema,
        headers: z.object({ 'idempotency-key': z.string().min(8).max(200).optional() }),
        response: { 201: nominationSchema, 409: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const result = await service.nominate(deps, requireUser(request), actorOf(request), request.body, request.headers['idempotency-key']);
      if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
      return reply.status(201).send(result.nomination);
    },
  );

  api.post(
    '/api/v1/nominations/:id/enrolment-instructions',
    {
      config: { policy: 'staff' },
      schema: {
        tags: ['Training'],
        summary: 'Email the nominee the enrolment instructions (Central Office or the region’s Community Coordinator)',
        params: idParams,
        body: noBodySchema,
        response: { 200: nominationSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request) => service.sendEnrolmentInstructions(deps, requireUser(request), actorOf(request), request.params.id),
  );

  api.post(
    '/api/v1/nominations/:id/release',
    {
      config: { policy: 'smartLead' },
      schema: {
        tags: ['Training'],
        summary: "Release a nominee's place when they cannot complete the training, so it can be offered to someone else",
        params: idParams,
        body: releaseRequestSchema.optional(),
        response: { 200: nominationSchema, 404: errorResponseSchema, 409: errorResponseSchema },
      },
    },
    async (request) => service.releaseNomination(deps, requireUser(request), actorOf(request), request.params.id, request.body?.reason || undefined),
  );
}
