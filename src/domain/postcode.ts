import type { NationCode } from './reference.js';

/**
 * UK postcodes: the format check, the written form, and the nation a postcode area lies in. The
 * nation decides which safeguarding check a site's facilitators need (DBS, PVG or AccessNI), so a
 * site's nation is worth getting right.
 */

// Outward code (area letters, district digit, optional digit or letter) and inward code (digit, two
// letters), with or without the space; the Royal Mail's GIR 0AA is the one exception to the pattern.
const POSTCODE = /^(?:([A-Z]{1,2})\d[A-Z\d]?|GIR) ?\d[A-Z]{2}$/;

function compact(value: string): string {
  return value.toUpperCase().replace(/\s+/g, '');
}

/** Whether a string is a UK postcode in the Royal Mail format, e.g. 'PR1 8BU' or 'pr18bu'. */
export function isUkPostcode(value: string): boolean {
  return POSTCODE.test(compact(value));
}

/** A postcode as it is written: capitals, one space before the last three characters ('pr18bu' → 'PR1 8BU'). */
export function formatPostcode(value: string): string {
  const c = compact(value);
  return c.length > 3 ? `${c.slice(0, -3)} ${c.slice(-3)}` : c;
}

/**
 * A typed postcode as it should be kept and shown: the written form when it is a UK postcode
 * ('pr1 8bu' → 'PR1 8BU'), otherwise exactly as typed, so a mistake is shown back for correcting.
 */
export function standardPostcode(value: string): string {
  return isUkPostcode(value.trim()) ? formatPostcode(value) : value;
}

/** The postcode area: the letters at the start ('PR1 8BU' → 'PR'); null if it is not a postcode. */
export function postcodeArea(value: string): string | null {
  const match = POSTCODE.exec(compact(value));
  return match?.[1] ?? null;
}

const NORTHERN_IRELAND = ['BT'];
const SCOTLAND = ['AB', 'DD', 'DG', 'EH', 'FK', 'G', 'HS', 'IV', 'KA', 'KW', 'KY', 'ML', 'PA', 'PH', 'ZE'];
const WALES = ['CF', 'LL', 'SA'];
/**
 * Areas whose districts fall on both sides of a border (TD: Scotland and England; CH, HR, LD, NP,
 * SY: Wales and England), and the Crown Dependencies (GY, JE, IM), which are in none of the four
 * nations. For these the nation cannot be read from the area, so the person says which.
 */
const NOT_FROM_AREA = ['TD', 'CH', 'HR', 'LD', 'NP', 'SY', 'GY', 'JE', 'IM'];

/**
 * The nation a postcode lies in when its area says so unambiguously; null for an area that
 * crosses a border, a Crown Dependency, or a string that is not a postcode.
 */
export function nationOfPostcode(value: string): NationCode | null {
  const area = postcodeArea(value);
  if (area === null || NOT_FROM_AREA.includes(area)) return null;
  if (NORTHERN_IRELAND.includes(area)) return 'northern-ireland';
  if (SCOTLAND.includes(area)) return 'scotland';
  if (WALES.includes(area)) return 'wales';
  return 'england';
}
