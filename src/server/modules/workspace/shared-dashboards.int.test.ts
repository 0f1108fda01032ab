import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { createMeeting } from '../../../../tests/support/meetings.js';
import { testDatabaseKind } from '../../../../tests/support/test-database.js';
import { addDays, londonDate } from '../../../domain/iso-date.js';
import { SURVEY_OVERDUE_AFTER_DAYS } from '../../../domain/meetings/surveys.js';
import type { CurrentUser } from '../../auth/current-user.js';
import { openDatabase } from '../../db/database.js';
import { sharedAnswerComputations } from '../../db/shared-answers.js';
import { issueInvoice, recordPayment } from '../invoices/invoices.service.js';
import { networkMap, networkReport } from '../reports/network-reports.service.js';
import { workspaceHome } from './workspace.service.js';

/**
 * The workspace home page, the network report, the map and the survey completion rates are shared between requests until the
 * data they read changes (decision 171): each change below, once committed, shows on the very next
 * request, and a request with no change in between is not computed again.
 */

let t: TestApp;
let central: SignedIn;
let centralUser: CurrentUser;
let today: string;
let preston: Awaited<ReturnType<typeof createOrganisation>>;
let meetingId: string;
let surveyId: string;
let licenceId: string;
let facilitatorId: string;
const system = { userId: null, label: 'test' };

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  today = londonDate(t.clock.now());
  const account = await createUser(db, { role: 'central_office' });
  central = await signIn(t.app, account);
  centralUser = { id: account.id, email: account.email, name: 'Central Office', role: 'central_office', organisationId: null, regions: [], programmes: [] };
  preston = await createOrganisation(db, { name: 'Preston Shared Answers Service', region: 'north-west' });
  const invoice = await issueInvoice(t.deps, system, {
    organisationId: preston.id, kind: 'new', billing: { name: 'Finance', email: 'finance@people.partnerhub.test' }, feeScheduleId: 'april-2026', source: { type: 'test', id: preston.id },
    lines: [{ kind: 'licence', siteId: preston.site.id, licenceType: 'smart-recovery', description: 'SMART Recovery', rule: 'Section 10', amountPence: 70_000 }],
  });
  await recordPayment(t.deps, system, invoice.id, { amountPence: 70_000, paidOn: addDays(today, -30), method: 'bank-transfer', reference: 'P-1' });
  licenceId = (await db.selectFrom('licences').select('id').where('organisation_id', '=', preston.id).executeTakeFirstOrThrow()).id;
  const meeting = await createMeeting(db, { organisation_id: preston.id, site_id: preston.site.id, region_code: 'north-west' });
  meetingId = meeting.id;
  const heldOn = addDays(today, -(SURVEY_OVERDUE_AFTER_DAYS + 5));
  surveyId = (await db.insertInto('meeting_surveys').values({ meeting_id: meetingId, held_on: heldOn, asked_on: heldOn, asked_facilitator_id: null }).returning('id').executeTakeFirstOrThrow()).id;
  // A qualified facilitator who has accepted the Code of Conduct in force but has no safeguarding check yet: "due".
  const code = await db.selectFrom('code_of_conduct_versions').select('version').orderBy('published_at', 'desc').orderBy('version', 'desc').executeTakeFirstOrThrow();
  facilitatorId = (await db.insertInto('facilitators').values({ name: 'Shared Answers Facilitator', email: 'shared.answers@people.partnerhub.test' }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('facilitator_organisations').values({ facilitator_id: facilitatorId, organisation_id: preston.id, capacity: 'staff' }).execute();
  await db.insertInto('code_of_conduct_acceptances').values({ facilitator_id: facilitatorId, version: code.version }).execute();
});
afterAll(async () => t?.close());

const get = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: central.headers() });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const workspace = () => get('/api/v1/workspace');
const report = () => get('/api/v1/reports/network');
const rates = () => get('/api/v1/meeting-surveys/rates?limit=200');
const computed = () => ({ workspace: sharedAnswerComputations(t.database.db, 'workspace-home'), report: sharedAnswerComputations(t.database.db, 'network-report') });

