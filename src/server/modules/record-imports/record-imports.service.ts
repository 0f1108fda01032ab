import { randomUUID, randomBytes } from 'node:crypto';
import { type IsoDate, londonDate } from '../../../domain/iso-date.js';
import type { VenueType } from '../../../domain/listing/meeting.js';
import { AUDIENCE_CODES } from '../../../domain/meetings/audiences.js';
import { meetingSlug, slugSuffix } from '../../../domain/meetings/slug.js';
import { formatPostcode, nationOfPostcode } from '../../../domain/postcode.js';
import type { NationCode, ProgrammeCode } from '../../../domain/reference.js';
import { regionOfPostcode } from '../../../domain/region-of-postcode.js';
import { newMeetingSchema, type NewMeeting } from '../../../shared/schemas/meetings.js';
import { type RecordImportKind, type RecordImportReport, type RecordImportRequest, type RecordImportRun } from '../../../shared/schemas/record-imports.js';
import { type Actor, type AuditEntry, recordAudit, recordAudits } from '../../audit/audit.js';
import type { CurrentUser } from '../../auth/current-user.js';
import { type CsvRow, looksBinary, readCsvTable } from '../../csv-read.js';
import type { DB } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { refreshListings } from '../meetings/listing.service.js';
import { registrationRuleDetails } from '../meetings/meetings.service.js';
import { geocodePostcode } from '../postcodes/geocoder.js';
import { importCompletions } from '../training/progress.service.js';
import { FACILITATOR_COLUMNS, type FacilitatorRow, readFacilitator } from './facilitators.reader.js';
import { type ReadRow, reasonOf } from './fields.js';
import { LICENCE_COLUMNS, type LicenceRow, readLicence } from './licences.reader.js';
import { MEETING_COLUMNS, MEETING_FIELD_COLUMNS, type MeetingRow, readMeeting } from './meetings.reader.js';
import { ORGANISATION_COLUMNS, type OrganisationRow, readOrganisation } from './organisations.reader.js';
import * as repo from './record-imports.repository.js';
import { readSite, SITE_COLUMNS, type SiteRow } from './sites.reader.js';

/**
 * Bringing in today's records (docs/imports/README.md; decisions 135–139). Central Office sends one
 * CSV file of one kind; it is read and checked row by row against what is already on Partner Hub
 * (every refused row with its line and every reason), and, unless it is a dry run or any row is
 * refused, written in the same single transaction: all of the file or none of it. A record already
 * brought in (matched by its natural key) is left as it is, so a file can be imported again.
 * The work runs as a job whose progress the portal polls (decision 137), recorded in the database so
 * any instance answers the poll (decision 172).
 */

type Rejected = RecordImportReport['rejected'][number];
type Accepted = RecordImportReport['accepted'][number];

interface Context {
  deps: AppDeps;
  user: CurrentUser;
  actor: Actor;
  today: IsoDate;
  /** Counts a row handled; now and then gives the event loop a turn, so polls are answered during a long file. */
  tick: () => Promise<void>;
}

/** What a file would do: its refusals, what each accepted row does, and the writes (run only for a clean import). */
interface Plan {
  rejected: Rejected[];
  accepted: Accepted[];
  apply: (trx: DB) => Promise<void>;
}

const KINDS: Record<Exclude<RecordImportKind, 'training'>, { columns: readonly string[]; read: (row: CsvRow) => ReadRow<unknown>; check: (trx: DB, rows: ReadRow<never>[], ctx: Context) => Promise<Plan> }> = {
  organisations: { columns: ORGANISATION_COLUMNS, read: readOrganisation, check: checkOrganisations as never },
  sites: { columns: SITE_COLUMNS, read: readSite, check: checkSites as never },
  licences: { columns: LICENCE_COLUMNS, read: readLicence, check: checkLicences as never },
  facilitators: { columns: FACILITATOR_COLUMNS, read: readFacilitator, check: checkFacilitators as never },
  meetings: { columns: MEETING_COLUMNS, read: readMeeting, check: checkMeetings as never },
};

/** The columns the training file needs (decision 055: the platform's own export). */
const TRAINING_COLUMNS = ['email', 'name', 'module', 'status', 'date'];

/** The columns a file of this kind must have in its header row; the portal's import guide lists these same columns. */
export function requiredColumns(kind: RecordImportKind): readonly string[] {
  return kind === 'training' ? TRAINING_COLUMNS : KINDS[kind].columns;
}

// ---- Runs (decision 172) ---------------------------------------------------------------------
//
// Each run is a row of record_import_runs, so any instance answers a poll, one file at a time holds
// across instances (a unique index over running rows) and a finished report survives a restart.
// The instance executing a run also keeps it in memory and answers its polls from there: that is
// the freshest progress, and on PGlite the only progress (see progressWriter).

/** A running run whose instance has not written for this long counts as stopped (a live one writes every HEARTBEAT_MS). */
export const RUN_STOPPED_AFTER_MS = 2 * 60 * 1000;
/** How often a running run's instance says it is alive, even when no row moves (a long statement). */
const HEARTBEAT_MS = 15_000;
/** Progress is written at most this often (PostgreSQL). */
const PROGRESS_EVERY_MS = 500;
/** Finished runs are kept this long, and only the newest RUNS_KEPT of them: their reports name people from the files. */
export const RUNS_KEPT_DAYS = 7;
export const RUNS_KEPT = 20;

