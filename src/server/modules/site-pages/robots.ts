import fp from 'fastify-plugin';

/**
 * Pages opened by a key or token in the address (decision 178): whoever holds the link can read
 * them, so search engines must neither crawl nor list them. A Start-Up Form resume link, a quote's
 * PDF link, a password reset and an invitation.
 */
export const KEYED_PATH_PREFIXES = ['/start-up-form/resume/', '/quotes/', '/password-reset/', '/invitations/'] as const;

/** Signed-in and machine pages: nothing there for a search engine. */
const PRIVATE_PATH_PREFIXES = ['/portal', '/api/', '/sign-in'] as const;

/** What the public may find through a search engine. */
const PUBLIC_PATHS = ['/meetings', '/partners', '/licences', '/contact', '/privacy', '/accessibility'] as const;

/** Whether a request's address is a keyed page (query string ignored). */
export function isKeyedPath(url: string): boolean {
  const path = url.split('?', 1)[0]!;
  return KEYED_PATH_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/** /robots.txt: the finder and meetings may be crawled; keyed links, the portal and the API may not. */
export function robotsTxt(): string {
  return [
    'User-agent: *',
    ...PUBLIC_PATHS.map((p) => `Allow: ${p}`),
    ...[...KEYED_PATH_PREFIXES, ...PRIVATE_PATH_PREFIXES].map((p) => `Disallow: ${p}`),
    '',
  ].join('\n');
}

/**
 * `X-Robots-Tag: noindex` on every keyed page, whatever answers it (the page, a redirect, a 404):
 * robots.txt only asks crawlers not to fetch, and a link found elsewhere could still be listed.
 */
export const noIndexKeyedPages = fp(async (app) => {
  app.addHook('onSend', async (request, reply) => {
    if (isKeyedPath(request.url)) reply.header('X-Robots-Tag', 'noindex, nofollow');
  });
});
