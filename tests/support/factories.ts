import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DB } from '../../src/server/db/database.js';
import { hashPassword } from '../../src/server/auth/password.js';
import { newTotpSecret } from '../../src/server/auth/totp.js';
import type { Role } from '../../src/shared/roles.js';
import { unusedTotpCode } from './totp-codes.js';

const unique = () => randomBytes(4).toString('hex');

export interface OrganisationOverrides {
  name?: string;
  region?: string;
  sector?: string;
  type?: 'non-profit' | 'for-profit' | 'corporate';
}

/** An invented partner organisation with one site in its region. */
export async function createOrganisation(db: DB, o: OrganisationOverrides = {}) {
  const region = o.region ?? 'north-west';
  const { nation_code } = await db.selectFrom('regions').select('nation_code').where('code', '=', region).executeTakeFirstOrThrow();
  const organisation = await db
    .insertInto('organisations')
    .values({
      name: o.name ?? `Test Recovery Service ${unique()}`,
      organisation_type: o.type ?? 'non-profit',
      sector_code: o.sector ?? 'treatment-service',
      region_code: region,
    })
    .returning(['id', 'name', 'region_code', 'sector_code'])
    .executeTakeFirstOrThrow();
  const site = await db
    .insertInto('sites')
    .values({ organisation_id: organisation.id, name: `${organisation.name} main site`, address: '1 Test Street', postcode: 'PR1 8BU', nation_code, region_code: region })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  return { ...organisation, site };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  totpSecret: string | null;
  organisationId: string | null;
}

/** An active account. Central Office and Coordinators get a TOTP secret, as they must. */
export async function createUser(
  db: DB,
  u: { role: Role; organisationId?: string; posts?: string[]; email?: string; password?: string; status?: 'active' | 'suspended' | 'invited' },
): Promise<TestUser> {
  const password = u.password ?? `test-password-${unique()}`;
  const totpSecret = u.role === 'central_office' || u.role === 'coordinator' ? newTotpSecret() : null;
  const email = u.email ?? `${u.role.replace('_', '.')}.${unique()}@people.partnerhub.test`;
  const { id } = await db
    .insertInto('users')
    .values({
      email,
      name: `Test ${u.role} ${unique()}`,
      role: u.role,
      organisation_id: u.organisationId ?? null,
      password_hash: await hashPassword(password),
      totp_secret: totpSecret,
      status: u.status ?? 'active',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const post of u.posts ?? []) await db.insertInto('user_scopes').values({ user_id: id, post_code: post }).execute();
  return { id, email, password, role: u.role, totpSecret, organisationId: u.organisationId ?? null };
}

/** Cookies from responses, sent back on the next request, as a browser would. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: LightMyRequestResponse): this {
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && new Date(c.expires).getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return this;
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface SignedIn {
  jar: CookieJar;
  csrf: string;
  /** Headers for a JSON API call as this person. */
  headers(extra?: Record<string, string>): Record<string, string>;
}

/** Reads the CSRF token a page's form carries. */
export function formToken(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF field on the page');
  return match[1]!;
}

/** A form post as a browser sends it (application/x-www-form-urlencoded). */
export function asForm(fields: Record<string, string>) {
  return { payload: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** Posts a form with the jar's cookies, the way a browser submits a page's form. */
export function postForm(app: FastifyInstance, url: string, jar: CookieJar, fields: Record<string, string>, ip = '127.0.0.1') {
  const { payload, contentType } = asForm(fields);
  return app.inject({ method: 'POST', url, remoteAddress: ip, headers: { cookie: jar.header(), 'content-type': contentType }, payload });
}

/** Signs in through the real pages, with the second factor where the role needs it. */
export async function signIn(app: FastifyInstance, user: Pick<TestUser, 'email' | 'password' | 'totpSecret'>, ip = '127.0.0.1'): Promise<SignedIn> {
  const jar = new CookieJar();
  const page = await app.inject({ method: 'GET', url: '/sign-in', remoteAddress: ip });
  jar.take(page);
  const res = await postForm(app, '/sign-in', jar, { _csrf: formToken(page.body), email: user.email, password: user.password }, ip);
  if (res.statusCode !== 303) throw new Error(`sign-in failed with ${res.statusCode}`);
  jar.take(res);
  if (res.headers.location?.startsWith('/sign-in/two-factor')) {
    const twoFactor = await app.inject({ method: 'GET', url: '/sign-in/two-factor', headers: { cookie: jar.header() }, remoteAddress: ip });
    const done = await postForm(app, '/sign-in/two-factor', jar, { _csrf: formToken(twoFactor.body), code: await unusedTotpCode(user.totpSecret!) }, ip);
    if (done.statusCode !== 303) throw new Error(`two-factor sign-in failed with ${done.statusCode}`);
    jar.take(done);
  }
  const csrf = jar.get('ph_csrf')!;
  return { jar, csrf, headers: (extra = {}) => ({ cookie: jar.header(), 'x-csrf-token': csrf, ...extra }) };
}
