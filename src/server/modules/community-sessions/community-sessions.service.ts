import { COMMUNITY_SESSION_KINDS, londonDateAndTime, londonInstant } from '../../../domain/community-sessions/sessions.js';
import { formatLongDate } from '../../../domain/iso-date.js';
import { REGIONS } from '../../../domain/reference.js';
import type { CommunitySessionResponse, NewCommunitySession } from '../../../shared/schemas/community-sessions.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { type Mail, queueMails } from '../../mail/outbox.js';
import { getFacilitator } from '../people/people.service.js';
import * as repo from './community-sessions.repository.js';
import { sessionCalendar } from './session-calendar.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The outbox attachment kind main.ts draws the calendar file with. */
export const SESSION_CALENDAR_ATTACHMENT = 'community-session-ics';

type SessionRow = NonNullable<Awaited<ReturnType<typeof repo.findSession>>>;

/**
 * Who may see and run which sessions (docs/decisions/123): Central Office all; a Coordinator sees
 * national sessions and their regions' and runs their regions'; a programme lead, with no region,
 * sees national sessions. Only Central Office runs national sessions.
 */
function seesAll(user: CurrentUser): boolean {
  return user.role === 'central_office';
}
function canSee(user: CurrentUser, regionCode: string | null): boolean {
  return seesAll(user) || regionCode === null || user.regions.includes(regionCode);
}
function canManage(user: CurrentUser, regionCode: string | null): boolean {
  return seesAll(user) || (regionCode !== null && user.regions.includes(regionCode));
}

function whenText(startsAt: Date): string {
  const [date, time] = londonDateAndTime(startsAt);
  return `${formatLongDate(date)} at ${time} (UK time)`;
}

function summary(row: SessionRow) {
  return {
    id: row.id,
    kind: row.kind,
    kindName: COMMUNITY_SESSION_KINDS[row.kind].name,
    title: row.title,
    startsAt: new Date(row.starts_at).toISOString(),
    durationMinutes: row.duration_minutes,
    joiningUrl: row.joining_url,
    audience: row.region_code ? { code: row.region_code, name: row.region_name ?? row.region_code } : { code: 'national', name: 'National: every facilitator' },
    invitationsSentAt: row.invitations_sent_at ? new Date(row.invitations_sent_at).toISOString() : null,
    attended: Number(row.attended ?? 0),
  };
}

async function visibleSession(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, need: 'see' | 'manage'): Promise<SessionRow> {
  const session = UUID.test(id) ? await repo.findSession(deps.db, id) : undefined;
  if (!session || !canSee(user, session.region_code)) {
    await recordAudit(deps.db, actor, { action: 'community_session.read_refused', entityType: 'community_session', entityId: id.slice(0, 64) });
    throw notFound('session');
  }
  if (need === 'manage' && !canManage(user, session.region_code)) {
    throw new AppError('forbidden', 'Central Office runs national sessions; Coordinators run their own regions’ sessions.');
  }
  return session;
}

/**
 * Schedules a monthly Facilitator Community Group or quarterly Tool Time session online, for a
 * region's facilitators or nationally (Section 6, ongoing support). The time is UK time.
 */
export async function scheduleSession(deps: AppDeps, user: CurrentUser, actor: Actor, input: NewCommunitySession): Promise<CommunitySessionResponse> {
  const regionCode = input.audience === 'national' ? null : input.audience;
  if (!canManage(user, regionCode)) {
    throw new AppError('validation_failed', 'Choose one of your regions.', [{ field: 'audience', message: regionCode === null ? 'Central Office runs national sessions: choose one of your regions' : 'Choose one of your regions' }]);
  }
  const startsAt = londonInstant(input.date, input.time);
  if (!startsAt) throw new AppError('validation_failed', 'The clocks go forward then: choose another time.', [{ field: 'time', message: 'The clocks go forward at that time: choose another time' }]);
  const kind = COMMUNITY_SESSION_KINDS[input.kind];
  const title = input.title ?? `${kind.name}${regionCode ? `: ${REGIONS.find((r) => r.code === regionCode)?.name ?? regionCode}` : ''}`;
  const { id } = await deps.db.transaction().execute(async (trx) => {
    const created = await repo.insertSession(trx, {
      kind: input.kind,
      title,
      startsAt,
      durationMinutes: input.durationMinutes,
      joiningUrl: input.joiningUrl,
      regionCode,
      description: input.description ?? null,
      createdBy: user.id,
    });
    await recordAudit(trx, actor, { action: 'community_session.scheduled', entityType: 'community_session', entityId: created.id, after: { ...input, title, startsAt: startsAt.toISOString() } });
    return created;
  });
  return getSession(deps, user, actor, id);
}

