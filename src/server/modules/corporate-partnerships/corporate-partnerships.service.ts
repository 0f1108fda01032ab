import { partnershipInForce, type CorporatePartnershipTerms } from '../../../domain/corporate/agreed-price.js';
import { londonDate } from '../../../domain/iso-date.js';
import { AGREED_PRICE_ITEMS, type CorporatePartnershipRequest, type CorporatePartnershipResponse } from '../../../shared/schemas/corporate-partnerships.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { DB } from '../../db/database.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { assertIfMatch } from '../../versions.js';
import * as repo from './corporate-partnerships.repository.js';

type Row = NonNullable<Awaited<ReturnType<typeof repo.findByOrganisation>>>;

function view(row: Row, today: string): CorporatePartnershipResponse {
  const prices = repo.parsePrices(row.prices);
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    terms: row.terms,
    prices: AGREED_PRICE_ITEMS.filter((i) => prices[i.code] !== undefined).map((i) => ({ item: i.code, name: i.name, amountPence: prices[i.code]! })),
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    accountManager: { id: row.manager_id, name: row.manager_name, email: row.manager_email },
    inForce: partnershipInForce({ startsOn: row.starts_on, endsOn: row.ends_on }, today),
    version: row.version,
  };
}

export async function listPartnerships(deps: AppDeps) {
  const today = londonDate(deps.now());
  const [rows, corporateOrganisations, accountManagers] = await Promise.all([
    repo.listPartnerships(deps.db),
    repo.corporateOrganisations(deps.db),
    repo.centralOfficeUsers(deps.db),
  ]);
  return { partnerships: rows.map((r) => view(r, today)), corporateOrganisations, accountManagers };
}

export async function getPartnership(deps: AppDeps, organisationId: string) {
  const row = await repo.findByOrganisation(deps.db, organisationId);
  if (!row) throw notFound('corporate partnership');
  return view(row, londonDate(deps.now()));
}

/**
 * Central Office records, or replaces, the partnership of a corporate organisation (Section 10):
 * the terms, the prices agreed case by case, the dates and a named Central Office account manager.
 * Replacing one needs its version in If-Match (decision 101): 428 without, 412 with the current
 * partnership when it changed since it was read. Recording the first needs none.
 */
export async function recordPartnership(deps: AppDeps, actor: Actor & { userId: string }, organisationId: string, request: CorporatePartnershipRequest, ifMatch?: string) {
  const organisation = await repo.findOrganisation(deps.db, organisationId);
  if (!organisation) throw notFound('organisation');
  const existing = await repo.findByOrganisation(deps.db, organisationId);
  const seen = existing ? view(existing, londonDate(deps.now())) : null;
  if (seen) assertIfMatch(ifMatch, seen, seen);
  if (organisation.organisation_type !== 'corporate') {
    throw new AppError('rule_broken', 'Only a corporate organisation can have a corporate partnership (Section 10).', [
      { field: 'organisationId', message: 'This organisation is not of type corporate' },
    ]);
  }
  if (!(await repo.findActiveCentralOfficeUser(deps.db, request.accountManagerUserId))) {
    throw new AppError('validation_failed', 'The account manager must be an active member of Central Office.', [
      { field: 'accountManagerUserId', message: 'Choose a member of Central Office' },
    ]);
  }
  const prices = Object.fromEntries(request.prices.map((p) => [p.item, p.amountPence]));
  await deps.db.transaction().execute(async (trx) => {
    // The row changed (or was first recorded) after the check: answer 412 with it as it is now.
    if ((await repo.lockVersion(trx, organisationId)) !== (seen?.version ?? null)) {
      const now = await repo.findByOrganisation(trx, organisationId);
      throw new AppError('precondition_failed', 'Someone else has changed this record since you opened it. Check their changes, then save again.', {
        currentVersion: now?.version ?? null,
        current: now ? view(now, londonDate(deps.now())) : null,
      });
    }
    const before = await repo.findByOrganisation(trx, organisationId);
    await repo.upsertPartnership(trx, {
      organisationId,
      terms: request.terms,
      prices,
      startsOn: request.startsOn,
      endsOn: request.endsOn ?? null,
      accountManagerUserId: request.accountManagerUserId,
      recordedBy: actor.userId,
    });
    await recordAudit(trx, actor, {
      action: before ? 'corporate_partnership.changed' : 'corporate_partnership.recorded',
      entityType: 'organisation',
      entityId: organisationId,
      before: before ? { terms: before.terms, prices: repo.parsePrices(before.prices), startsOn: before.starts_on, endsOn: before.ends_on, accountManagerUserId: before.manager_id } : null,
      after: { terms: request.terms, prices, startsOn: request.startsOn, endsOn: request.endsOn ?? null, accountManagerUserId: request.accountManagerUserId },
    });
  });
  return getPartnership(deps, organisationId);
}

/** The organisation's partnership terms for pricing an invoice, or null (used by onboarding's additions). */
export async function partnershipTermsFor(db: DB, organisationId: string): Promise<CorporatePartnershipTerms | null> {
  return repo.partnershipTerms(db, organisationId);
}

/** The partnership terms of each of these organisations that has one, in one query (used by the renewal run). */
export async function partnershipTermsByOrganisation(db: DB, organisationIds: string[]): Promise<Map<string, CorporatePartnershipTerms>> {
  return repo.partnershipTermsOf(db, organisationIds);
}
