import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponseSchema } from '../../../shared/errors.js';
import { outboxListSchema } from '../../../shared/schemas/admin.js';
import { pageQuerySchema } from '../../../shared/schemas/organisations.js';
import type { AppDeps } from '../../deps.js';
import { listOutbox } from '../../mail/outbox.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function outboxRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/outbox',
    {
      config: { policy: 'centralOffice' },
      schema: {
        tags: ['Mail'],
        summary: 'Mail Partner Hub has sent or kept, newest first',
        querystring: pageQuerySchema,
        response: { 200: outboxListSchema, 401: errorResponseSchema, 403: errorResponseSchema },
      },
    },
    async (request) => {
      const { rows, total } = await listOutbox(deps.db, request.query);
      return {
        total,
        items: rows.map((m) => ({
          id: m.id,
          createdAt: iso(m.created_at)!,
          to: m.to_address,
          subject: m.subject,
          body: m.text_body,
          kind: m.kind,
          status: m.status,
          attempts: m.attempts,
          sentAt: iso(m.sent_at),
          lastError: m.last_error,
        })),
      };
    },
  );
}
