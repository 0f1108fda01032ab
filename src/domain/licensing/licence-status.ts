import { addDays, assertIsoDate, type IsoDate } from '../iso-date.js';
import type { LicenceStatus } from '../coverage/coverage.js';
import { renewedPeriod, type LicencePeriod } from './licence-period.js';
import { assertGraceDays, DEFAULT_LICENSING_POLICY, type LicensingPolicy } from './licensing-policy.js';

/**
 * Where a licence stands on a day. Coverage reads 'active', 'in-grace' and 'lapsed' (its
 * LicenceStatus); a licence that has not started yet covers nothing, so it has its own status here.
 */
export type LicenceStatusOnDay = 'not-started' | LicenceStatus;

/** A licence year and whether the following year has been paid for. */
export interface LicenceForStatus extends LicencePeriod {
  readonly renewalPaid: boolean;
}

/** The licence's status on a day: not started, active, in its grace period after the end date, or lapsed. */
export function licenceStatusOn(
  licence: LicenceForStatus,
  date: IsoDate,
  policy: Pick<LicensingPolicy, 'graceDays'> = DEFAULT_LICENSING_POLICY,
): LicenceStatusOnDay {
  assertIsoDate(licence.startsOn, 'startsOn');
  assertIsoDate(licence.endsOn, 'endsOn');
  assertIsoDate(date);
  assertGraceDays(policy.graceDays);
  if (licence.endsOn < licence.startsOn) {
    throw new RangeError(`endsOn (${licence.endsOn}) is before startsOn (${licence.startsOn})`);
  }

  if (date < licence.startsOn) return 'not-started';
  if (date <= licence.endsOn) return 'active';
  // A paid renewal means the next year follows on without a gap (renewedPeriod), so the day is
  // judged against that year, whose own renewal is not known to be paid.
  if (licence.renewalPaid) return licenceStatusOn({ ...renewedPeriod(licence), renewalPaid: false }, date, policy);
  // Grace counts whole days after the end date: with 30 grace days, the 30th day after the end is
  // the last day in grace and the 31st is the first day lapsed.
  if (date <= addDays(licence.endsOn, policy.graceDays)) return 'in-grace';
  return 'lapsed';
}
