import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { testDatabaseKind } from '../../../../tests/support/test-database.js';
import { addDays, londonDate } from '../../../domain/iso-date.js';
import { flagUnderBookedCourses } from './training-courses.service.js';

let t: TestApp;
let central: SignedIn;
// Dates follow the real day: staff sign in with a TOTP code of the real time.
const TODAY = londonDate(new Date());
const DAY_MS = 24 * 60 * 60 * 1000;

/** An invented organisation in a region with a finance contact and its SMART Lead signed in. */
async function partner(region = 'north-west') {
  const org = await createOrganisation(t.database.db, { region });
  await t.database.db.updateTable('organisations').set({ finance_contact_name: 'Finance team', finance_contact_email: `finance.${org.id.slice(0, 8)}@people.partnerhub.test` }).where('id', '=', org.id).execute();
  const leadUser = await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id });
  return { org, leadUser, lead: await signIn(t.app, leadUser) };
}

const inPerson = (organisationId: string, extra: Record<string, unknown> = {}) => ({
  organisationId,
  format: 'in_person',
  sessionDates: [addDays(TODAY, 31), addDays(TODAY, 30)],
  venue: 'Example Community Hall, Preston',
  trainerName: 'Jordan Trainer',
  places: 12,
  cutOffOn: addDays(TODAY, 20),
  ...extra,
});
const webinar = (organisationId: string, extra: Record<string, unknown> = {}) => ({
  organisationId,
  format: 'webinar',
  sessionDates: [30, 32, 37, 39].map((n) => addDays(TODAY, n)),
  trainerName: 'Jordan Trainer',
  places: 8,
  cutOffOn: addDays(TODAY, 20),
  ...extra,
});

