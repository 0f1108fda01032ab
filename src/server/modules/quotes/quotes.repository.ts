import { sql, type Kysely, type Transaction } from 'kysely';
import type { QuoteLine, QuoteRequest } from '../../../domain/fees/quote.js';
import type { IsoDate } from '../../../domain/iso-date.js';
import type { QuoteStatus } from '../../../shared/schemas/quote.js';
import type { DB } from '../../db/database.js';
import type { Database } from '../../db/schema.js';

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

export async function findQuoteByReference(db: DB, reference: string): Promise<StoredQuote | undefined> {
  const row = await db
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
    ])
    .where('quotes.reference', '=', reference)
    .executeTakeFirst();
  if (!row) return undefined;
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
  };
}
