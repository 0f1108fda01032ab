import { londonDate, type IsoDate } from '../../../domain/iso-date.js';
import type { ErasureResult, SubjectAccessExport } from '../../../shared/schemas/privacy.js';
import { recordAudit, type Actor } from '../../audit/audit.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { IDLE_TIMEOUT_MS } from '../../auth/session.repository.js';
import * as repo from './privacy.repository.js';

/**
 * Months after which a safeguarding check's details (certificate number, DBS Update Service
 * details) are removed once the check is superseded or the person has left (decision 102).
 */
export const CHECK_DETAILS_RETENTION_MONTHS = 6;

/** Months after which a contact message's sender details and text are removed (decision 158). */
export const CONTACT_MESSAGE_RETENTION_MONTHS = 24;

/** How long the records of signing in, sent mail and unsubmitted Start-Up Forms are kept (decision 181). */
export const SIGN_IN_ATTEMPTS_RETENTION_DAYS = 90;
export const EXPIRED_LINKS_RETENTION_DAYS = 30;
export const MAIL_RETENTION_MONTHS = 12;
export const START_UP_DRAFT_RETENTION_MONTHS = 6;

const DAY_MS = 24 * 60 * 60 * 1000;

const RETENTION_ACTOR: Actor = { userId: null, label: 'Retention job' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The day `months` calendar months before `date` (the last day of a shorter month when needed). */
export function monthsBefore(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10) as IsoDate;
}

/**
 * The retention run (decision 102), from the scheduler. Idempotent: it notes who has left, removes
 * the details of checks past the retention period, and audits what it removed; run again the same
 * day it finds nothing to do and audits nothing. Safe on several instances at once: each check is
 * changed by a conditional UPDATE, and departures are noted with ON CONFLICT DO NOTHING.
 */
export async function runRetention(deps: AppDeps, today: IsoDate = londonDate(deps.now())) {
  const cutOff = monthsBefore(today, CHECK_DETAILS_RETENTION_MONTHS);
  return deps.db.transaction().execute(async (trx) => {
    const departures = await repo.noteDepartures(trx, today);
    const removed = await repo.removeExpiredCheckDetails(trx, today, cutOff);
    const contactCleared = await repo.removeExpiredContactDetails(trx, monthsBefore(today, CONTACT_MESSAGE_RETENTION_MONTHS));
    const now = deps.now();
    const expired = await repo.removeExpiredRecords(trx, {
      now,
      idleSince: new Date(now.getTime() - IDLE_TIMEOUT_MS),
      attemptsBefore: new Date(now.getTime() - SIGN_IN_ATTEMPTS_RETENTION_DAYS * DAY_MS),
      linksExpiredBefore: new Date(now.getTime() - EXPIRED_LINKS_RETENTION_DAYS * DAY_MS),
      mailBefore: new Date(`${monthsBefore(today, MAIL_RETENTION_MONTHS)}T00:00:00Z`),
      draftsBefore: new Date(`${monthsBefore(today, START_UP_DRAFT_RETENTION_MONTHS)}T00:00:00Z`),
    });
    if (expired.mail + expired.startUpFormDrafts > 0) {
      // Counts only: what was removed named people. Ended sessions, old sign-in attempts and spent links are routine and not audited.
      await recordAudit(trx, RETENTION_ACTOR, {
        action: 'retention.records_removed',
        entityType: 'retention',
        after: { on: today, mail: expired.mail, startUpFormDrafts: expired.startUpFormDrafts, mailRetentionMonths: MAIL_RETENTION_MONTHS, draftRetentionMonths: START_UP_DRAFT_RETENTION_MONTHS },
      });
    }
    if (contactCleared.length > 0) {
      await recordAudit(trx, RETENTION_ACTOR, {
        action: 'contact_message.details_removed',
        entityType: 'contact_message',
        after: { messages: contactCleared.map((r) => r.id), on: today, retentionMonths: CONTACT_MESSAGE_RETENTION_MONTHS },
      });
    }
    if (removed.length > 0) {
      await recordAudit(trx, RETENTION_ACTOR, {
        action: 'safeguarding_check.details_removed',
        entityType: 'safeguarding_check',
        after: { checks: removed.map((r) => r.id), facilitators: [...new Set(removed.map((r) => r.facilitator_id))], on: today, retentionMonths: CHECK_DETAILS_RETENTION_MONTHS },
      });
    }
    return { checkDetailsRemoved: removed.length, departuresNoted: departures.noted, returned: departures.returned, contactMessagesCleared: contactCleared.length, removed: expired };
  });
}

