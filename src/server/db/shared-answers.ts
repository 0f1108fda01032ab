import { sql } from 'kysely';
import type { DB } from './database.js';

/**
 * Answers shared between requests until the data they read changes (decision 171).
 *
 * Every table of the public schema, except those listed in TABLES_WITHOUT_CHANGE_RECORD, has a
 * statement trigger that records the writing transaction's id in `data_changes` (migration
 * 2026-11-25T0400-data-changes). An answer is stored with the PostgreSQL snapshot taken just
 * before it was computed; it is given again only while no transaction that snapshot could not see
 * has committed a change since. That holds across any number of app instances on one database,
 * because the record of changes is in the database, not in an instance.
 */

/**
 * Tables with no change record, so writing them never makes a shared answer be computed again. A
 * table belongs here only if no shared answer reads it (workspace home, network report, network
 * map) and it is written while people merely read pages or by the app's own machinery; anything
 * else must keep the trigger, or a dashboard would show a figure from before a committed change.
 * The migration skips these tables and data-changes.int.test.ts fails for any other table of the
 * public schema without the trigger. Taking a table off this list needs a new migration that gives
 * it the trigger on the databases made before.
 */
export const TABLES_WITHOUT_CHANGE_RECORD = [
  // The record itself, and the migrator's own tables.
  'data_changes',
  'kysely_migration',
  'kysely_migration_lock',
  // Written on every signed-in request (last seen) and on every sign-in attempt.
  'sessions',
  'login_attempts',
  'one_time_tokens',
  // Written while reading: a refused read of an organisation or a record is audited.
  'audit_events',
  // The mail worker claims and leases messages every few seconds on every instance.
  'outbox_messages',
  // Kept by triggers on meetings and the tables a listing reads, which have the change record themselves.
  'meeting_listing_revision',
  // Record-import runs (decision 172): progress written every half second while a file is handled.
  // An import's records are written in their own transaction, which the trigger on those tables records.
  'record_import_runs',
] as const;

/** An answer is never given older than this, even with no change recorded (see `pruneDataChanges`). */
export const SHARED_ANSWER_MAX_AGE_MS = 10 * 60 * 1000;
/** At most this many answers are kept per database handle; the least recently used goes first. */
export const SHARED_ANSWER_LIMIT = 500;
/** `pruneDataChanges` keeps the change record of this long. */
export const DATA_CHANGES_KEPT_MS = 24 * 60 * 60 * 1000;

interface Entry {
  /** pg_current_snapshot() as text, taken before the first query of the computation. */
  snapshot: string;
  value: unknown;
  at: number;
}

interface Store {
  entries: Map<string, Entry>;
  computing: Map<string, Promise<unknown>>;
  /** Computations made, by the answer's name (for tests and measuring). */
  computed: Map<string, number>;
}

// One store per database handle: a handle is what an app instance has, so two handles in one
// process behave as two instances, and a test database's answers go with it.
const stores = new WeakMap<DB, Store>();

function storeOf(db: DB): Store {
  let store = stores.get(db);
  if (!store) {
    store = { entries: new Map(), computing: new Map(), computed: new Map() };
    stores.set(db, store);
  }
  return store;
}

export interface AnswerKey {
  /** What is answered, e.g. 'workspace-home'. */
  name: string;
  /** Everything else the answer depends on: the person's scope, the query, today's date. */
  parts: unknown;
}

const keyText = (key: AnswerKey) => `${key.name}\u0000${JSON.stringify(key.parts)}`;

/** True if a transaction the snapshot could not see has since committed a change to a recorded table. */
async function changedSince(db: DB, snapshot: string): Promise<boolean> {
  const { rows } = await sql<{ changed: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM data_changes
      WHERE txid >= pg_snapshot_xmin(${snapshot}::pg_snapshot) AND NOT pg_visible_in_snapshot(txid, ${snapshot}::pg_snapshot)
    ) AS changed`.execute(db);
  return rows[0]?.changed ?? true;
}

/**
 * The answer for `key`: the stored one if it is younger than SHARED_ANSWER_MAX_AGE_MS and nothing
 * it could have read has changed since, otherwise `compute(db)`'s, stored for the next request.
 *
 * The snapshot is taken, and awaited, before the computation's first query, and the computation
 * runs as it would without sharing (its queries in parallel on the pool, each at READ COMMITTED).
 * Each query therefore sees at least every transaction the snapshot sees, and any transaction it
 * sees beyond them is one the snapshot did not see, so once committed it makes the stored answer
 * count as changed. A transaction in flight when the snapshot was taken is likewise invisible to
 * it, so its commit, before or after the computation, invalidates too. The answer can be computed
 * again once needlessly (a change committed during the computation), never given stale.
 *
 * Requests for the same key while it is being computed wait for that computation, then check its
 * answer like any stored one (it may have started before a change they must see); the request that
 * started a computation gets its answer directly, since it began after that request did.
 */
export async function sharedAnswer<T>(db: DB, key: AnswerKey, compute: (db: DB) => Promise<T>): Promise<T> {
  const store = storeOf(db);
  const k = keyText(key);
  // Bounded: under a stream of changes each round follows a newly committed change; after a few
  // rounds this request computes its own answer.
  for (let round = 0; round < 3; round++) {
    const entry = store.entries.get(k);
    if (entry && Date.now() - entry.at < SHARED_ANSWER_MAX_AGE_MS && !(await changedSince(db, entry.snapshot))) {
      store.entries.delete(k);
      store.entries.set(k, entry);
      return entry.value as T;
    }
    const running = store.computing.get(k);
    if (!running) return (await startComputing(db, store, k, key.name, compute)) as T;
    await running.catch(() => undefined);
  }
  return (await startComputing(db, store, k, key.name, compute)) as T;
}

function startComputing(db: DB, store: Store, k: string, name: string, compute: (db: DB) => Promise<unknown>): Promise<unknown> {
  const run = (async () => {
    const at = Date.now();
    const { rows } = await sql<{ snapshot: string }>`SELECT pg_current_snapshot()::text AS snapshot`.execute(db);
    const snapshot = rows[0]!.snapshot;
    store.computed.set(name, (store.computed.get(name) ?? 0) + 1);
    const value = await compute(db);
    store.entries.delete(k);
    store.entries.set(k, { snapshot, value, at });
    while (store.entries.size > SHARED_ANSWER_LIMIT) store.entries.delete(store.entries.keys().next().value!);
    return value;
  })();
  store.computing.set(k, run);
  void run.catch(() => undefined).finally(() => {
    if (store.computing.get(k) === run) store.computing.delete(k);
  });
  return run;
}

/** How many times each answer has been computed on this database handle (not served from the store). */
export function sharedAnswerComputations(db: DB, name: string): number {
  return storeOf(db).computed.get(name) ?? 0;
}

/**
 * Deletes the change record older than DATA_CHANGES_KEPT_MS (run daily). Safe because a stored
 * answer is only ever compared with the changes of transactions its snapshot could not see, and no
 * answer is older than SHARED_ANSWER_MAX_AGE_MS (10 minutes): a row can matter only if its
 * transaction committed within the last 10 minutes, and `changed_at` is when it first wrote, so a
 * row written more than a day ago belongs to a transaction that committed long ago, unless one ran
 * for nearly a day; Partner Hub's transactions last a request or a batch of a job (seconds). A row
 * still uncommitted is invisible to the DELETE and stays.
 */
export async function pruneDataChanges(db: DB, now: Date = new Date()): Promise<number> {
  const result = await db.deleteFrom('data_changes').where('changed_at', '<', new Date(now.getTime() - DATA_CHANGES_KEPT_MS)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
