import type { CurrentUser } from './current-user.js';

/**
 * Which records a person may see. One place decides; repositories turn the scope into a WHERE
 * clause and services call `canSeeOrganisation` for single records.
 */
export type OrganisationScope =
  | { kind: 'all' }
  | { kind: 'regions'; regions: string[]; sectors: string[] }
  | { kind: 'organisation'; organisationId: string | null };

// Until licences are recorded, a programme lead's organisations are those in the sector that
// programme serves. docs/decisions/006-access-scopes.md.
const PROGRAMME_SECTORS: Record<string, string[]> = {
  veterans: ['veterans-service'],
  'criminal-justice': ['prison'],
};

export function organisationScope(user: CurrentUser): OrganisationScope {
  switch (user.role) {
    case 'central_office':
      return { kind: 'all' };
    case 'coordinator':
      return {
        kind: 'regions',
        regions: user.regions,
        sectors: user.programmes.flatMap((p) => PROGRAMME_SECTORS[p] ?? []),
      };
    case 'smart_lead':
    case 'facilitator':
      return { kind: 'organisation', organisationId: user.organisationId };
  }
}

export function canSeeOrganisation(user: CurrentUser, org: { id: string; region_code: string; sector_code: string }): boolean {
  const scope = organisationScope(user);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'regions':
      return scope.regions.includes(org.region_code) || scope.sectors.includes(org.sector_code);
    case 'organisation':
      return scope.organisationId === org.id;
  }
}

/**
 * Which meetings a person oversees (surveys, completion rates): Central Office all; a Coordinator
 * the meetings in their regions, and a programme lead their programme's meetings wherever they are
 * (and those of organisations in the sector their programme serves); a SMART Lead their
 * organisation's meetings. docs/decisions/091-survey-completion-access.md.
 */
export type MeetingScope =
  | { kind: 'all' }
  | { kind: 'regions'; regions: string[]; programmes: string[]; sectors: string[] }
  | { kind: 'organisation'; organisationId: string | null };

// A programme post's meetings: the criminal justice lead's programme is delivered as SMART InsideOut.
const POST_MEETING_PROGRAMMES: Record<string, string[]> = {
  veterans: ['veterans'],
  'criminal-justice': ['insideout'],
};

export function meetingScope(user: CurrentUser): MeetingScope {
  const scope = organisationScope(user);
  if (scope.kind !== 'regions') return scope;
  return { ...scope, programmes: user.programmes.flatMap((p) => POST_MEETING_PROGRAMMES[p] ?? []) };
}

export function canOverseeMeeting(
  user: CurrentUser,
  meeting: { region_code: string; programme_code: string; organisation_id: string | null; sector_code: string | null },
): boolean {
  const scope = meetingScope(user);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'regions':
      return (
        scope.regions.includes(meeting.region_code) ||
        scope.programmes.includes(meeting.programme_code) ||
        (meeting.sector_code !== null && scope.sectors.includes(meeting.sector_code))
      );
    case 'organisation':
      return meeting.organisation_id !== null && scope.organisationId === meeting.organisation_id;
  }
}
