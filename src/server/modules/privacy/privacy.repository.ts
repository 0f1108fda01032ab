import { sql, type RawBuilder } from 'kysely';
import type { DB } from '../../db/database.js';

/** A date column as 'YYYY-MM-DD' (pg returns Date objects, PGlite may differ). */
const day = (column: string): RawBuilder<string> => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

/** The label a record carries once its person is erased. */
export const ERASED_NAME = 'Erased person';
export const erasedEmail = (id: string) => `erased-${id}@erased.invalid`;

// ---------------------------------------------------------------------------------------------
// Retention of safeguarding-check details (decision 102)

/**
 * Notes, once, the day the retention job first sees that a facilitator has left: they facilitate
 * for no organisation and are not a UKSR volunteer still onboarding, active or paused. Someone who
 * comes back loses the note. Only people with check details still held are noted.
 */
export async function noteDepartures(trx: DB, today: string): Promise<{ noted: number; returned: number }> {
  const gone = sql<boolean>`NOT EXISTS (SELECT 1 FROM facilitator_organisations fo WHERE fo.facilitator_id = f.id)
    AND (f.uksr_volunteer_status IS NULL OR f.uksr_volunteer_status = 'left')`;
  const noted = await sql`
    INSERT INTO retention_departures (facilitator_id, noticed_on)
    SELECT f.id, ${today}::date FROM facilitators f
    WHERE ${gone}
      AND EXISTS (SELECT 1 FROM safeguarding_checks c WHERE c.facilitator_id = f.id AND c.details_removed_on IS NULL)
    ON CONFLICT (facilitator_id) DO NOTHING`.execute(trx);
  const returned = await sql`
    DELETE FROM retention_departures d USING facilitators f
    WHERE f.id = d.facilitator_id AND NOT (${gone})`.execute(trx);
  return { noted: Number(noted.numAffectedRows ?? 0), returned: Number(returned.numAffectedRows ?? 0) };
}

/**
 * Removes the certificate number and DBS Update Service details of every check past the retention
 * period: superseded by a later suitable check of the same kind verified on or before the cut-off,
 * or of a person noted as gone on or before it. The fact of the check (kind, level, dates, who
 * verified it, decision) stays. Already-removed checks are left alone, so a second run changes nothing.
 */
export async function removeExpiredCheckDetails(trx: DB, today: string, cutOff: string) {
  return trx
    .updateTable('safeguarding_checks as c')
    .set({ certificate_number: null, update_service_subscribed: false, update_service_checked_on: null, details_removed_on: today })
    .where('c.details_removed_on', 'is', null)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('safeguarding_checks as later')
            .select('later.id')
            .whereRef('later.facilitator_id', '=', 'c.facilitator_id')
            .whereRef('later.kind', '=', 'c.kind')
            .whereRef('later.id', '<>', 'c.id')
            .where('later.decision', '=', 'suitable')
            .where(sql<boolean>`(later.issued_on > c.issued_on OR (later.issued_on = c.issued_on AND later.created_at > c.created_at))`)
            .where('later.verified_on', '<=', cutOff),
        ),
        eb.exists(
          eb
            .selectFrom('retention_departures as d')
            .select('d.facilitator_id')
            .whereRef('d.facilitator_id', '=', 'c.facilitator_id')
            .where('d.noticed_on', '<=', cutOff),
        ),
      ]),
    )
    .returning(['c.id', 'c.facilitator_id'])
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Finding the person

