import { once } from 'node:events';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker } from '../../mail/outbox-worker.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { addDays, londonDate } from '../../../domain/iso-date.js';
import { applyToVolunteer } from '../volunteers/volunteers.service.js';
import { sessionCalendarFile } from './community-sessions.service.js';

let t: TestApp;
let central: SignedIn;
let northWest: SignedIn;
let scotland: SignedIn;
let leadSession: SignedIn;
let facilitatorSession: SignedIn;
const people: Record<string, { id: string; email: string }> = {};
const inTenDays = addDays(londonDate(new Date()), 10);
let counter = 0;

async function facilitatorOf(organisationId: string | null, name: string, account?: { role: 'facilitator' | 'smart_lead'; status?: 'active' | 'suspended' }) {
  const db = t.database.db;
  counter += 1;
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${counter}@people.partnerhub.test`;
  const user = account ? await createUser(db, { role: account.role, organisationId: organisationId ?? undefined, email, status: account.status ?? 'active' }) : null;
  const row = await db.insertInto('facilitators').values({ name, email, user_id: user?.id ?? null }).returning('id').executeTakeFirstOrThrow();
  if (organisationId) await db.insertInto('facilitator_organisations').values({ facilitator_id: row.id, organisation_id: organisationId, capacity: 'staff' }).execute();
  return { id: row.id, email, user };
}

async function volunteer(name: string, region: string, status: 'active' | 'onboarding') {
  counter += 1;
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${counter}@people.partnerhub.test`;
  await applyToVolunteer(t.deps, { name, email, region });
  const row = await t.database.db.updateTable('facilitators').set({ uksr_volunteer_status: status }).where('email', '=', email).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, email };
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  central = await signIn(t.app, await createUser(db, { role: 'central_office' }));
  northWest = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['north-west'] }));
  scotland = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['scotland-1'] }));
  const nw = await createOrganisation(db, { region: 'north-west', name: 'Mersey Test Recovery' });
  const scot = await createOrganisation(db, { region: 'scotland', name: 'Clyde Test Recovery' });
  const withAccount = await facilitatorOf(nw.id, 'Avery Testfield', { role: 'facilitator' });
  facilitatorSession = await signIn(t.app, withAccount.user!);
  people.nwAccount = withAccount;
  const lead = await facilitatorOf(nw.id, 'Blake Testlead', { role: 'smart_lead' });
  leadSession = await signIn(t.app, lead.user!);
  people.nwLead = lead;
  people.nwNoAccount = await facilitatorOf(nw.id, 'Casey Noaccount');
  people.nwSuspended = await facilitatorOf(nw.id, 'Dana Suspended', { role: 'facilitator', status: 'suspended' });
  people.scotland = await facilitatorOf(scot.id, 'Ellis Clydeside', { role: 'facilitator' });
  people.nwVolunteer = await volunteer('Frankie Volunteer', 'north-west', 'active');
  people.nwApplicant = await volunteer('Gale Applicant', 'north-west', 'onboarding');
  people.scotVolunteer = await volunteer('Harper Highland', 'scotland', 'active');
});
afterAll(async () => t?.close());

const schedule = (who: SignedIn, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/community-sessions', headers: who.headers(), payload: body });
const invite = (who: SignedIn, id: string) => t.app.inject({ method: 'POST', url: `/api/v1/community-sessions/${id}/invitations`, headers: who.headers() });
const attend = (who: SignedIn, id: string, facilitatorIds: string[]) => t.app.inject({ method: 'PUT', url: `/api/v1/community-sessions/${id}/attendance`, headers: who.headers(), payload: { facilitatorIds } });
const group = (overrides: Record<string, unknown> = {}) => ({ kind: 'community_group', date: inTenDays, time: '18:30', durationMinutes: 60, joiningUrl: 'https://meet.example.org/fcg-north-west', audience: 'north-west', ...overrides });
const sessionHasHappened = (id: string) => t.database.db.updateTable('community_sessions').set({ starts_at: new Date(Date.now() - 2 * 60 * 60 * 1000) }).where('id', '=', id).execute();

describe('scheduling a session', () => {
  it('schedules a monthly Facilitator Community Group for the Coordinator’s region in UK time, and audits it', async () => {
    const res = await schedule(northWest, group({ date: '2027-07-08', time: '18:30', durationMinutes: '90' }));
    expect(res.statusCode).toBe(201);
    const session = res.json();
    expect(session).toMatchObject({
      kind: 'community_group',
      kindName: 'Facilitator Community Group',
      title: 'Facilitator Community Group: North West',
      startsAt: '2027-07-08T17:30:00.000Z',
      durationMinutes: 90,
      joiningUrl: 'https://meet.example.org/fcg-north-west',
      audience: { code: 'north-west', name: 'North West' },
      invitationsSentAt: null,
      canManage: true,
    });
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', session.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['community_session.scheduled']);
  });

  it('leaves national sessions to Central Office and other regions to their Coordinators', async () => {
    const national = await schedule(northWest, group({ kind: 'tool_time', audience: 'national' }));
    expect(national.statusCode).toBe(422);
    expect(national.json().error.details[0].field).toBe('audience');
    expect((await schedule(northWest, group({ audience: 'scotland' }))).statusCode).toBe(422);
    const byCentral = await schedule(central, group({ kind: 'tool_time', audience: 'national', title: 'Tool Time: the ABC tool' }));
    expect(byCentral.statusCode).toBe(201);
    expect(byCentral.json()).toMatchObject({ kindName: 'Tool Time', title: 'Tool Time: the ABC tool', audience: { code: 'national' } });
  });

  it('refuses a joining link that is not https, and a time the clocks skip, with field details', async () => {
    const res = await schedule(northWest, group({ joiningUrl: 'javascript:alert(1)', durationMinutes: 5 }));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['body.joiningUrl', 'body.durationMinutes']));
    const skipped = await schedule(northWest, group({ date: '2027-03-28', time: '01:30' }));
    expect(skipped.statusCode).toBe(422);
    expect(skipped.json().error.details[0].field).toBe('time');
  });
});

