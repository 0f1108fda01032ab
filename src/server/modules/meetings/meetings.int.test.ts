import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createOrganisation, createUser, signIn, type SignedIn, type TestUser } from '../../../../tests/support/factories.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import type { QualificationCode } from '../../../domain/eligibility/may-facilitate.js';
import { addDays, londonDate } from '../../../domain/iso-date.js';
import { issueInvoice, recordPayment } from '../invoices/invoices.service.js';
import { runRenewals } from '../renewals/renewals.service.js';
import { refreshListings, runListingRefresh } from './listing.service.js';
import { publiclyVisibleMeetings } from './public-meetings.repository.js';

/** Registering meetings under the licence rules (Sections 3, 6 step 6, 8 and 9; docs/decisions/070–075). */

let t: TestApp;
const system = { userId: null, label: 'test' };
let org: Awaited<ReturnType<typeof createOrganisation>>;
let otherOrg: Awaited<ReturnType<typeof createOrganisation>>;
let leadUser: TestUser;
let coordinatorUser: TestUser;
let facilitatorUser: TestUser;
let central: SignedIn;
let lead: SignedIn;
let otherLead: SignedIn;
let coordinator: SignedIn;
let facilitatorSession: SignedIn;
let ownFacilitatorId: string;
let eligibleId: string;
let codeVersion: string;

const db = () => t.database.db;
// Dates relative to the day the tests run (sign-in's second factor follows the real clock).
const today = londonDate(new Date());
const inDays = (n: number) => addDays(today, n);
const DAY_MS = 24 * 60 * 60 * 1000;

async function license(organisationId: string, lines: { siteId: string; type: string }[], paidOn = today) {
  const invoice = await issueInvoice(t.deps, system, {
    organisationId, kind: 'new', billing: { name: 'Finance', email: `finance.${randomUUID().slice(0, 8)}@people.partnerhub.test` },
    feeScheduleId: 'april-2026', source: { type: 'test', id: randomUUID() },
    lines: lines.map((l) => ({ kind: 'licence' as const, siteId: l.siteId, licenceType: l.type, description: `${l.type} licence`, rule: 'Section 10', amountPence: 10_000 })),
  });
  await recordPayment(t.deps, system, invoice.id, { amountPence: 10_000 * lines.length, paidOn, method: 'bank-transfer', reference: `PAY-${randomUUID().slice(0, 8)}` });
}

let counter = 0;
/** A facilitator who meets every rule (qualified, a current DBS check, the Code of Conduct accepted) unless told otherwise. */
async function facilitator(o: { organisationId?: string; capacity?: 'staff' | 'volunteer'; volunteer?: 'active' | 'onboarding'; acceptCode?: boolean; modules?: QualificationCode[]; userId?: string; check?: 'dbs' | 'pvg' } = {}) {
  counter += 1;
  const { id } = await db()
    .insertInto('facilitators')
    .values({ name: `Rowan Ashdown ${counter}`, email: `rowan.ashdown.${counter}.${randomUUID().slice(0, 6)}@people.partnerhub.test`, user_id: o.userId ?? null, uksr_volunteer_status: o.volunteer ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (o.organisationId) await db().insertInto('facilitator_organisations').values({ facilitator_id: id, organisation_id: o.organisationId, capacity: o.capacity ?? 'staff' }).execute();
  for (const code of ['smart-facilitator', ...(o.modules ?? [])] as QualificationCode[]) {
    await db().insertInto('facilitator_qualifications').values({ facilitator_id: id, code, achieved_on: inDays(-60), recorded_by: null }).execute();
  }
  await db()
    .insertInto('safeguarding_checks')
    .values({ facilitator_id: id, kind: o.check ?? 'dbs', level: o.check === 'pvg' ? 'pvg-scheme-record' : 'enhanced', certificate_number: o.check === 'pvg' ? '1234567890123456' : '001234567890', issued_on: inDays(-30), verified_on: inDays(-29), verified_by: null, decision: 'suitable' })
    .execute();
  if (o.acceptCode !== false) await db().insertInto('code_of_conduct_acceptances').values({ facilitator_id: id, version: codeVersion }).execute();
  return id;
}

async function satelliteSite(organisationId: string) {
  return db()
    .insertInto('sites')
    .values({ organisation_id: organisationId, name: 'Outreach premises', address: '9 Test Row, Preston', postcode: 'PR2 2AA', nation_code: 'england', region_code: 'north-west', satellite: true })
    .returning('id')
    .executeTakeFirstOrThrow();
}

const get = (session: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers() });
const send = (session: SignedIn, method: 'POST' | 'PATCH', url: string, body: unknown, extra: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: session.headers(extra), payload: body as object });

