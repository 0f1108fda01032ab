import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { asForm, CookieJar, createOrganisation, createUser, formToken, signIn } from '../../../../tests/support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function postSignIn(email: string, password: string, ip: string) {
  const jar = new CookieJar();
  const page = await t.app.inject({ method: 'GET', url: '/sign-in', remoteAddress: ip });
  jar.take(page);
  const form = asForm({ _csrf: formToken(page.body), email, password });
  return t.app.inject({ method: 'POST', url: '/sign-in', remoteAddress: ip, headers: { cookie: jar.header(), 'content-type': form.contentType }, payload: form.payload });
}
const errorMessage = (html: string) => /<p class="error-message"[^>]*>(.*?)<\/p>/.exec(html)?.[1];
const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers });

describe('account suspension', () => {
  it('ends every session of the person at once when Central Office suspends them, and audits it', async () => {
    const admin = await createUser(t.database.db, { role: 'central_office' });
    const staff = await signIn(t.app, admin, '10.8.1.1');
    const lead = await createUser(t.database.db, { role: 'smart_lead', organisationId: (await createOrganisation(t.database.db)).id });
    const phone = await signIn(t.app, lead, '10.8.1.2');
    const laptop = await signIn(t.app, lead, '10.8.1.3');
    expect((await me(phone.headers())).statusCode).toBe(200);

    const res = await t.app.inject({ method: 'POST', url: `/api/v1/users/${lead.id}/suspend`, headers: staff.headers() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: lead.id, status: 'suspended' });
    expect((await me(phone.headers())).statusCode).toBe(401);
    expect((await me(laptop.headers())).statusCode).toBe(401);
    expect(await t.database.db.selectFrom('sessions').select('id_hash').where('user_id', '=', lead.id).execute()).toHaveLength(0);

    const audit = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'user.suspended').where('entity_id', '=', lead.id).executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(admin.id);
    expect(audit.before).toEqual({ status: 'active' });
    expect(audit.after).toMatchObject({ status: 'suspended', sessionsEnded: 2 });
  });

  it('refuses a suspended person at sign-in with the same status and message as an unknown email', async () => {
    const admin = await createUser(t.database.db, { role: 'central_office' });
    const staff = await signIn(t.app, admin, '10.8.2.1');
    const facilitator = await createUser(t.database.db, { role: 'facilitator', organisationId: (await createOrganisation(t.database.db)).id });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/users/${facilitator.id}/suspend`, headers: staff.headers() })).statusCode).toBe(200);

    const suspended = await postSignIn(facilitator.email, facilitator.password, '10.8.2.2');
    const unknown = await postSignIn('no.such.person@people.partnerhub.test', facilitator.password, '10.8.2.3');
    expect(suspended.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(errorMessage(suspended.body)).toBeDefined();
    expect(errorMessage(suspended.body)).toBe(errorMessage(unknown.body));
    expect(suspended.body).not.toMatch(/suspend/i);
    expect(suspended.cookies.find((c) => c.name === 'ph_session' && c.value)).toBeUndefined();
  });

  it('lets the person sign in again once Central Office reactivates the account, and audits it', async () => {
    const admin = await createUser(t.database.db, { role: 'central_office' });
    const staff = await signIn(t.app, admin, '10.8.3.1');
    const facilitator = await createUser(t.database.db, { role: 'facilitator', organisationId: (await createOrganisation(t.database.db)).id });
    await t.app.inject({ method: 'POST', url: `/api/v1/users/${facilitator.id}/suspend`, headers: staff.headers() });
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/users/${facilitator.id}/reactivate`, headers: staff.headers() });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('active');
    const again = await signIn(t.app, facilitator, '10.8.3.2');
    expect((await me(again.headers())).statusCode).toBe(200);
    const audit = await t.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'user.reactivated').where('entity_id', '=', facilitator.id).executeTakeFirstOrThrow();
    expect(audit.after).toEqual({ status: 'active' });
  });

  it('spends the outstanding invitation link of a suspended person, so it cannot activate the account', async () => {
    const admin = await createUser(t.database.db, { role: 'central_office' });
    const staff = await signIn(t.app, admin, '10.8.4.1');
    const email = 'invited.then.suspended@people.partnerhub.test';
    const invited = await t.app.inject({ method: 'POST', url: '/api/v1/invitations', headers: staff.headers(), payload: { email, name: 'Rowan Example', role: 'central_office' } });
    const id = invited.json().id as string;
    const mail = await t.database.db.selectFrom('outbox_messages').selectAll().where('to_address', '=', email).executeTakeFirstOrThrow();
    const link = /partnerhub\.test(\/invitations\/[\w-]+)/.exec(mail.text_body)![1]!;
    expect((await t.app.inject({ method: 'GET', url: link })).statusCode).toBe(200);

    await t.app.inject({ method: 'POST', url: `/api/v1/users/${id}/suspend`, headers: staff.headers() });
    expect((await t.app.inject({ method: 'GET', url: link })).statusCode).toBe(404);
    // Reactivating someone who never set a password puts them back to invited, not active.
    const back = await t.app.inject({ method: 'POST', url: `/api/v1/users/${id}/reactivate`, headers: staff.headers() });
    expect(back.json().status).toBe('invited');
  });

  it('does not let Central Office suspend their own account', async () => {
    const admin = await createUser(t.database.db, { role: 'central_office' });
    const staff = await signIn(t.app, admin, '10.8.5.1');
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/users/${admin.id}/suspend`, headers: staff.headers() });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('rule_broken');
    expect((await me(staff.headers())).statusCode).toBe(200);
  });

  it('refuses suspension to anyone but Central Office and leaves the account untouched', async () => {
    const org = await createOrganisation(t.database.db);
    const lead = await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id });
    const facilitator = await createUser(t.database.db, { role: 'facilitator', organisationId: org.id });
    const session = await signIn(t.app, lead, '10.8.6.1');
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/users/${facilitator.id}/suspend`, headers: session.headers() });
    expect(res.statusCode).toBe(403);
    const row = await t.database.db.selectFrom('users').select('status').where('id', '=', facilitator.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
  });
});
