import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/test-database.js';
import type { DB } from './database.js';
import { pruneDataChanges, SHARED_ANSWER_LIMIT, sharedAnswer, sharedAnswerComputations } from './shared-answers.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.insertInto('postcodes').values({ postcode: 'ZZ1 1ZZ', latitude: 51.5, longitude: -0.1, town: 'First' }).execute();
});
afterAll(async () => database?.close());

/** An answer that reads a table: the town of one postcode, counting each computation. */
const townOf = (db: DB, name: string, calls: { n: number } = { n: 0 }) =>
  sharedAnswer(db, { name, parts: { postcode: 'ZZ1 1ZZ' } }, async (d) => {
    calls.n += 1;
    const row = await d.selectFrom('postcodes').select('town').where('postcode', '=', 'ZZ1 1ZZ').executeTakeFirstOrThrow();
    return row.town;
  });

describe('an answer shared until the data changes (decision 171)', () => {
  it('is computed once while nothing changes, and again right after a committed change', async () => {
    const db = database.db;
    const calls = { n: 0 };
    expect(await townOf(db, 'town', calls)).toBe('First');
    expect(await townOf(db, 'town', calls)).toBe('First');
    expect(calls.n).toBe(1);
    expect(sharedAnswerComputations(db, 'town')).toBe(1);

    // A change to a table the answer does not read invalidates as well (the record is of transactions, not tables).
    await db.updateTable('postcodes').set({ town: 'Second' }).where('postcode', '=', 'ZZ1 1ZZ').execute();
    expect(await townOf(db, 'town', calls)).toBe('Second');
    expect(calls.n).toBe(2);

    // A change rolled back leaves no record, and the answer stays right.
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('postcodes').set({ town: 'Never' }).where('postcode', '=', 'ZZ1 1ZZ').execute();
      throw new Error('rolled back');
    }).catch(() => undefined);
    expect(await townOf(db, 'town', calls)).toBe('Second');
    expect(calls.n).toBe(2);

    // Reading pages writes sessions and the audit log, which are left out of the record.
    await db.insertInto('audit_events').values({ action: 'test.read', entity_type: 'test', actor_user_id: null, actor_label: 'test', entity_id: null, before: null, after: null, ip: null, request_id: null }).execute();
    await sql`UPDATE sessions SET last_seen_at = now()`.execute(db);
    expect(await townOf(db, 'town', calls)).toBe('Second');
    expect(calls.n).toBe(2);
  });

  it('shares one computation among requests that miss at the same time', async () => {
    const db = database.db;
    const calls = { n: 0 };
    const answers = await Promise.all(Array.from({ length: 5 }, () => townOf(db, 'town-together', calls)));
    expect(answers).toEqual(Array(5).fill('Second'));
    expect(calls.n).toBe(1);
  });

  it('keeps a bounded number of answers, the least recently used going first', async () => {
    const db = database.db;
    const calls = new Map<number, number>();
    const ask = (i: number) =>
      sharedAnswer(db, { name: 'bounded', parts: { i } }, async () => {
        calls.set(i, (calls.get(i) ?? 0) + 1);
        return i;
      });
    for (let i = 0; i <= SHARED_ANSWER_LIMIT; i++) await ask(i);
    // 0 was the least recently used when answer 500 came in, so it was let go; 1 is still kept.
    await ask(1);
    await ask(0);
    expect(calls.get(1)).toBe(1);
    expect(calls.get(0)).toBe(2);
  });

  it('keeps a day of the change record when pruned', async () => {
    const db = database.db;
    await db.updateTable('postcodes').set({ town: 'Third' }).where('postcode', '=', 'ZZ1 1ZZ').execute();
    const before = await db.selectFrom('data_changes').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(await pruneDataChanges(db)).toBe(0);
    expect(await pruneDataChanges(db, new Date(Date.now() + 25 * 60 * 60 * 1000))).toBe(before.n);
  });
});