function partnerMeeting(o: Record<string, unknown> = {}) {
  return {
    provider: 'partner', organisationId: org.id, siteId: org.site.id, name: 'Preston Tuesday Evening', programme: 'smart-recovery', attendance: 'in_person',
    frequency: 'weekly', day: 2, startTime: '18:30', endTime: '20:00', startsOn: inDays(7), access: 'open', audiences: [], listedPublicly: true,
    facilitatorIds: [eligibleId], ...o,
  };
}

function communityMeeting(facilitatorIds: string[], o: Record<string, unknown> = {}) {
  return {
    provider: 'uksr', venueName: 'Chapel Allerton Village Hall', venueAddress: '2 Hall Lane, Leeds', venuePostcode: 'ls7 4aa', venueKind: 'community-venue',
    name: 'Leeds Community SMART', programme: 'smart-recovery', attendance: 'in_person', day: 4, startTime: '19:00', endTime: '20:30', startsOn: inDays(2),
    access: 'open', audiences: ['women'], listedPublicly: true, facilitatorIds, ...o,
  };
}

async function register(session: SignedIn, body: unknown) {
  return send(session, 'POST', '/api/v1/registered-meetings', body);
}

const details = (res: { json: () => { error: { details: { field: string; code: string; facilitatorId?: string; because?: { code: string }[] }[] } } }) =>
  res.json().error.details.map((d) => [d.field, d.code, ...(d.because ? [d.because.map((b) => b.code)] : [])]);

async function listingOf(id: string) {
  const row = await db().selectFrom('meetings').select(['publicly_visible', 'listing_reasons']).where('id', '=', id).executeTakeFirstOrThrow();
  return { visible: row.publicly_visible, codes: (row.listing_reasons as { code: string }[]).map((r) => r.code) };
}

const mailsTo = (to: string, kind: string) => db().selectFrom('outbox_messages').select(['subject', 'text_body as text']).where('to_address', '=', to).where('kind', '=', kind).execute();
const audits = (action: string, entityId: string) => db().selectFrom('audit_events').select(['actor_user_id', 'before', 'after']).where('action', '=', action).where('entity_id', '=', entityId).execute();

beforeAll(async () => {
  t = await createTestApp();
  codeVersion = (await db().selectFrom('code_of_conduct_versions').select('version').orderBy('published_at', 'desc').limit(1).executeTakeFirstOrThrow()).version;
  await db()
    .insertInto('postcodes')
    .values([
      { postcode: 'PR1 8BU', latitude: 53.7589, longitude: -2.7036, town: 'Preston' },
      { postcode: 'LS7 4AA', latitude: 53.8237, longitude: -1.5355, town: 'Leeds' },
    ])
    .execute();
  org = await createOrganisation(db(), { name: 'Ribble Valley Recovery', region: 'north-west' });
  otherOrg = await createOrganisation(db(), { name: 'Fellside Wellbeing Trust', region: 'north-west' });
  await license(org.id, [{ siteId: org.site.id, type: 'smart-recovery' }]);
  leadUser = await createUser(db(), { role: 'smart_lead', organisationId: org.id });
  coordinatorUser = await createUser(db(), { role: 'coordinator', posts: ['north-west'] });
  await db().updateTable('coordinator_posts').set({ holder_user_id: coordinatorUser.id, vacant: false }).where('code', '=', 'north-west').execute();
  facilitatorUser = await createUser(db(), { role: 'facilitator', organisationId: org.id });
  central = await signIn(t.app, await createUser(db(), { role: 'central_office' }));
  lead = await signIn(t.app, leadUser);
  otherLead = await signIn(t.app, await createUser(db(), { role: 'smart_lead', organisationId: otherOrg.id }));
  coordinator = await signIn(t.app, coordinatorUser);
  facilitatorSession = await signIn(t.app, facilitatorUser);
  eligibleId = await facilitator({ organisationId: org.id });
  ownFacilitatorId = await facilitator({ organisationId: org.id, userId: facilitatorUser.id });
});
afterAll(async () => t?.close());

