import { once } from 'node:events';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { pdfText } from '../../../../tests/support/pdf.js';
import { OutboxWorker } from '../../mail/outbox-worker.js';
import { visitReportPdf } from './visits.service.js';
import { addDays, formatLongDate, londonDate } from '../../../domain/iso-date.js';

// Visits are recorded on the day the tests run: a visit cannot be recorded before it happens.
const today = londonDate(new Date());

let t: TestApp;
let central: SignedIn;
let northWest: SignedIn;
let scotland: SignedIn;
let veteransLead: SignedIn;
let org: Awaited<ReturnType<typeof createOrganisation>>;
let lead: Awaited<ReturnType<typeof createUser>>;
let leadSession: SignedIn;
let facilitatorSession: SignedIn;
let meetingId: string;

const STRUCTURE = {
  check_in: true,
  agenda_set: true,
  discussion_and_tools: true,
  flipchart_used: false,
  smart_tool_used: true,
  check_out_and_signposting: true,
  guidelines_shared: false,
};

async function insertMeeting(organisationId: string, siteId: string, name: string): Promise<string> {
  const row = await t.database.db
    .insertInto('meetings')
    .values({
      slug: `${name.toLowerCase().replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2, 8)}`,
      name,
      programme_code: 'smart-recovery',
      provider: 'partner',
      organisation_id: organisationId,
      site_id: siteId,
      nation_code: 'england',
      region_code: 'north-west',
      attendance: 'in_person',
      day: 4,
      start_time: '18:30',
      end_time: '20:00',
      starts_on: '2026-09-03',
      access: 'open',
      listed_publicly: true,
      listing_reasons: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  central = await signIn(t.app, await createUser(db, { role: 'central_office' }));
  northWest = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['north-west'] }));
  scotland = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['scotland-1'] }));
  veteransLead = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['veterans-lead'] }));
  org = await createOrganisation(db, { region: 'north-west' });
  lead = await createUser(db, { role: 'smart_lead', organisationId: org.id, email: 'visit.lead@people.partnerhub.test' });
  leadSession = await signIn(t.app, lead);
  facilitatorSession = await signIn(t.app, await createUser(db, { role: 'facilitator', organisationId: org.id }));
  meetingId = await insertMeeting(org.id, org.site.id, 'Thursday Evening SMART Meeting');
});
afterAll(async () => t?.close());

const schedule = (who: SignedIn, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/visits', headers: who.headers(), payload: body });
const record = (who: SignedIn, id: string, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1/visits/${id}/record`, headers: who.headers(), payload: body });
const qaVisit = (overrides: Record<string, unknown> = {}) => ({ kind: 'quality_assurance', organisationId: org.id, siteId: org.site.id, meetingId, scheduledOn: '2026-12-10', scheduledTime: '18:30', purpose: 'QA visit to the Thursday meeting', ...overrides });
const recording = (overrides: Record<string, unknown> = {}) => ({
  visitedOn: today,
  structure: STRUCTURE,
  observations: 'A warm check-in; eight participants; the ABC tool was worked through on paper.',
  feedback: 'Use the flipchart for the agenda and share the Meeting Guidelines at the start.',
  actions: [
    { description: 'Order a flipchart stand for the group room', owner: 'SMART Lead', dueOn: '2027-01-15' },
    { description: 'Print the Meeting Guidelines for each meeting', owner: 'Facilitators' },
  ],
  ...overrides,
});

describe('scheduling a visit', () => {
  it('lets the region’s Coordinator schedule a quality-assurance visit to a meeting, lists it and audits it', async () => {
    const res = await schedule(northWest, qaVisit());
    expect(res.statusCode).toBe(201);
    const visit = res.json();
    expect(visit).toMatchObject({ kind: 'quality_assurance', status: 'scheduled', organisation: { id: org.id }, site: { id: org.site.id }, meeting: { id: meetingId, name: 'Thursday Evening SMART Meeting' }, scheduledOn: '2026-12-10', scheduledTime: '18:30', canRecord: true, actions: [] });
    const list = await t.app.inject({ method: 'GET', url: `/api/v1/visits?organisationId=${org.id}&status=scheduled`, headers: northWest.headers() });
    expect(list.json().items.map((v: { id: string }) => v.id)).toContain(visit.id);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', visit.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['visit.scheduled']);
  });

  it('schedules a site visit without a meeting, for a meeting still to be set up', async () => {
    const res = await schedule(central, { kind: 'site', organisationId: org.id, siteId: org.site.id, scheduledOn: '2026-12-12', meetingId: '', scheduledTime: '' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'site', meeting: null, scheduledTime: null });
  });

  it('refuses another organisation’s site or a meeting held elsewhere with field details', async () => {
    const other = await createOrganisation(t.database.db, { region: 'north-west' });
    const wrongSite = await schedule(northWest, qaVisit({ siteId: other.site.id }));
    expect(wrongSite.statusCode).toBe(422);
    expect(wrongSite.json().error.details).toEqual([{ field: 'siteId', message: 'Choose one of the organisation’s sites' }]);
    const elsewhere = await insertMeeting(other.id, other.site.id, 'Elsewhere Meeting');
    const wrongMeeting = await schedule(northWest, qaVisit({ meetingId: elsewhere }));
    expect(wrongMeeting.statusCode).toBe(422);
    expect(wrongMeeting.json().error.details[0].field).toBe('meetingId');
    const bad = await schedule(northWest, qaVisit({ kind: 'picnic', scheduledOn: '2026-02-30' }));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['body.kind', 'body.scheduledOn']));
  });

  it('offers the meetings registered at the site', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/visits/meeting-choices?siteId=${org.site.id}`, headers: northWest.headers() });
    expect(res.json().items).toEqual([{ id: meetingId, name: 'Thursday Evening SMART Meeting' }]);
  });
});

