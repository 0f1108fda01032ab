/**
 * A large, realistic, repeatable Partner Hub network on PostgreSQL (issue: performance at scale).
 * Everything random comes from hashing the seed with the row's number, so the same seed gives the
 * same data whatever order PostgreSQL inserts rows in. Towns are real UK places with approximate
 * centres; every organisation, person, email and phone number is invented.
 */
import pg from 'pg';
import { openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { loadConfig } from '../src/server/env.js';

export interface ScaleOptions {
  databaseUrl: string;
  seed: number;
  meetings: number;
  organisations: number;
  facilitators: number;
  surveyResponses: number;
  /** Recreate the database even if it already holds this data set. */
  fresh: boolean;
  log?: (line: string) => void;
}

export const DEFAULT_SCALE: Omit<ScaleOptions, 'databaseUrl'> = {
  seed: 1,
  meetings: 100_000,
  // Ten times today's network: 770 licences → about 7,700 at 3,000 organisations.
  organisations: 3_000,
  facilitators: 20_000,
  surveyResponses: 1_000_000,
  fresh: false,
};

/** Town centres (approximate), their postcode district and UKSR region. */
export const TOWNS: readonly { name: string; lat: number; lng: number; district: string; region: string; nation: string }[] = [
  { name: 'Preston', lat: 53.7632, lng: -2.7031, district: 'PR1', region: 'north-west', nation: 'england' },
  { name: 'Manchester', lat: 53.4808, lng: -2.2426, district: 'M1', region: 'north-west', nation: 'england' },
  { name: 'Liverpool', lat: 53.4084, lng: -2.9916, district: 'L1', region: 'north-west', nation: 'england' },
  { name: 'Blackpool', lat: 53.8175, lng: -3.0357, district: 'FY1', region: 'north-west', nation: 'england' },
  { name: 'Carlisle', lat: 54.8925, lng: -2.9329, district: 'CA1', region: 'north-west', nation: 'england' },
  { name: 'Lancaster', lat: 54.0466, lng: -2.8007, district: 'LA1', region: 'north-west', nation: 'england' },
  { name: 'Leeds', lat: 53.8008, lng: -1.5491, district: 'LS1', region: 'north-east-yorkshire', nation: 'england' },
  { name: 'Sheffield', lat: 53.3811, lng: -1.4701, district: 'S1', region: 'north-east-yorkshire', nation: 'england' },
  { name: 'Newcastle upon Tyne', lat: 54.9783, lng: -1.6178, district: 'NE1', region: 'north-east-yorkshire', nation: 'england' },
  { name: 'York', lat: 53.959, lng: -1.0815, district: 'YO1', region: 'north-east-yorkshire', nation: 'england' },
  { name: 'Hull', lat: 53.7457, lng: -0.3367, district: 'HU1', region: 'north-east-yorkshire', nation: 'england' },
  { name: 'Middlesbrough', lat: 54.5742, lng: -1.2348, district: 'TS1', region: 'north-east-yorkshire', nation: 'england' },
  { name: 'Birmingham', lat: 52.4862, lng: -1.8904, district: 'B1', region: 'midlands-london', nation: 'england' },
  { name: 'Nottingham', lat: 52.9548, lng: -1.1581, district: 'NG1', region: 'midlands-london', nation: 'england' },
  { name: 'Leicester', lat: 52.6369, lng: -1.1398, district: 'LE1', region: 'midlands-london', nation: 'england' },
  { name: 'Coventry', lat: 52.4068, lng: -1.5197, district: 'CV1', region: 'midlands-london', nation: 'england' },
  { name: 'Stoke-on-Trent', lat: 53.0027, lng: -2.1794, district: 'ST1', region: 'midlands-london', nation: 'england' },
  { name: 'Derby', lat: 52.9225, lng: -1.4746, district: 'DE1', region: 'midlands-london', nation: 'england' },
  { name: 'London', lat: 51.5072, lng: -0.1276, district: 'EC1A', region: 'midlands-london', nation: 'england' },
  { name: 'Croydon', lat: 51.3762, lng: -0.0982, district: 'CR0', region: 'midlands-london', nation: 'england' },
  { name: 'Peterborough', lat: 52.5695, lng: -0.2405, district: 'PE1', region: 'midlands-london', nation: 'england' },
  { name: 'Bristol', lat: 51.4545, lng: -2.5879, district: 'BS1', region: 'south-of-england', nation: 'england' },
  { name: 'Southampton', lat: 50.9097, lng: -1.4044, district: 'SO14', region: 'south-of-england', nation: 'england' },
  { name: 'Portsmouth', lat: 50.8198, lng: -1.088, district: 'PO1', region: 'south-of-england', nation: 'england' },
  { name: 'Brighton', lat: 50.8225, lng: -0.1372, district: 'BN1', region: 'south-of-england', nation: 'england' },
  { name: 'Plymouth', lat: 50.3755, lng: -4.1427, district: 'PL1', region: 'south-of-england', nation: 'england' },
  { name: 'Exeter', lat: 50.7184, lng: -3.5339, district: 'EX1', region: 'south-of-england', nation: 'england' },
  { name: 'Norwich', lat: 52.6309, lng: 1.2974, district: 'NR1', region: 'south-of-england', nation: 'england' },
  { name: 'Oxford', lat: 51.752, lng: -1.2577, district: 'OX1', region: 'south-of-england', nation: 'england' },
  { name: 'Reading', lat: 51.4543, lng: -0.9781, district: 'RG1', region: 'south-of-england', nation: 'england' },
  { name: 'Cambridge', lat: 52.2053, lng: 0.1218, district: 'CB1', region: 'south-of-england', nation: 'england' },
  { name: 'Glasgow', lat: 55.8642, lng: -4.2518, district: 'G1', region: 'scotland', nation: 'scotland' },
  { name: 'Edinburgh', lat: 55.9533, lng: -3.1883, district: 'EH1', region: 'scotland', nation: 'scotland' },
  { name: 'Aberdeen', lat: 57.1497, lng: -2.0943, district: 'AB10', region: 'scotland', nation: 'scotland' },
  { name: 'Dundee', lat: 56.462, lng: -2.9707, district: 'DD1', region: 'scotland', nation: 'scotland' },
  { name: 'Inverness', lat: 57.4778, lng: -4.2247, district: 'IV1', region: 'scotland', nation: 'scotland' },
  { name: 'Cardiff', lat: 51.4816, lng: -3.1791, district: 'CF10', region: 'south-wales', nation: 'wales' },
  { name: 'Swansea', lat: 51.6214, lng: -3.9436, district: 'SA1', region: 'south-wales', nation: 'wales' },
  { name: 'Wrexham', lat: 53.0462, lng: -2.9931, district: 'LL11', region: 'north-wales', nation: 'wales' },
  { name: 'Bangor', lat: 53.2274, lng: -4.1293, district: 'LL57', region: 'north-wales', nation: 'wales' },
  { name: 'Belfast', lat: 54.5973, lng: -5.9301, district: 'BT1', region: 'northern-ireland', nation: 'northern-ireland' },
  { name: 'Derry', lat: 54.9966, lng: -7.3086, district: 'BT48', region: 'northern-ireland', nation: 'northern-ireland' },
];

const PROGRAMMES = ['smart-recovery', 'smart-recovery', 'smart-recovery', 'family-and-friends', 'insideout', 'veterans', 'start-smart'];
const LICENCE_FOR: Record<string, string> = {
  'smart-recovery': 'smart-recovery',
  'family-and-friends': 'family-and-friends',
  insideout: 'criminal-justice',
  veterans: 'veterans',
  'start-smart': 'start-smart',
};
const SECTORS = ['treatment-service', 'nhs', 'prison', 'veterans-service', 'youth-service', 'residential', 'voluntary'];

/** Whether the database already holds the data set these options describe. */
async function alreadyThere(client: pg.Client, o: ScaleOptions): Promise<boolean> {
  const exists = await client.query(`SELECT to_regclass('public.scale_data_set') AS t`);
  if (!exists.rows[0].t) return false;
  const row = await client.query(`SELECT options FROM scale_data_set LIMIT 1`);
  const want = JSON.stringify({ seed: o.seed, meetings: o.meetings, organisations: o.organisations, facilitators: o.facilitators, surveyResponses: o.surveyResponses });
  return row.rows[0]?.options === want;
}

async function adminQuery(url: string, text: string) {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Creates (or reuses) the data set; returns what it holds. */
export async function seedScale(o: ScaleOptions): Promise<{ reused: boolean; seconds: number; counts: Record<string, number> }> {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = Date.now();
  const name = new URL(o.databaseUrl).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`The scale database name must be a plain identifier, not "${name}"`);

  let client = new pg.Client({ connectionString: o.databaseUrl });
  let reused = false;
  try {
    await client.connect();
    reused = !o.fresh && (await alreadyThere(client, o));
  } catch {
    // No such database yet: it is created below.
  } finally {
    await client.end().catch(() => undefined);
  }

  if (!reused) {
    log(`Creating ${name} (seed ${o.seed})…`);
    await adminQuery(o.databaseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await adminQuery(o.databaseUrl, `CREATE DATABASE ${name}`);
    const config = loadConfig({ DATABASE_URL: o.databaseUrl, NODE_ENV: 'production' });
    const database = await openDatabase(config.database);
    try {
      await migrateToLatest(database.db);
    } finally {
      await database.close();
    }
    client = new pg.Client({ connectionString: o.databaseUrl });
    await client.connect();
    try {
      await generate(client, o, log);
    } finally {
      await client.end();
    }
  } else {
    log(`Reusing ${name}: it already holds this data set.`);
  }

  client = new pg.Client({ connectionString: o.databaseUrl });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const table of ['organisations', 'sites', 'licences', 'invoices', 'facilitators', 'meetings', 'postcodes']) {
      counts[table] = Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    }
    counts.publiclyVisibleMeetings = Number((await client.query(`SELECT count(*) AS n FROM meetings WHERE publicly_visible`)).rows[0].n);
    const surveys = await client.query(`SELECT to_regclass('public.meeting_surveys') AS t`);
    if (surveys.rows[0].t) counts.surveyResponses = Number((await client.query(`SELECT count(*) AS n FROM meeting_surveys`)).rows[0].n);
    return { reused, seconds: (Date.now() - started) / 1000, counts };
  } finally {
    await client.end();
  }
}

