import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import {
  directoryListingResponseSchema,
  directoryListingSchema,
  directoryQuerySchema,
  organisationIdParamsSchema,
} from '../../../shared/schemas/partner-directory.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import { sendPage } from '../../views/layout.js';
import type { FieldErrors } from '../../views/form.js';
import { PartnersPage } from './partners.page.js';
import * as service from './partner-directory.service.js';
import { etag } from '../../versions.js';

const errors = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema };
const tags = ['Partner directory'];

/** The public partner directory page, and the "agreed to be listed" flag the SMART Lead or Central Office sets. */
export async function partnerDirectoryRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  app.get('/partners', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const values = { region: typeof raw.region === 'string' ? raw.region : '', programme: typeof raw.programme === 'string' ? raw.programme : '' };
    const parsed = directoryQuerySchema.safeParse(values);
    const fieldErrors: FieldErrors = {};
    if (!parsed.success) for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    // A filter that is not one of the choices is shown as an error; the rest of the page still works.
    const query = parsed.success ? parsed.data : { region: fieldErrors.region ? undefined : values.region || undefined, programme: fieldErrors.programme ? undefined : values.programme || undefined };
    const entries = await service.directory(deps, query);
    return sendPage(reply, <PartnersPage values={values} entries={entries} errors={fieldErrors} signedIn={Boolean(request.user)} />, parsed.success ? 200 : 422);
  });

  api.get(
    '/api/v1/organisations/:id/directory-listing',
    { config: { policy: 'smartLead' }, schema: { tags, summary: 'Whether the organisation agreed to be listed in the public partner directory', params: organisationIdParamsSchema, response: { 200: directoryListingResponseSchema, ...errors } } },
    async (request, reply) => {
      const listing = await service.getListing(deps, requireUser(request), actorOf(request), request.params.id);
      return reply.header('etag', etag(listing.version)).send(listing);
    },
  );

  api.put(
    '/api/v1/organisations/:id/directory-listing',
    {
      config: { policy: 'smartLead' },
      schema: {
        tags,
        summary: 'Record whether the organisation agreed to be listed (off by default); it appears only while it also holds a licence in force; audited',
        params: organisationIdParamsSchema,
        body: directoryListingSchema,
        description: 'Send the ETag from the GET in If-Match: without it 428 precondition_required; from a stale copy 412 precondition_failed with the current state (decision 101).',
        response: { 200: directoryListingResponseSchema, 412: errorResponseSchema, 422: errorResponseSchema, 428: errorResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const listing = await service.setListing(deps, requireUser(request), actorOf(request), request.params.id, request.body.listed, request.headers['if-match']);
      return reply.header('etag', etag(listing.version)).send(listing);
    },
  );
}
