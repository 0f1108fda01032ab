import type { Migration } from 'kysely/migration';
import * as foundation from './2026-11-24T1100-foundation.js';
import * as feeSchedules from './2026-11-24T1200-fee-schedules.js';
import * as tasks from './2026-11-24T1250-tasks.js';
import * as quotes from './2026-11-24T1300-quotes.js';
import * as startUpForms from './2026-11-24T1310-start-up-forms.js';
import * as invoicesAndLicences from './2026-11-24T1400-invoices-and-licences.js';
import * as renewals from './2026-11-24T1410-renewals.js';
import * as organisationContacts from './2026-11-24T1420-organisation-contacts.js';
import * as people from './2026-11-24T1500-people.js';
import * as training from './2026-11-24T1510-training.js';
import * as quoteAgreedPrices from './2026-11-24T1520-quote-agreed-prices.js';
import * as outboxAttachments from './2026-11-24T1530-outbox-attachments.js';
import * as volunteerOnboarding from './2026-11-24T1540-volunteer-onboarding.js';
import * as facilitatorSites from './2026-11-24T1550-facilitator-sites.js';
import * as trainingProgress from './2026-11-24T1560-training-progress.js';
import * as meetings from './2026-11-24T1600-meetings.js';
import * as meetingFinderIndexes from './2026-11-24T1620-meeting-finder-indexes.js';
import * as meetingListingRevision from './2026-11-24T1630-meeting-listing-revision.js';
import * as meetingSurveys from './2026-11-24T1640-meeting-surveys.js';
import * as trainingCourses from './2026-11-24T1650-training-courses.js';
import * as privacyAndVersions from './2026-11-24T1660-privacy-and-versions.js';
import * as visitsAndCommunitySessions from './2026-11-24T1670-visits-and-community-sessions.js';
import * as contactNotes from './2026-11-24T1680-contact-notes.js';
import * as centralOfficeExtras from './2026-11-24T1690-central-office-extras.js';
import * as recordImports from './2026-11-24T1695-record-imports.js';
import * as listIndexes from './2026-11-24T1700-list-indexes.js';
import * as listingAndPartnershipVersions from './2026-11-24T1710-listing-and-partnership-versions.js';
import * as workspaceIndexes from './2026-11-25T0100-workspace-indexes.js';
import * as networkReportCounts from './2026-11-25T0200-network-report-counts.js';
import * as surveyRatesAndListIndexes from './2026-11-25T0300-survey-rates-and-list-indexes.js';
import * as dataChanges from './2026-11-25T0400-data-changes.js';
import * as recordImportRuns from './2026-11-26T0100-record-import-runs.js';
import * as meetingTallies from './2026-11-26T0200-meeting-tallies.js';

/**
 * Every migration, by its timestamped name, in order. Listed here rather than read from the
 * folder so the same code runs under tsx, Vitest and a bundled build.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-24T1100-foundation': foundation,
  '2026-11-24T1200-fee-schedules': feeSchedules,
  '2026-11-24T1250-tasks': tasks,
  '2026-11-24T1300-quotes': quotes,
  '2026-11-24T1310-start-up-forms': startUpForms,
  '2026-11-24T1400-invoices-and-licences': invoicesAndLicences,
  '2026-11-24T1410-renewals': renewals,
  '2026-11-24T1420-organisation-contacts': organisationContacts,
  '2026-11-24T1500-people': people,
  '2026-11-24T1510-training': training,
  '2026-11-24T1520-quote-agreed-prices': quoteAgreedPrices,
  '2026-11-24T1530-outbox-attachments': outboxAttachments,
  '2026-11-24T1540-volunteer-onboarding': volunteerOnboarding,
  '2026-11-24T1550-facilitator-sites': facilitatorSites,
  '2026-11-24T1560-training-progress': trainingProgress,
  '2026-11-24T1600-meetings': meetings,
  '2026-11-24T1620-meeting-finder-indexes': meetingFinderIndexes,
  '2026-11-24T1630-meeting-listing-revision': meetingListingRevision,
  '2026-11-24T1640-meeting-surveys': meetingSurveys,
  '2026-11-24T1650-training-courses': trainingCourses,
  '2026-11-24T1660-privacy-and-versions': privacyAndVersions,
  '2026-11-24T1670-visits-and-community-sessions': visitsAndCommunitySessions,
  '2026-11-24T1680-contact-notes': contactNotes,
  '2026-11-24T1690-central-office-extras': centralOfficeExtras,
  '2026-11-24T1695-record-imports': recordImports,
  '2026-11-24T1700-list-indexes': listIndexes,
  '2026-11-24T1710-listing-and-partnership-versions': listingAndPartnershipVersions,
  '2026-11-25T0100-workspace-indexes': workspaceIndexes,
  '2026-11-25T0200-network-report-counts': networkReportCounts,
  '2026-11-25T0300-survey-rates-and-list-indexes': surveyRatesAndListIndexes,
  '2026-11-25T0400-data-changes': dataChanges,
  '2026-11-26T0100-record-import-runs': recordImportRuns,
  '2026-11-26T0200-meeting-tallies': meetingTallies,
};