/** Honest because a run's writes are one transaction: a run that stopped wrote nothing. */
export const STOPPED_MESSAGE = 'The import stopped before it finished (the server restarted). Nothing was written; check the file and import it again.';
const FAILED_MESSAGE = 'The import stopped because of an error, and nothing was written. Try again; if it happens again, tell the technical team.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs this instance is executing, per database handle (a handle is what an instance has, as in shared-answers.ts). */
const executing = new WeakMap<DB, Map<string, RecordImportRun>>();
function executingOn(db: DB): Map<string, RecordImportRun> {
  let runs = executing.get(db);
  if (!runs) executing.set(db, (runs = new Map()));
  return runs;
}

const embedded = new WeakMap<DB, Promise<boolean>>();
/** PGlite: one process opens the database, and it has one connection. */
function isEmbedded(db: DB): Promise<boolean> {
  let answer = embedded.get(db);
  if (!answer) {
    answer = repo.isEmbedded(db);
    answer.catch(() => embedded.delete(db));
    embedded.set(db, answer);
  }
  return answer;
}

/** A running run not written since this counts as stopped; null on PGlite, where every run this process does not execute has. */
async function stoppedIfSilentSince(deps: AppDeps): Promise<Date | null> {
  return (await isEmbedded(deps.db)) ? null : new Date(deps.now().getTime() - RUN_STOPPED_AFTER_MS);
}

/**
 * Ends the runs left running by an instance that stopped (`id`: only that run). On PGlite no other
 * process can hold the database, so any running run this one does not execute was left by one
 * before it; on PostgreSQL, a run whose instance has not written for RUN_STOPPED_AFTER_MS.
 */
async function endStoppedRuns(deps: AppDeps, id?: string): Promise<string[]> {
  const now = deps.now();
  const silentSince = await stoppedIfSilentSince(deps);
  const running = [...executingOn(deps.db).values()].filter((r) => r.status === 'running').map((r) => r.id);
  return repo.endStoppedRuns(deps.db, { silentSince, except: running, id, message: STOPPED_MESSAGE, at: now });
}

type Outcome = repo.RunOutcome & { report: RecordImportReport | null };

function outcomeOf(run: RecordImportRun, report: RecordImportReport): Outcome {
  return { status: report.rejected.length > 0 ? 'refused' : 'finished', phase: 'done', done: run.done, total: run.total, message: summary(report), report };
}

const conflict = () => new AppError('conflict', 'Another file is being checked or imported. Wait for it to finish, then try again.');

/**
 * Starts checking or importing a file (Central Office). What is wrong with the whole file (not CSV
 * text, no header, a missing column) is answered at once; the rows are then handled by a job.
 */
export async function startImport(deps: AppDeps, user: CurrentUser, actor: Actor, body: RecordImportRequest, onError?: (error: unknown) => void): Promise<{ run: RecordImportRun; finished: Promise<void> }> {
  if (looksBinary(body.csv)) {
    throw new AppError('validation_failed', 'This is not a CSV text file. Save the spreadsheet as CSV (comma separated values) and choose that file.', [{ field: 'csv', message: 'Choose a CSV text file' }]);
  }
  const table = readCsvTable(body.csv, requiredColumns(body.kind));
  if ('fileProblem' in table) throw new AppError('validation_failed', table.fileProblem, [{ field: 'csv', message: table.fileProblem }]);
  const local = executingOn(deps.db);
  if ([...local.values()].some((r) => r.status === 'running')) throw conflict();
  const run: RecordImportRun = {
    id: randomUUID(), kind: body.kind, dryRun: body.dryRun, status: 'running', phase: 'checking', done: 0, total: table.rows.length, message: null, report: null,
  };
  // Held here before the row is written, so a start racing it in this instance neither ends it as stopped nor starts too.
  local.set(run.id, run);
  try {
    await endStoppedRuns(deps);
    if (!(await repo.insertRun(deps.db, { id: run.id, kind: run.kind, dryRun: run.dryRun, total: run.total, startedBy: user.id, at: deps.now() }))) throw conflict();
  } catch (error) {
    local.delete(run.id);
    throw error;
  }
  const progress = progressWriter(deps, run, !(await isEmbedded(deps.db)));
  const finished = execute(deps, user, actor, body, table.rows, run)
    .then(
      (report) => outcomeOf(run, report),
      (error: unknown): Outcome => {
        onError?.(error);
        return { status: 'failed', phase: 'done', done: run.done, total: run.total, message: FAILED_MESSAGE, report: null };
      },
    )
    .then(async (outcome) => {
      await progress.stop();
      try {
        // The run reads as running here until its row says how it ended, as it does everywhere else.
        await repo.finishRun(deps.db, run.id, outcome, deps.now());
        local.delete(run.id);
      } finally {
        // Had the write failed, this instance would go on answering the run from memory.
        Object.assign(run, outcome);
      }
    })
    .catch((error: unknown) => onError?.(error));
  return { run: structuredClone(run), finished };
}

