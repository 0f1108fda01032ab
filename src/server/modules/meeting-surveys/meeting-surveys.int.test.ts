import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser, signIn, type SignedIn, type TestUser } from '../../../../tests/support/factories.js';
import { createMeeting } from '../../../../tests/support/meetings.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { testDatabaseKind } from '../../../../tests/support/test-database.js';
import { openDatabase } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { runMeetingSurveys } from './meeting-surveys.service.js';

// The survey run is given its own clock (at); the meetings meet on Tuesdays, 18:30–20:00, from 3 November 2026.
const NOVEMBER_TUESDAYS = ['2026-11-03', '2026-11-10', '2026-11-17', '2026-11-24'];

let t: TestApp;
const at = (iso: string): AppDeps => ({ ...t.deps, now: () => new Date(iso) });

type Meeting = Awaited<ReturnType<typeof createMeeting>>;
let partner: Meeting; // North West partner meeting: Ash (asked) and Bryn facilitate it
let community: Meeting; // North West community peer-led meeting: the volunteer Vale facilitates it
let scottish: Meeting; // a Scottish partner meeting: Cato facilitates it
let veterans: Meeting; // a SMART Veterans meeting in the South of England
let ash: SignedIn;
let bryn: SignedIn;
let vale: SignedIn;
let cato: SignedIn;
let central: SignedIn;
let centralUser: TestUser;
let coordinator: SignedIn;
let scotlandCoordinator: SignedIn;
let veteransLead: SignedIn;
let lead: SignedIn;
const emails = { ash: 'ash.quillon@people.partnerhub.test', bryn: 'bryn.tarrant@people.partnerhub.test', vale: 'vale.morrow@people.partnerhub.test', cato: 'cato.renwick@people.partnerhub.test' };

/** A facilitator record with an account, as a facilitator of the given meetings (in that order of joining). */
async function facilitator(name: string, email: string, organisationId: string | null, meetings: Meeting[], joinedAt = '2026-10-01T10:00:00Z') {
  const db = t.database.db;
  const user = await createUser(db, { role: 'facilitator', email, ...(organisationId ? { organisationId } : {}) });
  const record = await db
    .insertInto('facilitators')
    .values({ name, email, user_id: user.id, ...(organisationId ? {} : { uksr_volunteer_status: 'active' as const }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (organisationId) await db.insertInto('facilitator_organisations').values({ facilitator_id: record.id, organisation_id: organisationId, capacity: 'staff' }).execute();
  for (const m of meetings) await db.insertInto('meeting_facilitators').values({ meeting_id: m.id, facilitator_id: record.id, created_at: joinedAt }).execute();
  return signIn(t.app, user);
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const northWest = await createOrganisation(db, { name: 'Harbourside Recovery Collective', region: 'north-west' });
  const scotland = await createOrganisation(db, { name: 'Glenmoor Wellbeing Trust', region: 'scotland' });
  const base = { starts_on: '2026-11-03', day: 2, start_time: '18:30', end_time: '20:00' };
  partner = await createMeeting(db, { ...base, name: 'Harbourside Tuesday Group', organisation_id: northWest.id, site_id: northWest.site.id });
  community = await createMeeting(db, { ...base, name: 'Preston Community SMART', provider: 'uksr' });
  scottish = await createMeeting(db, { ...base, name: 'Glenmoor Tuesday Group', organisation_id: scotland.id, site_id: scotland.site.id, region_code: 'scotland' });
  veterans = await createMeeting(db, { ...base, name: 'Veterans Tuesday Group', programme_code: 'veterans', region_code: 'south-of-england' });
  // Neither of these is ever surveyed: one has not started yet, the other has closed down.
  await createMeeting(db, { ...base, name: 'Future Group', starts_on: '2026-12-01' });
  await createMeeting(db, { ...base, name: 'Closed Group', status: 'closed_down' });

  ash = await facilitator('Ash Quillon', emails.ash, northWest.id, [partner]);
  bryn = await facilitator('Bryn Tarrant', emails.bryn, northWest.id, [partner], '2026-11-01T10:00:00Z');
  vale = await facilitator('Vale Morrow', emails.vale, null, [community]);
  cato = await facilitator('Cato Renwick', emails.cato, scotland.id, [scottish, veterans]);
  centralUser = await createUser(db, { role: 'central_office' });
  central = await signIn(t.app, centralUser);
  coordinator = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['north-west'] }));
  scotlandCoordinator = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['scotland-1'] }));
  veteransLead = await signIn(t.app, await createUser(db, { role: 'coordinator', posts: ['veterans-lead'] }));
  lead = await signIn(t.app, await createUser(db, { role: 'smart_lead', organisationId: northWest.id }));
});
afterAll(async () => t?.close());

