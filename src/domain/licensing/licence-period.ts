import { addDays, addYears, assertIsoDate, type IsoDate } from '../iso-date.js';

/**
 * A licence year. Section 10: licences are "renewed annually"; Section 6 (Step 3): the licence is
 * issued once the invoice has been paid, so the first year starts on the day it is paid in full.
 */

/** One licence year, both days included. */
export interface LicencePeriod {
  readonly startsOn: IsoDate;
  readonly endsOn: IsoDate;
}

/** Section 10: a licence year from its first day to the day before the same date next year. */
export function licencePeriod(startsOn: IsoDate): LicencePeriod {
  assertIsoDate(startsOn, 'startsOn');
  const anniversary = addYears(startsOn, 1);
  // A year from 29 February has no anniversary in a common year. addYears gives 28 February, and
  // the day before that would make the licence a day shorter than a year; instead the year ends on
  // 28 February, as if the anniversary were 1 March. The renewal then starts on 1 March and keeps
  // that date, so the years stay back to back with no gap or overlap.
  const endsOn = startsOn.endsWith('-02-29') ? anniversary : addDays(anniversary, -1);
  return { startsOn, endsOn };
}

/**
 * The year after this one, starting the day after it ends, whatever day the renewal is paid.
 * Section 10: the licence is renewed, not bought again, so paying late neither shortens nor shifts
 * the year (and paying early does not lengthen it). A licence left unpaid so long that the renewed
 * year has itself ended is a new licence (licencePeriod from its payment), which is the caller's call.
 */
export function renewedPeriod(current: LicencePeriod): LicencePeriod {
  assertIsoDate(current.endsOn, 'endsOn');
  return licencePeriod(addDays(current.endsOn, 1));
}
