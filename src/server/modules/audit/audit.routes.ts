import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import { auditListSchema, auditQuerySchema } from '../../../shared/schemas/admin.js';
import { listAuditEvents } from '../../audit/audit.repository.js';
import type { AppDeps } from '../../deps.js';

export async function auditRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit-events',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Audit'],
        summary: 'The audit trail: who changed what, when, with before and after values',
        querystring: auditQuerySchema,
        response: { 200: auditListSchema, 401: errorResponseSchema, 403: errorResponseSchema },
      },
    },
    async (request) => {
      const { rows, total } = await listAuditEvents(deps.db, request.query);
      return {
        total,
        items: rows.map((r) => ({
          id: r.id,
          at: new Date(r.at).toISOString(),
          actor: r.actor_label,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          before: r.before,
          after: r.after,
        })),
      };
    },
  );
}
