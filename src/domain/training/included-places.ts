import type { LicenceTypeCode } from '../reference.js';
import type { QualificationCode } from '../eligibility/may-facilitate.js';

/**
 * Training places included with a licence. Section 9 ("How many training places does our licence
 * include?") and Section 10's table: each licence comes with a number of facilitator training
 * places per site per licence year.
 */

/** The part of a fee schedule the training rules read; a FeeSchedule fits it. */
export interface TrainingPlacesSchedule {
  readonly licences: Readonly<Record<LicenceTypeCode, { readonly includedTrainingPlaces: number | null }>>;
  /** Section 10: the price of each place beyond the included allocation. */
  readonly additionalTrainingPlacePence: number;
}

/** Section 10: training places included per site per licence year; null while the schedule sets none (Start SMART). */
export function includedPlaces(licenceType: LicenceTypeCode, schedule: Pick<TrainingPlacesSchedule, 'licences'>): number | null {
  // Read from the schedule rather than written here, so next year's guidance is a new schedule and
  // Start SMART gets its places the day a schedule publishes them.
  const places = schedule.licences[licenceType].includedTrainingPlaces;
  if (places !== null && (!Number.isSafeInteger(places) || places < 0)) {
    throw new RangeError(`includedTrainingPlaces for ${licenceType} must be a whole number, zero or more; got ${places}`);
  }
  return places;
}

/**
 * The training a place of this licence type pays for, in the order it is taken.
 *
 * - SMART Recovery, Criminal Justice and Community: the SMART Facilitator training (Section 6,
 *   Step 4). InsideOut is run by staff "trained under the SMART Recovery Partnership scheme"
 *   (Section 4), so a Criminal Justice place is a Facilitator training place too.
 * - Family & Friends: the Family & Friends module only. Section 4: partners "receive training places
 *   for the additional SMART Family & Friends training module". The Facilitator training it builds
 *   on comes from another licence's place, or a bought one.
 * - Veterans: the Facilitator training and then the Veterans module, as one place. Section 4:
 *   facilitators "complete the Veterans training module after the standard SMART Facilitator
 *   training", and Section 10 gives a Veterans-only site six places, which would be no use if they
 *   did not include the Facilitator training the module needs.
 * - Satellite: none. Section 10 prints "N/A": satellite premises use staff already trained under
 *   the main site's licence (Section 3).
 * - Start SMART: none yet. The guidance names no Start SMART training while the programme is in
 *   pilot (Section 3); add it with the schedule that sets its places.
 */
export function trainingForPlace(licenceType: LicenceTypeCode): readonly QualificationCode[] {
  return TRAINING_FOR_PLACE[licenceType];
}

const TRAINING_FOR_PLACE: Readonly<Record<LicenceTypeCode, readonly QualificationCode[]>> = {
  'smart-recovery': ['smart-facilitator'],
  'family-and-friends': ['family-and-friends-module'],
  'criminal-justice': ['smart-facilitator'],
  veterans: ['smart-facilitator', 'veterans-module'],
  community: ['smart-facilitator'],
  satellite: [],
  'start-smart': [],
};
