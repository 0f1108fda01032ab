// npm run bench:renewals: the renewal run over 100,000 licences on PostgreSQL (issue budget: 60 s).
// Makes its own database (BENCH_DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432/postgres),
// 20,000 organisations with five licences each at one site, all due for their first reminder today.
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { loadConfig } from '../src/server/env.js';
import { runRenewals } from '../src/server/modules/renewals/renewals.service.js';

const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const licences = Number(process.env.BENCH_LICENCES ?? 100_000);
const perOrganisation = 5;
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
  await sql`ANALYZE`.execute(database.db);
  console.log(`Set up ${organisations * perOrganisation} licences in ${Date.now() - started} ms.`);

  started = Date.now();
  const result = await runRenewals(
    { db: database.db, config, now: () => new Date('2026-11-21T09:00:00Z') },
    { today: '2026-11-21', onProgress: (done, total) => done % 2000 === 0 && console.log(`  ${done} of ${total} organisation-months`) },
  );
  const ms = Date.now() - started;
  console.log(`Renewal run over ${organisations * perOrganisation} licences: ${ms} ms (${result.invoicesIssued} invoices, ${result.remindersSent} reminders).`);
  console.log(`| Renewal run, ${organisations * perOrganisation} licences due (PostgreSQL) | ${ms.toLocaleString('en-GB')} ms | 60,000 ms | ${ms <= 60_000 ? 'met' : 'missed'} |`);
  // A second run on the same day does nothing again.
  started = Date.now();
  const again = await runRenewals({ db: database.db, config, now: () => new Date('2026-11-21T10:00:00Z') }, { today: '2026-11-21' });
  console.log(`Repeat run the same day: ${Date.now() - started} ms, ${again.invoicesIssued} invoices, ${again.remindersSent} reminders.`);
} finally {
  await database.close();
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
