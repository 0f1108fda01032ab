import { randomBytes } from 'node:crypto';
import { coverage } from '../../../domain/coverage/coverage.js';
import { mayFacilitate, type Person } from '../../../domain/eligibility/may-facilitate.js';
import { formatLongDate, londonDate, type IsoDate } from '../../../domain/iso-date.js';
import { communityMeetingRules } from '../../../domain/listing/community-meeting.js';
import type { VenueType } from '../../../domain/listing/meeting.js';
import { meetingSlug, slugSuffix } from '../../../domain/meetings/slug.js';
import { programmeInSentence, programmeName } from '../../../domain/names.js';
import { formatPostcode } from '../../../domain/postcode.js';
import { nationOfPostcode } from '../../../domain/postcode.js';
import { regionOfPostcode } from '../../../domain/region-of-postcode.js';
import type { NationCode, ProgrammeCode } from '../../../domain/reference.js';
import {
  DAY_NAMES,
  meetingShapeIssues,
  type CloseMeeting,
  type MeetingListQuery,
  type MeetingRuleDetail,
  type MeetingSummary,
  type MeetingUpdate,
  type NewMeeting,
  type NewSiteException,
  type RegisteredMeeting,
  type SiteException,
} from '../../../shared/schemas/meetings.js';
import { recordAudit, type Actor } from '../../audit/audit.js';
import { canSeeOrganisation, organisationScope } from '../../auth/access.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { DB } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { queueMail } from '../../mail/outbox.js';
import { siteCoverageInput } from '../licences/licences.repository.js';
import { eligibilityPeople, eligibilitySettings } from '../people/eligibility-person.js';
import { geocodePostcode } from '../postcodes/geocoder.js';
import { createTask } from '../tasks/tasks.repository.js';
import { lastDailyListingCheck, refreshListings } from './listing.service.js';
import * as repo from './meetings.repository.js';

/**
 * The meeting registry (Sections 6 step 6, 8 and 9; docs/decisions/070–075): qualified facilitators
 * and SMART Leads register their meetings, within the licence rules; Central Office registers UKSR
 * community peer-led meetings and records site exceptions. Every refusal names every reason against
 * the field to fix; every change is audited, tracked by the updates inbox, and re-runs the listing rule.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Section 6 step 6 and Section 12: each programme's own Meeting Welcome Pack. */
const WELCOME_PACKS: Record<ProgrammeCode, string> = {
  'smart-recovery': 'SMART Recovery Meeting Welcome Pack',
  'family-and-friends': 'Family & Friends Meeting Welcome Pack',
  insideout: 'InsideOut Meeting Welcome Pack',
  veterans: 'SMART Veterans Meeting Welcome Pack',
  'start-smart': 'Start SMART Meeting Welcome Pack',
};

type Row = repo.MeetingRow;
type Site = NonNullable<Awaited<ReturnType<typeof repo.findSite>>>;
type FacilitatorOfUser = Awaited<ReturnType<typeof repo.facilitatorOfUser>>;

// ---- Access --------------------------------------------------------------------------------

function scopeOf(user: CurrentUser, me: FacilitatorOfUser): repo.MeetingScope {
  const scope = organisationScope(user);
  if (scope.kind === 'all') return { kind: 'all' };
  if (scope.kind === 'regions') return { kind: 'coordinator', regions: scope.regions, sectors: scope.sectors, programmes: user.programmes };
  if (user.role === 'facilitator') return { kind: 'facilitator', organisationIds: me?.organisationIds ?? [], facilitatorId: me?.id ?? null };
  return { kind: 'organisation', organisationId: scope.organisationId };
}

/** Whether the signed-in person is one of the meeting's facilitators. */
function facilitates(me: FacilitatorOfUser, facilitatorIds: string[]): boolean {
  return Boolean(me && facilitatorIds.includes(me.id));
}

/** Who may see a meeting: Central Office; Coordinators of its organisation (community: its region or programme); its organisation's people; its facilitators. */
function maySee(user: CurrentUser, row: Row, me: FacilitatorOfUser, facilitatorIds: string[]): boolean {
  if (user.role === 'central_office') return true;
  if (user.role === 'coordinator') {
    if (row.provider === 'uksr') return user.regions.includes(row.region_code) || user.programmes.includes(row.programme_code);
    return canSeeOrganisation(user, { id: row.organisation_id!, region_code: row.organisation_region!, sector_code: row.organisation_sector! });
  }
  if (user.role === 'smart_lead' && row.organisation_id === user.organisationId) return true;
  if (user.role === 'facilitator' && row.organisation_id && me?.organisationIds.includes(row.organisation_id)) return true;
  return facilitates(me, facilitatorIds);
}

/** Who may change it: Central Office; the organisation's SMART Lead; a facilitator of the meeting (a partner's, while they still facilitate for it). */
function mayChange(user: CurrentUser, row: Row, me: FacilitatorOfUser, facilitatorIds: string[]): boolean {
  if (user.role === 'central_office') return true;
  if (user.role === 'coordinator') return false;
  if (row.provider === 'partner') {
    if (user.role === 'smart_lead' && row.organisation_id === user.organisationId) return true;
    return facilitates(me, facilitatorIds) && Boolean(me?.organisationIds.includes(row.organisation_id!));
  }
  return facilitates(me, facilitatorIds) && me?.uksr_volunteer_status != null;
}