interface Person {
  facilitator: NonNullable<Awaited<ReturnType<typeof repo.findFacilitator>>> | undefined;
  account: NonNullable<Awaited<ReturnType<typeof repo.findUser>>> | undefined;
}

/** The person by a facilitator record's id or an account's id, with both when they are linked. */
async function findPerson(deps: AppDeps, id: string): Promise<Person> {
  if (!UUID.test(id)) throw notFound('person');
  let facilitator = await repo.findFacilitator(deps.db, id);
  let account = facilitator?.user_id ? await repo.findUser(deps.db, facilitator.user_id) : undefined;
  if (!facilitator) {
    account = await repo.findUser(deps.db, id);
    facilitator = account ? await repo.findFacilitatorOfUser(deps.db, account.id) : undefined;
  }
  if (!facilitator && !account) throw notFound('person');
  return { facilitator, account };
}

const iso = (value: Date | string | null | undefined) => (value instanceof Date ? value.toISOString() : (value ?? null));

/**
 * A subject access export (UK GDPR Article 15): everything Partner Hub holds about the person, as
 * JSON, for Central Office to send them. Audited as `person.subject_access_exported`.
 */
export async function subjectAccess(deps: AppDeps, actor: Actor, id: string): Promise<SubjectAccessExport> {
  const { facilitator, account } = await findPerson(deps, id);
  const emails = [...new Set([facilitator?.email, account?.email].filter((e): e is string => Boolean(e)))];
  const rows = await repo.subjectAccessRows(deps.db, { facilitatorId: facilitator?.id ?? null, userId: account?.id ?? null, emails });
  await recordAudit(deps.db, actor, {
    action: 'person.subject_access_exported',
    entityType: facilitator ? 'facilitator' : 'user',
    entityId: facilitator?.id ?? account!.id,
    after: { facilitatorId: facilitator?.id ?? null, userId: account?.id ?? null },
  });
  const plain = <T extends Record<string, unknown>>(list: T[]) =>
    list.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])));
  return {
    exportedAt: deps.now().toISOString(),
    note:
      'Everything UK SMART Recovery Partner Hub holds about this person. Passwords and two-factor secrets are held only as one-way hashes or secrets and are not shown. ' +
      'Invoices addressed to them are listed; as finance records they are kept for six years whatever happens to the rest.',
    facilitator: facilitator
      ? {
          id: facilitator.id, name: facilitator.name, email: facilitator.email, phone: facilitator.phone, isVeteran: facilitator.is_veteran,
          inTraining: facilitator.in_training, uksrVolunteerStatus: facilitator.uksr_volunteer_status, createdAt: iso(facilitator.created_at),
          updatedAt: iso(facilitator.updated_at), erasedAt: iso(facilitator.erased_at),
        }
      : null,
    account: account
      ? {
          id: account.id, name: account.name, email: account.email, role: account.role, organisationId: account.organisation_id,
          status: account.status, createdAt: iso(account.created_at), erasedAt: iso(account.erased_at),
        }
      : null,
    organisations: plain(rows.organisations),
    sites: plain(rows.sites),
    qualifications: plain(rows.qualifications),
    safeguardingChecks: plain(rows.checks),
    trainingProgress: plain(rows.progress),
    certificates: plain(rows.certificates),
    volunteerOnboarding: plain(rows.onboarding),
    codeOfConductAcceptances: plain(rows.acceptances),
    meetingsFacilitated: plain(rows.meetings),
    trainingNominations: plain(rows.nominations),
    signInAttempts: plain(rows.attempts),
    emailsSent: plain(rows.mail),
    invoicesAddressedToThem: plain(rows.invoices),
    auditEntriesAboutThem: plain(rows.about),
    auditEntriesByThem: plain(rows.by),
    contactMessages: plain(rows.contactMessages),
  };
}

