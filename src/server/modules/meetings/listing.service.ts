import type { SiteLicences } from '../../../domain/coverage/coverage.js';
import { formatLongDate, londonDate, type IsoDate } from '../../../domain/iso-date.js';
import { isPubliclyListed, type ListingReason } from '../../../domain/listing/public-listing.js';
import type { VenueType } from '../../../domain/listing/meeting.js';
import { listingChange } from '../../../domain/meetings/listing-change.js';
import { programmeName } from '../../../domain/names.js';
import type { NationCode, ProgrammeCode } from '../../../domain/reference.js';
import { recordAudits, type Actor, type AuditEntry } from '../../audit/audit.js';
import type { DB } from '../../db/database.js';
import { queueMails, type Mail } from '../../mail/outbox.js';
import { siteCoverageInputs } from '../licences/licences.repository.js';
import { eligibilityPeople, eligibilitySettings } from '../people/eligibility-person.js';
import { findInbox, regionCoordinator } from '../training/training.repository.js';
import * as repo from './meetings.repository.js';

/**
 * Listing freshness (docs/decisions/075): `publicly_visible` on each meeting is the listing rule's
 * answer (src/domain/listing isPubliclyListed), stored so every public page asks one indexed
 * column. Anything that changes what the rule reads (the meeting, its site's licences or
 * exceptions, its facilitators' qualifications, checks, Code of Conduct or volunteer status)
 * calls `refreshListings` in its own transaction; a daily run catches what only the date changes
 * (checks falling due, licences ending). A meeting taken off the listings by something outside its
 * own settings is news to its SMART Lead and the region's Coordinator, who are told by email (and
 * again when it returns), audited.
 */

export type ListingScope = repo.ListingScopeFilter;

/** A database (in the caller's transaction) and the clock, or a database and the day to judge on. */
export type ListingContext = { db: DB; now: () => Date; config?: { publicUrl: string } } | DB;

export interface ListingRefreshResult {
  checked: number;
  changed: number;
  takenOff: number;
  returned: number;
}

const REFRESH_ACTOR: Actor = { userId: null, label: 'listing refresh' };

function isDeps(ctx: ListingContext): ctx is { db: DB; now: () => Date; config?: { publicUrl: string } } {
  return typeof (ctx as { now?: unknown }).now === 'function';
}

function compact(postcode: string): string {
  return postcode.toUpperCase().replace(/\s+/g, '');
}

/** Reasons as stored and shown: the domain's, with only codes and messages underneath. */
function stored(reasons: ListingReason[]) {
  return reasons.map((r) => ({
    code: r.code,
    message: r.message,
    ...(r.facilitatorId ? { facilitatorId: r.facilitatorId } : {}),
    ...(r.because ? { because: r.because.map((b) => ({ code: b.code, message: b.message })) } : {}),
  }));
}

/** JSON with every object's keys sorted, so equal values give equal text whatever the key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The reasons without their wording: codes, the facilitator named, and the codes underneath. */
function reasonKeys(value: unknown): unknown {
  const strip = (r: unknown): unknown => {
    if (!r || typeof r !== 'object') return r;
    const { code, facilitatorId, because } = r as { code?: unknown; facilitatorId?: unknown; because?: unknown };
    return { code, facilitatorId: facilitatorId ?? null, because: Array.isArray(because) ? because.map(strip) : null };
  };
  return Array.isArray(value) ? value.map(strip) : value;
}

function storedCodes(value: unknown): string[] {
  return Array.isArray(value) ? value.flatMap((r) => (r && typeof r === 'object' && typeof (r as { code?: unknown }).code === 'string' ? [(r as { code: string }).code] : [])) : [];
}

/**
 * Recomputes whether each meeting in scope may be publicly listed today, stores the answer with
 * its reasons, and tells the SMART Lead and Coordinator of any meeting taken off (or returned) by
 * an outside cause. Call it in the transaction of the change that prompted it.
 */
