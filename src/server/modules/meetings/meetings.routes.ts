import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import {
  closeMeetingSchema,
  meetingIdParamsSchema,
  meetingListQuerySchema,
  meetingListSchema,
  meetingUpdateSchema,
  newMeetingSchema,
  newSiteExceptionSchema,
  registeredMeetingSchema,
  siteExceptionListSchema,
  siteExceptionSchema,
  siteIdParamsSchema,
  type RegisteredMeeting,
} from '../../../shared/schemas/meetings.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import * as service from './meetings.service.js';

const errors = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema };
const changeErrors = { ...errors, 409: errorResponseSchema, 412: errorResponseSchema, 422: errorResponseSchema };
const tags = ['Meetings'];

/** The If-Match header (the service reads the version from it). */
const ifMatch = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** The meeting's version as its ETag, for If-Match on the next change. */
function withEtag(reply: FastifyReply, meeting: RegisteredMeeting): RegisteredMeeting {
  void reply.header('etag', `"${meeting.version}"`);
  return meeting;
}

/**
 * The meeting registry for signed-in people (docs/decisions/070–075). The public finder's
 * GET /api/v1/meetings lives elsewhere and reads only publicly visible meetings.
 */
export async function meetingRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/registered-meetings',
    {
      config: { policy: 'signedIn' },
      schema: { tags, summary: 'Registered meetings the signed-in person may see, with whether each is publicly listed', querystring: meetingListQuerySchema, response: { 200: meetingListSchema, ...errors } },
    },
    async (request) => service.listMeetings(deps, requireUser(request), request.query),
  );

  api.post(
    '/api/v1/registered-meetings',
    {
      config: { policy: 'registersMeetings' },
      schema: {
        tags,
        summary: 'Register a meeting (Section 6 step 6); refused with every broken rule (422 rule_broken) against its field',
        body: newMeetingSchema,
        response: { 201: registeredMeetingSchema, ...changeErrors },
      },
    },
    async (request, reply) => reply.status(201).send(withEtag(reply, await service.registerMeeting(deps, requireUser(request), actorOf(request), request.body))),
  );

  api.get(
    '/api/v1/registered-meetings/:id',
    {
      config: { policy: 'signedIn' },
      schema: { tags, summary: 'A registered meeting, with whether it is publicly listed and every reason it is not', params: meetingIdParamsSchema, response: { 200: registeredMeetingSchema, ...errors } },
    },
    async (request, reply) => withEtag(reply, await service.getMeeting(deps, requireUser(request), actorOf(request), request.params.id)),
  );

  api.patch(
    '/api/v1/registered-meetings/:id',
    {
      config: { policy: 'registersMeetings' },
      schema: {
        tags,
        summary: 'Change a meeting; send If-Match with its version (a stale one answers 412 precondition_failed with the current meeting)',
        params: meetingIdParamsSchema,
        body: meetingUpdateSchema,
        response: { 200: registeredMeetingSchema, ...changeErrors },
      },
    },
    async (request, reply) =>
      withEtag(reply, await service.updateMeeting(deps, requireUser(request), actorOf(request), request.params.id, ifMatch(request.headers['if-match']), request.body)),
  );

  api.post(
    '/api/v1/registered-meetings/:id/close',
    {
      config: { policy: 'registersMeetings' },
      schema: {
        tags,
        summary: 'Close a meeting down: it comes off the public listings and the updates team is told',
        params: meetingIdParamsSchema,
        body: closeMeetingSchema,
        response: { 200: registeredMeetingSchema, ...changeErrors },
      },
    },
    async (request, reply) =>
      withEtag(reply, await service.closeMeeting(deps, requireUser(request), actorOf(request), request.params.id, ifMatch(request.headers['if-match']), request.body)),
  );

  api.get(
    '/api/v1/sites/:siteId/exceptions',
    {
      config: { policy: 'signedIn' },
      schema: { tags, summary: "Central Office's exceptions for a site (Section 9)", params: siteIdParamsSchema, response: { 200: siteExceptionListSchema, ...errors } },
    },
    async (request) => service.listSiteExceptions(deps, requireUser(request), actorOf(request), request.params.siteId),
  );

  api.post(
    '/api/v1/sites/:siteId/exceptions',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags,
        summary: 'Record an exception Central Office has agreed in advance to deliver a programme at a site, with its dates',
        params: siteIdParamsSchema,
        body: newSiteExceptionSchema,
        response: { 201: siteExceptionSchema, ...errors, 422: errorResponseSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.recordSiteException(deps, requireUser(request), actorOf(request), request.params.siteId, request.body)),
  );
}
