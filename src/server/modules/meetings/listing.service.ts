import type { SiteLicences } from '../../../domain/coverage/coverage.js';
import { formatLongDate, londonDate, type IsoDate } from '../../../domain/iso-date.js';
import { isPubliclyListed, type ListingReason } from '../../../domain/listing/public-listing.js';
import type { VenueType } from '../../../domain/listing/meeting.js';
import { listingChange } from '../../../domain/meetings/listing-change.js';
import { programmeName } from '../../../domain/names.js';
import type { NationCode, ProgrammeCode } from '../../../domain/reference.js';
import { recordAudit, recordAudits, type Actor, type AuditEntry } from '../../audit/audit.js';
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
 * (checks falling due, licences ending), in batches of meetings each in its own short transaction
 * (docs/decisions/168). A meeting taken off the listings by something outside its
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
 *
 * `markUnchanged: false` (the daily check) leaves a meeting whose listing has not changed as it is.
 * `judgeOnly` reads without locking and writes nothing: it answers which meetings' stored listing
 * differs from the rule's (`toWrite`), for the daily check to lock and refresh those alone.
 */
export async function refreshListings(
  ctx: ListingContext,
  scope: ListingScope,
  options: { today?: IsoDate; actor?: Actor; markUnchanged?: boolean; judgeOnly?: boolean } = {},
): Promise<ListingRefreshResult & { toWrite: string[] }> {
  const db = isDeps(ctx) ? ctx.db : ctx;
  const today = options.today ?? (isDeps(ctx) ? londonDate(ctx.now()) : undefined);
  if (!today) throw new Error('refreshListings needs the day to judge on: pass deps with a clock, or options.today');
  const actor = options.actor ?? REFRESH_ACTOR;

  const meetings = await repo.meetingsForListing(db, scope, { lock: !options.judgeOnly });
  if (meetings.length === 0) return { checked: 0, changed: 0, takenOff: 0, returned: 0, toWrite: [] };
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
  const saved: { id: string; visible: boolean; reasons: unknown }[] = [];
  const result: ListingRefreshResult & { toWrite: string[] } = { checked: meetings.length, changed: 0, takenOff: 0, returned: 0, toWrite: [] };
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
      // The daily check leaves a meeting whose listing has not changed untouched (markUnchanged
      // false), unless the rule has never looked at it: the day it ran is recorded once for all of
      // them (lastDailyListingCheck), so it writes only the meetings whose listing changed.
      if (m.listing_checked_on !== today && ((options.markUnchanged ?? true) || m.listing_checked_on === null)) checkedOnly.push(m.id);
      continue;
    }
    if (before.visible === after.visible && canonical(reasonKeys(m.listing_reasons)) === canonical(reasonKeys(reasons))) {
      reworded.push({ id: m.id, reasons });
      continue;
    }
    saved.push({ id: m.id, visible: listing.listed, reasons });
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
  if (options.judgeOnly) {
    result.toWrite = [...checkedOnly, ...reworded.map((r) => r.id), ...saved.map((r) => r.id)];
    return result;
  }
  await repo.markListingsChecked(db, checkedOnly, today);
  await repo.saveListings(db, saved, today);
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

/** At most this many meetings are locked and written in one transaction of the daily check (docs/decisions/168). */
export const DAILY_CHECK_BATCH = 2000;
/** Meetings judged at a time by the daily check, without locks: few statements, bounded memory. */
export const DAILY_CHECK_JUDGED = 10_000;

const DAILY_CHECK_ENTITY = { entityType: 'meeting_listings', entityId: 'daily_check' } as const;

/**
 * The daily check of every meeting, for what only the date changes (checks falling due, licences
 * ending or starting) (docs/decisions/168). It judges the meetings ten thousand at a time (an
 * organisation's together) without locking anything; only the meetings whose stored listing
 * differs from the rule's are then locked, judged again on what is committed by then, and written,
 * at most 2,000 to a short transaction, each of which raises the listing revision for the feeds
 * and search. Anything that changes a meeting, licence or person refreshes the meetings it affects
 * in its own transaction, so a meeting judged just before such a change is put right by the change
 * itself, and one judged after sees it: nothing stays listed that should not be. A meeting
 * registered during the run was judged when it was registered. A complete check is recorded in the
 * audit trail, and is the "last checked" day of every meeting it found unchanged.
 */
export async function runListingRefresh(
  deps: { db: DB; now: () => Date; config?: { publicUrl: string } },
  today?: IsoDate,
  options: { actor?: Actor; batchSize?: number; judgedAtATime?: number } = {},
): Promise<ListingRefreshResult> {
  const day = today ?? londonDate(deps.now());
  const size = options.batchSize ?? DAILY_CHECK_BATCH;
  const judgedAtATime = options.judgedAtATime ?? DAILY_CHECK_JUDGED;
  const actor = options.actor ?? REFRESH_ACTOR;
  const total: ListingRefreshResult = { checked: 0, changed: 0, takenOff: 0, returned: 0 };
  const ids = await repo.meetingIdsByOrganisation(deps.db);
  let batches = 0;
  let written = 0;
  for (let i = 0; i < ids.length; i += judgedAtATime) {
    const judged = await refreshListings({ ...deps }, { meetingIds: ids.slice(i, i + judgedAtATime) }, { today: day, actor, markUnchanged: false, judgeOnly: true });
    total.checked += judged.checked;
    for (let j = 0; j < judged.toWrite.length; j += size) {
      const batch = judged.toWrite.slice(j, j + size);
      const result = await deps.db.transaction().execute((trx) => refreshListings({ ...deps, db: trx }, { meetingIds: batch }, { today: day, actor, markUnchanged: false }));
      batches += 1;
      written += batch.length;
      total.changed += result.changed;
      total.takenOff += result.takenOff;
      total.returned += result.returned;
    }
  }
  await recordAudit(deps.db, actor, { action: 'meeting_listings.checked', ...DAILY_CHECK_ENTITY, after: { on: day, batches, written, ...total } });
  return total;
}

/** The day of the last complete daily check, or null if none has run. */
export async function lastDailyListingCheck(db: DB): Promise<IsoDate | null> {
  return repo.lastAuditedDay(db, DAILY_CHECK_ENTITY.entityType, DAILY_CHECK_ENTITY.entityId);
}