export async function refreshListings(ctx: ListingContext, scope: ListingScope, options: { today?: IsoDate; actor?: Actor } = {}): Promise<ListingRefreshResult> {
  const db = isDeps(ctx) ? ctx.db : ctx;
  const today = options.today ?? (isDeps(ctx) ? londonDate(ctx.now()) : undefined);
  if (!today) throw new Error('refreshListings needs the day to judge on: pass deps with a clock, or options.today');
  const actor = options.actor ?? REFRESH_ACTOR;

  const meetings = await repo.meetingsForListing(db, scope);
  if (meetings.length === 0) return { checked: 0, changed: 0, takenOff: 0, returned: 0 };
  const links = await repo.meetingFacilitators(db, meetings.map((m) => m.id));
  const [people, settings, partnerSites] = await Promise.all([
    eligibilityPeople(db, links.map((l) => l.id)),
    eligibilitySettings(db),
    repo.partnerSitesAt(db, meetings.flatMap((m) => (m.provider === 'uksr' && m.venue_postcode ? [m.venue_postcode] : []))),
  ]);
  const partnerPostcodes = new Set(partnerSites.map((s) => compact(s.postcode)));
  const siteIds = [...new Set(meetings.flatMap((m) => (m.site_id ? [m.site_id] : [])))];
  // Every site's licences and exceptions in a few statements (decision 151), not three per site.
  const coverageBySite: Map<string, SiteLicences> = await siteCoverageInputs(db, siteIds);

  // Each meeting's facilitators, looked up by meeting: the daily refresh judges every meeting at once.
  const facilitatorsOf = new Map<string, string[]>();
  for (const l of links) facilitatorsOf.set(l.meeting_id, [...(facilitatorsOf.get(l.meeting_id) ?? []), l.id]);
  const checkedOnly: string[] = [];
  const reworded: { id: string; reasons: unknown }[] = [];
  const result: ListingRefreshResult = { checked: meetings.length, changed: 0, takenOff: 0, returned: 0 };
  const notices: { meeting: (typeof meetings)[number]; change: 'taken_off' | 'returned'; reasons: ListingReason[] }[] = [];
  const audits: AuditEntry[] = [];
  for (const m of meetings) {
    const venueType: VenueType =
      m.provider === 'partner' ? 'partner-organisation' : m.venue_postcode && partnerPostcodes.has(compact(m.venue_postcode)) ? 'partner-organisation' : 'community-venue';
    const listing = isPubliclyListed(
      {
        id: m.id,
        programme: m.programme_code as ProgrammeCode,
        provider: m.provider === 'partner' ? { kind: 'partner', organisationId: m.organisation_id! } : { kind: 'uksr' },
        access: m.access,
        listedPublicly: m.listed_publicly,
        status: m.status === 'closed_down' ? 'closed-down' : 'running',
        endsOn: m.ends_on,
        site: { nation: m.nation_code as NationCode, venueType },
        facilitators: (facilitatorsOf.get(m.id) ?? []).flatMap((id) => (people.has(id) ? [people.get(id)!] : [])),
      },
      {
        date: today,
        codeOfConductCurrentVersion: settings.codeOfConductCurrentVersion,
        safeguardingPolicy: settings.safeguardingPolicy,
        ...(m.site_id ? { siteLicences: coverageBySite.get(m.site_id)! } : {}),
      },
    );
    const reasons = stored(listing.reasons);
    const before = { visible: m.publicly_visible, reasonCodes: storedCodes(m.listing_reasons), checked: m.listing_checked_on !== null };
    const after = { visible: listing.listed, reasonCodes: reasons.map((r) => r.code), checked: true };
    // jsonb keeps object keys in its own order, so the stored and new reasons are compared key-sorted.
    // Reasons that name the day read differently each day without anything having changed: those
    // are reworded in bulk, and only a change of visibility or of the reasons themselves counts.
    const same = before.visible === after.visible && canonical(m.listing_reasons) === canonical(reasons);
    if (same) {
      if (m.listing_checked_on !== today) checkedOnly.push(m.id);
      continue;
    }
    if (before.visible === after.visible && canonical(reasonKeys(m.listing_reasons)) === canonical(reasonKeys(reasons))) {
      reworded.push({ id: m.id, reasons });
      continue;
    }
    await repo.saveListing(db, m.id, { visible: listing.listed, reasons, checkedOn: today });
    result.changed += 1;
    const change = listingChange(before, after);
    if (change) {
      notices.push({ meeting: m, change, reasons: listing.reasons });
      if (change === 'taken_off') result.takenOff += 1;
      else result.returned += 1;
    }
    if (before.visible !== after.visible) {
      audits.push({
        action: after.visible ? 'meeting.listed' : 'meeting.unlisted',
        entityType: 'meeting',
        entityId: m.id,
        before: { publiclyVisible: before.visible, reasons: before.reasonCodes },
        after: { publiclyVisible: after.visible, reasons: after.reasonCodes, on: today, ...(change ? { told: change } : {}) },
      });
    }
  }
  await repo.markListingsChecked(db, checkedOnly, today);
  await repo.rewordListings(db, reworded, today);
  if (audits.length) await recordAudits(db, actor, audits);
  if (notices.length) await queueMails(db, await noticeMails(db, notices, today, isDeps(ctx) ? ctx.config?.publicUrl : undefined));
  return result;
}