const get = (session: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers() });
const post = (session: SignedIn, url: string, body: unknown) => t.app.inject({ method: 'POST', url, headers: session.headers(), payload: body as object });

const surveysOf = (meeting: Meeting) =>
  t.database.db.selectFrom('meeting_surveys').select(['id', 'status', 'asked_facilitator_id']).select((eb) => eb.fn<string>('to_char', ['held_on', eb.val('YYYY-MM-DD')]).as('held_on')).where('meeting_id', '=', meeting.id).orderBy('held_on').execute();
const mailsTo = (email: string, kind: string) => t.database.db.selectFrom('outbox_messages').select(['subject', 'text_body']).where('to_address', '=', email).where('kind', '=', kind).orderBy('created_at').execute();
const surveyOn = async (meeting: Meeting, heldOn: string) => (await surveysOf(meeting)).find((s) => s.held_on === heldOn)!.id;
const auditCount = async (action: string) => Number((await t.database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

const answer = { held: true, attendance: 9, newAttendees: 2, toolsUsed: ['cost-benefit-analysis', 'disarm'], guidelinesShared: true };

describe('the survey run (Section 8: "Complete the meeting survey")', () => {
  it('makes a due survey for each date a running meeting has met, and asks its first facilitator once', async () => {
    expect(await runMeetingSurveys(at('2026-11-25T12:00:00Z'))).toEqual({ surveysCreated: 16, facilitatorsAsked: 3, remindersSent: 0 });
    const surveys = await surveysOf(partner);
    expect(surveys.map((s) => s.held_on)).toEqual(NOVEMBER_TUESDAYS);
    expect(surveys.every((s) => s.status === 'due')).toBe(true);
    expect(await t.database.db.selectFrom('meeting_surveys').select('meeting_id').where('meeting_id', 'not in', [partner.id, community.id, scottish.id, veterans.id]).execute()).toEqual([]);

    // One email asks Ash about all four dates; Bryn, who joined later, is not asked.
    const asks = await mailsTo(emails.ash, 'meeting_survey_request');
    expect(asks).toHaveLength(1);
    expect(asks[0]!.subject).toBe('4 meeting surveys to complete');
    for (const s of surveys) expect(asks[0]!.text_body).toContain(`/portal/meeting-surveys/${s.id}`);
    expect(asks[0]!.text_body).toContain('Harbourside Tuesday Group, 24 November 2026');
    expect(await mailsTo(emails.bryn, 'meeting_survey_request')).toEqual([]);
    // Cato facilitates two meetings: still one email.
    expect(await mailsTo(emails.cato, 'meeting_survey_request')).toHaveLength(1);
  });

  it('makes nothing more and asks nobody again when run again, even by two runs at once', async () => {
    const [a, b] = await Promise.all([runMeetingSurveys(at('2026-11-25T13:00:00Z')), runMeetingSurveys(at('2026-11-25T13:00:00Z'))]);
    expect(a.surveysCreated + b.surveysCreated).toBe(0);
    expect(await surveysOf(partner)).toHaveLength(4);
    expect(await mailsTo(emails.ash, 'meeting_survey_request')).toHaveLength(1);
  });

});

describe('answering a survey', () => {
  it("lists the facilitator's due surveys, oldest first", async () => {
    const mine = (await get(ash, '/api/v1/meeting-surveys/mine')).json();
    expect(mine.facilitator.name).toBe('Ash Quillon');
    expect(mine.due.map((s: { heldOn: string }) => s.heldOn)).toEqual(NOVEMBER_TUESDAYS);
    expect(mine.due.every((s: { canAnswer: boolean }) => s.canAnswer)).toBe(true);
    expect(mine.meetings).toEqual([{ id: partner.id, name: 'Harbourside Tuesday Group', provider: 'partner', mayRecordContributions: false }]);
    // Someone with no facilitator record has no surveys.
    expect((await get(central, '/api/v1/meeting-surveys/mine')).json()).toEqual({ facilitator: null, due: [], answered: [], meetings: [] });
  });

  it('refuses an answer that does not add up, field by field', async () => {
    const id = await surveyOn(partner, '2026-11-03');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...answer, attendance: -1 }, 'body.attendance', 'Enter how many people attended, as a whole number (0 or more)'],
      [{ ...answer, attendance: 3, newAttendees: 4 }, 'body.newAttendees', 'The number of new people cannot be more than the number who attended'],
      [{ ...answer, toolsUsed: ['abc', 'crystal-ball'] }, 'body.toolsUsed', 'Choose the tools from the list'],
      [{ ...answer, guidelinesShared: undefined }, 'body.guidelinesShared', 'Say whether the Meeting Guidelines were shared'],
      [{ ...answer, attendance: 'nine' }, 'body.attendance', 'Enter how many people attended, as a whole number (0 or more)'],
    ];
    for (const [body, field, message] of cases) {
      const res = await post(ash, `/api/v1/meeting-surveys/${id}/answer`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.details).toContainEqual({ field, message });
    }
    expect((await surveysOf(partner))[0]!.status).toBe('due');
  });

  it('records a completed survey once, with an audit entry', async () => {
    const id = await surveyOn(partner, '2026-11-03');
    const res = await post(ash, `/api/v1/meeting-surveys/${id}/answer`, answer);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'completed', attendance: 9, newAttendees: 2, toolsUsed: ['cost-benefit-analysis', 'disarm'], guidelinesShared: true, completedBy: 'Ash Quillon', canAnswer: false });
    expect(await auditCount('meeting_survey.completed')).toBe(1);
    const again = await post(bryn, `/api/v1/meeting-surveys/${id}/answer`, { ...answer, attendance: 20 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
    expect((await get(ash, `/api/v1/meeting-surveys/${id}`)).json().attendance).toBe(9);
  });

  it('lets any facilitator of the meeting say it did not take place', async () => {
    const id = await surveyOn(partner, '2026-11-10');
    const res = await post(bryn, `/api/v1/meeting-surveys/${id}/answer`, { held: false, notHeldReason: 'The venue was closed for repairs' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'not_held', attendance: null, notHeldReason: 'The venue was closed for repairs', completedBy: 'Bryn Tarrant' });
  });

  it('shows a survey to those who oversee the meeting, who cannot answer it; anyone else gets "not found"', async () => {
    const id = await surveyOn(partner, '2026-11-17');
    for (const session of [coordinator, lead, central]) {
      const res = await get(session, `/api/v1/meeting-surveys/${id}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().canAnswer).toBe(false);
    }
    expect((await post(coordinator, `/api/v1/meeting-surveys/${id}/answer`, answer)).statusCode).toBe(403);
    const refusedBefore = await auditCount('meeting_survey.read_refused');
    for (const session of [scotlandCoordinator, cato, vale]) {
      const res = await get(session, `/api/v1/meeting-surveys/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
      expect((await post(session, `/api/v1/meeting-surveys/${id}/answer`, answer)).statusCode).toBe(404);
    }
    expect(await auditCount('meeting_survey.read_refused')).toBe(refusedBefore + 6);
    const missing = await get(scotlandCoordinator, '/api/v1/meeting-surveys/00000000-0000-4000-8000-000000000000');
    expect(missing.json()).toEqual((await get(scotlandCoordinator, `/api/v1/meeting-surveys/${id}`)).json());
  });
});

