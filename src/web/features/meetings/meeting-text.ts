import { AUDIENCES } from '../../../domain/meetings/audiences.js';
import { programmeName } from '../../../domain/names.js';
import { NATIONS, type ProgrammeCode } from '../../../domain/reference.js';
import { formatLongDate, isIsoDate } from '../../../domain/iso-date.js';
import { DAY_NAMES, type MeetingSummary, type RegisteredMeeting } from '../../../shared/schemas/meetings.js';

/** How the portal words a meeting's details (en-GB, the guidance's names). */

export const ATTENDANCE_NAMES: Record<string, string> = { in_person: 'In person', online: 'Online', hybrid: 'Hybrid (in person and online)' };
export const FREQUENCY_NAMES: Record<string, string> = { weekly: 'Every week', fortnightly: 'Every other week (fortnightly)', monthly: 'Once a month' };
export const WEEK_NAMES: Record<string, string> = { '1': 'First', '2': 'Second', '3': 'Third', '4': 'Fourth', '-1': 'Last' };
export const ACCESS_NAMES: Record<string, string> = { open: 'Open', closed: 'Closed' };
export const STATUS_NAMES: Record<string, string> = { running: 'Running', closed_down: 'Closed down' };
export const PROVIDER_NAMES: Record<string, string> = { partner: 'Partner organisation', uksr: 'UKSR community peer-led' };
export const VENUE_KIND_NAMES: Record<string, string> = {
  'community-venue': 'A community venue, such as a village hall, church hall or fire station',
  'treatment-service': 'A treatment service',
  'partner-organisation': 'A partner organisation',
};

/** Section 9's reason closed meetings are never listed, in the guidance's words. */
export const CLOSED_NEVER_LISTED =
  'Closed meetings are never listed publicly. All meetings must be registered, but UKSR will not list any closed meeting on its website, to protect the meeting from unauthorised participants attending (Section 9).';

export function audienceLabel(code: string): string {
  return AUDIENCES.find((a) => a.code === code)?.name ?? code;
}

export function nationLabel(code: string): string {
  return NATIONS.find((n) => n.code === code)?.name ?? code;
}

export function programmeLabel(code: string): string {
  return programmeName(code as ProgrammeCode);
}

type Schedule = Pick<RegisteredMeeting, 'frequency' | 'day' | 'weekOfMonth' | 'startTime' | 'endTime'>;

/** 'Every Tuesday, 18:30 to 20:00'; 'Every other Tuesday, …'; 'The last Tuesday of each month, …'. */
export function scheduleText(m: Schedule): string {
  const day = DAY_NAMES[m.day] ?? `day ${m.day}`;
  const times = `${m.startTime} to ${m.endTime}`;
  if (m.frequency === 'fortnightly') return `Every other ${day}, ${times}`;
  if (m.frequency === 'monthly') {
    const week = m.weekOfMonth === null ? '' : (WEEK_NAMES[String(m.weekOfMonth)] ?? '').toLowerCase();
    return `The ${week ? `${week} ` : ''}${day} of each month, ${times}`;
  }
  return `Every ${day}, ${times}`;
}

/** Where the meeting is, in a few words: the site (satellite premises said so) or the community venue. */
export function placeText(m: Pick<RegisteredMeeting, 'provider' | 'siteName' | 'venueName' | 'postcode'> & { siteIsSatellite?: boolean | null }): string {
  const name = m.provider === 'uksr' ? (m.venueName ?? 'Community venue') : `${m.siteName ?? 'Site'}${m.siteIsSatellite ? ' (satellite premises)' : ''}`;
  return m.postcode ? `${name}, ${m.postcode}` : name;
}

/** Plain words for each reason code a meeting list gives for a meeting not being publicly listed. */
const REASON_WORDS: Record<string, string> = {
  closed_meeting: 'it is a closed meeting, and closed meetings are never listed',
  not_listed_publicly: 'it is registered as not listed publicly',
  meeting_closed_down: 'the meeting has closed down',
  meeting_ended: 'its last meeting date has passed',
  site_not_licensed: 'the site is not licensed for this programme',
  no_facilitators: 'it has no facilitators',
  facilitator_not_eligible: 'a facilitator may not facilitate it yet',
  facilitator_not_uksr_volunteer: 'a facilitator is not a UKSR volunteer',
  held_at_treatment_service: 'a community meeting must not be held at a treatment service',
  held_at_partner_organisation: 'a community meeting must not be held at a partner organisation',
};

export function listingReasonWords(code: string): string {
  return REASON_WORDS[code] ?? 'a listing rule is not met (open the meeting to see why)';
}

/** 'Yes, on the public meeting finder' or 'No: it is a closed meeting; it has no facilitators.' */
export function listingSummary(m: Pick<MeetingSummary, 'publiclyVisible' | 'listingReasonCodes'>): string {
  if (m.publiclyVisible) return 'Yes, on the public meeting finder';
  if (m.listingReasonCodes.length === 0) return 'No';
  const words = [...new Set(m.listingReasonCodes.map(listingReasonWords))];
  return `No: ${words.join('; ')}.`;
}

/** A date as the guidance writes them (24 November 2026), or the text as it came if it is not one. */
export function dateText(value: string | null): string {
  if (!value) return '';
  return isIsoDate(value) ? formatLongDate(value) : value;
}

/** The details a person reads, one line each, used to say what someone else changed. */
const COMPARED: [string, (m: RegisteredMeeting) => string][] = [
  ['Name', (m) => m.name],
  ['Programme', (m) => m.programmeName],
  ['Where', (m) => placeText(m)],
  ['Venue address', (m) => m.venueAddress ?? ''],
  ['How people attend', (m) => ATTENDANCE_NAMES[m.attendance] ?? m.attendance],
  ['Meeting link', (m) => m.onlineUrl ?? ''],
  ['Phone number to join', (m) => m.onlinePhone ?? ''],
  ['Joining notes', (m) => m.onlineNotes ?? ''],
  ['When', (m) => scheduleText(m)],
  ['First meeting', (m) => dateText(m.startsOn)],
  ['Last meeting', (m) => dateText(m.endsOn)],
  ['Open or closed', (m) => ACCESS_NAMES[m.access] ?? m.access],
  ['Who it is for', (m) => m.audiences.map(audienceLabel).join(', ')],
  ['Listed publicly', (m) => (m.listedPublicly ? 'Yes' : 'No')],
  ['Description', (m) => m.description ?? ''],
  ['Map pin', (m) => (m.pinSetByHand && m.latitude !== null ? `${m.latitude}, ${m.longitude}` : 'At the postcode')],
  ['Facilitators', (m) => m.facilitators.map((f) => f.name).join(', ')],
  ['Status', (m) => STATUS_NAMES[m.status] ?? m.status],
];

export interface Change {
  label: string;
  was: string;
  now: string;
}

/** What differs between the meeting as it was read and as it is now (for a 412: someone else saved first). */
export function changesBetween(before: RegisteredMeeting, after: RegisteredMeeting): Change[] {
  return COMPARED.map(([label, read]) => ({ label, was: read(before), now: read(after) })).filter((c) => c.was !== c.now);
}
