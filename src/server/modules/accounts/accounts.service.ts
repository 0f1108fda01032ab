import type { AppDeps } from '../../deps.js';
import { recordAudit, type Actor } from '../../audit/audit.js';
import { deleteSessionsOfUser } from '../../auth/session.repository.js';
import { AppError, notFound } from '../../errors.js';
import type { AccountStatus } from '../../../shared/schemas/accounts.js';
import * as repo from './accounts.repository.js';

/**
 * Suspends an account: in one transaction the status changes, every session of the person ends
 * and their outstanding invitation or password-reset links are spent, so nothing they hold still
 * works. Suspending a suspended account changes nothing.
 */
export async function suspendAccount(deps: AppDeps, actor: Actor, id: string): Promise<AccountStatus> {
  if (actor.userId === id) throw new AppError('rule_broken', 'You cannot suspend your own account. Ask another member of Central Office.');
  return deps.db.transaction().execute(async (trx) => {
    const user = await repo.findUserForUpdate(trx, id);
    if (!user) throw notFound('account');
    if (user.status === 'suspended') return statusOf(user);
    const sessionsEnded = await repo.countSessions(trx, id);
    await deleteSessionsOfUser(trx, id);
    const linksSpent = await repo.spendOneTimeTokens(trx, id, deps.now());
    const after = await repo.setStatus(trx, id, 'suspended');
    await recordAudit(trx, actor, {
      action: 'user.suspended', entityType: 'user', entityId: id,
      before: { status: user.status }, after: { status: after.status, sessionsEnded, linksSpent },
    });
    return after;
  });
}

/**
 * Reactivates a suspended account. A person who never finished their invitation goes back to
 * "invited" (they have no password yet; Central Office sends a new invitation).
 */
export async function reactivateAccount(deps: AppDeps, actor: Actor, id: string): Promise<AccountStatus> {
  return deps.db.transaction().execute(async (trx) => {
    const user = await repo.findUserForUpdate(trx, id);
    if (!user) throw notFound('account');
    if (user.status !== 'suspended') return statusOf(user);
    const after = await repo.setStatus(trx, id, user.hasPassword ? 'active' : 'invited');
    await recordAudit(trx, actor, { action: 'user.reactivated', entityType: 'user', entityId: id, before: { status: user.status }, after: { status: after.status } });
    return after;
  });
}

function statusOf(user: AccountStatus): AccountStatus {
  return { id: user.id, email: user.email, role: user.role, status: user.status };
}
