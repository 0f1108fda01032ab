// npm run bench:meeting-feed: the Meeting Guide feed over 100,000 listed meetings (issue budget: the
// whole feed in ≤ 2 s, a 304 in < 5 ms). On PostgreSQL (BENCH_DATABASE_URL's server, default
// postgres://postgres@127.0.0.1:5432/postgres) or, with BENCH_PGLITE=1, on PGlite in memory.
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import { openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { loadConfig } from '../src/server/env.js';

const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const meetings = Number(process.env.BENCH_MEETINGS ?? 100_000);
const onPglite = process.env.BENCH_PGLITE === '1';
const name = 'partner_hub_bench_meeting_feed';

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

let databaseUrl: string | undefined;
if (!onPglite) {
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
}
const config = loadConfig({ ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { PGLITE_DIR: 'memory://' }), NODE_ENV: 'production', LOG_LEVEL: 'silent' });
const database = await openDatabase(config.database);
const app = await buildApp({ config, db: database.db });
const ms = (started: number) => Math.round((performance.now() - started) * 10) / 10;
try {
  await migrateToLatest(database.db);
  const organisation = await database.db
    .insertInto('organisations')
    .values({ name: 'Benchmark Service', organisation_type: 'non-profit', sector_code: 'treatment-service', region_code: 'north-west' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const site = await database.db
    .insertInto('sites')
    .values({ organisation_id: organisation.id, name: 'Benchmark site', address: '1 Bench Street, Preston', postcode: 'PR1 8BU', nation_code: 'england', region_code: 'north-west' })
    .returning('id')
    .executeTakeFirstOrThrow();
  let started = performance.now();
  await sql`
    INSERT INTO meetings (slug, name, programme_code, provider, organisation_id, site_id, nation_code, region_code, attendance,
      online_url, day, start_time, end_time, starts_on, access, audiences, listed_publicly, latitude, longitude,
      location_approximate, publicly_visible, description)
    SELECT 'bench-meeting-' || g, 'Benchmark meeting ' || g, 'smart-recovery', 'partner', ${organisation.id}, ${site.id}, 'england', 'north-west',
      CASE WHEN g % 3 = 0 THEN 'hybrid' ELSE 'in_person' END, 'https://zoom.example/j/' || g, g % 7, '18:30', '20:00', '2026-01-06',
      'open', ARRAY['women'], true, 53.7 + g / 1000000.0, -2.7, false, true,
      'A friendly group meeting weekly in the community room; newcomers welcome.'
    FROM generate_series(1, ${meetings}) g`.execute(database.db);
  console.log(`${meetings.toLocaleString('en-GB')} meetings inserted in ${ms(started)} ms (${onPglite ? 'PGlite' : 'PostgreSQL'}).`);

  for (let round = 1; round <= 3; round++) {
    await database.db.updateTable('meetings').set({ name: `Benchmark meeting renamed ${round}` }).where('slug', '=', 'bench-meeting-1').execute();
    started = performance.now();
    const cold = await app.inject({ method: 'GET', url: '/feeds/meeting-guide.json' });
    const coldMs = ms(started);
    started = performance.now();
    await app.inject({ method: 'GET', url: '/feeds/meeting-guide.json' });
    const warmMs = ms(started);
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      started = performance.now();
      const res = await app.inject({ method: 'GET', url: '/feeds/meeting-guide.json', headers: { 'if-none-match': cold.headers.etag as string } });
      if (res.statusCode !== 304) throw new Error(`expected 304, got ${res.statusCode}`);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(
      `round ${round}: whole feed after a change ${coldMs} ms (${(cold.rawPayload.length / 1e6).toFixed(1)} MB), unchanged ${warmMs} ms, ` +
        `304 median ${times[25]!.toFixed(2)} ms, 95th percentile ${times[47]!.toFixed(2)} ms`,
    );
  }
} finally {
  await app.close();
  await database.close();
  if (!onPglite && !process.env.BENCH_KEEP) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
