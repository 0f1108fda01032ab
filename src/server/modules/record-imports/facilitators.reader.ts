import type { IsoDate } from '../../../domain/iso-date.js';
import type { CsvRow } from '../../csv-read.js';
import { readDate, type ReadRow, RowReader } from './fields.js';

/**
 * facilitators.csv (docs/imports/README.md): one row per facilitator and organisation they
 * facilitate for (a person with two organisations has two rows; a UKSR volunteer with none, one).
 */
export const FACILITATOR_COLUMNS = ['email', 'name'] as const;

export const QUALIFICATION_CODES = ['smart-facilitator', 'family-and-friends-module', 'veterans-module'] as const;
export type QualificationCode = (typeof QUALIFICATION_CODES)[number];

export interface FacilitatorRow {
  email: string;
  name: string;
  phone: string | null;
  organisationLegacyId: string | null;
  capacity: 'staff' | 'volunteer' | null;
  siteLegacyIds: string[];
  qualifications: { code: QualificationCode; achievedOn: IsoDate }[];
  isVeteran: boolean;
  uksrVolunteerStatus: 'onboarding' | 'active' | 'paused' | 'left' | null;
}

export function readFacilitator(row: CsvRow): ReadRow<FacilitatorRow> {
  const r = new RowReader(row);
  const email = r.email('email', { required: true });
  const name = r.text('name', { required: true, max: 200 });
  const phone = r.text('phone', { max: 40 });
  const organisationLegacyId = r.text('organisation_legacy_id', { max: 64 });
  const capacity = r.oneOf('capacity', ['staff', 'volunteer'] as const, { required: Boolean(organisationLegacyId) });
  const siteLegacyIds = r.list('site_legacy_ids');
  if (siteLegacyIds.length > 0 && !organisationLegacyId) r.problems.push('site_legacy_ids needs the organisation_legacy_id the sites belong to');
  const qualifications: FacilitatorRow['qualifications'] = [];
  for (const item of r.list('qualifications')) {
    const [code, date, ...rest] = item.split(/\s+/);
    const achievedOn = date ? readDate(date) : null;
    if (!QUALIFICATION_CODES.includes(code as QualificationCode) || !achievedOn || rest.length) {
      r.problems.push(`qualifications "${item}" is not a qualification and date like "smart-facilitator 2024-03-01" (qualifications: ${QUALIFICATION_CODES.join(', ')})`);
    } else qualifications.push({ code: code as QualificationCode, achievedOn });
  }
  const isVeteran = r.yesNo('is_veteran', false);
  const uksrVolunteerStatus = r.oneOf('uksr_volunteer_status', ['onboarding', 'active', 'paused', 'left'] as const);
  if (!organisationLegacyId && !r.problems.length && !uksrVolunteerStatus) r.problems.push('organisation_legacy_id is blank: a facilitator facilitates for an organisation, or is a UKSR volunteer (uksr_volunteer_status)');
  return {
    line: row.line,
    key: email ?? row.get('email'),
    problems: r.problems,
    value: r.problems.length === 0
      ? { email: email!, name: name!, phone, organisationLegacyId, capacity, siteLegacyIds, qualifications, isVeteran: isVeteran!, uksrVolunteerStatus }
      : null,
  };
}
