import { assertIsoDate, type IsoDate } from '../iso-date.js';

/** A Start-Up Form's reference: 'SUF-', the UK year it was first submitted, and its number. */
export const START_UP_FORM_REFERENCE_PATTERN = /^SUF-\d{4}-\d{6,}$/;

/**
 * 'SUF-2026-000042': the year is the UK calendar year of the first submission; the number comes
 * from one sequence that never restarts, so a reference is never used twice, even across years.
 */
export function startUpFormReference(submittedOn: IsoDate, number: number): string {
  assertIsoDate(submittedOn, 'submittedOn');
  if (!Number.isSafeInteger(number) || number < 1) throw new RangeError(`a Start-Up Form number is a whole number from 1, got ${number}`);
  return `SUF-${submittedOn.slice(0, 4)}-${String(number).padStart(6, '0')}`;
}
