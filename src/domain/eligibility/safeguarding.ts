import { NATIONS, type NationCode } from '../reference.js';
import { addDays, addYears, assertIsoDate, type IsoDate } from '../iso-date.js';

/**
 * Safeguarding checks. Sections 8 and 9: every facilitator holds a current check, and which check
 * counts follows the nation the site is in (DBS in England and Wales, PVG in Scotland, AccessNI in
 * Northern Ireland).
 */

export type SafeguardingCheckKind = (typeof NATIONS)[number]['safeguardingCheck'];

/** A check a person holds, from the day its certificate (or PVG membership) was issued. */
export interface SafeguardingCheck {
  kind: SafeguardingCheckKind;
  issuedOn: IsoDate;
}

/** How often each kind of check must be renewed. Central Office sets it; the default is below. */
export interface SafeguardingPolicy {
  recheckAfterYears: Readonly<Record<SafeguardingCheckKind, number>>;
}

// A DBS or AccessNI certificate carries no expiry date of its own, so the scheme asks for a fresh
// one every three years; PVG membership in Scotland is renewed every five years.
export const DEFAULT_SAFEGUARDING_POLICY: SafeguardingPolicy = {
  recheckAfterYears: { dbs: 3, accessni: 3, pvg: 5 },
};

const CHECK_NAMES: Readonly<Record<SafeguardingCheckKind, string>> = {
  dbs: 'DBS',
  pvg: 'PVG',
  accessni: 'AccessNI',
};

/** The check's name as people say it: 'DBS', 'PVG' or 'AccessNI'. */
export function safeguardingCheckName(kind: SafeguardingCheckKind): string {
  return CHECK_NAMES[kind];
}

/** The kind of safeguarding check a facilitator needs at a site in this nation. */
export function safeguardingCheckFor(nation: NationCode): SafeguardingCheckKind {
  const found = NATIONS.find((n) => n.code === nation);
  if (!found) throw new RangeError(`Unknown nation '${nation}'`);
  return found.safeguardingCheck;
}

/** The day a check must be renewed by; from that day it no longer counts. */
export function recheckDueDate(check: SafeguardingCheck, policy: SafeguardingPolicy = DEFAULT_SAFEGUARDING_POLICY): IsoDate {
  assertIsoDate(check.issuedOn, 'issuedOn');
  const years = policy.recheckAfterYears[check.kind];
  // A policy of zero or fewer years would make every check expire on issue; that is a mistake in
  // the policy, not a rule to apply.
  if (!Number.isInteger(years) || years < 1) {
    throw new RangeError(`The ${safeguardingCheckName(check.kind)} recheck period must be a whole number of years, at least 1; got ${years}`);
  }
  return addYears(check.issuedOn, years);
}

/**
 * The last day a check counts: the day before its recheck date. Every page that shows when a check
 * runs out shows this day ("valid until"), so the facilitator record and the workspace agree.
 */
export function checkValidUntil(check: SafeguardingCheck, policy: SafeguardingPolicy = DEFAULT_SAFEGUARDING_POLICY): IsoDate {
  return addDays(recheckDueDate(check, policy), -1);
}

/** Whether a check counts on a day: issued by then, and not yet due for renewal. */
export function isCheckCurrentOn(check: SafeguardingCheck, date: IsoDate, policy: SafeguardingPolicy = DEFAULT_SAFEGUARDING_POLICY): boolean {
  return check.issuedOn <= date && date < recheckDueDate(check, policy);
}
