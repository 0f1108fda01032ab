import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import {
  logoUploadedSchema,
  logoUploadQuerySchema,
  orderIdParamsSchema,
  publicationCatalogueSchema,
  publicationOrderListSchema,
  publicationOrderResponseSchema,
  publicationOrderSchema,
} from '../../../shared/schemas/publications.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import * as service from './publications.service.js';

const errors = { 401: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema };
const tags = ['Publications'];
/** Room above the 2 MB logo limit, so a slightly larger file gets the clear 422 rather than a bare 413. */
const UPLOAD_BODY_LIMIT = 4 * 1024 * 1024;

/** Co-branded publication orders (Section 9): the catalogue, the logo upload, orders and their invoices. */
export async function publicationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // The logo is sent as the raw request body. Within this plugin only, any content type other than
  // JSON and forms is read as bytes: the declared type is not trusted, the bytes are checked.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: UPLOAD_BODY_LIMIT }, (_request, body, done) => done(null, body));
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/publications',
    { config: { policy: 'smartLead' }, schema: { tags, summary: 'Publications that can be ordered co-branded, with the RRP and the co-branded price (RRP plus one third)', response: { 200: publicationCatalogueSchema, ...errors } } },
    async () => service.catalogue(deps),
  );

  api.post(
    '/api/v1/publication-logos',
    {
      config: { policy: 'smartLead' },
      bodyLimit: UPLOAD_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Upload the logo for a co-branded order as the raw body: PNG or JPEG (checked by its bytes, not its name), at most 2 MB; SVG is refused',
        description: 'Central Office names the organisation in ?organisationId=; a SMART Lead uploads for their own organisation. A file that is not a PNG or JPEG, or is over 2 MB, answers 422 validation_failed on the field "logo".',
        querystring: logoUploadQuerySchema,
        response: { 201: logoUploadedSchema, 413: errorResponseSchema, 422: errorResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const bytes = Buffer.isBuffer(body) ? body : typeof body === 'string' ? Buffer.from(body) : Buffer.from(JSON.stringify(body ?? ''));
      return reply.status(201).send(await service.uploadLogo(deps, requireUser(request), actorOf(request), request.query.organisationId, bytes));
    },
  );

  api.post(
    '/api/v1/publication-orders',
    {
      config: { policy: 'smartLead' },
      schema: {
        tags,
        summary: 'Order co-branded publications with an uploaded logo; invoiced at once, one line per publication at the RRP plus one third; audited',
        body: publicationOrderSchema,
        response: { 201: publicationOrderResponseSchema, 422: errorResponseSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await service.placeOrder(deps, requireUser(request), actorOf(request), request.body)),
  );

  api.get(
    '/api/v1/publication-orders',
    { config: { policy: 'smartLead' }, schema: { tags, summary: 'Co-branded publication orders: all for Central Office, their own organisation’s for a SMART Lead', response: { 200: publicationOrderListSchema, ...errors } } },
    async (request) => service.listOrders(deps, requireUser(request)),
  );

  api.get(
    '/api/v1/publication-orders/:id',
    { config: { policy: 'smartLead' }, schema: { tags, summary: 'One co-branded publication order', params: orderIdParamsSchema, response: { 200: publicationOrderResponseSchema, ...errors } } },
    async (request) => service.getOrder(deps, requireUser(request), actorOf(request), request.params.id),
  );

  api.get(
    '/api/v1/publication-orders/:id/logo',
    { config: { policy: 'smartLead' }, schema: { tags, summary: 'The logo of an order, as uploaded (PNG or JPEG), for the printer', params: orderIdParamsSchema } },
    async (request, reply) => {
      const logo = await service.orderLogo(deps, requireUser(request), actorOf(request), request.params.id);
      return reply.header('Content-Disposition', `attachment; filename="${logo.filename}"`).type(logo.contentType).send(logo.content);
    },
  );
}
