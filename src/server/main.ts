import { buildApp } from './app.js';
import { openDatabase } from './db/database.js';
import { demoSignInText, hasDemoAccounts, isEmpty, loadDemoData } from './db/demo/demo-data.js';
import { migrateToLatest } from './db/migrate.js';
import { pruneDataChanges } from './db/shared-answers.js';
import { loadConfig } from './env.js';
import { missingNodeFlags } from './node-flags.js';
import { OutboxWorker } from './mail/outbox-worker.js';
import { invoicePdf } from './modules/invoices/invoice-document.js';
import { visitReportPdf } from './modules/visits/visits.service.js';
import { sessionCalendarFile } from './modules/community-sessions/community-sessions.service.js';
import { Scheduler } from './jobs/scheduler.js';
import { runRenewals } from './modules/renewals/renewals.service.js';
import { runSafeguardingReminders } from './modules/people/people.service.js';
import { flagUnderBookedCourses } from './modules/training-courses/training-courses.service.js';
import { runMeetingSurveys } from './modules/meeting-surveys/meeting-surveys.service.js';
import { runListingRefresh } from './modules/meetings/listing.service.js';
import { runRetention } from './modules/privacy/privacy.service.js';
import { pruneImportRuns } from './modules/record-imports/record-imports.service.js';

/** Starts Partner Hub: opens the database, migrates, loads demo data into an empty one, listens. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const database = await openDatabase(config.database);
  await migrateToLatest(database.db);
  if (config.demoData && (await isEmpty(database.db))) await loadDemoData(database.db, config);

  const app = await buildApp({ config, db: database.db });
  const deps = { db: database.db, config, now: () => new Date() };
  const worker = new OutboxWorker({
    db: database.db,
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    log: app.log,
    attachments: {
      'invoice-pdf': async (id) => (await invoicePdf(deps, id)).pdf,
      'visit-report-pdf': (id) => visitReportPdf(deps, id),
      'community-session-ics': (id) => sessionCalendarFile(deps, id),
    },
  });
  await app.listen({ port: config.port, host: config.host });
  worker.start();
  // The renewal run is idempotent per day, so running it every six hours is safe and catches up after downtime.
  const scheduler = new Scheduler(app.log, { enabled: config.scheduledJobs });
  scheduler.every('renewals', 6 * 60 * 60 * 1000, () => runRenewals({ db: database.db, config, now: () => new Date() }));
  // Safeguarding reminders are logged once each, so the same six-hourly rhythm is safe too.
  scheduler.every('safeguarding-reminders', 6 * 60 * 60 * 1000, () => runSafeguardingReminders({ db: database.db, config, now: () => new Date() }));
  // Safeguarding-check details past the retention period are removed; a second run the same day changes nothing (decision 102).
  scheduler.every('retention', 6 * 60 * 60 * 1000, () => runRetention({ db: database.db, config, now: () => new Date() }));
  // Staff-led courses past their cut-off with fewer than 6 booked: flagged once each (decision 063).
  scheduler.every('training-course-check', 6 * 60 * 60 * 1000, () => flagUnderBookedCourses({ db: database.db, config, now: () => new Date() }));
  // Meeting surveys: each survey, ask and reminder is made once (unique keys), so hourly is safe and asks soon after a meeting ends.
  scheduler.every('meeting-surveys', 60 * 60 * 1000, () => runMeetingSurveys({ db: database.db, config, now: () => new Date() }));
  // Public listings follow the date too (checks falling due, licences ending): every meeting is judged again daily (decision 075).
  scheduler.every('meeting-listings', 24 * 60 * 60 * 1000, () => runListingRefresh({ db: database.db, config, now: () => new Date() }));
  // The record of changes that shared dashboard answers are checked against: a day is kept, far longer than any answer lives (decision 171).
  scheduler.every('data-changes-prune', 24 * 60 * 60 * 1000, () => pruneDataChanges(database.db));
  // Record-import runs: their reports name people from the files, so finished ones are kept a week, the newest 20 at most (decision 172).
  scheduler.every('record-import-runs-prune', 24 * 60 * 60 * 1000, () => pruneImportRuns({ db: database.db, config, now: () => new Date() }));

  const where = config.database.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.database.dataDir}` : 'PostgreSQL server';
  console.log(`Partner Hub is running at ${config.publicUrl} on ${where} (ready in ${Date.now() - started} ms).`);
  if (!config.smtpUrl) console.log('No SMTP_URL is set: mail is kept in the Outbox, which Central Office can read in the portal.');
  // V8 sizes its heap before this code runs, so the memory settings can only be pointed out here (decision 165).
  const missingFlags = process.env.NODE_ENV === 'production' ? missingNodeFlags() : [];
  if (missingFlags.length > 0) console.warn(`Started without ${missingFlags.join(' ')}: expect about 100 MB more resident memory (docs/DEPLOYMENT.md).`);
  if (config.demoData && (await hasDemoAccounts(database.db))) console.log(demoSignInText(config.publicUrl));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    await app.close();
    await scheduler.stop();
    await worker.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
