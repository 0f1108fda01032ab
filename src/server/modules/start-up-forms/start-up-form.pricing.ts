import type { FeeSchedule } from '../../../domain/fees/fee-schedule.js';
import { licenceFee } from '../../../domain/fees/licence-fee.js';
import { isPriceOnRequest, priceQuote, type QuoteRequest, type QuoteResult } from '../../../domain/fees/quote.js';
import type { IsoDate } from '../../../domain/iso-date.js';
import { formatPence } from '../../../domain/money.js';
import type { LicenceTypeCode, OrganisationType } from '../../../domain/reference.js';
import type { StartUpFormLine } from '../../../shared/schemas/start-up-form.js';

/** What pricing needs from the form: the organisation's type, its two eligibility answers, and each site's licences. */
export interface PricingAnswers {
  organisation: { organisationType: OrganisationType; servesVeterans: boolean; childrensServiceProvider: boolean };
  sites: readonly { name: string; satellite: boolean; licences: readonly LicenceTypeCode[] }[];
}

/** The form as a quote request: a new partner holds no licences yet, so nothing is "already held". */
export function quoteRequestOf(answers: PricingAnswers): QuoteRequest {
  return {
    organisationType: answers.organisation.organisationType,
    servesVeterans: answers.organisation.servesVeterans,
    childrensServiceProvider: answers.organisation.childrensServiceProvider,
    sites: answers.sites.map((site) => ({ name: site.name, satellite: site.satellite, licences: site.licences })),
  };
}

/** Prices the form's licences with the domain's quote rules, or gives the rules it breaks. */
export function priceStartUpForm(answers: PricingAnswers, schedule: FeeSchedule, today: IsoDate): QuoteResult {
  return priceQuote(quoteRequestOf(answers), schedule, today);
}

/**
 * The priced lines as Central Office reviews them: each says whether Central Office prices it,
 * and a price-on-request line has no amount until one is agreed.
 */
export function reviewLines(result: QuoteResult & { ok: true }): StartUpFormLine[] {
  return result.lines.map((line, index) => {
    const onRequest = isPriceOnRequest(line);
    return { index, site: line.site, description: line.description, rule: line.rule, priceOnRequest: onRequest, amountPence: onRequest ? null : line.amountPence };
  });
}

/** The total of the lines with an amount, and how many still wait for Central Office's price. */
export function totalOf(lines: readonly StartUpFormLine[]): { totalPence: number; unpricedLines: number } {
  return {
    totalPence: lines.reduce((total, line) => total + (line.amountPence ?? 0), 0),
    unpricedLines: lines.filter((line) => line.amountPence === null).length,
  };
}

/**
 * What each licence costs a site under the schedule, for the hint beside its box: the fee for the
 * organisation's type, the reduced fee where Section 10 has one, or why it has no price here.
 */
export function feeHints(schedule: FeeSchedule, organisationType: OrganisationType | undefined, today: IsoDate): Record<LicenceTypeCode, string> {
  const type = organisationType ?? 'non-profit';
  const hints = {} as Record<LicenceTypeCode, string>;
  for (const code of Object.keys(schedule.licences) as LicenceTypeCode[]) {
    if (code === 'start-smart' && (schedule.startSmartLaunchDate === null || schedule.startSmartLaunchDate > today)) {
      hints[code] = 'Not on sale yet (Section 3).';
      continue;
    }
    const full = licenceFee(code, type, null, schedule);
    const reduced = licenceFee(code, type, 'in-quote', schedule);
    if (full.priceOnRequest) {
      hints[code] = 'Price on request: Central Office agrees it with you (Section 10).';
    } else if (!reduced.priceOnRequest && reduced.amountPence !== full.amountPence) {
      hints[code] = `${formatPence(full.amountPence)} a year, or ${formatPence(reduced.amountPence)} with SMART Recovery at the same site.`;
    } else {
      hints[code] = `${formatPence(full.amountPence)} a year.`;
    }
  }
  return hints;
}
