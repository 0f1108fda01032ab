import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import { progressChangeSchema, trainingImportReportSchema, trainingImportRequestSchema, trainingProgressSchema } from '../../../shared/schemas/training-progress.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import * as service from './progress.service.js';

const idParams = z.object({ id: z.uuid() });

/** The facilitator training pathway: progress module by module, completions, the platform's CSV import and the certificate (Section 6 steps 4 and 5). */
export async function trainingProgressRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/facilitators/:id/training',
    {
      config: { policy: 'signedIn' },
      schema: {
        tags: ['Training'],
        summary: "A person's progress on each module of the training pathway, why a module is closed to them, and their certificate",
        params: idParams,
        response: { 200: trainingProgressSchema, 404: errorResponseSchema },
      },
    },
    async (request) => service.trainingProgress(deps, requireUser(request), actorOf(request), request.params.id),
  );

  api.post(
    '/api/v1/facilitators/:id/training',
    {
      config: { policy: 'staff' },
      schema: {
        tags: ['Training'],
        summary: "Record a change to a person's progress on a module (Central Office, or the Coordinator of their organisation's region)",
        params: idParams,
        body: progressChangeSchema,
        response: { 200: trainingProgressSchema, 404: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request) => service.recordProgress(deps, requireUser(request), actorOf(request), request.params.id, request.body),
  );

  api.get(
    '/api/v1/facilitators/:id/training/certificate.pdf',
    {
      config: { policy: 'signedIn' },
      schema: { tags: ['Training'], summary: 'The facilitator certificate (PDF): for the person, their SMART Lead and Central Office', params: idParams },
    },
    async (request, reply) => {
      const { pdf, filename } = await service.facilitatorCertificate(deps, requireUser(request), actorOf(request), request.params.id);
      return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="${filename}"`).header('Cache-Control', 'no-store').send(pdf);
    },
  );

  api.post(
    '/api/v1/training/imports',
    {
      config: { policy: 'centralOffice' },
      // The platform's export of a year's completions can be larger than the 1 MB default.
      bodyLimit: 3 * 1024 * 1024,
      schema: {
        tags: ['Training'],
        summary: "Import the training platform's CSV export: a dry run reports every row it would refuse and why; the import is all-or-nothing and can be repeated",
        body: trainingImportRequestSchema,
        response: { 200: trainingImportReportSchema, 422: errorResponseSchema },
      },
    },
    async (request) => service.importCompletions(deps, requireUser(request), actorOf(request), request.body),
  );
}
