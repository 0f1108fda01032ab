// npm run backup [-- --dir backups]: a backup of the configured database (DATABASE_URL, or PGlite in PGLITE_DIR).
import path from 'node:path';
import { backupDatabase } from '../db/backup.js';
import { loadConfig } from '../env.js';

const config = loadConfig();
const dirIndex = process.argv.indexOf('--dir');
const dir = dirIndex > 0 ? process.argv[dirIndex + 1]! : 'backups';
const started = Date.now();
try {
  const file = await backupDatabase(config.database, dir);
  console.log(`Backup written to ${path.relative(process.cwd(), file)} in ${Date.now() - started} ms.`);
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
