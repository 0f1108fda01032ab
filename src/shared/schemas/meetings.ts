import { z } from 'zod';
import { isIsoDate } from '../../domain/iso-date.js';
import { AUDIENCE_CODES } from '../../domain/meetings/audiences.js';
import { isUkPostcode } from '../../domain/postcode.js';
import { NATIONS, PROGRAMMES, type NationCode, type ProgrammeCode } from '../../domain/reference.js';

/**
 * The meeting registry for signed-in people (Sections 6 step 6, 8 and 9; docs/decisions/070–075):
 * registering, listing, viewing, editing and closing meetings, and Central Office's site exceptions.
 * The public finder reads meetings elsewhere (GET /api/v1/meetings, public); nothing here is public.
 *
 * Routes (JSON, signed in, `X-CSRF-Token` on every change):
 *
 *   GET   /api/v1/registered-meetings?organisationId=&region=&status=&provider=&programme=&limit=&offset=
 *         → 200 MeetingList. Only the meetings the person may see (their organisation's; a Coordinator's
 *         region/programme, community meetings by region; Central Office all).
 *   POST  /api/v1/registered-meetings            body NewMeeting → 201 RegisteredMeeting, header ETag: "<version>"
 *         → 422 rule_broken, details: MeetingRuleDetail[] (every reason, each against its field:
 *           `siteId` for licence cover, `facilitatorIds` for eligibility, `access`, `venueKind`/`venuePostcode`…)
 *         → 422 validation_failed (field details) for malformed input; 404 not_found for another
 *           organisation's organisation/site/facilitator (same as missing).
 *   GET   /api/v1/registered-meetings/:id        → 200 RegisteredMeeting (with `listing`: whether it is
 *         publicly visible and every reason it is not), header ETag: "<version>"; another
 *         organisation's meeting → 404 not_found (audited).
 *   PATCH /api/v1/registered-meetings/:id        header If-Match: "<version>" (required), body MeetingUpdate
 *         (only the fields sent change; `null` clears an optional field) → 200 RegisteredMeeting + ETag
 *         → 412 precondition_failed, details: { currentVersion, current: RegisteredMeeting } (show what changed)
 *         → 428 precondition_required (no If-Match), details as for 412
 *         → 422 rule_broken / validation_failed as for POST.
 *   POST  /api/v1/registered-meetings/:id/close  header If-Match optional, body CloseMeeting → 200 RegisteredMeeting
 *   GET   /api/v1/sites/:siteId/exceptions       → 200 SiteExceptionList (Central Office, the site's
 *         organisation, its Coordinator)
 *   POST  /api/v1/sites/:siteId/exceptions       body NewSiteException → 201 SiteException (Central Office only)
 */

export const PROGRAMME_CODES = PROGRAMMES.map((p) => p.code) as [ProgrammeCode, ...ProgrammeCode[]];
export const NATION_CODES = NATIONS.map((n) => n.code) as [NationCode, ...NationCode[]];
export const MEETING_PROVIDERS = ['partner', 'uksr'] as const;
export const ATTENDANCES = ['in_person', 'online', 'hybrid'] as const;
export const FREQUENCIES = ['weekly', 'fortnightly', 'monthly'] as const;
export const MEETING_ACCESS = ['open', 'closed'] as const;
export const MEETING_STATUSES = ['running', 'closed_down'] as const;
/** 1–4, or -1 for the last week of the month (monthly meetings only). */
export const WEEKS_OF_MONTH = [1, 2, 3, 4, -1] as const;
/**
 * What kind of place a community peer-led meeting's venue is (Section 9: a community venue, never a
 * treatment service or partner organisation). Only 'community-venue' is accepted; the others are
 * offered so the person says so rather than guesses (docs/decisions/072).
 */
export const VENUE_KINDS = ['community-venue', 'treatment-service', 'partner-organisation'] as const;
/** 0 = Sunday … 6 = Saturday, as in the Meeting Guide format. */
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

const isoDate = (message = 'Enter a real date, like 2026-11-24') => z.string({ error: message }).refine(isIsoDate, message);
const time = (message: string) => z.string({ error: message }).regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, message);
const text = (max: number, what: string) => z.string().trim().max(max, `${what} must be ${max} characters or fewer`);
const postcode = z
  .string({ error: 'Enter the venue postcode, like PR1 8BU' })
  .trim()
  .refine(isUkPostcode, 'Enter a real UK postcode, like PR1 8BU');

