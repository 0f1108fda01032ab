import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import {
  acceptCodeOfConductSchema,
  checkDetailSchema,
  codeOfConductSchema,
  eligibilityQuerySchema,
  eligibilitySchema,
  facilitatorListQuerySchema,
  facilitatorListSchema,
  facilitatorSchema,
  newCodeOfConductSchema,
  newFacilitatorSchema,
  newSafeguardingCheckSchema,
  qualificationSchema,
  safeguardingPolicySchema,
  smartLeadHandoverSchema,
  smartLeadWarningsSchema,
  facilitatorSitesSchema,
  updateFacilitatorSchema,
  facilitatorNameListSchema,
} from '../../../shared/schemas/people.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import { etag } from '../../versions.js';
import * as service from './people.service.js';

const idParams = z.object({ id: z.string().max(64) });
const errors = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema };
const tags = ['People'];

/** Facilitators, safeguarding checks, the Code of Conduct and the SMART Lead (Sections 4, 7, 8 and 9). */
export async function peopleRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/facilitators',
    {
      config: { policy: 'signedIn' },
      schema: {
        tags,
        summary: "Facilitators the signed-in person may see; a facilitator gets only the ids and names of their own organisations' facilitators",
        querystring: facilitatorListQuerySchema,
        response: { 200: z.union([facilitatorListSchema, facilitatorNameListSchema]), ...errors },
      },
    },
    async (request) => service.listFacilitators(deps, requireUser(request), request.query),
  );

  api.post(
    '/api/v1/facilitators',
    {
      config: { policy: 'smartLead' },
      schema: { tags, summary: 'Add a facilitator and invite them by email', body: newFacilitatorSchema, response: { 201: z.object({ id: z.string(), invited: z.boolean() }), 409: errorResponseSchema, 422: errorResponseSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await service.createFacilitator(deps, requireUser(request), actorOf(request), request.body)),
  );

  api.get(
    '/api/v1/facilitators/me',
    { config: { policy: 'signedIn' }, schema: { tags, summary: "The signed-in person's own facilitator record", response: { 200: facilitatorSchema, ...errors } } },
    async (request, reply) => {
      const record = await service.getMyFacilitator(deps, requireUser(request), actorOf(request));
      return reply.header('etag', etag(record.version)).send(record);
    },
  );

  api.get(
    '/api/v1/facilitators/:id',
    { config: { policy: 'signedIn' }, schema: { tags, summary: "A facilitator's record; checks show status and valid-until only", params: idParams, response: { 200: facilitatorSchema, ...errors } } },
    async (request, reply) => {
      const record = await service.getFacilitator(deps, requireUser(request), actorOf(request), request.params.id);
      return reply.header('etag', etag(record.version)).send(record);
    },
  );

  api.patch(
    '/api/v1/facilitators/:id',
    {
      config: { policy: 'smartLead' },
      schema: {
        tags,
        summary: "Correct a facilitator's record (the email address by Central Office only); audited. Send If-Match with the record's ETag: a stale one answers 412 with the current record, none 428",
        params: idParams,
        body: updateFacilitatorSchema,
        response: { 200: facilitatorSchema, 409: errorResponseSchema, 412: errorResponseSchema, 422: errorResponseSchema, 428: errorResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const record = await service.updateFacilitator(deps, requireUser(request), actorOf(request), request.params.id, request.body, request.headers['if-match']);
      return reply.header('etag', etag(record.version)).send(record);
    },
  );

  api.put(
    '/api/v1/facilitators/:id/sites',
    {
      config: { policy: 'smartLead' },
      schema: {
        tags,
        summary: "Set the sites of your organisation where the facilitator facilitates; audited. Send If-Match with the record's ETag (412 when stale, 428 when missing)",
        params: idParams,
        body: facilitatorSitesSchema,
        response: { 200: facilitatorSchema, 412: errorResponseSchema, 422: errorResponseSchema, 428: errorResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const record = await service.setFacilitatorSites(deps, requireUser(request), actorOf(request), request.params.id, request.body.siteIds, request.headers['if-match']);
      return reply.header('etag', etag(record.version)).send(record);
    },
  );

  api.delete(
    '/api/v1/facilitators/:id/organisations/:organisationId',
    {
      config: { policy: 'smartLead' },
      schema: {
        tags,
        summary: 'Remove the facilitator from the organisation (and its sites); an account with nowhere else to go is suspended',
        params: z.object({ id: z.string().max(64), organisationId: z.string().max(64) }),
        response: { 200: z.object({ accountSuspended: z.boolean() }), 422: errorResponseSchema, ...errors },
      },
    },
    async (request) => service.removeFromOrganisation(deps, requireUser(request), actorOf(request), request.params.id, request.params.organisationId),
  );

  api.post(
    '/api/v1/facilitators/:id/qualifications',
    {
      config: { policy: 'centralOffice' },
      schema: { tags, summary: 'Record a qualification (Central Office, until the training capability does)', params: idParams, body: qualificationSchema, response: { 204: z.null(), 422: errorResponseSchema, ...errors } },
    },
    async (request, reply) => {
      await service.recordQualification(deps, requireUser(request), actorOf(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/api/v1/facilitators/:id/safeguarding-checks',
    {
      config: { policy: 'smartLead' },
      schema: { tags, summary: "Safeguarding check details (Central Office and the facilitator's SMART Lead); every view is audited", params: idParams, response: { 200: z.object({ items: z.array(checkDetailSchema) }), ...errors } },
    },
    async (request) => ({ items: await service.viewChecks(deps, requireUser(request), actorOf(request), request.params.id) }),
  );

  api.post(
    '/api/v1/facilitators/:id/safeguarding-checks',
    {
      config: { policy: 'smartLead' },
      schema: { tags, summary: 'Record a safeguarding check seen (metadata only: never a copy of the certificate)', params: idParams, body: newSafeguardingCheckSchema, response: { 201: checkDetailSchema, 422: errorResponseSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await service.recordCheck(deps, requireUser(request), actorOf(request), request.params.id, request.body)),
  );

  api.get(
    '/api/v1/facilitators/:id/eligibility',
    {
      config: { policy: 'signedIn' },
      schema: { tags, summary: 'May this facilitator facilitate the programme at the site on the day? Every reason if not', params: idParams, querystring: eligibilityQuerySchema, response: { 200: eligibilitySchema, ...errors } },
    },
    async (request) => service.eligibility(deps, requireUser(request), actorOf(request), request.params.id, request.query),
  );

  api.get(
    '/api/v1/safeguarding-policy',
    { config: { policy: 'signedIn' }, schema: { tags, summary: 'How often each kind of safeguarding check must be renewed', response: { 200: safeguardingPolicySchema, ...errors } } },
    async (_request, reply) => {
      const { policy, version } = await service.safeguardingPolicyWithVersion(deps.db);
      return reply.header('etag', etag(version)).send(policy);
    },
  );

  api.put(
    '/api/v1/safeguarding-policy',
    {
      config: { policy: 'centralOffice' },
      schema: { tags, summary: 'Set the recheck periods. Send If-Match with the ETag of the policy read (412 when stale, 428 when missing)', body: safeguardingPolicySchema, response: { 200: safeguardingPolicySchema, 412: errorResponseSchema, 422: errorResponseSchema, 428: errorResponseSchema, ...errors } },
    },
    async (request, reply) => {
      const { policy, version } = await service.setSafeguardingPolicy(deps, requireUser(request), actorOf(request), request.body.recheckAfterYears, request.headers['if-match']);
      return reply.header('etag', etag(version)).send(policy);
    },
  );

  api.get(
    '/api/v1/code-of-conduct',
    { config: { policy: 'signedIn' }, schema: { tags, summary: "The Facilitator Code of Conduct in force, and the signed-in person's acceptance", response: { 200: codeOfConductSchema, ...errors } } },
    async (request) => service.codeOfConduct(deps, requireUser(request)),
  );

  api.post(
    '/api/v1/code-of-conduct',
    {
      config: { policy: 'centralOffice' },
      schema: { tags, summary: 'Publish a new version (everyone must accept again)', body: newCodeOfConductSchema, response: { 201: z.object({ version: z.string() }), 409: errorResponseSchema, 422: errorResponseSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await service.publishCodeOfConduct(deps, requireUser(request), actorOf(request), request.body)),
  );

  api.post(
    '/api/v1/code-of-conduct/acceptances',
    {
      config: { policy: 'signedIn' },
      schema: { tags, summary: 'The signed-in facilitator accepts the version in force', body: acceptCodeOfConductSchema, response: { 200: codeOfConductSchema, 409: errorResponseSchema, ...errors } },
    },
    async (request) => service.acceptCodeOfConduct(deps, requireUser(request), actorOf(request), request.body.version),
  );

  api.get(
    '/api/v1/organisations/smart-lead-warnings',
    { config: { policy: 'centralOffice' }, schema: { tags, summary: 'Organisations whose SMART Lead is neither qualified nor in training', response: { 200: smartLeadWarningsSchema, ...errors } } },
    async () => ({ items: await service.smartLeadWarnings(deps) }),
  );

  api.post(
    '/api/v1/organisations/:id/smart-lead',
    {
      config: { policy: 'smartLead' },
      schema: { tags, summary: 'Hand the SMART Lead role to another facilitator of the organisation', params: idParams, body: smartLeadHandoverSchema, response: { 200: z.object({ smartLead: z.object({ userId: z.string(), name: z.string() }) }), 409: errorResponseSchema, 422: errorResponseSchema, ...errors } },
    },
    async (request) => service.handOverSmartLead(deps, requireUser(request), actorOf(request), request.params.id, request.body.facilitatorId),
  );
}
