import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import {
  attendanceSchema,
  communitySessionListSchema,
  communitySessionSchema,
  facilitatorSessionsSchema,
  invitationResultSchema,
  newCommunitySessionSchema,
  sessionListQuerySchema,
} from '../../../shared/schemas/community-sessions.js';
import { noBodySchema } from '../../../shared/schemas/no-body.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import * as service from './community-sessions.service.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema };
const tags = ['Community sessions'];

/** Monthly Facilitator Community Groups and quarterly Tool Time sessions (Section 6, ongoing support). */
export async function communitySessionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/community-sessions',
    { config: { policy: 'staff' }, schema: { tags, summary: 'Sessions the signed-in person may see', querystring: sessionListQuerySchema, response: { 200: communitySessionListSchema, ...errors } } },
    async (request) => service.listSessions(deps, requireUser(request), request.query),
  );

  api.post(
    '/api/v1/community-sessions',
    {
      config: { policy: 'staff' },
      schema: { tags, summary: 'Schedule a session for a region or nationally (times are UK time); audited', body: newCommunitySessionSchema, response: { 201: communitySessionSchema, 422: errorResponseSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await service.scheduleSession(deps, requireUser(request), actorOf(request), request.body)),
  );

  api.get(
    '/api/v1/community-sessions/:id',
    { config: { policy: 'staff' }, schema: { tags, summary: 'One session with its facilitators, invitations and attendance', params: idParams, response: { 200: communitySessionSchema, ...errors } } },
    async (request) => service.getSession(deps, requireUser(request), actorOf(request), request.params.id),
  );

  api.post(
    '/api/v1/community-sessions/:id/invitations',
    {
      config: { policy: 'staff' },
      schema: { tags, summary: 'Email each facilitator in the audience an invitation with a calendar file, once each', params: idParams, body: noBodySchema, response: { 200: invitationResultSchema, 422: errorResponseSchema, ...errors } },
    },
    async (request) => service.sendInvitations(deps, requireUser(request), actorOf(request), request.params.id),
  );

  api.put(
    '/api/v1/community-sessions/:id/attendance',
    {
      config: { policy: 'staff' },
      schema: { tags, summary: 'Record who attended (the whole list); audited', params: idParams, body: attendanceSchema, response: { 200: communitySessionSchema, 422: errorResponseSchema, ...errors } },
    },
    async (request) => service.recordAttendance(deps, requireUser(request), actorOf(request), request.params.id, request.body.facilitatorIds),
  );

  api.get(
    '/api/v1/facilitators/:id/community-sessions',
    {
      config: { policy: 'signedIn' },
      schema: { tags, summary: "The community sessions on a facilitator's record: invited and attended", params: idParams, response: { 200: facilitatorSessionsSchema, ...errors } },
    },
    async (request) => service.facilitatorSessions(deps, requireUser(request), actorOf(request), request.params.id),
  );
}
