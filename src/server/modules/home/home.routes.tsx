import type { FastifyInstance } from 'fastify';
import { sendPage } from '../../views/layout.js';
import { HomePage } from './home.page.js';

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) =>
    sendPage(reply, <HomePage signedIn={Boolean(request.user)} />),
  );
}