/**
 * Erases a person (UK GDPR Article 17), outside what must be kept (decision 104): their name,
 * email address, phone and personal flags are replaced or cleared on the facilitator record and the
 * account, the account is closed (sessions and links end), check details are removed, and records
 * that name them only by email (sign-in attempts, mail, training nominations) are removed or
 * anonymised. Kept: the fact and outcome of safeguarding checks, qualifications, training and Code
 * of Conduct acceptances against the anonymised record, finance records, and the append-only audit
 * trail. Refused while the person still facilitates for an organisation, runs a meeting, holds a
 * Coordinator post or is an active SMART Lead. Erasing an erased person changes nothing.
 */
export async function erasePerson(deps: AppDeps, actor: Actor, id: string): Promise<ErasureResult> {
  const { facilitator, account } = await findPerson(deps, id);
  if (account && account.id === actor.userId) throw new AppError('rule_broken', 'You cannot erase your own account. Ask another member of Central Office.');
  const ties = await repo.currentTies(deps.db, facilitator?.id ?? null, account?.id ?? null);
  const reasons = [
    ties.organisations ? 'remove them from every organisation they facilitate for' : null,
    ties.meetings ? 'take them off the meetings they facilitate' : null,
    ties.posts ? 'hand over their Coordinator post' : null,
    account?.role === 'smart_lead' && account.status !== 'suspended' ? 'hand the SMART Lead role to someone else' : null,
    facilitator?.uksr_volunteer_status && facilitator.uksr_volunteer_status !== 'left' ? "record that they have left UKSR's volunteers" : null,
  ].filter((r): r is string => r !== null);
  if (reasons.length > 0) {
    throw new AppError('rule_broken', `Before erasing this person, ${reasons.join(', ')}.`);
  }
  const now = deps.now();
  const today = londonDate(now);
  return deps.db.transaction().execute(async (trx) => {
    const lockedFacilitator = facilitator ? await repo.lockFacilitator(trx, facilitator.id) : undefined;
    const lockedAccount = account ? await repo.lockUser(trx, account.id) : undefined;
    const already = (lockedFacilitator ? lockedFacilitator.erased_at !== null : true) && (lockedAccount ? lockedAccount.erased_at !== null : true);
    const result = { facilitatorId: facilitator?.id ?? null, userId: account?.id ?? null };
    if (already) {
      const erasedAt = lockedFacilitator?.erased_at ?? lockedAccount?.erased_at ?? now;
      return { ...result, erasedAt: erasedAt.toISOString(), changed: false };
    }
    const emails = [...new Set([lockedFacilitator?.email, lockedAccount?.email].filter((e): e is string => Boolean(e)))];
    if (lockedFacilitator) await repo.eraseFacilitator(trx, lockedFacilitator.id, today, now);
    if (lockedAccount) await repo.eraseUser(trx, lockedAccount.id, now);
    await repo.eraseByEmail(trx, emails, repo.erasedEmail(lockedFacilitator?.id ?? lockedAccount!.id));
    // The audit entry names no personal data: only the ids and what was done.
    await recordAudit(trx, actor, {
      action: 'person.erased',
      entityType: facilitator ? 'facilitator' : 'user',
      entityId: facilitator?.id ?? account!.id,
      after: {
        ...result,
        cleared: ['name', 'email', 'phone', 'veteran and training flags', 'account password and two-factor', 'sessions and links', 'safeguarding-check numbers', 'sign-in attempts', 'emails', 'nominations', 'contact messages they sent'],
        kept: ['safeguarding-check kind, dates and decision', 'qualifications', 'training progress', 'Code of Conduct acceptances', 'finance records', 'audit trail'],
      },
    });
    return { ...result, erasedAt: now.toISOString(), changed: true };
  });
}
