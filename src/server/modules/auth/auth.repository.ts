import { sql } from 'kysely';
import type { DB } from '../../db/database.js';

export function findUserByEmail(db: DB, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export function findUserById(db: DB, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Failed sign-ins since a time, for one email and for one address. */
export async function countRecentFailures(db: DB, email: string, ip: string, since: Date) {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => [
      eb.fn.count<number>('id').filterWhere('email', '=', email).as('by_email'),
      eb.fn.count<number>('id').filterWhere('ip', '=', ip).as('by_ip'),
    ])
    .where('succeeded', '=', false)
    .where('at', '>=', since)
    .where((eb) => eb.or([eb('email', '=', email), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow();
  return { byEmail: Number(row.by_email), byIp: Number(row.by_ip) };
}

export async function recordLoginAttempt(db: DB, attempt: { email: string; ip: string; succeeded: boolean; at: Date }) {
  await db.insertInto('login_attempts').values(attempt).execute();
}

export async function insertOneTimeToken(
  db: DB,
  token: { tokenHash: string; purpose: 'password_reset' | 'invitation'; userId: string; expiresAt: Date },
) {
  await db
    .insertInto('one_time_tokens')
    .values({ token_hash: token.tokenHash, purpose: token.purpose, user_id: token.userId, expires_at: token.expiresAt })
    .execute();
}

/** A token that exists, has the purpose, is unused and unexpired, with its user. */
export function findUsableToken(db: DB, tokenHash: string, purpose: 'password_reset' | 'invitation', now: Date) {
  return db
    .selectFrom('one_time_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.token_hash', 'u.id as user_id', 'u.email', 'u.name', 'u.role', 'u.status', 'u.totp_secret'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.purpose', '=', purpose)
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', now)
    .executeTakeFirst();
}

/** Uses a token once: only the first caller gets true. */
export async function useToken(db: DB, tokenHash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('one_time_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setPassword(db: DB, userId: string, passwordHash: string, activate: boolean) {
  await db
    .updateTable('users')
    .set(activate ? { password_hash: passwordHash, status: 'active' } : { password_hash: passwordHash })
    .where('id', '=', userId)
    .execute();
}

/**
 * Records a TOTP time step as used, only if it is later than the last one accepted for the person.
 * One conditional UPDATE, so of two requests with the same code only the first gets true.
 */
export async function claimTotpStep(db: DB, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
