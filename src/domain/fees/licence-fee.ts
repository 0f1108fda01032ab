import type { LicenceTypeCode, OrganisationType } from '../reference.js';
import { licenceTypeName } from '../names.js';
import { formatPence } from '../money.js';
import type { FeeSchedule } from './fee-schedule.js';

/** Whether a SMART Recovery licence is at the site: already held, bought in this quote, or neither. */
export type SmartRecoveryAtSite = 'held' | 'in-quote' | null;

/** The price of one licence at one site, or a note that Central Office will price it. */
export type LicencePrice =
  | { readonly priceOnRequest: false; readonly amountPence: number; readonly rule: string }
  | { readonly priceOnRequest: true; readonly rule: string };

/** Section 10: why a corporate organisation's licences (and training places) are priced on request. */
export const CORPORATE_PRICING_RULE =
  'Section 10: corporate partnerships have tailored pricing, agreed case by case, so Central Office will ' +
  'price this. Organisations with more than 50,000 employees may be eligible for per-head pricing, which ' +
  'includes unlimited training.';

/** Section 10: the annual fee for one licence at one site, reduced where SMART Recovery is at the same site. */
export function licenceFee(
  licence: LicenceTypeCode,
  organisationType: OrganisationType,
  smartRecoveryAtSite: SmartRecoveryAtSite,
  schedule: FeeSchedule,
): LicencePrice {
  if (organisationType === 'corporate') {
    return { priceOnRequest: true, rule: CORPORATE_PRICING_RULE };
  }

  const fees = schedule.licences[licence];
  const forProfit = organisationType === 'for-profit';
  const fullPence = forProfit ? fees.forProfitPence : fees.nonProfitPence;
  const reducedPence = forProfit ? fees.forProfitReducedPence : fees.nonProfitReducedPence;

  if (fullPence === null) {
    return {
      priceOnRequest: true,
      rule: forProfit
        ? `Section 10: there is no published ${licenceTypeName(licence)} fee for profit-making organisations, so Central Office will price this licence.`
        : `Section 10: there is no published ${licenceTypeName(licence)} fee yet, so Central Office will price this licence.`,
    };
  }

  // Section 10: "Discounted rates are available for organisations holding more than one type of
  // UKSR licence at a specific site" — the discount follows SMART Recovery at this site only.
  if (reducedPence !== null && smartRecoveryAtSite !== null) {
    const because =
      smartRecoveryAtSite === 'held'
        ? 'this site already holds a SMART Recovery licence'
        : 'this quote includes a SMART Recovery licence for this site';
    return {
      priceOnRequest: false,
      amountPence: reducedPence,
      rule: `Section 10: reduced from ${formatPence(fullPence)} because ${because}.`,
    };
  }

  return {
    priceOnRequest: false,
    amountPence: fullPence,
    rule: forProfit
      ? 'Section 10: annual fee per site for profit-making organisations.'
      : 'Section 10: annual fee per site for non-profit organisations.',
  };
}
