import { AppError } from './errors.js';

/**
 * Optimistic concurrency for edits (docs/decisions/101-edits-carry-a-version.md): a GET answers
 * with `ETag: etag(record.version)`, and an edit must send it back in `If-Match`. A stale copy is
 * refused with 412 `precondition_failed` carrying the current record, so the form can show what
 * changed; an edit without If-Match is refused with 428 `precondition_required`.
 */

/** The strong entity tag of a record's version: `"7"`. */
export function etag(version: number | string): string {
  return `"${String(version).replace(/["\\]/g, '')}"`;
}

/**
 * Throws unless the If-Match header names the current version. `*` matches any existing record;
 * weak tags (`W/"7"`) never match, as RFC 9110 requires of If-Match.
 */
export function assertIfMatch(header: string | string[] | undefined, current: { version: number | string }, currentRecord: unknown): void {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value === undefined || value.trim() === '') {
    throw new AppError('precondition_required', 'Send the version you are editing in an If-Match header (the ETag from when you read the record).', {
      currentVersion: current.version,
      current: currentRecord,
    });
  }
  const wanted = etag(current.version);
  const tags = value.split(',').map((tag) => tag.trim());
  if (tags.includes('*') || tags.includes(wanted)) return;
  throw new AppError('precondition_failed', 'Someone else has changed this record since you opened it. Check their changes, then save again.', {
    currentVersion: current.version,
    current: currentRecord,
  });
}
