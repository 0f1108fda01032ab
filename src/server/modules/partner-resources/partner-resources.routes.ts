import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { requireUser } from '../../http.js';
import { hasLicenceInForce } from '../licences/licences.repository.js';
import { resourcesDir } from '../../paths.js';

/** Section 10 "What's included": downloadable partner resources and the SMART Partner logo. */
export const PARTNER_RESOURCES = [
  { id: 'smart-partner-logo', title: 'SMART Partner logo', description: 'For your website and leaflets while your licence is in force.', file: 'smart-partner-logo.svg', type: 'image/svg+xml' },
  { id: 'meeting-guidelines', title: 'Meeting Guidelines', description: 'To share at every meeting (Section 8).', file: 'meeting-guidelines.txt', type: 'text/plain; charset=utf-8' },
] as const;

const resourceSchema = z.object({ id: z.string(), title: z.string(), description: z.string(), url: z.string() }).meta({ id: 'PartnerResource' });

/**
 * Partner Resources open only to people of an organisation with a licence in force (active or in
 * grace); a lapsed organisation's are closed until it renews. Central Office always sees them.
 */
export async function partnerResourceRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  async function checkOpen(user: ReturnType<typeof requireUser>) {
    if (user.role === 'central_office') return;
    if (!user.organisationId || !(await hasLicenceInForce(deps.db, user.organisationId))) {
      throw new AppError('forbidden', 'Partner Resources open to organisations with a licence in force. Renew your licence to open them again.');
    }
  }

  api.get(
    '/api/v1/partner-resources',
    {
      config: { policy: 'signedIn' },
      schema: { tags: ['Partner resources'], summary: 'Downloads for partners with a licence in force', response: { 200: z.object({ items: z.array(resourceSchema) }), 403: errorResponseSchema } },
    },
    async (request) => {
      await checkOpen(requireUser(request));
      return { items: PARTNER_RESOURCES.map((r) => ({ id: r.id, title: r.title, description: r.description, url: `/api/v1/partner-resources/${r.id}` })) };
    },
  );

  api.get(
    '/api/v1/partner-resources/:id',
    { config: { policy: 'signedIn' }, schema: { tags: ['Partner resources'], summary: 'One partner resource file', params: z.object({ id: z.string().max(64) }) } },
    async (request, reply) => {
      await checkOpen(requireUser(request));
      const resource = PARTNER_RESOURCES.find((r) => r.id === request.params.id);
      if (!resource) throw notFound('resource');
      return reply
        .type(resource.type)
        .header('Content-Disposition', `attachment; filename="${resource.file}"`)
        .header('Cache-Control', 'no-store')
        .send(fs.createReadStream(path.join(resourcesDir, resource.file)));
    },
  );
}