/** A run's progress and, once done, its report (Central Office), from any instance. */
export async function importRun(deps: AppDeps, id: string): Promise<RecordImportRun> {
  const local = executingOn(deps.db).get(id);
  if (local) return structuredClone(local);
  if (!UUID.test(id)) throw notFound('import');
  let row = await repo.runById(deps.db, id);
  if (row?.status === 'running') {
    const silentSince = await stoppedIfSilentSince(deps);
    if ((!silentSince || row.heartbeat_at < silentSince) && (await endStoppedRuns(deps, id)).length > 0) row = await repo.runById(deps.db, id);
  }
  if (!row) throw notFound('import');
  return {
    id: row.id, kind: row.kind as RecordImportKind, dryRun: row.dry_run, status: row.status, phase: row.phase, done: row.done, total: row.total, message: row.message,
    report: row.report as RecordImportReport | null,
  };
}

/** Checks or imports a file and waits for the outcome (for tests and the command line). */
export async function runImport(deps: AppDeps, user: CurrentUser, actor: Actor, body: RecordImportRequest): Promise<RecordImportRun> {
  const { run, finished } = await startImport(deps, user, actor, body);
  await finished;
  return importRun(deps, run.id);
}

/** Deletes finished runs older than RUNS_KEPT_DAYS, and beyond the newest RUNS_KEPT (a daily job). */
export async function pruneImportRuns(deps: AppDeps): Promise<{ deleted: number }> {
  return { deleted: await repo.pruneRuns(deps.db, new Date(deps.now().getTime() - RUNS_KEPT_DAYS * 24 * 60 * 60 * 1000), RUNS_KEPT) };
}

interface ProgressWriter {
  /** Stops writing, once any write under way is done. */
  stop: () => Promise<void>;
}

/**
 * Writes a run's progress to its row on PostgreSQL, through the pool and never in the import's
 * transaction (whose writes no one sees until it commits): every PROGRESS_EVERY_MS if a row has
 * moved since the last write, and every HEARTBEAT_MS regardless, so a statement that takes long
 * (or a training file, which counts no rows) still shows its instance is alive. A timer does it,
 * so the import never waits for a write, and there is one write at a time. On PGlite nothing is
 * written while the run goes on: no other process can read the row, and a write through `deps.db`
 * while the import's transaction holds the single connection waits for the transaction to end
 * (Kysely's connection lock; awaited from the import it would never return), so this instance's
 * memory is the only progress there.
 */
function progressWriter(deps: AppDeps, run: RecordImportRun, writes: boolean): ProgressWriter {
  if (!writes) return { stop: async () => undefined };
  let written = { phase: run.phase, done: run.done, total: run.total, at: Date.now() };
  let writing: Promise<void> | null = null;
  const timer = setInterval(() => {
    const now = { phase: run.phase, done: run.done, total: run.total, at: Date.now() };
    const moved = now.phase !== written.phase || now.done !== written.done || now.total !== written.total;
    if (writing || (!moved && now.at - written.at < HEARTBEAT_MS)) return;
    written = now;
    writing = repo
      .writeProgress(deps.db, run.id, { phase: now.phase, done: now.done, total: now.total }, deps.now())
      // A missed write is made good by the next; a run silent for RUN_STOPPED_AFTER_MS counts as stopped.
      .catch(() => undefined)
      .finally(() => void (writing = null));
  }, PROGRESS_EVERY_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await writing;
    },
  };
}

function summary(report: RecordImportReport): string {
  const counts = `${report.created} to create, ${report.updated} to update, ${report.unchanged} already on Partner Hub`;
  if (report.rejected.length > 0) {
    return `${report.rejected.length} of ${report.rows} ${report.rows === 1 ? 'row' : 'rows'} cannot be imported, so nothing ${report.dryRun ? 'would be' : 'was'} imported. Correct them and check the file again.`;
  }
  if (report.dryRun) return `Checked ${report.rows} ${report.rows === 1 ? 'row' : 'rows'}: ${counts}. Nothing has been written yet.`;
  return `Imported ${report.rows} ${report.rows === 1 ? 'row' : 'rows'}: ${report.created} created, ${report.updated} updated, ${report.unchanged} already on Partner Hub.`;
}