const schedule = (body: Record<string, unknown>, as = central) => t.app.inject({ method: 'POST', url: '/api/v1/training-courses', headers: as.headers(), payload: body });
const book = (courseId: string, as: SignedIn, n: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/training-courses/${courseId}/bookings`, headers: as.headers(), payload: { name: `Trainee ${n}`, email: `trainee.${n}@people.partnerhub.test` } });
const getCourse = (courseId: string, as: SignedIn) => t.app.inject({ method: 'GET', url: `/api/v1/training-courses/${courseId}`, headers: as.headers() });

beforeAll(async () => {
  t = await createTestApp();
  central = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
});
afterAll(async () => t?.close());

describe('scheduling a staff-led course', () => {
  it('schedules two full days in person for one organisation with the Section 10 fee, and tells its SMART Lead', async () => {
    const { org, leadUser, lead } = await partner();
    const res = await schedule(inPerson(org.id));
    expect(res.statusCode).toBe(201);
    const course = res.json();
    expect(course).toMatchObject({
      organisationId: org.id,
      format: 'in_person',
      formatName: 'Staff-led in-person Facilitator Training',
      sessionDates: [addDays(TODAY, 30), addDays(TODAY, 31)],
      places: 12,
      booked: 0,
      placesLeft: 12,
      feePence: 200_000,
      flag: { kind: 'filling', message: expect.stringContaining('6 more people needed') },
      invoice: null,
    });
    const mail = await t.database.db.selectFrom('outbox_messages').select(['subject', 'text_body']).where('to_address', '=', leadUser.email).where('kind', '=', 'training_course_scheduled').execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text_body).toContain(`/portal/training/courses/${course.id}`);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', course.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['training_course.scheduled']);
    // The SMART Lead sees it; only Central Office schedules.
    expect((await getCourse(course.id, lead)).statusCode).toBe(200);
    expect((await schedule(inPerson(org.id), lead)).statusCode).toBe(403);
  });

  it('refuses a course of 5 places, a webinar of two sessions, a cut-off after the first session and an in-person course with no venue, naming each field', async () => {
    const { org } = await partner();
    const res = await schedule(inPerson(org.id, { places: 5, venue: '', cutOffOn: addDays(TODAY, 40) }));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toEqual(['places', 'cutOffOn', 'venue']);
    const short = await schedule(webinar(org.id, { sessionDates: [addDays(TODAY, 30), addDays(TODAY, 31)] }));
    expect(short.statusCode).toBe(422);
    expect(short.json().error.message).toContain('4 sessions (half days)');
    const missing = await schedule({ organisationId: org.id });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.code).toBe('validation_failed');
  });
});

describe('booking people onto a course', () => {
  it('books up to the places and no more, once per person, and a cancelled booking frees its place', async () => {
    const { org, lead } = await partner();
    const course = (await schedule(webinar(org.id, { places: 6 }))).json();
    for (const n of ['1', '2', '3', '4', '5', '6']) expect((await book(course.id, lead, `book-${n}`)).statusCode).toBe(201);
    const full = await book(course.id, lead, 'book-7');
    expect(full.statusCode).toBe(422);
    expect(full.json().error).toMatchObject({ code: 'course_full', message: expect.stringContaining('All 6 places') });
    const seen = (await getCourse(course.id, lead)).json();
    expect(seen).toMatchObject({ booked: 6, placesLeft: 0, canBook: false, flag: null });

    const cancelled = await t.app.inject({ method: 'POST', url: `/api/v1/training-courses/${course.id}/bookings/${seen.bookings[1].id}/cancel`, headers: lead.headers(), payload: {} });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ booked: 5, placesLeft: 1 });
    const again = await book(course.id, lead, 'book-1');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('already booked');
    expect((await book(course.id, lead, 'book-7')).statusCode).toBe(201);

    const mail = await t.database.db.selectFrom('outbox_messages').select('text_body').where('to_address', '=', 'trainee.book-7@people.partnerhub.test').executeTakeFirstOrThrow();
    expect(mail.text_body).toContain('Online, by webinar');
  });

  it("hides a course from another organisation's SMART Lead and another region's Coordinator, and audits the refusal", async () => {
    const { org, lead } = await partner('north-west');
    const other = await partner('north-west');
    const course = (await schedule(inPerson(org.id))).json();
    const refused = await book(course.id, other.lead, 'stranger');
    expect(refused.statusCode).toBe(404);
    expect((await getCourse(course.id, other.lead)).statusCode).toBe(404);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', course.id).where('action', 'like', '%refused').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['training_course.book_refused', 'training_course.read_refused']);

    const here = await signIn(t.app, await createUser(t.database.db, { role: 'coordinator', posts: ['north-west'] }));
    const there = await signIn(t.app, await createUser(t.database.db, { role: 'coordinator', posts: ['scotland-1'] }));
    expect((await getCourse(course.id, here)).statusCode).toBe(200);
    expect((await getCourse(course.id, there)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/training-courses', headers: there.headers() })).json().items.map((c: { id: string }) => c.id)).not.toContain(course.id);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/training-courses', headers: lead.headers() })).json().items.map((c: { id: string }) => c.id)).toEqual([course.id]);
  });

  it('gives a booked person access to the SMART Facilitator training, as a nomination does', async () => {
    const { org, lead } = await partner();
    const course = (await schedule(inPerson(org.id))).json();
    const email = 'trainee.course-access@people.partnerhub.test';
    const person = await t.database.db.insertInto('facilitators').values({ name: 'Course Access', email }).returning('id').executeTakeFirstOrThrow();
    await t.database.db.insertInto('facilitator_organisations').values({ facilitator_id: person.id, organisation_id: org.id, capacity: 'staff' }).execute();
    for (const module of ['introduction-to-smart', 'getting-smart'] as const) {
      await t.database.db.insertInto('training_progress').values({ facilitator_id: person.id, module, status: 'completed', enrolled_on: addDays(TODAY, -3), completed_on: addDays(TODAY, -3), source: 'staff' }).execute();
    }
    const record = () => t.app.inject({ method: 'POST', url: `/api/v1/facilitators/${person.id}/training`, headers: central.headers(), payload: { module: 'smart-facilitator', status: 'enrolled', on: TODAY } });
    expect((await record()).statusCode).toBe(422);
    expect((await book(course.id, lead, 'course-access')).statusCode).toBe(201);
    expect((await record()).statusCode).toBe(200);
  });
});

describe('a course under-booked at its cut-off', () => {
  it('is flagged once, with a task in the training inbox, when the cut-off passes with fewer than 6 booked', async () => {
    const { org, lead, leadUser } = await partner();
    const course = (await schedule(inPerson(org.id))).json();
    const filled = (await schedule(webinar(org.id, { places: 6 }))).json();
    for (const n of ['1', '2', '3', '4']) expect((await book(course.id, lead, `flag-${n}`)).statusCode).toBe(201);
    for (const n of ['1', '2', '3', '4', '5', '6']) expect((await book(filled.id, lead, `flag-full-${n}`)).statusCode).toBe(201);
    const flaggedTask = () => t.database.db.selectFrom('tasks').select('id').where('subject_id', '=', course.id).execute();
    await flagUnderBookedCourses(t.deps);
    expect(await flaggedTask()).toEqual([]);

    t.clock.advance(21 * DAY_MS);
    try {
      // Other tests' courses in this database may be flagged too; a second run flags nothing.
      expect((await flagUnderBookedCourses(t.deps)).flagged).toBeGreaterThanOrEqual(1);
      expect(await flagUnderBookedCourses(t.deps)).toEqual({ flagged: 0 });
      const tasks = await t.database.db.selectFrom('tasks').select(['kind', 'inbox_code', 'title', 'status', 'subject_id']).where('subject_type', '=', 'training_course').execute();
      expect(tasks.filter((k) => k.subject_id === course.id)).toEqual([
        { kind: 'training_course.under_booked', inbox_code: 'training', status: 'open', subject_id: course.id, title: expect.stringContaining('Only 4 of the 6 people needed') },
      ]);
      expect(tasks.filter((k) => k.subject_id === filled.id)).toEqual([]);
      const later = await signIn(t.app, leadUser);
      expect((await getCourse(course.id, later)).json().flag).toEqual({ kind: 'under_booked', message: `Only 4 of the 6 people needed were booked by the cut-off date, ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${addDays(TODAY, 20)}T00:00:00Z`))}.` });
      // Places left can still be booked after the cut-off, until the course starts.
      expect((await book(course.id, later, 'flag-late')).statusCode).toBe(201);
    } finally {
      t.clock.reset();
    }
  });
});

