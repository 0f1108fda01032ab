import fp from 'fastify-plugin';

const BASE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// The API documentation page styles elements inline; it alone may.
const DOCS_CSP = BASE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/** Security headers on every response. */
export const securityHeaders = fp<{ production: boolean }>(async (app, { production }) => {
  app.addHook('onSend', async (request, reply) => {
    reply.header('Content-Security-Policy', request.url.startsWith('/api/docs') ? DOCS_CSP : BASE_CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Permissions-Policy', 'camera=(), microphone=(), payment=()');
    if (production) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (request.session && !reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
  });
});
