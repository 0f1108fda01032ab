import { sql } from 'kysely';
import type { DB } from '../../db/database.js';

const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

export function findOrganisation(db: DB, id: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'region_code', 'sector_code', 'finance_contact_name', 'finance_contact_email'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Who an organisation's invoices go to: its finance contact, else whoever its last invoice went to. */
export async function billingOf(db: DB, organisation: { id: string; finance_contact_name: string | null; finance_contact_email: string | null }) {
  if (organisation.finance_contact_email) return { name: organisation.finance_contact_name ?? 'Finance', email: organisation.finance_contact_email };
  return db
    .selectFrom('invoices')
    .select(['billing_name as name', 'billing_email as email', 'billing_address as address'])
    .where('organisation_id', '=', organisation.id)
    .orderBy('number', 'desc')
    .executeTakeFirst();
}

/** The organisation's active SMART Leads, to tell them about a course scheduled for them. */
export function smartLeadsOf(db: DB, organisationId: string) {
  return db.selectFrom('users').select(['id', 'name', 'email']).where('organisation_id', '=', organisationId).where('role', '=', 'smart_lead').where('status', '=', 'active').execute();
}

function courseQuery(db: DB) {
  return db
    .selectFrom('training_courses as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .leftJoin('invoices as i', 'i.id', 'c.invoice_id')
    .select([
      'c.id', 'c.organisation_id', 'o.name as organisation_name', 'o.region_code', 'o.sector_code', 'c.format', 'c.session_dates',
      day('c.starts_on').as('starts_on'), 'c.venue', 'c.trainer_name', 'c.places', day('c.cut_off_on').as('cut_off_on'), 'c.fee_pence',
      'c.fee_schedule_id', 'c.invoice_id', 'i.number as invoice_number', 'c.flagged_at',
    ])
    .select((eb) =>
      eb.selectFrom('training_course_bookings as b').select(sql<number>`count(*)::int`.as('n')).whereRef('b.course_id', '=', 'c.id').where('b.cancelled_at', 'is', null).as('booked'),
    );
}
export type CourseRow = NonNullable<Awaited<ReturnType<typeof findCourse>>>;

/** A course; with `lock`, its row is locked for the transaction, which serialises its bookings. */
export async function findCourse(db: DB, id: string, options: { lock?: boolean } = {}) {
  if (options.lock) await db.selectFrom('training_courses').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  const row = await courseQuery(db).where('c.id', '=', id).executeTakeFirst();
  return row ? { ...row, booked: Number(row.booked ?? 0) } : undefined;
}

/** Courses, soonest first, for every organisation or some. */
export async function listCourses(db: DB, filter: { organisationIds?: string[]; regions?: string[]; sectors?: string[] }) {
  let query = courseQuery(db);
  if (filter.organisationIds) query = filter.organisationIds.length ? query.where('c.organisation_id', 'in', filter.organisationIds) : query.where(sql<boolean>`false`);
  if (filter.regions || filter.sectors) {
    const regions = filter.regions ?? [];
    const sectors = filter.sectors ?? [];
    query = query.where((eb) =>
      eb.or([...(regions.length ? [eb('o.region_code', 'in', regions)] : []), ...(sectors.length ? [eb('o.sector_code', 'in', sectors)] : []), eb.val(false)]),
    );
  }
  const rows = await query.orderBy('c.starts_on').orderBy('c.id').limit(500).execute();
  return rows.map((r) => ({ ...r, booked: Number(r.booked ?? 0) }));
}

export function courseBookings(db: DB, courseId: string) {
  return db
    .selectFrom('training_course_bookings')
    .select(['id', 'name', 'email', 'created_at', 'cancelled_at'])
    .where('course_id', '=', courseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function findLiveBookingByEmail(db: DB, courseId: string, email: string) {
  return db
    .selectFrom('training_course_bookings')
    .select(['id', 'name'])
    .where('course_id', '=', courseId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
}

export function findBooking(db: DB, courseId: string, bookingId: string) {
  return db
    .selectFrom('training_course_bookings')
    .select(['id', 'name', 'email', 'cancelled_at'])
    .where('course_id', '=', courseId)
    .where('id', '=', bookingId)
    .forUpdate()
    .executeTakeFirst();
}

/** Courses whose cut-off has passed with fewer booked than the minimum, not yet flagged. */
export async function underBookedCourses(db: DB, today: string, minimum: number) {
  const rows = await courseQuery(db).where('c.cut_off_on', '<', today).where('c.starts_on', '>', today).where('c.flagged_at', 'is', null).execute();
  return rows.map((r) => ({ ...r, booked: Number(r.booked ?? 0) })).filter((r) => r.booked < minimum);
}

function requestQuery(db: DB) {
  return db
    .selectFrom('training_requests as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .leftJoin('invoices as i', 'i.id', 'r.invoice_id')
    .select([
      'r.id', 'r.organisation_id', 'o.name as organisation_name', 'o.region_code', 'o.sector_code', 'r.kind', 'r.needs', 'r.people', 'r.preferred_dates',
      'r.status', 'r.created_at', 'r.invoice_id', 'i.number as invoice_number', 'i.total_pence as invoice_total_pence',
    ]);
}

export function findRequest(db: DB, id: string, options: { lock?: boolean } = {}) {
  const query = requestQuery(db).where('r.id', '=', id);
  return (options.lock ? query.forUpdate('r') : query).executeTakeFirst();
}

/** Requests, oldest waiting first, then the invoiced ones newest first. */
export function listRequests(db: DB, filter: { organisationId?: string; regions?: string[]; sectors?: string[] }) {
  let query = requestQuery(db);
  if (filter.organisationId) query = query.where('r.organisation_id', '=', filter.organisationId);
  if (filter.regions || filter.sectors) {
    const regions = filter.regions ?? [];
    const sectors = filter.sectors ?? [];
    query = query.where((eb) =>
      eb.or([...(regions.length ? [eb('o.region_code', 'in', regions)] : []), ...(sectors.length ? [eb('o.sector_code', 'in', sectors)] : []), eb.val(false)]),
    );
  }
  return query
    .orderBy(sql`r.status = 'received'`, 'desc')
    .orderBy(sql`CASE WHEN r.status = 'received' THEN r.created_at END`, 'asc')
    .orderBy('r.created_at', 'desc')
    .limit(500)
    .execute();
}
