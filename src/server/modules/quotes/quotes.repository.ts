import { sql, type Kysely, type Transaction } from 'kysely';
import type { QuoteLine, QuoteRequest } from '../../../domain/fees/quote.js';
import type { IsoDate } from '../../../domain/iso-date.js';
import type { QuoteStatus } from '../../../shared/schemas/quote.js';
import type { DB } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { AgreedPrice } from './quote-prices.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A saved quotation, with the prices it was issued with. */
export interface StoredQuote {
  id: string;
  reference: string;
  issuedOn: IsoDate;
  validUntil: IsoDate;
  request: QuoteRequest;
  lines: QuoteLine[];
  totalPence: number;
  priceOnRequest: boolean;
  feeSchedule: { id: string; name: string };
  status: QuoteStatus;
  accessKeyHash: string;
  /** Central Office's prices for lines priced on request, by line index (docs/decisions/025). */
  agreedPrices: AgreedPrice[];
  /** Increments with every change, so two people pricing the quote cannot overwrite each other. */
  version: number;
  pricedAt: Date | null;
  pricedBy: string | null;
}

export interface NewQuote {
  reference: string;
  issuedOn: IsoDate;
  validUntil: IsoDate;
  request: QuoteRequest;
  lines: readonly QuoteLine[];
  totalPence: number;
  priceOnRequest: boolean;
  feeScheduleId: string;
  accessKeyHash: string;
  status: QuoteStatus;
}

/** The next number from the quote sequence. Sequences never hand out a number twice, even after a rollback. */
export async function nextQuoteNumber(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT nextval('quote_reference_seq') AS n`.execute(db);
  return Number(rows[0]!.n);
}

export async function insertQuote(db: Db, quote: NewQuote): Promise<string> {
  const row = await db
    .insertInto('quotes')
    .values({
      reference: quote.reference,
      issued_on: quote.issuedOn,
      valid_until: quote.validUntil,
      request: JSON.stringify(quote.request),
      lines: JSON.stringify(quote.lines),
      total_pence: quote.totalPence,
      price_on_request: quote.priceOnRequest,
      fee_schedule_id: quote.feeScheduleId,
      access_key_hash: quote.accessKeyHash,
      status: quote.status,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function selectQuote(db: Db) {
  return db
    .selectFrom('quotes')
    .innerJoin('fee_schedules', 'fee_schedules.id', 'quotes.fee_schedule_id')
    .select([
      'quotes.id',
      'quotes.reference',
      // Dates as text: pg would otherwise turn a date into a Date at local midnight.
      sql<string>`to_char(quotes.issued_on, 'YYYY-MM-DD')`.as('issued_on'),
      sql<string>`to_char(quotes.valid_until, 'YYYY-MM-DD')`.as('valid_until'),
      'quotes.request',
      'quotes.lines',
      'quotes.total_pence',
      'quotes.price_on_request',
      'quotes.fee_schedule_id',
      'fee_schedules.name as fee_schedule_name',
      'quotes.status',
      'quotes.access_key_hash',
      'quotes.agreed_prices',
      'quotes.version',
      'quotes.priced_at',
      'quotes.priced_by',
    ]);
}

type QuoteRow = NonNullable<Awaited<ReturnType<ReturnType<typeof selectQuote>['executeTakeFirst']>>>;

export async function findQuoteByReference(db: DB, reference: string): Promise<StoredQuote | undefined> {
  const row = await selectQuote(db).where('quotes.reference', '=', reference).executeTakeFirst();
  return row ? storedQuote(row) : undefined;
}

/** The quote, locked until the transaction ends, so two people pricing it cannot interleave. */
export async function lockQuoteByReference(trx: Transaction<Database>, reference: string): Promise<StoredQuote | undefined> {
  const row = await selectQuote(trx).where('quotes.reference', '=', reference).forUpdate('quotes').executeTakeFirst();
  return row ? storedQuote(row) : undefined;
}

function storedQuote(row: QuoteRow): StoredQuote {
  return {
    id: row.id,
    reference: row.reference,
    issuedOn: row.issued_on,
    validUntil: row.valid_until,
    request: row.request as QuoteRequest,
    lines: row.lines as QuoteLine[],
    totalPence: row.total_pence,
    priceOnRequest: row.price_on_request,
    feeSchedule: { id: row.fee_schedule_id, name: row.fee_schedule_name },
    status: row.status,
    accessKeyHash: row.access_key_hash,
    agreedPrices: row.agreed_prices as AgreedPrice[],
    version: row.version,
    pricedAt: row.priced_at === null ? null : new Date(row.priced_at),
    pricedBy: row.priced_by,
  };
}

export interface PricesChange {
  agreedPrices: readonly AgreedPrice[];
  totalPence: number;
  status: QuoteStatus;
  validUntil: IsoDate;
  pricedAt: Date | null;
  pricedBy: string | null;
}

/** Saves Central Office's prices and what follows from them; gives the quote's new version. */
export async function saveAgreedPrices(trx: Transaction<Database>, id: string, change: PricesChange): Promise<number> {
  const row = await trx
    .updateTable('quotes')
    .set({
      agreed_prices: JSON.stringify(change.agreedPrices),
      total_pence: change.totalPence,
      status: change.status,
      valid_until: change.validUntil,
      priced_at: change.pricedAt,
      priced_by: change.pricedBy,
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/**
 * Quotes for Central Office's list. The queue of quotes awaiting prices is oldest first, so the
 * longest-waiting request is on top; any other list is newest first.
 */
export async function listQuotes(db: DB, filter: { status?: QuoteStatus; limit: number; offset: number }) {
  let query = db.selectFrom('quotes');
  if (filter.status) query = query.where('status', '=', filter.status);
  const direction = filter.status === 'awaiting_prices' ? 'asc' : 'desc';
  const [rows, count] = await Promise.all([
    query
      .select([
        'reference',
        sql<string>`to_char(issued_on, 'YYYY-MM-DD')`.as('issued_on'),
        sql<string>`to_char(valid_until, 'YYYY-MM-DD')`.as('valid_until'),
        sql<string>`request->>'organisationType'`.as('organisation_type'),
        'lines',
        'agreed_prices',
        'total_pence',
        'status',
      ])
      .orderBy('created_at', direction)
      .orderBy('reference', direction)
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function userLabel(db: DB, id: string) {
  return db.selectFrom('users').select(['email', 'name']).where('id', '=', id).executeTakeFirst();
}
