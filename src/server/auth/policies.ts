import type { Role } from '../../shared/roles.js';

/**
 * Route policies: every route names one in `config.policy`, and the app refuses to start with a
 * route that names none. Record-level rules (which organisation, which region) live in access.ts.
 */
export const POLICIES = {
  /** Anyone, signed in or not. */
  public: 'anyone',
  /** Any signed-in person. */
  signedIn: ['central_office', 'coordinator', 'smart_lead', 'facilitator'],
  /** Central Office staff only. */
  centralOffice: ['central_office'],
  /** Central Office and Community Coordinators. */
  staff: ['central_office', 'coordinator'],
  /** SMART Leads (and Central Office, who can act for any organisation). */
  smartLead: ['central_office', 'smart_lead'],
  /** Who registers and changes meetings: facilitators, SMART Leads and Central Office (Coordinators only see them). */
  registersMeetings: ['central_office', 'smart_lead', 'facilitator'],
  /** Only while a password has been accepted and the second factor is awaited. */
  twoFactorPending: 'two-factor-pending',
} as const satisfies Record<string, 'anyone' | 'two-factor-pending' | readonly Role[]>;

export type Policy = keyof typeof POLICIES;

export function roleAllowed(policy: Policy, role: Role): boolean {
  const rule = POLICIES[policy];
  return typeof rule !== 'string' && (rule as readonly Role[]).includes(role);
}
