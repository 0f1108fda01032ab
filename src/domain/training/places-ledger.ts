import type { LicenceTypeCode } from '../reference.js';
import { assertIsoDate, type IsoDate } from '../iso-date.js';
import { formatPence } from '../money.js';
import { licenceTypeName } from '../names.js';
import { includedPlaces, type TrainingPlacesSchedule } from './included-places.js';

/**
 * The training-places ledger for one licence at one site for one licence year: an append-only list
 * of movements, from which the places left are worked out. Nothing is edited or deleted, so the
 * list is also the history a Coordinator reads when a partner asks where their places went.
 *
 * Section 9: "A further set of training places becomes available each year when the licence is
 * renewed", and unused places do not carry over, so each licence year has its own ledger, opened
 * with openLicenceYear.
 */

export type PlaceMovementKind = 'included' | 'bought' | 'used' | 'released';

/** One movement of places. 'used' and 'released' are one place for one nomination. */
export interface PlaceMovement {
  readonly kind: PlaceMovementKind;
  readonly places: number;
  readonly at: IsoDate;
  readonly note?: string;
  readonly nominationId?: string;
}

/** The ledger's totals; remaining = included + bought − used + released. */
export interface LedgerSummary {
  readonly included: number;
  readonly bought: number;
  readonly used: number;
  readonly released: number;
  readonly remaining: number;
}

export type TrainingReasonCode =
  | 'no_places_left'
  | 'nomination_already_has_place'
  | 'nomination_has_no_place'
  | 'place_already_released'
  | 'invalid_place_count'
  | 'no_places_for_licence_type'
  | 'places_not_published';

/** Why a ledger change is refused. */
export interface TrainingReason {
  code: TrainingReasonCode;
  message: string;
}

/** Whether something may be done, with every reason if not. */
export type LedgerDecision = { allowed: true; reasons: [] } | { allowed: false; reasons: TrainingReason[] };

/** A movement to append to the ledger, or every reason it may not be. */
export type LedgerResult = { allowed: true; movement: PlaceMovement; reasons: [] } | { allowed: false; reasons: TrainingReason[] };

/** Who takes or gives back a place, and when. */
export interface NominationMovement {
  nominationId: string;
  at: IsoDate;
  note?: string;
}

function assertMovement(movement: PlaceMovement): void {
  assertIsoDate(movement.at, 'at');
  const { kind, places } = movement;
  // A stored ledger that breaks these would give a confident wrong count, so it is refused loudly.
  if (!Number.isSafeInteger(places) || places < 0) {
    throw new RangeError(`A ${kind} movement must be a whole number of places, zero or more; got ${places}`);
  }
  if (kind === 'bought' && places < 1) throw new RangeError('A bought movement must be at least one place');
  if ((kind === 'used' || kind === 'released') && (places !== 1 || !movement.nominationId)) {
    throw new RangeError(`A ${kind} movement must be one place for a nomination`);
  }
}

