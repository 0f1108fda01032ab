/**
 * How Central Office runs licence renewals. The guidance sets no grace period or reminder days
 * (Section 10 says only that licences are renewed annually), so these are settings, not rules.
 */

/** Central Office's renewal settings. */
export interface LicensingPolicy {
  /** Days after the end date during which an unpaid licence still counts (in grace). */
  readonly graceDays: number;
  /**
   * Days before the end date on which a renewal reminder is sent. The renewal invoice is raised
   * with the first (largest) of them, so it is configured here too.
   */
  readonly reminderDays: readonly number[];
}

/** The renewal settings in force unless Central Office changes them. */
export const DEFAULT_LICENSING_POLICY: LicensingPolicy = {
  graceDays: 30,
  reminderDays: [60, 30, 7],
};

/** Throws a RangeError unless the grace period is a whole number of days, zero or more. */
export function assertGraceDays(graceDays: number): void {
  if (!Number.isSafeInteger(graceDays) || graceDays < 0) {
    throw new RangeError(`graceDays must be a whole number of days, zero or more; got ${graceDays}`);
  }
}

/** Throws a RangeError unless every reminder falls a whole number of days on or before the end date. */
export function assertReminderDays(reminderDays: readonly number[]): void {
  for (const days of reminderDays) {
    // A negative number would be a reminder after the end date: by then the licence is in grace or
    // lapsed, which is a different notice from "your licence is due for renewal".
    if (!Number.isSafeInteger(days) || days < 0) {
      throw new RangeError(`reminderDays must be whole numbers of days before the end date, zero or more; got ${days}`);
    }
  }
}
