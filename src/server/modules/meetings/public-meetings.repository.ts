import type { DB } from '../../db/database.js';

/**
 * THE PUBLIC RULE (docs/notes meetings contract): every public page, search, map, feed, calendar,
 * sitemap, count and error message reads meetings only through this query. It asks the stored
 * listing answer (`publicly_visible`, kept up to date by the meetings module) and, belt and braces,
 * that the meeting is open, listed by the facilitator's choice and still running, so a closed,
 * unlisted or closed-down meeting can never be shown even if the stored answer were wrong.
 *
 * Callers add their own conditions, columns, joins and order; they never widen it.
 */
export function publiclyVisibleMeetings(db: DB) {
  return db
    .selectFrom('meetings')
    .where('meetings.publicly_visible', '=', true)
    .where('meetings.access', '=', 'open')
    .where('meetings.listed_publicly', '=', true)
    .where('meetings.status', '=', 'running');
}