/** The sessions the person may see: upcoming ones soonest first, or past ones latest first. */
export async function listSessions(deps: AppDeps, user: CurrentUser, query: { when: 'upcoming' | 'past' | 'all'; limit: number; offset: number }) {
  const { rows, total } = await repo.listSessions(deps.db, { regions: seesAll(user) ? null : user.regions }, { ...query, now: deps.now() });
  return { items: rows.map(summary), total };
}

/** One session with everyone it is for, who was invited and who attended. */
export async function getSession(deps: AppDeps, user: CurrentUser, actor: Actor, id: string): Promise<CommunitySessionResponse> {
  const session = await visibleSession(deps, user, actor, id, 'see');
  const [people, invited, attended] = await Promise.all([repo.audience(deps.db, session.region_code), repo.invitedIds(deps.db, session.id), repo.attendedIds(deps.db, session.id)]);
  const invitedSet = new Set(invited.map((i) => i.facilitator_id));
  const attendedSet = new Set(attended.map((a) => a.facilitator_id));
  // Someone who attended but has since left the audience (moved region, left an organisation) still shows.
  const missing = [...new Set([...invitedSet, ...attendedSet])].filter((fid) => !people.some((p) => p.id === fid));
  const others = missing.length ? await deps.db.selectFrom('facilitators').select(['id', 'name', 'email']).where('id', 'in', missing).execute() : [];
  return {
    ...summary(session),
    description: session.description,
    facilitators: [
      ...people.map((p) => ({ id: p.id, name: p.name, email: p.email, where: p.organisations ?? (p.volunteer_status ? 'UKSR volunteer' : ''), invited: invitedSet.has(p.id), attended: attendedSet.has(p.id) })),
      ...others.map((p) => ({ id: p.id, name: p.name, email: p.email, where: 'No longer in this session’s audience', invited: invitedSet.has(p.id), attended: attendedSet.has(p.id) })),
    ],
    canManage: canManage(user, session.region_code),
  };
}

/**
 * Emails each facilitator the session is for an invitation with the joining link and a calendar
 * file (.ics). Each facilitator is invited once: sending again invites only those who have joined
 * the audience since.
 */
export async function sendInvitations(deps: AppDeps, user: CurrentUser, actor: Actor, id: string): Promise<{ invited: number; alreadyInvited: number }> {
  const session = await visibleSession(deps, user, actor, id, 'manage');
  if (new Date(session.starts_at) <= deps.now()) throw new AppError('rule_broken', 'This session has already started: invitations are sent before it.');
  const people = await repo.audience(deps.db, session.region_code);
  return deps.db.transaction().execute(async (trx) => {
    await repo.lockSession(trx, session.id);
    const fresh = await repo.insertInvitations(trx, session.id, people.map((p) => ({ id: p.id, email: p.email })));
    const names = new Map(people.map((p) => [p.id, p.name]));
    const when = whenText(new Date(session.starts_at));
    const filename = `${session.kind === 'tool_time' ? 'tool-time' : 'facilitator-community-group'}.ics`;
    const mails: Mail[] = fresh.map((invitation) => ({
      to: invitation.email,
      kind: 'community_session_invitation',
      subject: `Invitation: ${session.title}, ${when}`,
      text: [
        `Hello ${names.get(invitation.facilitator_id) ?? ''},`.replace(' ,', ','),
        '',
        `You are invited to ${session.title}, online, on ${when} for ${session.duration_minutes} minutes.`,
        session.kind === 'tool_time'
          ? 'Tool Time sessions are for honing your skills at delivering SMART tools in meetings.'
          : 'Facilitator Community Groups are where facilitators get guidance and support from our staff team and each other about delivering SMART meetings and any challenges.',
        ...(session.description ? ['', session.description] : []),
        '',
        `Join here: ${session.joining_url}`,
        '',
        'The calendar file attached adds the session to your calendar.',
        '',
        'UK SMART Recovery',
      ].join('\n'),
      attachments: [{ kind: SESSION_CALENDAR_ATTACHMENT, id: session.id, filename }],
    }));
    await queueMails(trx, mails);
    if (fresh.length > 0) {
      await repo.markInvitationsSent(trx, session.id, deps.now());
      await recordAudit(trx, actor, { action: 'community_session.invited', entityType: 'community_session', entityId: session.id, after: { invited: fresh.map((f) => f.facilitator_id) } });
    }
    return { invited: fresh.length, alreadyInvited: people.length - fresh.length };
  });
}

