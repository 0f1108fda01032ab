// npm run build:server: bundles the server and the command-line jobs production uses into
// dist/server/*.js with esbuild: ES modules for Node 24, packages left in node_modules, source maps
// beside them (decision 145). `npm run build` runs it after the portal build.
//
//   node scripts/build-server.mjs                 builds into dist/server
//   node scripts/build-server.mjs --if-stale      only when a source is newer than the bundle (or it is missing)
//   node scripts/build-server.mjs --outdir DIR    builds elsewhere; DIR must be inside the project, so
//                                                 the bundle finds package.json and node_modules above it
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// esbuild comes with tsx (a dependency) and vite, at one version; see decision 145.
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Output name → source. main is the server; the others are the npm scripts of the same names. */
export const SERVER_ENTRIES = {
  main: 'src/server/main.ts',
  migrate: 'src/server/db/migrate-cli.ts',
  renewals: 'src/server/jobs/renewal-run.ts',
  backup: 'src/server/jobs/backup.ts',
  restore: 'src/server/jobs/restore.ts',
  'import-postcodes': 'src/server/jobs/import-postcodes.ts',
};

/** Written beside the bundle: when the build began and the sources it read, for --if-stale. */
const RECORD = 'build-inputs.json';
/** Files that change the output without being bundled. */
const ALSO = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build-server.mjs'];

const mtime = (file) => fs.statSync(file).mtimeMs;

/** Why the bundle in outdir needs building again, or null when it is up to date. */
export function staleReason(outdir) {
  const record = path.join(outdir, RECORD);
  if (!fs.existsSync(record)) return 'there is no server bundle yet';
  const { startedAt, inputs } = JSON.parse(fs.readFileSync(record, 'utf8'));
  if (typeof startedAt !== 'number' || !Array.isArray(inputs)) return `${RECORD} is from an older build script`;
  const missing = Object.keys(SERVER_ENTRIES)
    .map((name) => path.join(outdir, `${name}.js`))
    .find((file) => !fs.existsSync(file));
  if (missing) return `${path.relative(root, missing)} is missing`;
  for (const input of [...inputs, ...ALSO]) {
    const file = path.join(root, input);
    if (!fs.existsSync(file)) return `${input} has gone`;
    // Against the start of the build, so a file saved while it ran counts as changed.
    if (mtime(file) >= startedAt) return `${input} has changed`;
  }
  return null;
}

/** Bundles every entry into outdir and removes anything there the build did not write. */
export async function buildServer(outdir) {
  const started = performance.now();
  const startedAt = Date.now();
  fs.mkdirSync(outdir, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: Object.entries(SERVER_ENTRIES).map(([out, source]) => ({ in: source, out })),
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    // Stack traces need only the mappings; the sources are in the repository.
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
    write: false,
  });
  // Each file is written beside its place and renamed into it, so a server starting meanwhile never
  // reads a half-written one.
  const written = new Set();
  for (const output of result.outputFiles) {
    const temporary = `${output.path}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, output.contents);
    fs.renameSync(temporary, output.path);
    written.add(output.path);
  }
  for (const name of fs.readdirSync(outdir)) {
    const file = path.join(outdir, name);
    if (!written.has(file) && name !== RECORD && !name.endsWith('.tmp')) fs.rmSync(file, { recursive: true, force: true });
  }
  const inputs = Object.keys(result.metafile.inputs).sort();
  fs.writeFileSync(path.join(outdir, RECORD), `${JSON.stringify({ startedAt, inputs }, null, 2)}\n`);
  return { ms: Math.round(performance.now() - started), inputs: inputs.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'if-stale': { type: 'boolean', default: false }, outdir: { type: 'string' } } });
  const outdir = path.resolve(root, values.outdir ?? 'dist/server');
  const reason = values['if-stale'] ? staleReason(outdir) : 'asked to';
  if (reason === null) {
    console.log(`The server bundle in ${path.relative(root, outdir)} is up to date.`);
  } else {
    const { ms, inputs } = await buildServer(outdir);
    console.log(`Server bundled into ${path.relative(root, outdir)} (${inputs} sources, ${ms} ms${values['if-stale'] ? `; ${reason}` : ''}).`);
  }
}
