import type { IsoDate } from '../../../domain/iso-date.js';
import { parseLicenceNumber } from '../../../domain/licensing/licence-number.js';
import { LICENCE_TYPES, type LicenceTypeCode } from '../../../domain/reference.js';
import type { CsvRow } from '../../csv-read.js';
import { type ReadRow, RowReader } from './fields.js';

/** licences.csv (docs/imports/README.md): one row per licence, with its current period. */
export const LICENCE_COLUMNS = ['number', 'site_legacy_id', 'licence_type', 'starts_on', 'ends_on', 'status'] as const;

export interface LicenceRow {
  number: string;
  sequence: number;
  siteLegacyId: string;
  licenceType: LicenceTypeCode;
  startsOn: IsoDate;
  endsOn: IsoDate;
  status: 'active' | 'in_grace' | 'lapsed';
}

const TYPE_NAMES = Object.fromEntries(LICENCE_TYPES.map((t) => [t.name.toLowerCase(), t.code])) as Record<string, LicenceTypeCode>;

export function readLicence(row: CsvRow): ReadRow<LicenceRow> {
  const r = new RowReader(row);
  const number = r.text('number', { required: true, max: 40 })?.toUpperCase() ?? null;
  const siteLegacyId = r.text('site_legacy_id', { required: true, max: 64 });
  const licenceType = r.oneOf('licence_type', LICENCE_TYPES.map((t) => t.code), { required: true, names: TYPE_NAMES });
  const startsOn = r.date('starts_on', { required: true });
  const endsOn = r.date('ends_on', { required: true });
  const status = r.oneOf('status', ['active', 'in_grace', 'lapsed'] as const, { required: true, names: { 'in grace': 'in_grace', grace: 'in_grace' } });
  const parts = number ? parseLicenceNumber(number) : null;
  if (number && !parts) r.problems.push(`number "${number}" is not a licence number like UKSR-SR-2024-000123`);
  if (parts && licenceType && parts.licenceType !== licenceType) r.problems.push(`number "${number}" is the number of a ${parts.licenceType} licence, not ${licenceType}`);
  if (startsOn && endsOn && endsOn < startsOn) r.problems.push('ends_on is before starts_on');
  return {
    line: row.line,
    key: number ?? '',
    problems: r.problems,
    value: r.problems.length === 0
      ? { number: number!, sequence: parts!.sequence, siteLegacyId: siteLegacyId!, licenceType: licenceType!, startsOn: startsOn!, endsOn: endsOn!, status: status! }
      : null,
  };
}
