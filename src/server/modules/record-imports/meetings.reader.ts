import { PROGRAMMES, type ProgrammeCode } from '../../../domain/reference.js';
import { DAY_NAMES } from '../../../shared/schemas/meetings.js';
import type { CsvRow } from '../../csv-read.js';
import { type ReadRow, RowReader } from './fields.js';

/**
 * meetings.csv (docs/imports/README.md): one row per meeting, as the registration form takes it.
 * The reader turns the file's words into the form's values; the service then checks them with the
 * registration form's own schema and the registry's rules (decision 138).
 */
export const MEETING_COLUMNS = ['legacy_ref', 'name', 'programme', 'provider', 'attendance', 'day', 'start_time', 'end_time', 'starts_on', 'access', 'listed_publicly', 'facilitator_emails'] as const;

export interface MeetingRow {
  legacyRef: string;
  siteLegacyId: string | null;
  facilitatorEmails: string[];
  status: 'running' | 'closed_down';
  /** The registration form's fields, still to be checked by its schema. */
  input: Record<string, unknown>;
}

/** A file column for each field of the registration form, for messages. */
export const MEETING_FIELD_COLUMNS: Record<string, string> = {
  provider: 'provider', siteId: 'site_legacy_id', venueName: 'venue_name', venueAddress: 'venue_address', venuePostcode: 'venue_postcode', venueKind: 'venue_kind',
  venueNation: 'venue_nation', name: 'name', programme: 'programme', attendance: 'attendance', onlineUrl: 'online_url', onlinePhone: 'online_phone', onlineNotes: 'online_notes',
  frequency: 'frequency', day: 'day', weekOfMonth: 'week_of_month', startTime: 'start_time', endTime: 'end_time', startsOn: 'starts_on', endsOn: 'ends_on', access: 'access',
  audiences: 'audiences', listedPublicly: 'listed_publicly', description: 'description', facilitatorIds: 'facilitator_emails', organisationId: 'site_legacy_id',
  latitude: 'venue_postcode', longitude: 'venue_postcode',
};

const PROGRAMME_NAMES = Object.fromEntries(PROGRAMMES.map((p) => [p.name.toLowerCase(), p.code])) as Record<string, ProgrammeCode>;
const ATTENDANCE_NAMES: Record<string, 'in_person' | 'online' | 'hybrid'> = { 'in person': 'in_person', 'in-person': 'in_person' };

/** 18:30 or 6:30 → '18:30' / '06:30'; anything else is left for the schema to refuse. */
function time(value: string): string {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(value);
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : value;
}

export function readMeeting(row: CsvRow): ReadRow<MeetingRow> {
  const r = new RowReader(row);
  const legacyRef = r.text('legacy_ref', { required: true, max: 64 });
  const provider = r.oneOf('provider', ['partner', 'uksr'] as const, { required: true, names: { community: 'uksr' } });
  const programme = r.oneOf('programme', PROGRAMMES.map((p) => p.code), { required: true, names: PROGRAMME_NAMES });
  const attendance = r.oneOf('attendance', ['in_person', 'online', 'hybrid'] as const, { required: true, names: ATTENDANCE_NAMES });
  const frequency = r.oneOf('frequency', ['weekly', 'fortnightly', 'monthly'] as const, { fallback: 'weekly' });
  const access = r.oneOf('access', ['open', 'closed'] as const, { required: true });
  const status = r.oneOf('status', ['running', 'closed_down'] as const, { fallback: 'running', names: { closed: 'closed_down', 'closed down': 'closed_down' } });
  const venueKind = r.oneOf('venue_kind', ['community-venue', 'treatment-service', 'partner-organisation'] as const, provider === 'uksr' ? { fallback: 'community-venue' } : {});
  const listedPublicly = r.yesNo('listed_publicly', null);
  const dayText = row.get('day');
  const dayNumber = /^[0-6]$/.test(dayText) ? Number(dayText) : DAY_NAMES.findIndex((d) => d.toLowerCase() === dayText.toLowerCase() || d.slice(0, 3).toLowerCase() === dayText.toLowerCase());
  if (!dayText) r.problems.push('day is blank: use a day of the week, like Monday');
  else if (dayNumber < 0) r.problems.push(`day "${dayText}" is not a day of the week`);
  const weekText = row.get('week_of_month').toLowerCase();
  const weekOfMonth = !weekText ? undefined : weekText === 'last' ? -1 : /^-?\d$/.test(weekText) ? Number(weekText) : Number.NaN;
  if (Number.isNaN(weekOfMonth)) r.problems.push(`week_of_month "${row.get('week_of_month')}" is not 1, 2, 3, 4 or last`);
  const startsOn = r.date('starts_on', { required: true });
  const endsOn = r.date('ends_on');
  const facilitatorEmails = r.list('facilitator_emails').map((e) => e.toLowerCase());
  if (facilitatorEmails.length === 0) r.problems.push('facilitator_emails is blank: name at least one facilitator by email');
  const siteLegacyId = r.text('site_legacy_id', { max: 64 });
  const optional = (column: string) => row.get(column) || undefined;
  const input: Record<string, unknown> = {
    provider: provider ?? undefined,
    name: row.get('name'),
    programme: programme ?? undefined,
    venueName: provider === 'uksr' ? optional('venue_name') : undefined,
    venueAddress: provider === 'uksr' ? optional('venue_address') : undefined,
    venuePostcode: provider === 'uksr' ? optional('venue_postcode') : undefined,
    venueKind: provider === 'uksr' ? (venueKind ?? undefined) : undefined,
    venueNation: provider === 'uksr' ? optional('venue_nation')?.toLowerCase().replace(/\s+/g, '-') : undefined,
    attendance: attendance ?? undefined,
    onlineUrl: optional('online_url'),
    onlinePhone: optional('online_phone'),
    onlineNotes: optional('online_notes'),
    frequency: frequency ?? undefined,
    day: dayNumber,
    weekOfMonth,
    startTime: time(row.get('start_time')),
    endTime: time(row.get('end_time')),
    startsOn: startsOn ?? undefined,
    endsOn: endsOn ?? undefined,
    access: access ?? undefined,
    audiences: r.list('audiences').map((a) => a.toLowerCase()),
    listedPublicly: listedPublicly ?? undefined,
    description: optional('description'),
  };
  return {
    line: row.line,
    key: legacyRef ?? '',
    problems: r.problems,
    value: r.problems.length === 0 ? { legacyRef: legacyRef!, siteLegacyId, facilitatorEmails, status: status!, input } : null,
  };
}

