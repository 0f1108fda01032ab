// npm run import:postcodes -- FILE [--town-column NAME [--town-names FILE]] [--progress-every N]
// Loads the ONS Postcode Directory CSV into the postcodes table (DATABASE_URL, or PGlite in
// PGLITE_DIR: stop Partner Hub first, as PGlite serves one process). docs/decisions/088.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadConfig } from '../env.js';
import {
  auditPostcodeImport,
  fileLines,
  formatImportSummary,
  importPostcodes,
  readTownNames,
} from '../modules/postcodes/postcodes.service.js';

const USAGE = 'Usage: npm run import:postcodes -- ONSPD.csv [--town-column COLUMN [--town-names CODES_AND_NAMES.csv]] [--progress-every ROWS]';

function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number above 0, not "${value}".\n${USAGE}`);
  return n;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'town-column': { type: 'string' },
      'town-names': { type: 'string' },
      'progress-every': { type: 'string' },
      'batch-size': { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new Error(USAGE);
  if (!fs.existsSync(file)) throw new Error(`There is no file at ${file}.`);
  if (values['town-names'] && !values['town-column']) throw new Error(`--town-names needs --town-column, the column holding the codes.\n${USAGE}`);
  const progressEvery = positiveInteger(values['progress-every'], '--progress-every', 100_000);
  const batchSize = positiveInteger(values['batch-size'], '--batch-size', 1000);
  const townNames = values['town-names'] ? await readTownNames(fileLines(values['town-names'])) : undefined;

  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    const summary = await importPostcodes(database.db, fileLines(file), {
      townColumn: values['town-column'],
      townNames,
      batchSize,
      progressEvery,
      onProgress: ({ read, loaded }) =>
        process.stderr.write(`postcodes: ${read.toLocaleString('en-GB')} rows read, ${loaded.toLocaleString('en-GB')} loaded\n`),
    });
    await auditPostcodeImport(database.db, { userId: null, label: 'npm run import:postcodes' }, file, summary);
    console.log(formatImportSummary(summary));
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`Postcode import failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
