import type { DB } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { recordAudit, type Actor } from '../../audit/audit.js';
import { queueMail } from '../../mail/outbox.js';
import { hashPassword, verifyPassword } from '../../auth/password.js';
import { matchTotpStep, newTotpSecret } from '../../auth/totp.js';
import { hashToken, newToken } from '../../auth/tokens.js';
import { deleteSession, deleteSessionsOfUser, insertSession } from '../../auth/session.repository.js';
import { ROLES_NEEDING_TWO_FACTOR } from '../../../shared/roles.js';
import { AppError } from '../../errors.js';
import type { InvitationRequest } from '../../../shared/schemas/auth.js';
import * as repo from './auth.repository.js';

/** Sign-in throttling: failures counted over this window. */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
const RESET_LINK_TTL_MS = 60 * 60 * 1000;
const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export type SignInResult =
  | { kind: 'throttled' }
  | { kind: 'failed' }
  | { kind: 'signed-in'; token: string; csrfToken: string; twoFactorPending: boolean };

/** Checks email and password. Throttled per account and per address; answers never reveal whether the email is registered. */
export async function signIn(deps: AppDeps, input: { email: string; password: string; ip: string }): Promise<SignInResult> {
  const { db, now } = deps;
  const email = input.email.toLowerCase();
  const failures = await repo.countRecentFailures(db, email, input.ip, new Date(now().getTime() - THROTTLE_WINDOW_MS));
  if (failures.byEmail >= MAX_FAILURES_PER_ACCOUNT || failures.byIp >= MAX_FAILURES_PER_ADDRESS) {
    return { kind: 'throttled' };
  }
  const user = await repo.findUserByEmail(db, email);
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !ok || user.status !== 'active') {
    await repo.recordLoginAttempt(db, { email, ip: input.ip, succeeded: false, at: now() });
    return { kind: 'failed' };
  }
  await repo.recordLoginAttempt(db, { email, ip: input.ip, succeeded: true, at: now() });
  const twoFactorPending = ROLES_NEEDING_TWO_FACTOR.includes(user.role);
  const session = await startSession(db, user.id, twoFactorPending, now());
  if (!twoFactorPending) await recordAudit(db, actorFor(user, input.ip), { action: 'user.signed_in', entityType: 'user', entityId: user.id });
  return { kind: 'signed-in', ...session, twoFactorPending };
}

async function startSession(db: DB, userId: string, twoFactorPending: boolean, now: Date) {
  const token = newToken();
  const csrfToken = newToken();
  await insertSession(db, { idHash: hashToken(token), userId, csrfToken, twoFactorPending, now });
  return { token, csrfToken };
}

/**
 * Completes a two-factor sign-in. The pending session is replaced by a new one, so the session
 * id changes once the person is fully signed in.
 */
export async function completeTwoFactor(
  deps: AppDeps,
  input: { pendingSessionHash: string; userId: string; code: string; ip: string },
): Promise<SignInResult> {
  const { db, now } = deps;
  const user = await repo.findUserById(db, input.userId);
  if (!user) return { kind: 'failed' };
  const failures = await repo.countRecentFailures(db, user.email, input.ip, new Date(now().getTime() - THROTTLE_WINDOW_MS));
  if (failures.byEmail >= MAX_FAILURES_PER_ACCOUNT || failures.byIp >= MAX_FAILURES_PER_ADDRESS) return { kind: 'throttled' };
  const step = user.totp_secret ? matchTotpStep(user.totp_secret, input.code, now()) : null;
  // A code is good once: the step is claimed atomically, so the same code (or an older one) sent
  // again, even at the same moment from another session, is refused as a wrong code (decision 100).
  if (step === null || !(await repo.claimTotpStep(db, user.id, step))) {
    await repo.recordLoginAttempt(db, { email: user.email, ip: input.ip, succeeded: false, at: now() });
    return { kind: 'failed' };
  }
  await deleteSession(db, input.pendingSessionHash);
  const session = await startSession(db, user.id, false, now());
  await recordAudit(db, actorFor(user, input.ip), { action: 'user.signed_in', entityType: 'user', entityId: user.id });
  return { kind: 'signed-in', ...session, twoFactorPending: false };
}

export async function signOut(deps: AppDeps, sessionHash: string): Promise<void> {
  await deleteSession(deps.db, sessionHash);
}

/** Emails a one-time reset link when the account exists; the caller answers the same either way. */
export async function requestPasswordReset(deps: AppDeps, email: string): Promise<void> {
  const { db, now, config } = deps;
  const user = await repo.findUserByEmail(db, email);
  if (!user || user.status === 'suspended') return;
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('one_time_tokens')
      .values({ token_hash: hashToken(token), purpose: 'password_reset', user_id: user.id, expires_at: new Date(now().getTime() + RESET_LINK_TTL_MS) })
      .execute();
    await queueMail(trx, {
      to: user.email,
      kind: 'password_reset',
      subject: 'Reset your Partner Hub password',
      text: [
        `Hello ${user.name},`,
        '',
        'Someone asked to reset the password for your Partner Hub account. If it was you, choose a new password here within the next hour:',
        '',
        `${config.publicUrl}/password-reset/${token}`,
        '',
        'If it was not you, you can ignore this email: your password has not changed.',
        '',
        'UK SMART Recovery',
      ].join('\n'),
    });
  });
}

export async function findResetToken(deps: AppDeps, token: string) {
  return repo.findUsableToken(deps.db, hashToken(token), 'password_reset', deps.now());
}

