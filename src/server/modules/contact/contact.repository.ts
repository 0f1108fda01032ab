import type { DB } from '../../db/database.js';

/** Who holds each Community Coordinator post now: only active accounts count. */
export async function postHolders(db: DB) {
  const rows = await db
    .selectFrom('coordinator_posts as p')
    .leftJoin('users as u', (join) => join.onRef('u.id', '=', 'p.holder_user_id').on('u.status', '=', 'active'))
    .select(['p.code', 'u.id as user_id', 'u.name', 'u.email'])
    .execute();
  return rows.map((r) => ({ postCode: r.code, holder: r.user_id && r.name && r.email ? { userId: r.user_id, name: r.name, email: r.email } : null }));
}

export async function countRecentFromAddress(db: DB, ip: string, since: Date): Promise<number> {
  const row = await db.selectFrom('contact_messages').select((eb) => eb.fn.countAll().as('n')).where('sender_ip', '=', ip).where('created_at', '>=', since).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertMessage(
  db: DB,
  m: { topic: string; name: string; email: string; postcode: string | null; regionCode: string | null; message: string; routedTo: string; routedUserId: string | null; ip: string },
) {
  const row = await db
    .insertInto('contact_messages')
    .values({ topic: m.topic, name: m.name, email: m.email, postcode: m.postcode, region_code: m.regionCode, message: m.message, routed_to: m.routedTo, routed_user_id: m.routedUserId, sender_ip: m.ip })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
