import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, hotp, totpCode } from '../../auth/totp.js';
import { unusedTotpCode } from '../../../../tests/support/totp-codes.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { asForm, CookieJar, createOrganisation, createUser, formToken, postForm, signIn } from '../../../../tests/support/factories.js';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../../auth/session.repository.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function postSignIn(email: string, password: string, ip = '10.9.0.1', headers: Record<string, string> = {}) {
  const jar = new CookieJar();
  const page = await t.app.inject({ method: 'GET', url: '/sign-in', remoteAddress: ip });
  jar.take(page);
  const form = asForm({ _csrf: formToken(page.body), email, password });
  return t.app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress: ip,
    headers: { cookie: jar.header(), 'content-type': form.contentType, ...headers },
    payload: form.payload,
  });
}

describe('sign-in', () => {
  it('signs a SMART Lead in with email and password and sets a HttpOnly, SameSite session cookie', async () => {
    const org = await createOrganisation(t.database.db);
    const lead = await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id });
    const res = await postSignIn(lead.email, lead.password, '10.9.1.1');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/portal/');
    const cookie = res.cookies.find((c) => c.name === 'ph_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `ph_session=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: lead.email, role: 'smart_lead', organisationId: org.id });
  });

  it('answers a wrong password and an unknown email with the same status and message', async () => {
    const lead = await createUser(t.database.db, { role: 'facilitator', organisationId: (await createOrganisation(t.database.db)).id });
    const wrong = await postSignIn(lead.email, 'not-the-password', '10.9.2.1');
    const unknown = await postSignIn('nobody-here@people.partnerhub.test', 'not-the-password', '10.9.2.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const message = (html: string) => /<p class="error-message"[^>]*>(.*?)<\/p>/.exec(html)?.[1];
    expect(message(wrong.body)).toBeDefined();
    expect(message(wrong.body)).toBe(message(unknown.body));
  });

  it('throttles an account after five failures with 429, even for the right password, and a spoofed X-Forwarded-For does not reset it', async () => {
    const user = await createUser(t.database.db, { role: 'facilitator', organisationId: (await createOrganisation(t.database.db)).id });
    for (let i = 0; i < 5; i++) expect((await postSignIn(user.email, 'wrong-password', `10.9.3.${i}`)).statusCode).toBe(401);
    expect((await postSignIn(user.email, user.password, '10.9.3.9')).statusCode).toBe(429);
    expect((await postSignIn(user.email, user.password, '10.9.3.9', { 'x-forwarded-for': '203.0.113.7' })).statusCode).toBe(429);
  });

  it('throttles an address after twenty failures across accounts, whatever X-Forwarded-For says', async () => {
    for (let i = 0; i < 20; i++) await postSignIn(`someone${i}@people.partnerhub.test`, 'wrong-password', '10.9.4.1', { 'x-forwarded-for': `198.51.100.${i}` });
    const user = await createUser(t.database.db, { role: 'facilitator', organisationId: (await createOrganisation(t.database.db)).id });
    expect((await postSignIn(user.email, user.password, '10.9.4.1', { 'x-forwarded-for': '198.51.100.250' })).statusCode).toBe(429);
  });

  it('refuses a sign-in form posted without its CSRF token', async () => {
    const res = await postForm(t.app, '/sign-in', new CookieJar(), { email: 'a@b.test', password: 'x' }, '10.9.5.1');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
  });

  it('keeps what was typed and shows a message next to the field when the email is not valid', async () => {
    const res = await postSignIn('not-an-email', 'x', '10.9.6.1');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('value="not-an-email"');
    expect(res.body).toContain('id="email-error"');
  });
});