/** The ledger's totals and the places left. */
export function ledgerSummary(movements: readonly PlaceMovement[]): LedgerSummary {
  const totals = { included: 0, bought: 0, used: 0, released: 0 };
  for (const movement of movements) {
    assertMovement(movement);
    totals[movement.kind] += movement.places;
  }
  return { ...totals, remaining: totals.included + totals.bought - totals.used + totals.released };
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function noPlacesLeft(summary: LedgerSummary, schedule: Pick<TrainingPlacesSchedule, 'additionalTrainingPlacePence'>): TrainingReason {
  const held = [
    ...(summary.included > 0 ? [`${summary.included} included with the licence`] : []),
    ...(summary.bought > 0 ? [`${summary.bought} bought`] : []),
  ];
  const inUse =
    held.length === 0
      ? 'This licence year has no training places.'
      : `Every training place this licence year is taken (${held.join(' and ')}).`;
  // Section 9: additional places can be added for a charge, and a trainee's place can be offered
  // to someone else if they cannot complete the training, so both ways forward are named.
  return {
    code: 'no_places_left',
    message:
      `${inUse} More places can be bought at ${formatPence(schedule.additionalTrainingPlacePence)} each, ` +
      'or a place can be released if a nominated trainee cannot complete the training.',
  };
}

/** Whether the ledger has a place for another trainee; never lets the places left go below zero. */
export function canUsePlace(summary: LedgerSummary, schedule: Pick<TrainingPlacesSchedule, 'additionalTrainingPlacePence'>): LedgerDecision {
  if (summary.remaining > 0) return { allowed: true, reasons: [] };
  return { allowed: false, reasons: [noPlacesLeft(summary, schedule)] };
}

function placesHeldBy(movements: readonly PlaceMovement[], nominationId: string): { used: number; released: number } {
  const mine = movements.filter((m) => m.nominationId === nominationId);
  return {
    used: mine.filter((m) => m.kind === 'used').length,
    released: mine.filter((m) => m.kind === 'released').length,
  };
}

/** Section 9: a nominated trainee takes one place, if one is left and they do not hold one already. */
export function usePlace(
  movements: readonly PlaceMovement[],
  use: NominationMovement,
  schedule: Pick<TrainingPlacesSchedule, 'additionalTrainingPlacePence'>,
): LedgerResult {
  assertIsoDate(use.at, 'at');
  const reasons: TrainingReason[] = [];
  const held = placesHeldBy(movements, use.nominationId);
  if (held.used > held.released) {
    reasons.push({
      code: 'nomination_already_has_place',
      message: 'This nominated trainee already holds a training place this licence year; one person needs only one.',
    });
  }
  const decision = canUsePlace(ledgerSummary(movements), schedule);
  if (!decision.allowed) reasons.push(...decision.reasons);
  if (reasons.length > 0) return { allowed: false, reasons };
  return { allowed: true, movement: movement('used', 1, use.at, use.note, use.nominationId), reasons: [] };
}

/**
 * Section 9: the place of a nominated trainee who cannot complete the training goes back to the
 * ledger, to be offered to someone else. Only a place the nomination holds can be released; whether
 * the trainee has in fact stopped is for the caller to decide.
 */
export function releasePlace(movements: readonly PlaceMovement[], release: NominationMovement): LedgerResult {
  assertIsoDate(release.at, 'at');
  const held = placesHeldBy(movements, release.nominationId);
  if (held.used === 0) {
    return {
      allowed: false,
      reasons: [{ code: 'nomination_has_no_place', message: 'This nominated trainee has not taken a training place this licence year, so there is none to release.' }],
    };
  }
  if (held.released >= held.used) {
    return {
      allowed: false,
      reasons: [{ code: 'place_already_released', message: "This nominated trainee's training place has already been released." }],
    };
  }
  return { allowed: true, movement: movement('released', 1, release.at, release.note, release.nominationId), reasons: [] };
}

/** Section 10: additional places beyond the included allocation, at least one, bought for this licence year. */
export function buyPlaces(places: number, at: IsoDate, note?: string): LedgerResult {
  assertIsoDate(at, 'at');
  if (!Number.isSafeInteger(places) || places < 1) {
    return { allowed: false, reasons: [{ code: 'invalid_place_count', message: 'The number of training places to buy must be a whole number, 1 or more.' }] };
  }
  return { allowed: true, movement: movement('bought', places, at, note), reasons: [] };
}

/**
 * The first movement of a new licence year's ledger: its included places, whatever the last year
 * left unused (Section 9: a further set becomes available each year when the licence is renewed).
 */
export function openLicenceYear(licenceType: LicenceTypeCode, schedule: Pick<TrainingPlacesSchedule, 'licences'>, opensOn: IsoDate): LedgerResult {
  assertIsoDate(opensOn, 'opensOn');
  const name = licenceTypeName(licenceType);
  // Section 10 prints "N/A" for a Satellite licence's places: its delivery is by staff trained under
  // the main site's licence (Section 3), so its places, included or bought, are held there.
  if (licenceType === 'satellite') {
    return {
      allowed: false,
      reasons: [
        {
          code: 'no_places_for_licence_type',
          message: `A ${name} licence includes no training places: its staff train under the main site's licence, so places are held and bought there.`,
        },
      ],
    };
  }
  const places = includedPlaces(licenceType, schedule);
  if (places === null) {
    return {
      allowed: false,
      reasons: [
        {
          code: 'places_not_published',
          message: `The fee schedule does not yet set the training places included with a ${name} licence, so Central Office will confirm them.`,
        },
      ],
    };
  }
  return {
    allowed: true,
    movement: movement('included', places, opensOn, `Section 10: ${plural(places, 'training place', 'training places')} included with the ${name} licence this year.`),
    reasons: [],
  };
}

function movement(kind: PlaceMovementKind, places: number, at: IsoDate, note?: string, nominationId?: string): PlaceMovement {
  // Optional fields are left out rather than set to undefined, so a movement compares equal to the
  // row it is stored as and read back from.
  return { kind, places, at, ...(note === undefined ? {} : { note }), ...(nominationId === undefined ? {} : { nominationId }) };
}
