// npm run bench: sets up (or reuses) the large network (bench/scale-data.ts), starts Partner Hub on it
// in production mode, measures every performance budget beside its anchor in the same run, and
// writes the results to docs/PERFORMANCE.md between the bench markers. Load comes from a separate
// process over loopback (bench/load.ts, autocannon), bounded in time.
//
//   npm run bench                   the whole set (about 6 minutes once the data set exists)
//   npm run bench -- --only search  one part: startup, search, feed, finder, lighthouse, lists, renewals
//   SCALE_DATABASE_URL=…            the data set's database (default partner_hub_scale on 127.0.0.1)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { openDatabase } from '../src/server/db/database.js';
import type { AppDeps } from '../src/server/deps.js';
import { loadConfig } from '../src/server/env.js';
import { rebuildIndex, searchMeetings } from '../src/server/modules/meeting-finder/finder.service.js';
import { PRODUCTION_NODE_FLAGS } from '../src/server/node-flags.js';
import { meetingSearchQuerySchema } from '../src/shared/schemas/meeting-finder.js';
import { DEFAULT_SCALE, seedScale } from './scale-data.js';
import { summarise, type Latencies } from './stats.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const { values: args } = parseArgs({ options: { only: { type: 'string', multiple: true }, 'no-write': { type: 'boolean', default: false } } });
const wanted = (part: string) => !args.only || args.only.includes(part);
const databaseUrl = process.env.SCALE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/partner_hub_scale';
const port = 4100 + Math.floor(Math.random() * 500);
const base = `http://127.0.0.1:${port}`;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Row {
  measure: string;
  result: string;
  anchor: string;
  budget: string;
  met: boolean | null;
}
const rows: Row[] = [];
const notes: string[] = [];
const log = (line: string) => process.stderr.write(`${line}\n`);
const ms = (n: number) => `${n.toLocaleString('en-GB', { maximumFractionDigits: n < 10 ? 2 : 0 })} ms`;

// ---------------------------------------------------------------------------------------------

log('--- data set');
const data = await seedScale({ ...DEFAULT_SCALE, databaseUrl, log });
log(`${data.reused ? 'Reused' : 'Created'} in ${data.seconds.toFixed(1)} s: ${JSON.stringify(data.counts)}`);

const pool = new pg.Pool({ connectionString: databaseUrl, max: 32 });
const samplePlaces = (
  await pool.query<{ postcode: string; latitude: number; longitude: number }>(
    `SELECT postcode, latitude, longitude FROM postcodes ORDER BY md5(postcode) LIMIT 200`,
  )
).rows;

