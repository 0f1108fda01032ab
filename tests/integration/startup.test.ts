import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { adminQuery, withDatabase } from '../support/global-setup.js';
import { testDatabaseKind } from '../support/test-database.js';

/**
 * Starts Partner Hub as `npm start` does (main.ts on Node 24), on a new database and again on the
 * same one, and checks it answers /healthz and prints the demo sign-ins. Start-up times are
 * measured for docs/PERFORMANCE.md, not asserted here.
 */
const root = path.resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function start(env: Record<string, string>): Promise<{ output: () => string; stop: () => Promise<void>; healthz: unknown }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Partner Hub exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) {
        const healthz = await res.json();
        return {
          healthz,
          output: () => output,
          stop: () =>
            new Promise<void>((resolve) => {
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Partner Hub did not answer /healthz within 60 s:\n${output}`);
}

describe(`start-up on ${testDatabaseKind}`, () => {
  it('starts on a new database with demo data, prints a sign-in for each role, and starts again on the same database', async () => {
    let env: Record<string, string>;
    let cleanup: () => Promise<void>;
    if (testDatabaseKind === 'postgres') {
      const name = `ph_startup_${randomBytes(4).toString('hex')}`;
      await adminQuery(process.env.TEST_DATABASE_URL!, `CREATE DATABASE ${name}`);
      env = { DATABASE_URL: withDatabase(process.env.TEST_DATABASE_URL!, name) };
      cleanup = async () => {
        await adminQuery(process.env.TEST_DATABASE_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      };
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-hub-start-'));
      env = { PGLITE_DIR: path.join(dir, 'pglite') };
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    try {
      const first = await start(env);
      expect(first.healthz).toEqual({ status: 'ok', database: testDatabaseKind });
      await first.stop();
      for (const label of ['Central Office', 'Community Coordinator', 'Programme Lead', 'SMART Lead', 'Facilitator']) {
        expect(first.output()).toContain(label);
      }
      expect(first.output()).toContain('two-factor secret');

      const second = await start(env);
      expect(second.healthz).toEqual({ status: 'ok', database: testDatabaseKind });
      await second.stop();
    } finally {
      await cleanup();
    }
  }, 150_000);

  it('refuses to start with a configuration error that names the variable', async () => {
    await expect(start({ PORT: 'not-a-port' })).rejects.toThrow(/PORT/);
  }, 60_000);
});
