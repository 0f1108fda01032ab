import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import { feeScheduleSchema } from '../../../shared/schemas/fee-schedule.js';
import type { FeeSchedule } from '../../../domain/fees/fee-schedule.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http.js';
import * as service from './fee-schedule.service.js';

export async function feeScheduleRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/fee-schedule',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['Licences and fees'],
        summary: 'The fee schedule in force today, amounts in pence (null: price on request)',
        response: { 200: feeScheduleSchema },
      },
    },
    async () => service.scheduleInForce(deps),
  );

  api.get(
    '/api/v1/fee-schedules',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Licences and fees'],
        summary: 'Every published fee schedule, newest first',
        response: {
          200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), effectiveFrom: z.string(), publishedAt: z.string() })) }),
          401: errorResponseSchema,
          403: errorResponseSchema,
        },
      },
    },
    async () => ({
      items: (await service.listSchedules(deps)).map((s) => ({
        id: s.id,
        name: s.name,
        effectiveFrom: s.effective_from,
        publishedAt: new Date(s.published_at).toISOString(),
      })),
    }),
  );

  api.post(
    '/api/v1/fee-schedules',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Licences and fees'],
        summary: 'Publish a new fee schedule from its effective date (Start SMART goes on sale by setting its launch date)',
        body: feeScheduleSchema,
        response: { 201: z.object({ id: z.string() }), 409: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request, reply) => {
      await service.publishSchedule(deps, actorOf(request), request.body as FeeSchedule);
      return reply.status(201).send({ id: request.body.id });
    },
  );
}