describe('invitations', () => {
  it('invites each facilitator of the region once, by email with a calendar file, and only newcomers on a second send', async () => {
    const session = (await schedule(northWest, group())).json();
    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/community-sessions/${session.id}`, headers: northWest.headers() })).json();
    const audienceIds = detail.facilitators.map((f: { id: string }) => f.id);
    expect(audienceIds).toEqual(expect.arrayContaining([people.nwAccount!.id, people.nwLead!.id, people.nwNoAccount!.id, people.nwVolunteer!.id]));
    for (const outside of [people.nwSuspended!, people.scotland!, people.nwApplicant!, people.scotVolunteer!]) expect(audienceIds).not.toContain(outside.id);

    const first = await invite(northWest, session.id);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ invited: audienceIds.length, alreadyInvited: 0 });
    const mails = await t.database.db.selectFrom('outbox_messages').selectAll().where('kind', '=', 'community_session_invitation').where('subject', 'like', '%North West%').execute();
    expect(mails.map((m) => m.to_address).sort()).toEqual(detail.facilitators.map((f: { email: string }) => f.email).sort());
    const mail = mails.find((m) => m.to_address === people.nwAccount!.email)!;
    expect(mail.text_body).toContain('Join here: https://meet.example.org/fcg-north-west');
    expect(mail.text_body).toContain('at 18:30 (UK time)');
    expect(mail.attachments).toEqual([{ kind: 'community-session-ics', id: session.id, filename: 'facilitator-community-group.ics' }]);

    const ics = (await sessionCalendarFile(t.deps, session.id)).toString('utf8');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics).toContain(`UID:community-session-${session.id}@partnerhub.test`);
    expect(ics).toContain('SUMMARY:Facilitator Community Group: North West');
    expect(ics).toContain('URL:https://meet.example.org/fcg-north-west');
    expect(ics).toMatch(new RegExp(`DTSTART:${inTenDays.replaceAll('-', '')}T1[78]3000Z`));
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);

    const again = await invite(northWest, session.id);
    expect(again.json()).toEqual({ invited: 0, alreadyInvited: audienceIds.length });
    const newcomer = await facilitatorOf((await t.database.db.selectFrom('organisations').select('id').where('name', '=', 'Mersey Test Recovery').executeTakeFirstOrThrow()).id, 'Indigo Newcomer');
    const third = await invite(northWest, session.id);
    expect(third.json()).toEqual({ invited: 1, alreadyInvited: audienceIds.length });
    const total = await t.database.db.selectFrom('outbox_messages').select('to_address').where('kind', '=', 'community_session_invitation').where('subject', 'like', '%North West%').execute();
    expect(total).toHaveLength(audienceIds.length + 1);
    expect(total.filter((m) => m.to_address === newcomer.email)).toHaveLength(1);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', session.id).where('action', '=', 'community_session.invited').execute();
    expect(audit).toHaveLength(2);
  });

  it('invites every partner facilitator and active volunteer to a national session, and none once it has started', async () => {
    const session = (await schedule(central, group({ kind: 'tool_time', audience: 'national' }))).json();
    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/community-sessions/${session.id}`, headers: central.headers() })).json();
    const ids = detail.facilitators.map((f: { id: string }) => f.id);
    expect(ids).toEqual(expect.arrayContaining([people.nwAccount!.id, people.scotland!.id, people.nwVolunteer!.id, people.scotVolunteer!.id]));
    expect(ids).not.toContain(people.nwApplicant!.id);
    expect(ids).not.toContain(people.nwSuspended!.id);
    // A Coordinator sees the national session but Central Office runs it.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/community-sessions/${session.id}`, headers: northWest.headers() })).json().canManage).toBe(false);
    expect((await invite(northWest, session.id)).statusCode).toBe(403);
    await sessionHasHappened(session.id);
    const late = await invite(central, session.id);
    expect(late.statusCode).toBe(422);
    expect(late.json().error.code).toBe('rule_broken');
  });
});