async function visibleMeeting(deps: AppDeps, user: CurrentUser, actor: Actor, id: string) {
  const row = UUID.test(id) ? await repo.findMeeting(deps.db, id) : undefined;
  const me = await repo.facilitatorOfUser(deps.db, user.id);
  const facilitators = row ? await repo.meetingFacilitators(deps.db, [row.id]) : [];
  if (!row || !maySee(user, row, me, facilitators.map((f) => f.id))) {
    await recordAudit(deps.db, actor, { action: 'meeting.read_refused', entityType: 'meeting', entityId: id.slice(0, 64) });
    throw notFound('meeting');
  }
  return { row, me, facilitators };
}

// ---- Views ---------------------------------------------------------------------------------

/**
 * One meeting as its pages show it. `lastDailyCheck` is the day of the last complete daily listing
 * check, which leaves meetings whose listing has not changed untouched (decision 168): the listing
 * was checked on the later of that day and the meeting's own.
 */
function toView(row: Row, facilitators: { id: string; name: string }[], canEdit: boolean, lastDailyCheck: string | null = null): RegisteredMeeting {
  const checkedOn = row.listing_checked_on !== null && lastDailyCheck !== null && lastDailyCheck > row.listing_checked_on ? lastDailyCheck : row.listing_checked_on;
  const reasons = Array.isArray(row.listing_reasons) ? (row.listing_reasons as RegisteredMeeting['listing']['reasons']) : [];
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    programme: row.programme_code as ProgrammeCode,
    programmeName: programmeName(row.programme_code as ProgrammeCode),
    provider: row.provider,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    siteId: row.site_id,
    siteName: row.site_name,
    siteIsSatellite: row.site_satellite,
    venueName: row.venue_name,
    venueAddress: row.venue_address,
    venuePostcode: row.venue_postcode,
    postcode: row.site_postcode ?? row.venue_postcode,
    nation: row.nation_code,
    region: row.region_code,
    regionName: row.region_name,
    attendance: row.attendance,
    onlineUrl: row.online_url,
    onlinePhone: row.online_phone,
    onlineNotes: row.online_notes,
    frequency: row.frequency,
    day: row.day,
    dayName: DAY_NAMES[row.day] ?? '',
    weekOfMonth: row.week_of_month,
    startTime: row.start_time,
    endTime: row.end_time,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    access: row.access,
    audiences: row.audiences,
    listedPublicly: row.listed_publicly,
    status: row.status,
    description: row.description,
    latitude: row.latitude === null ? null : Number(row.latitude),
    longitude: row.longitude === null ? null : Number(row.longitude),
    locationApproximate: row.location_approximate,
    pinSetByHand: row.pin_set_by_hand,
    facilitators: facilitators.map((f) => ({ id: f.id, name: f.name })),
    listing: {
      publiclyVisible: row.publicly_visible,
      checkedOn,
      reasons,
      publicPath: row.publicly_visible ? `/meetings/${row.slug}` : null,
    },
    canEdit,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

async function view(deps: AppDeps, user: CurrentUser, id: string): Promise<RegisteredMeeting> {
  const row = (await repo.findMeeting(deps.db, id))!;
  const facilitators = await repo.meetingFacilitators(deps.db, [id]);
  const me = await repo.facilitatorOfUser(deps.db, user.id);
  return toView(row, facilitators, mayChange(user, row, me, facilitators.map((f) => f.id)), await lastDailyListingCheck(deps.db));
}

export async function getMeeting(deps: AppDeps, user: CurrentUser, actor: Actor, id: string): Promise<RegisteredMeeting> {
  const { row, me, facilitators } = await visibleMeeting(deps, user, actor, id);
  return toView(row, facilitators, mayChange(user, row, me, facilitators.map((f) => f.id)), await lastDailyListingCheck(deps.db));
}

export async function listMeetings(deps: AppDeps, user: CurrentUser, query: MeetingListQuery): Promise<{ items: MeetingSummary[]; total: number }> {
  const me = await repo.facilitatorOfUser(deps.db, user.id);
  const { rows, total } = await repo.listMeetings(deps.db, scopeOf(user, me), query);
  return {
    items: rows.map((row) => {
      const v = toView(row, [], false);
      return {
        id: v.id, slug: v.slug, name: v.name, programme: v.programme, programmeName: v.programmeName, provider: v.provider, organisationId: v.organisationId,
        organisationName: v.organisationName, siteId: v.siteId, siteName: v.siteName, venueName: v.venueName, postcode: v.postcode, region: v.region,
        regionName: v.regionName, attendance: v.attendance, frequency: v.frequency, day: v.day, dayName: v.dayName, weekOfMonth: v.weekOfMonth,
        startTime: v.startTime, endTime: v.endTime, access: v.access, listedPublicly: v.listedPublicly, status: v.status, version: v.version,
        publiclyVisible: v.listing.publiclyVisible, listingReasonCodes: v.listing.reasons.map((r) => r.code),
      };
    }),
    total,
  };
}

// ---- The rules -----------------------------------------------------------------------------

/** What the rules read about a meeting being registered or changed. */
interface Draft {
  provider: 'partner' | 'uksr';
  organisationId: string | null;
  site: Site | null;
  nation: NationCode;
  venuePostcode: string | null;
  venueKind: VenueType | null;
  programme: ProgrammeCode;
  access: 'open' | 'closed';
  listedPublicly: boolean;
  startsOn: IsoDate;
  facilitatorIds: string[];
}

/** Which rules a change must re-check: only those reading something it changes (docs/decisions/074). */
interface Checks {
  coverage: boolean;
  /** Facilitators whose eligibility to check. */
  facilitatorIds: string[];
  community: boolean;
}

/**
 * Every rule a meeting breaks, each against the field to fix. Judged on the first day it runs
 * from now: today, or its first meeting if that is later.
 */
async function ruleDetails(db: DB, draft: Draft, today: IsoDate, checks: Checks): Promise<MeetingRuleDetail[]> {
  const details: MeetingRuleDetail[] = [];
  const on = draft.startsOn > today ? draft.startsOn : today;
  const name = programmeInSentence(draft.programme);

  // Section 9: closed meetings are never listed.
  if (draft.access === 'closed' && draft.listedPublicly) {
    details.push({ field: 'listedPublicly', code: 'closed_meeting', message: 'A closed meeting is never listed publicly: choose not to list it, or make it open to anyone.' });
  }

  const siteLicences = draft.site ? await siteCoverageInput(db, draft.site.id) : undefined;
  if (draft.provider === 'partner' && checks.coverage && siteLicences) {
    // Sections 3 and 9: a partner's meeting is held at a site licensed for its programme (a Satellite
    // licence extends the primary site's; Central Office may agree an exception in advance).
    const cover = coverage(siteLicences, draft.programme, on);
    if (!cover.covered) {
      details.push({
        field: 'siteId',
        code: 'site_not_licensed',
        message: `${draft.site!.name} is not licensed for ${name} on ${formatLongDate(on)}. Choose a licensed site, or ask Central Office about an exception.`,
        because: cover.reasons.map((r) => ({ code: r.code, message: r.message })),
      });
    }
  }

  const wanted = [...new Set(checks.facilitatorIds)];
  const ids = draft.provider === 'uksr' && checks.community ? [...new Set(draft.facilitatorIds)] : wanted;
  const [people, names, settings] = await Promise.all([eligibilityPeople(db, ids), repo.facilitatorNames(db, ids.filter((id) => UUID.test(id))), eligibilitySettings(db)]);
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  for (const id of ids) {
    if (!people.has(id)) details.push({ field: 'facilitatorIds', code: 'facilitator_not_found', facilitatorId: id, message: 'Choose facilitators from the list.' });
  }

  for (const id of wanted) {
    const person = people.get(id);
    if (!person) continue;
    const eligibility = mayFacilitate({
      person,
      programme: draft.programme,
      site: { nation: draft.nation },
      provider: draft.provider === 'partner' ? { kind: 'partner', organisationId: draft.organisationId! } : { kind: 'uksr' },
      date: on,
      codeOfConductCurrentVersion: settings.codeOfConductCurrentVersion,
      safeguardingPolicy: settings.safeguardingPolicy,
      ...(siteLicences ? { siteLicences } : {}),
    });
    // The site's licence is reported once against the site; being a UKSR volunteer under the community rules.
    const own = eligibility.reasons.filter((r) => r.code !== 'site_not_licensed' && r.code !== 'not_uksr_volunteer');
    if (own.length > 0) {
      details.push({
        field: 'facilitatorIds',
        code: 'facilitator_not_eligible',
        facilitatorId: id,
        message: `${nameOf.get(id) ?? 'A facilitator'} may not facilitate ${name} here on ${formatLongDate(on)}.`,
        because: own.map((r) => ({ code: r.code, message: r.message })),
      });
    }
  }

  if (draft.provider === 'uksr' && checks.community) {
    // Section 9: open, UKSR volunteers, a community venue (never a treatment service or partner's premises).
    const atPartnerSite = draft.venuePostcode ? (await repo.partnerSitesAt(db, [draft.venuePostcode])).length > 0 : false;
    const venueType: VenueType = draft.venueKind !== 'community-venue' && draft.venueKind ? draft.venueKind : atPartnerSite ? 'partner-organisation' : 'community-venue';
    const facilitators = draft.facilitatorIds.flatMap((id) => (people.has(id) ? [people.get(id)!] : []));
    const community = communityMeetingRules({
      id: 'new',
      programme: draft.programme,
      provider: { kind: 'uksr' },
      access: draft.access,
      listedPublicly: draft.listedPublicly,
      status: 'running',
      endsOn: null,
      site: { nation: draft.nation, venueType },
      facilitators: facilitators as Person[],
    });
    for (const reason of community.reasons) {
      if (reason.code === 'community_meeting_not_open') details.push({ field: 'access', code: reason.code, message: reason.message });
      else if (reason.code === 'facilitator_not_uksr_volunteer') {
        details.push({
          field: 'facilitatorIds',
          code: reason.code,
          facilitatorId: reason.facilitatorId!,
          message: `${nameOf.get(reason.facilitatorId!) ?? 'A facilitator'} is not a UKSR volunteer facilitator; community peer-led meetings are facilitated only by UKSR volunteers.`,
        });
      } else if (draft.venueKind === 'community-venue' && reason.code === 'held_at_partner_organisation') {
        details.push({
          field: 'venuePostcode',
          code: reason.code,
          message: "This postcode is a partner organisation's site. A community peer-led meeting is held at a community venue, never at a partner organisation or treatment service.",
        });
      } else details.push({ field: 'venueKind', code: reason.code, message: reason.message });
    }
  }
  return details;
}

function refuse(details: MeetingRuleDetail[]): never {
  const first = details[0]!;
  throw new AppError('rule_broken', details.length === 1 ? first.message : `The meeting breaks ${details.length} rules; each is shown next to its field.`, details);
}

function shapeOrRefuse(shape: Parameters<typeof meetingShapeIssues>[0]): void {
  const issues = meetingShapeIssues(shape);
  if (issues.length) throw new AppError('validation_failed', 'Some of the details are not valid.', issues.map((i) => ({ field: `body.${i.path}`, message: i.message })));
}

// ---- Where ---------------------------------------------------------------------------------

async function coordinates(deps: AppDeps, postcode: string | null, pin: { latitude?: number | null; longitude?: number | null }) {
  if (typeof pin.latitude === 'number' && typeof pin.longitude === 'number') {
    return { latitude: pin.latitude, longitude: pin.longitude, location_approximate: false, pin_set_by_hand: true };
  }
  const found = postcode ? await geocodePostcode(deps, postcode) : null;
  return { latitude: found?.latitude ?? null, longitude: found?.longitude ?? null, location_approximate: true, pin_set_by_hand: false };
}

/** A community venue's nation and region, from its postcode (or the nation the person gives for a border postcode). */
function venuePlace(postcode: string, given: NationCode | undefined): { nation: NationCode; region: string } {
  const nation = nationOfPostcode(postcode) ?? given;
  if (!nation) {
    throw new AppError('validation_failed', 'Say which nation the venue is in.', [{ field: 'body.venueNation', message: 'This postcode area crosses a border: say which nation the venue is in' }]);
  }
  const region = regionOfPostcode(postcode, nation);
  if (!region) throw new AppError('validation_failed', 'Enter a postcode in the UK.', [{ field: 'body.venuePostcode', message: 'Enter a postcode in England, Scotland, Wales or Northern Ireland' }]);
  return { nation, region };
}

async function uniqueSlug(db: DB, programme: ProgrammeCode, dayOfWeek: number, postcode: string | null): Promise<string> {
  const town = postcode ? await repo.postcodeTown(db, formatPostcode(postcode)) : null;
  for (;;) {
    const slug = meetingSlug({ programme, day: dayOfWeek, town, postcode, suffix: slugSuffix(randomBytes(4)) });
    if (!(await repo.slugTaken(db, slug))) return slug;
  }
}

// ---- Tracking by the updates inbox ----------------------------------------------------------

async function tellUpdates(trx: DB, deps: AppDeps, kind: 'registered' | 'changed' | 'closed', meeting: { id: string; name: string; programme: ProgrammeCode; where: string }, lines: string[]) {
  const inbox = await trx.selectFrom('team_inboxes').select('email').where('code', '=', 'updates').executeTakeFirstOrThrow();
  const verb = kind === 'registered' ? 'New meeting registered' : kind === 'changed' ? 'Meeting changed' : 'Meeting closed';
  await queueMail(trx, {
    to: inbox.email,
    kind: `meeting_${kind}`,
    subject: `${verb}: ${meeting.name} (${programmeName(meeting.programme)})`,
    text: [
      'Hello meeting updates team,',
      '',
      `${verb} in Partner Hub: ${meeting.name}, ${programmeName(meeting.programme)}, ${meeting.where}.`,
      ...(lines.length ? ['', ...lines] : []),
      '',
      `${deps.config.publicUrl}/portal/meetings/${meeting.id}`,
      '',
      'Partner Hub',
    ].join('\n'),
  });
}

// ---- Register --------------------------------------------------------------------------------

export async function registerMeeting(deps: AppDeps, user: CurrentUser, actor: Actor, input: NewMeeting): Promise<RegisteredMeeting> {
  const me = await repo.facilitatorOfUser(deps.db, user.id);
  const today = londonDate(deps.now());
  let site: Site | null = null;
  let organisation: Awaited<ReturnType<typeof repo.findOrganisation>> | null = null;
  let place: { nation: NationCode; region: string };

  if (input.provider === 'partner') {
    organisation = (await repo.findOrganisation(deps.db, input.organisationId!)) ?? null;
    const mayRegister =
      organisation &&
      (user.role === 'central_office' ||
        (user.role === 'smart_lead' && user.organisationId === organisation.id) ||
        (user.role === 'facilitator' && Boolean(me?.organisationIds.includes(organisation.id))));
    if (!organisation || !mayRegister) {
      await recordAudit(deps.db, actor, { action: 'organisation.read_refused', entityType: 'organisation', entityId: input.organisationId!.slice(0, 64) });
      throw notFound('organisation');
    }
    site = (await repo.findSite(deps.db, input.siteId!)) ?? null;
    if (!site || site.organisation_id !== organisation.id) {
      throw new AppError('rule_broken', 'Choose a site of the organisation.', [{ field: 'siteId', code: 'not_organisation_site', message: "Choose one of the organisation's sites" }]);
    }
    place = { nation: site.nation_code as NationCode, region: site.region_code };
  } else {
    // Section 9: UKSR's own community peer-led meetings: Central Office, or a UKSR volunteer facilitator.
    if (user.role !== 'central_office' && me?.uksr_volunteer_status == null) {
      throw new AppError('forbidden', 'Only Central Office and UKSR volunteer facilitators register community peer-led meetings.');
    }
    place = venuePlace(input.venuePostcode!, input.venueNation);
  }
  // A facilitator registers a meeting they facilitate (the SMART Lead and Central Office may register anyone's).
  if (user.role !== 'central_office' && user.role !== 'smart_lead' && !(me && input.facilitatorIds.includes(me.id))) {
    throw new AppError('rule_broken', 'Include yourself among the facilitators.', [{ field: 'facilitatorIds', code: 'registrant_not_facilitator', message: 'Include yourself among the facilitators' }]);
  }

  const draft: Draft = {
    provider: input.provider,
    organisationId: organisation?.id ?? null,
    site,
    nation: place.nation,
    venuePostcode: input.venuePostcode ?? null,
    venueKind: input.venueKind ?? null,
    programme: input.programme,
    access: input.access,
    listedPublicly: input.listedPublicly,
    startsOn: input.startsOn,
    facilitatorIds: input.facilitatorIds,
  };
  const details = await ruleDetails(deps.db, draft, today, { coverage: true, facilitatorIds: input.facilitatorIds, community: true });
  if (details.length) refuse(details);

  const postcode = site?.postcode ?? (input.venuePostcode ? formatPostcode(input.venuePostcode) : null);
  const pin = await coordinates(deps, postcode, input);
  const slug = await uniqueSlug(deps.db, input.programme, input.day, postcode);
  const facilitatorIds = [...new Set(input.facilitatorIds)];

  const id = await deps.db.transaction().execute(async (trx) => {
    const values: repo.MeetingValues = {
      name: input.name,
      programme_code: input.programme,
      site_id: site?.id ?? null,
      venue_name: input.provider === 'uksr' ? input.venueName! : null,
      venue_address: input.provider === 'uksr' ? (input.venueAddress || null) : null,
      venue_postcode: input.provider === 'uksr' ? postcode : null,
      nation_code: place.nation,
      region_code: place.region,
      attendance: input.attendance,
      online_url: input.attendance === 'in_person' ? null : (input.onlineUrl ?? null),
      online_phone: input.attendance === 'in_person' ? null : (input.onlinePhone ?? null),
      online_notes: input.attendance === 'in_person' ? null : (input.onlineNotes || null),
      frequency: input.frequency,
      day: input.day,
      week_of_month: input.frequency === 'monthly' ? (input.weekOfMonth ?? null) : null,
      start_time: input.startTime,
      end_time: input.endTime,
      starts_on: input.startsOn,
      ends_on: input.endsOn ?? null,
      access: input.access,
      audiences: [...new Set(input.audiences)],
      listed_publicly: input.listedPublicly,
      description: input.description || null,
      ...pin,
    };
    const { id } = await repo.insertMeeting(trx, { ...values, slug, provider: input.provider, organisation_id: organisation?.id ?? null, registered_by: user.id });
    await repo.replaceFacilitators(trx, id, facilitatorIds);
    await refreshListings({ db: trx, now: deps.now, config: deps.config }, { meetingIds: [id] }, { actor });
    const where = site ? `${site.name} (${organisation!.name})` : `${input.venueName}, ${postcode}`;
    // Section 6 step 6: on registration UKSR issues the programme's own Meeting Welcome Pack.
    await createTask(trx, {
      kind: 'meeting.welcome_pack',
      title: `Send the ${WELCOME_PACKS[input.programme]} for ${input.name} at ${where}`,
      subjectType: 'meeting',
      subjectId: id,
      inbox: 'updates',
    });
    await tellUpdates(trx, deps, 'registered', { id, name: input.name, programme: input.programme, where }, [
      `Welcome pack to send: ${WELCOME_PACKS[input.programme]}.`,
      `Meets: ${DAY_NAMES[input.day]} ${input.startTime}–${input.endTime}, ${input.frequency}, from ${formatLongDate(input.startsOn)}; ${input.access}; ${input.listedPublicly ? 'listed publicly' : 'not listed publicly'}.`,
    ]);
    await recordAudit(trx, actor, { action: 'meeting.registered', entityType: 'meeting', entityId: id, after: { ...values, slug, provider: input.provider, organisation_id: organisation?.id ?? null, facilitatorIds } });
    return id;
  });
  return view(deps, user, id);
}

// ---- Change ----------------------------------------------------------------------------------

/** The version an If-Match names: "3", W/"3" or 3. */
export function versionFromIfMatch(value: string | undefined): number | null {
  if (value === undefined) return null;
  if (value.trim() === '*') return null;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  if (!match) throw new AppError('validation_failed', 'Send If-Match with the version you edited.', [{ field: 'headers.if-match', message: 'Send the meeting\'s version, like "3"' }]);
  return Number(match[1]);
}

async function changeAccess(deps: AppDeps, user: CurrentUser, actor: Actor, id: string) {
  const seen = await visibleMeeting(deps, user, actor, id);
  if (!mayChange(user, seen.row, seen.me, seen.facilitators.map((f) => f.id))) {
    throw new AppError('forbidden', "Only the meeting's facilitators, their SMART Lead and Central Office change a meeting.");
  }
  return seen;
}

async function staleCheck(deps: AppDeps, user: CurrentUser, row: { id: string; version: number }, expected: number | null) {
  if (expected !== null && expected !== row.version) {
    throw new AppError('precondition_failed', 'Someone else has changed this meeting since you opened it. Check their changes, then make yours again.', {
      currentVersion: row.version,
      current: await view(deps, user, row.id),
    });
  }
}

/** Under the row lock: a change saved since the meeting was read wins, and this one is refused as stale. */
async function lockUnchanged(trx: DB, deps: AppDeps, user: CurrentUser, row: { id: string; version: number }) {
  const locked = await repo.lockMeeting(trx, row.id);
  if (locked && locked.version !== row.version) await staleCheck({ ...deps, db: trx }, user, locked, row.version);
}

const FIELD_COLUMNS = {
  name: 'name', programme: 'programme_code', siteId: 'site_id', venueName: 'venue_name', venueAddress: 'venue_address', venuePostcode: 'venue_postcode',
  attendance: 'attendance', onlineUrl: 'online_url', onlinePhone: 'online_phone', onlineNotes: 'online_notes', frequency: 'frequency', day: 'day',
  weekOfMonth: 'week_of_month', startTime: 'start_time', endTime: 'end_time', startsOn: 'starts_on', endsOn: 'ends_on', access: 'access',
  audiences: 'audiences', listedPublicly: 'listed_publicly', description: 'description',
} as const satisfies Partial<Record<keyof MeetingUpdate, keyof repo.MeetingValues>>;

export async function updateMeeting(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, ifMatch: string | undefined, input: MeetingUpdate): Promise<RegisteredMeeting> {
  const { row, facilitators } = await changeAccess(deps, user, actor, id);
  if (ifMatch === undefined || ifMatch.trim() === '') {
    // As every edit in Partner Hub (src/server/versions.ts): no If-Match is 428 precondition_required.
    throw new AppError('precondition_required', 'Send the version you are editing in an If-Match header (the ETag from when you read the meeting).', {
      currentVersion: row.version,
      current: await view(deps, user, row.id),
    });
  }
  const expected = versionFromIfMatch(ifMatch);
  await staleCheck(deps, user, row, expected);
  if (row.status === 'closed_down') throw new AppError('conflict', 'This meeting has been closed down; register a new one instead.');
  const today = londonDate(deps.now());

  if (row.provider === 'partner' && (input.venueName !== undefined || input.venuePostcode !== undefined || input.venueKind !== undefined)) {
    throw new AppError('validation_failed', "A partner's meeting is held at one of its sites.", [{ field: 'body.siteId', message: 'Choose a site instead of a venue' }]);
  }
  if (row.provider === 'uksr' && input.siteId !== undefined) {
    throw new AppError('validation_failed', 'A community peer-led meeting is held at a community venue.', [{ field: 'body.venueName', message: 'Give the venue instead of a site' }]);
  }

  // The meeting as it would be: the current values with the sent fields over them.
  const currentValues: Record<keyof typeof FIELD_COLUMNS, unknown> = {
    name: row.name, programme: row.programme_code, siteId: row.site_id, venueName: row.venue_name, venueAddress: row.venue_address, venuePostcode: row.venue_postcode,
    attendance: row.attendance, onlineUrl: row.online_url, onlinePhone: row.online_phone, onlineNotes: row.online_notes, frequency: row.frequency, day: row.day,
    weekOfMonth: row.week_of_month, startTime: row.start_time, endTime: row.end_time, startsOn: row.starts_on, endsOn: row.ends_on, access: row.access,
    audiences: row.audiences, listedPublicly: row.listed_publicly, description: row.description,
  };
  const merged = { ...currentValues } as Record<string, unknown>;
  for (const field of Object.keys(FIELD_COLUMNS) as (keyof typeof FIELD_COLUMNS)[]) {
    const value = input[field];
    if (value !== undefined) merged[field] = field === 'venuePostcode' && typeof value === 'string' ? formatPostcode(value) : value;
  }
  if (merged.frequency !== 'monthly') merged.weekOfMonth = null;
  if (merged.attendance === 'in_person') merged.onlineUrl = merged.onlinePhone = merged.onlineNotes = null;
  const pinSent = input.latitude !== undefined || input.longitude !== undefined;
  shapeOrRefuse({
    provider: row.provider, organisationId: row.organisation_id, siteId: merged.siteId as string | null, venueName: merged.venueName as string | null,
    venuePostcode: merged.venuePostcode as string | null, venueKind: row.provider === 'uksr' ? (input.venueKind ?? 'community-venue') : null,
    attendance: merged.attendance as string, onlineUrl: merged.onlineUrl as string | null, onlinePhone: merged.onlinePhone as string | null,
    frequency: merged.frequency as string, weekOfMonth: merged.weekOfMonth as number | null, startTime: merged.startTime as string, endTime: merged.endTime as string,
    startsOn: merged.startsOn as string, endsOn: merged.endsOn as string | null,
    ...(pinSent ? { latitude: input.latitude ?? null, longitude: input.longitude ?? null } : {}),
  });

  const changed = (Object.keys(FIELD_COLUMNS) as (keyof typeof FIELD_COLUMNS)[]).filter((f) => JSON.stringify(merged[f]) !== JSON.stringify(currentValues[f]));
  const currentFacilitatorIds = facilitators.map((f) => f.id);
  const facilitatorIds = input.facilitatorIds ? [...new Set(input.facilitatorIds)] : currentFacilitatorIds;
  const facilitatorsChanged = [...facilitatorIds].sort().join() !== [...currentFacilitatorIds].sort().join();

  let site: Site | null = null;
  let place = { nation: row.nation_code as NationCode, region: row.region_code };
  if (row.provider === 'partner') {
    site = (await repo.findSite(deps.db, merged.siteId as string)) ?? null;
    if (!site || site.organisation_id !== row.organisation_id) {
      throw new AppError('rule_broken', 'Choose a site of the organisation.', [{ field: 'siteId', code: 'not_organisation_site', message: "Choose one of the organisation's sites" }]);
    }
    place = { nation: site.nation_code as NationCode, region: site.region_code };
  } else if (changed.includes('venuePostcode') || input.venueNation) {
    place = venuePlace(merged.venuePostcode as string, input.venueNation);
  }

  const touches = (...fields: string[]) => fields.some((f) => changed.includes(f as keyof typeof FIELD_COLUMNS));
  const checks: Checks = {
    coverage: touches('siteId', 'programme', 'startsOn'),
    facilitatorIds: touches('siteId', 'programme', 'startsOn', 'venuePostcode') ? facilitatorIds : facilitatorIds.filter((f) => !currentFacilitatorIds.includes(f)),
    community: touches('access', 'venuePostcode', 'programme') || facilitatorsChanged || input.venueKind !== undefined,
  };
  const details = await ruleDetails(
    deps.db,
    {
      provider: row.provider, organisationId: row.organisation_id, site, nation: place.nation, venuePostcode: merged.venuePostcode as string | null,
      venueKind: row.provider === 'uksr' ? (input.venueKind ?? 'community-venue') : null, programme: merged.programme as ProgrammeCode,
      access: merged.access as 'open' | 'closed', listedPublicly: merged.listedPublicly as boolean, startsOn: merged.startsOn as string, facilitatorIds,
    },
    today,
    checks,
  );
  if (details.length) refuse(details);

  // The pin: a hand-set one stays unless moved or cleared; otherwise it follows the postcode.
  const postcode = site?.postcode ?? (merged.venuePostcode as string | null);
  const pinChanges = pinSent || ((touches('siteId', 'venuePostcode')) && !row.pin_set_by_hand);
  const pin = pinChanges ? await coordinates(deps, postcode, { latitude: input.latitude ?? null, longitude: input.longitude ?? null }) : null;

  const set: Partial<repo.MeetingValues> = {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const field of changed) {
    Object.assign(set, { [FIELD_COLUMNS[field]]: merged[field] });
    before[field] = currentValues[field];
    after[field] = merged[field];
  }
  if (place.nation !== row.nation_code || place.region !== row.region_code) Object.assign(set, { nation_code: place.nation, region_code: place.region });
  if (pin && (pin.latitude !== (row.latitude === null ? null : Number(row.latitude)) || pin.longitude !== (row.longitude === null ? null : Number(row.longitude)) || pin.pin_set_by_hand !== row.pin_set_by_hand)) {
    Object.assign(set, pin);
    before.pin = { latitude: row.latitude, longitude: row.longitude, setByHand: row.pin_set_by_hand };
    after.pin = { latitude: pin.latitude, longitude: pin.longitude, setByHand: pin.pin_set_by_hand };
  }
  if (facilitatorsChanged) {
    before.facilitatorIds = currentFacilitatorIds;
    after.facilitatorIds = facilitatorIds;
  }
  if (Object.keys(after).length === 0) return view(deps, user, row.id);

  await deps.db.transaction().execute(async (trx) => {
    await lockUnchanged(trx, deps, user, row);
    await repo.updateMeeting(trx, row.id, set, deps.now());
    if (facilitatorsChanged) await repo.replaceFacilitators(trx, row.id, facilitatorIds);
    await refreshListings({ db: trx, now: deps.now, config: deps.config }, { meetingIds: [row.id] }, { actor });
    const where = site ? `${site.name} (${row.organisation_name})` : `${String(merged.venueName)}, ${String(merged.venuePostcode)}`;
    await createTask(trx, { kind: 'meeting.changed', title: `Update the listing materials for ${String(merged.name)}: its details have changed`, subjectType: 'meeting', subjectId: row.id, inbox: 'updates' });
    await tellUpdates(trx, deps, 'changed', { id: row.id, name: String(merged.name), programme: merged.programme as ProgrammeCode, where }, [
      `Changed: ${Object.keys(after).join(', ')}.`,
    ]);
    await recordAudit(trx, actor, { action: 'meeting.changed', entityType: 'meeting', entityId: row.id, before, after });
  });
  return view(deps, user, row.id);
}

// ---- Close -----------------------------------------------------------------------------------

export async function closeMeeting(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, ifMatch: string | undefined, input: CloseMeeting): Promise<RegisteredMeeting> {
  const { row } = await changeAccess(deps, user, actor, id);
  const expected = versionFromIfMatch(ifMatch);
  await staleCheck(deps, user, row, expected);
  if (row.status === 'closed_down') throw new AppError('conflict', 'This meeting is already closed down.');
  const today = londonDate(deps.now());
  if (input.closedOn && input.closedOn < row.starts_on) {
    throw new AppError('validation_failed', 'The last meeting cannot be before the first.', [{ field: 'body.closedOn', message: `Enter a date on or after ${formatLongDate(row.starts_on)}` }]);
  }
  // The last meeting is the day given, or today; a meeting closed before it ever met keeps its dates (closed down is enough).
  const closedOn = input.closedOn ?? (today >= row.starts_on ? today : null);
  const endsOn = closedOn === null || (row.ends_on !== null && row.ends_on < closedOn) ? row.ends_on : closedOn;
  await deps.db.transaction().execute(async (trx) => {
    await lockUnchanged(trx, deps, user, row);
    await repo.updateMeeting(trx, row.id, { status: 'closed_down', ends_on: endsOn }, deps.now());
    await refreshListings({ db: trx, now: deps.now, config: deps.config }, { meetingIds: [row.id] }, { actor });
    const where = row.site_name ? `${row.site_name} (${row.organisation_name})` : `${row.venue_name}, ${row.venue_postcode}`;
    await createTask(trx, { kind: 'meeting.closed', title: `Take ${row.name} off UKSR's materials: it has closed`, subjectType: 'meeting', subjectId: row.id, inbox: 'updates' });
    await tellUpdates(trx, deps, 'closed', { id: row.id, name: row.name, programme: row.programme_code as ProgrammeCode, where }, [
      endsOn ? `Last meeting: ${formatLongDate(endsOn)}.` : 'It closed before its first meeting.',
      ...(input.reason ? [`Reason given: ${input.reason}`] : []),
    ]);
    await recordAudit(trx, actor, {
      action: 'meeting.closed',
      entityType: 'meeting',
      entityId: row.id,
      before: { status: row.status, endsOn: row.ends_on },
      after: { status: 'closed_down', endsOn, reason: input.reason ?? null },
    });
  });
  return view(deps, user, row.id);
}

// ---- Site exceptions ---------------------------------------------------------------------------

async function visibleSite(deps: AppDeps, user: CurrentUser, actor: Actor, siteId: string) {
  const site = UUID.test(siteId) ? await repo.findSite(deps.db, siteId) : undefined;
  const me = site && user.role === 'facilitator' ? await repo.facilitatorOfUser(deps.db, user.id) : undefined;
  const visible =
    site &&
    (user.role === 'facilitator'
      ? Boolean(me?.organisationIds.includes(site.organisation_id))
      : canSeeOrganisation(user, { id: site.organisation_id, region_code: site.organisation_region, sector_code: site.organisation_sector }));
  if (!site || !visible) {
    await recordAudit(deps.db, actor, { action: 'site.read_refused', entityType: 'site', entityId: siteId.slice(0, 64) });
    throw notFound('site');
  }
  return site;
}

function exceptionView(r: Awaited<ReturnType<typeof repo.listSiteExceptions>>[number]): SiteException {
  return {
    id: r.id,
    siteId: r.site_id,
    programme: r.programme_code as ProgrammeCode,
    programmeName: r.programme_name,
    from: r.from_date,
    to: r.to_date,
    agreedOn: r.agreed_on,
    reason: r.reason,
    recordedBy: r.recorded_by_name,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function listSiteExceptions(deps: AppDeps, user: CurrentUser, actor: Actor, siteId: string): Promise<{ items: SiteException[] }> {
  const site = await visibleSite(deps, user, actor, siteId);
  return { items: (await repo.listSiteExceptions(deps.db, site.id)).map(exceptionView) };
}

/**
 * Section 9: Central Office records an exception it has agreed, in advance, for a programme at a
 * site, with its dates. Meetings at the site are listed again from the day it applies.
 */
export async function recordSiteException(deps: AppDeps, user: CurrentUser, actor: Actor, siteId: string, input: NewSiteException): Promise<SiteException> {
  const site = await visibleSite(deps, user, actor, siteId);
  const today = londonDate(deps.now());
  if (input.agreedOn > today) {
    throw new AppError('validation_failed', 'Record an exception once it has been agreed.', [{ field: 'body.agreedOn', message: 'The day it was agreed cannot be in the future' }]);
  }
  const id = await deps.db.transaction().execute(async (trx) => {
    const { id } = await repo.insertSiteException(trx, { siteId: site.id, programme: input.programme, from: input.from, to: input.to, agreedOn: input.agreedOn, reason: input.reason, recordedBy: user.id });
    await recordAudit(trx, actor, { action: 'site_exception.recorded', entityType: 'site', entityId: site.id, after: { exceptionId: id, ...input } });
    await refreshListings({ db: trx, now: deps.now, config: deps.config }, { siteIds: [site.id] }, { actor });
    return id;
  });
  return exceptionView((await repo.listSiteExceptions(deps.db, site.id)).find((e) => e.id === id)!);
}

// ---- Meetings brought in from today's records ------------------------------------------------

/**
 * Every registration rule a meeting brought in from today's records breaks (record-imports,
 * decision 138), judged as registering it would be: the site's licence, closed meetings never
 * listed, the community rules and each facilitator's eligibility. `db` is the import's transaction.
 */
export async function registrationRuleDetails(
  db: DB,
  meeting: { provider: 'partner' | 'uksr'; organisationId: string | null; siteId: string | null; nation: NationCode; venuePostcode: string | null; venueKind: VenueType | null; programme: ProgrammeCode; access: 'open' | 'closed'; listedPublicly: boolean; startsOn: IsoDate; facilitatorIds: string[] },
  today: IsoDate,
): Promise<MeetingRuleDetail[]> {
  const site = meeting.siteId ? ((await repo.findSite(db, meeting.siteId)) ?? null) : null;
  const draft: Draft = { ...meeting, site };
  return ruleDetails(db, draft, today, { coverage: true, facilitatorIds: meeting.facilitatorIds, community: true });
}
