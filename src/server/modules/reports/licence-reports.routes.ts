import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addDays, londonDate } from '../../../domain/iso-date.js';
import { LICENCE_TYPES, ORGANISATION_TYPES, REGIONS } from '../../../domain/reference.js';
import { errorResponseSchema } from '../../../shared/errors.js';
import { toCsv } from '../../csv.js';
import type { AppDeps } from '../../deps.js';
import { requireUser } from '../../http.js';
import { networkScope } from './network-scope.js';
import { incomeByMonth, licenceSummary, listLicenceReport } from './licence-reports.repository.js';

const codes = <T extends { code: string }>(list: readonly T[]) => list.map((x) => x.code) as [string, ...string[]];
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const licenceQuery = z.object({
  status: z.enum(['active', 'in_grace', 'lapsed', 'in-operation']).optional(),
  licenceType: z.enum(codes(LICENCE_TYPES)).optional(),
  region: z.enum(codes(REGIONS)).optional(),
  organisationType: z.enum(ORGANISATION_TYPES).optional(),
  expiringWithinDays: z.coerce.number().int().min(0).max(366).optional(),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const countSchema = z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int() }));

/**
 * Licence views (Section 3 quotes 770 licences in operation) and income, as JSON or CSV: Central
 * Office's over the whole network, a Coordinator's over their region or programme (decision 125).
 */
export async function licenceReportRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/reports/licences/summary',
    {
      config: { policy: 'staff' },
      schema: {
        tags: ['Reports'],
        summary: 'Licences in operation by programme, region and organisation type; in grace; lapsed; expiring in 90 days',
        response: {
          200: z.object({
            inOperation: z.number().int(), inGrace: z.number().int(), lapsed: z.number().int(), expiringWithin90Days: z.number().int(),
            byLicenceType: countSchema, byRegion: countSchema, byOrganisationType: countSchema,
          }),
          401: errorResponseSchema,
          403: errorResponseSchema,
        },
      },
    },
    async (request) => licenceSummary(deps.db, londonDate(deps.now()), networkScope(requireUser(request))),
  );

  api.get(
    '/api/v1/reports/licences',
    {
      config: { policy: 'staff' },
      schema: { tags: ['Reports'], summary: 'Licences by status, programme, region, organisation type or expiry; format=csv for a spreadsheet', querystring: licenceQuery },
    },
    async (request, reply) => {
      const { format, limit, offset, ...filter } = request.query;
      const { rows, total } = await listLicenceReport(deps.db, { ...filter, today: londonDate(deps.now()), scope: networkScope(requireUser(request)) }, format === 'csv' ? { limit: 1_000_000, offset: 0 } : { limit, offset });
      if (format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', 'attachment; filename="licences.csv"')
          .send(
            toCsv(
              ['Licence', 'Status', 'Programme', 'Organisation', 'Organisation type', 'Site', 'Region', 'Starts', 'Ends'],
              rows.map((r) => [r.number, r.status, r.licence_type_name, r.organisation_name, r.organisation_type, r.site_name, r.region_name, r.starts_on, r.ends_on]),
            ),
          );
      }
      return {
        total,
        items: rows.map((r) => ({
          id: r.id, number: r.number, status: r.status, licenceType: r.licence_type, licenceTypeName: r.licence_type_name,
          organisationId: r.organisation_id, organisationName: r.organisation_name, organisationType: r.organisation_type,
          siteName: r.site_name, regionName: r.region_name, startsOn: r.starts_on, endsOn: r.ends_on,
        })),
      };
    },
  );

  api.get(
    '/api/v1/reports/income',
    {
      config: { policy: 'staff' },
      schema: {
        tags: ['Reports'],
        summary: 'Income by month and programme (payments shared across their invoice lines); format=csv for a spreadsheet',
        querystring: z.object({ from: isoDate.optional(), to: isoDate.optional(), format: z.enum(['json', 'csv']).default('json') }),
      },
    },
    async (request, reply) => {
      const today = londonDate(deps.now());
      const rows = await incomeByMonth(deps.db, { from: request.query.from ?? addDays(today, -365), to: request.query.to ?? today }, networkScope(requireUser(request)));
      if (request.query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', 'attachment; filename="income.csv"')
          .send(toCsv(['Month', 'Programme', 'Income (£)'], rows.map((r) => [r.month, r.licenceTypeName, (r.pence / 100).toFixed(2)])));
      }
      return { items: rows };
    },
  );
}
