import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

export interface PortalOptions {
  /** The built web app (vite build), served at /portal/. */
  webRoot: string;
}

/** The signed-in portal: the React app's files, and its index page for every portal path. */
export async function portalRoutes(app: FastifyInstance, { webRoot }: PortalOptions): Promise<void> {
  const indexFile = path.join(webRoot, 'index.html');
  await app.register(fastifyStatic, {
    root: path.join(webRoot, 'assets'),
    prefix: '/portal/assets/',
    decorateReply: false,
    immutable: true,
    maxAge: '365d',
    config: { policy: 'public' },
  } as Parameters<typeof fastifyStatic>[1]);
  const page = async (_request: unknown, reply: FastifyReply) => {
    if (!fs.existsSync(indexFile)) {
      return reply.status(503).type('text/plain').send('The portal has not been built yet: run npm run build.');
    }
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(fs.createReadStream(indexFile));
  };
  app.get('/portal', { config: { policy: 'signedIn' }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/portal/', 301));
  app.get('/portal/', { config: { policy: 'signedIn' }, schema: { hide: true } }, page);
  app.get('/portal/*', { config: { policy: 'signedIn' }, schema: { hide: true } }, page);
}
