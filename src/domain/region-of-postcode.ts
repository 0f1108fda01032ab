import { nationOfPostcode, postcodeArea } from './postcode.js';
import type { NationCode, RegionCode } from './reference.js';

/**
 * The UKSR region a postcode most likely falls in, from its area, for a new partner's sites and
 * organisation. Section 11's regions follow no official boundary, so this is a first guess that
 * Central Office can change (docs/decisions/016-regions-from-postcodes.md). England's areas are
 * split between the four English regions; Wales between North and South Wales; Scotland and
 * Northern Ireland are one region each.
 */
const ENGLISH_AREAS: Record<Exclude<RegionCode, 'scotland' | 'north-wales' | 'south-wales' | 'northern-ireland'>, string[]> = {
  'north-east-yorkshire': ['NE', 'SR', 'DH', 'DL', 'TS', 'YO', 'HU', 'DN', 'LS', 'BD', 'HX', 'HD', 'WF', 'HG', 'S'],
  'north-west': ['M', 'L', 'WA', 'WN', 'BL', 'OL', 'SK', 'PR', 'BB', 'FY', 'LA', 'CA', 'CW', 'CH'],
  'midlands-london': [
    'B', 'CV', 'DY', 'WV', 'WS', 'ST', 'TF', 'NG', 'DE', 'LE', 'NN', 'LN', 'WR', 'HR', 'SY', 'MK', 'PE',
    'E', 'EC', 'N', 'NW', 'SE', 'SW', 'W', 'WC', 'BR', 'CR', 'DA', 'EN', 'HA', 'IG', 'KT', 'RM', 'SM', 'TW', 'UB',
  ],
  'south-of-england': [
    'SO', 'PO', 'BH', 'SP', 'RG', 'GU', 'OX', 'BN', 'RH', 'TN', 'ME', 'CT', 'BS', 'BA', 'EX', 'PL', 'TQ', 'TR', 'TA', 'DT',
    'GL', 'SN', 'HP', 'AL', 'SG', 'LU', 'WD', 'SL', 'CM', 'CO', 'SS', 'IP', 'NR', 'CB',
  ],
};
const NORTH_WALES_AREAS = ['LL', 'CH', 'SY'];

export function regionOfPostcode(postcode: string, nation: NationCode | null = nationOfPostcode(postcode)): RegionCode | null {
  const area = postcodeArea(postcode);
  if (!area) return null;
  switch (nation) {
    case 'scotland':
      return 'scotland';
    case 'northern-ireland':
      return 'northern-ireland';
    case 'wales':
      return NORTH_WALES_AREAS.includes(area) ? 'north-wales' : 'south-wales';
    case 'england':
      for (const [region, areas] of Object.entries(ENGLISH_AREAS)) if (areas.includes(area)) return region as RegionCode;
      return null;
    default:
      return null;
  }
}
