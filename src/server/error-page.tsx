import type { FastifyReply, FastifyRequest } from 'fastify';
import { Layout, sendPage } from './views/layout.js';

/**
 * Whether an error should be answered with a page rather than JSON: a browser asking for a page
 * (a form posted without JavaScript, say), never the API.
 */
export function wantsPage(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/') && String(request.headers.accept ?? '').includes('text/html');
}

/** The error's message as a page, so a person whose form has expired is not shown raw JSON. */
export function sendErrorPage(request: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply {
  return sendPage(
    reply,
    <Layout title="Sorry, there is a problem" signedIn={Boolean(request.user)}>
      <h1>Sorry, there is a problem</h1>
      <p>{message}</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </Layout>,
    status,
  );
}
