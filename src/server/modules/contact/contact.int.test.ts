import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { CookieJar, createUser, formToken, postForm, type TestUser } from '../../../../tests/support/factories.js';
import { MAX_MESSAGES_PER_HOUR } from './contact.service.js';

/** The public contact form: routing to the right inbox or Coordinator, outbox mail, tasks, throttling (decision 133). */

let t: TestApp;
let northWest: TestUser;
let ip = 0;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  northWest = await createUser(db, { role: 'coordinator', posts: ['north-west'], email: 'nw.coordinator@people.partnerhub.test' });
  await db.updateTable('coordinator_posts').set({ holder_user_id: northWest.id }).where('code', '=', 'north-west').execute();
});
afterAll(async () => t?.close());

/** Sends the form as a browser without JavaScript would: the page first, then the post with its token. */
async function send(fields: Record<string, string>, address?: string) {
  const from = address ?? `10.0.0.${++ip}`;
  const jar = new CookieJar();
  const page = await t.app.inject({ method: 'GET', url: '/contact', remoteAddress: from });
  jar.take(page);
  return postForm(t.app, '/contact', jar, { _csrf: formToken(page.body), name: 'Jordan Testwell', email: 'jordan.testwell@people.partnerhub.test', postcode: '', message: 'Hello, I have a question.', ...fields }, from);
}

async function latestMessage() {
  return t.database.db.selectFrom('contact_messages').selectAll().orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
}

describe('POST /contact routes each kind of message (Section 11)', () => {
  it.each([
    ['partnership', 'partnerships@smartrecovery.org.uk', 'partnerships'],
    ['training', 'training@smartrecovery.org.uk', 'training'],
    ['meeting-updates', 'updates@smartrecovery.org.uk', 'updates'],
    ['technical-support', 'support@smartrecovery.org.uk', 'support'],
    ['volunteering', 'volunteer@smartrecovery.org.uk', 'volunteer'],
    ['general', 'info@smartrecovery.org.uk', 'info'],
  ])('%s → %s, with a task and an acknowledgement', async (topic, email, inbox) => {
    const res = await send({ topic });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Message sent');
    const message = await latestMessage();
    expect(message).toMatchObject({ topic, routed_to: email, routed_user_id: null });
    const mail = await t.database.db.selectFrom('outbox_messages').select(['to_address', 'kind', 'text_body']).where('text_body', 'like', '%Hello, I have a question.%').where('to_address', '=', email).execute();
    expect(mail.length).toBeGreaterThan(0);
    const task = await t.database.db.selectFrom('tasks').select(['inbox_code', 'kind', 'assigned_user_id']).where('subject_id', '=', message.id).executeTakeFirstOrThrow();
    expect(task).toEqual({ inbox_code: inbox, kind: 'contact.message', assigned_user_id: null });
    const ack = await t.database.db.selectFrom('outbox_messages').select('kind').where('to_address', '=', 'jordan.testwell@people.partnerhub.test').where('kind', '=', 'contact_acknowledgement').execute();
    expect(ack.length).toBeGreaterThan(0);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', message.id).executeTakeFirstOrThrow();
    expect(audit.action).toBe('contact_message.received');
  });

  it("sends 'support in my area' to the Community Coordinator of the postcode's region, with the task assigned to them", async () => {
    const res = await send({ topic: 'local-support', postcode: 'pr1 8bu' });
    expect(res.body).toContain('your Community Coordinator');
    const message = await latestMessage();
    expect(message).toMatchObject({ routed_to: 'nw.coordinator@people.partnerhub.test', routed_user_id: northWest.id, region_code: 'north-west', postcode: 'PR1 8BU' });
    const task = await t.database.db.selectFrom('tasks').select(['assigned_user_id']).where('subject_id', '=', message.id).executeTakeFirstOrThrow();
    expect(task.assigned_user_id).toBe(northWest.id);
  });

  it("sends 'support in my area' to the partnerships inbox where the post is vacant (The Midlands & London)", async () => {
    await send({ topic: 'local-support', postcode: 'B1 1AA' });
    expect(await latestMessage()).toMatchObject({ routed_to: 'partnerships@smartrecovery.org.uk', region_code: 'midlands-london', routed_user_id: null });
  });
});

describe('the form without JavaScript', () => {
  it('shows every choice in a fieldset with a CSRF token and no script', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/contact?topic=training' });
    expect(page.body).toContain('<legend>');
    expect(page.body).toContain('name="_csrf"');
    expect(page.body).not.toContain('<script');
    expect(page.body).toMatch(/checked="" value="training"/);
  });

  it('keeps everything typed on an error and names each field (422)', async () => {
    const res = await send({ topic: 'local-support', postcode: '', name: 'Kit Marlow', email: 'not-an-email', message: 'My typed words stay here.' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Enter your postcode so we can find your Community Coordinator');
    expect(res.body).toContain('Enter an email address like name@example.org');
    expect(res.body).toContain('value="Kit Marlow"');
    expect(res.body).toContain('value="not-an-email"');
    expect(res.body).toContain('My typed words stay here.');
  });

  it('refuses a post without the form’s token', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/contact', payload: 'topic=general&name=A&email=a%40example.org&message=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(403);
  });

  it(`throttles one address after ${MAX_MESSAGES_PER_HOUR} messages an hour (429, typed text kept), and frees it an hour later`, async () => {
    const address = '10.9.9.9';
    for (let i = 0; i < MAX_MESSAGES_PER_HOUR; i += 1) expect((await send({ topic: 'general' }, address)).statusCode).toBe(200);
    const count = async () => Number((await t.database.db.selectFrom('contact_messages').select((eb) => eb.fn.countAll().as('n')).where('sender_ip', '=', address).executeTakeFirstOrThrow()).n);
    const throttled = await send({ topic: 'general', message: 'One too many.' }, address);
    expect(throttled.statusCode).toBe(429);
    expect(throttled.body).toContain('One too many.');
    expect(await count()).toBe(MAX_MESSAGES_PER_HOUR);
    t.clock.advance(61 * 60 * 1000);
    expect((await send({ topic: 'general' }, address)).statusCode).toBe(200);
    t.clock.reset();
  });
});

describe('a contact form that has expired', () => {
  it('answers a browser with a page saying what to do, not with JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/contact',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      payload: 'topic=general&name=Jordan+Testwell&email=jordan.testwell%40people.partnerhub.test&message=Hello',
      remoteAddress: '10.0.9.1',
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<h1>Sorry, there is a problem</h1>');
    expect(res.body).toContain('This form has expired. Go back, reload the page and try again.');
    expect(res.body).not.toContain('csrf_failed');
  });

  it('still answers the API with JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/volunteer-applications',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      payload: 'name=x',
      remoteAddress: '10.0.9.2',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
  });
});

describe('other ways to reach Central Office (decision 178)', () => {
  it("shows the charity's telephone, postal address and team inboxes, and links to the privacy notice", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/contact' });
    expect(res.statusCode).toBe(200);
    const main = res.body.slice(res.body.indexOf('<main'), res.body.indexOf('</main>'));
    expect(main).toContain('href="tel:+443300536022"');
    expect(main).toContain('0330 053 6022');
    expect(main).toContain('PO Box 4964<br/>Stoke on Trent<br/>ST3 9GU');
    for (const inbox of ['partnerships', 'training', 'updates', 'support', 'volunteer', 'info']) expect(main).toContain(`href="mailto:${inbox}@smartrecovery.org.uk"`);
    expect(main).toContain('href="/privacy"');
    // The charity's details only: no Coordinator's own address or mobile.
    expect(main).not.toMatch(/07\d{3} ?\d{6}/);
  });
});
