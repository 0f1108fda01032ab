import type { NationCode, RegionCode } from '../../../domain/reference.js';
import type { CsvRow } from '../../csv-read.js';
import { type ReadRow, RowReader } from './fields.js';

/** sites.csv (docs/imports/README.md): one row per site (premises), satellite premises included. */
export const SITE_COLUMNS = ['legacy_id', 'organisation_legacy_id', 'name', 'address', 'postcode'] as const;

export interface SiteRow {
  legacyId: string;
  organisationLegacyId: string;
  name: string;
  address: string;
  postcode: string;
  nation: NationCode;
  region: RegionCode;
  satellite: boolean;
}

export function readSite(row: CsvRow): ReadRow<SiteRow> {
  const r = new RowReader(row);
  const legacyId = r.text('legacy_id', { required: true, max: 64 });
  const organisationLegacyId = r.text('organisation_legacy_id', { required: true, max: 64 });
  const name = r.text('name', { required: true, max: 200 });
  const address = r.text('address', { required: true, max: 500 });
  const place = r.place('postcode', 'nation');
  const satellite = r.yesNo('satellite', false);
  return {
    line: row.line,
    key: legacyId ?? row.get('name'),
    problems: r.problems,
    value: r.problems.length === 0
      ? { legacyId: legacyId!, organisationLegacyId: organisationLegacyId!, name: name!, address: address!, postcode: place!.postcode, nation: place!.nation, region: place!.region, satellite: satellite! }
      : null,
  };
}