/** The fields of a meeting a person sets; shared by registering and editing. */
const meetingFields = {
  name: z.string({ error: "Enter the meeting's name" }).trim().min(1, "Enter the meeting's name").max(120, 'The name must be 120 characters or fewer'),
  programme: z.enum(PROGRAMME_CODES, { error: 'Choose the programme' }),
  /** Partner meetings: a site of the organisation (satellite premises are sites too). */
  siteId: z.uuid({ error: 'Choose the site' }),
  /** UKSR community peer-led meetings: the community venue. */
  venueName: z.string({ error: 'Enter the venue name' }).trim().min(1, 'Enter the venue name').max(200, 'The venue name must be 200 characters or fewer'),
  venueAddress: text(500, 'The address'),
  venuePostcode: postcode,
  venueKind: z.enum(VENUE_KINDS, { error: 'Say what kind of place the venue is' }),
  /** Only needed when the venue postcode's area crosses a border (TD, CH, HR, LD, NP, SY): which nation it is in. */
  venueNation: z.enum(NATION_CODES, { error: 'Say which nation the venue is in' }),
  attendance: z.enum(ATTENDANCES, { error: 'Say how people attend' }),
  onlineUrl: z.url({ protocol: /^https?$/, error: 'Enter the meeting link, starting https://' }).max(500, 'The link must be 500 characters or fewer'),
  onlinePhone: z.string().trim().regex(/^[0-9+() -]{6,40}$/, 'Enter a phone number, like 0161 496 0000'),
  onlineNotes: text(500, 'The joining notes'),
  frequency: z.enum(FREQUENCIES, { error: 'Say how often it meets' }),
  day: z.number({ error: 'Choose the day' }).int().min(0, 'Choose the day').max(6, 'Choose the day'),
  weekOfMonth: z.union(WEEKS_OF_MONTH.map((w) => z.literal(w)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>, z.ZodLiteral<-1>], {
    error: 'Choose which week of the month',
  }),
  startTime: time('Enter the start time, like 18:30'),
  endTime: time('Enter the end time, like 20:00'),
  startsOn: isoDate('Enter the date of the first meeting, like 2026-12-01'),
  endsOn: isoDate('Enter the date of the last meeting, like 2027-06-30'),
  access: z.enum(MEETING_ACCESS, { error: 'Say whether the meeting is open or closed' }),
  audiences: z.array(z.enum(AUDIENCE_CODES, { error: 'Choose who it is for from the list' })).max(AUDIENCE_CODES.length),
  listedPublicly: z.boolean({ error: 'Say whether the meeting is listed publicly' }),
  description: text(2000, 'The description'),
  /** A pin placed by hand; without one the pin is the postcode's centre. Send both or neither. */
  latitude: z.number().min(49.8, 'Place the pin in the UK').max(61, 'Place the pin in the UK'),
  longitude: z.number().min(-8.7, 'Place the pin in the UK').max(2, 'Place the pin in the UK'),
  facilitatorIds: z.array(z.uuid({ error: 'Choose facilitators from the list' })).min(1, 'Choose at least one facilitator').max(20, 'Choose 20 facilitators or fewer'),
};

type Issue = { path: string; message: string };