describe('recording a visit', () => {
  it('records the Meeting Structure, feedback and actions, and queues the report PDF to the SMART Lead', async () => {
    const visit = (await schedule(northWest, qaVisit())).json();
    const res = await record(northWest, visit.id, recording());
    expect(res.statusCode).toBe(200);
    const recorded = res.json();
    expect(recorded).toMatchObject({ status: 'recorded', visitedOn: today, reportSentTo: lead.email, canRecord: false, openActions: 2 });
    expect(recorded.structure).toContainEqual({ code: 'flipchart_used', name: 'Flipchart used', observed: false });
    expect(recorded.structure).toContainEqual({ code: 'check_in', name: 'Check-in', observed: true });
    expect(recorded.actions.map((a: { description: string; status: string }) => [a.description, a.status])).toEqual([
      ['Order a flipchart stand for the group room', 'open'],
      ['Print the Meeting Guidelines for each meeting', 'open'],
    ]);

    const mail = await t.database.db.selectFrom('outbox_messages').selectAll().where('kind', '=', 'visit_report').where('to_address', '=', lead.email).executeTakeFirstOrThrow();
    expect(mail.subject).toBe(`Quality-assurance visit feedback: ${org.site.name}, ${formatLongDate(today)}`);
    expect(mail.attachments).toEqual([{ kind: 'visit-report-pdf', id: visit.id, filename: `visit-report-${today}.pdf` }]);
    const text = (await pdfText(await visitReportPdf(t.deps, visit.id))).replace(/\s+/g, ' ');
    expect(text).toContain('Quality-assurance visit: feedback report');
    expect(text).toContain(org.name);
    expect(text).toContain('Thursday Evening SMART Meeting');
    expect(text).toContain(formatLongDate(today));
    expect(text).toContain('Check-in: Seen');
    expect(text).toContain('Flipchart used: Not seen');
    expect(text).toContain('Meeting Guidelines shared: Not seen');
    expect(text).toContain('share the Meeting Guidelines at the start');
    expect(text).toContain('1. Order a flipchart stand for the group room Who: SMART Lead. By 15 January 2027.');

    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', visit.id).orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['visit.scheduled', 'visit.recorded']);
  });

  it('records a visit once, never in the future, and names each missing part of the structure', async () => {
    const visit = (await schedule(northWest, qaVisit())).json();
    const future = await record(northWest, visit.id, recording({ visitedOn: addDays(today, 1) }));
    expect(future.statusCode).toBe(422);
    expect(future.json().error.details).toEqual([{ field: 'visitedOn', message: 'The date of the visit cannot be in the future' }]);
    const partial = await record(northWest, visit.id, recording({ structure: { check_in: true }, feedback: '' }));
    expect(partial.statusCode).toBe(422);
    const fields = partial.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.structure.agenda_set', 'body.structure.guidelines_shared', 'body.feedback']));
    expect((await record(northWest, visit.id, recording({ actions: [] }))).statusCode).toBe(200);
    const again = await record(central, visit.id, recording());
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
  });

  it('sends the report to the SMART Lead with the PDF attached, through a real SMTP server', async () => {
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
      const visit = (await schedule(northWest, qaVisit())).json();
      await t.database.db.updateTable('outbox_messages').set({ status: 'sent' }).execute();
      expect((await record(northWest, visit.id, recording({ feedback: 'Emailed feedback: well facilitated.' }))).statusCode).toBe(200);
      const worker = new OutboxWorker({
        db: t.database.db,
        smtpUrl: `smtp://127.0.0.1:${port}`,
        from: 'Partner Hub <no-reply@partnerhub.test>',
        log: pino({ level: 'silent' }),
        attachments: { 'visit-report-pdf': (id) => visitReportPdf(t.deps, id) },
      });
      await worker.runOnce();
      await worker.stop();
      expect(received).toHaveLength(1);
      const raw = received[0]!;
      expect(raw).toContain(`To: ${lead.email}`);
      const part = new RegExp(`Content-Type: application/pdf; name=visit-report-${today}\\.pdf\\r\\nContent-Transfer-Encoding: base64[\\s\\S]*?\\r\\n\\r\\n([A-Za-z0-9+/=\\r\\n]+)`).exec(raw);
      expect(part).not.toBeNull();
      const text = await pdfText(Buffer.from(part![1]!.replace(/\r\n/g, ''), 'base64'));
      expect(text).toContain('Emailed feedback: well facilitated.');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('agreed actions', () => {
  it('shows actions as open until done; the SMART Lead marks one done and it leaves the open list', async () => {
    const visit = (await schedule(northWest, qaVisit())).json();
    const recorded = (await record(northWest, visit.id, recording())).json();
    const [first, second] = recorded.actions as { id: string }[];
    const open = async (who: SignedIn) => (await t.app.inject({ method: 'GET', url: `/api/v1/visit-actions?organisationId=${org.id}`, headers: who.headers() })).json().items.map((a: { id: string }) => a.id);
    expect(await open(leadSession)).toEqual(expect.arrayContaining([first!.id, second!.id]));

    const done = await t.app.inject({ method: 'POST', url: `/api/v1/visits/${visit.id}/actions/${first!.id}/done`, headers: leadSession.headers() });
    expect(done.statusCode).toBe(200);
    expect(done.json().actions[0]).toMatchObject({ id: first!.id, status: 'done', doneOn: today });
    expect(done.json().openActions).toBe(1);
    expect(await open(northWest)).not.toContain(first!.id);
    expect(await open(northWest)).toContain(second!.id);
    const closed = (await t.app.inject({ method: 'GET', url: `/api/v1/visit-actions?organisationId=${org.id}&status=done`, headers: central.headers() })).json().items;
    expect(closed.map((a: { id: string }) => a.id)).toContain(first!.id);
    // Marking it done again changes nothing and is not audited twice.
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/visits/${visit.id}/actions/${first!.id}/done`, headers: northWest.headers() })).statusCode).toBe(200);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', first!.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['visit_action.done']);
    // An action of another visit is not found through this one.
    const other = (await schedule(northWest, qaVisit())).json();
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/visits/${other.id}/actions/${second!.id}/done`, headers: northWest.headers() })).statusCode).toBe(404);
  });
});

