import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from './views/layout.js';
import { NotFoundPage } from './modules/home/home.page.js';

/** Unknown paths: JSON for the API, a page for people. */
export async function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  if (request.url.startsWith('/api/')) {
    return reply.status(404).send({ error: { code: 'not_found', message: 'Not found.' } });
  }
  return sendPage(reply, <NotFoundPage signedIn={Boolean(request.user)} />, 404);
}