if (!args.only || !fs.existsSync(path.join(root, 'dist/web/index.html'))) {
  log('--- portal build');
  const built = spawnSync(node, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('The portal build failed');
}

// ---------------------------------------------------------------------------------------------
// The app, in production mode, on the data set.

let app: ChildProcess | undefined;
async function startApp(): Promise<number> {
  // The production bundle, as deployed (docs/DEPLOYMENT.md, decision 145), built first if missing or older than the sources; not timed.
  const bundled = spawnSync(node, [path.join(root, 'scripts/build-server.mjs'), '--if-stale'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (bundled.status !== 0) throw new Error('The server build failed');
  const started = performance.now();
  // With the V8 settings production starts with (decision 165, docs/DEPLOYMENT.md).
  app = spawn(node, [...PRODUCTION_NODE_FLAGS, path.join(root, 'dist/server/main.js')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: 'off', LOG_LEVEL: 'warn', PUBLIC_URL: base, SCHEDULED_JOBS: 'off' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    if (app.exitCode !== null) throw new Error(`The app stopped at start-up (exit ${app.exitCode})`);
    if (performance.now() - started > 60_000) throw new Error('The app did not become healthy within 60 s');
    await new Promise((r) => setTimeout(r, 25));
  }
}
async function stopApp() {
  if (!app || app.exitCode !== null) return;
  await new Promise((resolve) => {
    app!.once('exit', resolve);
    app!.kill('SIGTERM');
  });
}
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Runs bench/load.ts in its own process; returns autocannon's summary. */
function load(options: { urls: string[]; connections: number; seconds: number; headers?: Record<string, string> }): Promise<{ requestsPerSecond: number; p50: number; p95: number; p99: number; errors: number; non2xx: number; total: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['--import', 'tsx', path.join(root, 'bench/load.ts')], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load exited ${code}`))));
    child.stdin.end(JSON.stringify({ ...options, base }));
  });
}

/** Sequential timings of a function, after a warm-up. */
async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<Latencies> {
  for (let i = 0; i < Math.min(20, n); i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return summarise(times);
}

const direct = await openDatabase({ kind: 'postgres', url: databaseUrl });
const directDeps: AppDeps = { db: direct.db, config: loadConfig({ NODE_ENV: 'production', DATABASE_URL: databaseUrl }), now: () => new Date() };
/** One search as the finder's service runs it (its SQL on a pool of its own), without HTTP. */
function searchAlone(url: string, options: { useIndex?: boolean } = {}) {
  const query = meetingSearchQuerySchema.parse(Object.fromEntries(new URL(url, base).searchParams));
  return searchMeetings(directDeps, query, options);
}

/** A signed-in session made directly in the database (the bench measures lists, not signing in). */
async function sessionFor(role: 'central_office' | 'coordinator', postCode?: string): Promise<string> {
  const email = `bench-${role}@scale.partnerhub.test`;
  const user = await pool.query<{ id: string }>(
    `INSERT INTO users (email, name, role, status) VALUES ($1, $2, $3, 'active')
     ON CONFLICT ((lower(email))) DO UPDATE SET status = 'active' RETURNING id`,
    [email, `Bench ${role}`, role],
  );
  const userId = user.rows[0]!.id;
  if (postCode) await pool.query(`INSERT INTO user_scopes (user_id, post_code) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [userId, postCode]);
  const token = randomBytes(32).toString('base64url');
  await pool.query(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, two_factor_pending, created_at, last_seen_at, expires_at)
     VALUES ($1, $2, $3, false, now(), now(), now() + interval '11 hours')`,
    [createHash('sha256').update(token).digest('hex'), userId, randomBytes(16).toString('hex')],
  );
  return `ph_session=${token}`;
}

try {
  // -------------------------------------------------------------------------------------------
  {
    log('--- start-up on the existing database');
    const bare = await timeEach(3, () => new Promise((r) => spawn(node, ['-e', ''], { stdio: 'ignore' }).on('exit', r)));
    const startup = await startApp();
    rows.push({
      measure: `Start-up to a healthy /healthz, existing PostgreSQL database (${data.counts.meetings?.toLocaleString('en-GB')} meetings)`,
      result: ms(startup),
      anchor: `bare Node start ${ms(bare.p50)}`,
      budget: '5,000 ms',
      met: startup <= 5000,
    });
  }

  // -------------------------------------------------------------------------------------------
  if (wanted('search')) {
    log('--- public meeting search');
    const queries = samplePlaces.slice(0, 100).map((p, i) => {
      const q = new URLSearchParams({ near: `${p.latitude.toFixed(4)},${p.longitude.toFixed(4)}`, limit: '20' });
      if (i % 3 === 1) q.set('day', String(i % 7));
      if (i % 5 === 2) q.set('programme', 'smart-recovery');
      if (i % 7 === 3) q.set('attendance', 'in_person');
      return `/api/v1/meetings?${q}`;
    });
    // The same searches without HTTP: the finder's own service and SQL, called in this process.
    await rebuildIndex(direct.db); // this process's own search index, read before timing (the app reads its own at start)
    const sqlAlone = await timeEach(400, (i) => searchAlone(queries[i % queries.length]!));
    const appAlone = await timeEach(400, (i) => fetch(`${base}${queries[i % queries.length]}`).then((r) => r.arrayBuffer()));
    // For scale: the whole search in SQL (no index, decision 140), and a bare HTTP round trip.
    const sqlPathAlone = await timeEach(200, (i) => searchAlone(queries[i % queries.length]!, { useIndex: false }));
    const healthAlone = await timeEach(200, () => fetch(`${base}/healthz`).then((r) => r.arrayBuffer()));
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(app!.pid!))), 200);
    const loaded = await load({ urls: queries, connections: 32, seconds: 20 });
    clearInterval(sampler);
    peakRss = Math.max(peakRss, rssMb(app!.pid!));
    const sqlLoaded = await (async () => {
      const started = performance.now();
      const times: number[] = [];
      let i = 0;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (performance.now() - started < 10_000) {
            const t = performance.now();
            await searchAlone(queries[i++ % queries.length]!);
            times.push(performance.now() - t);
          }
        }),
      );
      return { ...summarise(times), perSecond: times.length / ((performance.now() - started) / 1000) };
    })();
    const errorNote = loaded.errors + loaded.non2xx > 0 ? ` (${loaded.errors} errors, ${loaded.non2xx} non-2xx)` : '';
    rows.push({
      measure: 'Public search, nearest first with filters, 100,000 meetings, 32 connections: throughput',
      result: `${Math.round(loaded.requestsPerSecond).toLocaleString('en-GB')} requests/s${errorNote}`,
      anchor: `SQL alone, 32 connections: ${Math.round(sqlLoaded.perSecond).toLocaleString('en-GB')} queries/s`,
      budget: '≥ 1,500 requests/s',
      met: loaded.requestsPerSecond >= 1500 && loaded.errors + loaded.non2xx === 0,
    });
    rows.push({
      measure: 'Public search under that load: p95 latency',
      result: ms(loaded.p95),
      anchor: `SQL alone p95 ${ms(sqlLoaded.p95)}`,
      budget: '≤ 15 ms',
      met: loaded.p95 <= 15,
    });
    rows.push({
      // Decision 170: the raw SQL query is the search written as one SQL query (nearest first with
      // the filters), timed alone; the app answers the same search over HTTP from its in-process
      // index and one primary-key read, and may take at most twice the query's time.
      measure: 'Public search, one at a time: the whole answer over HTTP against the raw SQL query alone (median)',
      result: `app ${ms(appAlone.p50)} (adds ${ms(Math.max(0, appAlone.p50 - sqlPathAlone.p50))} to the raw query)`,
      anchor: `the search as SQL, run alone in-process ${ms(sqlPathAlone.p50)}; the app's own work in-process (index and one primary-key read) ${ms(sqlAlone.p50)}; /healthz over HTTP ${ms(healthAlone.p50)}`,
      budget: 'app ≤ 2 × the raw SQL query',
      met: appAlone.p50 <= 2 * sqlPathAlone.p50,
    });
    rows.push({
      measure: 'Resident memory of the app under the search load (peak)',
      result: `${Math.round(peakRss)} MB`,
      anchor: `after start-up ${Math.round(rssMb(app!.pid!))} MB`,
      budget: '≤ 300 MB',
      met: peakRss <= 300,
    });
  }

  // -------------------------------------------------------------------------------------------
  if (wanted('feed')) {
    log('--- Meeting Guide feed');
    const health = await timeEach(50, () => fetch(`${base}/healthz`).then((r) => r.arrayBuffer()));
    const full = await timeEach(5, () => fetch(`${base}/feeds/meeting-guide.json`).then((r) => r.arrayBuffer()));
    const first = await fetch(`${base}/feeds/meeting-guide.json`);
    const body = await first.text();
    const etag = first.headers.get('etag');
    let count = 0;
    try {
      count = (JSON.parse(body) as unknown[]).length;
    } catch {
      count = -1;
    }
    rows.push({
      measure: `Meeting Guide feed, complete (${count.toLocaleString('en-GB')} listed meetings, ${(body.length / 1e6).toFixed(1)} MB), median of 5`,
      result: ms(full.p50),
      anchor: `/healthz ${ms(health.p50)}`,
      budget: '≤ 2,000 ms',
      met: full.p50 <= 2000,
    });
    if (etag) {
      const notModified = await load({ urls: ['/feeds/meeting-guide.json'], connections: 4, seconds: 5, headers: { 'if-none-match': etag } });
      rows.push({
        measure: 'Meeting Guide feed repeated with its ETag (304), p95 over 5 s at 4 connections',
        result: `${ms(notModified.p95)}${notModified.non2xx !== notModified.total ? ` (${notModified.total - notModified.non2xx} were not 304)` : ''}`,
        anchor: `/healthz ${ms(health.p95)} (p95, one at a time)`,
        budget: '< 5 ms',
        met: notModified.p95 < 5 && notModified.non2xx === notModified.total,
      });
    } else {
      notes.push('The feed sent no ETag, so the 304 figure could not be measured.');
    }
  }

  // -------------------------------------------------------------------------------------------
  if (wanted('finder')) {
    log('--- finder page in Chromium');
    const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      const scripts = new Map<string, Buffer>();
      page.on('response', async (response) => {
        if (response.request().resourceType() === 'script' && response.url().startsWith(base)) {
          scripts.set(response.url(), await response.body().catch(() => Buffer.alloc(0)));
        }
      });
      const place = samplePlaces[0]!;
      const times: number[] = [];
      const anchorTimes: number[] = [];
      for (let i = 0; i < 6; i++) {
        const anchorStart = performance.now();
        await page.goto(`${base}/healthz`, { waitUntil: 'domcontentloaded' });
        anchorTimes.push(performance.now() - anchorStart);
        const started = performance.now();
        await page.goto(`${base}/meetings?near=${encodeURIComponent(place.postcode)}`, { waitUntil: 'commit' });
        await page.locator('[data-finder-results] li, .finder-results li').first().waitFor({ state: 'visible', timeout: 10_000 });
        times.push(performance.now() - started);
      }
      const finder = summarise(times.slice(1));
      rows.push({
        measure: 'Finder page, navigation to the first results shown (Chromium, phone viewport), median of 5',
        result: ms(finder.p50),
        anchor: `/healthz in the same browser ${ms(summarise(anchorTimes.slice(1)).p50)}`,
        budget: '≤ 1,000 ms',
        met: finder.p50 <= 1000,
      });
      // Let the page's enhancement load everything it loads, then weigh it.
      await page.waitForLoadState('networkidle').catch(() => undefined);
      const total = [...scripts.values()].reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0);
      rows.push({
        measure: `Finder's JavaScript, compressed (${scripts.size} file${scripts.size === 1 ? '' : 's'}: ${[...scripts.keys()].map((u) => new URL(u).pathname).join(', ') || 'none'})`,
        result: `${(total / 1024).toFixed(1)} KB`,
        anchor: `uncompressed ${([...scripts.values()].reduce((s, b) => s + b.length, 0) / 1024).toFixed(1)} KB`,
        budget: '≤ 50 KB',
        met: total <= 50 * 1024,
      });
    } finally {
      await browser.close();
    }
  }

  // -------------------------------------------------------------------------------------------
  if (wanted('lighthouse')) {
    log('--- Lighthouse (mobile)');
    const slug = (await pool.query<{ slug: string }>(`SELECT slug FROM meetings WHERE publicly_visible AND access = 'open' AND listed_publicly AND status = 'running' ORDER BY slug LIMIT 1`)).rows[0]?.slug;
    const place = samplePlaces[0]!;
    for (const [label, url] of [
      ['finder', `${base}/meetings?near=${encodeURIComponent(place.postcode)}`],
      ['meeting page', `${base}/meetings/${slug}`],
    ] as const) {
      const out = path.join(os.tmpdir(), `partner-hub-lighthouse-${label.replace(' ', '-')}.json`);
      const run = spawnSync(
        node,
        [
          path.join(root, 'node_modules/lighthouse/cli/index.js'),
          url,
          '--quiet',
          '--output=json',
          `--output-path=${out}`,
          '--only-categories=performance,accessibility',
          '--form-factor=mobile',
          `--chrome-flags=${[...CHROMIUM_ARGS, '--headless=new'].join(' ')}`,
        ],
        { cwd: root, env: { ...process.env, CHROME_PATH: chromiumPath }, stdio: ['ignore', 'ignore', 'inherit'], timeout: 180_000 },
      );
      if (run.status !== 0 || !fs.existsSync(out)) {
        notes.push(`Lighthouse did not finish on the ${label} (exit ${run.status}).`);
        continue;
      }
      const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { categories: Record<string, { score: number | null }>; audits: Record<string, { numericValue?: number }> };
      const performanceScore = Math.round((report.categories.performance?.score ?? 0) * 100);
      const accessibility = Math.round((report.categories.accessibility?.score ?? 0) * 100);
      const lcp = report.audits['largest-contentful-paint']?.numericValue ?? 0;
      rows.push({
        measure: `Lighthouse mobile, ${label}: performance / accessibility`,
        result: `${performanceScore} / ${accessibility}`,
        anchor: `largest contentful paint ${ms(lcp)} (simulated slow 4G)`,
        budget: '≥ 95 / 100',
        met: performanceScore >= 95 && accessibility === 100,
      });
    }
  }

  // -------------------------------------------------------------------------------------------
  if (wanted('lists')) {
    log('--- signed-in lists and dashboards');
    const central = await sessionFor('central_office');
    const coordinator = await sessionFor('coordinator', 'north-west');
    const { listEndpoints } = await import('./list-endpoints.js');
    const health = await load({ urls: ['/healthz'], connections: 4, seconds: 3 });
    for (const endpoint of await listEndpoints(pool)) {
      const cookie = endpoint.as === 'coordinator' ? coordinator : central;
      // The first request, alone: a dashboard shared between requests (decision 171) computes its
      // answer here, as it does after every change to the data it reads; the load then shows the
      // answers that follow.
      const firstStarted = performance.now();
      const firstStatus = await fetch(`${base}${endpoint.url}`, { headers: { cookie } }).then(async (r) => (await r.arrayBuffer(), r.status)).catch(() => 0);
      const first = performance.now() - firstStarted;
      const result = await load({ urls: [endpoint.url], connections: 4, seconds: 4, headers: { cookie } });
      rows.push({
        measure: `${endpoint.label} (${endpoint.as === 'coordinator' ? 'a Coordinator' : 'Central Office'}), p95 at 4 connections`,
        // No answer at all within the 4 s (autocannon gives up at 10 s): no percentile to show.
        result: result.total === 0 ? 'no answer within 4 s' : `${ms(result.p95)}${result.non2xx > 0 ? ` (${result.non2xx} not 2xx)` : ''}`,
        anchor: `/healthz p95 ${ms(health.p95)}; first request alone ${firstStatus === 200 ? ms(first) : `answered ${firstStatus}`}`,
        budget: '≤ 100 ms',
        met: result.total > 0 && result.p95 <= 100 && result.non2xx === 0,
      });
    }
  }
} finally {
  await stopApp();
}

