import type { Kysely, Transaction } from 'kysely';
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

export function listOpenTasks(db: DB, filter: { inbox?: string; limit: number; offset: number }) {
  let query = db.selectFrom('tasks').where('status', '=', 'open');
  if (filter.inbox) query = query.where('inbox_code', '=', filter.inbox);
  return query.selectAll().orderBy('created_at').orderBy('id').limit(filter.limit).offset(filter.offset).execute();
}
