import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';
import type { DB } from '../db/database.js';
import type { CurrentSession, CurrentUser } from './current-user.js';
import { type Policy, POLICIES, roleAllowed } from './policies.js';
import { findLiveSession, touchSession } from './session.repository.js';
import { hashToken } from './tokens.js';
import { CSRF_COOKIE, SESSION_COOKIE } from './cookies.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: CurrentUser | null;
    session: CurrentSession | null;
  }
  interface FastifyContextConfig {
    policy?: Policy;
  }
  interface FastifyInstance {
    /** Every route with its policy, for the route-inventory test. HEAD routes follow their GET. */
    routeInventory: RouteEntry[];
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  policy: Policy;
}

/** Routes under these prefixes, added by the static-file and docs plugins, are public. */
export const PUBLIC_ASSET_PREFIXES = ['/static/', '/portal/assets/', '/api/docs'];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthPluginOptions {
  db: DB;
  now: () => Date;
}

/**
 * Loads the session, checks every route's policy, and checks the CSRF token on every state change.
 * A route without a policy stops the app from starting.
 */
export const authPlugin = fp<AuthPluginOptions>(async (app: FastifyInstance, { db, now }) => {
  const inventory: RouteEntry[] = [];
  app.decorate('routeInventory', inventory);
  app.decorateRequest('user', null);
  app.decorateRequest('session', null);

  app.addHook('onRoute', (route) => {
    // Static files and the API documentation's own assets are public by nature.
    if (!route.config?.policy && PUBLIC_ASSET_PREFIXES.some((p) => route.url.startsWith(p))) {
      route.config = { ...route.config, policy: 'public' };
    }
    const policy = route.config?.policy;
    if (!policy || !(policy in POLICIES)) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access policy (config.policy).`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') inventory.push({ method, url: route.url, policy });
    }
  });

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const found = await findLiveSession(db, hashToken(token), now());
    if (!found) return;
    request.session = found.session;
    request.user = found.session.twoFactorPending ? null : found.user;
    if (now().getTime() - found.session.lastSeenAt.getTime() > 60_000) await touchSession(db, found.session.idHash, now());
  });

  // preValidation: after the body is parsed (forms carry their CSRF token) and before it is
  // validated, so a refused visitor learns nothing from validation messages.
  app.addHook('preValidation', async (request, reply) => {
    const policy = policyOf(request);
    checkCsrf(request);
    if (!policy) throw new AppError('forbidden', 'This address has no access rule.');
    const rule = POLICIES[policy];
    if (rule === 'anyone') return;
    if (rule === 'two-factor-pending') {
      if (!request.session?.twoFactorPending) return refuseAnonymous(request, reply);
      return;
    }
    if (!request.user) return refuseAnonymous(request, reply);
    if (!roleAllowed(policy, request.user.role)) throw new AppError('forbidden', 'Your role does not give access to this.');
    void reply.header('Cache-Control', 'no-store');
  });
});

/**
 * The route's policy. The not-found handler and the trailing-slash twins that plugins register
 * under a prefix (which Fastify adds without calling onRoute) have none of their own: a 404 is
 * public, an asset prefix is public, anything else is refused.
 */
function policyOf(request: FastifyRequest): Policy | undefined {
  const declared = request.routeOptions.config?.policy;
  if (declared) return declared;
  if (request.is404) return 'public';
  const path = request.url.split('?')[0] ?? '';
  return PUBLIC_ASSET_PREFIXES.some((p) => path.startsWith(p)) ? 'public' : undefined;
}

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

async function refuseAnonymous(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (isApi(request)) throw new AppError('not_signed_in', 'Sign in to continue.');
  const next = encodeURIComponent(request.url);
  await reply.redirect(`/sign-in?next=${next}`, 303);
}

/**
 * Form posts always need the token from the form; JSON requests need it in X-CSRF-Token when a
 * session cookie rides along. A JSON request with no session carries no ambient authority, and a
 * cross-site page cannot send one without a CORS preflight we never grant.
 */
function checkCsrf(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const contentType = String(request.headers['content-type'] ?? '');
  const isForm = contentType.startsWith('application/x-www-form-urlencoded') || contentType.startsWith('multipart/form-data');
  const hasSession = Boolean(request.cookies[SESSION_COOKIE]);
  if (!isForm && !hasSession) return;
  const sent = isForm
    ? String((request.body as Record<string, unknown> | undefined)?._csrf ?? '')
    : String(request.headers['x-csrf-token'] ?? '');
  const expected = request.session?.csrfToken ?? request.cookies[CSRF_COOKIE] ?? '';
  if (!expected || sent !== expected) {
    throw new AppError('csrf_failed', 'This form has expired. Go back, reload the page and try again.');
  }
}
