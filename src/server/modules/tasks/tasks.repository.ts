import { type Kysely, sql, type Transaction } from 'kysely';
import { pageFromEitherEnd } from '../../db/paging.js';
import type { Database } from '../../db/schema.js';
import type { DB } from '../../db/database.js';
import type { TeamInboxCode } from '../../../domain/reference.js';

export interface NewTask {
  /** What kind of work: 'start_up_form.review', 'quote.price_on_request', ... */
  kind: string;
  title: string;
  subjectType: string;
  subjectId: string;
  /** The Central Office inbox whose queue it joins. */
  inbox: TeamInboxCode;
  assignedUserId?: string | null;
}

/** Raises a task in Central Office's queue; call it in the transaction of the change that needs it. */
export async function createTask(db: Kysely<Database> | Transaction<Database>, task: NewTask): Promise<string> {
  const row = await db
    .insertInto('tasks')
    .values({
      kind: task.kind,
      title: task.title,
      subject_type: task.subjectType,
      subject_id: task.subjectId,
      inbox_code: task.inbox,
      assigned_user_id: task.assignedUserId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Closes the open tasks of a kind for a subject (for example when a form is accepted). */
export async function closeTasks(
  db: Kysely<Database> | Transaction<Database>,
  subject: { subjectType: string; subjectId: string; kind?: string },
  closedBy: string | null,
  at: Date,
): Promise<void> {
  let query = db
    .updateTable('tasks')
    .set({ status: 'done', closed_at: at, closed_by: closedBy })
    .where('subject_type', '=', subject.subjectType)
    .where('subject_id', '=', subject.subjectId)
    .where('status', '=', 'open');
  if (subject.kind) query = query.where('kind', '=', subject.kind);
  await query.execute();
}

/** Whose tasks a list holds: every task (Central Office), or those assigned to one person (a Coordinator). */
export interface TaskScope {
  assignedUserId?: string;
}

function scoped(db: DB, scope: TaskScope) {
  let query = db.selectFrom('tasks as t');
  if (scope.assignedUserId) query = query.where('t.assigned_user_id', '=', scope.assignedUserId);
  return query;
}

/**
 * A page of tasks (decision 179): open ones oldest first (the longest waiting is the most overdue),
 * done ones most recently closed first. A page in the far half is read from the other end (decision 152).
 */
export async function listTasks(db: DB, scope: TaskScope, filter: { inbox?: string | undefined; status: 'open' | 'done'; limit: number; offset: number }) {
  const base = () => {
    let query = scoped(db, scope).where('t.status', '=', filter.status);
    if (filter.inbox) query = query.where('t.inbox_code', '=', filter.inbox);
    return query;
  };
  const counted = await base().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(counted.n);
  const page = pageFromEitherEnd(total, filter);
  const forwards = filter.status === 'open' ? 'asc' : 'desc';
  const direction = page.fromEnd ? (forwards === 'asc' ? 'desc' : 'asc') : forwards;
  const rows = await base()
    .leftJoin('quotes as q', (join) => join.on('t.subject_type', '=', 'quote').on(sql`q.id::text`, '=', sql.ref('t.subject_id')))
    .select([
      't.id', 't.kind', 't.title', 't.subject_type', 't.subject_id', 't.inbox_code', 't.assigned_user_id', 't.status', 't.created_at', 't.closed_at',
      'q.reference as quote_reference',
    ])
    .orderBy(filter.status === 'open' ? 't.created_at' : 't.closed_at', direction)
    .orderBy('t.id', direction)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows: page.fromEnd ? rows.reverse() : rows, total };
}

/** Open tasks in each inbox, within the scope. */
export async function openTasksByInbox(db: DB, scope: TaskScope): Promise<Map<string, number>> {
  const rows = await scoped(db, scope)
    .where('t.status', '=', 'open')
    .select(['t.inbox_code', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('t.inbox_code')
    .execute();
  return new Map(rows.map((r) => [r.inbox_code ?? '', Number(r.n)]));
}

export function findTask(db: DB, id: string, options: { lock?: boolean } = {}) {
  let query = db.selectFrom('tasks').selectAll().where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Marks a task done (who and when) or reopens it (closing details cleared). */
export async function setTaskStatus(db: DB, id: string, status: 'open' | 'done', by: string | null, at: Date): Promise<void> {
  await db
    .updateTable('tasks')
    .set(status === 'done' ? { status, closed_at: at, closed_by: by } : { status, closed_at: null, closed_by: null })
    .where('id', '=', id)
    .execute();
}
