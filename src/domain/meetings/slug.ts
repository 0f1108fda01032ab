import type { ProgrammeCode } from '../reference.js';

/**
 * A meeting's public address (/meetings/{slug}), readable and unique: programme, day, place and a
 * short random suffix, e.g. 'smart-recovery-tuesday-preston-7k2f' (docs/decisions/072). Built only
 * from what the public page shows anyway (programme, day, town or postcode district), never from a
 * name someone typed or anything about the people running it.
 */

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const SUFFIX_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Lower-case words joined by hyphens; accents dropped, anything else removed. */
export function slugWords(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The postcode district ('PR1 8BU' → 'pr1'), for where no town is known. */
export function postcodeDistrict(postcode: string): string {
  return slugWords(postcode.trim().toUpperCase().replace(/\s+/g, '').slice(0, -3));
}

/** A short random suffix from `random` bytes (letters and digits that cannot be misread). */
export function slugSuffix(random: Uint8Array, length = 4): string {
  return Array.from(random.slice(0, length), (b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
}

export function meetingSlug(input: { programme: ProgrammeCode; day: number; town: string | null; postcode: string | null; suffix: string }): string {
  const place = (input.town ? slugWords(input.town) : '') || (input.postcode ? postcodeDistrict(input.postcode) : '') || 'online';
  // The Meeting Guide format allows slugs of at most 64 characters: the longest programme and day
  // with a 30-character place and a suffix stay within it.
  return [slugWords(input.programme), DAYS[input.day] ?? 'weekly', place.slice(0, 30).replace(/-+$/, ''), input.suffix].join('-');
}
