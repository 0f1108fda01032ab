import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import {
  meetingChoicesQuerySchema,
  meetingChoicesSchema,
  newVisitSchema,
  recordVisitSchema,
  visitActionListQuerySchema,
  visitActionListSchema,
  visitListQuerySchema,
  visitListSchema,
  visitSchema,
} from '../../../shared/schemas/visits.js';
import { noBodySchema } from '../../../shared/schemas/no-body.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import * as service from './visits.service.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema };
const tags = ['Visits'];

/** Site visits and quality-assurance visits, their feedback reports and agreed actions (Section 6, ongoing support). */
export async function visitRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/visits',
    { config: { policy: 'signedIn' }, schema: { tags, summary: 'Visits the signed-in person may see', querystring: visitListQuerySchema, response: { 200: visitListSchema, ...errors } } },
    async (request) => service.listVisits(deps, requireUser(request), request.query),
  );

  api.post(
    '/api/v1/visits',
    {
      config: { policy: 'staff' },
      schema: { tags, summary: 'Schedule a site visit or quality-assurance visit; audited', body: newVisitSchema, response: { 201: visitSchema, 422: errorResponseSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await service.scheduleVisit(deps, requireUser(request), actorOf(request), request.body)),
  );

  api.get(
    '/api/v1/visits/meeting-choices',
    { config: { policy: 'staff' }, schema: { tags, summary: 'The meetings registered at a site, to choose the one visited', querystring: meetingChoicesQuerySchema, response: { 200: meetingChoicesSchema, ...errors } } },
    async (request) => service.meetingChoices(deps, requireUser(request), actorOf(request), request.query.siteId),
  );

  api.get(
    '/api/v1/visits/:id',
    { config: { policy: 'signedIn' }, schema: { tags, summary: 'One visit with what was recorded and its actions', params: idParams, response: { 200: visitSchema, ...errors } } },
    async (request) => service.getVisit(deps, requireUser(request), actorOf(request), request.params.id),
  );

  api.post(
    '/api/v1/visits/:id/record',
    {
      config: { policy: 'staff' },
      schema: {
        tags,
        summary: 'Record the visit against the Meeting Structure, with feedback and agreed actions; emails the report to the SMART Lead',
        params: idParams,
        body: recordVisitSchema,
        response: { 200: visitSchema, 409: errorResponseSchema, 422: errorResponseSchema, ...errors },
      },
    },
    async (request) => service.recordVisit(deps, requireUser(request), actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/api/v1/visits/:id/actions/:actionId/done',
    {
      config: { policy: 'signedIn' },
      schema: { tags, summary: 'Mark an agreed action done; audited', params: z.object({ id: z.uuid(), actionId: z.uuid() }), body: noBodySchema, response: { 200: visitSchema, 422: errorResponseSchema, ...errors } },
    },
    async (request) => service.completeAction(deps, requireUser(request), actorOf(request), request.params.id, request.params.actionId),
  );

  api.get(
    '/api/v1/visits/:id/report.pdf',
    { config: { policy: 'signedIn' }, schema: { tags, summary: 'The feedback report of a recorded visit (PDF)', params: idParams } },
    async (request, reply) => {
      const { filename, pdf } = await service.downloadVisitReport(deps, requireUser(request), actorOf(request), request.params.id);
      return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="${filename}"`).header('Cache-Control', 'no-store').send(pdf);
    },
  );

  api.get(
    '/api/v1/visit-actions',
    { config: { policy: 'signedIn' }, schema: { tags, summary: 'Actions agreed at visits: open ones until done', querystring: visitActionListQuerySchema, response: { 200: visitActionListSchema, ...errors } } },
    async (request) => service.listActions(deps, requireUser(request), request.query),
  );
}
