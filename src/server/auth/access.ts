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
