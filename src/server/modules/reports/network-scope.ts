import { type RawBuilder, sql } from 'kysely';
import { meetingScope, organisationScope, type OrganisationScope } from '../../auth/access.js';
import type { CurrentUser } from '../../auth/current-user.js';
import { REGIONS } from '../../../domain/reference.js';

/**
 * What part of the network a person's workspace and reports cover (decision 125). Partner
 * organisations and everything of theirs (sites, licences, facilitators, nominations, partner
 * meetings, visits, invoices) through `organisationScope`, the same rule as every list in the
 * portal; UKSR community meetings, which belong to no organisation, by the meeting's region or
 * programme (`meetingScope`). One rule for lists, counts, maps and CSV alike.
 */
export interface NetworkScope {
  organisations: OrganisationScope;
  /** UKSR meetings: their regions and programmes ('all' for Central Office). */
  uksrMeetings: { kind: 'all' } | { kind: 'some'; regions: string[]; programmes: string[] };
  label: string;
}

export function networkScope(user: CurrentUser): NetworkScope {
  const organisations = organisationScope(user);
  const meetings = meetingScope(user);
  const uksrMeetings: NetworkScope['uksrMeetings'] =
    meetings.kind === 'all' ? { kind: 'all' }
    : meetings.kind === 'regions' ? { kind: 'some', regions: meetings.regions, programmes: meetings.programmes }
    : { kind: 'some', regions: [], programmes: [] };
  const label =
    organisations.kind === 'all' ? 'the whole network'
    : [...user.regions.map((r) => REGIONS.find((x) => x.code === r)?.name ?? r), ...user.programmes.map((p) => `the ${p.replace(/-/g, ' ')} programme`)].join(' and ') || 'nothing yet';
  return { organisations, uksrMeetings, label };
}

const NONE = '00000000-0000-0000-0000-000000000000';
const anyOf = (parts: RawBuilder<boolean>[]): RawBuilder<boolean> => (parts.length ? sql<boolean>`(${sql.join(parts, sql` OR `)})` : sql<boolean>`false`);

/** WHERE: the organisation (alias `o`, or another) is in the scope. */
export function organisationVisible(scope: NetworkScope, alias = 'o'): RawBuilder<boolean> {
  const s = scope.organisations;
  if (s.kind === 'all') return sql<boolean>`true`;
  if (s.kind === 'organisation') return sql<boolean>`${sql.ref(`${alias}.id`)} = ${s.organisationId ?? NONE}`;
  const parts: RawBuilder<boolean>[] = [];
  if (s.regions.length) parts.push(sql<boolean>`${sql.ref(`${alias}.region_code`)} IN (${sql.join(s.regions)})`);
  if (s.sectors.length) parts.push(sql<boolean>`${sql.ref(`${alias}.sector_code`)} IN (${sql.join(s.sectors)})`);
  return anyOf(parts);
}

/** WHERE: a UKSR community meeting (no organisation) in the scope, by its region or programme. */
function uksrMeetingVisible(scope: NetworkScope, meeting: string): RawBuilder<boolean> {
  const u = scope.uksrMeetings;
  const parts: RawBuilder<boolean>[] = [];
  if (u.kind === 'all') parts.push(sql<boolean>`true`);
  else {
    if (u.regions.length) parts.push(sql<boolean>`${sql.ref(`${meeting}.region_code`)} IN (${sql.join(u.regions)})`);
    if (u.programmes.length) parts.push(sql<boolean>`${sql.ref(`${meeting}.programme_code`)} IN (${sql.join(u.programmes)})`);
  }
  return sql<boolean>`(${sql.ref(`${meeting}.organisation_id`)} IS NULL AND ${anyOf(parts)})`;
}

/**
 * WHERE: the meeting (alias `m`, left-joined to its organisation as `o`) is in the scope: a partner
 * meeting when its organisation is, a UKSR meeting by its region or programme.
 */
export function meetingVisible(scope: NetworkScope, meeting = 'm', organisation = 'o'): RawBuilder<boolean> {
  const partner = sql<boolean>`(${sql.ref(`${meeting}.organisation_id`)} IS NOT NULL AND ${organisationVisible(scope, organisation)})`;
  return sql<boolean>`(${partner} OR ${uksrMeetingVisible(scope, meeting)})`;
}

/**
 * WHERE: the meeting (alias `m`) is in the scope, as `meetingVisible`, with no join to its
 * organisation: the scope's organisations are read once into an array, so PostgreSQL finds a
 * Coordinator's meetings through the indexes on the meeting's organisation and region rather than
 * reading every meeting of the network (decision 161).
 */
export function meetingInScope(scope: NetworkScope, meeting = 'm'): RawBuilder<boolean> {
  const s = scope.organisations;
  if (s.kind === 'all' && scope.uksrMeetings.kind === 'all') return sql<boolean>`true`;
  const partner =
    s.kind === 'all'
      ? sql<boolean>`${sql.ref(`${meeting}.organisation_id`)} IS NOT NULL`
      : sql<boolean>`${sql.ref(`${meeting}.organisation_id`)} = ANY(ARRAY(SELECT scoped.id FROM organisations scoped WHERE ${organisationVisible(scope, 'scoped')}))`;
  return sql<boolean>`(${partner} OR ${uksrMeetingVisible(scope, meeting)})`;
}
