import {
  meetingShapeIssues,
  meetingUpdateSchema,
  newMeetingSchema,
  type MeetingShape,
  type MeetingUpdate,
  type NewMeeting,
  type RegisteredMeeting,
} from '../../../shared/schemas/meetings.js';

/**
 * What the register and edit forms hold: every field as typed (strings, and lists for the
 * checkboxes), so nothing typed is lost when the API refuses it. Turning them into a request is
 * done here, checked with the same zod schema the server uses.
 */
export interface MeetingFormValues {
  provider: '' | 'partner' | 'uksr';
  organisationId: string;
  siteId: string;
  venueName: string;
  venueAddress: string;
  venuePostcode: string;
  venueKind: string;
  venueNation: string;
  name: string;
  programme: string;
  attendance: string;
  onlineUrl: string;
  onlinePhone: string;
  onlineNotes: string;
  frequency: string;
  day: string;
  weekOfMonth: string;
  startTime: string;
  endTime: string;
  startsOn: string;
  endsOn: string;
  access: string;
  audiences: string[];
  listedPublicly: '' | 'yes' | 'no';
  description: string;
  latitude: string;
  longitude: string;
  facilitatorIds: string[];
}

export type FormErrors = Record<string, string>;

export function emptyMeetingValues(provider: MeetingFormValues['provider'], organisationId: string | null): MeetingFormValues {
  return {
    provider,
    organisationId: organisationId ?? '',
    siteId: '',
    venueName: '',
    venueAddress: '',
    venuePostcode: '',
    venueKind: '',
    venueNation: '',
    name: '',
    programme: '',
    attendance: '',
    onlineUrl: '',
    onlinePhone: '',
    onlineNotes: '',
    frequency: 'weekly',
    day: '',
    weekOfMonth: '',
    startTime: '',
    endTime: '',
    startsOn: '',
    endsOn: '',
    access: '',
    audiences: [],
    listedPublicly: '',
    description: '',
    latitude: '',
    longitude: '',
    facilitatorIds: [],
  };
}

/** The form as it opens to edit a meeting. The pin shows only when set by hand; otherwise it follows the postcode. */
export function valuesFromMeeting(m: RegisteredMeeting): MeetingFormValues {
  return {
    provider: m.provider,
    organisationId: m.organisationId ?? '',
    siteId: m.siteId ?? '',
    venueName: m.venueName ?? '',
    venueAddress: m.venueAddress ?? '',
    venuePostcode: m.venuePostcode ?? '',
    venueKind: m.provider === 'uksr' ? 'community-venue' : '',
    venueNation: m.provider === 'uksr' ? m.nation : '',
    name: m.name,
    programme: m.programme,
    attendance: m.attendance,
    onlineUrl: m.onlineUrl ?? '',
    onlinePhone: m.onlinePhone ?? '',
    onlineNotes: m.onlineNotes ?? '',
    frequency: m.frequency,
    day: String(m.day),
    weekOfMonth: m.weekOfMonth === null ? '' : String(m.weekOfMonth),
    startTime: m.startTime,
    endTime: m.endTime,
    startsOn: m.startsOn,
    endsOn: m.endsOn ?? '',
    access: m.access,
    audiences: [...m.audiences],
    listedPublicly: m.access === 'closed' ? 'no' : m.listedPublicly ? 'yes' : 'no',
    description: m.description ?? '',
    latitude: m.pinSetByHand && m.latitude !== null ? String(m.latitude) : '',
    longitude: m.pinSetByHand && m.longitude !== null ? String(m.longitude) : '',
    facilitatorIds: m.facilitators.map((f) => f.id),
  };
}

const trimmed = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());

/** A coordinate as typed ('53.76', '-2.7'); commas are read as decimal points. */
function coordinate(value: string): number | undefined | 'invalid' {
  const text = value.trim().replace(',', '.');
  if (text === '') return undefined;
  return /^-?\d{1,3}(\.\d+)?$/.test(text) ? Number(text) : 'invalid';
}

/**
 * Everything the form says as a registration request: fields that do not apply are left out (the
 * venue for a partner meeting, the online details for one met in person, the week for a weekly
 * one), and a closed meeting is never listed (Section 9).
 */