describe('two-factor sign-in', () => {
  it('gives Central Office no access until the code is entered, then changes the session id', async () => {
    const staff = await createUser(t.database.db, { role: 'central_office' });
    const jar = new CookieJar();
    const page = await t.app.inject({ method: 'GET', url: '/sign-in', remoteAddress: '10.9.7.1' });
    jar.take(page);
    const first = await postForm(t.app, '/sign-in', jar, { _csrf: formToken(page.body), email: staff.email, password: staff.password }, '10.9.7.1');
    expect(first.headers.location).toBe('/sign-in/two-factor');
    jar.take(first);
    const pendingId = jar.get('ph_session');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: jar.header() } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit-events', headers: { cookie: jar.header() } })).statusCode).toBe(401);

    const twoFactorPage = await t.app.inject({ method: 'GET', url: '/sign-in/two-factor', headers: { cookie: jar.header() } });
    const wrongCode = totpCode(staff.totpSecret!) === '000000' ? '111111' : '000000';
    const wrong = await postForm(t.app, '/sign-in/two-factor', jar, { _csrf: formToken(twoFactorPage.body), code: wrongCode }, '10.9.7.1');
    expect(wrong.statusCode).toBe(401);
    const done = await postForm(t.app, '/sign-in/two-factor', jar, { _csrf: formToken(twoFactorPage.body), code: totpCode(staff.totpSecret!) }, '10.9.7.1');
    expect(done.statusCode).toBe(303);
    jar.take(done);
    expect(jar.get('ph_session')).not.toBe(pendingId);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: jar.header() } })).json().role).toBe('central_office');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `ph_session=${pendingId}` } })).statusCode).toBe(401);
  });
});

describe('two-factor codes are good once (decision 100)', () => {
  /** Signs in with the password and answers the two-factor step with the code given. */
  async function signInWithCode(staff: { email: string; password: string }, code: string, ip: string) {
    const jar = new CookieJar();
    const page = await t.app.inject({ method: 'GET', url: '/sign-in', remoteAddress: ip });
    jar.take(page);
    const first = await postForm(t.app, '/sign-in', jar, { _csrf: formToken(page.body), email: staff.email, password: staff.password }, ip);
    expect(first.headers.location).toBe('/sign-in/two-factor');
    jar.take(first);
    const twoFactorPage = await t.app.inject({ method: 'GET', url: '/sign-in/two-factor', headers: { cookie: jar.header() }, remoteAddress: ip });
    const done = await postForm(t.app, '/sign-in/two-factor', jar, { _csrf: formToken(twoFactorPage.body), code }, ip);
    jar.take(done);
    return { status: done.statusCode, jar };
  }
  const codeAt = (secret: string, step: number) => hotp(base32Decode(secret), step);
  const stepNow = () => Math.floor(t.clock.now().getTime() / 30_000);

  it('refuses a code that has already signed the person in, and any code from an earlier step, but accepts the next one', async () => {
    const staff = await createUser(t.database.db, { role: 'central_office' });
    const step = stepNow();
    const first = await signInWithCode(staff, codeAt(staff.totpSecret!, step), '10.9.20.1');
    expect(first.status).toBe(303);

    const replay = await signInWithCode(staff, codeAt(staff.totpSecret!, step), '10.9.20.2');
    expect(replay.status).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: replay.jar.header() } })).statusCode).toBe(401);
    expect((await signInWithCode(staff, codeAt(staff.totpSecret!, step - 1), '10.9.20.3')).status).toBe(401);

    const next = await signInWithCode(staff, codeAt(staff.totpSecret!, step + 1), '10.9.20.4');
    expect(next.status).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: next.jar.header() } })).json().email).toBe(staff.email);
    const stored = await t.database.db.selectFrom('users').select('totp_last_step').where('id', '=', staff.id).executeTakeFirstOrThrow();
    expect(Number(stored.totp_last_step)).toBe(step + 1);
  });

  it('lets only one of two sign-ins sent with the same code at once through', async () => {
    const staff = await createUser(t.database.db, { role: 'coordinator', posts: ['north-west'] });
    const prepare = async (ip: string) => {
      const jar = new CookieJar();
      const page = await t.app.inject({ method: 'GET', url: '/sign-in', remoteAddress: ip });
      jar.take(page);
      jar.take(await postForm(t.app, '/sign-in', jar, { _csrf: formToken(page.body), email: staff.email, password: staff.password }, ip));
      const twoFactorPage = await t.app.inject({ method: 'GET', url: '/sign-in/two-factor', headers: { cookie: jar.header() }, remoteAddress: ip });
      return { jar, csrf: formToken(twoFactorPage.body), ip };
    };
    const a = await prepare('10.9.21.1');
    const b = await prepare('10.9.21.2');
    const code = codeAt(staff.totpSecret!, stepNow());
    const answers = await Promise.all([a, b].map((s) => postForm(t.app, '/sign-in/two-factor', s.jar, { _csrf: s.csrf, code }, s.ip)));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([303, 401]);
  });

  it('does not accept the code that confirmed the authenticator at the invitation for the first sign-in', async () => {
    const admin = await createUser(t.database.db, { role: 'central_office' });
    const session = await signIn(t.app, admin, '10.9.22.1');
    const email = 'replay.coordinator@people.partnerhub.test';
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/invitations', headers: session.headers(), payload: { email, name: 'Rowan Replay', role: 'coordinator', posts: ['north-west'] } })).statusCode).toBe(201);
    const mail = await t.database.db.selectFrom('outbox_messages').selectAll().where('to_address', '=', email).executeTakeFirstOrThrow();
    const link = /partnerhub\.test(\/invitations\/[\w-]+)/.exec(mail.text_body)![1]!;
    const page = await t.app.inject({ method: 'GET', url: link });
    const secret = /<p class="secret">([A-Z2-7]+)<\/p>/.exec(page.body)![1]!;
    const jar = new CookieJar().take(page);
    const password = 'replay coordinator password';
    const code = codeAt(secret, stepNow());
    expect((await postForm(t.app, link, jar, { _csrf: formToken(page.body), password, confirm: password, code })).statusCode).toBe(303);
    expect((await signInWithCode({ email, password }, code, '10.9.22.2')).status).toBe(401);
  });
});

