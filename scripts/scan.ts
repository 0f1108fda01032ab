// npm run test:scan: sqlmap and wapiti (Debian packages) against a local Partner Hub with the demo
// data, on a new embedded database in a temporary folder. Only ever aims at 127.0.0.1, each tool is
// bounded in time, and the run fails if either reports an injection, a cross-site scripting or other
// vulnerability, or a 5xx answer. Figures for docs/SECURITY.md are printed at the end.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-hub-scan-'));
const port = 4700 + Math.floor(Math.random() * 200);
const base = `http://127.0.0.1:${port}`;
const started = Date.now();
const findings: string[] = [];
const figures: string[] = [];

function ensureTools() {
  const missing = ['sqlmap', 'wapiti'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`Install ${missing.join(' and ')} (Debian: apt-get install ${missing.join(' ')}) and run again.`);
  console.log(`--- installing ${missing.join(', ')} from Debian`);
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (install.status !== 0) throw new Error(`Could not install ${missing.join(', ')}`);
}

async function startApp() {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', PGLITE_DIR: path.join(work, 'pglite'), DEMO_DATA: 'auto', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const app = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/main.ts')], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let waited = 0; waited < 120_000; waited += 200) {
    if (app.exitCode !== null) throw new Error(`Partner Hub stopped before it was ready (exit ${app.exitCode})`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return app;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  app.kill('SIGKILL');
  throw new Error('Partner Hub did not start within 120 s');
}

/** Signs in as the demo SMART Lead over HTTP and returns the session cookie and CSRF token. */
async function signIn(): Promise<{ cookie: string; csrf: string; organisationId: string | null }> {
  const { DEMO_ACCOUNTS, DEMO_PASSWORD } = await import('../src/server/db/demo/demo-data.js');
  const lead = DEMO_ACCOUNTS.find((a) => a.role === 'smart_lead');
  if (!lead) throw new Error('The demo data has no SMART Lead');
  const page = await fetch(`${base}/sign-in`);
  const pageCookie = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pageCookie },
    body: new URLSearchParams({ email: lead.email, password: DEMO_PASSWORD, _csrf: token }).toString(),
  });
  const session = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c?.startsWith('ph_session='));
  if (!session) throw new Error(`Signing in as the demo SMART Lead failed (${res.status})`);
  const me = await fetch(`${base}/api/v1/me`, { headers: { cookie: session } });
  const body = (await me.json()) as { csrfToken: string; organisationId: string | null };
  return { cookie: session, csrf: body.csrfToken, organisationId: body.organisationId };
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

interface SqlmapTarget {
  label: string;
  url: string;
  data?: string;
  headers?: string[];
  cookie?: string;
  extra?: string[];
}