async function execute(deps: AppDeps, user: CurrentUser, actor: Actor, body: RecordImportRequest, rows: CsvRow[], run: RecordImportRun): Promise<RecordImportReport> {
  if (body.kind === 'training') return importTraining(deps, user, actor, body, run);
  const kind = KINDS[body.kind];
  const ctx: Context = {
    deps, user, actor, today: londonDate(deps.now()),
    tick: async () => {
      run.done += 1;
      // PGlite answers in-process, so a loop of queries would otherwise never let a request in.
      if (run.done % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
    },
  };
  const read = rows.map((row) => kind.read(row));
  // A dry run writes nothing and reads outside a transaction, so other requests (the portal's polls
  // among them) are answered between its queries even on PGlite's single connection (decision 137).
  const work = <T>(fn: (db: DB) => Promise<T>): Promise<T> => (body.dryRun ? fn(deps.db) : deps.db.transaction().execute(fn));
  return work(async (trx) => {
    const plan = await kind.check(trx, read.filter((r) => r.value !== null) as ReadRow<never>[], ctx);
    const rejected = [...read.filter((r) => r.value === null).map((r) => ({ line: r.line, key: r.key, reason: reasonOf(r.problems) })), ...plan.rejected].sort((a, b) => a.line - b.line);
    const accepted = plan.accepted.sort((a, b) => a.line - b.line);
    const count = (o: Accepted['outcome']) => accepted.filter((a) => a.outcome === o).length;
    const report: RecordImportReport = {
      kind: body.kind, dryRun: body.dryRun, imported: false, rows: read.length, rejected, accepted, created: count('created'), updated: count('updated'), unchanged: count('unchanged'),
    };
    if (body.dryRun || rejected.length > 0) return report;
    run.phase = 'importing';
    run.done = 0;
    run.total = accepted.filter((a) => a.outcome !== 'unchanged').length;
    await plan.apply(trx);
    await recordAudit(trx, actor, {
      action: 'record_import.completed', entityType: 'record_import', entityId: run.id,
      after: { kind: body.kind, rows: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged },
    });
    const imported = { ...report, imported: true };
    // The outcome is written in the import's own transaction, so the row says finished exactly when
    // the records are there, and a run that stops before the commit left nothing (decision 172).
    await repo.finishRun(trx, run.id, outcomeOf(run, imported), deps.now());
    return imported;
  });
}

/** Training records are the training platform's export, imported as decision 055 does it. */
async function importTraining(deps: AppDeps, user: CurrentUser, actor: Actor, body: RecordImportRequest, run: RecordImportRun): Promise<RecordImportReport> {
  let report;
  try {
    report = await importCompletions(deps, user, actor, { csv: body.csv, dryRun: body.dryRun });
  } catch (error) {
    if (!(error instanceof AppError) || !error.details || typeof error.details !== 'object' || !('rejected' in error.details)) throw error;
    report = error.details as Awaited<ReturnType<typeof importCompletions>>;
  }
  run.done = run.total;
  const accepted = report.accepted.map((a): Accepted => ({ line: a.line, key: a.email, outcome: a.outcome === 'recorded' ? 'created' : 'unchanged', note: `${a.module}: ${a.status.replace('_', ' ')}` }));
  return {
    kind: 'training', dryRun: body.dryRun, imported: report.imported, rows: report.rows,
    rejected: report.rejected.map((r) => ({ line: r.line, key: r.email, reason: r.reason })),
    accepted, created: accepted.filter((a) => a.outcome === 'created').length, updated: 0, unchanged: accepted.filter((a) => a.outcome === 'unchanged').length,
  };
}

/** Rows naming a record an earlier row of the file already names: the later ones are refused. */
function duplicates<T>(rows: ReadRow<T>[], keyOf: (value: T) => string, what: string): { first: ReadRow<T>[]; rejected: Rejected[] } {
  const seen = new Map<string, number>();
  const first: ReadRow<T>[] = [];
  const rejected: Rejected[] = [];
  for (const row of rows) {
    const key = keyOf(row.value as T).toLowerCase();
    const line = seen.get(key);
    if (line !== undefined) rejected.push({ line: row.line, key: row.key, reason: `The same ${what} is on line ${line}: each record once.` });
    else {
      seen.set(key, row.line);
      first.push(row);
    }
  }
  return { first, rejected };
}

const lowerMap = <T extends Record<K, string | null>, K extends keyof T>(rows: T[], key: K) => new Map(rows.map((r) => [String(r[key] ?? '').toLowerCase(), r] as const));

// ---- Organisations ---------------------------------------------------------------------------

async function checkOrganisations(trx: DB, rows: ReadRow<OrganisationRow>[], ctx: Context): Promise<Plan> {
  const { first, rejected } = duplicates(rows, (v) => v.legacyId, 'legacy_id');
  const existing = lowerMap(await repo.organisationsByLegacyIds(trx, first.map((r) => r.value!.legacyId)), 'legacy_id');
  const accepted: Accepted[] = [];
  const writes: { row: OrganisationRow; matchId: string | null }[] = [];
  const matched = new Map<string, number>();
  for (const { line, key, value } of first) {
    await ctx.tick();
    const o = value!;
    const found = existing.get(o.legacyId.toLowerCase());
    if (found) {
      accepted.push({ line, key, outcome: 'unchanged', note: found.name === o.name ? null : `Already on Partner Hub as ${found.name}; the file's details are not applied.` });
      continue;
    }
    const match = await repo.organisationByNameAndPostcode(trx, o.name, o.postcode);
    if (match && matched.has(match.id)) {
      rejected.push({ line, key, reason: `Matches the same organisation on Partner Hub as line ${matched.get(match.id)} (${match.name}, ${o.postcode}).` });
      continue;
    }
    if (match) matched.set(match.id, line);
    accepted.push({ line, key, outcome: match ? 'updated' : 'created', note: match ? `Matches ${match.name} already on Partner Hub: its legacy_id is recorded, nothing else changes.` : null });
    writes.push({ row: o, matchId: match?.id ?? null });
  }
  return {
    rejected,
    accepted,
    apply: async (db) => {
      const audits: AuditEntry[] = [];
      for (const { row, matchId } of writes) {
        if (matchId) {
          await repo.setOrganisationLegacyId(db, matchId, row.legacyId, ctx.deps.now());
          audits.push({ action: 'organisation.legacy_id_recorded', entityType: 'organisation', entityId: matchId, after: { legacyId: row.legacyId } });
        } else {
          const { id } = await repo.insertOrganisation(db, row);
          audits.push({ action: 'organisation.imported', entityType: 'organisation', entityId: id, after: { ...row } });
        }
        await ctx.tick();
      }
      await recordAudits(db, ctx.actor, audits);
    },
  };
}

// ---- Sites -----------------------------------------------------------------------------------

async function checkSites(trx: DB, rows: ReadRow<SiteRow>[], ctx: Context): Promise<Plan> {
  const { first, rejected } = duplicates(rows, (v) => v.legacyId, 'legacy_id');
  const organisations = lowerMap(await repo.organisationsByLegacyIds(trx, first.map((r) => r.value!.organisationLegacyId)), 'legacy_id');
  const existing = lowerMap(await repo.sitesByLegacyIds(trx, first.map((r) => r.value!.legacyId)), 'legacy_id');
  const accepted: Accepted[] = [];
  const writes: { row: SiteRow; organisationId: string; matchId: string | null }[] = [];
  const matched = new Map<string, number>();
  for (const { line, key, value } of first) {
    await ctx.tick();
    const s = value!;
    const organisation = organisations.get(s.organisationLegacyId.toLowerCase());
    if (!organisation) {
      rejected.push({ line, key, reason: `No organisation on Partner Hub has the legacy id "${s.organisationLegacyId}": import the organisations file first, or correct organisation_legacy_id.` });
      continue;
    }
    const found = existing.get(s.legacyId.toLowerCase());
    if (found) {
      if (found.organisation_id !== organisation.id) rejected.push({ line, key, reason: `The site "${s.legacyId}" is already on Partner Hub for another organisation (${found.organisation_legacy_id ?? 'one without a legacy id'}).` });
      else accepted.push({ line, key, outcome: 'unchanged', note: null });
      continue;
    }
    const match = await repo.siteByNameAndPostcode(trx, organisation.id, s.name, s.postcode);
    if (match && matched.has(match.id)) {
      rejected.push({ line, key, reason: `Matches the same site on Partner Hub as line ${matched.get(match.id)} (${match.name}).` });
      continue;
    }
    if (match) matched.set(match.id, line);
    accepted.push({ line, key, outcome: match ? 'updated' : 'created', note: match ? `Matches ${match.name} already on Partner Hub: its legacy_id is recorded, nothing else changes.` : null });
    writes.push({ row: s, organisationId: organisation.id, matchId: match?.id ?? null });
  }
  return {
    rejected,
    accepted,
    apply: async (db) => {
      const audits: AuditEntry[] = [];
      for (const { row, organisationId, matchId } of writes) {
        if (matchId) {
          await repo.setSiteLegacyId(db, matchId, row.legacyId);
          audits.push({ action: 'site.legacy_id_recorded', entityType: 'site', entityId: matchId, after: { legacyId: row.legacyId } });
        } else {
          const { id } = await repo.insertSite(db, { ...row, organisationId });
          audits.push({ action: 'site.imported', entityType: 'site', entityId: id, after: { ...row, organisationId } });
        }
        await ctx.tick();
      }
      await recordAudits(db, ctx.actor, audits);
    },
  };
}

// ---- Licences --------------------------------------------------------------------------------

async function checkLicences(trx: DB, rows: ReadRow<LicenceRow>[], ctx: Context): Promise<Plan> {
  const { first, rejected } = duplicates(rows, (v) => v.number, 'licence number');
  const sites = lowerMap(await repo.sitesByLegacyIds(trx, first.map((r) => r.value!.siteLegacyId)), 'legacy_id');
  const byNumber = new Map((await repo.licencesByNumbers(trx, first.map((r) => r.value!.number))).map((l) => [l.number.toUpperCase(), l]));
  const held = await repo.licencesOfSites(trx, [...sites.values()].map((s) => s.id));
  const bySiteType = new Map(held.map((l) => [`${l.site_id}/${l.licence_type}`, l]));
  const inFile = new Map<string, number>();
  const accepted: Accepted[] = [];
  const writes: { row: LicenceRow; siteId: string; organisationId: string }[] = [];
  for (const { line, key, value } of first) {
    await ctx.tick();
    const l = value!;
    const site = sites.get(l.siteLegacyId.toLowerCase());
    if (!site) {
      rejected.push({ line, key, reason: `No site on Partner Hub has the legacy id "${l.siteLegacyId}": import the sites file first, or correct site_legacy_id.` });
      continue;
    }
    const same = byNumber.get(l.number);
    if (same) {
      if (same.site_id === site.id && same.licence_type === l.licenceType) accepted.push({ line, key, outcome: 'unchanged', note: null });
      else rejected.push({ line, key, reason: `Licence ${l.number} is already on Partner Hub for another site or licence type.` });
      continue;
    }
    const problems: string[] = [];
    const other = bySiteType.get(`${site.id}/${l.licenceType}`);
    if (other) problems.push(`the site ${site.name} already holds a ${l.licenceType} licence (${other.number}): one licence per site and type`);
    const twin = inFile.get(`${site.id}/${l.licenceType}`);
    if (twin !== undefined) problems.push(`line ${twin} is a ${l.licenceType} licence for the same site: one licence per site and type`);
    if (l.licenceType === 'satellite' && !site.satellite) problems.push(`a Satellite licence is for satellite premises, and ${site.name} is not marked satellite in the sites file`);
    if (problems.length) {
      rejected.push({ line, key, reason: reasonOf(problems) });
      continue;
    }
    inFile.set(`${site.id}/${l.licenceType}`, line);
    accepted.push({ line, key, outcome: 'created', note: l.status !== 'lapsed' && l.endsOn < ctx.today ? `Its period ended on ${l.endsOn}; the renewal run will move it on from its status.` : null });
    writes.push({ row: l, siteId: site.id, organisationId: site.organisation_id });
  }
  return {
    rejected,
    accepted,
    apply: async (db) => {
      const audits: AuditEntry[] = [];
      for (const { row, siteId, organisationId } of writes) {
        const { id } = await repo.insertImportedLicence(db, { ...row, siteId, organisationId });
        audits.push({ action: 'licence.imported', entityType: 'licence', entityId: id, after: { ...row, siteId, organisationId, source: 'import' } });
        await ctx.tick();
      }
      if (writes.length) await repo.raiseLicenceSequence(db, Math.max(...writes.map((w) => w.row.sequence)));
      await recordAudits(db, ctx.actor, audits);
      // A licence lets meetings at its site be listed.
      if (writes.length) await refreshListings({ db, now: ctx.deps.now, config: ctx.deps.config }, { siteIds: [...new Set(writes.map((w) => w.siteId))] }, { actor: ctx.actor });
    },
  };
}

// ---- Facilitators ----------------------------------------------------------------------------

async function checkFacilitators(trx: DB, rows: ReadRow<FacilitatorRow>[], ctx: Context): Promise<Plan> {
  const { first, rejected } = duplicates(rows, (v) => `${v.email}/${v.organisationLegacyId ?? ''}`, 'email and organisation');
  const people = lowerMap(await repo.facilitatorsByEmails(trx, first.map((r) => r.value!.email)), 'email');
  const organisations = lowerMap(await repo.organisationsByLegacyIds(trx, first.flatMap((r) => (r.value!.organisationLegacyId ? [r.value!.organisationLegacyId] : []))), 'legacy_id');
  const sites = lowerMap(await repo.sitesByLegacyIds(trx, first.flatMap((r) => r.value!.siteLegacyIds)), 'legacy_id');
  const links = await repo.facilitatorLinks(trx, [...people.values()].map((p) => p.id));
  const has = new Set([
    ...links.organisations.map((l) => `${l.facilitator_id}/org/${l.organisation_id}`),
    ...links.sites.map((l) => `${l.facilitator_id}/site/${l.site_id}`),
    ...links.qualifications.map((l) => `${l.facilitator_id}/qual/${l.code}`),
  ]);
  const accepted: Accepted[] = [];
  const newPeople = new Map<string, number>();
  const writes: { row: FacilitatorRow; personId: string | null; create: boolean; organisationId: string | null; siteIds: string[]; qualifications: FacilitatorRow['qualifications'] }[] = [];
  for (const { line, key, value } of first) {
    await ctx.tick();
    const f = value!;
    const problems: string[] = [];
    const organisation = f.organisationLegacyId ? organisations.get(f.organisationLegacyId.toLowerCase()) : null;
    if (f.organisationLegacyId && !organisation) problems.push(`no organisation on Partner Hub has the legacy id "${f.organisationLegacyId}": import the organisations file first, or correct organisation_legacy_id`);
    const siteIds: string[] = [];
    for (const legacyId of f.siteLegacyIds) {
      const site = sites.get(legacyId.toLowerCase());
      if (!site) problems.push(`no site on Partner Hub has the legacy id "${legacyId}": import the sites file first, or correct site_legacy_ids`);
      else if (organisation && site.organisation_id !== organisation.id) problems.push(`the site "${legacyId}" is not a site of the organisation "${f.organisationLegacyId}"`);
      else siteIds.push(site.id);
    }
    if (problems.length) {
      rejected.push({ line, key, reason: reasonOf(problems) });
      continue;
    }
    const person = people.get(f.email);
    const id = person?.id ?? `new:${f.email}`;
    const create = !person && !newPeople.has(f.email);
    if (create) newPeople.set(f.email, line);
    const want = (k: string) => !has.has(`${id}/${k}`) && (has.add(`${id}/${k}`), true);
    const organisationId = organisation && want(`org/${organisation.id}`) ? organisation.id : null;
    const newSites = siteIds.filter((s) => want(`site/${s}`));
    const qualifications = f.qualifications.filter((q) => want(`qual/${q.code}`));
    const changes = Boolean(organisationId) || newSites.length > 0 || qualifications.length > 0;
    const notes: string[] = [];
    if (person && person.name !== f.name) notes.push(`Already on Partner Hub as ${person.name}; the name in the file is not applied.`);
    if (!create && !person) notes.push(`Added to the person created on line ${newPeople.get(f.email)}.`);
    if (f.qualifications.length > qualifications.length) notes.push('A qualification already recorded is kept as it is.');
    accepted.push({ line, key, outcome: create ? 'created' : changes ? 'updated' : 'unchanged', note: notes.join(' ') || null });
    if (create || changes) writes.push({ row: f, personId: person?.id ?? null, create, organisationId, siteIds: newSites, qualifications });
  }
  return {
    rejected,
    accepted,
    apply: async (db) => {
      const created = new Map<string, string>();
      const audits: AuditEntry[] = [];
      const changedPeople = new Set<string>();
      for (const w of writes) {
        let id = w.personId ?? created.get(w.row.email) ?? null;
        if (w.create || !id) {
          id = (await repo.insertFacilitator(db, { name: w.row.name, email: w.row.email, phone: w.row.phone, isVeteran: w.row.isVeteran, uksrVolunteerStatus: w.row.uksrVolunteerStatus })).id;
          created.set(w.row.email, id);
        } else changedPeople.add(id);
        if (w.organisationId) await repo.linkFacilitatorOrganisation(db, id, w.organisationId, w.row.capacity ?? 'volunteer');
        for (const siteId of w.siteIds) await repo.linkFacilitatorSite(db, id, siteId, ctx.user.id);
        for (const q of w.qualifications) await repo.addQualification(db, id, q.code, q.achievedOn, ctx.user.id);
        audits.push({
          action: w.create ? 'facilitator.imported' : 'facilitator.import_linked', entityType: 'facilitator', entityId: id,
          after: { email: w.row.email, name: w.row.name, organisationId: w.organisationId, capacity: w.row.capacity, siteIds: w.siteIds, qualifications: w.qualifications },
        });
        await ctx.tick();
      }
      await recordAudits(db, ctx.actor, audits);
      // New qualifications and sites may let people's meetings be listed.
      if (changedPeople.size) await refreshListings({ db, now: ctx.deps.now, config: ctx.deps.config }, { facilitatorIds: [...changedPeople] }, { actor: ctx.actor });
    },
  };
}

// ---- Meetings --------------------------------------------------------------------------------

/** Stands in for a reference the file names but Partner Hub does not have, so the form's other checks still run. */
const MISSING = '00000000-0000-4000-8000-000000000000';
/** Rules an imported meeting may break and still come in: the listing rule keeps it off the public pages until they are put right (decision 138). */
const LISTING_ONLY = new Set(['facilitator_not_eligible', 'facilitator_not_uksr_volunteer']);

async function checkMeetings(trx: DB, rows: ReadRow<MeetingRow>[], ctx: Context): Promise<Plan> {
  const { first, rejected } = duplicates(rows, (v) => v.legacyRef, 'legacy_ref');
  const existing = lowerMap(await repo.meetingsByLegacyRefs(trx, first.map((r) => r.value!.legacyRef)), 'legacy_ref');
  const sites = lowerMap(await repo.sitesByLegacyIds(trx, first.flatMap((r) => (r.value!.siteLegacyId ? [r.value!.siteLegacyId] : []))), 'legacy_id');
  const people = lowerMap(await repo.facilitatorsByEmails(trx, first.flatMap((r) => r.value!.facilitatorEmails)), 'email');
  const accepted: Accepted[] = [];
  const writes: { row: MeetingRow; input: NewMeeting; site: (typeof sites extends Map<string, infer S> ? S : never) | null; nation: NationCode; region: string; facilitatorIds: string[] }[] = [];
  for (const { line, key, value } of first) {
    await ctx.tick();
    const m = value!;
    if (existing.has(m.legacyRef.toLowerCase())) {
      accepted.push({ line, key, outcome: 'unchanged', note: null });
      continue;
    }
    const problems: string[] = [];
    const site = m.siteLegacyId ? (sites.get(m.siteLegacyId.toLowerCase()) ?? null) : null;
    if (m.input.provider === 'partner' && !m.siteLegacyId) problems.push("site_legacy_id is blank: a partner's meeting is held at one of its sites");
    else if (m.input.provider === 'partner' && !site) problems.push(`no site on Partner Hub has the legacy id "${m.siteLegacyId}": import the sites file first, or correct site_legacy_id`);
    const facilitatorIds: string[] = [];
    for (const email of m.facilitatorEmails) {
      const person = people.get(email);
      if (!person) problems.push(`no facilitator on Partner Hub has the email ${email}: import the facilitators file first, or correct facilitator_emails`);
      else facilitatorIds.push(person.id);
    }
    const parsed = newMeetingSchema.safeParse({
      ...m.input,
      ...(m.input.provider === 'partner' ? { organisationId: site?.organisation_id ?? MISSING, siteId: site?.id ?? MISSING } : {}),
      facilitatorIds: facilitatorIds.length ? [...new Set(facilitatorIds)] : [MISSING],
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        if (field === 'facilitatorIds' && facilitatorIds.length === 0) continue;
        if (field === 'audiences') problems.push(`audiences: use ${AUDIENCE_CODES.join(', ')}, separated by semicolons`);
        else problems.push(`${MEETING_FIELD_COLUMNS[field] ?? field}: ${issue.message}`);
      }
    }
    if (problems.length || !parsed.success) {
      rejected.push({ line, key, reason: reasonOf(problems) });
      continue;
    }
    const input = parsed.data;
    let nation: NationCode;
    let region: string;
    if (site) {
      nation = site.nation_code as NationCode;
      region = site.region_code;
    } else {
      const n = nationOfPostcode(input.venuePostcode!) ?? input.venueNation;
      const r = n ? regionOfPostcode(input.venuePostcode!, n) : null;
      if (!n || !r) {
        rejected.push({ line, key, reason: reasonOf([`venue_postcode "${input.venuePostcode}" is in an area that crosses a border: say which nation in venue_nation`]) });
        continue;
      }
      nation = n;
      region = r;
    }
    const notes: string[] = [];
    if (m.status === 'running') {
      const details = await registrationRuleDetails(
        trx,
        {
          provider: input.provider, organisationId: site?.organisation_id ?? null, siteId: site?.id ?? null, nation, venuePostcode: input.venuePostcode ?? null,
          venueKind: (input.venueKind ?? null) as VenueType | null, programme: input.programme as ProgrammeCode, access: input.access, listedPublicly: input.listedPublicly,
          startsOn: input.startsOn, facilitatorIds: input.facilitatorIds,
        },
        ctx.today,
      );
      const explain = (d: (typeof details)[number]) => [d.message, ...(d.because ?? []).map((b) => b.message)].join(' ');
      const breaks = details.filter((d) => !LISTING_ONLY.has(d.code));
      if (breaks.length) {
        rejected.push({ line, key, reason: breaks.map(explain).join(' ') });
        continue;
      }
      const warnings = details.filter((d) => LISTING_ONLY.has(d.code));
      if (warnings.length) notes.push(`Not listed publicly until this is put right: ${warnings.map(explain).join(' ')}`);
    }
    accepted.push({ line, key, outcome: 'created', note: notes.join(' ') || null });
    writes.push({ row: m, input, site, nation, region, facilitatorIds: [...new Set(input.facilitatorIds)] });
  }
  return {
    rejected,
    accepted,
    apply: async (db) => {
      const audits: AuditEntry[] = [];
      const ids: string[] = [];
      const where = new Map<string, { latitude: number; longitude: number } | null>();
      for (const w of writes) {
        const postcode = w.site?.postcode ?? (w.input.venuePostcode ? formatPostcode(w.input.venuePostcode) : null);
        if (postcode && !where.has(postcode)) where.set(postcode, await geocodePostcode({ db, config: ctx.deps.config }, postcode));
        const pin = postcode ? where.get(postcode) : null;
        const town = postcode ? await repo.postcodeTown(db, postcode) : null;
        const newSlug = () => meetingSlug({ programme: w.input.programme as ProgrammeCode, day: w.input.day, town, postcode, suffix: slugSuffix(randomBytes(4)) });
        let slug = newSlug();
        while (await repo.slugTaken(db, slug)) slug = newSlug();
        const uksr = w.input.provider === 'uksr';
        const online = w.input.attendance !== 'in_person';
        const { id } = await repo.insertImportedMeeting(db, {
          legacyRef: w.row.legacyRef, slug, name: w.input.name, programme: w.input.programme, provider: w.input.provider, organisationId: w.site?.organisation_id ?? null,
          siteId: w.site?.id ?? null, venueName: uksr ? w.input.venueName! : null, venueAddress: uksr ? (w.input.venueAddress || null) : null, venuePostcode: uksr ? postcode : null,
          nation: w.nation, region: w.region, attendance: w.input.attendance, onlineUrl: online ? (w.input.onlineUrl ?? null) : null, onlinePhone: online ? (w.input.onlinePhone ?? null) : null,
          onlineNotes: online ? (w.input.onlineNotes || null) : null, frequency: w.input.frequency, day: w.input.day, weekOfMonth: w.input.frequency === 'monthly' ? (w.input.weekOfMonth ?? null) : null,
          startTime: w.input.startTime, endTime: w.input.endTime, startsOn: w.input.startsOn, endsOn: w.input.endsOn ?? null, access: w.input.access, audiences: [...new Set(w.input.audiences)],
          listedPublicly: w.input.listedPublicly, status: w.row.status, description: w.input.description || null, latitude: pin?.latitude ?? null, longitude: pin?.longitude ?? null,
          registeredBy: ctx.user.id,
        });
        await repo.addMeetingFacilitators(db, id, w.facilitatorIds);
        ids.push(id);
        audits.push({ action: 'meeting.imported', entityType: 'meeting', entityId: id, after: { legacyRef: w.row.legacyRef, slug, ...w.input, status: w.row.status } });
        await ctx.tick();
      }
      await recordAudits(db, ctx.actor, audits);
      // Whether each meeting shows on the public finder is the listing rule's answer (decision 075).
      if (ids.length) await refreshListings({ db, now: ctx.deps.now, config: ctx.deps.config }, { meetingIds: ids }, { actor: ctx.actor });
    },
  };
}