describe('invoicing a course', () => {
  it('invoices an in-person course to the organisation that bought it, with the trainer’s expenses added, once', async () => {
    const { org, lead } = await partner();
    const course = (await schedule(inPerson(org.id))).json();
    const url = `/api/v1/training-courses/${course.id}/invoice`;
    const noExpenses = await t.app.inject({ method: 'POST', url, headers: central.headers(), payload: {} });
    expect(noExpenses.statusCode).toBe(422);
    expect(noExpenses.json().error.details).toEqual([{ field: 'expensesPence', message: expect.stringContaining('travel and accommodation') }]);
    expect((await t.app.inject({ method: 'POST', url, headers: lead.headers(), payload: { expensesPence: 0 } })).statusCode).toBe(403);

    const res = await t.app.inject({ method: 'POST', url, headers: central.headers(), payload: { expensesPence: 18_450, expensesNote: 'Rail fares and one night', poNumber: 'PO-7788' } });
    expect(res.statusCode).toBe(201);
    const invoiceId = res.json().invoice.id;
    const invoice = (await t.app.inject({ method: 'GET', url: `/api/v1/invoices/${invoiceId}`, headers: lead.headers() })).json();
    expect(invoice).toMatchObject({ organisationId: org.id, totalPence: 218_450, poNumber: 'PO-7788', billing: { name: 'Finance team' } });
    expect(invoice.lines.map((l: { description: string; amountPence: number }) => [l.description, l.amountPence])).toEqual([
      [expect.stringContaining('Staff-led in-person Facilitator Training'), 200_000],
      ['Trainer travel and accommodation: Rail fares and one night', 18_450],
    ]);
    const kinds = await t.database.db.selectFrom('invoice_lines').select('kind').where('invoice_id', '=', invoiceId).execute();
    expect(kinds.map((k) => k.kind)).toEqual(['staff_training', 'staff_training']);
    const again = await t.app.inject({ method: 'POST', url, headers: central.headers(), payload: { expensesPence: 0 } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain(invoice.reference);
  });

  it('invoices a webinar at £1,250 and refuses expenses on it', async () => {
    const { org } = await partner();
    const course = (await schedule(webinar(org.id))).json();
    const url = `/api/v1/training-courses/${course.id}/invoice`;
    expect((await t.app.inject({ method: 'POST', url, headers: central.headers(), payload: { expensesPence: 5_000 } })).statusCode).toBe(422);
    const res = await t.app.inject({ method: 'POST', url, headers: central.headers(), payload: {} });
    expect(res.statusCode).toBe(201);
    const total = await t.database.db.selectFrom('invoices').select('total_pence').where('id', '=', res.json().invoice.id).executeTakeFirstOrThrow();
    expect(total.total_pence).toBe(125_000);
  });
});

describe('bespoke and refresher training requests', () => {
  it('go to the training inbox, and Central Office prices one by hand and invoices it once', async () => {
    const { org, lead } = await partner();
    const other = await partner();
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/training-requests', headers: lead.headers(), payload: { kind: 'refresher' } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['needs', 'people', 'preferredDates'].map((f) => `body.${f}`).sort());

    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/training-requests', headers: lead.headers(),
      payload: { kind: 'refresher', needs: 'A refresher on tool delivery for our existing facilitators', people: 9, preferredDates: 'Any Tuesday in March' },
    });
    expect(res.statusCode).toBe(201);
    const request = res.json();
    expect(request).toMatchObject({ organisationId: org.id, kind: 'refresher', people: 9, status: 'received', invoice: null });
    const mail = await t.database.db.selectFrom('outbox_messages').select('text_body').where('kind', '=', 'training_request').where('to_address', '=', 'training@smartrecovery.org.uk').execute();
    expect(mail.map((m) => m.text_body).join('\n')).toContain('A refresher on tool delivery for our existing facilitators');
    const task = () => t.database.db.selectFrom('tasks').select(['kind', 'inbox_code', 'status']).where('subject_id', '=', request.id).executeTakeFirstOrThrow();
    expect(await task()).toEqual({ kind: 'training_request.price', inbox_code: 'training', status: 'open' });

    expect((await t.app.inject({ method: 'GET', url: '/api/v1/training-requests', headers: other.lead.headers() })).json().items).toEqual([]);
    const url = `/api/v1/training-requests/${request.id}/invoice`;
    expect((await t.app.inject({ method: 'POST', url, headers: lead.headers(), payload: { description: 'Refresher', amountPence: 1 } })).statusCode).toBe(403);
    const invoiced = await t.app.inject({ method: 'POST', url, headers: central.headers(), payload: { description: 'Refresher training: tool delivery, one day', amountPence: 95_000 } });
    expect(invoiced.statusCode).toBe(201);
    expect(invoiced.json()).toMatchObject({ status: 'invoiced', invoice: { totalPence: 95_000, reference: expect.stringMatching(/^INV-\d{6}$/) } });
    const line = await t.database.db.selectFrom('invoice_lines').select(['kind', 'rule', 'amount_pence']).where('invoice_id', '=', invoiced.json().invoice.id).executeTakeFirstOrThrow();
    expect(line).toEqual({ kind: 'staff_training', amount_pence: 95_000, rule: expect.stringContaining('Price agreed by Central Office') });
    expect((await task()).status).toBe('done');
    expect((await t.app.inject({ method: 'POST', url, headers: central.headers(), payload: { description: 'Again', amountPence: 1 } })).statusCode).toBe(409);
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/training-requests', headers: lead.headers() })).json().items;
    expect(mine).toEqual([expect.objectContaining({ id: request.id, status: 'invoiced' })]);
  });
});

describe.runIf(testDatabaseKind === 'postgres')('concurrent bookings (PostgreSQL)', () => {
  for (let round = 1; round <= 3; round += 1) {
    it(`books exactly 8 of 40 people sent at once onto a course of 8 places (round ${round})`, async () => {
      const { org, lead } = await partner();
      const course = (await schedule(webinar(org.id, { places: 8 }))).json();
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => book(course.id, lead, `race-${round}-${i}`)));
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 201)).toHaveLength(8);
      expect(statuses.filter((s) => s === 422)).toHaveLength(32);
      for (const refused of answers.filter((a) => a.statusCode === 422)) expect(refused.json().error.code).toBe('course_full');
      const live = await t.database.db.selectFrom('training_course_bookings').select('id').where('course_id', '=', course.id).where('cancelled_at', 'is', null).execute();
      expect(live).toHaveLength(8);
    });
  }
});
