// npm run bench:startup: times `npm start`'s server from launch to a healthy /healthz, on a new
// embedded database and again on the same one, and prints the figures for docs/PERFORMANCE.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-hub-startup-'));
const port = 3900 + Math.floor(Math.random() * 90);

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

const fresh = await once('new database');
const again = await once('existing database');
fs.rmSync(dir, { recursive: true, force: true });
console.log(`| Start-up to healthy /healthz, new embedded database | ${fresh} ms | 20,000 ms | ${fresh <= 20_000 ? 'met' : 'missed'} |`);
console.log(`| Start-up to healthy /healthz, existing embedded database | ${again} ms | 5,000 ms | ${again <= 5_000 ? 'met' : 'missed'} |`);
