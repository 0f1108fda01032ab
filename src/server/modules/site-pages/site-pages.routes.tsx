import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { sendPage } from '../../views/layout.js';
import { AccessibilityPage } from './accessibility.page.js';
import { PrivacyNoticePage } from './privacy-notice.page.js';
import { robotsTxt } from './robots.js';

/** The pages a charity's public site must have: the privacy notice, the accessibility statement, robots.txt (decision 178). */
export async function sitePageRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const options = { config: { policy: 'public' as const }, schema: { hide: true } };

  app.get('/privacy', options, async (request, reply) =>
    sendPage(reply, <PrivacyNoticePage charity={deps.config.charity} signedIn={Boolean(request.user)} />),
  );

  app.get('/accessibility', options, async (request, reply) =>
    sendPage(reply, <AccessibilityPage charity={deps.config.charity} publicUrl={deps.config.publicUrl} signedIn={Boolean(request.user)} />),
  );

  const robots = robotsTxt();
  app.get('/robots.txt', options, async (_request, reply) => reply.type('text/plain; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(robots));
}
