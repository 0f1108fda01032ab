// npm run bench:listing-check -- --database-url postgres://postgres@127.0.0.1:5432/partner_hub_scale_next [--today 2026-11-24] [--runs 2] [--batch 2000]
// Times the daily listing check (runListingRefresh) over a scale data set and how long any one of
// its transactions is open, read from pg_stat_activity every 20 ms by a second connection: all of
// them (reads included), and those that lock or write rows (they have a transaction id), which
// are the ones that make an edit of a meeting wait. The check writes to the database, so the database is named on the
// command line and has no default: never point it at a data set others are measuring against.
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { openDatabase } from '../src/server/db/database.js';
import { loadConfig } from '../src/server/env.js';
import { runListingRefresh } from '../src/server/modules/meetings/listing.service.js';
import { SCALE_DAY } from './scale-data.js';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    today: { type: 'string' },
    runs: { type: 'string', default: '2' },
    batch: { type: 'string' },
  },
});
if (!values['database-url']) throw new Error('Name the database: --database-url postgres://…/partner_hub_scale_next');
const today = values.today ?? SCALE_DAY;
const runs = Number(values.runs);
const batchSize = values.batch === undefined ? undefined : Number(values.batch);
const application = 'ph-listing-check-bench';
const url = new URL(values['database-url']);
url.searchParams.set('application_name', application);

const config = loadConfig({ DATABASE_URL: url.toString(), NODE_ENV: 'production' });
const database = await openDatabase(config.database);
const reader = new pg.Client({ connectionString: values['database-url'] });
await reader.connect();
try {
  for (let run = 1; run <= runs; run += 1) {
    const revisionBefore = (await reader.query(`SELECT revision::text AS r FROM meeting_listing_revision`)).rows[0].r as string;
    // The watcher is its own process, so the check's work in this one cannot hold its readings up.
    const watcher = startWatcher(values['database-url'], application);
    await watcher.ready;
    const started = Date.now();
    const result = await runListingRefresh({ db: database.db, config, now: () => new Date(`${today}T09:00:00Z`) }, today, batchSize ? { batchSize } : {});
    const ms = Date.now() - started;
    const { transactions, locking, longest, longestLocking } = await watcher.stop();
    const revisionAfter = (await reader.query(`SELECT revision::text AS r FROM meeting_listing_revision`)).rows[0].r as string;
    console.log(
      `Run ${run} on ${today}: ${ms.toLocaleString('en-GB')} ms; ${result.checked.toLocaleString('en-GB')} checked, ${result.changed.toLocaleString('en-GB')} changed ` +
        `(${result.takenOff} taken off, ${result.returned} returned); longest transaction seen ${Math.round(longest).toLocaleString('en-GB')} ms ` +
        `over ${transactions} transactions seen; longest holding row locks ${Math.round(longestLocking).toLocaleString('en-GB')} ms over ${locking} seen; ` +
        `listing revision ${revisionBefore} → ${revisionAfter}.`,
    );
  }
} finally {
  await reader.end();
  await database.close();
}

/**
 * A child process reading pg_stat_activity every 20 ms for the check's connections: every
 * transaction by backend and start, with the longest age seen; and those holding row locks (they
 * have a transaction id). It reports when its input is closed.
 */
function startWatcher(connectionString: string, applicationName: string) {
  const code = `
    const pg = require('pg');
    const client = new pg.Client({ connectionString: ${JSON.stringify(connectionString)} });
    const all = new Map(), locking = new Map();
    let watching = true;
    process.stdin.on('end', () => { watching = false; });
    process.stdin.resume();
    (async () => {
      await client.connect();
      process.stdout.write('ready\\n');
      while (watching) {
        const rows = await client.query("SELECT pid, xact_start::text AS started, backend_xid::text AS xid, extract(epoch FROM clock_timestamp() - xact_start) * 1000 AS ms FROM pg_stat_activity WHERE application_name = $1 AND xact_start IS NOT NULL", [${JSON.stringify(applicationName)}]);
        for (const r of rows.rows) {
          all.set(r.pid + '/' + r.started, Math.max(all.get(r.pid + '/' + r.started) || 0, Number(r.ms)));
          if (r.xid) locking.set(r.pid + '/' + r.xid, Math.max(locking.get(r.pid + '/' + r.xid) || 0, Number(r.ms)));
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await client.end();
      process.stdout.write(JSON.stringify({ transactions: all.size, locking: locking.size, longest: Math.max(0, ...all.values()), longestLocking: Math.max(0, ...locking.values()) }) + '\\n');
    })();`;
  const child = spawn(process.execPath, ['-e', code], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const ready = new Promise<void>((resolve) => {
    const check = () => (out.includes('ready') ? resolve() : setTimeout(check, 10));
    check();
  });
  return {
    ready,
    async stop(): Promise<{ transactions: number; locking: number; longest: number; longestLocking: number }> {
      child.stdin.end();
      await new Promise((resolve) => child.on('exit', resolve));
      return JSON.parse(out.split('\n').filter((line) => line.startsWith('{')).at(-1)!);
    },
  };
}
