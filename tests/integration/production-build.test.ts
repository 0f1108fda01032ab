import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/server/db/demo/demo-data.js';
import { freePort, formToken, Jar, postForm, waitFor } from '../support/app-process.js';
import { adminQuery, withDatabase } from '../support/global-setup.js';
import { pdfText } from '../support/pdf.js';
import { testDatabaseKind } from '../support/test-database.js';

/**
 * The production build (decision 145): scripts/build-server.mjs bundles the server and its jobs,
 * and the bundle, started with plain Node from another working folder, finds everything it reads
 * from the project (public/, dist/web, resources/) and makes PDFs. The bundle goes into a folder
 * of its own under .cache/ (inside the project, where its packages and package.json are found).
 */
const root = path.resolve(import.meta.dirname, '../..');
const ENTRIES = ['main', 'migrate', 'renewals', 'backup', 'restore', 'import-postcodes'];
let outdir: string;
let workDir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  fs.mkdirSync(path.join(root, '.cache'), { recursive: true });
  outdir = fs.mkdtempSync(path.join(root, '.cache', 'production-build-'));
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-hub-production-'));
  const built = spawnSync(process.execPath, ['scripts/build-server.mjs', '--outdir', outdir], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`The server build failed:\n${built.stdout}${built.stderr}`);
  // The portal is built by npm run build (and by the browser tests); build it only if it is not there.
  if (!fs.existsSync(path.join(root, 'dist/web/index.html'))) {
    const web = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
    if (web.status !== 0) throw new Error(`The portal build failed:\n${web.stdout}${web.stderr}`);
  }
}, 60_000);

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

/** This process's environment without the database it uses or any loader (the bundle needs none). */
function inheritedEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, NODE_OPTIONS: _options, ...inherited } = process.env;
  return inherited;
}

/** Starts the bundle with plain Node (no tsx) from a working folder outside the project. */
async function startBundle(env: Record<string, string>) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(outdir, 'main.js')], {
    cwd: workDir,
    env: { ...inheritedEnv(), NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: base, SCHEDULED_JOBS: 'off', ...env },
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let healthz: unknown;
  await waitFor('the bundle to answer /healthz', async () => {
    if (child.exitCode !== null) throw new Error(`The bundle exited with ${child.exitCode}:\n${output}`);
    const res = await fetch(`${base}/healthz`).catch(() => null);
    if (!res?.ok) return false;
    healthz = await res.json();
    return true;
  }, 45_000);
  return {
    base,
    healthz,
    output: () => output,
    stop: () =>
      new Promise<number | null>((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

/** Signs in through the sign-in page, keeping cookies as a browser would. */
async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Jar();
  const page = await fetch(`${base}/sign-in`);
  jar.take(page);
  const res = await postForm(`${base}/sign-in`, jar, { _csrf: formToken(await page.text()), email, password });
  if (res.status !== 303) throw new Error(`sign-in failed with ${res.status}`);
  jar.take(res);
  return jar.header();
}

describe(`the production build on ${testDatabaseKind}`, () => {
  it('bundles the server and jobs, and the bundle serves pages, portal files, Partner Resources and PDFs, and migrates', async () => {
    for (const name of ENTRIES) {
      expect(fs.existsSync(path.join(outdir, `${name}.js`)), `${name}.js`).toBe(true);
      expect(fs.existsSync(path.join(outdir, `${name}.js.map`)), `${name}.js.map`).toBe(true);
    }
    // Packages stay in node_modules; our own code is inside the bundle.
    const main = fs.readFileSync(path.join(outdir, 'main.js'), 'utf8');
    expect(main).toMatch(/^import Fastify from "fastify";$/m);
    expect(main).toContain('// src/server/app.ts');

    let env: Record<string, string>;
    let cleanup: () => Promise<void>;
    if (testDatabaseKind === 'postgres') {
      const name = `ph_production_${randomBytes(4).toString('hex')}`;
      await adminQuery(process.env.TEST_DATABASE_URL!, `CREATE DATABASE ${name}`);
      env = { DATABASE_URL: withDatabase(process.env.TEST_DATABASE_URL!, name) };
      cleanup = async () => {
        await adminQuery(process.env.TEST_DATABASE_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      };
    } else {
      env = { PGLITE_DIR: path.join(workDir, 'pglite') };
      cleanup = async () => {};
    }

    try {
      const app = await startBundle(env);
      try {
        expect(app.healthz).toEqual({ status: 'ok', database: testDatabaseKind });
        expect(app.output()).toContain('Demo sign-ins');

        // A public page, and its stylesheet from public/.
        const licences = await fetch(`${app.base}/licences`);
        expect(licences.status).toBe(200);
        expect(await licences.text()).toContain('<h1');
        const css = await fetch(`${app.base}/static/site.css`);
        expect(css.status).toBe(200);
        expect(await css.text()).toBe(fs.readFileSync(path.join(root, 'public/site.css'), 'utf8'));

        // A portal asset from dist/web.
        const indexHtml = fs.readFileSync(path.join(root, 'dist/web/index.html'), 'utf8');
        const asset = /\/portal\/assets\/[^"]+\.js/.exec(indexHtml)?.[0];
        expect(asset).toBeDefined();
        const script = await fetch(`${app.base}${asset}`);
        expect(script.status).toBe(200);
        expect(await script.text()).toBe(fs.readFileSync(path.join(root, 'dist/web', asset!.slice('/portal/'.length)), 'utf8'));

        // Signed in as a demo SMART Lead (a licence in force): the portal page and a Partner Resources file from resources/.
        const smartLead = DEMO_ACCOUNTS.find((a) => a.key === 'smart-lead')!;
        const cookie = await signIn(app.base, smartLead.email, DEMO_PASSWORD);
        const portal = await fetch(`${app.base}/portal/`, { headers: { cookie } });
        expect(portal.status).toBe(200);
        expect(await portal.text()).toBe(indexHtml);
        const guidelines = await fetch(`${app.base}/api/v1/partner-resources/meeting-guidelines`, { headers: { cookie } });
        expect(guidelines.status).toBe(200);
        expect(await guidelines.text()).toBe(fs.readFileSync(path.join(root, 'resources/meeting-guidelines.txt'), 'utf8'));

        // A quotation PDF (PDFKit and its built-in fonts, from node_modules).
        const quote = await fetch(`${app.base}/api/v1/quotes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ organisationType: 'non-profit', servesVeterans: false, childrensServiceProvider: false, sites: [{ name: 'Harbour View Centre', licences: ['smart-recovery'] }] }),
        });
        expect(quote.status).toBe(201);
        const issued = (await quote.json()) as { reference: string; pdfUrl: string };
        const pdf = await fetch(issued.pdfUrl);
        expect(pdf.status).toBe(200);
        expect(pdf.headers.get('content-type')).toBe('application/pdf');
        const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
        expect(text).toContain(issued.reference);
        expect(text).toContain('Harbour View Centre');
      } finally {
        expect(await app.stop()).toBe(0);
      }

      // A command-line job from the same build, on the same database.
      const migrate = spawnSync(process.execPath, [path.join(outdir, 'migrate.js')], {
        cwd: workDir,
        encoding: 'utf8',
        env: { ...inheritedEnv(), LOG_LEVEL: 'warn', ...env },
      });
      expect(migrate.stderr).toBe('');
      expect(migrate.status).toBe(0);
      expect(migrate.stdout).toContain('The database is up to date.');
    } finally {
      await cleanup();
    }
  }, 90_000);
});
