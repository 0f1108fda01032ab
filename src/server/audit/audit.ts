import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export interface Actor {
  userId: string | null;
  label: string;
  ip?: string | null;
  requestId?: string | null;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Records who did what, when, with the before and after values. Call it inside the change's transaction. */
export async function recordAudit(db: Kysely<Database> | Transaction<Database>, actor: Actor, entry: AuditEntry): Promise<void> {
  await recordAudits(db, actor, [entry]);
}

/** Records several changes by one actor, a thousand to a statement (PostgreSQL takes at most 65,535 parameters). */
export async function recordAudits(db: Kysely<Database> | Transaction<Database>, actor: Actor, entries: AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 1000) await insertAudits(db, actor, entries.slice(i, i + 1000));
}

async function insertAudits(db: Kysely<Database> | Transaction<Database>, actor: Actor, entries: AuditEntry[]): Promise<void> {
  await db
    .insertInto('audit_events')
    .values(
      entries.map((entry) => ({
        actor_user_id: actor.userId,
        actor_label: actor.label,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId ?? null,
        before: entry.before === undefined ? null : JSON.stringify(redact(entry.before)),
        after: entry.after === undefined ? null : JSON.stringify(redact(entry.after)),
        ip: actor.ip ?? null,
        request_id: actor.requestId ?? null,
      })),
    )
    .execute();
}

const SECRET_KEYS = new Set(['password_hash', 'passwordHash', 'password', 'totp_secret', 'totpSecret', 'token', 'token_hash']);

/** Secrets never reach the audit trail, only the fact that they changed. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '[redacted]' : redact(v)]),
    );
  }
  return value;
}