describe('an invitation refused for a spent code', () => {
  it('rolls the acceptance back, so the link still works with a fresh code', async () => {
    const admin = await createUser(t.database.db, { role: 'central_office' });
    const session = await signIn(t.app, admin, '10.9.23.1');
    const email = 'rollback.coordinator@people.partnerhub.test';
    const invited = await t.app.inject({ method: 'POST', url: '/api/v1/invitations', headers: session.headers(), payload: { email, name: 'Robin Rollback', role: 'coordinator', posts: ['north-west'] } });
    const userId = invited.json().id as string;
    const mail = await t.database.db.selectFrom('outbox_messages').selectAll().where('to_address', '=', email).executeTakeFirstOrThrow();
    const link = /partnerhub\.test(\/invitations\/[\w-]+)/.exec(mail.text_body)![1]!;
    const page = await t.app.inject({ method: 'GET', url: link });
    const secret = /<p class="secret">([A-Z2-7]+)<\/p>/.exec(page.body)![1]!;
    const jar = new CookieJar().take(page);
    const password = 'rollback coordinator password';
    const step = Math.floor(t.clock.now().getTime() / 30_000);
    // As if this step's code had already been used.
    await t.database.db.updateTable('users').set({ totp_last_step: step }).where('id', '=', userId).execute();
    const refused = await postForm(t.app, link, jar, { _csrf: formToken(page.body), password, confirm: password, code: hotp(base32Decode(secret), step) });
    expect(refused.statusCode).toBe(422);
    expect(await t.database.db.selectFrom('users').select(['status', 'password_hash']).where('id', '=', userId).executeTakeFirstOrThrow()).toEqual({ status: 'invited', password_hash: null });
    const accepted = await postForm(t.app, link, jar, { _csrf: formToken(page.body), password, confirm: password, code: hotp(base32Decode(secret), step + 1) });
    expect(accepted.statusCode).toBe(303);
  });
});

