import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Trx = Transaction<Database>;
export type UserStatus = 'invited' | 'active' | 'suspended';

/** The account, locked for the change, so two changes of status cannot interleave. */
export async function findUserForUpdate(trx: Trx, id: string) {
  const row = await trx
    .selectFrom('users')
    .select(['id', 'email', 'role', 'status', 'password_hash'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return undefined;
  const { password_hash, ...user } = row;
  return { ...user, hasPassword: password_hash !== null };
}

export async function setStatus(trx: Trx, id: string, status: UserStatus) {
  return trx.updateTable('users').set({ status }).where('id', '=', id).returning(['id', 'email', 'role', 'status']).executeTakeFirstOrThrow();
}

/** Spends every outstanding invitation and password-reset link of the account. */
export async function spendOneTimeTokens(trx: Trx, userId: string, now: Date): Promise<number> {
  const result = await trx.updateTable('one_time_tokens').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function countSessions(trx: Trx, userId: string): Promise<number> {
  const row = await trx.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
  return Number(row.n);
}
