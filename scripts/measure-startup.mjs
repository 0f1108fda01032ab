// npm run bench:startup: times `npm start`'s server from launch to a healthy /healthz, on a new
// embedded database and again on the same one, then compares the server alone under tsx with the
// production bundle (dist/server/main.js, built if stale) on that existing database: time to a
// healthy /healthz and resident memory after 5 s idle, the median of 3 runs each, taken in turn.
// It prints the figures for docs/PERFORMANCE.md.
//
//   npm run bench:startup -- --database-url postgres://…   the tsx/bundle comparison on that PostgreSQL
//                                                          database instead (demo data loaded if empty)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-hub-startup-'));
const port = 3900 + Math.floor(Math.random() * 90);
const { values: args } = parseArgs({ options: { 'database-url': { type: 'string' } } });
const databaseUrl = args['database-url'];
const serverDatabase = databaseUrl ? { DATABASE_URL: databaseUrl } : { PGLITE_DIR: path.join(dir, 'pglite') };
const serverDatabaseLabel = databaseUrl ? 'existing PostgreSQL database' : 'existing embedded database';

async function once(label) {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PGLITE_DIR: path.join(dir, 'pglite'), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not yet
    }
    if (performance.now() - started > 120_000) throw new Error('no answer within 120 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const ms = Math.round(performance.now() - started);
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  console.log(`${label}: healthy after ${ms} ms`);
  return ms;
}

/** The server alone on the existing database: ms to healthy and RSS (MB) after 5 s idle. */
async function serverOnce(label, args) {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', ...serverDatabase, LOG_LEVEL: 'warn', SCHEDULED_JOBS: 'off' },
    stdio: 'ignore',
  });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not yet
    }
    if (child.exitCode !== null) throw new Error(`${label} stopped at start-up (exit ${child.exitCode})`);
    if (performance.now() - started > 60_000) throw new Error('no answer within 60 s');
    await new Promise((r) => setTimeout(r, 25));
  }
  const ms = Math.round(performance.now() - started);
  await new Promise((r) => setTimeout(r, 5_000));
  const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  console.log(`${label}: healthy after ${ms} ms, ${Math.round(rss)} MB resident after 5 s idle`);
  return { ms, rss };
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const fresh = databaseUrl ? null : await once('new database');
const again = databaseUrl ? null : await once('existing database');

const bundled = spawnSync(process.execPath, [path.join(root, 'scripts/build-server.mjs'), '--if-stale'], { cwd: root, stdio: 'inherit' });
if (bundled.status !== 0) throw new Error('The server build failed');
const runs = { tsx: [], bundle: [] };
// On a new PostgreSQL database the first start migrates and loads the demo data; it is not counted.
if (databaseUrl) await serverOnce('first start (not counted)', [path.join(root, 'dist/server/main.js')]);
for (let i = 0; i < 3; i++) {
  runs.tsx.push(await serverOnce('tsx (node --import tsx src/server/main.ts)', ['--import', 'tsx', path.join(root, 'src/server/main.ts')]));
  runs.bundle.push(await serverOnce('bundle (node dist/server/main.js)', [path.join(root, 'dist/server/main.js')]));
}
fs.rmSync(dir, { recursive: true, force: true });
for (const [name, list] of Object.entries(runs)) {
  console.log(`| Server alone under ${name}, ${serverDatabaseLabel} | ${median(list.map((r) => r.ms))} ms to /healthz | ${Math.round(median(list.map((r) => r.rss)))} MB idle |`);
}
if (fresh !== null && again !== null) {
  console.log(`| Start-up to healthy /healthz, new embedded database | ${fresh} ms | 20,000 ms | ${fresh <= 20_000 ? 'met' : 'missed'} |`);
  console.log(`| Start-up to healthy /healthz, existing embedded database | ${again} ms | 5,000 ms | ${again <= 5_000 ? 'met' : 'missed'} |`);
}
