import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import { recordImportExampleParamsSchema, recordImportGuideSchema, recordImportRequestSchema, recordImportRunParamsSchema, recordImportRunSchema } from '../../../shared/schemas/record-imports.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { actorOf, requireUser } from '../../http.js';
import { exampleCsv, importGuide } from './record-imports.guide.js';
import * as service from './record-imports.service.js';

/** Bringing in today's records from CSV files (Central Office; docs/imports/README.md, decisions 135–139). */
export async function recordImportsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/record-imports',
    {
      config: { policy: 'centralOffice' },
      // A CSV of up to 2 MB in JSON, with room for escaping.
      bodyLimit: 3 * 1024 * 1024,
      schema: {
        tags: ['Record imports'],
        summary: "Check (dryRun, the default) or import one CSV file of today's records; answers 202 with the job to poll. All-or-nothing per file; repeatable without duplicates",
        body: recordImportRequestSchema,
        response: { 202: recordImportRunSchema, 409: errorResponseSchema, 422: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const { run } = await service.startImport(deps, requireUser(request), actorOf(request), request.body, (error) => app.log.error({ err: error }, 'record import failed'));
      return reply.status(202).send(run);
    },
  );

  api.get(
    '/api/v1/record-imports/runs/:id',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Record imports'],
        summary: "A check's or import's progress and, when done, its report",
        params: recordImportRunParamsSchema,
        response: { 200: recordImportRunSchema, 404: errorResponseSchema },
      },
    },
    async (request) => service.importRun(deps, request.params.id),
  );

  api.get(
    '/api/v1/record-imports/guide',
    {
      config: { policy: 'centralOffice' },
      schema: { tags: ['Record imports'], summary: 'Each kind of file in import order: the columns its header must have, the optional ones, and its example file', response: { 200: recordImportGuideSchema } },
    },
    async () => importGuide(),
  );

  api.get(
    '/api/v1/record-imports/examples/:kind',
    {
      config: { policy: 'centralOffice' },
      schema: { tags: ['Record imports'], summary: 'The example CSV file for a kind of import', params: recordImportExampleParamsSchema },
    },
    async (request, reply) => {
      const csv = await exampleCsv(request.params.kind);
      if (csv === null) throw notFound('example file');
      return reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${request.params.kind}.csv"`).send(csv);
    },
  );
}