describe('reminders to those behind', () => {
  it('reminds 3 days after the ask, once, about the surveys still due', async () => {
    // Ash was asked on 25 November about four dates; two of them are answered.
    expect((await runMeetingSurveys(at('2026-11-27T12:00:00Z'))).remindersSent).toBe(0);
    const first = await runMeetingSurveys(at('2026-11-28T09:00:00Z'));
    expect(first.remindersSent).toBeGreaterThan(0);
    const reminders = await mailsTo(emails.ash, 'meeting_survey_reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.subject).toBe('Reminder: 2 meeting surveys to complete');
    expect(reminders[0]!.text_body).toContain(await surveyOn(partner, '2026-11-17'));
    expect(reminders[0]!.text_body).not.toContain(await surveyOn(partner, '2026-11-03'));
    expect((await runMeetingSurveys(at('2026-11-28T15:00:00Z'))).remindersSent).toBe(0);
    expect(await mailsTo(emails.ash, 'meeting_survey_reminder')).toHaveLength(1);
  });

  it("asks about today's meeting only once it has ended", async () => {
    await runMeetingSurveys(at('2026-12-01T19:30:00Z'));
    expect((await surveysOf(partner)).map((s) => s.held_on)).not.toContain('2026-12-01');
    await runMeetingSurveys(at('2026-12-01T20:05:00Z'));
    expect((await surveysOf(partner)).map((s) => s.held_on)).toContain('2026-12-01');
    const asks = await mailsTo(emails.ash, 'meeting_survey_request');
    expect(asks).toHaveLength(2);
    expect(asks[1]!.subject).toBe('How did Harbourside Tuesday Group go on 1 December 2026?');
  });

  it('reminds again 10 days after, once, and never about an answered survey', async () => {
    await post(ash, `/api/v1/meeting-surveys/${await surveyOn(partner, '2026-11-17')}/answer`, answer);
    await Promise.all([runMeetingSurveys(at('2026-12-05T09:00:00Z')), runMeetingSurveys(at('2026-12-05T09:00:00Z'))]);
    const reminders = await mailsTo(emails.ash, 'meeting_survey_reminder');
    expect(reminders).toHaveLength(2);
    // 24 November's 10-day reminder and 1 December's 3-day reminder, in one email.
    expect(reminders[1]!.text_body).toContain(await surveyOn(partner, '2026-11-24'));
    expect(reminders[1]!.text_body).toContain(await surveyOn(partner, '2026-12-01'));
    expect(reminders[1]!.text_body).not.toContain(await surveyOn(partner, '2026-11-17'));
    const logged = await t.database.db.selectFrom('survey_reminders').select('stage').where('survey_id', '=', await surveyOn(partner, '2026-11-24')).orderBy('stage').execute();
    expect(logged.map((r) => r.stage)).toEqual([3, 10]);
    await runMeetingSurveys(at('2026-12-20T09:00:00Z'));
    // 1 December's 10-day reminder, and then no more.
    expect(await mailsTo(emails.ash, 'meeting_survey_reminder')).toHaveLength(3);
    // Later reminders are about later meetings only: each stage of a survey is sent once.
    await runMeetingSurveys(at('2026-12-30T09:00:00Z'));
    const later = await mailsTo(emails.ash, 'meeting_survey_reminder');
    expect(later).toHaveLength(4);
    expect(later[3]!.text_body).toContain(await surveyOn(partner, '2026-12-08'));
    for (const old of ['2026-11-24', '2026-12-01']) expect(later[3]!.text_body).not.toContain(await surveyOn(partner, old));
  });
});

describe('completion rates', () => {
  const november = 'from=2026-11-01&to=2026-11-30';
  type Counts = { due: number; completed: number; notHeld: number; overdue: number; rate: number | null };
  type Page<T> = { from: string; to: string; total: number; items: (T & Counts)[] };
  const page = async <T>(session: SignedIn, url: string) => {
    const res = await get(session, url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page<T>;
  };
  const rates = (session: SignedIn, paging = '') => page<{ id: string; name: string }>(session, `/api/v1/meeting-surveys/rates?${november}${paging}`);
  const byFacilitator = (session: SignedIn, paging = '') => page<{ id: string; name: string }>(session, `/api/v1/meeting-surveys/rates/facilitators?${november}${paging}`);
  /** Every row, read two at a time. */
  const everyPage = async (read: (paging: string) => Promise<Page<{ id: string; name: string }>>) => {
    const first = await read('&limit=2&offset=0');
    const rows = [...first.items];
    for (let offset = 2; offset < first.total; offset += 2) {
      const next = await read(`&limit=2&offset=${offset}`);
      expect(next.total).toBe(first.total);
      rows.push(...next.items);
    }
    return { total: first.total, rows };
  };

  it('counts completed and not-held surveys as answered, per meeting and per facilitator asked', async () => {
    const all = await rates(central);
    expect(all.items.find((m) => m.id === partner.id)).toMatchObject({ due: 1, completed: 2, notHeld: 1, rate: 75 });
    expect(all.items.find((m) => m.id === community.id)).toMatchObject({ due: 4, completed: 0, rate: 0 });
    expect((await byFacilitator(central)).items.find((f) => f.name === 'Ash Quillon')).toMatchObject({ rate: 75 });
    // Not the meeting that starts in December, nor the one closed down: they did not run in November.
    expect(all.items.map((m) => m.id).sort()).toEqual([partner.id, community.id, scottish.id, veterans.id].sort());
    expect(all.total).toBe(4);
  });

  it("gives a Coordinator their region's meetings, a programme lead their programme's, and a SMART Lead their organisation's", async () => {
    expect((await rates(coordinator)).items.map((m) => m.id).sort()).toEqual([partner.id, community.id].sort());
    // Bryn facilitates the Harbourside meeting too but was never asked: he is not listed.
    expect((await byFacilitator(coordinator)).items.map((f) => f.name).sort()).toEqual(['Ash Quillon', 'Vale Morrow']);
    const scotland = await rates(scotlandCoordinator);
    expect(scotland.items.map((m) => m.id)).toEqual([scottish.id]);
    // Cato also facilitates the veterans meeting, which is not Scotland's: only the Scottish surveys count.
    const scottishFacilitators = await byFacilitator(scotlandCoordinator);
    expect(scottishFacilitators.total).toBe(1);
    expect(scottishFacilitators.items).toHaveLength(1);
    expect(scottishFacilitators.items[0]).toMatchObject({ name: 'Cato Renwick', due: 4 });
    expect((await rates(veteransLead)).items.map((m) => m.id)).toEqual([veterans.id]);
    expect((await rates(lead)).items.map((m) => m.id)).toEqual([partner.id]);
    expect((await rates(lead)).total).toBe(1);
  });

  it('pages by name, with the total on every page and the last page read from the end', async () => {
    const byName = ['Glenmoor Tuesday Group', 'Harbourside Tuesday Group', 'Preston Community SMART', 'Veterans Tuesday Group'];
    const meetings = await everyPage((paging) => rates(central, paging));
    expect(meetings.total).toBe(4);
    expect(meetings.rows.map((m) => m.name)).toEqual(byName);
    // The last page, from its offset (the far half is read backwards and turned round), and one past the end.
    expect((await rates(central, '&limit=2&offset=3')).items.map((m) => m.name)).toEqual(['Veterans Tuesday Group']);
    expect((await rates(central, '&limit=3&offset=2')).items.map((m) => m.name)).toEqual(byName.slice(2));
    const beyond = await rates(central, '&limit=2&offset=10');
    expect(beyond).toMatchObject({ total: 4, items: [] });

    const facilitators = await everyPage((paging) => byFacilitator(central, paging));
    expect(facilitators.rows.map((f) => f.name)).toEqual(['Ash Quillon', 'Cato Renwick', 'Vale Morrow']);
    expect(facilitators.total).toBe(3);
    expect((await byFacilitator(central, '&limit=1&offset=2')).items.map((f) => f.name)).toEqual(['Vale Morrow']);
  });

  it("never shows a Coordinator another region's meetings, in the rows or in the totals", async () => {
    const own = await everyPage((paging) => rates(coordinator, paging));
    expect(own.total).toBe(2);
    expect(own.rows.map((m) => m.id).sort()).toEqual([partner.id, community.id].sort());
    expect((await rates(coordinator, '&limit=1&offset=1')).items.map((m) => m.id)).toEqual([community.id]);
    const people = await everyPage((paging) => byFacilitator(coordinator, paging));
    expect(people.total).toBe(2);
    // Cato was asked only about Scottish and veterans meetings.
    expect(people.rows.map((f) => f.name)).not.toContain('Cato Renwick');
  });

  it('lists a meeting that ran in the period without being surveyed, with no rate', async () => {
    const res = await get(central, '/api/v1/meeting-surveys/rates?from=2026-11-25&to=2026-11-30');
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json() as Page<{ id: string }>;
    expect(after.total).toBe(4);
    expect(after.items.find((m) => m.id === partner.id)).toMatchObject({ due: 0, completed: 0, notHeld: 0, overdue: 0, rate: null });
  });

  it('refuses a period back to front and a page out of bounds', async () => {
    expect((await get(central, '/api/v1/meeting-surveys/rates?from=2026-11-30&to=2026-11-01')).statusCode).toBe(422);
    expect((await get(central, '/api/v1/meeting-surveys/rates?limit=0')).statusCode).toBe(422);
    expect((await get(central, '/api/v1/meeting-surveys/rates/facilitators?limit=201')).statusCode).toBe(422);
  });

  it('finds the facilitator asked whichever way the survey was made (kept by the database), by the dates asked about', async () => {
    const db = t.database.db;
    const brynRecord = await db.selectFrom('facilitators').select('id').where('email', '=', emails.bryn).executeTakeFirstOrThrow();
    // As an import would: a survey made directly, asking Bryn about the Harbourside meeting of 1 June 2027.
    await db.insertInto('meeting_surveys').values({ meeting_id: partner.id, held_on: '2027-06-01', asked_facilitator_id: brynRecord.id, asked_on: '2027-06-02' }).execute();
    const june = await page<{ name: string }>(coordinator, '/api/v1/meeting-surveys/rates/facilitators?from=2027-06-01&to=2027-06-30');
    expect(june.items.map((f) => f.name)).toEqual(['Bryn Tarrant']);
    expect(june.items[0]).toMatchObject({ due: 1, rate: 0 });
    expect((await byFacilitator(coordinator)).items.map((f) => f.name)).not.toContain('Bryn Tarrant');
    await db.deleteFrom('meeting_surveys').where('meeting_id', '=', partner.id).where('held_on', '=', '2027-06-01').execute();
  });

  it('is not for facilitators', async () => {
    expect((await get(ash, '/api/v1/meeting-surveys/rates')).statusCode).toBe(403);
    expect((await get(ash, '/api/v1/meeting-surveys/rates/facilitators')).statusCode).toBe(403);
  });
});

describe('contributions ("pass the hat", Section 9)', () => {
  const hat = { givenOn: '2026-11-03', amountPence: 1250, purpose: 'room_hire' };

  it('records contributions for a community peer-led meeting, by its facilitators and Central Office', async () => {
    const first = await post(vale, `/api/v1/meeting-contributions/${community.id}`, hat);
    expect(first.statusCode, first.body).toBe(200);
    const second = await post(central, `/api/v1/meeting-contributions/${community.id}`, { givenOn: '2026-11-10', amountPence: 800, purpose: 'refreshments' });
    expect(second.statusCode, second.body).toBe(200);
    const list = (await get(vale, `/api/v1/meeting-contributions/${community.id}`)).json();
    expect(list).toMatchObject({ mayRecord: true, reason: null, totalPence: 2050 });
    expect(list.items.map((c: { givenOn: string; amountPence: number; purpose: string }) => [c.givenOn, c.amountPence, c.purpose])).toEqual([
      ['2026-11-10', 800, 'refreshments'],
      ['2026-11-03', 1250, 'room_hire'],
    ]);
    expect(list.items[1].recordedBy).toMatch(/^Test facilitator/);
    expect(await auditCount('meeting_contribution.recorded')).toBe(2);
  });

  it('refuses an amount, date or purpose that is not right, with the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...hat, amountPence: 0 }, 'body.amountPence'],
      [{ ...hat, amountPence: 12.5 }, 'body.amountPence'],
      [{ ...hat, purpose: 'raffle' }, 'body.purpose'],
      [{ ...hat, givenOn: '2099-01-05' }, 'body.givenOn'],
      [{ ...hat, givenOn: '2026-10-27' }, 'body.givenOn'],
    ];
    for (const [body, field] of cases) {
      const res = await post(vale, `/api/v1/meeting-contributions/${community.id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('refuses a partnership meeting, saying why in the words of Section 9', async () => {
    const res = await post(ash, `/api/v1/meeting-contributions/${partner.id}`, hat);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('rule_broken');
    expect(res.json().error.message).toContain('we do not permit contributions for room hire within those meetings');
    const page = (await get(ash, `/api/v1/meeting-contributions/${partner.id}`)).json();
    expect(page).toMatchObject({ mayRecord: false, items: [], totalPence: 0 });
    expect(page.reason).toContain('As the costs for meetings under the Partnership Scheme are met by the partner organisation');
    expect((await post(central, `/api/v1/meeting-contributions/${partner.id}`, hat)).statusCode).toBe(422);
  });

  it('cannot be written for a partnership meeting even straight into the database', async () => {
    const db = t.database.db;
    const row = { meeting_id: partner.id, given_on: '2026-11-03', amount_pence: 500, purpose: 'room_hire' as const, recorded_by: centralUser.id };
    await expect(db.insertInto('meeting_contributions').values(row).execute()).rejects.toThrow(/meeting_contributions_meeting_fk|foreign key/);
    await expect(db.insertInto('meeting_contributions').values({ ...row, meeting_provider: 'partner' as 'uksr' }).execute()).rejects.toThrow(/check constraint/);
    expect(await db.selectFrom('meeting_contributions').select('id').where('meeting_id', '=', partner.id).execute()).toEqual([]);
  });

  it("is for the meeting's facilitators and Central Office only", async () => {
    const before = await auditCount('meeting_contribution.read_refused');
    for (const session of [ash, coordinator, lead]) {
      expect((await get(session, `/api/v1/meeting-contributions/${community.id}`)).statusCode).toBe(404);
      expect((await post(session, `/api/v1/meeting-contributions/${community.id}`, hat)).statusCode).toBe(404);
    }
    expect(await auditCount('meeting_contribution.read_refused')).toBe(before + 6);
  });

  it('totals per month and per meeting for Central Office, and as a safe CSV', async () => {
    const db = t.database.db;
    const earlier = await createMeeting(db, { provider: 'uksr', name: '=SUM(A1) Hall Group', starts_on: '2026-09-01', venue_name: 'St Example Hall' });
    await db
      .insertInto('meeting_contributions')
      .values([
        { meeting_id: earlier.id, given_on: '2026-09-15', amount_pence: 300, purpose: 'refreshments', recorded_by: centralUser.id },
        { meeting_id: earlier.id, given_on: '2026-11-30', amount_pence: 1000, purpose: 'room_hire_and_refreshments', recorded_by: centralUser.id },
        { meeting_id: earlier.id, given_on: '2026-12-01', amount_pence: 999, purpose: 'room_hire', recorded_by: centralUser.id },
      ])
      .execute();
    const res = await get(central, '/api/v1/meeting-contributions/totals?from=2026-09&to=2026-11');
    expect(res.statusCode, res.body).toBe(200);
    const totals = res.json();
    expect(totals.totalPence).toBe(3350);
    expect(totals.byMonth).toEqual([
      { month: '2026-09', totalPence: 300, count: 1 },
      { month: '2026-11', totalPence: 3050, count: 3 },
    ]);
    expect(totals.byMeeting.items.find((m: { id: string }) => m.id === community.id)).toMatchObject({ totalPence: 2050, count: 2 });
    expect(totals.byMeeting.items.find((m: { id: string }) => m.id === earlier.id)).toMatchObject({ totalPence: 1300, count: 2, venue: 'St Example Hall', region: 'North West' });
    expect(totals.byMeeting.items.map((m: { id: string }) => m.id)).not.toContain(partner.id);

    const csv = await get(central, '/api/v1/meeting-contributions/totals?from=2026-09&to=2026-11&format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('Month,Meeting,Venue,Region,Contributions,Total,Total (pence)');
    expect(lines).toContain('2026-11,Preston Community SMART,Riverside Community Centre,North West,2,£20.50,2050');
    expect(lines).toContain(`2026-09,"'=SUM(A1) Hall Group",St Example Hall,North West,1,£3.00,300`);
    expect(lines).toHaveLength(4);

    // The community meetings a page at a time, by name, the last page read from the end; the month totals stay whole.
    const everyCommunityMeeting = await db.selectFrom('meetings').select(['id', 'name']).where('provider', '=', 'uksr').orderBy('name').orderBy('id').execute();
    const pages = await Promise.all(
      [0, 1, 2].map(async (offset) => (await get(central, `/api/v1/meeting-contributions/totals?from=2026-09&to=2026-11&limit=1&offset=${offset}`)).json()),
    );
    expect(pages.map((p) => p.byMeeting.total)).toEqual(pages.map(() => everyCommunityMeeting.length));
    expect(pages.flatMap((p) => p.byMeeting.items.map((m: { id: string }) => m.id))).toEqual(everyCommunityMeeting.slice(0, 3).map((m) => m.id));
    expect(pages.every((p) => p.totalPence === 3350)).toBe(true);
    const lastPage = (await get(central, `/api/v1/meeting-contributions/totals?from=2026-09&to=2026-11&limit=2&offset=${everyCommunityMeeting.length - 1}`)).json();
    expect(lastPage.byMeeting.items.map((m: { id: string }) => m.id)).toEqual([everyCommunityMeeting.at(-1)!.id]);
    // Lines still match the totals per page: the earlier meeting's 2 contributions in the period.
    const hall = (await get(central, `/api/v1/meeting-contributions/totals?from=2026-09&to=2026-11&limit=1&offset=${everyCommunityMeeting.findIndex((m) => m.id === earlier.id)}`)).json();
    expect(hall.byMeeting.items).toEqual([expect.objectContaining({ id: earlier.id, totalPence: 1300, count: 2 })]);

    expect((await get(central, '/api/v1/meeting-contributions/totals?from=2026-13')).statusCode).toBe(422);
    expect((await get(central, '/api/v1/meeting-contributions/totals?from=2026-11&to=2026-09')).statusCode).toBe(422);
  });
});

describe('two instances at once (PostgreSQL)', () => {
  it.runIf(testDatabaseKind === 'postgres')('makes, asks and reminds each survey once when two database pools run at the same moment', async () => {
    const db = t.database.db;
    const meeting = await createMeeting(db, { name: 'Twin Pool Group', starts_on: '2027-01-05', day: 2, start_time: '18:30', end_time: '20:00' });
    await facilitator('Dara Felton', 'dara.felton@people.partnerhub.test', null, [meeting]);
    const other = await openDatabase({ kind: 'postgres', url: t.database.url! });
    try {
      const twice = async (iso: string) => {
        const results = await Promise.all([runMeetingSurveys(at(iso)), runMeetingSurveys({ ...at(iso), db: other.db })]);
        return results;
      };
      await twice('2027-01-20T12:00:00Z');
      expect((await surveysOf(meeting)).map((s) => s.held_on)).toEqual(['2027-01-05', '2027-01-12', '2027-01-19']);
      expect(await mailsTo('dara.felton@people.partnerhub.test', 'meeting_survey_request')).toHaveLength(1);
      await twice('2027-01-23T12:00:00Z');
      await twice('2027-01-23T13:00:00Z');
      expect(await mailsTo('dara.felton@people.partnerhub.test', 'meeting_survey_reminder')).toHaveLength(1);
      const logged = await db.selectFrom('survey_reminders').select('stage').where('survey_id', 'in', (await surveysOf(meeting)).map((s) => s.id)).execute();
      expect(logged.map((r) => r.stage)).toEqual([3, 3, 3]);
    } finally {
      await other.close();
    }
  });
});
