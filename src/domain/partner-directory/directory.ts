import type { IsoDate } from '../iso-date.js';
import { LICENCE_TYPES, type LicenceTypeCode, type RegionCode } from '../reference.js';

/**
 * Section 10: "Your organisation listed on the UKSR website." The public partner directory lists an
 * organisation only when it has agreed to be listed AND holds a licence in force; it shows the
 * licence types in force and the region, nothing else (docs/decisions/130-partner-directory.md).
 */
export interface DirectoryLicence {
  licenceType: LicenceTypeCode;
  startsOn: IsoDate;
  endsOn: IsoDate;
  status: 'active' | 'in_grace' | 'lapsed';
}

export interface DirectoryCandidate {
  id: string;
  name: string;
  regionCode: RegionCode;
  agreedToBeListed: boolean;
  licences: readonly DirectoryLicence[];
}

export interface DirectoryEntry {
  id: string;
  name: string;
  regionCode: RegionCode;
  licenceTypes: LicenceTypeCode[];
}

/** Whether a licence is in force on a day: started, not lapsed, and not ended unless in its grace period. */
export function licenceInForceOn(licence: Pick<DirectoryLicence, 'startsOn' | 'endsOn' | 'status'>, date: IsoDate): boolean {
  if (licence.status === 'lapsed') return false;
  if (date < licence.startsOn) return false;
  return date <= licence.endsOn || licence.status === 'in_grace';
}

/**
 * The directory as shown on a day, optionally narrowed to a region and a licence type. A Satellite
 * licence licenses no programme itself, so it is never shown and alone does not list an organisation.
 */
export function directoryEntries(
  candidates: readonly DirectoryCandidate[],
  date: IsoDate,
  filter: { region?: RegionCode | undefined; licenceType?: LicenceTypeCode | undefined } = {},
): DirectoryEntry[] {
  const order = LICENCE_TYPES.map((t) => t.code as LicenceTypeCode);
  return candidates
    .filter((c) => c.agreedToBeListed)
    .map((c) => {
      const inForce = new Set(c.licences.filter((l) => l.licenceType !== 'satellite' && licenceInForceOn(l, date)).map((l) => l.licenceType));
      return { id: c.id, name: c.name, regionCode: c.regionCode, licenceTypes: order.filter((code) => inForce.has(code)) };
    })
    .filter((e) => e.licenceTypes.length > 0)
    .filter((e) => !filter.region || e.regionCode === filter.region)
    .filter((e) => !filter.licenceType || e.licenceTypes.includes(filter.licenceType))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}
