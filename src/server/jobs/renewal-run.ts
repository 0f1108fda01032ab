// npm run renewals [-- --today YYYY-MM-DD]: the renewal run from the command line, with progress.
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadConfig } from '../env.js';
import { runRenewals } from '../modules/renewals/renewals.service.js';

const config = loadConfig();
const todayIndex = process.argv.indexOf('--today');
const today = todayIndex > 0 ? process.argv[todayIndex + 1] : undefined;
const database = await openDatabase(config.database);
try {
  await migrateToLatest(database.db);
  const started = Date.now();
  const result = await runRenewals(
    { db: database.db, config, now: () => new Date() },
    {
      ...(today ? { today } : {}),
      onProgress: (done, total) => console.log(`renewals: ${done} of ${total} organisation-months done`),
    },
  );
  console.log(
    `Renewal run finished in ${Date.now() - started} ms: ${result.invoicesIssued} renewal invoices, ${result.remindersSent} reminders, ` +
      `${result.licencesInGrace} licences into grace, ${result.licencesLapsed} lapsed.`,
  );
} finally {
  await database.close();
}
