import type { ListingReasonCode } from '../listing/public-listing.js';

/**
 * Whether a change in a meeting's listing is one to tell its SMART Lead and Coordinator about
 * (docs/decisions/075). A meeting taken off the public listings by something outside its own
 * settings (a licence lapsing or ending, a facilitator no longer eligible, a venue found to be a
 * partner's premises) is news to them; one the facilitator chose to close, unlist or end is not.
 * They are told again when it returns.
 */

/** Reasons that come from the meeting's own settings: choosing them is not news to anyone. */
const OWN_SETTINGS: ReadonlySet<string> = new Set<ListingReasonCode>(['closed_meeting', 'not_listed_publicly', 'meeting_closed_down', 'meeting_ended', 'no_facilitators']);

export interface ListingState {
  visible: boolean;
  reasonCodes: readonly string[];
  /** Whether the listing rule has run for the meeting before (a new meeting has no "before"). */
  checked: boolean;
}

export type ListingChange = 'taken_off' | 'returned' | null;

/** Whether every reason a meeting is hidden is outside its own settings (and there is at least one). */
export function hiddenOnlyByOutsideCauses(reasonCodes: readonly string[]): boolean {
  return reasonCodes.length > 0 && reasonCodes.every((code) => !OWN_SETTINGS.has(code));
}

/** What to tell people about a meeting's listing moving from `before` to `after`. */
export function listingChange(before: ListingState, after: ListingState): ListingChange {
  if (!before.checked) return null;
  if (before.visible && !after.visible && hiddenOnlyByOutsideCauses(after.reasonCodes)) return 'taken_off';
  if (!before.visible && after.visible && hiddenOnlyByOutsideCauses(before.reasonCodes)) return 'returned';
  return null;
}