describe('sessions', () => {
  it('ends the session at sign-out', async () => {
    const user = await createUser(t.database.db, { role: 'facilitator', organisationId: (await createOrganisation(t.database.db)).id });
    const session = await signIn(t.app, user, '10.9.8.1');
    const out = await postForm(t.app, '/sign-out', session.jar, { _csrf: session.csrf });
    expect(out.statusCode).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.jar.header() } })).statusCode).toBe(401);
  });

  it('ends a session idle for 30 minutes', async () => {
    const user = await createUser(t.database.db, { role: 'facilitator', organisationId: (await createOrganisation(t.database.db)).id });
    const session = await signIn(t.app, user, '10.9.9.1');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers() })).statusCode).toBe(200);
    t.clock.advance(IDLE_TIMEOUT_MS + 1000);
    try {
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers() })).statusCode).toBe(401);
    } finally {
      t.clock.reset();
    }
  });

  it('ends a session 12 hours after sign-in even when it was used every few minutes', async () => {
    const user = await createUser(t.database.db, { role: 'facilitator', organisationId: (await createOrganisation(t.database.db)).id });
    const session = await signIn(t.app, user, '10.9.9.2');
    const step = IDLE_TIMEOUT_MS - 5 * 60 * 1000;
    let elapsed = 0;
    try {
      // Kept busy, so the idle timeout never applies: only the absolute one can end it.
      while (elapsed + step < ABSOLUTE_TIMEOUT_MS - 60 * 1000) {
        t.clock.advance(step);
        elapsed += step;
        expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers() })).statusCode).toBe(200);
      }
      t.clock.advance(ABSOLUTE_TIMEOUT_MS - elapsed - 60 * 1000);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers() })).statusCode).toBe(200);
      t.clock.advance(2 * 60 * 1000);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers() })).statusCode).toBe(401);
      expect(await t.database.db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute()).toHaveLength(0);
    } finally {
      t.clock.reset();
    }
  });

  it('refuses a JSON change sent with the session cookie but without the CSRF header', async () => {
    const admin = await createUser(t.database.db, { role: 'central_office' });
    const session = await signIn(t.app, admin, '10.9.10.1');
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/invitations', headers: { cookie: session.jar.header() },
      payload: { email: 'new.person@people.partnerhub.test', name: 'New Person', role: 'central_office' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
  });
});