describe('registering a meeting', () => {
  it('registers a meeting at a licensed site: listed, placed at the postcode, readable slug, welcome pack task and a mail to the updates inbox, audited', async () => {
    const res = await register(lead, partnerMeeting({ audiences: ['lgbtq'] }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const meeting = res.json();
    expect(meeting).toMatchObject({
      provider: 'partner', organisationName: 'Ribble Valley Recovery', nation: 'england', region: 'north-west', dayName: 'Tuesday', audiences: ['lgbtq'],
      latitude: 53.7589, longitude: -2.7036, locationApproximate: true, pinSetByHand: false, version: 1, canEdit: true,
      listing: { publiclyVisible: true, reasons: [], publicPath: `/meetings/${meeting.slug}` },
    });
    expect(meeting.slug).toMatch(/^smart-recovery-tuesday-preston-[a-z0-9]{4}$/);
    const listed = await publiclyVisibleMeetings(db()).select('meetings.id').where('meetings.id', '=', meeting.id).execute();
    expect(listed).toHaveLength(1);

    const tasks = await db().selectFrom('tasks').select(['kind', 'title', 'inbox_code']).where('subject_id', '=', meeting.id).execute();
    expect(tasks).toEqual([{ kind: 'meeting.welcome_pack', inbox_code: 'updates', title: expect.stringContaining('SMART Recovery Meeting Welcome Pack') }]);
    const mails = await mailsTo('updates@smartrecovery.org.uk', 'meeting_registered');
    expect(mails.some((m) => m.subject === 'New meeting registered: Preston Tuesday Evening (SMART Recovery 4-Point Programme)')).toBe(true);
    const [entry] = await audits('meeting.registered', meeting.id);
    expect(entry!.actor_user_id).toBe(leadUser.id);
  });

  it("sends the programme's own welcome pack, and keeps a hand-set pin", async () => {
    const ffId = await facilitator({ organisationId: org.id, modules: ['family-and-friends-module'] });
    await license(org.id, [{ siteId: org.site.id, type: 'family-and-friends' }]);
    const res = await register(lead, partnerMeeting({ programme: 'family-and-friends', facilitatorIds: [ffId], latitude: 53.76, longitude: -2.71, attendance: 'hybrid', onlineUrl: 'https://meet.example.org/ff' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ latitude: 53.76, longitude: -2.71, locationApproximate: false, pinSetByHand: true, attendance: 'hybrid' });
    const [task] = await db().selectFrom('tasks').select('title').where('subject_id', '=', res.json().id).execute();
    expect(task!.title).toContain('Family & Friends Meeting Welcome Pack');
  });

  it('lets a facilitator register a meeting they facilitate, and refuses one they would not be facilitating', async () => {
    const refused = await register(facilitatorSession, partnerMeeting());
    expect(refused.statusCode).toBe(422);
    expect(details(refused)).toEqual([['facilitatorIds', 'registrant_not_facilitator']]);
    const ok = await register(facilitatorSession, partnerMeeting({ facilitatorIds: [ownFacilitatorId] }));
    expect(ok.statusCode, ok.body).toBe(201);
  });
});

describe('the licence rules (Sections 3 and 9)', () => {
  it("refuses a programme the site's licences do not cover, with every reason against its field", async () => {
    const noModule = await facilitator({ organisationId: org.id });
    const res = await register(lead, partnerMeeting({ programme: 'veterans', facilitatorIds: [noModule] }));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('rule_broken');
    expect(details(res)).toEqual([
      ['siteId', 'site_not_licensed', ['no_licence_for_programme']],
      ['facilitatorIds', 'facilitator_not_eligible', ['module_missing']],
    ]);
    expect(res.json().error.details[1].facilitatorId).toBe(noModule);
  });

  it('accepts a SMART Recovery meeting at a site with a Criminal Justice licence', async () => {
    const cj = await createOrganisation(db(), { name: 'Moorside Custody Services', sector: 'prison' });
    await license(cj.id, [{ siteId: cj.site.id, type: 'criminal-justice' }]);
    const f = await facilitator({ organisationId: cj.id });
    const res = await register(central, partnerMeeting({ organisationId: cj.id, siteId: cj.site.id, facilitatorIds: [f], access: 'closed', listedPublicly: false }));
    expect(res.statusCode, res.body).toBe(201);
  });

  it('accepts a SMART Recovery meeting under a Community licence at its own site, not at satellite premises', async () => {
    const community = await createOrganisation(db(), { name: 'Bowland Community Hub' });
    const satellite = await satelliteSite(community.id);
    await license(community.id, [{ siteId: community.site.id, type: 'community' }, { siteId: satellite.id, type: 'satellite' }]);
    const f = await facilitator({ organisationId: community.id });
    const atSite = await register(central, partnerMeeting({ organisationId: community.id, siteId: community.site.id, facilitatorIds: [f] }));
    expect(atSite.statusCode, atSite.body).toBe(201);
    const atSatellite = await register(central, partnerMeeting({ organisationId: community.id, siteId: satellite.id, facilitatorIds: [f] }));
    expect(atSatellite.statusCode).toBe(422);
    expect(details(atSatellite)).toEqual([['siteId', 'site_not_licensed', ['primary_site_not_licensed']]]);
  });

  it("accepts a meeting at satellite premises that the primary site's licence extends to", async () => {
    const withSatellite = await createOrganisation(db(), { name: 'Longridge Recovery Partnership' });
    const satellite = await satelliteSite(withSatellite.id);
    const f = await facilitator({ organisationId: withSatellite.id });
    await license(withSatellite.id, [{ siteId: withSatellite.site.id, type: 'smart-recovery' }]);
    const without = await register(central, partnerMeeting({ organisationId: withSatellite.id, siteId: satellite.id, facilitatorIds: [f] }));
    expect(details(without)).toEqual([['siteId', 'site_not_licensed', ['no_satellite_licence']]]);
    await license(withSatellite.id, [{ siteId: satellite.id, type: 'satellite' }]);
    const res = await register(central, partnerMeeting({ organisationId: withSatellite.id, siteId: satellite.id, facilitatorIds: [f] }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ siteIsSatellite: true, listing: { publiclyVisible: true } });
  });

  it("accepts a meeting under a Central Office exception only within the exception's dates, and lists it only while it runs", async () => {
    const site = await createOrganisation(db(), { name: 'Garstang Family Support' });
    await license(site.id, [{ siteId: site.site.id, type: 'smart-recovery' }]);
    const f = await facilitator({ organisationId: site.id, modules: ['family-and-friends-module'] });
    const exception = { programme: 'family-and-friends', from: today, to: inDays(60), agreedOn: inDays(-1), reason: 'Pilot while their Family & Friends licence is arranged' };
    expect((await send(lead, 'POST', `/api/v1/sites/${site.site.id}/exceptions`, exception)).statusCode).toBe(403);
    const future = await send(central, 'POST', `/api/v1/sites/${site.site.id}/exceptions`, { ...exception, agreedOn: inDays(1) });
    expect(future.statusCode).toBe(422);
    const recorded = await send(central, 'POST', `/api/v1/sites/${site.site.id}/exceptions`, exception);
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({ programme: 'family-and-friends', from: today, to: inDays(60), agreedOn: inDays(-1) });
    expect((await get(coordinator, `/api/v1/sites/${site.site.id}/exceptions`)).json().items).toHaveLength(1);

    const body = { organisationId: site.id, siteId: site.site.id, programme: 'family-and-friends', facilitatorIds: [f] };
    const after = await register(central, partnerMeeting({ ...body, startsOn: inDays(61) }));
    expect(details(after)).toEqual([['siteId', 'site_not_licensed', ['no_licence_for_programme', 'exception_not_in_force']]]);
    const within = await register(central, partnerMeeting({ ...body, startsOn: inDays(7) }));
    expect(within.statusCode, within.body).toBe(201);
    expect(within.json().listing.publiclyVisible).toBe(true);

    // Judged on a day before Central Office agreed it, the exception does not count: agreed in advance only.
    await t.database.db.transaction().execute((trx) => refreshListings(trx, { meetingIds: [within.json().id] }, { today: inDays(-2) }));
    const [early] = await db().selectFrom('meetings').select('listing_reasons').where('id', '=', within.json().id).execute();
    expect(early!.listing_reasons).toEqual([expect.objectContaining({ code: 'site_not_licensed', because: expect.arrayContaining([expect.objectContaining({ code: 'exception_not_yet_agreed' })]) })]);
    await t.database.db.transaction().execute((trx) => refreshListings(trx, { meetingIds: [within.json().id] }, { today }));

    // The exception ends: the next run takes the meeting off the listings.
    t.clock.advance(61 * DAY_MS);
    try {
      await runRenewals(t.deps);
      expect(await listingOf(within.json().id)).toEqual({ visible: false, codes: ['site_not_licensed'] });
    } finally {
      t.clock.reset();
      await runRenewals(t.deps);
    }
    expect(await listingOf(within.json().id)).toEqual({ visible: true, codes: [] });
  });

  it('refuses a facilitator who is not eligible, naming them and why', async () => {
    const notAccepted = await facilitator({ organisationId: org.id, acceptCode: false });
    const res = await register(lead, partnerMeeting({ facilitatorIds: [eligibleId, notAccepted] }));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toEqual([
      expect.objectContaining({ field: 'facilitatorIds', code: 'facilitator_not_eligible', facilitatorId: notAccepted, because: [expect.objectContaining({ code: 'code_of_conduct_not_accepted' })] }),
    ]);
  });

  it('never lists a closed meeting: refuses one registered as listed, and keeps an unlisted one off', async () => {
    const refused = await register(lead, partnerMeeting({ access: 'closed', listedPublicly: true }));
    expect(details(refused)).toEqual([['listedPublicly', 'closed_meeting']]);
    const closed = await register(lead, partnerMeeting({ access: 'closed', listedPublicly: false }));
    expect(closed.statusCode).toBe(201);
    expect(closed.json().listing).toMatchObject({ publiclyVisible: false, publicPath: null });
    expect(closed.json().listing.reasons.map((r: { code: string }) => r.code)).toEqual(['closed_meeting', 'not_listed_publicly']);
    expect(await publiclyVisibleMeetings(db()).select('meetings.id').where('meetings.id', '=', closed.json().id).execute()).toEqual([]);
  });
});

describe('UKSR community peer-led meetings (Section 9)', () => {
  it('registers an open community meeting at a community venue run by UKSR volunteers, placed and regioned by its postcode', async () => {
    const volunteer = await facilitator({ volunteer: 'active' });
    const res = await register(central, communityMeeting([volunteer]));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      provider: 'uksr', organisationId: null, venuePostcode: 'LS7 4AA', nation: 'england', region: 'north-east-yorkshire', latitude: 53.8237, listing: { publiclyVisible: true },
    });
    expect(res.json().slug).toMatch(/^smart-recovery-thursday-leeds-[a-z0-9]{4}$/);
  });

  it('refuses a closed one, one run by partner staff, and one at a treatment service, each against its field', async () => {
    const staff = await facilitator({ organisationId: org.id });
    const res = await register(central, communityMeeting([staff], { access: 'closed', listedPublicly: false, venueKind: 'treatment-service' }));
    expect(res.statusCode).toBe(422);
    expect(details(res)).toEqual([
      ['access', 'community_meeting_not_open'],
      ['facilitatorIds', 'facilitator_not_uksr_volunteer'],
      ['venueKind', 'held_at_treatment_service'],
    ]);
  });

  it("refuses a 'community venue' whose postcode is a partner organisation's site", async () => {
    const volunteer = await facilitator({ volunteer: 'active' });
    const res = await register(central, communityMeeting([volunteer], { venuePostcode: 'PR1 8BU' }));
    expect(details(res)).toEqual([['venuePostcode', 'held_at_partner_organisation']]);
  });

  it('lets a UKSR volunteer register one, and no SMART Lead', async () => {
    const volunteerUser = await createUser(db(), { role: 'facilitator' });
    const volunteer = await facilitator({ volunteer: 'active', userId: volunteerUser.id });
    const session = await signIn(t.app, volunteerUser);
    expect((await register(session, communityMeeting([volunteer]))).statusCode).toBe(201);
    expect((await register(lead, communityMeeting([volunteer]))).statusCode).toBe(403);
  });
});

describe('who sees and changes meetings', () => {
  it("answers another organisation's meeting with the 404 of a missing one, audited; the region's Coordinator sees it", async () => {
    const { id } = (await register(lead, partnerMeeting())).json();
    const refused = await get(otherLead, `/api/v1/registered-meetings/${id}`);
    const missing = await get(otherLead, `/api/v1/registered-meetings/${randomUUID()}`);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toBe(missing.body);
    expect(await audits('meeting.read_refused', id)).toHaveLength(1);
    expect((await get(coordinator, `/api/v1/registered-meetings/${id}`)).json()).toMatchObject({ id, canEdit: false });
    expect((await get(otherLead, '/api/v1/registered-meetings')).json().items.map((m: { id: string }) => m.id)).not.toContain(id);
    expect((await get(coordinator, `/api/v1/registered-meetings?organisationId=${org.id}`)).json().items.map((m: { id: string }) => m.id)).toContain(id);
  });

  it("refuses to register for another organisation as if it did not exist, audited", async () => {
    const res = await register(otherLead, partnerMeeting());
    expect(res.statusCode).toBe(404);
    expect(await audits('organisation.read_refused', org.id)).not.toHaveLength(0);
  });

  it('changes a meeting with If-Match; a stale version is 412 precondition_failed with the meeting as it is now; none is 428', async () => {
    const { id } = (await register(lead, partnerMeeting())).json();
    const changed = await send(lead, 'PATCH', `/api/v1/registered-meetings/${id}`, { startTime: '19:00', endTime: '20:30', audiences: ['women'] }, { 'if-match': '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json()).toMatchObject({ startTime: '19:00', audiences: ['women'], version: 2 });

    const stale = await send(central, 'PATCH', `/api/v1/registered-meetings/${id}`, { name: 'Renamed' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error).toMatchObject({ code: 'precondition_failed', details: { currentVersion: 2, current: { startTime: '19:00', version: 2 } } });
    const none = await send(lead, 'PATCH', `/api/v1/registered-meetings/${id}`, { name: 'Renamed' });
    expect(none.statusCode).toBe(428);

    expect(await audits('meeting.changed', id)).toEqual([expect.objectContaining({ before: { startTime: '18:30', endTime: '20:00', audiences: [] }, after: { startTime: '19:00', endTime: '20:30', audiences: ['women'] } })]);
    expect((await mailsTo('updates@smartrecovery.org.uk', 'meeting_changed')).length).toBeGreaterThan(0);
    expect(await db().selectFrom('tasks').select('kind').where('subject_id', '=', id).where('kind', '=', 'meeting.changed').execute()).toHaveLength(1);
  });

  it('refuses a change that breaks a rule, and keeps the meeting as it was', async () => {
    const { id } = (await register(lead, partnerMeeting())).json();
    const res = await send(lead, 'PATCH', `/api/v1/registered-meetings/${id}`, { access: 'closed' }, { 'if-match': '"1"' });
    expect(details(res)).toEqual([['listedPublicly', 'closed_meeting']]);
    expect((await get(lead, `/api/v1/registered-meetings/${id}`)).json()).toMatchObject({ access: 'open', version: 1 });
  });

  it('closes a meeting: off the listings, the updates inbox told and a task raised', async () => {
    const { id } = (await register(lead, partnerMeeting({ startsOn: inDays(-14) }))).json();
    const res = await send(lead, 'POST', `/api/v1/registered-meetings/${id}/close`, { reason: 'The room is no longer available' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'closed_down', endsOn: today, listing: { publiclyVisible: false } });
    expect((await mailsTo('updates@smartrecovery.org.uk', 'meeting_closed')).some((m) => m.text.includes('The room is no longer available'))).toBe(true);
    expect((await send(lead, 'POST', `/api/v1/registered-meetings/${id}/close`, {})).statusCode).toBe(409);
    expect((await send(coordinator, 'POST', `/api/v1/registered-meetings/${id}/close`, {})).statusCode).toBe(403);
  });
});

describe('listing freshness (docs/decisions/075)', () => {
  it('takes a meeting off the listings when its licence lapses, telling the SMART Lead and Coordinator, and puts it back on renewal', async () => {
    const lapsing = await createOrganisation(db(), { name: 'Penwortham Recovery Café', region: 'north-west' });
    const lapsingLead = await createUser(db(), { role: 'smart_lead', organisationId: lapsing.id });
    await license(lapsing.id, [{ siteId: lapsing.site.id, type: 'smart-recovery' }]); // ends in a year, less a day
    const f = await facilitator({ organisationId: lapsing.id });
    const { id } = (await register(central, partnerMeeting({ organisationId: lapsing.id, siteId: lapsing.site.id, facilitatorIds: [f], name: 'Penwortham Wednesday' }))).json();

    t.clock.advance(400 * DAY_MS); // past the end and the 30 days' grace
    try {
      await runRenewals(t.deps);
      expect(await listingOf(id)).toEqual({ visible: false, codes: ['site_not_licensed'] });
      const [row] = await db().selectFrom('meetings').select('listing_reasons').where('id', '=', id).execute();
      expect(row!.listing_reasons).toEqual([expect.objectContaining({ because: [expect.objectContaining({ code: 'licence_lapsed' })] })]);
      for (const to of [lapsingLead.email, coordinatorUser.email]) {
        const [mail] = (await mailsTo(to, 'meeting_unlisted')).filter((m) => m.subject.startsWith('Penwortham'));
        expect(mail?.subject).toBe('Penwortham Wednesday has come off the public meeting listings');
        expect(mail?.text).toContain('has lapsed');
      }
      expect(await audits('meeting.unlisted', id)).toHaveLength(1);

      // A second run changes nothing and tells nobody again.
      await runRenewals(t.deps);
      expect(await mailsTo(lapsingLead.email, 'meeting_unlisted')).toHaveLength(1);

      // Renewed on payment: back on the listings, and both are told.
      await license(lapsing.id, [{ siteId: lapsing.site.id, type: 'smart-recovery' }], londonDate(t.clock.now()));
      expect(await listingOf(id)).toEqual({ visible: true, codes: [] });
      for (const to of [lapsingLead.email, coordinatorUser.email]) {
        expect((await mailsTo(to, 'meeting_relisted')).map((m) => m.subject).filter((subject) => subject.startsWith('Penwortham'))).toEqual(['Penwortham Wednesday is back on the public meeting listings']);
      }
    } finally {
      t.clock.reset();
    }
  });

  it('takes a meeting off when a facilitator stops being eligible, telling the updates inbox where the Coordinator post is vacant', async () => {
    const midlands = await createOrganisation(db(), { name: 'Erdington Recovery Network', region: 'midlands-london' });
    await db().updateTable('sites').set({ postcode: 'B23 6AA' }).where('id', '=', midlands.site.id).execute();
    await license(midlands.id, [{ siteId: midlands.site.id, type: 'smart-recovery' }]);
    const midlandsLead = await createUser(db(), { role: 'smart_lead', organisationId: midlands.id });
    const f = await facilitator({ organisationId: midlands.id });
    const { id } = (await register(central, partnerMeeting({ organisationId: midlands.id, siteId: midlands.site.id, facilitatorIds: [f], name: 'Erdington Monday' }))).json();

    // Their organisation removes them: they no longer facilitate for it.
    const midlandsSession = await signIn(t.app, midlandsLead);
    const record = await get(midlandsSession, `/api/v1/facilitators/${f}`);
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/v1/facilitators/${f}/organisations/${midlands.id}`, headers: midlandsSession.headers({ 'if-match': record.headers.etag ?? '' }) });
    expect(removed.statusCode, removed.body).toBe(200);
    const meeting = (await get(central, `/api/v1/registered-meetings/${id}`)).json();
    expect(meeting.listing.reasons).toEqual([expect.objectContaining({ code: 'facilitator_not_eligible', facilitatorId: f, because: [expect.objectContaining({ code: 'not_facilitator_for_organisation' })] })]);
    expect((await mailsTo(midlandsLead.email, 'meeting_unlisted')).map((m) => m.subject)).toEqual(['Erdington Monday has come off the public meeting listings']);
    expect((await mailsTo('updates@smartrecovery.org.uk', 'meeting_unlisted')).some((m) => m.subject.startsWith('Erdington Monday'))).toBe(true);
  });
});

describe('the daily listing check', () => {
  it('counts nothing as changed when only the day in a reason moves on, and rewords the reason in place', async () => {
    const { createMeeting } = await import('../../../../tests/support/meetings.js');
    // A meeting at a site with no licence: not listed, with a reason that names the day.
    const meeting = await createMeeting(db(), { publicly_visible: false });
    const first = await refreshListings(db(), { meetingIds: [meeting.id] }, { today: '2026-12-01' });
    expect(first.changed).toBe(1);
    const stored = async () =>
      db().selectFrom('meetings').select(['publicly_visible', 'listing_reasons', sql<string>`to_char(listing_checked_on, 'YYYY-MM-DD')`.as('checked')]).where('id', '=', meeting.id).executeTakeFirstOrThrow();
    expect(JSON.stringify((await stored()).listing_reasons)).toContain('1 December 2026');
    const auditsBefore = (await audits('meeting.unlisted', meeting.id)).length;

    const next = await refreshListings(db(), { meetingIds: [meeting.id] }, { today: '2026-12-02' });
    expect(next).toMatchObject({ checked: 1, changed: 0, takenOff: 0, returned: 0 });
    const after = await stored();
    expect(after.publicly_visible).toBe(false);
    expect(after.checked).toBe('2026-12-02');
    expect(JSON.stringify(after.listing_reasons)).toContain('2 December 2026');
    expect((await audits('meeting.unlisted', meeting.id)).length).toBe(auditsBefore);
  });

  it('checks every meeting in batches, and writes only the listings that change, each batch in a short transaction', async () => {
    const { createMeeting } = await import('../../../../tests/support/meetings.js');
    // Five meetings stored as listed at sites with no licence and no facilitators: all must come off.
    const made = [];
    for (let i = 0; i < 5; i += 1) made.push(await createMeeting(db(), { listing_checked_on: inDays(-1) }));
    const revision = async () => (await db().selectFrom('meeting_listing_revision').select(sql<string>`revision::text`.as('r')).executeTakeFirstOrThrow()).r;
    const total = Number((await db().selectFrom('meetings').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
    expect(total).toBeGreaterThan(5);
    const before = await revision();

    // Judged three at a time and written in batches of two: more meetings than one batch, the five spread over several.
    const first = await runListingRefresh(t.deps, today, { batchSize: 2, judgedAtATime: 3 });
    expect(first.checked).toBe(total);
    expect(first.changed).toBeGreaterThanOrEqual(5);
    const stored = await db().selectFrom('meetings').select(['id', 'publicly_visible', 'listing_reasons']).where('id', 'in', made.map((m) => m.id)).execute();
    expect(stored).toHaveLength(5);
    for (const m of stored) {
      expect(m.publicly_visible).toBe(false);
      expect((m.listing_reasons as { code: string }[]).map((r) => r.code)).toEqual(['site_not_licensed', 'no_facilitators']);
    }
    expect(await publiclyVisibleMeetings(db()).where('meetings.id', 'in', made.map((m) => m.id)).select('meetings.id').execute()).toEqual([]);
    expect(await revision()).not.toBe(before);
    const [run] = await db().selectFrom('audit_events').select('after').where('action', '=', 'meeting_listings.checked').orderBy('at', 'desc').limit(1).execute();
    expect(run?.after).toMatchObject({ on: today, checked: total, changed: first.changed });
    const { batches, written } = run!.after as { batches: number; written: number };
    expect(written).toBeGreaterThanOrEqual(5);
    expect(batches).toBeGreaterThanOrEqual(Math.ceil(written / 2));

    // Again the same day: nothing changes, nothing is written, so the listing revision stays.
    // A meeting last written on an earlier day is left as it is, and its page says it was checked today.
    await db().updateTable('meetings').set({ listing_checked_on: inDays(-3) }).where('id', '=', made[0]!.id).execute();
    const unchanged = await revision();
    const again = await runListingRefresh(t.deps, today, { batchSize: 2, judgedAtATime: 3 });
    expect(again).toMatchObject({ checked: total, changed: 0, takenOff: 0, returned: 0 });
    expect(await revision()).toBe(unchanged);
    const row = await db().selectFrom('meetings').select(sql<string>`to_char(listing_checked_on, 'YYYY-MM-DD')`.as('checked')).where('id', '=', made[0]!.id).executeTakeFirstOrThrow();
    expect(row.checked).toBe(inDays(-3));
    expect((await get(central, `/api/v1/registered-meetings/${made[0]!.id}`)).json().listing.checkedOn).toBe(today);
  });
});