// ---------------------------------------------------------------------------------------------
if (wanted('renewals')) {
  log('--- renewal run over 100,000 licences (its own database)');
  const run = spawnSync(node, ['--import', 'tsx', path.join(root, 'bench/renewals.ts')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 });
  const line = run.stdout.split('\n').find((l) => l.startsWith('Renewal run over'));
  const setUp = run.stdout.split('\n').find((l) => l.startsWith('Set up'));
  const figure = Number(/: ([\d,]+) ms/.exec(line ?? '')?.[1]?.replaceAll(',', '') ?? NaN);
  rows.push({
    measure: 'Renewal run over 100,000 licences, with the listing check of 100,000 meetings (PostgreSQL)',
    result: Number.isFinite(figure) ? ms(figure) : 'did not finish',
    anchor: setUp ? `loading the 100,000 licences: ${/in (\d+) ms/.exec(setUp)?.[1] ?? '?'} ms` : '',
    budget: '≤ 60,000 ms',
    met: Number.isFinite(figure) && figure <= 60_000,
  });
}
await pool.end();
await direct.close();

// ---------------------------------------------------------------------------------------------
const pgVersion = spawnSync('psql', [databaseUrl, '-tAc', 'SHOW server_version'], { encoding: 'utf8' }).stdout.trim();
const table = [
  '| Measure | Result | Anchor (same run) | Budget | |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.measure} | ${r.result} | ${r.anchor} | ${r.budget} | ${r.met === null ? '' : r.met ? 'met' : '**missed**'} |`),
].join('\n');
const section = `<!-- bench:start -->
## npm run bench

Date: ${new Date().toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' })} (UK time).
Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.type()} ${os.release()}; Node ${process.versions.node}; PostgreSQL ${pgVersion}; app and PostgreSQL on the same machine.
Data set: \`npm run seed:scale\` defaults (seed ${DEFAULT_SCALE.seed}): ${Object.entries(data.counts)
  .map(([k, v]) => `${v.toLocaleString('en-GB')} ${k}`)
  .join(', ')}.
Method: the app runs from this checkout in production mode (\`NODE_ENV=production\`, the built portal, no demo data) on that database; load comes from a separate
process over loopback (\`bench/load.ts\`, autocannon) for a fixed time; each figure's anchor is measured in the same run so a noisy machine shows in both.
Searches are 100 different places across the UK (latitude,longitude from the data set's postcodes), a third with a day, a fifth with a programme, a seventh in person only.

${table}
${notes.length ? `\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}<!-- bench:end -->`;
console.log(section);
if (!args['no-write'] && !args.only) {
  const file = path.join(root, 'docs/PERFORMANCE.md');
  const current = fs.readFileSync(file, 'utf8');
  const next = current.includes('<!-- bench:start -->')
    ? current.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, section)
    : current.replace(/\n## Start-up\n/, `\n${section}\n\n## Start-up\n`);
  fs.writeFileSync(file, next);
  log('Wrote docs/PERFORMANCE.md');
}