/** Records who attended (the whole list, replacing what was there), once the session has started. */
export async function recordAttendance(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, facilitatorIds: string[]): Promise<CommunitySessionResponse> {
  const session = await visibleSession(deps, user, actor, id, 'manage');
  if (new Date(session.starts_at) > deps.now()) throw new AppError('rule_broken', 'Attendance is recorded once the session has started.');
  const wanted = [...new Set(facilitatorIds)];
  const [people, invited, before] = await Promise.all([repo.audience(deps.db, session.region_code), repo.invitedIds(deps.db, session.id), repo.attendedIds(deps.db, session.id)]);
  const allowed = new Set([...people.map((p) => p.id), ...invited.map((i) => i.facilitator_id), ...before.map((b) => b.facilitator_id)]);
  const strangers = wanted.filter((fid) => !allowed.has(fid));
  if (strangers.length > 0) {
    throw new AppError('validation_failed', 'Choose facilitators this session is for.', [{ field: 'facilitatorIds', message: 'Choose facilitators from the list' }]);
  }
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockSession(trx, session.id);
    await repo.replaceAttendance(trx, session.id, wanted, user.id);
    await recordAudit(trx, actor, {
      action: 'community_session.attendance_recorded',
      entityType: 'community_session',
      entityId: session.id,
      before: { attended: before.map((b) => b.facilitator_id).sort() },
      after: { attended: [...wanted].sort() },
    });
  });
  return getSession(deps, user, actor, session.id);
}

/** The sessions on a facilitator's record: those they were invited to and whether they attended. Access as for the record itself. */
export async function facilitatorSessions(deps: AppDeps, user: CurrentUser, actor: Actor, facilitatorId: string) {
  await getFacilitator(deps, user, actor, facilitatorId);
  const rows = await repo.sessionsOfFacilitator(deps.db, facilitatorId);
  return {
    items: rows.map((r) => ({ id: r.id, kindName: COMMUNITY_SESSION_KINDS[r.kind].name, title: r.title, startsAt: new Date(r.starts_at).toISOString(), attended: Boolean(r.attended) })),
  };
}

/** The calendar file of a session, drawn by the outbox worker when the invitation is sent. */
export async function sessionCalendarFile(deps: AppDeps, id: string): Promise<Buffer> {
  const session = await repo.findSession(deps.db, id);
  if (!session) throw notFound('session');
  const host = new URL(deps.config.publicUrl).hostname;
  return Buffer.from(
    sessionCalendar({
      uid: `community-session-${session.id}@${host}`,
      title: session.title,
      startsAt: new Date(session.starts_at),
      durationMinutes: session.duration_minutes,
      joiningUrl: session.joining_url,
      description: session.description ?? `${COMMUNITY_SESSION_KINDS[session.kind].name} for SMART Recovery facilitators, online.`,
      createdAt: new Date(session.created_at),
    }),
    'utf8',
  );
}
