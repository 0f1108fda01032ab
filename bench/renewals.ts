// npm run bench:renewals: the renewal run over 100,000 licences on PostgreSQL (issue budget: 60 s).
// Makes its own database (BENCH_DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/postgres),
// 20,000 organisations with five licences each at one site, all due for their first reminder today,
// and 100,000 meetings at those sites (BENCH_MEETINGS), whose listings the run checks again.
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { loadConfig } from '../src/server/env.js';
import { runListingRefresh } from '../src/server/modules/meetings/listing.service.js';
import { runRenewals } from '../src/server/modules/renewals/renewals.service.js';

const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const licences = Number(process.env.BENCH_LICENCES ?? 100_000);
const perOrganisation = 5;
const meetings = Number(process.env.BENCH_MEETINGS ?? licences);
const organisations = Math.ceil(licences / perOrganisation);
const name = 'partner_hub_bench_renewals';

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await adminQuery(`CREATE DATABASE ${name}`);
const url = new URL(admin);
url.pathname = `/${name}`;
const config = loadConfig({ DATABASE_URL: url.toString(), NODE_ENV: 'production' });
const database = await openDatabase(config.database);
try {
  await migrateToLatest(database.db);
  let started = Date.now();
  await sql`
    WITH orgs AS (
      INSERT INTO organisations (name, organisation_type, sector_code, region_code)
      SELECT 'Benchmark Service ' || g, 'non-profit', 'treatment-service', 'north-west' FROM generate_series(1, ${organisations}) g RETURNING id, name
    ), sites AS (
      INSERT INTO sites (organisation_id, name, address, postcode, nation_code, region_code)
      SELECT id, name || ' site', '1 Bench Street', 'PR1 8BU', 'england', 'north-west' FROM orgs RETURNING id, organisation_id
    ), invoices AS (
      INSERT INTO invoices (number, organisation_id, kind, billing_name, billing_email, issued_on, due_on, total_pence, fee_schedule_id, source_type, source_id, paid_at)
      SELECT row_number() OVER (), organisation_id, 'new', 'Finance', 'finance@bench.partnerhub.test', '2026-01-01', '2026-01-31', 380000, 'april-2026', 'bench', organisation_id::text, now()
      FROM sites RETURNING id, organisation_id
    )
    INSERT INTO licences (number, organisation_id, site_id, licence_type, starts_on, ends_on, issued_by_invoice_id)
    SELECT 'UKSR-' || t.code || '-2026-' || lpad((row_number() OVER ())::text, 7, '0'), s.organisation_id, s.id, t.type, '2026-01-21', '2027-01-20', i.id
    FROM sites s JOIN invoices i ON i.organisation_id = s.organisation_id
    CROSS JOIN (VALUES ('SR', 'smart-recovery'), ('FF', 'family-and-friends'), ('CJ', 'criminal-justice'), ('VET', 'veterans'), ('COM', 'community')) AS t(code, type)`.execute(database.db);
  await sql`UPDATE document_sequences SET next_value = ${organisations + 1} WHERE name = 'invoice'`.execute(database.db);
  // The run also judges every meeting's public listing again (refreshListings 'all'), so the
  // network has meetings too: BENCH_MEETINGS (default one per licence) at the same sites.
  await sql`
    INSERT INTO meetings (slug, name, programme_code, provider, organisation_id, site_id, nation_code, region_code, attendance, frequency, day,
                          start_time, end_time, starts_on, access, audiences, listed_publicly, latitude, longitude, publicly_visible)
    SELECT 'bench-meeting-' || g, 'Bench meeting ' || g, 'smart-recovery', 'partner', s.organisation_id, s.id, 'england', 'north-west', 'in_person', 'weekly', g % 7,
           '18:00', '19:30', '2026-01-05', 'open', '{}', true, 53.76, -2.70, false
    FROM generate_series(1, ${meetings}) g
    JOIN (SELECT id, organisation_id, row_number() OVER (ORDER BY id) AS n FROM sites) s ON s.n = 1 + (g % ${organisations})`.execute(database.db);
  await sql`ANALYZE`.execute(database.db);
  console.log(`Set up ${organisations * perOrganisation} licences and ${meetings} meetings in ${Date.now() - started} ms.`);
  // Their first listing check (each gets its reasons) is not part of the daily run being measured.
  started = Date.now();
  const first = await runListingRefresh({ db: database.db, config, now: () => new Date('2026-11-20T09:00:00Z') }, '2026-11-20');
  console.log(`First listing check of ${first.checked} meetings: ${Date.now() - started} ms (${first.changed} changed).`);

  started = Date.now();
  const result = await runRenewals(
    { db: database.db, config, now: () => new Date('2026-11-21T09:00:00Z') },
    { today: '2026-11-21', onProgress: (done, total) => done % 2000 === 0 && console.log(`  ${done} of ${total} organisation-months`) },
  );
  const ms = Date.now() - started;
  console.log(`Renewal run over ${organisations * perOrganisation} licences and ${meetings} meetings: ${ms} ms (${result.invoicesIssued} invoices, ${result.remindersSent} reminders).`);
  console.log(`| Renewal run, ${organisations * perOrganisation} licences due (PostgreSQL) | ${ms.toLocaleString('en-GB')} ms | 60,000 ms | ${ms <= 60_000 ? 'met' : 'missed'} |`);
  // A second run on the same day does nothing again.
  started = Date.now();
  const again = await runRenewals({ db: database.db, config, now: () => new Date('2026-11-21T10:00:00Z') }, { today: '2026-11-21' });
  console.log(`Repeat run the same day: ${Date.now() - started} ms, ${again.invoicesIssued} invoices, ${again.remindersSent} reminders.`);
} finally {
  await database.close();
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
