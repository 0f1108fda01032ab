import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import {
  contactNoteSchema, newContactNoteSchema, workspaceHomeSchema, workspaceOrganisationSchema, workspaceQuerySchema, workspaceSectionParamsSchema, workspaceSectionQuerySchema,
  workspaceSectionSchema,
} from '../../../shared/schemas/workspace.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import * as service from './workspace.service.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 422: errorResponseSchema };
const tags = ['Workspace'];

/** The Coordinator's workspace: their home page, each organisation's page, notes of contact (Sections 1 and 6). */
export async function workspaceRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/workspace',
    {
      config: { policy: 'staff' },
      schema: { tags, summary: 'What needs the Coordinator in their region or programme (Central Office: the network, or one region)', querystring: workspaceQuerySchema, response: { 200: workspaceHomeSchema, ...errors } },
    },
    async (request) => service.workspaceHome(deps, requireUser(request), request.query),
  );

  api.get(
    '/api/v1/workspace/sections/:section',
    {
      config: { policy: 'staff' },
      schema: {
        tags,
        summary: "One page of a section of the workspace home page, with the section's total, cut by the same scope and region",
        params: workspaceSectionParamsSchema,
        querystring: workspaceSectionQuerySchema,
        response: { 200: workspaceSectionSchema, ...errors },
      },
    },
    async (request) => service.workspaceSection(deps, requireUser(request), request.params.section, request.query),
  );

  api.get(
    '/api/v1/workspace/organisations/:id',
    {
      config: { policy: 'staff' },
      schema: { tags, summary: "A partner organisation's sites, licences, facilitators and eligibility, meetings, visits and notes of contact", params: idParams, response: { 200: workspaceOrganisationSchema, ...errors } },
    },
    async (request) => service.workspaceOrganisation(deps, requireUser(request), actorOf(request), request.params.id),
  );

  api.post(
    '/api/v1/workspace/organisations/:id/notes',
    {
      config: { policy: 'staff' },
      schema: { tags, summary: 'Record a dated note of a call, email, visit or meeting with the organisation; audited', params: idParams, body: newContactNoteSchema, response: { 201: contactNoteSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await service.addContactNote(deps, requireUser(request), actorOf(request), request.params.id, request.body)),
  );
}
