import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

export type SequenceName = 'invoice' | 'credit_note' | 'licence';

/**
 * The next number of a gapless sequence. Call it inside the transaction that uses the number: the
 * row lock makes concurrent callers wait, and a rollback returns the number, so numbers are
 * consecutive with no gaps and never reused.
 */
export async function nextNumber(trx: Kysely<Database> | Transaction<Database>, name: SequenceName): Promise<number> {
  return (await nextNumbers(trx, name, 1))[0]!;
}

/** The next `count` numbers, consecutive; every one must be used in the same transaction. */
export async function nextNumbers(trx: Kysely<Database> | Transaction<Database>, name: SequenceName, count: number): Promise<number[]> {
  if (count === 0) return [];
  const row = await sql<{ value: number | string }>`
    UPDATE document_sequences SET next_value = next_value + ${count}::int WHERE name = ${name} RETURNING next_value - ${count}::int AS value`.execute(trx);
  const value = row.rows[0]?.value;
  if (value === undefined) throw new Error(`No document sequence named ${name}`);
  return Array.from({ length: count }, (_, i) => Number(value) + i);
}
