import type { FeeSchedule } from './fee-schedule.js';

/** Section 9: a publication's unit price in pence: its RRP, plus the co-branding surcharge when co-branded. */
export function publicationUnitPence(rrpPence: number, coBranded: boolean, schedule: FeeSchedule): number {
  if (!coBranded) return rrpPence;
  const { numerator, denominator } = schedule.coBrandingSurcharge;
  // The one rounding for the line, half up to the penny, done in integers so that one third is
  // exact until this point. The line amount is then this unit price times the quantity, so an
  // invoice's "quantity × unit price" always equals its amount.
  const surchargePence = Math.floor((2 * rrpPence * numerator + denominator) / (2 * denominator));
  return rrpPence + surchargePence;
}
