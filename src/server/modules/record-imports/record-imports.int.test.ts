import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser, signIn, type SignedIn } from '../../../../tests/support/factories.js';
import { createTestApp, type TestApp } from '../../../../tests/support/test-app.js';
import { testDatabaseKind } from '../../../../tests/support/test-database.js';
import { RECORD_IMPORT_KINDS, type RecordImportRun } from '../../../shared/schemas/record-imports.js';
import { buildApp } from '../../app.js';
import { openDatabase } from '../../db/database.js';
import { pruneImportRuns, RUN_STOPPED_AFTER_MS, RUNS_KEPT, STOPPED_MESSAGE } from './record-imports.service.js';

let t: TestApp;
let central: SignedIn;
let centralId: string;
let lead: SignedIn;

const example = (kind: string) => readFileSync(new URL(`../../../../docs/imports/examples/${kind}.csv`, import.meta.url), 'utf8');

/** Sends a file and waits for the job to finish, as the portal does. */
async function send(kind: string, csv: string, dryRun: boolean, as: SignedIn = central): Promise<RecordImportRun> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/record-imports', headers: as.headers(), payload: { kind, csv, dryRun } });
  expect(res.statusCode, res.body).toBe(202);
  let run = res.json() as RecordImportRun;
  for (let i = 0; run.status === 'running' && i < 600; i += 1) {
    await sleep(20);
    run = (await t.app.inject({ method: 'GET', url: `/api/v1/record-imports/runs/${run.id}`, headers: as.headers() })).json() as RecordImportRun;
  }
  expect(run.status).not.toBe('running');
  return run;
}

/** How many rows each table the imports write holds, to show a check or refused import wrote nothing. */
async function counts() {
  const db = t.database.db;
  const n = async (table: 'organisations' | 'sites' | 'licences' | 'facilitators' | 'facilitator_organisations' | 'facilitator_sites' | 'facilitator_qualifications' | 'training_progress' | 'meetings' | 'meeting_facilitators' | 'audit_events') =>
    Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return {
    organisations: await n('organisations'), sites: await n('sites'), licences: await n('licences'), facilitators: await n('facilitators'),
    facilitatorOrganisations: await n('facilitator_organisations'), facilitatorSites: await n('facilitator_sites'), qualifications: await n('facilitator_qualifications'),
    trainingProgress: await n('training_progress'), meetings: await n('meetings'), meetingFacilitators: await n('meeting_facilitators'),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const centralUser = await createUser(t.database.db, { role: 'central_office' });
  centralId = centralUser.id;
  central = await signIn(t.app, centralUser);
  const org = await createOrganisation(t.database.db);
  lead = await signIn(t.app, await createUser(t.database.db, { role: 'smart_lead', organisationId: org.id }));
});
afterAll(async () => t?.close());