export function findFacilitator(db: DB, id: string) {
  return db.selectFrom('facilitators').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findFacilitatorOfUser(db: DB, userId: string) {
  return db.selectFrom('facilitators').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export function findUser(db: DB, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'organisation_id', 'status', 'created_at', 'erased_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function lockFacilitator(trx: DB, id: string) {
  return trx.selectFrom('facilitators').select(['id', 'email', 'user_id', 'erased_at']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function lockUser(trx: DB, id: string) {
  return trx.selectFrom('users').select(['id', 'email', 'role', 'status', 'erased_at']).where('id', '=', id).forUpdate().executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Subject access: everything held about the person (decision 104)

export async function subjectAccessRows(db: DB, person: { facilitatorId: string | null; userId: string | null; emails: string[] }) {
  const f = person.facilitatorId ?? '00000000-0000-0000-0000-000000000000';
  const u = person.userId ?? '00000000-0000-0000-0000-000000000000';
  const emails = person.emails.length ? person.emails.map((e) => e.toLowerCase()) : [''];
  const entityIds = [person.facilitatorId, person.userId].filter((id): id is string => id !== null);
  const [
    organisations, sites, qualifications, checks, progress, certificates, onboarding, acceptances, meetings, nominations, attempts, mail, invoices, about, by, contactMessages,
  ] = await Promise.all([
    db.selectFrom('facilitator_organisations as fo').innerJoin('organisations as o', 'o.id', 'fo.organisation_id')
      .select(['o.id', 'o.name', 'fo.capacity', 'fo.created_at as since']).where('fo.facilitator_id', '=', f).execute(),
    db.selectFrom('facilitator_sites as fs').innerJoin('sites as s', 's.id', 'fs.site_id')
      .select(['s.id', 's.name', 's.postcode', 'fs.created_at as since']).where('fs.facilitator_id', '=', f).execute(),
    db.selectFrom('facilitator_qualifications').select(['code', day('achieved_on').as('achieved_on'), 'recorded_at']).where('facilitator_id', '=', f).execute(),
    db.selectFrom('safeguarding_checks')
      .select(['id', 'kind', 'level', 'certificate_number', day('issued_on').as('issued_on'), 'update_service_subscribed', day('update_service_checked_on').as('update_service_checked_on'),
        day('verified_on').as('verified_on'), 'decision', 'created_at', day('details_removed_on').as('details_removed_on')])
      .where('facilitator_id', '=', f).orderBy('issued_on').execute(),
    db.selectFrom('training_progress')
      .select(['module', 'status', day('enrolled_on').as('enrolled_on'), day('started_on').as('started_on'), day('completed_on').as('completed_on'), day('withdrawn_on').as('withdrawn_on'), 'source'])
      .where('facilitator_id', '=', f).execute(),
    db.selectFrom('facilitator_certificates').select(['number', 'name', day('completed_on').as('completed_on'), 'issued_at']).where('facilitator_id', '=', f).execute(),
    db.selectFrom('volunteer_onboarding_stages').select(['stage', day('completed_on').as('completed_on'), 'outcome', 'note', 'recorded_at']).where('facilitator_id', '=', f).execute(),
    db.selectFrom('code_of_conduct_acceptances').select(['version', 'accepted_at']).where('facilitator_id', '=', f).execute(),
    db.selectFrom('meeting_facilitators as mf').innerJoin('meetings as m', 'm.id', 'mf.meeting_id')
      .select(['m.id', 'm.name', 'm.slug', 'm.status', 'mf.created_at as since']).where('mf.facilitator_id', '=', f).execute(),
    db.selectFrom('nominations').select(['id', 'nominee_name', 'nominee_email', 'status', 'created_at'])
      .where(sql<string>`lower(nominee_email)`, 'in', emails).execute(),
    db.selectFrom('login_attempts').select(['at', 'ip', 'succeeded']).where(sql<string>`lower(email)`, 'in', emails).orderBy('at').execute(),
    db.selectFrom('outbox_messages').select(['created_at', 'to_address', 'subject', 'kind', 'status', 'sent_at'])
      .where(sql<string>`lower(to_address)`, 'in', emails).orderBy('created_at').execute(),
    db.selectFrom('invoices').select(['number', day('issued_on').as('issued_on'), 'billing_name', 'billing_email', 'total_pence'])
      .where(sql<string>`lower(billing_email)`, 'in', emails).orderBy('number').execute(),
    entityIds.length
      ? db.selectFrom('audit_events').select(['at', 'actor_label', 'action', 'entity_type', 'entity_id', 'before', 'after'])
        .where('entity_id', 'in', entityIds).orderBy('at').execute()
      : Promise.resolve([]),
    db.selectFrom('audit_events').select(['at', 'action', 'entity_type', 'entity_id', 'ip']).where('actor_user_id', '=', u).orderBy('at').execute(),
    db.selectFrom('contact_messages').select(['created_at', 'topic', 'name', 'email', 'postcode', 'region_code', 'message', 'routed_to'])
      .where(sql<string>`lower(email)`, 'in', emails).orderBy('created_at').execute(),
  ]);
  return { organisations, sites, qualifications, checks, progress, certificates, onboarding, acceptances, meetings, nominations, attempts, mail, invoices, about, by, contactMessages };
}

// ---------------------------------------------------------------------------------------------
// Erasure (decision 104)

/** What still ties the person to current work, which must be ended before erasure. */
export async function currentTies(db: DB, facilitatorId: string | null, userId: string | null) {
  const f = facilitatorId ?? '00000000-0000-0000-0000-000000000000';
  const u = userId ?? '00000000-0000-0000-0000-000000000000';
  const [organisations, meetings, posts] = await Promise.all([
    db.selectFrom('facilitator_organisations').select('organisation_id').where('facilitator_id', '=', f).execute(),
    db.selectFrom('meeting_facilitators').select('meeting_id').where('facilitator_id', '=', f).execute(),
    db.selectFrom('coordinator_posts').select('code').where('holder_user_id', '=', u).execute(),
  ]);
  return { organisations: organisations.length, meetings: meetings.length, posts: posts.length };
}

export async function eraseFacilitator(trx: DB, id: string, today: string, now: Date) {
  await trx
    .updateTable('facilitators')
    .set({ name: ERASED_NAME, email: erasedEmail(id), phone: null, is_veteran: false, in_training: false, erased_at: now, updated_at: now })
    .where('id', '=', id)
    .execute();
  await trx
    .updateTable('safeguarding_checks')
    .set({ certificate_number: null, update_service_subscribed: false, update_service_checked_on: null, details_removed_on: today })
    .where('facilitator_id', '=', id)
    .where('details_removed_on', 'is', null)
    .execute();
  await trx.updateTable('facilitator_certificates').set({ name: ERASED_NAME }).where('facilitator_id', '=', id).execute();
  await trx.updateTable('volunteer_onboarding_stages').set({ note: null }).where('facilitator_id', '=', id).execute();
  await trx.deleteFrom('facilitator_sites').where('facilitator_id', '=', id).execute();
  await trx.deleteFrom('retention_departures').where('facilitator_id', '=', id).execute();
}

export async function eraseUser(trx: DB, id: string, now: Date) {
  await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
  await trx.deleteFrom('one_time_tokens').where('user_id', '=', id).execute();
  await trx.deleteFrom('user_scopes').where('user_id', '=', id).execute();
  await trx
    .updateTable('users')
    .set({ name: ERASED_NAME, email: erasedEmail(id), password_hash: null, totp_secret: null, totp_last_step: null, status: 'suspended', erased_at: now })
    .where('id', '=', id)
    .execute();
}

/** Records that name the person only by email address: nominations, sign-in attempts, mail. */
export async function eraseByEmail(trx: DB, emails: string[], replacement: string) {
  const lower = emails.map((e) => e.toLowerCase());
  if (lower.length === 0) return;
  await trx.updateTable('nominations').set({ nominee_name: ERASED_NAME, nominee_email: replacement }).where(sql<string>`lower(nominee_email)`, 'in', lower).execute();
  await trx.deleteFrom('login_attempts').where(sql<string>`lower(email)`, 'in', lower).execute();
  await trx.deleteFrom('outbox_messages').where(sql<string>`lower(to_address)`, 'in', lower).execute();
  await trx
    .updateTable('contact_messages')
    .set({ name: ERASED_NAME, email: replacement, postcode: null, message: REMOVED_MESSAGE, sender_ip: REMOVED_IP })
    .where(sql<string>`lower(email)`, 'in', lower)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Contact messages (decision 158)

const REMOVED_MESSAGE = '[Removed: personal details are not kept]';
const REMOVED_IP = 'removed';

/**
 * Removes the sender's name, email address, postcode, message and IP address from contact messages
 * sent before the cut-off; the topic, region, routing and date stay for the enquiry figures. A
 * message already cleared (its address ends `@erased.invalid`) is left alone, so a second run finds nothing.
 */
export async function removeExpiredContactDetails(trx: DB, cutOff: string) {
  return trx
    .updateTable('contact_messages')
    .set({ name: 'Removed after two years', email: sql<string>`'removed-' || id::text || '@erased.invalid'`, postcode: null, message: REMOVED_MESSAGE, sender_ip: REMOVED_IP })
    .where('created_at', '<', sql<Date>`${cutOff}::date`)
    .where('email', 'not like', '%@erased.invalid')
    .returning('id')
    .execute();
}

/**
 * The records of signing in and mail that are kept only for a while (decision 181): sessions that
 * have ended (idle or past their absolute end) but were never used again, sign-in attempts before
 * `attemptsBefore`, sign-in and invitation links expired before `linksExpiredBefore`, copies of mail
 * that was sent (or kept, or given up on) before `mailBefore`, and Start-Up Form drafts last saved
 * before `draftsBefore` and never submitted. Each is a plain DELETE of rows past their date, so a
 * second run, or a run on another instance at the same moment, removes nothing more.
 */
export async function removeExpiredRecords(
  trx: DB,
  c: { now: Date; idleSince: Date; attemptsBefore: Date; linksExpiredBefore: Date; mailBefore: Date; draftsBefore: Date },
) {
  const sessions = await trx.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<=', c.now), eb('last_seen_at', '<=', c.idleSince)])).executeTakeFirst();
  const attempts = await trx.deleteFrom('login_attempts').where('at', '<', c.attemptsBefore).executeTakeFirst();
  const links = await trx.deleteFrom('one_time_tokens').where('expires_at', '<', c.linksExpiredBefore).executeTakeFirst();
  const mail = await trx.deleteFrom('outbox_messages').where('status', 'in', ['sent', 'kept', 'failed']).where('created_at', '<', c.mailBefore).executeTakeFirst();
  const drafts = await trx.deleteFrom('start_up_forms').where('status', '=', 'draft').where('submitted_at', 'is', null).where('updated_at', '<', c.draftsBefore).executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    signInAttempts: Number(attempts.numDeletedRows),
    links: Number(links.numDeletedRows),
    mail: Number(mail.numDeletedRows),
    startUpFormDrafts: Number(drafts.numDeletedRows),
  };
}
