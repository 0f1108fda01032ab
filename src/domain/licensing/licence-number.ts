import { LICENCE_TYPES, type LicenceTypeCode } from '../reference.js';

/**
 * Licence numbers, e.g. UKSR-SR-2026-000123: the scheme, a short code for the licence type, the
 * year the licence was first issued and a six-digit sequence number. The number names the licence,
 * not a licence year, so it stays the same on every renewal; the caller owns the sequence.
 */

/** Section 3: the short code for each licence type, as it appears in a licence number. */
export const LICENCE_NUMBER_CODES: Readonly<Record<LicenceTypeCode, string>> = {
  'smart-recovery': 'SR',
  'family-and-friends': 'FF',
  'criminal-justice': 'CJ',
  veterans: 'VET',
  'start-smart': 'SS',
  community: 'COM',
  satellite: 'SAT',
};

/** What a licence number is made of. */
export interface LicenceNumberParts {
  readonly licenceType: LicenceTypeCode;
  /** The year the licence was first issued. */
  readonly year: number;
  /** A whole number from 1 to 999,999. */
  readonly sequence: number;
}

const MAX_SEQUENCE = 999_999;
const LICENCE_NUMBER = /^UKSR-([A-Z]+)-(\d{4})-(\d{6})$/;

/** The licence number for its parts, e.g. 'UKSR-SR-2026-000123'. */
export function licenceNumber(parts: LicenceNumberParts): string {
  const { licenceType, year, sequence } = parts;
  if (!Number.isSafeInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`year must be a four-digit year, got ${year}`);
  }
  // A fixed width keeps numbers the same length, so they sort and read alike; a seventh digit would
  // need a new format rather than a silently longer number.
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    throw new RangeError(`sequence must be a whole number from 1 to ${MAX_SEQUENCE}, got ${sequence}`);
  }
  const code = LICENCE_NUMBER_CODES[licenceType];
  return `UKSR-${code}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The parts of a licence number, or null if it is not one; spaces and lower case are forgiven. */
export function parseLicenceNumber(value: string): LicenceNumberParts | null {
  const match = LICENCE_NUMBER.exec(value.trim().toUpperCase());
  if (!match) return null;
  const licenceType = LICENCE_TYPES.find((t) => LICENCE_NUMBER_CODES[t.code] === match[1])?.code;
  const sequence = Number(match[3]);
  const year = Number(match[2]);
  if (licenceType === undefined || year < 1000 || sequence < 1) return null;
  return { licenceType, year, sequence };
}