/**
 * Sets a new password from a reset link and ends every session. It never signs the person in, so
 * staff still meet their second factor at the next sign-in.
 */
export async function resetPassword(deps: AppDeps, token: string, password: string, ip: string): Promise<boolean> {
  const { db, now } = deps;
  const found = await repo.findUsableToken(db, hashToken(token), 'password_reset', now());
  if (!found) return false;
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    if (!(await repo.useToken(trx, hashToken(token), now()))) return false;
    await repo.setPassword(trx, found.user_id, passwordHash, false);
    await deleteSessionsOfUser(trx, found.user_id);
    await recordAudit(trx, { userId: found.user_id, label: found.email, ip }, {
      action: 'user.password_reset', entityType: 'user', entityId: found.user_id, after: { password: 'changed' },
    });
    return true;
  });
}

/** Invites a person by email. Staff who need two-factor sign-in get their secret when they accept. */
export async function invite(deps: AppDeps, actor: Actor, input: InvitationRequest): Promise<{ id: string }> {
  const { db } = deps;
  if ((input.role === 'smart_lead' || input.role === 'facilitator') && !input.organisationId) {
    throw new AppError('validation_failed', 'A SMART Lead or facilitator belongs to an organisation.', [
      { field: 'organisationId', message: 'Choose their organisation' },
    ]);
  }
  if (await repo.findUserByEmail(db, input.email)) {
    throw new AppError('conflict', 'Someone with that email address already has an account.', [
      { field: 'email', message: 'This email address already has an account' },
    ]);
  }
  return db.transaction().execute((trx) => createInvitation(trx, deps, actor, input));
}

/** Creates an invited account with its emailed link, inside the caller's transaction (a first licence invites its SMART Lead). */
export async function createInvitation(trx: DB, deps: AppDeps, actor: Actor, input: InvitationRequest): Promise<{ id: string }> {
  const { now, config } = deps;
  const token = newToken();
  const user = await trx
    .insertInto('users')
    .values({
      email: input.email,
      name: input.name,
      role: input.role,
      organisation_id: input.organisationId ?? null,
      status: 'invited',
      totp_secret: ROLES_NEEDING_TWO_FACTOR.includes(input.role) ? newTotpSecret() : null,
    })
    .returning(['id', 'email', 'name', 'role', 'organisation_id', 'status'])
    .executeTakeFirstOrThrow();
  for (const post of input.posts ?? []) {
    await trx.insertInto('user_scopes').values({ user_id: user.id, post_code: post }).execute();
  }
  await trx
    .insertInto('one_time_tokens')
    .values({ token_hash: hashToken(token), purpose: 'invitation', user_id: user.id, expires_at: new Date(now().getTime() + INVITATION_TTL_MS) })
    .execute();
  await queueMail(trx, {
    to: user.email,
    kind: 'invitation',
    subject: 'You are invited to Partner Hub',
    text: [
      `Hello ${user.name},`,
      '',
      `${actor.label} has invited you to Partner Hub, UK SMART Recovery's system for partner organisations.`,
      'Choose your password here within 14 days:',
      '',
      `${config.publicUrl}/invitations/${token}`,
      '',
      'UK SMART Recovery',
    ].join('\n'),
  });
  await recordAudit(trx, actor, { action: 'user.invited', entityType: 'user', entityId: user.id, after: { ...user, posts: input.posts ?? [] } });
  return { id: user.id };
}

export async function findInvitation(deps: AppDeps, token: string) {
  return repo.findUsableToken(deps.db, hashToken(token), 'invitation', deps.now());
}

export type AcceptResult = { kind: 'accepted' } | { kind: 'invalid' } | { kind: 'bad-code' };

/** Accepts an invitation: sets the password, checks the first two-factor code for staff, activates the account. */
export async function acceptInvitation(
  deps: AppDeps,
  input: { token: string; password: string; code: string | undefined; ip: string },
): Promise<AcceptResult> {
  const { db, now } = deps;
  const found = await repo.findUsableToken(db, hashToken(input.token), 'invitation', now());
  if (!found) return { kind: 'invalid' };
  const step = found.totp_secret ? matchTotpStep(found.totp_secret, input.code ?? '', now()) : null;
  if (found.totp_secret && step === null) return { kind: 'bad-code' };
  const passwordHash = await hashPassword(input.password);
  return db
    .transaction()
    .execute(async (trx) => {
      if (!(await repo.useToken(trx, hashToken(input.token), now()))) return { kind: 'invalid' as const };
      // The code that confirmed the authenticator cannot then be used again to sign in. A code
      // already spent rolls the whole acceptance back, so the link still works with a fresh code.
      if (step !== null && !(await repo.claimTotpStep(trx, found.user_id, step))) throw new CodeAlreadyUsed();
      await repo.setPassword(trx, found.user_id, passwordHash, true);
      await recordAudit(trx, { userId: found.user_id, label: found.email, ip: input.ip }, {
        action: 'user.invitation_accepted', entityType: 'user', entityId: found.user_id,
        before: { status: found.status }, after: { status: 'active' },
      });
      return { kind: 'accepted' as const };
    })
    .catch((error: unknown) => {
      if (error instanceof CodeAlreadyUsed) return { kind: 'bad-code' as const };
      throw error;
    });
}

class CodeAlreadyUsed extends Error {}

function actorFor(user: { id: string; email: string }, ip: string): Actor {
  return { userId: user.id, label: user.email, ip };
}
