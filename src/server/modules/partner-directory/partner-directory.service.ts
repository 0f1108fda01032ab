import { directoryEntries, type DirectoryEntry } from '../../../domain/partner-directory/directory.js';
import { londonDate } from '../../../domain/iso-date.js';
import type { LicenceTypeCode, RegionCode } from '../../../domain/reference.js';
import type { DirectoryQuery } from '../../../shared/schemas/partner-directory.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { canSeeOrganisation } from '../../auth/access.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import * as repo from './partner-directory.repository.js';

/** The public partner directory today (Section 10: "Your organisation listed on the UKSR website"). */
export async function directory(deps: AppDeps, query: DirectoryQuery): Promise<DirectoryEntry[]> {
  const rows = await repo.listedOrganisations(deps.db);
  return directoryEntries(
    rows.map((o) => ({
      id: o.id,
      name: o.name,
      regionCode: o.region_code as RegionCode,
      agreedToBeListed: true,
      licences: o.licences.map((l) => ({ licenceType: l.licence_type as LicenceTypeCode, startsOn: l.starts_on, endsOn: l.ends_on, status: l.status })),
    })),
    londonDate(deps.now()),
    { region: query.region as RegionCode | undefined, licenceType: query.programme as LicenceTypeCode | undefined },
  );
}

/**
 * The organisation whose listing a person may see or change: Central Office any, a SMART Lead only
 * their own. Anything else is "not found", and the refusal is audited.
 */
async function organisationFor(deps: AppDeps, user: CurrentUser, actor: Actor, id: string) {
  const organisation = await repo.findOrganisation(deps.db, id);
  const allowed = organisation && (user.role === 'central_office' || (user.role === 'smart_lead' && canSeeOrganisation(user, organisation)));
  if (!allowed) {
    await recordAudit(deps.db, actor, { action: 'organisation.read_refused', entityType: 'organisation', entityId: id });
    throw notFound('organisation');
  }
  return organisation;
}

export async function getListing(deps: AppDeps, user: CurrentUser, actor: Actor, id: string) {
  const organisation = await organisationFor(deps, user, actor, id);
  return { organisationId: organisation.id, listed: organisation.listed_in_directory };
}

/** Records whether the organisation agreed to be listed; audited with before and after. */
export async function setListing(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, listed: boolean) {
  const organisation = await organisationFor(deps, user, actor, id);
  await deps.db.transaction().execute(async (trx) => {
    await repo.setListed(trx, id, listed);
    await recordAudit(trx, actor, {
      action: 'organisation.directory_listing_changed',
      entityType: 'organisation',
      entityId: id,
      before: { listedInDirectory: organisation.listed_in_directory },
      after: { listedInDirectory: listed },
    });
  });
  return { organisationId: id, listed };
}
