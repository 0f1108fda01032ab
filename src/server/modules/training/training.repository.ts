import { sql } from 'kysely';
import type { DB } from '../../db/database.js';
import type { PlaceMovement } from '../../../domain/training/places-ledger.js';

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

/** A licence with what the ledger needs, locked for the rest of the transaction. */
export function findLicenceForUpdate(db: DB, filter: { siteId: string; licenceType: string }) {
  return db
    .selectFrom('licences')
    .select(['id', 'number', 'organisation_id', 'site_id', 'licence_type', day('starts_on').as('starts_on'), day('ends_on').as('ends_on'), 'status', 'included_training_places'])
    .where('site_id', '=', filter.siteId)
    .where('licence_type', '=', filter.licenceType)
    .forUpdate()
    .executeTakeFirst();
}

/** The licences of a site that carry training places (not Satellite), for choosing which one a place comes from. */
export function siteLicences(db: DB, siteId: string) {
  return db
    .selectFrom('licences')
    .select(['id', 'licence_type', 'included_training_places', 'status'])
    .where('site_id', '=', siteId)
    .orderBy('licence_type')
    .execute();
}

export function findSite(db: DB, siteId: string) {
  return db
    .selectFrom('sites as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['s.id', 's.name', 's.region_code', 's.organisation_id', 'o.name as organisation_name', 'o.region_code as organisation_region_code', 'o.sector_code'])
    .where('s.id', '=', siteId)
    .executeTakeFirst();
}

/**
 * Creates the ledger of a licence year if it is not there yet, with its included places, and
 * answers whether it was created. ON CONFLICT makes it safe to call from two transactions at once.
 */
export async function openLedger(
  db: DB,
  licence: { id: string; site_id: string; organisation_id: string; licence_type: string },
  year: { startsOn: string; endsOn: string },
  included: { places: number; note: string } | null,
): Promise<boolean> {
  const inserted = await db
    .insertInto('training_ledgers')
    .values({
      licence_id: licence.id,
      site_id: licence.site_id,
      organisation_id: licence.organisation_id,
      licence_type: licence.licence_type,
      year_starts_on: year.startsOn,
      year_ends_on: year.endsOn,
    })
    .onConflict((oc) => oc.columns(['licence_id', 'year_starts_on']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  if (included && included.places > 0) {
    await db.insertInto('training_place_movements').values({ ledger_id: inserted.id, kind: 'included', places: included.places, at: year.startsOn, note: included.note }).execute();
  }
  return true;
}

/** The ledger of a licence year, locked: every change to its places goes through this row. */
export function lockLedger(db: DB, licenceId: string, yearStartsOn: string) {
  return db
    .selectFrom('training_ledgers')
    .select(['id', 'licence_id', 'site_id', 'organisation_id', 'licence_type', day('year_starts_on').as('year_starts_on'), day('year_ends_on').as('year_ends_on')])
    .where('licence_id', '=', licenceId)
    .where('year_starts_on', '=', yearStartsOn)
    .forUpdate()
    .executeTakeFirst();
}

/** The ledger of the licence year a day falls in, locked. */
export function lockLedgerOn(db: DB, licenceId: string, date: string) {
  return db
    .selectFrom('training_ledgers')
    .select(['id', 'licence_id', 'site_id', 'organisation_id', 'licence_type', day('year_starts_on').as('year_starts_on'), day('year_ends_on').as('year_ends_on')])
    .where('licence_id', '=', licenceId)
    .where('year_starts_on', '<=', date)
    .where('year_ends_on', '>=', date)
    .forUpdate()
    .executeTakeFirst();
}

export function lockLedgerById(db: DB, ledgerId: string) {
  return db
    .selectFrom('training_ledgers')
    .select(['id', 'licence_id', 'site_id', 'organisation_id', 'licence_type', day('year_starts_on').as('year_starts_on'), day('year_ends_on').as('year_ends_on')])
    .where('id', '=', ledgerId)
    .forUpdate()
    .executeTakeFirst();
}

/** A ledger's movements in the shape the domain rules read. */
export async function ledgerMovements(db: DB, ledgerId: string): Promise<PlaceMovement[]> {
  const rows = await db
    .selectFrom('training_place_movements')
    .select(['kind', 'places', day('at').as('at'), 'note', 'nomination_id'])
    .where('ledger_id', '=', ledgerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ kind: r.kind, places: r.places, at: r.at, ...(r.note ? { note: r.note } : {}), ...(r.nomination_id ? { nominationId: r.nomination_id } : {}) }));
}

export async function appendMovement(
  db: DB,
  ledgerId: string,
  movement: PlaceMovement,
  extra: { invoiceId?: string | null; recordedBy: string | null },
): Promise<void> {
  await db
    .insertInto('training_place_movements')
    .values({
      ledger_id: ledgerId,
      kind: movement.kind,
      places: movement.places,
      at: movement.at,
      note: movement.note ?? null,
      nomination_id: movement.nominationId ?? null,
      invoice_id: extra.invoiceId ?? null,
      recorded_by: extra.recordedBy,
    })
    .execute();
}

/** Every ledger of a site with its licence, newest year first, and their movements. */
export async function siteLedgers(db: DB, siteId: string) {
  const ledgers = await db
    .selectFrom('training_ledgers as g')
    .innerJoin('licences as l', 'l.id', 'g.licence_id')
    .innerJoin('licence_types as t', 't.code', 'g.licence_type')
    .select(['g.id', 'g.licence_id', 'l.number as licence_number', 'g.licence_type', 't.name as licence_type_name', day('g.year_starts_on').as('year_starts_on'), day('g.year_ends_on').as('year_ends_on')])
    .where('g.site_id', '=', siteId)
    .orderBy('g.year_starts_on', 'desc')
    .orderBy('g.licence_type')
    .execute();
  const movements = ledgers.length
    ? await db
        .selectFrom('training_place_movements as m')
        .leftJoin('nominations as n', 'n.id', 'm.nomination_id')
        .select(['m.ledger_id', 'm.kind', 'm.places', day('m.at').as('at'), 'm.note', 'm.nomination_id', 'n.nominee_name', 'm.invoice_id', 'm.created_at'])
        .where('m.ledger_id', 'in', ledgers.map((l) => l.id))
        .orderBy('m.created_at')
        .orderBy('m.id')
        .execute()
    : [];
  return { ledgers, movements };
}

export async function insertNomination(
  db: DB,
  n: { organisationId: string; siteId: string; ledgerId: string; name: string; email: string; routedToUserId: string | null; routedToInbox: string | null; routedToEmail: string; nominatedBy: string | null },
) {
  return db
    .insertInto('nominations')
    .values({
      organisation_id: n.organisationId,
      site_id: n.siteId,
      ledger_id: n.ledgerId,
      nominee_name: n.name,
      nominee_email: n.email,
      routed_to_user_id: n.routedToUserId,
      routed_to_inbox: n.routedToInbox,
      routed_to_email: n.routedToEmail,
      nominated_by: n.nominatedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

function nominationQuery(db: DB) {
  return db
    .selectFrom('nominations as n')
    .innerJoin('sites as s', 's.id', 'n.site_id')
    .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
    .innerJoin('training_ledgers as g', 'g.id', 'n.ledger_id')
    .innerJoin('licence_types as t', 't.code', 'g.licence_type')
    .leftJoin('users as c', 'c.id', 'n.routed_to_user_id')
    .leftJoin('team_inboxes as i', 'i.code', 'n.routed_to_inbox')
    .select([
      'n.id', 'n.organisation_id', 'o.name as organisation_name', 'n.site_id', 's.name as site_name', 's.region_code as site_region_code',
      'g.licence_type', 't.name as licence_type_name', day('g.year_starts_on').as('year_starts_on'), day('g.year_ends_on').as('year_ends_on'),
      'n.ledger_id', 'n.nominee_name', 'n.nominee_email', 'n.status', 'n.routed_to_user_id', 'n.routed_to_inbox', 'n.routed_to_email',
      'c.name as coordinator_name', 'i.name as inbox_name', 'n.created_at', 'n.instructions_sent_at', 'n.released_at', 'n.release_reason',
    ]);
}
export type NominationRow = Awaited<ReturnType<typeof findNomination>> & object;

export function findNomination(db: DB, id: string, options: { lock?: boolean } = {}) {
  const query = nominationQuery(db).where('n.id', '=', id);
  return (options.lock ? query.forUpdate('n') : query).executeTakeFirst();
}

/** Nominations, newest first, narrowed to an organisation or to sites in some regions. */
export function listNominations(
  db: DB,
  filter: { organisationId?: string | null; regions?: string[]; status?: string | undefined; limit: number; offset: number },
) {
  let query = nominationQuery(db);
  if (filter.organisationId !== undefined) query = query.where('n.organisation_id', '=', filter.organisationId ?? '00000000-0000-0000-0000-000000000000');
  if (filter.regions !== undefined) query = filter.regions.length ? query.where('s.region_code', 'in', filter.regions) : query.where(sql<boolean>`false`);
  if (filter.status) query = query.where('n.status', '=', filter.status as 'nominated');
  return query.orderBy('n.created_at', 'desc').orderBy('n.id').limit(filter.limit).offset(filter.offset).execute();
}

/** Who enrols nominees for a region: the holder of the region's Community Coordinator post, if it is filled. */
export function regionCoordinator(db: DB, regionCode: string) {
  return db
    .selectFrom('coordinator_posts as p')
    .innerJoin('users as u', 'u.id', 'p.holder_user_id')
    .select(['u.id', 'u.name', 'u.email', 'p.title'])
    .where('p.region_code', '=', regionCode)
    .where('p.programme_code', 'is', null)
    .where('p.vacant', '=', false)
    .where('u.status', '=', 'active')
    .orderBy('p.code')
    .executeTakeFirst();
}

export function findInbox(db: DB, code: string) {
  return db.selectFrom('team_inboxes').select(['code', 'name', 'email']).where('code', '=', code).executeTakeFirstOrThrow();
}

export async function findIdempotentRequest(db: DB, userId: string, key: string) {
  return db.selectFrom('nomination_requests').select(['request_hash', 'response', 'nomination_id']).where('user_id', '=', userId).where('idempotency_key', '=', key).executeTakeFirst();
}

export async function saveIdempotentRequest(db: DB, r: { userId: string; key: string; hash: string; nominationId: string; response: unknown }) {
  await db
    .insertInto('nomination_requests')
    .values({ user_id: r.userId, idempotency_key: r.key, request_hash: r.hash, nomination_id: r.nominationId, response: JSON.stringify(r.response) })
    .execute();
}

/**
 * An invoice's training-place lines and the places already recorded from it: for this site (its
 * lines for the site, or for no site in particular) and for the whole invoice, so a line with no
 * site is not recorded at two sites.
 */
export async function invoicePlaces(db: DB, invoiceId: string, siteId: string) {
  const invoice = await db.selectFrom('invoices').select(['id', 'number', 'organisation_id', 'paid_at']).where('id', '=', invoiceId).forUpdate().executeTakeFirst();
  if (!invoice) return undefined;
  const lines = await db
    .selectFrom('invoice_lines')
    .select(['site_id', 'quantity'])
    .where('invoice_id', '=', invoiceId)
    .where('kind', '=', 'training_places')
    .execute();
  const recorded = await db
    .selectFrom('training_place_movements as m')
    .innerJoin('training_ledgers as g', 'g.id', 'm.ledger_id')
    .select(['g.site_id', 'm.places'])
    .where('m.invoice_id', '=', invoiceId)
    .where('m.kind', '=', 'bought')
    .execute();
  const sum = (rows: { quantity?: number; places?: number }[]) => rows.reduce((n, r) => n + (r.quantity ?? r.places ?? 0), 0);
  const forSite = sum(lines.filter((l) => l.site_id === siteId || l.site_id === null)) - sum(recorded.filter((r) => r.site_id === siteId));
  const forInvoice = sum(lines) - sum(recorded);
  return { ...invoice, linePlaces: sum(lines), available: Math.max(0, Math.min(forSite, forInvoice)) };
}

/** An invoice's `training_places` lines that name a site. */
export function invoiceSitePlaceLines(db: DB, invoiceId: string) {
  return db
    .selectFrom('invoice_lines')
    .select(['site_id', 'licence_type', 'quantity'])
    .where('invoice_id', '=', invoiceId)
    .where('kind', '=', 'training_places')
    .where('site_id', 'is not', null)
    .orderBy('position')
    .execute() as Promise<{ site_id: string; licence_type: string | null; quantity: number }[]>;
}
