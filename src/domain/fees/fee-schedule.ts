import type { LicenceTypeCode } from '../reference.js';
import type { IsoDate } from '../iso-date.js';

/**
 * One licence type's annual fees, per site. A null fee means the guidance publishes no price, so
 * Central Office prices it on request.
 */
export interface LicenceFees {
  readonly nonProfitPence: number | null;
  /** Section 10: the fee where a SMART Recovery licence is held at the same site; null = no reduction. */
  readonly nonProfitReducedPence: number | null;
  readonly forProfitPence: number | null;
  readonly forProfitReducedPence: number | null;
  /** Section 10: facilitator training places included per site per year; null = not yet published. */
  readonly includedTrainingPlaces: number | null;
}

/**
 * The fees in force from a date. Kept as data, not code, so next year's guidance is a new
 * schedule rather than an edit to the rules.
 */
export interface FeeSchedule {
  readonly id: string;
  readonly name: string;
  /** The day from which these fees apply. */
  readonly effectiveFrom: IsoDate;
  readonly licences: Readonly<Record<LicenceTypeCode, LicenceFees>>;
  readonly additionalTrainingPlacePence: number;
  /** Staff-led in-person Facilitator Training per group; staff travel and accommodation are extra. */
  readonly inPersonTrainingPence: number;
  readonly webinarTrainingPence: number;
  readonly trainingGroupSize: { readonly min: number; readonly max: number };
  /** A fraction rather than a decimal so that one third stays exact until the single rounding. */
  readonly coBrandingSurcharge: { readonly numerator: number; readonly denominator: number };
  /** The day Start SMART goes on sale; null while it is not on sale. */
  readonly startSmartLaunchDate: IsoDate | null;
}

/** Section 3: whether Start SMART is on sale on a day (its launch date set and reached). */
export function isStartSmartOnSale(schedule: FeeSchedule, today: IsoDate): boolean {
  return schedule.startSmartLaunchDate !== null && schedule.startSmartLaunchDate <= today;
}

/** Section 10 of the Partnership Guidance 2026, in pence. */
export const APRIL_2026_SCHEDULE: FeeSchedule = {
  id: 'april-2026',
  name: 'Partnership Guidance 2026',
  effectiveFrom: '2026-04-01',
  licences: {
    // Section 10: the profit-making table lists only SMART Recovery and Family & Friends.
    'smart-recovery': {
      nonProfitPence: 70_000,
      nonProfitReducedPence: null,
      forProfitPence: 140_000,
      forProfitReducedPence: null,
      includedTrainingPlaces: 6,
    },
    // Section 10: Family & Friends is reduced to £410 (£700 for-profit) where SMART Recovery is held at the site.
    'family-and-friends': {
      nonProfitPence: 70_000,
      nonProfitReducedPence: 41_000,
      forProfitPence: 140_000,
      forProfitReducedPence: 70_000,
      includedTrainingPlaces: 3,
    },
    'criminal-justice': {
      nonProfitPence: 111_000,
      nonProfitReducedPence: null,
      forProfitPence: null,
      forProfitReducedPence: null,
      includedTrainingPlaces: 10,
    },
    // Section 10: Veterans is reduced to £575 where SMART Recovery is held at the site.
    veterans: {
      nonProfitPence: 111_000,
      nonProfitReducedPence: 57_500,
      forProfitPence: null,
      forProfitReducedPence: null,
      includedTrainingPlaces: 6,
    },
    // Section 3: Start SMART is in pilot; no fee or training allocation is published yet.
    'start-smart': {
      nonProfitPence: null,
      nonProfitReducedPence: null,
      forProfitPence: null,
      forProfitReducedPence: null,
      includedTrainingPlaces: null,
    },
    community: {
      nonProfitPence: 110_000,
      nonProfitReducedPence: null,
      forProfitPence: null,
      forProfitReducedPence: null,
      includedTrainingPlaces: 6,
    },
    // Section 10 prints "N/A" for satellite training places: it uses staff trained at the main site.
    satellite: {
      nonProfitPence: 18_000,
      nonProfitReducedPence: null,
      forProfitPence: null,
      forProfitReducedPence: null,
      includedTrainingPlaces: 0,
    },
  },
  additionalTrainingPlacePence: 12_000,
  inPersonTrainingPence: 200_000,
  webinarTrainingPence: 125_000,
  trainingGroupSize: { min: 6, max: 12 },
  // Section 9: co-branding adds one third of the RRP.
  coBrandingSurcharge: { numerator: 1, denominator: 3 },
  // Section 3: Start SMART "will be made available for purchase by our partners later this year".
  startSmartLaunchDate: null,
};