async function sqlmap(target: SqlmapTarget) {
  const t = Date.now();
  const args = [
    '-u', `${base}${target.url}`,
    '--batch', '--flush-session', '--disable-coloring',
    '--level=2', '--risk=1', '--technique=BEU', '--timeout=10', '--retries=1',
    // sqlmap refreshes a CSRF token one request at a time.
    ...(target.extra?.some((e) => e.startsWith('--csrf-token')) ? [] : ['--threads=4']),
    `--output-dir=${path.join(work, 'sqlmap')}`,
    ...(target.data ? ['--data', target.data] : []),
    ...(target.cookie ? ['--cookie', target.cookie, '--skip=ph_session'] : []),
    ...(target.headers ?? []).flatMap((h) => ['-H', h]),
    ...(target.extra ?? []),
  ];
  const { output } = await run('sqlmap', args, 240_000);
  if (process.env.SCAN_VERBOSE) console.log(output);
  const seconds = Math.round((Date.now() - t) / 1000);
  if (/identified the following injection point|is vulnerable/i.test(output)) findings.push(`sqlmap: ${target.label} is injectable`);
  const errors = /HTTP error codes detected during run:\s*([^\n]+)/.exec(output)?.[1] ?? '';
  if (/(^|, )5\d\d \(/.test(errors)) findings.push(`sqlmap: ${target.label} answered ${errors.trim()}`);
  const tested = (output.match(/testing '/g) ?? []).length;
  if (tested === 0) findings.push(`sqlmap: ${target.label} was not tested: ${/\[CRITICAL\][^\n]*/.exec(output)?.[0] ?? 'no tests ran'}`);
  figures.push(`sqlmap ${target.label}: ${tested} injection tests, ${seconds} s, ${/injection point|is vulnerable/i.test(output) ? 'INJECTABLE' : 'nothing found'}${errors ? `; HTTP errors seen: ${errors.trim()}` : ''}`);
  console.log(figures.at(-1));
}

async function wapiti() {
  const t = Date.now();
  const report = path.join(work, 'wapiti.json');
  const args = [
    '-u', `${base}/`,
    '--scope', 'folder',
    '-s', `${base}/meetings?near=PR1+8BU`,
    '-s', `${base}/quote`,
    '-s', `${base}/licences`,
    '-s', `${base}/start-up-form`,
    '-s', `${base}/sign-in`,
    // No -x exclusions: Debian's wapiti 3.0.4 cannot compile them on Python 3.11. Signing out is
    // a POST with a CSRF token, so crawling cannot end a session anyway.
    '-m', 'sql,blindsql,xss,permanentxss,exec,file,crlf,redirect,ssrf',
    '-d', '3',
    '--max-links-per-page', '40',
    '--max-scan-time', '60',
    '--max-attack-time', '40',
    '--flush-session',
    '-f', 'json',
    '-o', report,
  ];
  const { output } = await run('wapiti', args, 300_000);
  const seconds = Math.round((Date.now() - t) / 1000);
  if (!fs.existsSync(report)) {
    findings.push(`wapiti wrote no report:\n${output.slice(-2000)}`);
    return;
  }
  const json = JSON.parse(fs.readFileSync(report, 'utf8')) as {
    vulnerabilities?: Record<string, unknown[]>;
    anomalies?: Record<string, unknown[]>;
    infos?: { crawled_pages_nbr?: number; crawled_pages?: unknown[] };
  };
  const vulnerabilities = Object.entries(json.vulnerabilities ?? {}).filter(([, list]) => list.length > 0);
  const anomalies = Object.entries(json.anomalies ?? {}).filter(([, list]) => list.length > 0);
  for (const [kind, list] of vulnerabilities) findings.push(`wapiti: ${list.length} × ${kind}: ${JSON.stringify(list.slice(0, 3))}`);
  for (const [kind, list] of anomalies) findings.push(`wapiti anomaly: ${list.length} × ${kind}: ${JSON.stringify(list.slice(0, 3))}`);
  const pages = json.infos?.crawled_pages_nbr ?? json.infos?.crawled_pages?.length;
  figures.push(`wapiti: ${pages === undefined ? 'the public pages' : `${pages} pages`} crawled and attacked (sql, blind sql, xss, stored xss, exec, file, crlf, redirect, ssrf), ${seconds} s, ${vulnerabilities.length + anomalies.length === 0 ? 'nothing found' : 'FINDINGS'}`);
  console.log(figures.at(-1));
}

ensureTools();
console.log(`--- starting Partner Hub on ${base} (demo data, temporary database)`);
const app = await startApp();
try {
  const lead = await signIn();
  const json = ['Content-Type: application/json', `X-CSRF-Token: ${lead.csrf}`];
  const targets: SqlmapTarget[] = [
    { label: 'GET /api/v1/meetings (public search)', url: '/api/v1/meetings?near=PR1+8BU&radiusKm=25&day=2&programme=smart-recovery&audience=women&limit=5' },
    { label: 'GET /meetings (finder page)', url: '/meetings?near=Preston&day=2&attendance=in_person' },
    { label: 'GET /api/v1/meetings/{slug}', url: '/api/v1/meetings/some-meeting*', extra: ['--ignore-code=404'] },
    {
      label: 'POST /api/v1/quotes (JSON)',
      url: '/api/v1/quotes',
      data: JSON.stringify({ organisationType: 'non-profit', sites: [{ name: 'Main site', licences: ['smart-recovery'] }] }),
      headers: ['Content-Type: application/json'],
    },
    { label: 'POST /sign-in (form with CSRF)', url: '/sign-in', data: 'email=someone%40example.org&password=not-the-password&_csrf=x', extra: ['--csrf-token=_csrf', `--csrf-url=${base}/sign-in`, '-p', 'email,password', '--ignore-code=401'] },
    { label: 'GET /api/v1/nominations (signed in)', url: '/api/v1/nominations?status=nominated&limit=5', cookie: lead.cookie },
    { label: 'GET /api/v1/invoices (signed in)', url: '/api/v1/invoices?limit=5&offset=0', cookie: lead.cookie },
    ...(lead.organisationId
      ? [{ label: 'GET /api/v1/organisations/{id} (signed in)', url: `/api/v1/organisations/${lead.organisationId}*`, cookie: lead.cookie, headers: json.slice(1) }]
      : []),
  ];
  const only = process.env.SCAN_ONLY;
  console.log('--- sqlmap');
  for (const target of targets.filter((t) => !only || t.label.includes(only))) await sqlmap(target);
  if (!only) {
    console.log('--- wapiti');
    await wapiti();
  }
} finally {
  app.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
}

console.log(`\nScan finished in ${Math.round((Date.now() - started) / 1000)} s.`);
if (findings.length > 0) {
  console.error(`\n${findings.length} finding(s):\n${findings.map((f) => `- ${f}`).join('\n')}`);
  process.exit(1);
}
console.log('sqlmap and wapiti found nothing.');
