import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DB } from '../db/database.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** What the mail is about, for the Outbox page and tests: 'password_reset', 'invitation', ... */
  kind: string;
  /** Documents the worker draws and attaches when it sends, e.g. { kind: 'invoice-pdf', id, filename }. */
  attachments?: AttachmentRef[];
}

export interface AttachmentRef {
  kind: string;
  id: string;
  filename: string;
}

/**
 * Queues a mail in the same transaction as the change that causes it: if the change rolls back,
 * no mail is sent. The outbox worker sends it.
 */
export async function queueMail(db: Kysely<Database> | Transaction<Database>, mail: Mail): Promise<void> {
  await queueMails(db, [mail]);
}

/** Queues several mails, a thousand to a statement (the renewal run sends thousands; PostgreSQL takes at most 65,535 parameters). */
export async function queueMails(db: Kysely<Database> | Transaction<Database>, mails: Mail[]): Promise<void> {
  for (let i = 0; i < mails.length; i += 1000) await insertMails(db, mails.slice(i, i + 1000));
}

async function insertMails(db: Kysely<Database> | Transaction<Database>, mails: Mail[]): Promise<void> {
  await db
    .insertInto('outbox_messages')
    .values(
      mails.map((mail) => ({
        to_address: mail.to,
        subject: mail.subject,
        text_body: mail.text,
        kind: mail.kind,
        ...(mail.attachments?.length ? { attachments: JSON.stringify(mail.attachments) } : {}),
      })),
    )
    .execute();
}

export interface ClaimedMail {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  attempts: number;
  attachments: unknown;
}

const LEASE_MS = 2 * 60 * 1000;

/**
 * Claims due mail for one worker. SKIP LOCKED lets several app instances share the outbox
 * without sending a message twice; a claim whose worker died is taken again once its lease ends.
 */
export async function claimDueMail(db: DB, now: Date, limit: number): Promise<ClaimedMail[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('outbox_messages')
      .select(['id'])
      .where((eb) =>
        eb.or([
          // The clock passed in has millisecond precision and PostgreSQL's microsecond: compare in milliseconds.
          eb.and([eb('status', '=', 'pending'), eb(sql`date_trunc('milliseconds', next_attempt_at)`, '<=', now)]),
          eb.and([eb('status', '=', 'sending'), eb('locked_until', '<=', now)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('outbox_messages')
      .set({ status: 'sending', locked_until: new Date(now.getTime() + LEASE_MS), attempts: sql`attempts + 1` })
      .where('id', 'in', due.map((d) => d.id))
      .returning(['id', 'to_address', 'subject', 'text_body', 'attempts', 'attachments'])
      .execute();
  });
}

export async function markSent(db: DB, id: string, status: 'sent' | 'kept', now: Date): Promise<void> {
  await db.updateTable('outbox_messages').set({ status, sent_at: now, locked_until: null, last_error: null }).where('id', '=', id).execute();
}

export const MAX_ATTEMPTS = 8;

export async function markFailed(db: DB, mail: ClaimedMail, error: string, now: Date): Promise<void> {
  const giveUp = mail.attempts >= MAX_ATTEMPTS;
  // 30 s, 1 min, 2 min ... capped at an hour.
  const backoffMs = Math.min(60 * 60 * 1000, 30_000 * 2 ** (mail.attempts - 1));
  await db
    .updateTable('outbox_messages')
    .set({
      status: giveUp ? 'failed' : 'pending',
      next_attempt_at: new Date(now.getTime() + backoffMs),
      locked_until: null,
      last_error: error.slice(0, 500),
    })
    .where('id', '=', mail.id)
    .execute();
}

export async function listOutbox(db: DB, options: { limit: number; offset: number }) {
  const [rows, total] = await Promise.all([
    db
      .selectFrom('outbox_messages')
      .select(['id', 'created_at', 'to_address', 'subject', 'text_body', 'kind', 'status', 'attempts', 'sent_at', 'last_error'])
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    db.selectFrom('outbox_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