/** Who hears about a meeting's listing: the organisation's SMART Leads and the region's Coordinator, or the updates inbox where the post is vacant. */
async function noticeMails(
  db: DB,
  notices: { meeting: { id: string; name: string; programme_code: string; organisation_id: string | null; region_code: string; slug: string }; change: 'taken_off' | 'returned'; reasons: ListingReason[] }[],
  today: IsoDate,
  publicUrl: string | undefined,
): Promise<Mail[]> {
  const leads = await repo.smartLeadEmails(db, [...new Set(notices.flatMap((n) => (n.meeting.organisation_id ? [n.meeting.organisation_id] : [])))]);
  const coordinators = new Map<string, { name: string; email: string }>();
  for (const region of new Set(notices.map((n) => n.meeting.region_code))) {
    const coordinator = await regionCoordinator(db, region);
    coordinators.set(region, coordinator ?? { name: 'meeting updates team', email: (await findInbox(db, 'updates')).email });
  }
  return notices.flatMap(({ meeting, change, reasons }) => {
    const recipients = [...(meeting.organisation_id ? (leads.get(meeting.organisation_id) ?? []) : []), coordinators.get(meeting.region_code)!];
    const what = `${meeting.name} (${programmeName(meeting.programme_code as ProgrammeCode)})`;
    const subject = change === 'taken_off' ? `${meeting.name} has come off the public meeting listings` : `${meeting.name} is back on the public meeting listings`;
    const body =
      change === 'taken_off'
        ? [
            `From ${formatLongDate(today)} ${what} is no longer shown on the public meeting finder, because:`,
            '',
            ...reasons.flatMap((r) => [`- ${r.message}`, ...(r.because ?? []).map((b) => `  ${b.message}`)]),
            '',
            'It returns to the listings by itself as soon as this is put right. The meeting itself is still registered in Partner Hub.',
          ]
        : [
            `From ${formatLongDate(today)} ${what} is shown on the public meeting finder again.`,
            ...(publicUrl ? ['', `${publicUrl}/meetings/${meeting.slug}`] : []),
          ];
    const unique = [...new Map(recipients.map((r) => [r.email.toLowerCase(), r])).values()];
    return unique.map((to) => ({
      to: to.email,
      kind: change === 'taken_off' ? 'meeting_unlisted' : 'meeting_relisted',
      subject,
      text: [`Hello ${to.name},`, '', ...body, '', 'UK SMART Recovery'].join('\n'),
    }));
  });
}

/** The daily refresh of every meeting, for what only the date changes (checks falling due, licences ending). */
export async function runListingRefresh(deps: { db: DB; now: () => Date; config?: { publicUrl: string } }, today?: IsoDate): Promise<ListingRefreshResult> {
  return deps.db.transaction().execute((trx) => refreshListings({ ...deps, db: trx }, 'all', today ? { today } : {}));
}
