// npm run restore -- <backup file> [--force]: restores a backup made by npm run backup into the
// configured database. Refuses a database that already holds data unless --force is given.
import { restoreDatabase } from '../db/backup.js';
import { loadConfig } from '../env.js';

const config = loadConfig();
const args = process.argv.slice(2);
const force = args.includes('--force');
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('Usage: npm run restore -- <backup file> [--force]');
  process.exit(2);
}
try {
  const result = await restoreDatabase(config.database, file, { force });
  console.log(`Restored ${file}.`);
  if (result.movedAside) console.log(`The database that was there has been moved to ${result.movedAside}.`);
} catch (error) {
  console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