describe('what is wrong with the whole file', () => {
  it('answers 422 at once for a missing column, binary content or an unknown kind, and refuses anyone but Central Office', async () => {
    const post = (payload: Record<string, unknown>, as = central) => t.app.inject({ method: 'POST', url: '/api/v1/record-imports', headers: as.headers(), payload });
    const missing = await post({ kind: 'sites', csv: 'legacy_id,name\nS1,Somewhere\n' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.message).toBe('The header row has no organisation_legacy_id, address, postcode columns. Expected: legacy_id, organisation_legacy_id, name, address, postcode.');
    const binary = await post({ kind: 'organisations', csv: 'PK\u0003\u0004\uFFFD\uFFFDword/document.xml' });
    expect(binary.statusCode).toBe(422);
    expect(binary.json().error.message).toContain('This is not a CSV text file');
    expect((await post({ kind: 'invoices', csv: 'a\n1' })).statusCode).toBe(422);
    expect((await post({ kind: 'organisations', csv: example('organisations') }, lead)).statusCode).toBe(403);
    const unknownRun = await t.app.inject({ method: 'GET', url: '/api/v1/record-imports/runs/no-such-run', headers: central.headers() });
    expect(unknownRun.statusCode).toBe(404);
  });
});

describe('the import guide in the portal (decision 180)', () => {
  it("lists each file's required columns as the import checks them, and serves the example files, to Central Office only", async () => {
    const guide = await t.app.inject({ method: 'GET', url: '/api/v1/record-imports/guide', headers: central.headers() });
    expect(guide.statusCode).toBe(200);
    const files = guide.json().files as { kind: string; required: string[]; optional: string[]; exampleUrl: string | null }[];
    expect(files.map((f) => f.kind)).toEqual(['organisations', 'sites', 'licences', 'facilitators', 'training', 'meetings']);
    const post = (kind: string, csv: string) => t.app.inject({ method: 'POST', url: '/api/v1/record-imports', headers: central.headers(), payload: { kind, csv } });
    for (const f of files) {
      // Every column the guide calls required is one the import refuses a file without.
      for (const column of f.required) {
        const res = await post(f.kind, `${f.required.filter((c) => c !== column).join(',')}\n`);
        expect(res.statusCode, `${f.kind} without ${column}`).toBe(422);
        expect(res.json().error.message).toContain(`has no ${column} column`);
      }
      // The example file is the one the import tests use, and its other columns are listed as optional.
      const download = await t.app.inject({ method: 'GET', url: f.exampleUrl!, headers: central.headers() });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toContain('text/csv');
      expect(download.body).toBe(example(f.kind));
      expect([...f.required, ...f.optional].sort()).toEqual(example(f.kind).split(/\r?\n/)[0]!.split(',').sort());
    }
    expect(files.find((f) => f.kind === 'sites')).toMatchObject({ required: ['legacy_id', 'organisation_legacy_id', 'name', 'address', 'postcode'], optional: ['nation', 'satellite'] });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/record-imports/guide', headers: lead.headers() })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/record-imports/examples/sites', headers: lead.headers() })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/record-imports/examples/invoices', headers: central.headers() })).statusCode).toBe(422);
  });
});

