import type { FastifyReply, FastifyRequest } from 'fastify';
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

/**
 * The host a map tile URL template loads from, as a CSP source: 'https://{s}.tile.example.org/{z}/{x}/{y}.png'
 * → 'https://*.tile.example.org'. The meeting finder's map shows those tiles as images.
 */
export function tileSource(tileUrl: string): string | null {
  const match = /^(https?):\/\/([^/]+)/.exec(tileUrl);
  if (!match) return null;
  const host = match[2]!.replace(/\{[a-z]\}/g, '*');
  return /^[A-Za-z0-9.*:-]+$/.test(host) ? `${match[1]}://${host}` : null;
}

export interface SecurityHeaderOptions {
  production: boolean;
  /** Further hosts images may load from (map tiles). */
  imgSources?: readonly string[];
}

/**
 * Sets the security headers on one reply. The plugin calls it for every response; app.ts calls it
 * for the answer to an address Fastify cannot decode, which no hook sees (decision 178).
 */
export function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply, { production, imgSources = [] }: SecurityHeaderOptions): void {
  const extraImages = imgSources.length > 0 ? ` ${imgSources.join(' ')}` : '';
  const csp = request.url.startsWith('/api/docs') ? DOCS_CSP : BASE_CSP;
  reply.header('Content-Security-Policy', csp.replace("img-src 'self' data:", `img-src 'self' data:${extraImages}`));
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Referrer-Policy', 'strict-origin-when-cross-origin');
  reply.header('X-Frame-Options', 'DENY');
  reply.header('Cross-Origin-Opener-Policy', 'same-origin');
  reply.header('Permissions-Policy', 'camera=(), microphone=(), payment=()');
  if (production) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  if (request.session && !reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
}

/** Security headers on every response. */
export const securityHeaders = fp<SecurityHeaderOptions>(async (app, options) => {
  app.addHook('onSend', async (request, reply) => setSecurityHeaders(request, reply, options));
});
