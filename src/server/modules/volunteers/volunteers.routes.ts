import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import { onboardingStageRequestSchema, volunteerApplicationSchema, volunteerSchema } from '../../../shared/schemas/volunteers.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http.js';
import * as service from './volunteers.service.js';

export async function volunteerRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/volunteer-applications',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['Volunteers'],
        summary: 'Apply to be a UKSR volunteer facilitator (goes to the volunteer inbox)',
        body: volunteerApplicationSchema,
        response: { 202: z.object({ message: z.string() }), 422: errorResponseSchema },
      },
    },
    async (request, reply) => {
      await service.applyToVolunteer(deps, request.body);
      return reply.status(202).send({ message: 'Thank you. Our volunteer team will be in touch.' });
    },
  );

  api.get(
    '/api/v1/volunteers',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Volunteers'],
        summary: 'UKSR volunteers and their onboarding stages',
        querystring: z.object({ status: z.enum(['onboarding', 'active', 'paused', 'left']).optional() }),
        response: { 200: z.object({ items: z.array(volunteerSchema) }) },
      },
    },
    async (request) => ({ items: await service.listVolunteers(deps, request.query.status) }),
  );

  api.get(
    '/api/v1/volunteers/:id',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Volunteers'],
        summary: "One UKSR volunteer's onboarding: each stage's date, outcome and who recorded it",
        params: z.object({ id: z.uuid() }),
        response: { 200: volunteerSchema, 404: errorResponseSchema },
      },
    },
    async (request) => service.getVolunteer(deps, request.params.id),
  );

  api.post(
    '/api/v1/volunteers/:id/stages',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Volunteers'],
        summary: 'Record an onboarding stage: interview, references, DBS/PVG check, training; all passed makes the volunteer active',
        params: z.object({ id: z.uuid() }),
        body: onboardingStageRequestSchema,
        response: { 200: volunteerSchema, 404: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request) => service.recordStage(deps, actorOf(request), request.params.id, request.body),
  );
}
