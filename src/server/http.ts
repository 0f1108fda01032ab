import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from './audit/audit.js';
import { csrfTokenFor } from './auth/cookies.js';
import type { AppDeps } from './deps.js';
import { AppError } from './errors.js';

/** Who is acting, for the audit trail. */
export function actorOf(request: FastifyRequest): Actor {
  return {
    userId: request.user?.id ?? null,
    label: request.user?.email ?? 'anonymous',
    ip: request.ip,
    requestId: String(request.id),
  };
}

/** The signed-in person; routes whose policy needs one can rely on it. */
export function requireUser(request: FastifyRequest) {
  if (!request.user) throw new AppError('not_signed_in', 'Sign in to continue.');
  return request.user;
}

export function formCsrf(deps: AppDeps, request: FastifyRequest, reply: FastifyReply): string {
  return csrfTokenFor(request, reply, { secure: deps.config.secureCookies });
}

/** Only same-site paths are followed after sign-in, never another host. */
export function safeNext(value: unknown): string {
  const next = typeof value === 'string' ? value : '';
  const sameSite = next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\');
  // Never back to the sign-in pages themselves: a bookmarked code page would loop.
  return sameSite && !next.startsWith('/sign-in') ? next : '/portal/';
}
