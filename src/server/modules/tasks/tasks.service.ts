import { TEAM_INBOXES } from '../../../domain/reference.js';
import { taskKind } from '../../../domain/tasks.js';
import type { TaskListQuery, TaskListResponse, TaskResponse, TaskStatusRequest } from '../../../shared/schemas/tasks.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import * as repo from './tasks.repository.js';

/** Who is reading: Central Office sees every inbox; a Coordinator sees the tasks assigned to them (decision 179). */
export interface TaskReader {
  userId: string;
  role: string;
}

const scopeOf = (reader: TaskReader): repo.TaskScope => (reader.role === 'central_office' ? {} : { assignedUserId: reader.userId });
const inboxName = new Map<string, string>(TEAM_INBOXES.map((i) => [i.code, i.name]));
const iso = (at: Date | string) => new Date(at).toISOString();

type TaskRow = {
  id: string; kind: string; title: string; subject_id: string; inbox_code: string | null; assigned_user_id: string | null;
  status: 'open' | 'done' | 'cancelled'; created_at: Date | string; closed_at: Date | string | null; quote_reference?: string | null;
};

function present(row: TaskRow, reader: TaskReader): TaskResponse {
  const kind = taskKind(row.kind);
  return {
    id: row.id,
    kind: row.kind,
    kindName: kind.name,
    title: row.title,
    inbox: row.inbox_code ? { code: row.inbox_code, name: inboxName.get(row.inbox_code) ?? row.inbox_code } : null,
    status: row.status,
    raisedAt: iso(row.created_at),
    closedAt: row.closed_at ? iso(row.closed_at) : null,
    link: kind.link({ id: row.subject_id, reference: row.quote_reference ?? null }),
    closedByItsPage: kind.closedByItsPage,
    assignedToMe: row.assigned_user_id === reader.userId,
  };
}

/** The reader's tasks, a page at a time, with the open count of every inbox. */
export async function listTasks(deps: AppDeps, reader: TaskReader, query: TaskListQuery): Promise<TaskListResponse> {
  const scope = scopeOf(reader);
  const [{ rows, total }, open] = await Promise.all([repo.listTasks(deps.db, scope, query), repo.openTasksByInbox(deps.db, scope)]);
  return {
    items: rows.map((r) => present(r, reader)),
    total,
    openByInbox: TEAM_INBOXES.map((i) => ({ code: i.code, name: i.name, open: open.get(i.code) ?? 0 })),
  };
}

/**
 * Marks a task done or reopens it. Idempotent: the state is the whole change, so asking for the
 * state it is already in answers with the task unchanged (no version needed; decision 179). A task
 * its own page closes is refused (409), as is a cancelled one; someone who may not see it gets 404.
 */
export async function setTaskStatus(deps: AppDeps, actor: Actor, reader: TaskReader, id: string, body: TaskStatusRequest): Promise<TaskResponse> {
  const scope = scopeOf(reader);
  await deps.db.transaction().execute(async (trx) => {
    const task = await repo.findTask(trx, id, { lock: true });
    if (!task || (scope.assignedUserId && task.assigned_user_id !== scope.assignedUserId)) throw notFound('task');
    if (task.status === body.status) return;
    const kind = taskKind(task.kind);
    if (kind.closedByItsPage) {
      throw new AppError('conflict', `${kind.name}: this task is closed on its own page when the work is done there, not from the inbox.`);
    }
    if (task.status === 'cancelled') throw new AppError('conflict', 'This task was cancelled: it cannot be marked done or reopened.');
    await repo.setTaskStatus(trx, id, body.status, actor.userId, deps.now());
    await recordAudit(trx, actor, {
      action: body.status === 'done' ? 'task.done' : 'task.reopened',
      entityType: 'task',
      entityId: id,
      before: { status: task.status },
      after: { status: body.status },
    });
  });
  const row = await repo.findTask(deps.db, id);
  if (!row) throw notFound('task');
  return present({ ...row, quote_reference: null }, reader);
}
