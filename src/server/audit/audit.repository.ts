import type { DB } from '../db/database.js';

/** The audit trail, newest first. Read-only: the table refuses UPDATE and DELETE. */
export async function listAuditEvents(db: DB, filter: { limit: number; offset: number; action?: string | undefined; entityId?: string | undefined }) {
  let query = db.selectFrom('audit_events');
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