async function generate(client: pg.Client, o: ScaleOptions, log: (line: string) => void) {
  const step = async (label: string, text: string, values: unknown[] = []) => {
    const t = Date.now();
    const result = await client.query(text, values);
    log(`  ${label}: ${result.rowCount ?? 0} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  // r(tag, n): a number in [0, 1) from the seed, a tag and a row number; the same inputs, the same number.
  await client.query(`
    CREATE FUNCTION pg_temp.r(tag text, n bigint) RETURNS double precision LANGUAGE sql IMMUTABLE AS
    $$ SELECT ((hashtextextended(tag || ':' || n, ${Number(o.seed)}) & 2147483647)::double precision / 2147483648.0) $$`);
  await client.query(`CREATE TEMP TABLE towns (i int PRIMARY KEY, name text, lat float8, lng float8, district text, region text, nation text)`);
  for (const [i, t] of TOWNS.entries()) {
    await client.query(`INSERT INTO towns VALUES ($1, $2, $3, $4, $5, $6, $7)`, [i, t.name, t.lat, t.lng, t.district, t.region, t.nation]);
  }
  const towns = TOWNS.length;
  await client.query(`CREATE TEMP TABLE programme_list (i int PRIMARY KEY, code text, licence text)`);
  for (const [i, p] of PROGRAMMES.entries()) await client.query(`INSERT INTO programme_list VALUES ($1, $2, $3)`, [i, p, LICENCE_FOR[p]]);
  await client.query(`CREATE TEMP TABLE sector_list (i int PRIMARY KEY, code text)`);
  for (const [i, s] of SECTORS.entries()) await client.query(`INSERT INTO sector_list VALUES ($1, $2)`, [i, s]);

  await client.query('BEGIN');
  // Postcodes: fifty made-up inward codes per town district, scattered around the centre.
  await step(
    'postcodes',
    `INSERT INTO postcodes (postcode, latitude, longitude, town)
     SELECT t.district || ' ' || (n % 10) || chr(65 + (n / 10) % 26) || chr(65 + (n * 7) % 26),
            t.lat + (pg_temp.r('pc-lat', t.i * 100 + n) - 0.5) * 0.08, t.lng + (pg_temp.r('pc-lng', t.i * 100 + n) - 0.5) * 0.12, t.name
     FROM towns t CROSS JOIN generate_series(0, 49) n
     ON CONFLICT (postcode) DO NOTHING`,
  );
  await step(
    'organisations',
    `INSERT INTO organisations (name, organisation_type, sector_code, region_code, address, postcode)
     SELECT 'Scale Recovery Service ' || g, CASE WHEN pg_temp.r('org-type', g) < 0.8 THEN 'non-profit' ELSE 'for-profit' END,
            (SELECT code FROM sector_list WHERE i = floor(pg_temp.r('org-sector', g) * ${SECTORS.length})::int),
            t.region, g || ' Example Street, ' || t.name, t.district || ' 1AA'
     FROM generate_series(1, $1::int) g JOIN towns t ON t.i = g % ${towns}`,
    [o.organisations],
  );
  await client.query(`CREATE TEMP TABLE org_numbers AS SELECT id, row_number() OVER (ORDER BY name COLLATE "C") AS n, region_code FROM organisations`);
  // One to three sites per organisation, in its own town; a few are satellite premises.
  await step(
    'sites',
    `INSERT INTO sites (organisation_id, name, address, postcode, nation_code, region_code, satellite)
     SELECT o.id, 'Site ' || s || ' of service ' || o.n, s || ' Example Road, ' || t.name, t.district || ' ' || s || 'AB', t.nation, t.region, s = 3
     FROM org_numbers o JOIN towns t ON t.i = o.n % ${towns}
     CROSS JOIN generate_series(1, 3) s
     WHERE s <= 1 + floor(pg_temp.r('sites', o.n) * 3)`,
  );
  await client.query(`CREATE TEMP TABLE site_numbers AS SELECT s.id, s.organisation_id, s.satellite, row_number() OVER (ORDER BY s.name COLLATE "C", s.organisation_id) AS n FROM sites s`);
  await step(
    'invoices (one a year per organisation, 2024–2026)',
    `INSERT INTO invoices (number, organisation_id, kind, billing_name, billing_email, issued_on, due_on, total_pence, fee_schedule_id, source_type, source_id, paid_at)
     SELECT row_number() OVER (ORDER BY o.n, y), o.id, CASE WHEN y = 2024 THEN 'new' ELSE 'renewal' END, 'Finance team', 'finance' || o.n || '@scale.partnerhub.test',
            make_date(y, 1 + (o.n % 12)::int, 1), make_date(y, 1 + (o.n % 12)::int, 1) + 30, 38000 + (o.n % 5) * 10000, 'april-2026', 'scale', o.id::text || ':' || y,
            make_date(y, 1 + (o.n % 12)::int, 20)::timestamptz
     FROM org_numbers o CROSS JOIN generate_series(2024, 2026) y`,
  );
  await client.query(`SELECT setval(pg_get_serial_sequence('invoices', 'id'), 1) WHERE false`);
  await client.query(`UPDATE document_sequences SET next_value = (SELECT max(number) + 1 FROM invoices) WHERE name = 'invoice'`);
  // Licences: one per site and type, in its current period (renewal extends the same licence):
  // a SMART Recovery licence at every main site, programme licences at some, a Satellite licence at
  // satellite premises, and one in forty lapsed after last year's period.
  await step(
    'licences',
    `INSERT INTO licences (number, organisation_id, site_id, licence_type, starts_on, ends_on, status, issued_by_invoice_id)
     SELECT 'UKSR-SCALE-' || lpad(row_number() OVER (ORDER BY s.n, p.licence)::text, 7, '0'), s.organisation_id, s.id,
            CASE WHEN s.satellite THEN 'satellite' ELSE p.licence END, starts_on, (starts_on + interval '1 year' - interval '1 day')::date,
            CASE WHEN lapsed THEN 'lapsed' ELSE 'active' END,
            (SELECT i.id FROM invoices i WHERE i.organisation_id = s.organisation_id ORDER BY i.issued_on DESC LIMIT 1)
     FROM (SELECT *, pg_temp.r('lapsed', n) < 0.025 AS lapsed,
                  CASE WHEN pg_temp.r('lapsed', n) < 0.025 THEN DATE '2025-01-01' + (n % 300)::int ELSE DATE '2026-01-01' + (n % 300)::int END AS starts_on
           FROM site_numbers) s
     JOIN (SELECT DISTINCT licence FROM programme_list) p
       ON p.licence = 'smart-recovery' OR (NOT s.satellite AND pg_temp.r('licence-' || p.licence, s.n) < 0.12)`,
  );
  await step(
    'facilitators',
    `INSERT INTO facilitators (name, email, is_veteran, uksr_volunteer_status)
     SELECT 'Facilitator ' || g, 'facilitator' || g || '@scale.partnerhub.test', pg_temp.r('veteran', g) < 0.05,
            CASE WHEN g % 20 = 0 THEN 'active' ELSE NULL END
     FROM generate_series(1, $1::int) g`,
    [o.facilitators],
  );
  await client.query(`CREATE TEMP TABLE facilitator_numbers AS SELECT id, row_number() OVER (ORDER BY email COLLATE "C") AS n FROM facilitators`);
  await step(
    'facilitator organisations',
    `INSERT INTO facilitator_organisations (facilitator_id, organisation_id, capacity)
     SELECT f.id, o.id, CASE WHEN f.n % 3 = 0 THEN 'volunteer' ELSE 'staff' END
     FROM facilitator_numbers f JOIN org_numbers o ON o.n = 1 + (f.n % ${o.organisations})`,
  );
  await step(
    'facilitator qualifications',
    `INSERT INTO facilitator_qualifications (facilitator_id, code, achieved_on)
     SELECT f.id, 'smart-facilitator', DATE '2024-01-01' + (f.n % 600)::int FROM facilitator_numbers f WHERE pg_temp.r('qualified', f.n) < 0.9`,
  );
  // Meetings: partner meetings at sites across the towns, one in thirty UKSR community meetings at
  // a community venue; one in ten closed, one in twenty not listed by choice, and those at a lapsed
  // licence's site hidden (publicly_visible false) as the listing rule would have them.
  await step(
    'meetings',
    `INSERT INTO meetings (slug, name, programme_code, provider, organisation_id, site_id, venue_name, venue_address, venue_postcode, nation_code, region_code,
                           attendance, online_url, frequency, day, week_of_month, start_time, end_time, starts_on, access, audiences, listed_publicly,
                           latitude, longitude, location_approximate, publicly_visible, listing_checked_on)
     SELECT 'scale-meeting-' || g, p.name || ' meeting ' || g, p.code, CASE WHEN community THEN 'uksr' ELSE 'partner' END,
            CASE WHEN community THEN NULL ELSE s.organisation_id END, CASE WHEN community THEN NULL ELSE s.id END,
            CASE WHEN community THEN 'Community Hall ' || g END, CASE WHEN community THEN g || ' Hall Lane, ' || t.name END, CASE WHEN community THEN t.district || ' 2CD' END,
            t.nation, t.region,
            attendance, CASE WHEN attendance <> 'in_person' THEN 'https://meet.example.org/scale-' || g END,
            CASE WHEN g % 25 = 0 THEN 'fortnightly' WHEN g % 40 = 0 THEN 'monthly' ELSE 'weekly' END, (g % 7)::int,
            CASE WHEN g % 25 <> 0 AND g % 40 = 0 THEN 1 + (g % 4)::int END,
            lpad((9 + (g % 11))::text, 2, '0') || ':' || CASE WHEN g % 2 = 0 THEN '00' ELSE '30' END,
            lpad((10 + (g % 11))::text, 2, '0') || ':' || CASE WHEN g % 2 = 0 THEN '30' ELSE '45' END,
            DATE '2025-01-06' + (g % 500)::int,
            CASE WHEN closed THEN 'closed' ELSE 'open' END,
            CASE WHEN g % 17 = 0 THEN ARRAY['women'] WHEN g % 23 = 0 THEN ARRAY['lgbtq'] WHEN g % 29 = 0 THEN ARRAY['young-people'] ELSE '{}'::text[] END,
            NOT closed AND NOT unlisted,
            t.lat + (pg_temp.r('lat', g) - 0.5) * 0.3, t.lng + (pg_temp.r('lng', g) - 0.5) * 0.5, g % 3 <> 0,
            NOT closed AND NOT unlisted AND NOT lapsed, DATE '2026-11-24'
     FROM (
       SELECT g, pg_temp.r('community', g) < 0.033 AS community, pg_temp.r('closed', g) < 0.10 AND pg_temp.r('community', g) >= 0.033 AS closed, pg_temp.r('unlisted', g) < 0.05 AS unlisted,
              pg_temp.r('lapsed-meeting', g) < 0.03 AS lapsed,
              CASE WHEN pg_temp.r('online', g) < 0.15 THEN 'online' WHEN pg_temp.r('online', g) < 0.2 THEN 'hybrid' ELSE 'in_person' END AS attendance,
              floor(pg_temp.r('programme', g) * ${PROGRAMMES.length})::int AS programme_i,
              1 + floor(pg_temp.r('site', g) * (SELECT count(*) FROM site_numbers))::bigint AS site_n
       FROM generate_series(1, $1::int) g
     ) m
     JOIN (SELECT pl.i, pl.code, pr.name FROM programme_list pl JOIN programmes pr ON pr.code = pl.code) p ON p.i = m.programme_i
     JOIN site_numbers s ON s.n = m.site_n
     JOIN org_numbers org ON org.id = s.organisation_id
     JOIN towns t ON t.i = org.n % ${towns}`,
    [o.meetings],
  );
  await step(
    'meeting facilitators',
    `INSERT INTO meeting_facilitators (meeting_id, facilitator_id)
     SELECT m.id, f.id FROM (SELECT id, row_number() OVER (ORDER BY slug COLLATE "C") AS n FROM meetings) m
     JOIN facilitator_numbers f ON f.n = 1 + (m.n % ${o.facilitators})`,
  );
  if (o.surveyResponses > 0 && o.meetings > 0) {
    // Survey responses: the most recent weeks' meeting dates of each meeting (before 24 November
    // 2026), most completed, some not held, some still due.
    const weeks = Math.ceil(o.surveyResponses / o.meetings);
    await step(
      'meeting surveys',
      `INSERT INTO meeting_surveys (meeting_id, held_on, asked_facilitator_id, asked_on, status, attendance, new_attendees, tools_used, guidelines_shared, not_held_reason, completed_by_facilitator_id, completed_at)
       SELECT id, held_on, facilitator_id, held_on + 1,
              CASE WHEN roll < 0.85 THEN 'completed' WHEN roll < 0.9 THEN 'not_held' ELSE 'due' END,
              CASE WHEN roll < 0.85 THEN 3 + (n % 12)::int END, CASE WHEN roll < 0.85 THEN (n % 3)::int END,
              CASE WHEN roll < 0.85 THEN ARRAY['cost-benefit-analysis'] ELSE '{}'::text[] END,
              CASE WHEN roll < 0.85 THEN roll < 0.8 END, CASE WHEN roll >= 0.85 AND roll < 0.9 THEN 'Venue closed' END,
              CASE WHEN roll < 0.9 THEN facilitator_id END, CASE WHEN roll < 0.9 THEN (held_on + 2)::timestamptz END
       FROM (
         SELECT m.id, mf.facilitator_id, m.n * 100 + k AS n, pg_temp.r('survey', m.n * 100 + k) AS roll,
                DATE '2026-11-23' - ((extract(dow FROM DATE '2026-11-23')::int - m.day + 7) % 7) - 7 * (k - 1) AS held_on
         FROM (SELECT id, day, row_number() OVER (ORDER BY slug COLLATE "C") AS n FROM meetings WHERE status = 'running') m
         JOIN meeting_facilitators mf ON mf.meeting_id = m.id
         CROSS JOIN generate_series(1, ${weeks}) k
         WHERE (m.n - 1) * ${weeks} + k <= $1
       ) s`,
      [o.surveyResponses],
    );
  }
  await client.query(`CREATE TABLE scale_data_set (options text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  await client.query(`INSERT INTO scale_data_set (options) VALUES ($1)`, [
    JSON.stringify({ seed: o.seed, meetings: o.meetings, organisations: o.organisations, facilitators: o.facilitators, surveyResponses: o.surveyResponses }),
  ]);
  await client.query('COMMIT');
  const t = Date.now();
  await client.query('VACUUM ANALYZE');
  log(`  VACUUM ANALYZE in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
