import { directoryEntries, type DirectoryEntry } from '../../../domain/partner-directory/directory.js';
import { londonDate } from '../../../domain/iso-date.js';
import type { LicenceTypeCode, RegionCode } from '../../../domain/reference.js';
import type { DirectoryQuery } from '../../../shared/schemas/partner-directory.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import { canSeeOrganisation } from '../../auth/access.js';
import type { CurrentUser } from '../../auth/current-user.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { assertIfMatch } from '../../versions.js';
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

const listingView = (o: { id: string; listed_in_directory: boolean; directory_listing_version: number }) => ({
  organisationId: o.id,
  listed: o.listed_in_directory,
  version: o.directory_listing_version,
});

export async function getListing(deps: AppDeps, user: CurrentUser, actor: Actor, id: string) {
  return listingView(await organisationFor(deps, user, actor, id));
}

/**
 * Records whether the organisation agreed to be listed; audited with before and after. The edit
 * must carry the version it was read at in If-Match (decision 101): 428 without, 412 with the
 * current state when someone else changed it first.
 */
export async function setListing(deps: AppDeps, user: CurrentUser, actor: Actor, id: string, listed: boolean, ifMatch: string | undefined) {
  const organisation = await organisationFor(deps, user, actor, id);
  const seen = listingView(organisation);
  assertIfMatch(ifMatch, seen, seen);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.setListed(trx, id, listed, seen.version))) {
      const now = listingView((await repo.findOrganisation(trx, id))!);
      throw new AppError('precondition_failed', 'Someone else has changed this record since you opened it. Check their changes, then save again.', { currentVersion: now.version, current: now });
    }
    await recordAudit(trx, actor, {
      action: 'organisation.directory_listing_changed',
      entityType: 'organisation',
      entityId: id,
      before: { listedInDirectory: organisation.listed_in_directory },
      after: { listedInDirectory: listed },
    });
  });
  return { organisationId: id, listed, version: seen.version + 1 };
}
