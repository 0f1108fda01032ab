import { type NationCode, ORGANISATION_TYPES, type OrganisationType, type RegionCode, SECTORS, type SectorCode } from '../../../domain/reference.js';
import type { CsvRow } from '../../csv-read.js';
import { type ReadRow, RowReader } from './fields.js';

/** organisations.csv (docs/imports/README.md): one row per partner organisation. */
export const ORGANISATION_COLUMNS = ['legacy_id', 'name', 'organisation_type', 'sector', 'postcode'] as const;

export interface OrganisationRow {
  legacyId: string;
  name: string;
  organisationType: OrganisationType;
  sector: SectorCode;
  address: string | null;
  postcode: string;
  nation: NationCode;
  region: RegionCode;
  charityOrCompanyNumber: string | null;
  financeContactName: string | null;
  financeContactEmail: string | null;
  servesVeterans: boolean;
  childrensServiceProvider: boolean;
}

const SECTOR_NAMES = Object.fromEntries(SECTORS.map((s) => [s.name.toLowerCase(), s.code])) as Record<string, SectorCode>;

export function readOrganisation(row: CsvRow): ReadRow<OrganisationRow> {
  const r = new RowReader(row);
  const legacyId = r.text('legacy_id', { required: true, max: 64 });
  const name = r.text('name', { required: true, max: 200 });
  const organisationType = r.oneOf('organisation_type', ORGANISATION_TYPES, { required: true });
  const sector = r.oneOf('sector', SECTORS.map((s) => s.code), { required: true, names: SECTOR_NAMES });
  const place = r.place('postcode', 'nation');
  const address = r.text('address', { max: 500 });
  const charityOrCompanyNumber = r.text('charity_or_company_number', { max: 40 });
  const financeContactName = r.text('finance_contact_name', { max: 200 });
  const financeContactEmail = r.email('finance_contact_email');
  const servesVeterans = r.yesNo('serves_veterans', false);
  const childrensServiceProvider = r.yesNo('childrens_service_provider', false);
  const ok = r.problems.length === 0;
  return {
    line: row.line,
    key: legacyId ?? row.get('name'),
    problems: r.problems,
    value: ok
      ? {
          legacyId: legacyId!, name: name!, organisationType: organisationType!, sector: sector!, address, postcode: place!.postcode, nation: place!.nation,
          region: place!.region, charityOrCompanyNumber, financeContactName, financeContactEmail, servesVeterans: servesVeterans!, childrensServiceProvider: childrensServiceProvider!,
        }
      : null,
  };
}