describe('organisations', () => {
  const bad = [
    'legacy_id,name,organisation_type,sector,postcode,finance_contact_email',
    'ORG-A,Example Harbour Trust,non-profit,treatment-service,PR1 8BU,',
    'ORG-B,,charity,treatment-service,PR1 8BU,',
    'ORG-C,Example Valley Service,non-profit,bakery,ZZ1 1ZZ,not-an-email',
    'ORG-A,Example Harbour Trust again,non-profit,nhs,LS1 4DY,',
  ].join('\n');

  it('a dry run lists every refused row with its line and all its reasons, and writes nothing', async () => {
    const before = await counts();
    const run = await send('organisations', bad, true);
    expect(run.status).toBe('refused');
    expect(run.report!.rejected).toEqual([
      { line: 3, key: 'ORG-B', reason: 'Name is blank; organisation_type "charity" is not one of non-profit, for-profit, corporate.' },
      { line: 4, key: 'ORG-C', reason: expect.stringContaining('Sector "bakery" is not one of') },
      { line: 5, key: 'ORG-A', reason: 'The same legacy_id is on line 2: each record once.' },
    ]);
    expect(run.report!.rejected[1]!.reason).toContain('postcode "ZZ1 1ZZ"');
    expect(run.report!.rejected[1]!.reason).toContain('finance_contact_email "not-an-email" is not an email address');
    expect(run.report!.accepted).toEqual([{ line: 2, key: 'ORG-A', outcome: 'created', note: null }]);
    expect(await counts()).toEqual(before);
  });

  it('an import with one bad row imports nothing (all-or-nothing)', async () => {
    const before = await counts();
    const run = await send('organisations', bad.split('\n').slice(0, 3).join('\n'), false);
    expect(run.status).toBe('refused');
    expect(run.report!.imported).toBe(false);
    expect(run.message).toBe('1 of 2 rows cannot be imported, so nothing was imported. Correct them and check the file again.');
    expect(await counts()).toEqual(before);
  });

  it('records the legacy id on an organisation already on Partner Hub with the same name and postcode, rather than adding it twice', async () => {
    const existing = await t.database.db
      .insertInto('organisations')
      .values({ name: 'Example Lantern Project', organisation_type: 'non-profit', sector_code: 'voluntary', region_code: 'north-west', postcode: 'PR1 8BU' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const csv = 'legacy_id,name,organisation_type,sector,postcode\nORG-LANTERN,example lantern project,non-profit,voluntary,pr18bu\n';
    const run = await send('organisations', csv, false);
    expect(run.report!.accepted).toEqual([{ line: 2, key: 'ORG-LANTERN', outcome: 'updated', note: 'Matches Example Lantern Project already on Partner Hub: its legacy_id is recorded, nothing else changes.' }]);
    const rows = await t.database.db.selectFrom('organisations').select(['id', 'legacy_id']).where('name', 'ilike', 'example lantern project').execute();
    expect(rows).toEqual([{ id: existing.id, legacy_id: 'ORG-LANTERN' }]);
  });
});

describe('the example files', () => {
  it('check cleanly, import in order with references across files, and import again with no duplicates', async () => {
    const sequenceBefore = Number((await t.database.db.selectFrom('document_sequences').select('next_value').where('name', '=', 'licence').executeTakeFirstOrThrow()).next_value);
    for (const kind of RECORD_IMPORT_KINDS) {
      const before = await counts();
      const check = await send(kind, example(kind), true);
      expect(check.report!.rejected, kind).toEqual([]);
      expect(check.status).toBe('finished');
      expect(await counts(), `a check of ${kind} writes nothing`).toEqual(before);
      const run = await send(kind, example(kind), false);
      expect(run.status, kind).toBe('finished');
      expect(run.report!.imported).toBe(true);
      expect(run.report!.created).toBe(check.report!.created);
    }
    const after = await counts();
    const db = t.database.db;

    // Sites know their nation and region from the postcode; the satellite flag is kept.
    const sites = await db.selectFrom('sites').select(['legacy_id', 'nation_code', 'region_code', 'satellite']).where('legacy_id', 'is not', null).orderBy('legacy_id').execute();
    expect(sites).toEqual([
      { legacy_id: 'SITE-001', nation_code: 'england', region_code: 'north-west', satellite: false },
      { legacy_id: 'SITE-002', nation_code: 'england', region_code: 'north-west', satellite: true },
      { legacy_id: 'SITE-003', nation_code: 'england', region_code: 'north-east-yorkshire', satellite: false },
      { legacy_id: 'SITE-004', nation_code: 'wales', region_code: 'south-wales', satellite: false },
    ]);
    // Licences: no invoice of ours issued them; new numbers are kept clear of the imported ones.
    const licences = await db.selectFrom('licences').select(['number', 'source', 'issued_by_invoice_id']).where('source', '=', 'import').orderBy('number').execute();
    expect(licences).toHaveLength(6);
    expect(licences.every((l) => l.issued_by_invoice_id === null)).toBe(true);
    expect(await db.selectFrom('invoices').select('id').execute()).toHaveLength(0);
    const sequenceAfter = Number((await db.selectFrom('document_sequences').select('next_value').where('name', '=', 'licence').executeTakeFirstOrThrow()).next_value);
    expect(sequenceAfter).toBe(Math.max(sequenceBefore, 107));
    // Facilitators: one person per email, linked to each organisation named.
    const alex = await db.selectFrom('facilitators').select('id').where('email', '=', 'alex.example@people.example.org').execute();
    expect(alex).toHaveLength(1);
    expect(await db.selectFrom('facilitator_organisations').select('organisation_id').where('facilitator_id', '=', alex[0]!.id).execute()).toHaveLength(2);
    expect(await db.selectFrom('facilitator_sites').select('site_id').where('facilitator_id', '=', alex[0]!.id).execute()).toHaveLength(3);
    // Training records came in through the training platform import (decision 055).
    expect(after.trainingProgress).toBe(3);
    // Meetings: the listing rule has been run on each; without safeguarding checks none is public yet.
    const meetings = await db.selectFrom('meetings').select(['legacy_ref', 'publicly_visible', 'listing_checked_on', 'latitude']).where('legacy_ref', 'is not', null).orderBy('legacy_ref').execute();
    expect(meetings.map((m) => m.legacy_ref)).toEqual(['MTG-0001', 'MTG-0002', 'MTG-0003', 'MTG-0004', 'MTG-0005', 'MTG-0006']);
    expect(meetings.every((m) => m.listing_checked_on !== null && m.publicly_visible === false)).toBe(true);
    // Imported meetings are not new registrations: no welcome-pack task and no mail to the updates inbox.
    expect(await db.selectFrom('tasks').select('id').where('kind', '=', 'meeting.welcome_pack').execute()).toHaveLength(0);
    expect(await db.selectFrom('outbox_messages').select('id').where('kind', 'like', 'meeting_%').execute()).toHaveLength(0);
    const audits = await db.selectFrom('audit_events').select('action').where('action', '=', 'record_import.completed').execute();
    expect(audits.length).toBeGreaterThanOrEqual(6);

    // Again: nothing new.
    for (const kind of RECORD_IMPORT_KINDS) {
      const run = await send(kind, example(kind), false);
      expect(run.status, kind).toBe('finished');
      expect(run.report!.created + run.report!.updated, kind).toBe(0);
      expect(run.report!.unchanged).toBe(run.report!.rows);
    }
    expect(await counts()).toEqual(after);
  });

  it('a meeting whose facilitator is not yet eligible comes in with a note and stays off the public listings', async () => {
    const run = await send('meetings', example('meetings').replace(/MTG-0001/, 'MTG-0101'), true);
    const row = run.report!.accepted.find((a) => a.key === 'MTG-0101')!;
    expect(row.outcome).toBe('created');
    expect(row.note).toContain('Not listed publicly until this is put right: Alex Example may not facilitate');
  });
});

describe('references and rules', () => {
  it('sites: an organisation not on Partner Hub is refused with what to do', async () => {
    const run = await send('sites', 'legacy_id,organisation_legacy_id,name,address,postcode\nSITE-X,ORG-NONE,Example Annex,1 Example Street,PR1 8BU\n', true);
    expect(run.report!.rejected).toEqual([
      { line: 2, key: 'SITE-X', reason: 'No organisation on Partner Hub has the legacy id "ORG-NONE": import the organisations file first, or correct organisation_legacy_id.' },
    ]);
  });

  it('licences: refuses an unknown site, a wrong number, a second licence of one type at a site and a satellite licence at a primary site', async () => {
    const csv = [
      'number,site_legacy_id,licence_type,starts_on,ends_on,status',
      'UKSR-SR-2024-000201,SITE-NONE,smart-recovery,2026-04-01,2027-03-31,active',
      'UKSR-FF-2024-000202,SITE-003,smart-recovery,2026-04-01,2027-03-31,active',
      'UKSR-SR-2024-000203,SITE-003,smart-recovery,2026-04-01,2027-03-31,active',
      'UKSR-SR-2024-000204,SITE-003,smart-recovery,2027-04-01,2026-03-31,sometimes',
      'UKSR-SAT-2024-000205,SITE-003,satellite,2026-04-01,2027-03-31,active',
    ].join('\n');
    const run = await send('licences', csv, false);
    expect(run.status).toBe('refused');
    const reasons = run.report!.rejected.map((r) => [r.line, r.reason]);
    expect(reasons).toEqual([
      [2, 'No site on Partner Hub has the legacy id "SITE-NONE": import the sites file first, or correct site_legacy_id.'],
      [3, 'Number "UKSR-FF-2024-000202" is the number of a family-and-friends licence, not smart-recovery.'],
      [4, 'The site Leeds Wellbeing Centre already holds a smart-recovery licence (UKSR-SR-2023-000104): one licence per site and type.'],
      [5, 'Status "sometimes" is not one of active, in_grace, lapsed; ends_on is before starts_on.'],
      [6, 'A Satellite licence is for satellite premises, and Leeds Wellbeing Centre is not marked satellite in the sites file.'],
    ]);
    expect(await t.database.db.selectFrom('licences').select('id').where('number', 'like', 'UKSR-SR-2024-0002%').execute()).toHaveLength(0);
  });

  it('facilitators: refuses an unknown organisation, a site of another organisation and an unreadable qualification', async () => {
    const csv = [
      'email,name,organisation_legacy_id,capacity,site_legacy_ids,qualifications',
      'lee.new@people.example.org,Lee New,ORG-NONE,staff,,',
      'mo.new@people.example.org,Mo New,ORG-001,staff,SITE-003,',
      'ki.new@people.example.org,Ki New,ORG-001,staff,,smart-facilitator yesterday',
      'ok.new@people.example.org,Ok New,ORG-001,staff,SITE-001,',
    ].join('\n');
    const before = await counts();
    const run = await send('facilitators', csv, false);
    expect(run.report!.rejected.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(run.report!.rejected[0]!.reason).toContain('no organisation on Partner Hub has the legacy id "ORG-NONE"'.replace(/^n/, 'N'));
    expect(run.report!.rejected[1]!.reason).toBe('The site "SITE-003" is not a site of the organisation "ORG-001".');
    expect(run.report!.rejected[2]!.reason).toContain('qualifications "smart-facilitator yesterday" is not a qualification and date'.replace(/^q/, 'Q'));
    expect(await counts()).toEqual(before);
  });

  it('meetings: checked against the registration rules and the form, with references to facilitators', async () => {
    const header = example('meetings').split('\n')[0]!;
    const csv = [
      header,
      // Closed meetings are never listed publicly.
      'MTG-0201,Closed but listed,smart-recovery,partner,SITE-003,,,,,,in_person,,,,weekly,Monday,,18:00,19:00,2025-01-06,,closed,,yes,,sam.sample@people.example.org,running',
      // Leeds holds no Family & Friends licence.
      'MTG-0202,Unlicensed Family & Friends,family-and-friends,partner,SITE-003,,,,,,in_person,,,,weekly,Monday,,18:00,19:00,2025-01-06,,open,,no,,sam.sample@people.example.org,running',
      // Unknown facilitator, end before start, an online meeting with no link.
      'MTG-0203,Muddled,smart-recovery,partner,SITE-003,,,,,,online,,,,weekly,Funday,,19:00,18:00,2025-01-06,,open,,no,,nobody@people.example.org,running',
    ].join('\n');
    const run = await send('meetings', csv, true);
    const reason = (line: number) => run.report!.rejected.find((r) => r.line === line)?.reason ?? '';
    expect(reason(2)).toContain('A closed meeting is never listed publicly');
    expect(reason(3)).toContain('Leeds Wellbeing Centre is not licensed for');
    expect(reason(4)).toContain('day "Funday" is not a day of the week'.replace(/^d/, 'D'));
    expect(run.report!.accepted).toEqual([]);
    const muddled = await send('meetings', csv.split('\n').slice(0, 1).concat(csv.split('\n')[3]!.replace('Funday', 'Monday')).join('\n'), true);
    const text = muddled.report!.rejected[0]!.reason;
    expect(text).toContain('no facilitator on Partner Hub has the email nobody@people.example.org'.replace(/^n/, 'N'));
    expect(text).toContain('end_time: The end time must be after the start time');
    expect(text).toContain('online_url: Enter the meeting link or a phone number to join by');
  });

  it('training: rows are checked by the training platform import, and an unknown email is refused', async () => {
    const run = await send('training', 'email,name,module,status,date\nnobody@people.example.org,Nobody,Getting SMART,completed,2026-10-01\n', true);
    expect(run.status).toBe('refused');
    expect(run.report!.rejected).toEqual([{ line: 2, key: 'nobody@people.example.org', reason: 'No facilitator record has this email address: add Nobody on Partner Hub first.' }]);
  });
});

describe('a large file', () => {
  it('reports its progress row by row and checks 5,000 rows', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `ORG-BIG-${i},Example Big Trust ${i},non-profit,voluntary,LS1 4DY`);
    const csv = ['legacy_id,name,organisation_type,sector,postcode', ...rows].join('\n');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/record-imports', headers: central.headers(), payload: { kind: 'organisations', csv, dryRun: true } });
    const started = res.json() as RecordImportRun;
    expect(started).toMatchObject({ status: 'running', phase: 'checking', total: 5000 });
    // Only one file is handled at a time.
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/record-imports', headers: central.headers(), payload: { kind: 'organisations', csv, dryRun: true } });
    expect(second.statusCode).toBe(409);
    const seen: number[] = [];
    let run = started;
    while (run.status === 'running') {
      await sleep(5);
      run = (await t.app.inject({ method: 'GET', url: `/api/v1/record-imports/runs/${run.id}`, headers: central.headers() })).json() as RecordImportRun;
      seen.push(run.done);
    }
    expect(run.status).toBe('finished');
    expect(run.report!.created).toBe(5000);
    expect(run.message).toBe('Checked 5000 rows: 5000 to create, 0 to update, 0 already on Partner Hub. Nothing has been written yet.');
    // The portal saw the count of rows handled grow while the job ran.
    expect(seen.some((done) => done > 0 && done < 5000)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});

describe('runs kept in the database (decision 172)', () => {
  /**
   * Another instance on the same database: on PostgreSQL a pool of its own; on PGlite, which one
   * process holds, another handle on it, as the same process after a restart would be.
   */
  async function secondInstance(): Promise<{ app: FastifyInstance; close: () => Promise<void> }> {
    const other = testDatabaseKind === 'postgres' ? await openDatabase({ kind: 'postgres', url: t.database.url! }) : { db: t.database.db.withoutPlugins(), close: async () => undefined };
    const app = await buildApp({ config: t.config, db: other.db, now: t.clock.now });
    return { app, close: async () => (await app.close(), await other.close()) };
  }
  const poll = (app: FastifyInstance, id: string) => app.inject({ method: 'GET', url: `/api/v1/record-imports/runs/${id}`, headers: central.headers() });
  const leftRunning = async (heardAgoMs: number) => {
    const at = new Date(t.clock.now().getTime() - heardAgoMs);
    const id = randomUUID();
    await t.database.db.insertInto('record_import_runs').values({ id, kind: 'sites', dry_run: false, status: 'running', phase: 'importing', done: 3, total: 10, started_by: null, started_at: at, heartbeat_at: at }).execute();
    return id;
  };

  it('a finished run and its report are in the database, and another instance answers its poll', async () => {
    const run = await send('organisations', 'legacy_id,name,organisation_type,sector,postcode\nORG-TWO,Example Two Trust,non-profit,voluntary,LS1 4DY\n', true);
    expect(run.status).toBe('finished');
    const row = await t.database.db.selectFrom('record_import_runs').select(['status', 'started_by', 'finished_at']).where('id', '=', run.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'finished', started_by: centralId });
    expect(row.finished_at).toBeInstanceOf(Date);
    const other = await secondInstance();
    try {
      const there = await poll(other.app, run.id);
      expect(there.statusCode).toBe(200);
      expect(there.json()).toEqual(run);
      expect((await poll(other.app, randomUUID())).statusCode).toBe(404);
      expect((await poll(other.app, 'no-such-run')).statusCode).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('a run left running by an instance that stopped reads as failed, and does not block the next file', async () => {
    const left = await leftRunning(RUN_STOPPED_AFTER_MS + 60_000);
    const read = (await poll(t.app, left)).json() as RecordImportRun;
    expect(read).toMatchObject({ id: left, status: 'failed', phase: 'done', message: STOPPED_MESSAGE, report: null });
    expect((await poll(t.app, left)).json()).toEqual(read);
    const another = await leftRunning(RUN_STOPPED_AFTER_MS + 60_000);
    const run = await send('organisations', 'legacy_id,name,organisation_type,sector,postcode\nORG-NEXT,Example Next Trust,non-profit,voluntary,LS1 4DY\n', true);
    expect(run.status).toBe('finished');
    const ended = await t.database.db.selectFrom('record_import_runs').select(['status', 'message', 'finished_at']).where('id', '=', another).executeTakeFirstOrThrow();
    expect(ended).toMatchObject({ status: 'failed', message: STOPPED_MESSAGE });
  });

  it.runIf(testDatabaseKind === 'postgres')('a run another instance is still running (heard from lately) refuses a second file with 409', async () => {
    const live = await leftRunning(30_000);
    try {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/record-imports', headers: central.headers(), payload: { kind: 'organisations', csv: example('organisations'), dryRun: true } });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('conflict');
      expect((await poll(t.app, live)).json()).toMatchObject({ status: 'running', phase: 'importing', done: 3, total: 10 });
    } finally {
      await t.database.db.deleteFrom('record_import_runs').where('id', '=', live).execute();
    }
  });

  it('keeps finished runs a week, and only the newest 20', async () => {
    const db = t.database.db;
    await db.deleteFrom('record_import_runs').execute();
    const now = t.clock.now().getTime();
    const minute = 60_000;
    const day = 24 * 60 * minute;
    const finishedAt = (ago: number) => {
      const at = new Date(now - ago);
      return { id: randomUUID(), kind: 'sites', dry_run: true, status: 'finished' as const, phase: 'done' as const, total: 1, message: 'Checked', report: '{}', started_by: null, started_at: at, heartbeat_at: at, finished_at: at };
    };
    const recent = Array.from({ length: RUNS_KEPT + 2 }, (_, i) => finishedAt((i + 1) * minute));
    const weekOld = finishedAt(7 * day + minute);
    await db.insertInto('record_import_runs').values([...recent, weekOld]).execute();
    // Left running by an instance that stopped a week ago, and never polled since.
    await leftRunning(7 * day + minute);
    expect(await pruneImportRuns(t.deps)).toEqual({ deleted: 4 });
    const ids = async () => (await db.selectFrom('record_import_runs').select('id').execute()).map((r) => r.id).sort();
    expect(await ids()).toEqual(recent.slice(0, RUNS_KEPT).map((r) => r.id).sort());
    // A run under way is kept.
    const running = await leftRunning(minute);
    expect(await pruneImportRuns(t.deps)).toEqual({ deleted: 0 });
    expect(await ids()).toContain(running);
    await db.deleteFrom('record_import_runs').where('id', '=', running).execute();
  });
});

describe.runIf(testDatabaseKind === 'postgres')('two instances on one PostgreSQL database (decision 172)', () => {
  it("refuses a second file on the other instance, and shows an import's progress there while its transaction is still open", async () => {
    const other = await openDatabase({ kind: 'postgres', url: t.database.url! });
    const b = await buildApp({ config: t.config, db: other.db, now: t.clock.now });
    // Another session's uncommitted organisation with the legacy id of the file's row 1001: the
    // import's insert of that row waits for it, so the import holds still halfway, transaction open.
    const blocker = new pg.Client({ connectionString: t.database.url! });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`INSERT INTO organisations (name, organisation_type, sector_code, region_code, postcode, legacy_id) VALUES ('Example Blocking Trust', 'non-profit', 'voluntary', 'north-east-yorkshire', 'LS1 4DY', 'ORG-PROG-1000')`);
      const total = 2000;
      const csv = ['legacy_id,name,organisation_type,sector,postcode', ...Array.from({ length: total }, (_, i) => `ORG-PROG-${i},Example Progress Trust ${i},non-profit,voluntary,LS1 4DY`)].join('\n');
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/record-imports', headers: central.headers(), payload: { kind: 'organisations', csv, dryRun: false } });
      expect(res.statusCode).toBe(202);
      const started = res.json() as RecordImportRun;
      const second = await b.inject({ method: 'POST', url: '/api/v1/record-imports', headers: central.headers(), payload: { kind: 'organisations', csv, dryRun: true } });
      expect(second.statusCode).toBe(409);
      expect(second.json().error.code).toBe('conflict');

      const onB = async () => (await b.inject({ method: 'GET', url: `/api/v1/record-imports/runs/${started.id}`, headers: central.headers() })).json() as RecordImportRun;
      let run = await onB();
      for (let i = 0; !(run.phase === 'importing' && run.done === 1000) && i < 500; i += 1) {
        await sleep(20);
        run = await onB();
      }
      // Read from the row by the instance that is not running it: half imported, none of it committed.
      expect(run).toMatchObject({ status: 'running', phase: 'importing', done: 1000, total, report: null });
      const committed = async () => Number((await other.db.selectFrom('organisations').select(other.db.fn.countAll().as('n')).where('legacy_id', 'like', 'ORG-PROG-%').executeTakeFirstOrThrow()).n);
      expect(await committed()).toBe(0);

      await blocker.query('ROLLBACK');
      for (let i = 0; run.status === 'running' && i < 1000; i += 1) {
        await sleep(20);
        run = await onB();
      }
      expect(run.status).toBe('finished');
      expect(run.report!.created).toBe(total);
      expect(await committed()).toBe(total);
      expect(await onB()).toEqual((await t.app.inject({ method: 'GET', url: `/api/v1/record-imports/runs/${started.id}`, headers: central.headers() })).json());
    } finally {
      await blocker.end();
      await b.close();
      await other.close();
    }
  }, 60_000);
});
