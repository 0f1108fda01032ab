import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';

export async function healthRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/healthz', { config: { policy: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    await sql`SELECT 1`.execute(deps.db);
    return reply.header('Cache-Control', 'no-store').send({ status: 'ok', database: deps.config.database.kind });
  });
}
