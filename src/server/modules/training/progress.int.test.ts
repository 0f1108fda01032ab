import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { createOrganisation, createUser, signIn, type SignedIn, type TestUser } from '../../../../tests/support/factories.js';
import { pdfText } from '../../../../tests/support/pdf.js';
import { addDays, formatLongDate, londonDate } from '../../../domain/iso-date.js';
import { issueInvoice, recordPayment } from '../invoices/invoices.service.js';

let t: TestApp;
let central: SignedIn;
let coordinator: SignedIn;
let scotland: SignedIn;
let org: Awaited<ReturnType<typeof createOrganisation>>;
let lead: SignedIn;
let otherLead: SignedIn;
let sequence = 0;
// Dates follow the real day: staff sign in with a TOTP code of the real time.
const TODAY = londonDate(new Date());
const day = (n: number) => addDays(TODAY, -n);
const system = { userId: null, label: 'test' };

/** A licensed organisation in the North West whose SMART Lead can nominate (Criminal Justice: ten Facilitator places). */
async function licensedOrganisation() {
  const o = await createOrganisation(t.database.db, { region: 'north-west' });
  sequence += 1;
  const invoice = await issueInvoice(t.deps, system, {
    organisationId: o.id, kind: 'new', billing: { name: 'Finance', email: 'finance.progress@people.partnerhub.test' }, feeScheduleId: 'april-2026',
    source: { type: 'test', id: `progress-${sequence}` },
    lines: [{ kind: 'licence', siteId: o.site.id, licenceType: 'criminal-justice', description: 'SMART Criminal Justice licence', rule: 'Section 10', amountPence: 111_000 }],
  });
  await recordPayment(t.deps, system, invoice.id, { amountPence: 111_000, paidOn: day(30), method: 'bank-transfer', reference: `PRG-${sequence}` });
  return o;
}

