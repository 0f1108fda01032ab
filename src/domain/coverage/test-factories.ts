import type { SiteLicence } from './coverage.js';

// Test-only builders (Outline's factories style): sensible defaults, override only what a test is about.

/** The day most tests ask about. */
export const TODAY = '2026-11-24';

/** An active licence for the 2026/27 licence year, held on TODAY. */
export function buildLicence(overrides: Partial<SiteLicence> = {}): SiteLicence {
  return { licenceType: 'smart-recovery', startsOn: '2026-04-01', endsOn: '2027-03-31', status: 'active', ...overrides };
}
