import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { networkMapQuerySchema, networkReportQuerySchema } from '../../../shared/schemas/reports.js';
import { toCsv } from '../../csv.js';
import type { AppDeps } from '../../deps.js';
import { requireUser } from '../../http.js';
import { networkMap, networkReport, networkReportCsv } from './network-reports.service.js';

const tags = ['Reports'];

/** The network dashboard and map for Central Office (everything) and Coordinators (their region or programme). */
export async function networkReportRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/reports/network',
    {
      config: { policy: 'staff' },
      schema: {
        tags,
        summary: 'Meetings running each week, licences in operation, training funnel, survey completion, visit coverage and income; format=csv&table=… for one table',
        querystring: networkReportQuerySchema,
        // No response schema: the answer is JSON (the NetworkReport schema) or CSV.
      },
    },
    async (request, reply) => {
      const { format, table, ...query } = request.query;
      const report = await networkReport(deps, requireUser(request), query);
      if (format === 'csv') {
        const { headers, rows } = networkReportCsv(report, table);
        return reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="network-${table}-${report.from}-to-${report.to}.csv"`)
          .send(toCsv(headers, rows));
      }
      return report;
    },
  );

  api.get(
    '/api/v1/reports/network/map',
    {
      config: { policy: 'staff' },
      schema: {
        tags,
        summary: 'Licensed sites, running meetings (each, or counted by region and map cell beyond 500 places) and gaps (licensed sites and postcode areas with no meeting; vacant Coordinator posts); format=csv',
        querystring: networkMapQuerySchema,
      },
    },
    async (request, reply) => {
      const map = await networkMap(deps, requireUser(request), { region: request.query.region });
      if (request.query.format === 'csv') {
        // The places as on the map: each one, or (grouped, decision 161) each region and cell with its counts.
        const csv = map.grouped
          ? toCsv(
              ['Region', 'Latitude', 'Longitude', 'Licensed sites', 'Licensed sites with no meeting', 'Meetings running'],
              map.groups.map((g) => [g.regionName, g.latitude, g.longitude, g.licensedSites, g.sitesWithoutMeeting, g.runningMeetings]),
            )
          : toCsv(
              ['Kind', 'Name', 'Organisation', 'Region', 'Postcode', 'Latitude', 'Longitude', 'Licensed site with no meeting'],
              map.points.map((p) => [p.kind === 'site' ? 'Licensed site' : 'Meeting', p.name, p.organisationName, p.regionName, p.postcode, p.latitude, p.longitude, p.kind === 'site' ? (p.gap ? 'Yes' : 'No') : '']),
            );
        return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="network-map.csv"').send(csv);
      }
      return map;
    },
  );
}
