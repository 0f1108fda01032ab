import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, CookieJar, formToken, postForm, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { monthsBefore, runRetention } from './privacy.service.js';

/** Retention, subject access and erasure (decisions 102, 103 and 104). */

let t: TestApp;
let org: Awaited<ReturnType<typeof createOrganisation>>;
let central: SignedIn;
let lead: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrganisation(t.database.db, { name: 'Linnet Row Recovery', region: 'north-west' });
  central = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
  lead = await signIn(t.app, await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id }));
});
afterAll(async () => t?.close());

let counter = 0;
/** A facilitator of the organisation, added through the API (no invitation sent). */
async function addFacilitator(invite = false): Promise<{ id: string; email: string }> {
  counter += 1;
  const email = `tamsin.orrell.${counter}.${Date.now()}@people.partnerhub.test`;
  const res = await t.app.inject({
    method: 'POST', url: '/api/v1/facilitators', headers: lead.headers(),
    payload: { name: `Tamsin Orrell ${counter}`, email, phone: '01632 960 321', capacity: 'volunteer', invite },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as string, email };
}

/** A DBS check held straight in the database, with the dates the test needs. */
async function addCheck(facilitatorId: string, c: { number: string; issuedOn: string; verifiedOn: string; decision?: 'suitable' | 'not_suitable' }) {
  const row = await t.database.db
    .insertInto('safeguarding_checks')
    .values({
      facilitator_id: facilitatorId, kind: 'dbs', level: 'enhanced', certificate_number: c.number, issued_on: c.issuedOn,
      update_service_subscribed: true, update_service_checked_on: c.verifiedOn, verified_on: c.verifiedOn, decision: c.decision ?? 'suitable',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const check = (id: string) =>
  t.database.db
    .selectFrom('safeguarding_checks')
    .select(['kind', 'level', 'certificate_number', 'update_service_subscribed', 'update_service_checked_on', 'decision', sql<string>`to_char(issued_on, 'YYYY-MM-DD')`.as('issued_on'), sql<string | null>`to_char(details_removed_on, 'YYYY-MM-DD')`.as('details_removed_on')])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

async function removeFromOrganisation(facilitatorId: string) {
  const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/facilitators/${facilitatorId}/organisations/${org.id}`, headers: lead.headers() });
  expect(res.statusCode, res.body).toBe(200);
}

/** A message sent through the contact page (decision 133), held straight in the database with the date the test needs. */
async function addContactMessage(email: string, createdAt = new Date('2026-11-01T10:00:00Z')) {
  const row = await t.database.db
    .insertInto('contact_messages')
    .values({ topic: 'general', name: 'Tamsin Orrell', email, postcode: 'PR1 8BU', region_code: 'north-west', message: 'Please call me back about meetings near me.', routed_to: 'info', sender_ip: '10.55.0.1', created_at: createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
const contactMessage = (id: string) =>
  t.database.db.selectFrom('contact_messages').select(['topic', 'name', 'email', 'postcode', 'region_code', 'message', 'sender_ip']).where('id', '=', id).executeTakeFirstOrThrow();

const auditCount = async (action: string) =>
  Number((await t.database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

describe('retention of safeguarding-check details (decision 102)', () => {
  it('counts months back from a day, keeping to the end of a shorter month', () => {
    expect(monthsBefore('2026-11-24', 6)).toBe('2026-05-24');
    expect(monthsBefore('2026-08-31', 6)).toBe('2026-02-28');
    expect(monthsBefore('2026-03-15', 6)).toBe('2025-09-15');
  });

  it('removes the number and Update Service details of a check six months after a later check replaced it, keeps the fact of it, and changes nothing on a second run', async () => {
    const person = await addFacilitator();
    const old = await addCheck(person.id, { number: '000011112222', issuedOn: '2022-01-10', verifiedOn: '2022-01-20' });
    const current = await addCheck(person.id, { number: '000033334444', issuedOn: '2025-01-10', verifiedOn: '2025-01-20' });
    const recent = await addFacilitator();
    const replacedRecently = await addCheck(recent.id, { number: '000055556666', issuedOn: '2023-03-01', verifiedOn: '2023-03-05' });
    await addCheck(recent.id, { number: '000077778888', issuedOn: '2026-09-01', verifiedOn: '2026-09-10' });

    const audited = await auditCount('safeguarding_check.details_removed');
    const first = await runRetention(t.deps, '2026-11-24');
    expect(first.checkDetailsRemoved).toBeGreaterThanOrEqual(1);
    expect(await check(old)).toEqual({
      kind: 'dbs', level: 'enhanced', certificate_number: null, update_service_subscribed: false, update_service_checked_on: null,
      decision: 'suitable', issued_on: '2022-01-10', details_removed_on: '2026-11-24',
    });
    // The check in force keeps its number; one replaced less than six months ago keeps it too.
    expect((await check(current)).certificate_number).toBe('000033334444');
    expect((await check(replacedRecently)).certificate_number).toBe('000055556666');
    expect(await auditCount('safeguarding_check.details_removed')).toBe(audited + 1);

    const second = await runRetention(t.deps, '2026-11-24');
    expect(second.checkDetailsRemoved).toBe(0);
    expect(await auditCount('safeguarding_check.details_removed')).toBe(audited + 1);

    // Six months after the replacement was verified, the older number goes as well.
    await runRetention(t.deps, '2027-03-10');
    expect((await check(replacedRecently)).certificate_number).toBeNull();
  });

  it('removes the details six months after the person left, not before, and keeps them for someone who came back', async () => {
    const leaver = await addFacilitator();
    const leaverCheck = await addCheck(leaver.id, { number: '000099990000', issuedOn: '2025-05-01', verifiedOn: '2025-05-02' });
    const returner = await addFacilitator();
    const returnerCheck = await addCheck(returner.id, { number: '000012121212', issuedOn: '2025-05-01', verifiedOn: '2025-05-02' });
    await removeFromOrganisation(leaver.id);
    await removeFromOrganisation(returner.id);

    await runRetention(t.deps, '2027-01-05');
    const noted = await t.database.db.selectFrom('retention_departures').select(sql<string>`to_char(noticed_on, 'YYYY-MM-DD')`.as('on')).where('facilitator_id', '=', leaver.id).executeTakeFirstOrThrow();
    expect(noted.on).toBe('2027-01-05');
    expect((await check(leaverCheck)).certificate_number).toBe('000099990000');

    // The returner is added back to the organisation before six months pass.
    await t.database.db.insertInto('facilitator_organisations').values({ facilitator_id: returner.id, organisation_id: org.id, capacity: 'volunteer' }).execute();
    await runRetention(t.deps, '2027-04-01');
    expect(await t.database.db.selectFrom('retention_departures').select('facilitator_id').where('facilitator_id', '=', returner.id).executeTakeFirst()).toBeUndefined();

    await runRetention(t.deps, '2027-07-04');
    expect((await check(leaverCheck)).certificate_number).toBe('000099990000');
    await runRetention(t.deps, '2027-07-05');
    expect(await check(leaverCheck)).toMatchObject({ certificate_number: null, decision: 'suitable', issued_on: '2025-05-01', details_removed_on: '2027-07-05' });
    expect((await check(returnerCheck)).certificate_number).toBe('000012121212');

    // Central Office still sees that the check was done and its decision, and that the number is gone.
    const details = await t.app.inject({ method: 'GET', url: `/api/v1/facilitators/${leaver.id}/safeguarding-checks`, headers: central.headers() });
    expect(details.statusCode).toBe(200);
    expect(details.json().items[0]).toMatchObject({ kind: 'dbs', certificateNumber: null, decision: 'suitable', issuedOn: '2025-05-01' });
  });
});

describe('retention of contact messages (decision 158)', () => {
  it("removes the sender's details and message two years after it was sent, keeps the topic and region, and changes nothing on a second run", async () => {
    const old = await addContactMessage(`old.sender.${Date.now()}@people.partnerhub.test`, new Date('2024-11-20T10:00:00Z'));
    const recent = await addContactMessage(`recent.sender.${Date.now()}@people.partnerhub.test`, new Date('2024-11-25T10:00:00Z'));
    const audited = await auditCount('contact_message.details_removed');

    const first = await runRetention(t.deps, '2026-11-24');
    expect(first.contactMessagesCleared).toBeGreaterThanOrEqual(1);
    expect(await contactMessage(old)).toEqual({
      topic: 'general', name: 'Removed after two years', email: `removed-${old}@erased.invalid`, postcode: null, region_code: 'north-west',
      message: '[Removed: personal details are not kept]', sender_ip: 'removed',
    });
    expect(await contactMessage(recent)).toMatchObject({ name: 'Tamsin Orrell', postcode: 'PR1 8BU' });
    expect(await auditCount('contact_message.details_removed')).toBe(audited + 1);

    const second = await runRetention(t.deps, '2026-11-24');
    expect(second.contactMessagesCleared).toBe(0);
    expect(await auditCount('contact_message.details_removed')).toBe(audited + 1);
  });
});

describe('retention of sign-in records, sent mail and unsubmitted Start-Up Forms (decision 181)', () => {
  it('removes ended sessions, old sign-in attempts, long-expired links, year-old sent mail and six-month-old drafts, keeps the rest, and removes nothing more on a second run', async () => {
    const db = t.database.db;
    const now = t.deps.now();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const day = 24 * 60 * 60 * 1000;
    const tag = `r181.${Date.now()}`;
    const user = await createUser(db, { role: 'smart_lead', organisationId: org.id });
    const session = (id: string, lastSeen: Date, expires: Date) =>
      ({ id_hash: `${tag}.${id}`, user_id: user.id, csrf_token: 'x', two_factor_pending: false, last_seen_at: lastSeen, expires_at: expires });
    await db.insertInto('sessions').values([
      session('live', ago(60_000), new Date(now.getTime() + 3_600_000)),
      session('idle', ago(31 * 60_000), new Date(now.getTime() + 3_600_000)),
      session('over', ago(60_000), ago(1000)),
    ]).execute();
    await db.insertInto('login_attempts').values([
      { email: `old.${tag}@people.partnerhub.test`, ip: '10.55.0.2', succeeded: false, at: ago(91 * day) },
      { email: `recent.${tag}@people.partnerhub.test`, ip: '10.55.0.2', succeeded: false, at: ago(89 * day) },
    ]).execute();
    await db.insertInto('one_time_tokens').values([
      { token_hash: `${tag}.old`, purpose: 'password_reset', user_id: user.id, expires_at: ago(31 * day) },
      { token_hash: `${tag}.recent`, purpose: 'password_reset', user_id: user.id, expires_at: ago(29 * day) },
    ]).execute();
    const mail = (who: string, createdAt: Date) => ({ to_address: `${who}.${tag}@people.partnerhub.test`, subject: 'Your invoice', text_body: 'Dear Tamsin', kind: 'test', created_at: createdAt });
    await db.insertInto('outbox_messages').values([mail('old-sent', ago(400 * day)), mail('old-pending', ago(400 * day)), mail('recent-sent', ago(300 * day))]).execute();
    await db.updateTable('outbox_messages').set({ status: 'sent', sent_at: now }).where('to_address', 'like', `%-sent.${tag}@%`).execute();
    const draft = (key: string, status: 'draft' | 'submitted', updatedAt: Date) =>
      ({ draft_key_hash: `${tag}.${key}`, status, answers: JSON.stringify({ organisation: { name: key } }), updated_at: updatedAt,
        ...(status === 'submitted' ? { submitted_at: updatedAt, reference: `SUF-${tag}`, submitted_answers: JSON.stringify({ organisation: { name: key } }), lines: '[]', total_pence: 70_000, fee_schedule_id: 'april-2026' } : {}) });
    await db.insertInto('start_up_forms').values([draft('old-draft', 'draft', ago(200 * day)), draft('recent-draft', 'draft', ago(150 * day)), draft('old-submitted', 'submitted', ago(200 * day))]).execute();
    const audited = await auditCount('retention.records_removed');

    const today = now.toISOString().slice(0, 10);
    const first = await runRetention(t.deps, today);
    expect(first.removed).toMatchObject({ mail: 1, startUpFormDrafts: 1 });

    const left = {
      sessions: (await db.selectFrom('sessions').select('id_hash').where('id_hash', 'like', `${tag}.%`).execute()).map((r) => r.id_hash),
      attempts: (await db.selectFrom('login_attempts').select('email').where('email', 'like', `%.${tag}@%`).execute()).map((r) => r.email.split('.')[0]),
      links: (await db.selectFrom('one_time_tokens').select('token_hash').where('token_hash', 'like', `${tag}.%`).execute()).map((r) => r.token_hash),
      mail: (await db.selectFrom('outbox_messages').select('to_address').where('to_address', 'like', `%.${tag}@%`).execute()).map((r) => r.to_address.split('.')[0]).sort(),
      drafts: (await db.selectFrom('start_up_forms').select('draft_key_hash').where('draft_key_hash', 'like', `${tag}.%`).execute()).map((r) => r.draft_key_hash).sort(),
    };
    expect(left).toEqual({
      sessions: [`${tag}.live`],
      attempts: ['recent'],
      links: [`${tag}.recent`],
      mail: ['old-pending', 'recent-sent'],
      drafts: [`${tag}.old-submitted`, `${tag}.recent-draft`],
    });
    expect(await auditCount('retention.records_removed')).toBe(audited + 1);

    const second = await runRetention(t.deps, today);
    expect(second.removed).toEqual({ sessions: 0, signInAttempts: 0, links: 0, mail: 0, startUpFormDrafts: 0 });
    expect(await auditCount('retention.records_removed')).toBe(audited + 1);
  });
});

describe('finance records are kept six years (decision 103)', () => {
  let number = 970_000;
  async function invoiceIssuedOn(issuedOn: string) {
    number += 1;
    return t.database.db
      .insertInto('invoices')
      .values({
        number, organisation_id: org.id, kind: 'other', billing_name: 'Linnet Row Recovery', billing_email: 'accounts@linnet.partnerhub.test',
        issued_on: issuedOn, due_on: issuedOn, total_pence: 100, source_type: 'retention-test', source_id: String(number),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }
  const yearsAgo = async (years: number, days = 0) =>
    (await sql<{ d: string }>`SELECT to_char(current_date - make_interval(years => ${years}, days => ${days}), 'YYYY-MM-DD') AS d`.execute(t.database.db)).rows[0]!.d;

  it('refuses to delete an invoice, its lines, credit notes or payments until seven years after their date, and then allows it', async () => {
    const recent = await invoiceIssuedOn(await yearsAgo(0, 30));
    await t.database.db.insertInto('invoice_lines').values({ invoice_id: recent.id, position: 1, kind: 'other', description: 'Test line', rule: 'test', amount_pence: 100 }).execute();
    await t.database.db.insertInto('payments').values({ invoice_id: recent.id, amount_pence: 100, paid_on: await yearsAgo(0, 20), method: 'bank-transfer', reference: 'RET-1' }).execute();
    await expect(t.database.db.deleteFrom('payments').where('invoice_id', '=', recent.id).execute()).rejects.toThrow(/kept for six years/);
    await expect(t.database.db.deleteFrom('invoice_lines').where('invoice_id', '=', recent.id).execute()).rejects.toThrow(/kept for six years/);
    await expect(t.database.db.deleteFrom('invoices').where('id', '=', recent.id).execute()).rejects.toThrow(/kept for six years/);

    // Six and a half years: past six years from its date, but maybe not from the end of its financial year.
    const sixAndAHalf = await invoiceIssuedOn(await yearsAgo(6, 180));
    await expect(t.database.db.deleteFrom('invoices').where('id', '=', sixAndAHalf.id).execute()).rejects.toThrow(/kept for six years/);
    await t.database.db.insertInto('credit_notes').values({ number, invoice_id: sixAndAHalf.id, amount_pence: 50, reason: 'Test', issued_on: await yearsAgo(6, 170) }).execute();
    await expect(t.database.db.deleteFrom('credit_notes').where('invoice_id', '=', sixAndAHalf.id).execute()).rejects.toThrow(/kept for six years/);

    const old = await invoiceIssuedOn(await yearsAgo(7, 2));
    await t.database.db.insertInto('invoice_lines').values({ invoice_id: old.id, position: 1, kind: 'other', description: 'Old line', rule: 'test', amount_pence: 100 }).execute();
    await t.database.db.deleteFrom('invoice_lines').where('invoice_id', '=', old.id).execute();
    await t.database.db.deleteFrom('invoices').where('id', '=', old.id).execute();
    expect(await t.database.db.selectFrom('invoices').select('id').where('id', '=', old.id).executeTakeFirst()).toBeUndefined();
    // Still never changed, however old.
    const older = await invoiceIssuedOn(await yearsAgo(8));
    await expect(t.database.db.updateTable('invoices').set({ total_pence: 1 }).where('id', '=', older.id).execute()).rejects.toThrow(/cannot be changed/);
  });

  it('refuses to truncate the finance tables', async () => {
    for (const table of ['payments', 'credit_notes', 'invoice_lines', 'invoices']) {
      await expect(sql`TRUNCATE ${sql.table(table)} CASCADE`.execute(t.database.db)).rejects.toThrow(/cannot be truncated/);
    }
  });
});

describe('subject access (decision 104)', () => {
  it('gives Central Office a JSON download of everything held about a facilitator, found by record or account, and audits it', async () => {
    const person = await addFacilitator();
    await addCheck(person.id, { number: '000045454545', issuedOn: '2025-06-01', verifiedOn: '2025-06-02' });
    const user = await createUser(t.database.db, { role: 'facilitator', organisationId: org.id, email: `account.${person.email}` });
    await t.database.db.updateTable('facilitators').set({ user_id: user.id }).where('id', '=', person.id).execute();
    await t.database.db.insertInto('code_of_conduct_acceptances').values({ facilitator_id: person.id, version: '2026.1' }).execute();
    await addContactMessage(person.email.toUpperCase());
    await addContactMessage(`someone.else.${Date.now()}@people.partnerhub.test`);

    const res = await t.app.inject({ method: 'GET', url: `/api/v1/people/${person.id}/subject-access`, headers: central.headers() });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="subject-access-${person.id}.json"`);
    const data = res.json();
    expect(data.facilitator).toMatchObject({ id: person.id, email: person.email, phone: '01632 960 321' });
    expect(data.account).toMatchObject({ id: user.id, email: user.email, role: 'facilitator' });
    expect(data.account).not.toHaveProperty('password_hash');
    expect(JSON.stringify(data)).not.toContain(user.totpSecret ?? 'no-secret-here');
    expect(data.organisations).toEqual([expect.objectContaining({ id: org.id, name: 'Linnet Row Recovery', capacity: 'volunteer' })]);
    expect(data.safeguardingChecks).toEqual([expect.objectContaining({ kind: 'dbs', certificate_number: '000045454545', issued_on: '2025-06-01' })]);
    expect(data.codeOfConductAcceptances).toEqual([expect.objectContaining({ version: '2026.1' })]);
    expect(data.contactMessages).toEqual([expect.objectContaining({ name: 'Tamsin Orrell', email: person.email.toUpperCase(), postcode: 'PR1 8BU', message: 'Please call me back about meetings near me.' })]);
    expect(data.auditEntriesAboutThem.map((e: { action: string }) => e.action)).toContain('facilitator.created');

    const byAccount = await t.app.inject({ method: 'GET', url: `/api/v1/people/${user.id}/subject-access`, headers: central.headers() });
    expect(byAccount.json().facilitator.id).toBe(person.id);
    const audit = await t.database.db.selectFrom('audit_events').select(['actor_label']).where('action', '=', 'person.subject_access_exported').where('entity_id', '=', person.id).execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses a SMART Lead (403) and answers an unknown person with 404', async () => {
    const person = await addFacilitator();
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/people/${person.id}/subject-access`, headers: lead.headers() })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/people/00000000-0000-4000-8000-000000000001/subject-access', headers: central.headers() })).statusCode).toBe(404);
  });
});

describe('erasure (decision 104)', () => {
  const erase = (id: string, session = central) => t.app.inject({ method: 'POST', url: `/api/v1/people/${id}/erasure`, headers: session.headers(), payload: {} });

  it('is refused while the person still facilitates for an organisation, changing nothing', async () => {
    const person = await addFacilitator();
    const res = await erase(person.id);
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'rule_broken' });
    expect(res.json().error.message).toContain('remove them from every organisation');
    expect((await t.database.db.selectFrom('facilitators').select('email').where('id', '=', person.id).executeTakeFirstOrThrow()).email).toBe(person.email);
    expect((await erase(person.id, lead)).statusCode).toBe(403);
  });

  it('replaces the name and contact details, closes the account, removes check numbers, sign-in attempts and mail, keeps what must be kept, and audits without personal data', async () => {
    const person = await addFacilitator(true);
    const checkId = await addCheck(person.id, { number: '000067676767', issuedOn: '2025-06-01', verifiedOn: '2025-06-02' });
    const messageId = await addContactMessage(person.email);
    // They accept their invitation and sign in, so they have an account and a session.
    const mail = await t.database.db.selectFrom('outbox_messages').select('text_body').where('to_address', '=', person.email).where('kind', '=', 'invitation').executeTakeFirstOrThrow();
    const link = /partnerhub\.test(\/invitations\/[\w-]+)/.exec(mail.text_body)![1]!;
    const page = await t.app.inject({ method: 'GET', url: link });
    const jar = new CookieJar().take(page);
    const password = 'an erasure test password';
    expect((await postForm(t.app, link, jar, { _csrf: formToken(page.body), password, confirm: password })).statusCode).toBe(303);
    const session = await signIn(t.app, { email: person.email, password, totpSecret: null }, '10.44.0.1');
    const account = await t.database.db.selectFrom('facilitators').select('user_id').where('id', '=', person.id).executeTakeFirstOrThrow();
    await removeFromOrganisation(person.id);

    const res = await erase(person.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ facilitatorId: person.id, userId: account.user_id, changed: true });

    const record = await t.database.db.selectFrom('facilitators').select(['name', 'email', 'phone', 'erased_at']).where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ name: 'Erased person', email: `erased-${person.id}@erased.invalid`, phone: null });
    expect(record.erased_at).not.toBeNull();
    const user = await t.database.db.selectFrom('users').select(['name', 'email', 'status', 'password_hash']).where('id', '=', account.user_id!).executeTakeFirstOrThrow();
    expect(user).toEqual({ name: 'Erased person', email: `erased-${account.user_id}@erased.invalid`, status: 'suspended', password_hash: null });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers() })).statusCode).toBe(401);
    expect(await check(checkId)).toMatchObject({ certificate_number: null, kind: 'dbs', decision: 'suitable', issued_on: '2025-06-01' });
    expect(await t.database.db.selectFrom('login_attempts').select('id').where('email', '=', person.email.toLowerCase()).execute()).toHaveLength(0);
    expect(await t.database.db.selectFrom('outbox_messages').select('id').where('to_address', '=', person.email).execute()).toHaveLength(0);
    expect(await contactMessage(messageId)).toEqual({
      topic: 'general', name: 'Erased person', email: `erased-${person.id}@erased.invalid`, postcode: null, region_code: 'north-west',
      message: '[Removed: personal details are not kept]', sender_ip: 'removed',
    });

    const audit = await t.database.db.selectFrom('audit_events').select(['actor_user_id', 'after']).where('action', '=', 'person.erased').where('entity_id', '=', person.id).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.after)).not.toContain(person.email);
    expect(JSON.stringify(audit[0]!.after)).not.toContain('Tamsin');

    // A second erasure changes nothing and audits nothing.
    const again = await erase(person.id);
    expect(again.statusCode).toBe(200);
    expect(again.json().changed).toBe(false);
    expect(await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'person.erased').where('entity_id', '=', person.id).execute()).toHaveLength(1);
    // The subject access export now shows only the anonymised record.
    const left = (await t.app.inject({ method: 'GET', url: `/api/v1/people/${person.id}/subject-access`, headers: central.headers() })).json();
    expect(JSON.stringify({ ...left, auditEntriesAboutThem: [], auditEntriesByThem: [] })).not.toContain(person.email);
  });

  it('does not let Central Office erase their own account', async () => {
    const staff = await createUser(t.database.db, { role: 'central_office' });
    const session = await signIn(t.app, staff, '10.44.0.2');
    const res = await erase(staff.id, session);
    expect(res.statusCode).toBe(422);
    expect((await t.database.db.selectFrom('users').select('email').where('id', '=', staff.id).executeTakeFirstOrThrow()).email).toBe(staff.email);
  });
});
