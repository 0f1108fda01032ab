import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import { organisationListSchema, organisationSchema, pageQuerySchema } from '../../../shared/schemas/organisations.js';
import type { AppDeps } from '../../deps.js';
import { actorOf, requireUser } from '../../http.js';
import * as service from './organisations.service.js';
import { smartLeadWarning } from '../people/people.service.js';

type Row = { id: string; name: string; organisation_type: string; sector_code: string; sector_name: string; region_code: string; region_name: string };

const summary = (o: Row) => ({
  id: o.id,
  name: o.name,
  organisationType: o.organisation_type,
  sector: { code: o.sector_code, name: o.sector_name },
  region: { code: o.region_code, name: o.region_name },
});

export async function organisationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/organisations',
    {
      config: { policy: 'signedIn' },
      schema: {
        tags: ['Organisations'],
        summary: 'Partner organisations the signed-in person may see',
        querystring: pageQuerySchema,
        response: { 200: organisationListSchema, 401: errorResponseSchema },
      },
    },
    async (request) => {
      const { rows, total } = await service.listOrganisations(deps, requireUser(request), request.query);
      return { items: rows.map(summary), total };
    },
  );

  api.get(
    '/api/v1/organisations/:id',
    {
      config: { policy: 'signedIn' },
      schema: {
        tags: ['Organisations'],
        summary: 'One partner organisation with its sites',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: organisationSchema, 401: errorResponseSchema, 404: errorResponseSchema },
      },
    },
    async (request) => {
      const o = await service.getOrganisation(deps, requireUser(request), actorOf(request), request.params.id);
      return {
        ...summary(o),
        charityOrCompanyNumber: o.charity_or_company_number,
        address: o.address,
        postcode: o.postcode,
        sites: o.sites.map((s) => ({ id: s.id, name: s.name, address: s.address, postcode: s.postcode, nation: s.nation_code, region: s.region_code, satellite: s.satellite })),
        smartLeadWarning: await smartLeadWarning(deps.db, o.id),
      };
    },
  );
}
