import type { Role } from '../../shared/roles.js';

/** The signed-in person, with the scope their role gives them. */
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  /** Coordinators: the regions of their posts. */
  regions: string[];
  /** Programme leads: the programmes of their posts. */
  programmes: string[];
}

export interface CurrentSession {
  idHash: string;
  csrfToken: string;
  twoFactorPending: boolean;
}
