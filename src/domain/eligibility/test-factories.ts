import type { Person } from './may-facilitate.js';

// Test-only builder: by default a fully eligible member of staff of PARTNER_ORG, in England.

export const PARTNER_ORG = 'org-shropshire-recovery';
export const CODE_OF_CONDUCT_VERSION = '2026.1';

/** A person who may facilitate SMART Recovery for PARTNER_ORG at an English site on TODAY. */
export function buildPerson(overrides: Partial<Person> = {}): Person {
  return {
    id: 'person-1',
    qualifications: [{ code: 'smart-facilitator', achievedOn: '2025-06-01' }],
    safeguardingChecks: [{ kind: 'dbs', issuedOn: '2025-01-15' }],
    codeOfConductVersionAccepted: CODE_OF_CONDUCT_VERSION,
    isVeteran: false,
    facilitatesFor: [{ organisationId: PARTNER_ORG, capacity: 'staff' }],
    uksrVolunteer: null,
    ...overrides,
  };
}

/** A UKSR volunteer facilitator, onboarded and active, with no partner role. */
export function buildVolunteer(overrides: Partial<Person> = {}): Person {
  return buildPerson({ id: 'volunteer-1', facilitatesFor: [], uksrVolunteer: { status: 'active' }, ...overrides });
}