/** The shape of a meeting that the form can check before it is sent (the service checks the same on the merged record). */
export interface MeetingShape {
  provider?: 'partner' | 'uksr';
  organisationId?: string | null;
  siteId?: string | null;
  venueName?: string | null;
  venuePostcode?: string | null;
  venueKind?: string | null;
  attendance?: string;
  onlineUrl?: string | null;
  onlinePhone?: string | null;
  frequency?: string;
  weekOfMonth?: number | null;
  startTime?: string;
  endTime?: string;
  startsOn?: string;
  endsOn?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

/** Consistency between fields: where (by provider), how (online details), when (monthly week, times, dates), the pin. */
export function meetingShapeIssues(m: MeetingShape): Issue[] {
  const issues: Issue[] = [];
  if (m.provider === 'partner') {
    if (!m.organisationId) issues.push({ path: 'organisationId', message: 'Choose the organisation' });
    if (!m.siteId) issues.push({ path: 'siteId', message: 'Choose the site' });
  }
  if (m.provider === 'uksr') {
    if (!m.venueName) issues.push({ path: 'venueName', message: 'Enter the venue name' });
    if (!m.venuePostcode) issues.push({ path: 'venuePostcode', message: 'Enter the venue postcode, like PR1 8BU' });
    if (!m.venueKind) issues.push({ path: 'venueKind', message: 'Say what kind of place the venue is' });
  }
  if (m.attendance && m.attendance !== 'in_person' && !m.onlineUrl && !m.onlinePhone) {
    issues.push({ path: 'onlineUrl', message: 'Enter the meeting link or a phone number to join by' });
  }
  if (m.frequency === 'monthly' && (m.weekOfMonth === undefined || m.weekOfMonth === null)) {
    issues.push({ path: 'weekOfMonth', message: 'Choose which week of the month' });
  }
  if (m.startTime && m.endTime && m.endTime <= m.startTime) issues.push({ path: 'endTime', message: 'The end time must be after the start time' });
  if (m.startsOn && m.endsOn && m.endsOn < m.startsOn) issues.push({ path: 'endsOn', message: 'The last meeting must be on or after the first' });
  const hasLat = m.latitude !== undefined && m.latitude !== null;
  const hasLng = m.longitude !== undefined && m.longitude !== null;
  if (hasLat !== hasLng) issues.push({ path: hasLat ? 'longitude' : 'latitude', message: 'Place the pin on the map, or leave it at the postcode' });
  return issues;
}

function addIssues(m: MeetingShape, ctx: z.RefinementCtx): void {
  for (const issue of meetingShapeIssues(m)) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
}

/**
 * Register a meeting. `provider` 'partner' needs `organisationId` and `siteId`; 'uksr' (a community
 * peer-led meeting) needs the venue fields. Online and hybrid meetings need `onlineUrl` or `onlinePhone`;
 * monthly meetings need `weekOfMonth`.
 */
export const newMeetingSchema = z
  .strictObject({
    provider: z.enum(MEETING_PROVIDERS, { error: "Say whether it is your organisation's meeting or a UKSR community meeting" }),
    organisationId: z.uuid({ error: 'Choose the organisation' }).optional(),
    siteId: meetingFields.siteId.optional(),
    venueName: meetingFields.venueName.optional(),
    venueAddress: meetingFields.venueAddress.optional(),
    venuePostcode: meetingFields.venuePostcode.optional(),
    venueKind: meetingFields.venueKind.optional(),
    venueNation: meetingFields.venueNation.optional(),
    name: meetingFields.name,
    programme: meetingFields.programme,
    attendance: meetingFields.attendance,
    onlineUrl: meetingFields.onlineUrl.optional(),
    onlinePhone: meetingFields.onlinePhone.optional(),
    onlineNotes: meetingFields.onlineNotes.optional(),
    frequency: meetingFields.frequency.default('weekly'),
    day: meetingFields.day,
    weekOfMonth: meetingFields.weekOfMonth.optional(),
    startTime: meetingFields.startTime,
    endTime: meetingFields.endTime,
    startsOn: meetingFields.startsOn,
    endsOn: meetingFields.endsOn.optional(),
    access: meetingFields.access,
    audiences: meetingFields.audiences.default([]),
    listedPublicly: meetingFields.listedPublicly,
    description: meetingFields.description.optional(),
    latitude: meetingFields.latitude.optional(),
    longitude: meetingFields.longitude.optional(),
    facilitatorIds: meetingFields.facilitatorIds,
  })
  .superRefine(addIssues)
  .meta({ id: 'NewMeeting' });
export type NewMeeting = z.infer<typeof newMeetingSchema>;

/**
 * Change a meeting: only the fields sent change; `null` clears an optional one (`endsOn`, the
 * online details, `weekOfMonth`, `description`, the hand-set pin). Who provides the meeting and for
 * which organisation cannot change: close it and register a new one. Send If-Match with the version.
 */
export const meetingUpdateSchema = z
  .strictObject({
    name: meetingFields.name.optional(),
    programme: meetingFields.programme.optional(),
    siteId: meetingFields.siteId.optional(),
    venueName: meetingFields.venueName.optional(),
    venueAddress: meetingFields.venueAddress.nullable().optional(),
    venuePostcode: meetingFields.venuePostcode.optional(),
    venueKind: meetingFields.venueKind.optional(),
    venueNation: meetingFields.venueNation.optional(),
    attendance: meetingFields.attendance.optional(),
    onlineUrl: meetingFields.onlineUrl.nullable().optional(),
    onlinePhone: meetingFields.onlinePhone.nullable().optional(),
    onlineNotes: meetingFields.onlineNotes.nullable().optional(),
    frequency: meetingFields.frequency.optional(),
    day: meetingFields.day.optional(),
    weekOfMonth: meetingFields.weekOfMonth.nullable().optional(),
    startTime: meetingFields.startTime.optional(),
    endTime: meetingFields.endTime.optional(),
    startsOn: meetingFields.startsOn.optional(),
    endsOn: meetingFields.endsOn.nullable().optional(),
    access: meetingFields.access.optional(),
    audiences: meetingFields.audiences.optional(),
    listedPublicly: meetingFields.listedPublicly.optional(),
    description: meetingFields.description.nullable().optional(),
    latitude: meetingFields.latitude.nullable().optional(),
    longitude: meetingFields.longitude.nullable().optional(),
    facilitatorIds: meetingFields.facilitatorIds.optional(),
  })
  .superRefine((m, ctx) => {
    // Only what the update itself says can be checked here; the service checks the merged meeting.
    const issues = meetingShapeIssues({ startTime: m.startTime, endTime: m.endTime, startsOn: m.startsOn, endsOn: m.endsOn, latitude: m.latitude, longitude: m.longitude });
    for (const issue of issues) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  })
  .meta({ id: 'MeetingUpdate' });
export type MeetingUpdate = z.infer<typeof meetingUpdateSchema>;

/** Close a meeting down: it stops running from `closedOn` (default today) and is never listed again. */
export const closeMeetingSchema = z
  .strictObject({
    closedOn: isoDate('Enter the date of the last meeting, like 2026-12-01').optional(),
    reason: text(500, 'The reason').optional(),
  })
  .meta({ id: 'CloseMeeting' });
export type CloseMeeting = z.infer<typeof closeMeetingSchema>;

export const meetingIdParamsSchema = z.object({ id: z.string().max(64) });
export const siteIdParamsSchema = z.object({ siteId: z.string().max(64) });
/** PATCH needs it; close takes it if sent. The ETag form ("3", W/"3") and a bare number are accepted. */
export const ifMatchHeadersSchema = z.object({ 'if-match': z.string({ error: 'Send If-Match with the version you edited' }).max(40) });
export const optionalIfMatchHeadersSchema = z.object({ 'if-match': z.string().max(40).optional() });

export const meetingListQuerySchema = z.strictObject({
  organisationId: z.uuid().optional(),
  region: z.string().max(64).optional(),
  status: z.enum(MEETING_STATUSES).optional(),
  provider: z.enum(MEETING_PROVIDERS).optional(),
  programme: z.enum(PROGRAMME_CODES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type MeetingListQuery = z.infer<typeof meetingListQuerySchema>;

/** A reason a meeting is not publicly listed; `because` carries the licence or eligibility reasons underneath. */
export const listingReasonSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    facilitatorId: z.string().optional(),
    because: z.array(z.object({ code: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'ListingReason' });

export const meetingListingSchema = z
  .object({
    /** Whether the public finder shows the meeting now. */
    publiclyVisible: z.boolean(),
    /** The day the listing rule last ran for it. */
    checkedOn: z.string().nullable(),
    /** Every reason it is not shown (empty when it is). */
    reasons: z.array(listingReasonSchema),
    /** The public page, when it is shown. */
    publicPath: z.string().nullable(),
  })
  .meta({ id: 'MeetingListing' });

export const registeredMeetingSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    programme: z.enum(PROGRAMME_CODES),
    programmeName: z.string(),
    provider: z.enum(MEETING_PROVIDERS),
    organisationId: z.string().nullable(),
    organisationName: z.string().nullable(),
    siteId: z.string().nullable(),
    siteName: z.string().nullable(),
    /** Whether the site is satellite premises. */
    siteIsSatellite: z.boolean().nullable(),
    venueName: z.string().nullable(),
    venueAddress: z.string().nullable(),
    venuePostcode: z.string().nullable(),
    /** The site's postcode for a partner meeting, the venue's for a community one. */
    postcode: z.string().nullable(),
    nation: z.string(),
    region: z.string(),
    regionName: z.string(),
    attendance: z.enum(ATTENDANCES),
    onlineUrl: z.string().nullable(),
    onlinePhone: z.string().nullable(),
    onlineNotes: z.string().nullable(),
    frequency: z.enum(FREQUENCIES),
    day: z.number().int(),
    dayName: z.string(),
    weekOfMonth: z.number().int().nullable(),
    startTime: z.string(),
    endTime: z.string(),
    startsOn: z.string(),
    endsOn: z.string().nullable(),
    access: z.enum(MEETING_ACCESS),
    audiences: z.array(z.string()),
    listedPublicly: z.boolean(),
    status: z.enum(MEETING_STATUSES),
    description: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    locationApproximate: z.boolean(),
    pinSetByHand: z.boolean(),
    facilitators: z.array(z.object({ id: z.string(), name: z.string() })),
    listing: meetingListingSchema,
    /** What the signed-in person may do with it. */
    canEdit: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'RegisteredMeeting' });
export type RegisteredMeeting = z.infer<typeof registeredMeetingSchema>;

export const meetingSummarySchema = registeredMeetingSchema
  .pick({
    id: true, slug: true, name: true, programme: true, programmeName: true, provider: true, organisationId: true, organisationName: true,
    siteId: true, siteName: true, venueName: true, postcode: true, region: true, regionName: true, attendance: true, frequency: true,
    day: true, dayName: true, weekOfMonth: true, startTime: true, endTime: true, access: true, listedPublicly: true, status: true, version: true,
  })
  .extend({ publiclyVisible: z.boolean(), listingReasonCodes: z.array(z.string()) })
  .meta({ id: 'MeetingSummary' });
export type MeetingSummary = z.infer<typeof meetingSummarySchema>;

export const meetingListSchema = z.object({ items: z.array(meetingSummarySchema), total: z.number().int() }).meta({ id: 'MeetingList' });

/** One reason a registration or change is refused (422 rule_broken `details`), against the field to fix. */
export const meetingRuleDetailSchema = z
  .object({ field: z.string(), message: z.string(), code: z.string(), facilitatorId: z.string().optional(), because: z.array(z.object({ code: z.string(), message: z.string() })).optional() })
  .meta({ id: 'MeetingRuleDetail' });
export type MeetingRuleDetail = z.infer<typeof meetingRuleDetailSchema>;

/** Central Office records an exception agreed in advance to deliver a programme at a site (Section 9). */
export const newSiteExceptionSchema = z
  .strictObject({
    programme: z.enum(PROGRAMME_CODES, { error: 'Choose the programme' }),
    from: isoDate('Enter the first day it applies, like 2026-12-01'),
    to: isoDate('Enter the last day it applies, like 2027-11-30'),
    agreedOn: isoDate('Enter the day Central Office agreed it, like 2026-11-24'),
    reason: z.string({ error: 'Say why the exception was agreed' }).trim().min(1, 'Say why the exception was agreed').max(1000, 'The reason must be 1000 characters or fewer'),
  })
  .superRefine((e, ctx) => {
    if (e.to < e.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The last day must be on or after the first' });
  })
  .meta({ id: 'NewSiteException' });
export type NewSiteException = z.infer<typeof newSiteExceptionSchema>;

export const siteExceptionSchema = z
  .object({
    id: z.string(),
    siteId: z.string(),
    programme: z.enum(PROGRAMME_CODES),
    programmeName: z.string(),
    from: z.string(),
    to: z.string(),
    agreedOn: z.string(),
    reason: z.string(),
    recordedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'SiteException' });
export type SiteException = z.infer<typeof siteExceptionSchema>;

export const siteExceptionListSchema = z.object({ items: z.array(siteExceptionSchema) }).meta({ id: 'SiteExceptionList' });
