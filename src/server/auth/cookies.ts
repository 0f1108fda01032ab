import type { FastifyReply, FastifyRequest } from 'fastify';
import { newToken } from './tokens.js';

export const SESSION_COOKIE = 'ph_session';
export const CSRF_COOKIE = 'ph_csrf';

export interface CookieOptions {
  secure: boolean;
}

/** The CSRF token for this visitor's forms: the session's once signed in, else a cookie of its own. */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply, options: CookieOptions): string {
  if (request.session) return request.session.csrfToken;
  let token = request.cookies[CSRF_COOKIE];
  if (!token) {
    token = newToken();
    void reply.setCookie(CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secure });
  }
  return token;
}

export function setSessionCookie(reply: FastifyReply, token: string, csrfToken: string, options: CookieOptions): void {
  void reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secure });
  void reply.setCookie(CSRF_COOKIE, csrfToken, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secure });
}

export function clearSessionCookie(reply: FastifyReply, options: CookieOptions): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', secure: options.secure });
}