export function requestFromValues(v: MeetingFormValues): { request: Record<string, unknown>; errors: FormErrors } {
  const errors: FormErrors = {};
  const request: Record<string, unknown> = {
    provider: v.provider || undefined,
    name: v.name.trim(),
    programme: v.programme || undefined,
    attendance: v.attendance || undefined,
    frequency: v.frequency || undefined,
    day: v.day === '' ? undefined : Number(v.day),
    startTime: v.startTime || undefined,
    endTime: v.endTime || undefined,
    startsOn: v.startsOn || undefined,
    endsOn: trimmed(v.endsOn),
    access: v.access || undefined,
    audiences: v.audiences,
    listedPublicly: v.access === 'closed' ? false : v.listedPublicly === '' ? undefined : v.listedPublicly === 'yes',
    description: trimmed(v.description),
    facilitatorIds: v.facilitatorIds,
  };
  if (v.provider === 'partner') {
    request.organisationId = v.organisationId || undefined;
    request.siteId = v.siteId || undefined;
  }
  if (v.provider === 'uksr') {
    request.venueName = trimmed(v.venueName);
    request.venueAddress = trimmed(v.venueAddress);
    request.venuePostcode = trimmed(v.venuePostcode);
    request.venueKind = v.venueKind || undefined;
    request.venueNation = v.venueNation || undefined;
  }
  if (v.attendance === 'online' || v.attendance === 'hybrid') {
    request.onlineUrl = trimmed(v.onlineUrl);
    request.onlinePhone = trimmed(v.onlinePhone);
    request.onlineNotes = trimmed(v.onlineNotes);
  }
  if (v.frequency === 'monthly') request.weekOfMonth = v.weekOfMonth === '' ? undefined : Number(v.weekOfMonth);
  for (const key of ['latitude', 'longitude'] as const) {
    const value = coordinate(v[key]);
    if (value === 'invalid') errors[key] = `Enter the ${key} as a number, like ${key === 'latitude' ? '53.7632' : '-2.7031'}`;
    else request[key] = value;
  }
  for (const key of Object.keys(request)) if (request[key] === undefined) delete request[key];
  return { request, errors };
}

/** zod's issues as the form shows them: the first message for each top-level field. */
function issuesByField(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? 'form');
    errors[key] ??= issue.message;
  }
  return errors;
}

/** The registration the form describes, or the reasons it cannot be sent yet (the server's own schema). */
export function newMeetingFromValues(v: MeetingFormValues): { ok: true; body: NewMeeting } | { ok: false; errors: FormErrors } {
  const { request, errors } = requestFromValues(v);
  const parsed = newMeetingSchema.safeParse(request);
  // zod runs the schema's cross-field checks only once every field reads well; run them anyway, so
  // every problem shows at once (a missing site beside a missing name).
  const shape = issuesByField(meetingShapeIssues(request as MeetingShape).map((i) => ({ path: [i.path], message: i.message })));
  const all = { ...shape, ...(parsed.success ? {} : issuesByField(parsed.error.issues)), ...errors };
  if (Object.keys(all).length > 0 || !parsed.success) return { ok: false, errors: all };
  // Send what was typed (trimmed), not the schema's output: the server applies its own defaults.
  return { ok: true, body: request as NewMeeting };
}

/** Fields a change may send (who provides the meeting, and for which organisation, cannot change). */
const UPDATABLE = [
  'name', 'programme', 'siteId', 'venueName', 'venueAddress', 'venuePostcode', 'venueKind', 'venueNation', 'attendance', 'onlineUrl',
  'onlinePhone', 'onlineNotes', 'frequency', 'day', 'weekOfMonth', 'startTime', 'endTime', 'startsOn', 'endsOn', 'access', 'audiences',
  'listedPublicly', 'description', 'latitude', 'longitude', 'facilitatorIds',
] as const;

/** Fields that may be cleared with null in a change. */
const CLEARABLE = new Set<string>(['venueAddress', 'onlineUrl', 'onlinePhone', 'onlineNotes', 'weekOfMonth', 'endsOn', 'description', 'latitude', 'longitude']);

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The change to send: only the fields that differ from the meeting as last read (`base`), with
 * null for a field emptied. The whole meeting the form describes is checked first, as registering is.
 */
export function updateFromValues(v: MeetingFormValues, base: RegisteredMeeting): { ok: true; body: MeetingUpdate } | { ok: false; errors: FormErrors } {
  const whole = newMeetingFromValues(v);
  if (!whole.ok) return whole;
  const now = requestFromValues(v).request;
  const before = requestFromValues(valuesFromMeeting(base)).request;
  const body: Record<string, unknown> = {};
  for (const key of UPDATABLE) {
    if (same(now[key], before[key])) continue;
    if (now[key] === undefined) {
      if (CLEARABLE.has(key)) body[key] = null;
    } else body[key] = now[key];
  }
  const parsed = meetingUpdateSchema.safeParse(body);
  if (!parsed.success) return { ok: false, errors: issuesByField(parsed.error.issues) };
  return { ok: true, body: body as MeetingUpdate };
}

/**
 * After someone else saved first (412): the form moves onto their version, keeping every field this
 * person changed as they typed it and taking the other person's value for every field they left
 * alone, so saving again does not quietly undo the other person's change.
 */
export function rebaseValues(values: MeetingFormValues, was: RegisteredMeeting, now: RegisteredMeeting): MeetingFormValues {
  const before = valuesFromMeeting(was);
  const theirs = valuesFromMeeting(now);
  const merged = { ...values } as Record<keyof MeetingFormValues, unknown>;
  for (const key of Object.keys(values) as (keyof MeetingFormValues)[]) {
    if (same(values[key], before[key])) merged[key] = theirs[key];
  }
  return merged as unknown as MeetingFormValues;
}