describe('who sees visits', () => {
  it('shows a Coordinator only their region’s visits: another region’s is not found, and the refusal is audited', async () => {
    const visit = (await schedule(northWest, qaVisit())).json();
    const refused = await t.app.inject({ method: 'GET', url: `/api/v1/visits/${visit.id}`, headers: scotland.headers() });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('not_found');
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/visits/00000000-0000-4000-8000-00000000abcd', headers: scotland.headers() });
    expect(missing.json()).toEqual(refused.json());
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'entity_id']).where('action', '=', 'visit.read_refused').where('entity_id', '=', visit.id).execute();
    expect(audit).toHaveLength(1);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/visits/${visit.id}/record`, headers: scotland.headers(), payload: recording() })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/visits/${visit.id}/report.pdf`, headers: scotland.headers() })).statusCode).toBe(404);
    const scotlandList = (await t.app.inject({ method: 'GET', url: '/api/v1/visits', headers: scotland.headers() })).json();
    expect(scotlandList.items.map((v: { id: string }) => v.id)).not.toContain(visit.id);
    expect((await schedule(scotland, qaVisit())).statusCode).toBe(404);
    // A programme lead sees their programme's organisations only: this treatment service is not one.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/visits/${visit.id}`, headers: veteransLead.headers() })).statusCode).toBe(404);
  });

  it('shows Central Office every visit, the SMART Lead their organisation’s, and refuses facilitators', async () => {
    const scottish = await createOrganisation(t.database.db, { region: 'scotland' });
    const visit = (await schedule(scotland, { kind: 'site', organisationId: scottish.id, siteId: scottish.site.id, scheduledOn: '2026-12-20' })).json();
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/visits/${visit.id}`, headers: central.headers() })).statusCode).toBe(200);
    const all = (await t.app.inject({ method: 'GET', url: '/api/v1/visits?limit=200', headers: central.headers() })).json();
    expect(all.items.map((v: { organisation: { id: string } }) => v.organisation.id)).toEqual(expect.arrayContaining([org.id, scottish.id]));
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/visits/${visit.id}`, headers: leadSession.headers() })).statusCode).toBe(404);
    const own = (await t.app.inject({ method: 'GET', url: '/api/v1/visits', headers: leadSession.headers() })).json();
    expect(own.items.every((v: { organisation: { id: string } }) => v.organisation.id === org.id)).toBe(true);
    expect(own.items.length).toBeGreaterThan(0);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/visits', headers: facilitatorSession.headers() })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/visits', headers: leadSession.headers(), payload: qaVisit() })).statusCode).toBe(403);
  });
});
