import type { FeeSchedule } from '../../../domain/fees/fee-schedule.js';
import { isPriceOnRequest, priceQuote, type QuoteSiteRequest } from '../../../domain/fees/quote.js';
import { londonDate } from '../../../domain/iso-date.js';
import { regionOfPostcode } from '../../../domain/region-of-postcode.js';
import type { LicenceTypeCode, NationCode, OrganisationType } from '../../../domain/reference.js';
import type { AdditionRequest } from '../../../shared/schemas/additions.js';
import { type Actor, recordAudit } from '../../audit/audit.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { scheduleInForce } from '../fees/fee-schedule.service.js';
import { issueInvoiceIn } from '../invoices/invoices.service.js';
import { partnershipTermsFor } from '../corporate-partnerships/corporate-partnerships.service.js';
import { withAgreedPrices } from '../../../domain/corporate/agreed-price.js';

/**
 * Prices adding programmes or sites to an existing partnership with the same rules as a new one
 * (Section 9): every site the organisation already licenses is in the request with what it holds,
 * so SMART Recovery held at a site earns the reduced fee there and a new satellite finds its
 * primary site.
 */
export async function priceAddition(deps: AppDeps, organisationId: string, request: AdditionRequest) {
  const organisation = await deps.db
    .selectFrom('organisations')
    .select(['id', 'organisation_type', 'serves_veterans', 'childrens_service_provider', 'region_code', 'finance_contact_name', 'finance_contact_email', 'address', 'postcode'])
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!organisation) throw notFound('organisation');
  const [sites, held] = await Promise.all([
    deps.db.selectFrom('sites').select(['id', 'name', 'satellite']).where('organisation_id', '=', organisationId).execute(),
    deps.db.selectFrom('licences').select(['site_id', 'licence_type']).where('organisation_id', '=', organisationId).where('status', '<>', 'lapsed').execute(),
  ]);
  const heldAt = (siteId: string) => held.filter((l) => l.site_id === siteId).map((l) => l.licence_type as LicenceTypeCode);

  const requested = new Map<string, AdditionRequest['sites'][number]>();
  for (const s of request.sites) {
    if ('siteId' in s) {
      if (!sites.some((site) => site.id === s.siteId)) throw new AppError('validation_failed', 'Choose one of the organisation’s sites.', [{ field: 'sites', message: 'Unknown site' }]);
      requested.set(s.siteId, s);
    }
  }
  const quoteSites: (QuoteSiteRequest & { siteId: string | null })[] = [
    ...sites
      .filter((site) => requested.has(site.id) || heldAt(site.id).length > 0)
      .map((site) => {
        const r = requested.get(site.id);
        const wanted = r && 'siteId' in r ? r : undefined;
        return {
          siteId: site.id,
          name: site.name,
          satellite: site.satellite,
          licences: (wanted?.licences ?? []) as LicenceTypeCode[],
          heldLicences: heldAt(site.id),
          ...(wanted?.extraTrainingPlaces ? { extraTrainingPlaces: wanted.extraTrainingPlaces } : {}),
        };
      }),
    ...request.sites.flatMap((s) =>
      'newSite' in s ? [{ siteId: null, name: s.newSite.name, satellite: s.newSite.satellite, licences: s.licences as LicenceTypeCode[] }] : [],
    ),
  ];
  const schedule: FeeSchedule = await scheduleInForce(deps);
  const quoted = priceQuote(
    {
      organisationType: organisation.organisation_type as OrganisationType,
      servesVeterans: organisation.serves_veterans,
      childrensServiceProvider: organisation.childrens_service_provider,
      sites: quoteSites.map(({ siteId: _siteId, ...site }) => site),
    },
    schedule,
    londonDate(deps.now()),
  );
  if (!quoted.ok) {
    throw new AppError(
      'rule_broken',
      quoted.errors.length === 1 ? quoted.errors[0]!.message : `This addition breaks ${quoted.errors.length} rules of the scheme; each is listed with what to do instead.`,
      quoted.errors,
    );
  }
  // Section 10: a corporate partnership's agreed prices replace "price on request" (decision 134).
  const partnership = organisation.organisation_type === 'corporate' ? await partnershipTermsFor(deps.db, organisationId) : null;
  const priced = withAgreedPrices(quoted, partnership, londonDate(deps.now()));
  return { organisation, schedule, quoteSites, priced };
}

/** Central Office invoices an addition (new sites are created with it); paying it issues the new licences. */
export async function invoiceAddition(deps: AppDeps, actor: Actor, organisationId: string, request: AdditionRequest, idempotencyKey: string) {
  const { organisation, schedule, quoteSites, priced } = await priceAddition(deps, organisationId, request);
  const agreed = new Map((request.agreedPrices ?? []).map((p) => [p.index, p.amountPence]));
  const unpriced = priced.lines.map((line, index) => ({ line, index })).filter(({ line, index }) => isPriceOnRequest(line) && !agreed.has(index));
  if (unpriced.length > 0) {
    throw new AppError(
      'rule_broken',
      'Some lines have no published price: enter the price agreed for each in agreedPrices.',
      unpriced.map(({ line, index }) => ({ field: `agreedPrices.${index}`, message: `${line.site ?? 'Organisation'}: ${line.description}` })),
    );
  }
  const billing = organisation.finance_contact_email
    ? { name: organisation.finance_contact_name ?? 'Finance', email: organisation.finance_contact_email }
    : await deps.db.selectFrom('invoices').select(['billing_name as name', 'billing_email as email']).where('organisation_id', '=', organisationId).orderBy('number', 'desc').executeTakeFirst();
  if (!billing) throw new AppError('rule_broken', 'The organisation has no finance contact to invoice.', [{ field: 'organisationId', message: 'Add a finance contact first' }]);

  return deps.db.transaction().execute(async (trx) => {
    const siteIds = new Map<string, string>();
    for (const s of request.sites) {
      if (!('newSite' in s)) continue;
      const region = regionOfPostcode(s.newSite.postcode, s.newSite.nation as NationCode) ?? organisation.region_code;
      const site = await trx
        .insertInto('sites')
        .values({ organisation_id: organisationId, name: s.newSite.name, address: s.newSite.address, postcode: s.newSite.postcode, nation_code: s.newSite.nation, region_code: region, satellite: s.newSite.satellite })
        .returning('id')
        .executeTakeFirstOrThrow();
      siteIds.set(s.newSite.name, site.id);
      await recordAudit(trx, actor, { action: 'site.added', entityType: 'site', entityId: site.id, after: { organisationId, ...s.newSite } });
    }
    const siteIdOf = (name: string | null) => (name === null ? null : (quoteSites.find((s) => s.name === name)?.siteId ?? siteIds.get(name) ?? null));
    const invoice = await issueInvoiceIn(trx, deps, actor, {
      organisationId,
      kind: 'addition',
      billing,
      poNumber: request.poNumber ?? null,
      feeScheduleId: schedule.id,
      source: { type: 'addition', id: `${organisationId}:${idempotencyKey}` },
      lines: priced.lines.map((line, index) => {
        const item = priced.items[index]!;
        return {
          kind: item.kind,
          siteId: siteIdOf(line.site),
          licenceType: item.kind === 'licence' ? item.licenceType : null,
          quantity: item.kind === 'training_places' ? item.places : 1,
          description: line.description,
          rule: agreed.has(index) ? 'Price agreed with Central Office.' : line.rule,
          amountPence: agreed.get(index) ?? line.amountPence,
        };
      }),
    });
    return invoice;
  });
}
