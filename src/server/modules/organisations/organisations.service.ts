import { recordAudit, type Actor } from '../../audit/audit.js';
import { canSeeOrganisation, organisationScope } from '../../auth/access.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import * as repo from './organisations.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The organisations this person may see. */
export function listOrganisations(deps: AppDeps, user: CurrentUser, page: { limit: number; offset: number }) {
  return repo.listOrganisations(deps.db, organisationScope(user), page);
}

/**
 * One organisation with its sites. Another organisation's or region's record answers exactly as
 * a missing one does, and the refused attempt is recorded in the audit trail.
 */
export async function getOrganisation(deps: AppDeps, user: CurrentUser, actor: Actor, id: string) {
  const organisation = UUID.test(id) ? await repo.findOrganisation(deps.db, id) : undefined;
  if (!organisation || !canSeeOrganisation(user, organisation)) {
    await recordAudit(deps.db, actor, { action: 'organisation.read_refused', entityType: 'organisation', entityId: id.slice(0, 64) });
    throw notFound('organisation');
  }
  const sites = await repo.listSites(deps.db, organisation.id);
  return { ...organisation, sites };
}
