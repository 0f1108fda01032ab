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

/** The day the data set describes: its licences, checks, acceptances and listings are as they stand on it. */
export const SCALE_DAY = '2026-11-24';

/**
 * The deliberate shares of the data set that the listing rule keeps off the public listings, so
 * every path of the rule runs at scale (docs/decisions/167). Everything else is listed because its
 * facts say so. Facilitators: shares of those after each organisation's lead facilitator. Meetings:
 * community, closed, unlisted and closedDown are independent rolls; the last four are one roll over
 * partner meetings (a community meeting can only have a facilitator not in good standing, or none).
 * Licences at one site in forty have lapsed, which takes all of that site's meetings off.
 */
export const SCALE_SHARES = {
  facilitators: { notQualified: 0.04, checkExpired: 0.04, noCheck: 0.02, codeNotAccepted: 0.04 },
  meetings: {
    community: 0.033,
    closed: 0.1,
    unlisted: 0.05,
    closedDown: 0.02,
    unlicensedProgramme: 0.015,
    facilitatorNotInStanding: 0.02,
    otherOrganisationsFacilitator: 0.005,
    noFacilitator: 0.005,
    secondFacilitator: 0.2,
  },
} as const;

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
  if (o.facilitators < o.organisations) throw new Error('Give at least as many facilitators as organisations: every organisation has a lead facilitator.');
  const day = `DATE '${SCALE_DAY}'`;
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
  // Facilitators. The first one of each organisation (numbers 1 to the number of organisations) is
  // its lead facilitator: staff, with every module, a current check and the Code of Conduct, so
  // every organisation has someone who may run each of its programmes. Of the rest, a deliberate
  // share is not in good standing (SCALE_SHARES.facilitators); one in twenty is a UKSR volunteer.
  const shares = SCALE_SHARES.facilitators;
  await step(
    'facilitators',
    `INSERT INTO facilitators (name, email, is_veteran, in_training, uksr_volunteer_status)
     SELECT 'Facilitator ' || g, 'facilitator' || g || '@scale.partnerhub.test', pg_temp.r('veteran', g) < 0.05,
            g > ${o.organisations} AND pg_temp.r('standing', g) < ${shares.notQualified},
            CASE WHEN g % 20 = 0 THEN 'active' ELSE NULL END
     FROM generate_series(1, $1::int) g`,
    [o.facilitators],
  );
  await client.query(`CREATE TEMP TABLE nation_checks (nation text PRIMARY KEY, kind text NOT NULL)`);
  await client.query(`INSERT INTO nation_checks VALUES ('england', 'dbs'), ('wales', 'dbs'), ('scotland', 'pvg'), ('northern-ireland', 'accessni')`);
  await client.query(`
    CREATE TEMP TABLE facilitator_numbers AS
    SELECT f.id, f.n, org.id AS organisation_id, org.n AS org_n, t.nation, f.is_veteran, f.uksr_volunteer_status,
           CASE WHEN f.n <= ${o.organisations} OR f.n % 3 <> 0 THEN 'staff' ELSE 'volunteer' END AS capacity,
           CASE WHEN f.n <= ${o.organisations} THEN 'good'
                WHEN roll < ${shares.notQualified} THEN 'not_qualified'
                WHEN roll < ${shares.notQualified + shares.checkExpired} THEN 'check_expired'
                WHEN roll < ${shares.notQualified + shares.checkExpired + shares.noCheck} THEN 'no_check'
                WHEN roll < ${shares.notQualified + shares.checkExpired + shares.noCheck + shares.codeNotAccepted} THEN 'code_not_accepted'
                ELSE 'good' END AS standing
    FROM (SELECT id, is_veteran, uksr_volunteer_status, substring(email FROM '^facilitator([0-9]+)@')::int AS n,
                 pg_temp.r('standing', substring(email FROM '^facilitator([0-9]+)@')::int) AS roll
          FROM facilitators) f
    JOIN org_numbers org ON org.n = 1 + (f.n % ${o.organisations})
    JOIN towns t ON t.i = org.n % ${towns}`);
  await client.query(`CREATE UNIQUE INDEX ON facilitator_numbers (id)`);
  await step(
    'facilitator organisations',
    `INSERT INTO facilitator_organisations (facilitator_id, organisation_id, capacity) SELECT id, organisation_id, capacity FROM facilitator_numbers`,
  );
  await step(
    'facilitator qualifications',
    `INSERT INTO facilitator_qualifications (facilitator_id, code, achieved_on)
     SELECT f.id, q.code, ${day} - 60 - (f.n % 600)::int
     FROM facilitator_numbers f CROSS JOIN (VALUES ('smart-facilitator'), ('family-and-friends-module'), ('veterans-module')) AS q(code)
     WHERE f.standing <> 'not_qualified'
       AND (q.code = 'smart-facilitator' OR f.n <= ${o.organisations}
            OR (q.code = 'family-and-friends-module' AND pg_temp.r('family-module', f.n) < 0.3)
            OR (q.code = 'veterans-module' AND pg_temp.r('veterans-module', f.n) < 0.2))`,
  );
  // A check of the kind their organisation's nation needs: current, or (check_expired) issued more
  // than five years before the day, so past any recheck period; none at all for no_check.
  await step(
    'safeguarding checks',
    `INSERT INTO safeguarding_checks (facilitator_id, kind, level, certificate_number, issued_on, verified_on, decision)
     SELECT f.id, k.kind, CASE WHEN k.kind = 'pvg' THEN 'pvg-scheme-record' ELSE 'enhanced' END, lpad(f.n::text, 12, '0'), issued, issued + 7, 'suitable'
     FROM (SELECT *, CASE WHEN standing = 'check_expired' THEN ${day} - 2000 - (n % 300)::int ELSE ${day} - 30 - (n % 900)::int END AS issued
           FROM facilitator_numbers) f
     JOIN nation_checks k ON k.nation = f.nation
     WHERE f.standing <> 'no_check'`,
  );
  await step(
    'Code of Conduct acceptances',
    `INSERT INTO code_of_conduct_acceptances (facilitator_id, version, accepted_at)
     SELECT f.id, (SELECT version FROM code_of_conduct_versions ORDER BY published_at DESC, version DESC LIMIT 1), (${day} - 20 - (f.n % 300)::int)::timestamptz
     FROM facilitator_numbers f WHERE f.standing <> 'code_not_accepted'`,
  );

  // From here on, what the generator decides about each meeting follows the listing rule applied
  // to the facts written above (src/domain/listing, src/domain/eligibility, src/domain/coverage),
  // re-stated in SQL: who may facilitate which programme where, and which site is licensed for
  // what on the day. tests/integration/scale-data.test.ts runs the app's own check over a generated
  // set and finds every meeting's listing as generated.
  await client.query(`CREATE TEMP TABLE licence_programmes (licence_type text, programme text)`);
  await client.query(`INSERT INTO licence_programmes VALUES ('smart-recovery', 'smart-recovery'), ('criminal-justice', 'insideout'), ('criminal-justice', 'smart-recovery'),
    ('family-and-friends', 'family-and-friends'), ('veterans', 'veterans'), ('start-smart', 'start-smart'), ('community', 'smart-recovery')`);
  const valid = (l: string) => `${l}.status <> 'lapsed' AND ${l}.starts_on <= ${day} AND (${l}.ends_on >= ${day} OR ${l}.status = 'in_grace')`;
  // Sites and the programmes they are licensed for on the day: their own licences, or at satellite
  // premises a valid Satellite licence extending a main site's (never a Community licence).
  await client.query(`
    CREATE TEMP TABLE covered AS
    SELECT l.site_id, lp.programme FROM licences l JOIN licence_programmes lp ON lp.licence_type = l.licence_type WHERE ${valid('l')}
    UNION
    SELECT s.id, lp.programme
    FROM sites s
    JOIN licences sl ON sl.site_id = s.id AND sl.licence_type = 'satellite' AND ${valid('sl')}
    JOIN sites main ON main.organisation_id = s.organisation_id AND NOT main.satellite
    JOIN licences ml ON ml.site_id = main.id AND ml.licence_type <> 'community' AND ${valid('ml')}
    JOIN licence_programmes lp ON lp.licence_type = ml.licence_type
    WHERE s.satellite`);
  await client.query(`CREATE UNIQUE INDEX ON covered (site_id, programme)`);
  // Facilitators in good standing in a nation on the day: qualified, a current suitable check of
  // the nation's kind under the recheck policy, and the current Code of Conduct accepted.
  await client.query(`
    CREATE TEMP TABLE good_standing AS
    SELECT DISTINCT f.id, f.n, f.organisation_id, f.org_n, f.capacity, f.is_veteran, f.uksr_volunteer_status, k.nation
    FROM facilitator_numbers f
    JOIN safeguarding_checks c ON c.facilitator_id = f.id AND c.decision = 'suitable' AND c.issued_on <= ${day}
    JOIN nation_checks k ON k.kind = c.kind
    CROSS JOIN LATERAL (SELECT dbs_years, pvg_years, accessni_years FROM safeguarding_policies ORDER BY set_at DESC LIMIT 1) p
    WHERE ${day} < c.issued_on + make_interval(years => CASE c.kind WHEN 'dbs' THEN p.dbs_years WHEN 'pvg' THEN p.pvg_years ELSE p.accessni_years END)
      AND EXISTS (SELECT 1 FROM facilitator_qualifications q WHERE q.facilitator_id = f.id AND q.code = 'smart-facilitator' AND q.achieved_on <= ${day})
      AND EXISTS (SELECT 1 FROM code_of_conduct_acceptances a WHERE a.facilitator_id = f.id
                  AND a.version = (SELECT version FROM code_of_conduct_versions ORDER BY published_at DESC, version DESC LIMIT 1))`);
  const moduleHeld = `(p.code NOT IN ('family-and-friends', 'veterans') OR EXISTS (
      SELECT 1 FROM facilitator_qualifications q WHERE q.facilitator_id = g.id AND q.achieved_on <= ${day}
        AND q.code = CASE p.code WHEN 'family-and-friends' THEN 'family-and-friends-module' ELSE 'veterans-module' END))`;
  // Who may facilitate each programme for an organisation in a nation (only its staff may run SMART
  // Veterans without being veterans), and each community meeting programme in a nation (active UKSR
  // volunteers), numbered for picking.
  await client.query(`
    CREATE TEMP TABLE may_partner AS
    SELECT g.organisation_id, g.nation, p.code AS programme, g.id AS facilitator_id,
           row_number() OVER (PARTITION BY g.organisation_id, g.nation, p.code ORDER BY g.n) AS k,
           count(*) OVER (PARTITION BY g.organisation_id, g.nation, p.code) AS of
    FROM good_standing g CROSS JOIN (SELECT DISTINCT code FROM programme_list) p
    WHERE (p.code <> 'veterans' OR g.is_veteran OR g.capacity = 'staff') AND ${moduleHeld}`);
  await client.query(`CREATE UNIQUE INDEX ON may_partner (organisation_id, nation, programme, k)`);
  await client.query(`CREATE UNIQUE INDEX ON may_partner (facilitator_id, organisation_id, nation, programme)`);
  await client.query(`
    CREATE TEMP TABLE may_community AS
    SELECT g.nation, p.code AS programme, g.id AS facilitator_id, g.org_n,
           row_number() OVER (PARTITION BY g.nation, p.code ORDER BY g.n) AS k,
           count(*) OVER (PARTITION BY g.nation, p.code) AS of,
           row_number() OVER (PARTITION BY p.code ORDER BY g.n) AS k_all
    FROM good_standing g CROSS JOIN (SELECT DISTINCT code FROM programme_list) p
    WHERE g.uksr_volunteer_status = 'active' AND (p.code <> 'veterans' OR g.is_veteran) AND ${moduleHeld}`);
  await client.query(`CREATE UNIQUE INDEX ON may_community (nation, programme, k)`);
  await client.query(`CREATE UNIQUE INDEX ON may_community (programme, k_all)`);
  await client.query(`CREATE UNIQUE INDEX ON may_community (facilitator_id, nation, programme)`);
  await client.query(`CREATE TEMP TABLE not_in_standing AS
    SELECT organisation_id, id AS facilitator_id, row_number() OVER (PARTITION BY organisation_id ORDER BY n) AS k, count(*) OVER (PARTITION BY organisation_id) AS of
    FROM facilitator_numbers WHERE standing <> 'good'`);
  await client.query(`CREATE UNIQUE INDEX ON not_in_standing (organisation_id, k)`);
  await client.query(`CREATE TEMP TABLE lead_facilitators AS SELECT org_n, id AS facilitator_id FROM facilitator_numbers WHERE n <= ${o.organisations}`);
  await client.query(`CREATE UNIQUE INDEX ON lead_facilitators (org_n)`);
  await client.query(`ANALYZE facilitator_numbers, covered, good_standing, may_partner, may_community, not_in_standing, lead_facilitators`);

  // Each meeting's plan. Partner meetings at a site across the towns; one in thirty a UKSR community
  // meeting at a community hall in the town of an active UKSR volunteer who runs it. Then the
  // deliberate cases of SCALE_SHARES.meetings: closed, not listed, closed down, a programme the site
  // is not licensed for, a facilitator not in good standing, another organisation's facilitator, none.
  const m = SCALE_SHARES.meetings;
  await step(
    'meeting plans: places',
    `CREATE TEMP TABLE meeting_base AS
     SELECT b.*, s.id AS site_id, s.organisation_id, t.i AS town, t.nation, v.facilitator_id AS volunteer_id, v.org_n AS volunteer_org_n
     FROM (
       SELECT g, pg_temp.r('community', g) < ${m.community} AS community,
              pg_temp.r('closed', g) < ${m.closed} AND pg_temp.r('community', g) >= ${m.community} AS closed,
              pg_temp.r('unlisted', g) < ${m.unlisted} AS unlisted,
              pg_temp.r('closed-down', g) < ${m.closedDown} AS closed_down,
              pg_temp.r('case', g) AS case_roll,
              CASE WHEN pg_temp.r('online', g) < 0.15 THEN 'online' WHEN pg_temp.r('online', g) < 0.2 THEN 'hybrid' ELSE 'in_person' END AS attendance,
              (SELECT code FROM programme_list WHERE i = floor(pg_temp.r('programme', g) * ${PROGRAMMES.length})::int) AS wanted,
              1 + floor(pg_temp.r('site', g) * (SELECT count(*) FROM site_numbers))::bigint AS site_n,
              1 + floor(pg_temp.r('volunteer', g) * (SELECT count(*) FROM may_community WHERE programme = 'smart-recovery'))::bigint AS volunteer_k
       FROM generate_series(1, $1::int) g
     ) b
     JOIN site_numbers s ON s.n = b.site_n
     JOIN org_numbers so ON so.id = s.organisation_id
     LEFT JOIN may_community v ON b.community AND v.programme = 'smart-recovery' AND v.k_all = b.volunteer_k
     JOIN towns t ON t.i = coalesce(v.org_n, so.n) % ${towns}`,
    [o.meetings],
  );
  // The programme: the one wanted where the site is licensed for it (for a community meeting, where
  // its volunteer may run it), else SMART Recovery; for the unlicensed share, one the site is not licensed for.
  await step(
    'meeting plans: programmes',
    `CREATE TEMP TABLE meeting_programme AS
    SELECT p.*, CASE
      WHEN p.community THEN CASE WHEN EXISTS (SELECT 1 FROM may_community c WHERE c.facilitator_id = p.volunteer_id AND c.nation = p.nation AND c.programme = p.wanted) THEN p.wanted ELSE 'smart-recovery' END
      WHEN p.case_roll < ${m.unlicensedProgramme} THEN coalesce((
        SELECT x.code FROM (SELECT DISTINCT code FROM programme_list) x
        WHERE NOT EXISTS (SELECT 1 FROM covered c WHERE c.site_id = p.site_id AND c.programme = x.code)
        ORDER BY pg_temp.r('unlicensed-' || x.code, p.g) LIMIT 1), p.wanted)
      WHEN EXISTS (SELECT 1 FROM covered c WHERE c.site_id = p.site_id AND c.programme = p.wanted) THEN p.wanted
      ELSE 'smart-recovery' END AS programme
    FROM meeting_base p`);
  const ineligible = m.unlicensedProgramme + m.facilitatorNotInStanding;
  const stranger = ineligible + m.otherOrganisationsFacilitator;
  const none = stranger + m.noFacilitator;
  // The facilitators: someone who may run the programme there, and for one meeting in five a second.
  await step(
    'meeting plans: facilitators',
    `CREATE TEMP TABLE meeting_people AS
    SELECT q.*,
      CASE WHEN q.case_roll >= ${stranger} AND q.case_roll < ${none} THEN NULL
           WHEN q.community THEN CASE WHEN q.case_roll < ${m.facilitatorNotInStanding} THEN coalesce(lead.facilitator_id, q.volunteer_id) ELSE q.volunteer_id END
           WHEN q.case_roll >= ${ineligible} AND q.case_roll < ${stranger} THEN other.facilitator_id
           WHEN q.case_roll >= ${m.unlicensedProgramme} AND q.case_roll < ${ineligible} THEN coalesce(bad.facilitator_id, one.facilitator_id)
           ELSE one.facilitator_id END AS first_facilitator,
      CASE WHEN q.case_roll >= ${m.unlicensedProgramme} AND q.case_roll < ${none} THEN NULL
           WHEN pg_temp.r('second', q.g) >= ${m.secondFacilitator} THEN NULL
           WHEN q.community THEN nullif(two_c.facilitator_id, q.volunteer_id)
           ELSE two.facilitator_id END AS second_facilitator
    FROM meeting_programme q
    -- Join keys are NULL where a pick does not apply (partner or community), so each join is a hash join.
    LEFT JOIN lead_facilitators lead ON lead.org_n = CASE WHEN q.community THEN 1 + (q.volunteer_org_n % ${o.organisations}) END
    LEFT JOIN org_numbers mine ON mine.id = q.organisation_id
    LEFT JOIN lead_facilitators other ON other.org_n = CASE WHEN NOT q.community THEN 1 + (mine.n % ${o.organisations}) END
    LEFT JOIN not_in_standing bad ON bad.organisation_id = CASE WHEN NOT q.community THEN q.organisation_id END
      AND bad.k = 1 + floor(pg_temp.r('not-in-standing', q.g) * bad.of)::bigint
    LEFT JOIN may_partner one ON one.organisation_id = CASE WHEN NOT q.community THEN q.organisation_id END AND one.nation = q.nation AND one.programme = q.programme
      AND one.k = 1 + floor(pg_temp.r('facilitator', q.g) * one.of)::bigint
    LEFT JOIN may_partner two ON two.organisation_id = CASE WHEN NOT q.community AND one.of > 1 THEN q.organisation_id END AND two.nation = q.nation AND two.programme = q.programme
      AND two.k = 1 + (one.k + floor(pg_temp.r('second-facilitator', q.g) * (one.of - 1))::bigint) % one.of
    LEFT JOIN may_community two_c ON two_c.nation = CASE WHEN q.community THEN q.nation END AND two_c.programme = q.programme
      AND two_c.k = 1 + floor(pg_temp.r('second-facilitator', q.g) * two_c.of)::bigint`);
  // Listed exactly when the rule would list it: open, listed by choice, running, licensed for its
  // programme at its site (partner meetings), and with facilitators who may all run it there.
  await step(
    'meeting plans: listing',
    `CREATE TEMP TABLE meeting_plan AS
    SELECT p.*, NOT p.closed AND NOT p.unlisted AND NOT p.closed_down AND p.first_facilitator IS NOT NULL
      AND (p.community OR EXISTS (SELECT 1 FROM covered c WHERE c.site_id = p.site_id AND c.programme = p.programme))
      AND NOT EXISTS (
        SELECT 1 FROM (VALUES (p.first_facilitator), (p.second_facilitator)) AS f(id)
        WHERE f.id IS NOT NULL AND NOT CASE WHEN p.community
          THEN EXISTS (SELECT 1 FROM may_community c WHERE c.facilitator_id = f.id AND c.nation = p.nation AND c.programme = p.programme)
          ELSE EXISTS (SELECT 1 FROM may_partner a WHERE a.facilitator_id = f.id AND a.organisation_id = p.organisation_id AND a.nation = p.nation AND a.programme = p.programme) END) AS visible
    FROM meeting_people p`);
  await step(
    'meetings',
    `INSERT INTO meetings (slug, name, programme_code, provider, organisation_id, site_id, venue_name, venue_address, venue_postcode, nation_code, region_code,
                           attendance, online_url, frequency, day, week_of_month, start_time, end_time, starts_on, ends_on, status, access, audiences, listed_publicly,
                           latitude, longitude, location_approximate, publicly_visible, listing_checked_on)
     SELECT 'scale-meeting-' || g, pr.name || ' meeting ' || g, m.programme, CASE WHEN community THEN 'uksr' ELSE 'partner' END,
            CASE WHEN community THEN NULL ELSE m.organisation_id END, CASE WHEN community THEN NULL ELSE m.site_id END,
            CASE WHEN community THEN 'Community Hall ' || g END, CASE WHEN community THEN g || ' Hall Lane, ' || t.name END, CASE WHEN community THEN t.district || ' 2CD' END,
            t.nation, t.region,
            attendance, CASE WHEN attendance <> 'in_person' THEN 'https://meet.example.org/scale-' || g END,
            CASE WHEN g % 25 = 0 THEN 'fortnightly' WHEN g % 40 = 0 THEN 'monthly' ELSE 'weekly' END, (g % 7)::int,
            CASE WHEN g % 25 <> 0 AND g % 40 = 0 THEN 1 + (g % 4)::int END,
            lpad((9 + (g % 11))::text, 2, '0') || ':' || CASE WHEN g % 2 = 0 THEN '00' ELSE '30' END,
            lpad((10 + (g % 11))::text, 2, '0') || ':' || CASE WHEN g % 2 = 0 THEN '30' ELSE '45' END,
            DATE '2025-01-06' + (g % 500)::int,
            CASE WHEN closed_down THEN ${day} - 1 - (g % 150)::int END, CASE WHEN closed_down THEN 'closed_down' ELSE 'running' END,
            CASE WHEN closed THEN 'closed' ELSE 'open' END,
            CASE WHEN g % 17 = 0 THEN ARRAY['women'] WHEN g % 23 = 0 THEN ARRAY['lgbtq'] WHEN g % 29 = 0 THEN ARRAY['young-people'] ELSE '{}'::text[] END,
            NOT closed AND NOT unlisted,
            t.lat + (pg_temp.r('lat', g) - 0.5) * 0.3, t.lng + (pg_temp.r('lng', g) - 0.5) * 0.5, g % 3 <> 0,
            visible, ${day}
     FROM meeting_plan m JOIN programmes pr ON pr.code = m.programme JOIN towns t ON t.i = m.town`,
  );
  await step(
    'meeting facilitators',
    `INSERT INTO meeting_facilitators (meeting_id, facilitator_id)
     SELECT mt.id, f.id FROM meeting_plan p JOIN meetings mt ON mt.slug = 'scale-meeting-' || p.g
     CROSS JOIN LATERAL (VALUES (p.first_facilitator), (p.second_facilitator)) AS f(id)
     WHERE f.id IS NOT NULL`,
  );
  if (o.surveyResponses > 0 && o.meetings > 0) {
    // Survey responses: the most recent weeks' meeting dates of each running meeting with a
    // facilitator (before the data set's day), asked of its first facilitator; most completed,
    // some not held, some still due.
    const surveyed = Number((await client.query(`SELECT count(*) AS n FROM meeting_plan WHERE NOT closed_down AND first_facilitator IS NOT NULL`)).rows[0].n);
    const weeks = Math.max(1, Math.ceil(o.surveyResponses / Math.max(1, surveyed)));
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
         SELECT m.id, m.facilitator_id, m.n * 100 + k AS n, pg_temp.r('survey', m.n * 100 + k) AS roll,
                ${day} - 1 - ((extract(dow FROM ${day} - 1)::int - m.day + 7) % 7) - 7 * (k - 1) AS held_on
         FROM (SELECT mt.id, mt.day, p.first_facilitator AS facilitator_id, row_number() OVER (ORDER BY mt.slug COLLATE "C") AS n
               FROM meeting_plan p JOIN meetings mt ON mt.slug = 'scale-meeting-' || p.g
               WHERE NOT p.closed_down AND p.first_facilitator IS NOT NULL) m
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
