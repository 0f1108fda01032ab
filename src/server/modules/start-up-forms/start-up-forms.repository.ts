import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { StartUpFormStatus } from '../../../shared/schemas/start-up-form.js';

type Db = Kysely<Database> | Transaction<Database>;

const FORM_COLUMNS = [
  'id',
  'reference',
  'status',
  'answers',
  'submitted_answers',
  'lines',
  'total_pence',
  'fee_schedule_id',
  'changes_requested_message',
  'changes_requested_at',
  'created_at',
  'updated_at',
  'submitted_at',
  'accepted_at',
  'accepted_by',
  'version',
] as const;

export async function insertDraft(db: Db, draftKeyHash: string, at: Date): Promise<string> {
  const row = await db
    .insertInto('start_up_forms')
    .values({ draft_key_hash: draftKeyHash, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findByKeyHash(db: Db, draftKeyHash: string) {
  return db.selectFrom('start_up_forms').select(FORM_COLUMNS).where('draft_key_hash', '=', draftKeyHash).executeTakeFirst();
}

export function findById(db: Db, id: string) {
  return db.selectFrom('start_up_forms').select(FORM_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** The form, locked until the transaction ends, so two submissions or reviews cannot interleave. */
export function lockById(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('start_up_forms').select(FORM_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Saves what was typed; only while the applicant may still change the form. */
export async function saveAnswers(db: Db, id: string, answers: unknown, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('start_up_forms')
    .set({ answers: JSON.stringify(answers), updated_at: at, version: sql`version + 1` })
    .where('id', '=', id)
    .where('status', 'in', ['draft', 'changes_requested'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function nextReferenceNumber(trx: Transaction<Database>): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT nextval('start_up_form_reference_seq') AS n`.execute(trx);
  return Number(rows[0]!.n);
}

export interface Submission {
  reference: string;
  answers: unknown;
  lines: unknown;
  totalPence: number;
  feeScheduleId: string;
  at: Date;
}

export async function markSubmitted(trx: Transaction<Database>, id: string, s: Submission): Promise<number> {
  const row = await trx
    .updateTable('start_up_forms')
    .set({
      status: 'submitted',
      reference: s.reference,
      answers: JSON.stringify(s.answers),
      submitted_answers: JSON.stringify(s.answers),
      lines: JSON.stringify(s.lines),
      total_pence: s.totalPence,
      fee_schedule_id: s.feeScheduleId,
      submitted_at: s.at,
      updated_at: s.at,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export async function markChangesRequested(trx: Transaction<Database>, id: string, change: { message: string; draftKeyHash: string; at: Date }): Promise<number> {
  const row = await trx
    .updateTable('start_up_forms')
    .set({
      status: 'changes_requested',
      changes_requested_message: change.message,
      changes_requested_at: change.at,
      draft_key_hash: change.draftKeyHash,
      updated_at: change.at,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export async function updateLines(trx: Transaction<Database>, id: string, lines: unknown, totalPence: number, at: Date): Promise<number> {
  const row = await trx
    .updateTable('start_up_forms')
    .set({ lines: JSON.stringify(lines), total_pence: totalPence, updated_at: at, version: sql`version + 1` })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export async function markAccepted(trx: Transaction<Database>, id: string, by: string, at: Date): Promise<number> {
  const row = await trx
    .updateTable('start_up_forms')
    .set({ status: 'accepted', accepted_at: at, accepted_by: by, updated_at: at, version: sql`version + 1` })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

const organisationName = sql<string>`submitted_answers->'organisation'->>'name'`;

/** Submitted forms (never drafts) for Central Office's queue, oldest submission first. */
export async function listSubmitted(db: DB, filter: { status?: StartUpFormStatus; limit: number; offset: number }) {
  let query = db.selectFrom('start_up_forms').where('status', '<>', 'draft');
  if (filter.status) query = query.where('status', '=', filter.status);
  const [rows, count] = await Promise.all([
    query
      .select(['id', 'reference', 'status', 'lines', 'total_pence', 'submitted_at', organisationName.as('organisation_name')])
      .orderBy('submitted_at')
      .orderBy('id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Accepted forms, oldest acceptance first: what invoicing picks up. */
export function listAccepted(db: DB, since?: Date, id?: string) {
  let query = db.selectFrom('start_up_forms').select(FORM_COLUMNS).where('status', '=', 'accepted');
  if (since) query = query.where('accepted_at', '>', since);
  if (id) query = query.where('id', '=', id);
  return query.orderBy('accepted_at').orderBy('id').execute();
}

export function userLabel(db: DB, id: string) {
  return db.selectFrom('users').select(['email', 'name']).where('id', '=', id).executeTakeFirst();
}