describe('invitation email', () => {
  it('carries the calendar file as text/calendar, through a real SMTP server', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push(Buffer.concat(chunks).toString('utf8'));
          callback();
        });
      },
    });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    const port = (server.server.address() as { port: number }).port;
    try {
      const session = (await schedule(northWest, group({ kind: 'tool_time', title: 'Tool Time: emailed' }))).json();
      await t.database.db.updateTable('outbox_messages').set({ status: 'sent' }).execute();
      expect((await invite(northWest, session.id)).json().invited).toBeGreaterThan(0);
      await t.database.db.updateTable('outbox_messages').set({ status: 'sent' }).where('to_address', '<>', people.nwAccount!.email).execute();
      const worker = new OutboxWorker({
        db: t.database.db,
        smtpUrl: `smtp://127.0.0.1:${port}`,
        from: 'Partner Hub <no-reply@partnerhub.test>',
        log: pino({ level: 'silent' }),
        attachments: { 'community-session-ics': (id) => sessionCalendarFile(t.deps, id) },
      });
      await worker.runOnce();
      await worker.stop();
      expect(received).toHaveLength(1);
      const raw = received[0]!;
      expect(raw).toContain(`To: ${people.nwAccount!.email}`);
      expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=PUBLISH;\s+name=tool-time\.ics/);
      const part = /name=tool-time\.ics\r\nContent-Transfer-Encoding: base64[\s\S]*?\r\n\r\n([A-Za-z0-9+/=\r\n]+)/.exec(raw);
      expect(part).not.toBeNull();
      const ics = Buffer.from(part![1]!.replace(/\r\n/g, ''), 'base64').toString('utf8');
      expect(ics).toContain('SUMMARY:Tool Time: emailed');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('attendance', () => {
  it('is recorded once the session has started, replaces the list, and shows on each facilitator’s record', async () => {
    const session = (await schedule(northWest, group({ title: 'FCG attendance test' }))).json();
    await invite(northWest, session.id);
    const early = await attend(northWest, session.id, [people.nwAccount!.id]);
    expect(early.statusCode).toBe(422);
    expect(early.json().error.code).toBe('rule_broken');
    await sessionHasHappened(session.id);

    const first = await attend(northWest, session.id, [people.nwAccount!.id, people.nwVolunteer!.id]);
    expect(first.statusCode).toBe(200);
    expect(first.json().attended).toBe(2);
    const second = await attend(northWest, session.id, [people.nwAccount!.id]);
    const attended = second.json().facilitators.filter((f: { attended: boolean }) => f.attended).map((f: { id: string }) => f.id);
    expect(attended).toEqual([people.nwAccount!.id]);
    const stranger = await attend(northWest, session.id, [people.scotland!.id]);
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().error.details[0].field).toBe('facilitatorIds');
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'after']).where('entity_id', '=', session.id).where('action', '=', 'community_session.attendance_recorded').execute();
    expect(audit).toHaveLength(2);

    const record = (who: SignedIn, id: string) => t.app.inject({ method: 'GET', url: `/api/v1/facilitators/${id}/community-sessions`, headers: who.headers() });
    const own = await record(facilitatorSession, people.nwAccount!.id);
    expect(own.statusCode).toBe(200);
    expect(own.json().items).toContainEqual({ id: session.id, kindName: 'Facilitator Community Group', title: 'FCG attendance test', startsAt: expect.any(String), attended: true });
    const invitedOnly = (await record(leadSession, people.nwNoAccount!.id)).json().items.find((i: { id: string }) => i.id === session.id);
    expect(invitedOnly.attended).toBe(false);
    expect((await record(northWest, people.nwAccount!.id)).statusCode).toBe(200);
    const refused = await record(scotland, people.nwAccount!.id);
    expect(refused.statusCode).toBe(404);
    const refusals = await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'facilitator.read_refused').where('entity_id', '=', people.nwAccount!.id).execute();
    expect(refusals.length).toBeGreaterThan(0);
  });
});

describe('who sees sessions', () => {
  it('hides another region’s session from a Coordinator, as if missing, and audits the refusal; Central Office sees all', async () => {
    const session = (await schedule(northWest, group({ title: 'North West only' }))).json();
    const refused = await t.app.inject({ method: 'GET', url: `/api/v1/community-sessions/${session.id}`, headers: scotland.headers() });
    expect(refused.statusCode).toBe(404);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', session.id).where('action', '=', 'community_session.read_refused').execute();
    expect(audit).toHaveLength(1);
    expect((await invite(scotland, session.id)).statusCode).toBe(404);
    const scotlandList = (await t.app.inject({ method: 'GET', url: '/api/v1/community-sessions', headers: scotland.headers() })).json();
    expect(scotlandList.items.map((s: { id: string }) => s.id)).not.toContain(session.id);
    expect(scotlandList.items.some((s: { audience: { code: string } }) => s.audience.code === 'national')).toBe(true);
    const all = (await t.app.inject({ method: 'GET', url: '/api/v1/community-sessions?when=upcoming', headers: central.headers() })).json();
    expect(all.items.map((s: { id: string }) => s.id)).toContain(session.id);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/community-sessions', headers: leadSession.headers() })).statusCode).toBe(403);
  });
});
