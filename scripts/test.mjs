// npm test: lint, type-check, unit, integration (PGlite, then PostgreSQL when TEST_DATABASE_URL
// is set), a build of the portal, and the browser tests. Ends with one summary line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-hub-results-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const stages = [];

function run(name, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  stages.push(`${result.status === 0 ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)`);
  return result.status === 0;
}

function vitest(name, project, env = {}) {
  const out = path.join(reportDir, `${name.replace(/\W+/g, '-')}.json`);
  const ok = run(name, [bin('vitest', 'vitest.mjs'), 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], env);
  if (fs.existsSync(out)) {
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    if (report.numTotalTests === 0) return false;
  } else {
    totals.failed += 1;
  }
  return ok;
}

let ok = true;
ok = run('lint', [bin('eslint', 'bin/eslint.js'), '--max-warnings=0', '.']) && ok;
ok = run('type-check', [bin('typescript', 'bin/tsc'), '--noEmit', '-p', 'tsconfig.json']) && ok;
ok = vitest('unit tests', 'unit') && ok;
ok = vitest('integration tests on PGlite', 'integration', { PARTNER_HUB_TEST_DB: 'pglite' }) && ok;
if (process.env.TEST_DATABASE_URL) {
  ok = vitest('integration tests on PostgreSQL', 'integration', { PARTNER_HUB_TEST_DB: 'postgres' }) && ok;
} else {
  stages.push('skip integration tests on PostgreSQL (set TEST_DATABASE_URL=postgres://... to run them)');
}
ok = run('build the portal', [bin('vite', 'bin/vite.js'), 'build', '--logLevel', 'warn']) && ok;
ok = vitest('browser tests', 'e2e', { PARTNER_HUB_TEST_DB: 'pglite' }) && ok;

fs.rmSync(reportDir, { recursive: true, force: true });
console.log('\n=== summary ===');
for (const line of stages) console.log(line);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