describe('password reset', () => {
  it('emails a one-time link, sets the new password, ends every session, and the link cannot be used twice', async () => {
    const user = await createUser(t.database.db, { role: 'facilitator', organisationId: (await createOrganisation(t.database.db)).id });
    const before = await signIn(t.app, user, '10.9.11.1');
    const page = await t.app.inject({ method: 'GET', url: '/password-reset' });
    const jar = new CookieJar().take(page);
    const asked = await postForm(t.app, '/password-reset', jar, { _csrf: formToken(page.body), email: user.email });
    expect(asked.statusCode).toBe(200);
    const mail = await t.database.db.selectFrom('outbox_messages').selectAll().where('to_address', '=', user.email).where('kind', '=', 'password_reset').executeTakeFirstOrThrow();
    const link = /http:\/\/partnerhub\.test(\/password-reset\/[\w-]+)/.exec(mail.text_body)![1]!;

    const form = await t.app.inject({ method: 'GET', url: link, headers: { cookie: jar.header() } });
    expect(form.statusCode).toBe(200);
    const newPassword = 'a brand new long password';
    const done = await postForm(t.app, link, jar, { _csrf: formToken(form.body), password: newPassword, confirm: newPassword });
    expect(done.statusCode).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: before.headers() })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: link })).statusCode).toBe(404);
    await expect(signIn(t.app, { ...user, password: newPassword }, '10.9.11.2')).resolves.toBeDefined();
  });

  it('answers an unknown email exactly as a known one and sends nothing', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/password-reset' });
    const jar = new CookieJar().take(page);
    const res = await postForm(t.app, '/password-reset', jar, { _csrf: formToken(page.body), email: 'nobody.at.all@people.partnerhub.test' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('If an account uses that email address');
    const sent = await t.database.db.selectFrom('outbox_messages').select('id').where('to_address', '=', 'nobody.at.all@people.partnerhub.test').execute();
    expect(sent).toHaveLength(0);
  });

  it('does not let a reset skip the second factor for staff', async () => {
    const staff = await createUser(t.database.db, { role: 'coordinator', posts: ['north-west'] });
    const page = await t.app.inject({ method: 'GET', url: '/password-reset' });
    const jar = new CookieJar().take(page);
    await postForm(t.app, '/password-reset', jar, { _csrf: formToken(page.body), email: staff.email });
    const mail = await t.database.db.selectFrom('outbox_messages').selectAll().where('to_address', '=', staff.email).executeTakeFirstOrThrow();
    const link = /partnerhub\.test(\/password-reset\/[\w-]+)/.exec(mail.text_body)![1]!;
    const form = await t.app.inject({ method: 'GET', url: link, headers: { cookie: jar.header() } });
    const newPassword = 'another long new password';
    const done = await postForm(t.app, link, jar, { _csrf: formToken(form.body), password: newPassword, confirm: newPassword });
    expect(done.headers.location).toBe('/sign-in?reset=1');
    expect(done.cookies.find((c) => c.name === 'ph_session' && c.value)).toBeUndefined();
    const signInAgain = await postSignIn(staff.email, newPassword, '10.9.12.1');
    expect(signInAgain.headers.location).toBe('/sign-in/two-factor');
    const pending = signInAgain.cookies.find((c) => c.name === 'ph_session')!.value;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `ph_session=${pending}` } })).statusCode).toBe(401);
  });
});

describe('invitations', () => {
  it('lets Central Office invite a Coordinator, who sets a password and two-factor, and the change is audited', async () => {
    const admin = await createUser(t.database.db, { role: 'central_office' });
    const session = await signIn(t.app, admin, '10.9.13.1');
    const email = 'new.coordinator@people.partnerhub.test';
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/invitations', headers: session.headers(),
      payload: { email, name: 'Avery Newcombe', role: 'coordinator', posts: ['scotland-1'] },
    });
    expect(res.statusCode).toBe(201);
    const mail = await t.database.db.selectFrom('outbox_messages').selectAll().where('to_address', '=', email).executeTakeFirstOrThrow();
    const link = /partnerhub\.test(\/invitations\/[\w-]+)/.exec(mail.text_body)![1]!;
    const page = await t.app.inject({ method: 'GET', url: link });
    const secret = /<p class="secret">([A-Z2-7]+)<\/p>/.exec(page.body)![1]!;
    const jar = new CookieJar().take(page);
    const password = 'coordinator long password';
    const accepted = await postForm(t.app, link, jar, { _csrf: formToken(page.body), password, confirm: password, code: await unusedTotpCode(secret) });
    expect(accepted.statusCode).toBe(303);
    const coordinator = await signIn(t.app, { email, password, totpSecret: secret }, '10.9.13.2');
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: coordinator.headers() })).json();
    expect(me.regions).toEqual([{ code: 'scotland', name: 'Scotland' }]);
    const audit = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'user.invited').where('entity_id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(admin.id);
  });

  it('refuses extra fields in an invitation rather than applying them', async () => {
    const admin = await createUser(t.database.db, { role: 'central_office' });
    const session = await signIn(t.app, admin, '10.9.14.1');
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/invitations', headers: session.headers(),
      payload: { email: 'extra.field@people.partnerhub.test', name: 'Extra', role: 'facilitator', organisationId: (await createOrganisation(t.database.db)).id, status: 'active' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('validation_failed');
  });
});