describe('dashboards shared until the data changes', () => {
  it('are not computed again for a repeated request when nothing has changed', async () => {
    const first = { workspace: await workspace(), report: await report() };
    const after = computed();
    expect({ workspace: await workspace(), report: await report() }).toEqual(first);
    expect({ workspace: await workspace(), report: await report() }).toEqual(first);
    expect(computed()).toEqual(after);
  });

  it('show a survey completed at once', async () => {
    const [w, r] = [await workspace(), await report()];
    const ratesOfMeeting = async () => (await rates()).items.find((m: { id: string }) => m.id === meetingId);
    const rate = await ratesOfMeeting();
    expect(rate).toMatchObject({ completed: 0, due: 1 });
    expect(await ratesOfMeeting()).toEqual(rate);
    expect(w.counts.meetingsBehindOnSurveys).toBeGreaterThanOrEqual(1);
    await t.database.db.updateTable('meeting_surveys').set({ status: 'completed', attendance: 6, new_attendees: 1, guidelines_shared: true, completed_at: new Date() }).where('id', '=', surveyId).execute();
    const [w2, r2] = [await workspace(), await report()];
    expect(w2.counts.meetingsBehindOnSurveys).toBe(w.counts.meetingsBehindOnSurveys - 1);
    expect(r2.surveys.completed).toBe(r.surveys.completed + 1);
    expect(r2.surveys.due).toBe(r.surveys.due - 1);
    expect(await ratesOfMeeting()).toMatchObject({ completed: 1, due: 0 });
  });

  it('show a meeting closed at once', async () => {
    const [w, r] = [await workspace(), await report()];
    expect(w.counts.newMeetings).toBeGreaterThanOrEqual(1);
    await t.database.db.updateTable('meetings').set({ status: 'closed_down', ends_on: addDays(today, -14) }).where('id', '=', meetingId).execute();
    const [w2, r2] = [await workspace(), await report()];
    expect(w2.counts.newMeetings).toBe(w.counts.newMeetings - 1);
    expect(r2.meetings.runningThisWeek).toBe(r.meetings.runningThisWeek - 1);
  });

  it('show a licence lapsing and a safeguarding check recorded at once', async () => {
    const [w, r] = [await workspace(), await report()];
    await t.database.db.updateTable('licences').set({ status: 'lapsed' }).where('id', '=', licenceId).execute();
    const [w2, r2] = [await workspace(), await report()];
    expect(w2.counts.licencesLapsed).toBe(w.counts.licencesLapsed + 1);
    expect(r2.licences.inOperation).toBe(r.licences.inOperation - 1);

    await t.database.db.insertInto('safeguarding_checks').values({
      facilitator_id: facilitatorId, kind: 'dbs', level: 'enhanced', certificate_number: '009876543210', issued_on: addDays(today, -10), verified_by: null, verified_on: today, decision: 'suitable',
    }).execute();
    const w3 = await workspace();
    expect(w3.counts.facilitatorsDue).toBe(w2.counts.facilitatorsDue - 1);
  });

  it('show a change rolled back as if it had not been made', async () => {
    const r = await report();
    const before = computed();
    await t.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('licences').set({ status: 'active' }).where('id', '=', licenceId).execute();
      throw new Error('rolled back');
    }).catch(() => undefined);
    expect(await report()).toEqual(r);
    expect(computed().report).toBe(before.report);
  });
});

describe.skipIf(testDatabaseKind !== 'postgres')('dashboards shared on PostgreSQL with several connections', () => {
  it('two instances on one database each see a change committed through the other', async () => {
    const other = await openDatabase({ kind: 'postgres', url: t.database.url! });
    try {
      const here = t.deps;
      const there = { ...t.deps, db: other.db };
      const [a, b] = [await networkReport(here, centralUser, {}), await networkReport(there, centralUser, {})];
      expect(b).toEqual(a);
      const [ma, mb] = [await networkMap(here, centralUser, {}), await networkMap(there, centralUser, {})];
      expect(mb).toEqual(ma);
      const wa = await workspaceHome(here, centralUser, {});
      expect(await workspaceHome(there, centralUser, {})).toEqual(wa);

      // A new licensed site's meeting, committed through the second instance.
      const added = await createMeeting(other.db, { organisation_id: preston.id, site_id: preston.site.id, region_code: 'north-west' });
      expect((await networkReport(here, centralUser, {})).meetings.runningThisWeek).toBe(a.meetings.runningThisWeek + 1);
      expect((await workspaceHome(here, centralUser, {})).counts.newMeetings).toBe(wa.counts.newMeetings + 1);
      // And closed through the first: the second instance's stored answer goes too.
      expect((await networkReport(there, centralUser, {})).meetings.runningThisWeek).toBe(a.meetings.runningThisWeek + 1);
      await t.database.db.updateTable('meetings').set({ status: 'closed_down', ends_on: addDays(today, -14) }).where('id', '=', added.id).execute();
      expect((await networkReport(there, centralUser, {})).meetings.runningThisWeek).toBe(a.meetings.runningThisWeek);
      expect((await networkMap(there, centralUser, {})).regions).toEqual(ma.regions);
    } finally {
      await other.close();
    }
  });

  it('never keeps an answer computed while a change was in flight once that change commits', async () => {
    const before = await networkReport(t.deps, centralUser, {});
    const client = new pg.Client({ connectionString: t.database.url! });
    // An instance with nothing stored yet, so its answer is computed while the change is in flight.
    const other = await openDatabase({ kind: 'postgres', url: t.database.url! });
    const there = { ...t.deps, db: other.db };
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`UPDATE licences SET status = 'active' WHERE id = $1`, [licenceId]);
      // A later transaction commits first, so the snapshot below lists the change as in progress
      // below its horizon (not merely beyond it).
      await t.database.db.insertInto('postcodes').values({ postcode: 'ZZ2 2ZZ', latitude: 51.5, longitude: -0.1, town: 'Elsewhere' }).execute();
      // Computed (and stored) while the change is uncommitted: it cannot see it.
      const during = await networkReport(there, centralUser, {});
      expect(sharedAnswerComputations(other.db, 'network-report')).toBe(1);
      expect(during.licences.inOperation).toBe(before.licences.inOperation);
      expect(await networkReport(there, centralUser, {})).toEqual(during);
      expect(sharedAnswerComputations(other.db, 'network-report')).toBe(1);
      await client.query('COMMIT');
      expect((await networkReport(there, centralUser, {})).licences.inOperation).toBe(before.licences.inOperation + 1);
      expect((await networkReport(t.deps, centralUser, {})).licences.inOperation).toBe(before.licences.inOperation + 1);
    } finally {
      await client.end();
      await other.close();
    }
  });
});
