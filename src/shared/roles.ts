/** The kinds of account Partner Hub has. The anonymous public has no account. */
export const ROLES = ['central_office', 'coordinator', 'smart_lead', 'facilitator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  central_office: 'Central Office',
  coordinator: 'Community Coordinator',
  smart_lead: 'SMART Lead',
  facilitator: 'Facilitator',
};

/** Roles whose sign-in always needs a second factor (TOTP). */
export const ROLES_NEEDING_TWO_FACTOR: readonly Role[] = ['central_office', 'coordinator'];
