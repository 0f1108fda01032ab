import { addDays, assertIsoDate, type IsoDate } from '../iso-date.js';
import type { LicencePeriod } from './licence-period.js';
import { assertReminderDays, DEFAULT_LICENSING_POLICY, type LicensingPolicy } from './licensing-policy.js';

/**
 * Renewal planning. Section 10: licences are site-specific and renewed annually; these rules decide
 * when the renewal invoice is raised, which reminders go out, and which licences share an invoice.
 */

/** The day the renewal invoice is raised: the day of the first reminder, before the end date. */
export function renewalInvoiceDueOn(endsOn: IsoDate, policy: Pick<LicensingPolicy, 'reminderDays'> = DEFAULT_LICENSING_POLICY): IsoDate {
  assertIsoDate(endsOn, 'endsOn');
  assertReminderDays(policy.reminderDays);
  if (policy.reminderDays.length === 0) {
    throw new RangeError('reminderDays must name at least one reminder; the renewal invoice is raised with the first');
  }
  // The invoice goes out with the first reminder, so the partner's finance team has it in hand for
  // every reminder; taking its day from the reminders means the two can never drift apart.
  return addDays(endsOn, -Math.max(...policy.reminderDays));
}

/**
 * The reminder points (days before the end date) due by today and not yet sent, earliest first.
 * A point missed because the daily run did not happen is still sent, once; nothing is sent once the
 * renewal is paid, nor after the end date (the licence is then in grace, which is a different notice).
 */
export function remindersDue(
  licence: Pick<LicencePeriod, 'endsOn'>,
  today: IsoDate,
  policy: Pick<LicensingPolicy, 'reminderDays'>,
  alreadySent: readonly number[],
  renewalPaid: boolean,
): number[] {
  assertIsoDate(licence.endsOn, 'endsOn');
  assertIsoDate(today, 'today');
  assertReminderDays(policy.reminderDays);
  if (renewalPaid || today > licence.endsOn) return [];
  const sent = new Set(alreadySent);
  return [...new Set(policy.reminderDays)]
    .filter((days) => !sent.has(days) && addDays(licence.endsOn, -days) <= today)
    .sort((a, b) => b - a);
}

/** What groupRenewals needs to know about a licence. */
export interface RenewableLicence {
  readonly organisationId: string;
  readonly endsOn: IsoDate;
}

/** Licences of one organisation ending in one calendar month ('YYYY-MM'), which share a renewal invoice. */
export interface RenewalGroup<T extends RenewableLicence> {
  readonly organisationId: string;
  readonly month: string;
  readonly licences: readonly T[];
}

/**
 * One renewal invoice per organisation per month of end dates, ordered by month then organisation;
 * each group keeps its licences in the order given.
 */
export function groupRenewals<T extends RenewableLicence>(licences: readonly T[]): RenewalGroup<T>[] {
  // A partner's finance team raises one purchase order for one invoice (Section 6, Step 1A), so
  // licences whose years end close together are renewed together; a calendar month is the window
  // finance teams recognise, and it never joins a licence to one ending eleven months later.
  const groups = new Map<string, { organisationId: string; month: string; licences: T[] }>();
  for (const licence of licences) {
    assertIsoDate(licence.endsOn, 'endsOn');
    const month = licence.endsOn.slice(0, 7);
    const key = JSON.stringify([licence.organisationId, month]);
    const group = groups.get(key);
    if (group) group.licences.push(licence);
    else groups.set(key, { organisationId: licence.organisationId, month, licences: [licence] });
  }
  return [...groups.values()].sort((a, b) =>
    a.month === b.month ? compareStrings(a.organisationId, b.organisationId) : compareStrings(a.month, b.month),
  );
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