/** A facilitator record of the organisation (or a UKSR volunteer with none), optionally nominated for a place and with an account. */
async function person(name: string, options: { nominate?: boolean; volunteer?: boolean; account?: boolean } = {}) {
  sequence += 1;
  const email = `${name.toLowerCase().replace(/\s+/g, '.')}.${sequence}@people.partnerhub.test`;
  let user: TestUser | undefined;
  if (options.account) user = await createUser(t.database.db, { role: 'facilitator', organisationId: org.id, email });
  const row = await t.database.db
    .insertInto('facilitators')
    .values({ name, email, user_id: user?.id ?? null, uksr_volunteer_status: options.volunteer ? 'active' : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (!options.volunteer) await t.database.db.insertInto('facilitator_organisations').values({ facilitator_id: row.id, organisation_id: org.id, capacity: 'staff' }).execute();
  if (options.nominate) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/nominations', headers: lead.headers(), payload: { siteId: org.site.id, nomineeName: name, nomineeEmail: email.toUpperCase() } });
    expect(res.statusCode).toBe(201);
  }
  return { id: row.id, email, name, user };
}

const progress = (as: SignedIn, id: string) => t.app.inject({ method: 'GET', url: `/api/v1/facilitators/${id}/training`, headers: as.headers() });
const record = (as: SignedIn, id: string, module: string, status: string, on: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/facilitators/${id}/training`, headers: as.headers(), payload: { module, status, on } });
const certificate = (as: SignedIn, id: string) => t.app.inject({ method: 'GET', url: `/api/v1/facilitators/${id}/training/certificate.pdf`, headers: as.headers() });
const importCsv = (as: SignedIn, csv: string, dryRun: boolean) => t.app.inject({ method: 'POST', url: '/api/v1/training/imports', headers: as.headers(), payload: { csv, dryRun } });

async function completePrerequisites(id: string) {
  expect((await record(central, id, 'introduction-to-smart', 'completed', day(20))).statusCode).toBe(200);
  expect((await record(central, id, 'getting-smart', 'completed', day(15))).statusCode).toBe(200);
}

const counts = async (facilitatorId: string) => ({
  tasks: (await t.database.db.selectFrom('tasks').select('id').where('subject_id', '=', facilitatorId).where('kind', '=', 'training.send_manual').execute()).length,
  certificates: (await t.database.db.selectFrom('facilitator_certificates').select('id').where('facilitator_id', '=', facilitatorId).execute()).length,
  mail: (await t.database.db.selectFrom('outbox_messages').select('id').where('kind', '=', 'facilitator_certificate').where('text_body', 'like', `%${facilitatorId}%`).execute()).length,
  progress: (await t.database.db.selectFrom('training_progress').select('module').where('facilitator_id', '=', facilitatorId).execute()).length,
});

beforeAll(async () => {
  t = await createTestApp();
  central = await signIn(t.app, await createUser(t.database.db, { role: 'central_office' }));
  coordinator = await signIn(t.app, await createUser(t.database.db, { role: 'coordinator', posts: ['north-west'] }));
  scotland = await signIn(t.app, await createUser(t.database.db, { role: 'coordinator', posts: ['scotland-1'] }));
  org = await licensedOrganisation();
  lead = await signIn(t.app, await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id }));
  const other = await licensedOrganisation();
  otherLead = await signIn(t.app, await createUser(t.database.db, { role: 'smart_lead', organisationId: other.id }));
});
afterAll(async () => t?.close());

describe('progress module by module', () => {
  it('records enrolled, in progress and completed with their dates, and shows every module of the pathway', async () => {
    const p = await person('Avery Moss');
    expect((await record(coordinator, p.id, 'introduction-to-smart', 'enrolled', day(10))).statusCode).toBe(200);
    expect((await record(coordinator, p.id, 'introduction-to-smart', 'in_progress', day(9))).statusCode).toBe(200);
    const res = await record(coordinator, p.id, 'introduction-to-smart', 'completed', day(8));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.modules.map((m: { module: string }) => m.module)).toEqual(['introduction-to-smart', 'getting-smart', 'smart-facilitator', 'family-and-friends-module', 'veterans-module']);
    expect(body.modules[0]).toMatchObject({ status: 'completed', enrolledOn: day(10), startedOn: day(9), completedOn: day(8), withdrawnOn: null });
    expect(body.modules[1]).toMatchObject({ status: null, blockedBecause: [] });
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', p.id).where('action', '=', 'training_progress.recorded').execute();
    expect(audit).toHaveLength(3);
  });

  it('records a withdrawal with its date', async () => {
    const p = await person('Blair Quinn');
    await record(central, p.id, 'getting-smart', 'enrolled', day(10));
    const res = await record(central, p.id, 'getting-smart', 'withdrawn', day(5));
    expect(res.json().modules[1]).toMatchObject({ status: 'withdrawn', enrolledOn: day(10), withdrawnOn: day(5) });
  });

  it('refuses the Facilitator training before the prerequisites, with a clear reason, and writes nothing', async () => {
    const p = await person('Casey Rowe', { nominate: true });
    const res = await record(central, p.id, 'smart-facilitator', 'enrolled', day(1));
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'rule_broken',
      message: 'SMART Facilitator training follows on from Introduction to SMART, which is not completed yet. SMART Facilitator training follows on from Getting SMART, which is not completed yet.',
    });
    expect((await counts(p.id)).progress).toBe(0);
  });

  it('refuses the Facilitator training to someone neither nominated by a partner nor a UKSR volunteer, and allows a volunteer', async () => {
    const p = await person('Dana Shore');
    await completePrerequisites(p.id);
    const res = await record(central, p.id, 'smart-facilitator', 'enrolled', day(1));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('only for people nominated by a partner organisation for a training place, and for UKSR volunteers');
    expect((await progress(central, p.id)).json().modules[2].blockedBecause).toEqual([expect.stringContaining('Section 6 step 4')]);
    const volunteer = await person('Ellis Vale', { volunteer: true });
    await completePrerequisites(volunteer.id);
    expect((await record(central, volunteer.id, 'smart-facilitator', 'enrolled', day(1))).statusCode).toBe(200);
  });

  it('opens the Family & Friends and Veterans modules only after the Facilitator training', async () => {
    const p = await person('Frankie Lowe', { nominate: true });
    await completePrerequisites(p.id);
    const early = await record(central, p.id, 'veterans-module', 'enrolled', day(3));
    expect(early.statusCode).toBe(422);
    expect(early.json().error.message).toBe('SMART Veterans training module follows on from SMART Facilitator training, which is not completed yet.');
    expect((await record(central, p.id, 'smart-facilitator', 'completed', day(5))).statusCode).toBe(200);
    expect((await record(central, p.id, 'family-and-friends-module', 'completed', day(2))).statusCode).toBe(200);
    const quals = await t.database.db.selectFrom('facilitator_qualifications').select(['code']).where('facilitator_id', '=', p.id).orderBy('code').execute();
    expect(quals.map((q) => q.code)).toEqual(['family-and-friends-module', 'smart-facilitator']);
  });
});

describe('completing the SMART Facilitator training', () => {
  it('records the qualification, issues the certificate and asks Central Office to send the Facilitator Manual', async () => {
    const p = await person('Gray Holt', { nominate: true, account: true });
    await completePrerequisites(p.id);
    const res = await record(coordinator, p.id, 'smart-facilitator', 'completed', day(2));
    expect(res.statusCode).toBe(200);
    const qualification = await t.database.db.selectFrom('facilitator_qualifications').selectAll().where('facilitator_id', '=', p.id).executeTakeFirstOrThrow();
    expect(qualification.code).toBe('smart-facilitator');
    // Eligibility reads the same row: the person no longer lacks the qualification.
    const eligibility = await t.app.inject({ method: 'GET', url: `/api/v1/facilitators/${p.id}/eligibility?programme=smart-recovery&siteId=${org.site.id}`, headers: central.headers() });
    expect(eligibility.statusCode).toBe(200);
    expect(eligibility.json().reasons.map((r: { code: string }) => r.code)).not.toContain('not_qualified');

    const task = await t.database.db.selectFrom('tasks').selectAll().where('subject_id', '=', p.id).where('kind', '=', 'training.send_manual').executeTakeFirstOrThrow();
    expect(task).toMatchObject({ inbox_code: 'training', status: 'open', subject_type: 'facilitator' });
    expect(task.title).toContain('Send the Facilitator Manual to Gray Holt');
    const mail = await t.database.db.selectFrom('outbox_messages').selectAll().where('to_address', '=', p.email).where('kind', '=', 'facilitator_certificate').executeTakeFirstOrThrow();
    expect(mail.subject).toMatch(/^Your SMART Facilitator certificate \(FC-\d{6}\)$/);

    // The Coordinator records it but does not get the certificate; Central Office does.
    expect(res.json().certificate).toBeNull();
    const number = (await progress(central, p.id)).json().certificate.number as string;
    expect(number).toMatch(/^FC-\d{6}$/);
    const pdf = await certificate(central, p.id);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    for (const expected of ['Certificate of Completion', 'Gray Holt', 'SMART Recovery Facilitator Training', `on ${formatLongDate(day(2))}`, `Certificate number ${number}`]) {
      expect(text).toContain(expected);
    }
  });

  it('gives the certificate to the person and their SMART Lead, and "not found" to anyone else, audited', async () => {
    const p = await person('Harper Ives', { nominate: true, account: true });
    await completePrerequisites(p.id);
    await record(central, p.id, 'smart-facilitator', 'completed', day(1));
    const self = await signIn(t.app, p.user!);
    expect((await certificate(self, p.id)).statusCode).toBe(200);
    expect((await certificate(lead, p.id)).statusCode).toBe(200);
    expect((await certificate(coordinator, p.id)).statusCode).toBe(404);
    expect((await certificate(otherLead, p.id)).statusCode).toBe(404);
    const refused = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', p.id).where('action', '=', 'training_progress.certificate_refused').execute();
    expect(refused).toHaveLength(2);
  });

  it('issues one certificate and one manual task however often the completion is recorded', async () => {
    const p = await person('Indy Marsh', { nominate: true });
    await completePrerequisites(p.id);
    await record(central, p.id, 'smart-facilitator', 'completed', day(1));
    expect((await record(central, p.id, 'smart-facilitator', 'completed', day(1))).statusCode).toBe(200);
    const again = await record(central, p.id, 'smart-facilitator', 'completed', TODAY);
    expect(again.statusCode).toBe(422);
    expect(again.json().error.message).toContain('already recorded as completed');
    expect(await counts(p.id)).toMatchObject({ tasks: 1, certificates: 1 });
  });
});

describe('who may see and record progress', () => {
  it("lets the person, their SMART Lead and their region's Coordinator see it, and no one else", async () => {
    const p = await person('Jules Nye', { account: true });
    const other = await person('Kit Olsen', { account: true });
    expect((await progress(await signIn(t.app, p.user!), p.id)).statusCode).toBe(200);
    expect((await progress(lead, p.id)).json().canRecord).toBe(false);
    expect((await progress(coordinator, p.id)).json().canRecord).toBe(true);
    for (const outsider of [otherLead, scotland, await signIn(t.app, other.user!)]) expect((await progress(outsider, p.id)).statusCode).toBe(404);
  });

  it("lets Central Office and the region's Coordinator record, refuses a SMART Lead, and hides the person from another region's Coordinator", async () => {
    const p = await person('Lee Park');
    expect((await record(lead, p.id, 'getting-smart', 'enrolled', day(1))).statusCode).toBe(403);
    expect((await record(scotland, p.id, 'getting-smart', 'enrolled', day(1))).statusCode).toBe(404);
    expect((await counts(p.id)).progress).toBe(0);
    const refused = await t.database.db.selectFrom('audit_events').select('action').where('entity_id', '=', p.id).where('action', '=', 'training_progress.record_refused').execute();
    expect(refused).toHaveLength(1);
  });
});

describe('importing the training platform’s CSV export', () => {
  it('dry-runs a file, reports every row it would refuse and why, and writes nothing', async () => {
    const nominee = await person('Morgan Reed', { nominate: true });
    const notNominated = await person('Noel Stone');
    const csv = [
      'email,name,module,status,date',
      `${nominee.email},Morgan Reed,SMART Facilitator training,completed,${day(2)}`,
      `${nominee.email},Morgan Reed,Introduction to SMART,completed,${day(10)}`,
      `${notNominated.email},Noel Stone,Introduction to SMART,Completed,${day(10)}`,
      `${notNominated.email},Noel Stone,Getting SMART,completed,${day(9)}`,
      `${notNominated.email},Noel Stone,smart-facilitator,enrolled,${day(8)}`,
      `nobody.here@people.partnerhub.test,Nobody Here,Getting SMART,completed,${day(9)}`,
      `${nominee.email},Morgan Reed,Advanced juggling,completed,31/02/2026`,
    ].join('\n');
    const res = await importCsv(central, csv, true);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ dryRun: true, imported: false, rows: 7, certificatesIssued: 0 });
    expect(report.rejected).toEqual([
      { line: 2, email: nominee.email, reason: 'SMART Facilitator training follows on from Getting SMART, which is not completed yet.' },
      { line: 6, email: notNominated.email, reason: expect.stringContaining('only for people nominated by a partner organisation') },
      { line: 7, email: 'nobody.here@people.partnerhub.test', reason: 'No facilitator record has this email address: add Nobody Here on Partner Hub first.' },
      { line: 8, email: nominee.email, reason: '"Advanced juggling" is not a module of the pathway (Introduction to SMART, Getting SMART, SMART Facilitator training, SMART Family & Friends training module, SMART Veterans training module); "31/02/2026" is not a date: use 2026-11-01 or 01/11/2026.' },
    ]);
    expect(report.accepted.map((a: { line: number }) => a.line)).toEqual([3, 4, 5]);
    expect(await counts(nominee.id)).toMatchObject({ progress: 0, certificates: 0 });
    expect((await counts(notNominated.id)).progress).toBe(0);

    const refusedImport = await importCsv(central, csv, false);
    expect(refusedImport.statusCode).toBe(422);
    expect(refusedImport.json().error.message).toBe('4 of 7 rows cannot be imported, so nothing was imported. Correct them and import the file again.');
    expect(refusedImport.json().error.details.rejected).toHaveLength(4);
    expect((await counts(notNominated.id)).progress).toBe(0);
  });

  it('imports a clean file all at once, in date order whatever the file order, and a repeat import creates nothing new', async () => {
    const a = await person('Oakley Finch', { nominate: true });
    const b = await person('Parker Lund', { volunteer: true });
    const csv = [
      'date,email,name,status,module,course_id',
      `${day(3)},${a.email},Oakley Finch,completed,SMART Facilitator training,501`,
      `${day(12)},${a.email},Oakley Finch,completed,Introduction to SMART,101`,
      `"${day(11).split('-').reverse().join('/')}",${a.email.toUpperCase()},"Finch, Oakley",completed,Getting SMART,102`,
      `${day(12)},${b.email},Parker Lund,enrolled,Introduction to SMART,101`,
      `${day(10)},${b.email},Parker Lund,in progress,Introduction to SMART,101`,
    ].join('\r\n');
    const dry = await importCsv(central, csv, true);
    expect(dry.json().rejected).toEqual([]);
    const res = await importCsv(central, csv, false);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ dryRun: false, imported: true, rows: 5, rejected: [], certificatesIssued: 1 });
    expect(report.accepted.every((r: { outcome: string }) => r.outcome === 'recorded')).toBe(true);
    const rows = await t.database.db.selectFrom('training_progress').select(['module', 'status', 'source']).where('facilitator_id', '=', a.id).orderBy('module').execute();
    expect(rows).toEqual([
      { module: 'getting-smart', status: 'completed', source: 'import' },
      { module: 'introduction-to-smart', status: 'completed', source: 'import' },
      { module: 'smart-facilitator', status: 'completed', source: 'import' },
    ]);
    const before = { a: await counts(a.id), b: await counts(b.id) };
    expect(before.a).toMatchObject({ tasks: 1, certificates: 1, mail: 1, progress: 3 });
    expect((await progress(central, b.id)).json().modules[0]).toMatchObject({ status: 'in_progress', enrolledOn: day(12), startedOn: day(10) });
    const audits = async () => (await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'training_progress.imported').execute()).length;
    const auditsBefore = await audits();

    const repeat = await importCsv(central, csv, false);
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toMatchObject({ imported: true, rejected: [], certificatesIssued: 0 });
    expect(repeat.json().accepted.every((r: { outcome: string }) => r.outcome === 'unchanged')).toBe(true);
    expect({ a: await counts(a.id), b: await counts(b.id) }).toEqual(before);
    expect(await audits()).toBe(auditsBefore);
  });

  it('refuses a file without the columns it needs, and is for Central Office only', async () => {
    const res = await importCsv(central, 'email,name\nx@people.partnerhub.test,X', true);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toBe('The header row has no module, status, date column. Expected: email, name, module, status, date.');
    expect((await importCsv(coordinator, 'email,name,module,status,date\n', true)).statusCode).toBe(403);
  });
});
