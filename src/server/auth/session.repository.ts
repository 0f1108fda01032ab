import { sql } from 'kysely';
import type { DB } from '../db/database.js';
import type { CurrentSession, CurrentUser } from './current-user.js';

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;

export async function insertSession(
  db: DB,
  s: { idHash: string; userId: string; csrfToken: string; twoFactorPending: boolean; now: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      two_factor_pending: s.twoFactorPending,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: new Date(s.now.getTime() + ABSOLUTE_TIMEOUT_MS),
    })
    .execute();
}

/** The live session and its user, or null when it is unknown, expired, idle too long or the account is not active. */
export async function findLiveSession(
  db: DB,
  idHash: string,
  now: Date,
): Promise<{ session: CurrentSession & { lastSeenAt: Date }; user: CurrentUser } | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id_hash', 's.csrf_token', 's.two_factor_pending', 's.last_seen_at', 's.expires_at',
      'u.id', 'u.email', 'u.name', 'u.role', 'u.organisation_id', 'u.status',
    ])
    .select((eb) => [
      eb
        .selectFrom('user_scopes as us')
        .innerJoin('coordinator_posts as p', 'p.code', 'us.post_code')
        .whereRef('us.user_id', '=', 'u.id')
        .select(sql<string[]>`coalesce(array_agg(DISTINCT p.region_code) FILTER (WHERE p.region_code IS NOT NULL), '{}')`.as('r'))
        .as('regions'),
      eb
        .selectFrom('user_scopes as us')
        .innerJoin('coordinator_posts as p', 'p.code', 'us.post_code')
        .whereRef('us.user_id', '=', 'u.id')
        .select(sql<string[]>`coalesce(array_agg(DISTINCT p.programme_code) FILTER (WHERE p.programme_code IS NOT NULL), '{}')`.as('p'))
        .as('programmes'),
    ])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row || row.status !== 'active') return null;
  const lastSeen = new Date(row.last_seen_at);
  if (new Date(row.expires_at) <= now || lastSeen.getTime() + IDLE_TIMEOUT_MS <= now.getTime()) {
    await deleteSession(db, idHash);
    return null;
  }
  return {
    session: { idHash: row.id_hash, csrfToken: row.csrf_token, twoFactorPending: row.two_factor_pending, lastSeenAt: lastSeen },
    user: {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      organisationId: row.organisation_id,
      regions: row.regions ?? [],
      programmes: row.programmes ?? [],
    },
  };
}

export async function touchSession(db: DB, idHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: DB, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of a person: sign-out everywhere, a password reset, a suspension. */
export async function deleteSessionsOfUser(db: DB, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
