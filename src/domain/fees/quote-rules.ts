import type { LicenceTypeCode } from '../reference.js';
import { licenceTypeName } from '../names.js';
import { formatLongDate, type IsoDate } from '../iso-date.js';
import { formatPence } from '../money.js';
import { type FeeSchedule, isStartSmartOnSale } from './fee-schedule.js';
import { type QuoteError, type QuoteRequest, type QuoteSiteRequest, type StaffLedTrainingRequest, trainingGroups } from './quote.js';

// Each rule is a function returning the errors it finds, so a form can show every problem at once
// rather than one per submission.

/** Every scheme rule the request breaks, site by site; an empty list means it can be priced. */
export function checkQuoteRules(request: QuoteRequest, schedule: FeeSchedule, today: IsoDate): QuoteError[] {
  const errors = [
    ...atLeastOneSite(request),
    ...request.sites.flatMap((site, index) => [
      ...uniqueSiteName(request.sites, index),
      ...siteHasALicence(site, index),
      ...noDuplicateLicences(site, index),
      ...satelliteSiteTakesOnlySatellite(site, index),
      ...satelliteLicenceOnlyAtSatelliteSite(site, index),
      ...satelliteHasAPrimarySite(request.sites, index),
      ...noTrainingPlacesAtSatellite(site, index),
      ...veteransForVeteransServices(request, site, index),
      ...startSmartOnSale(site, index, schedule, today),
      ...startSmartForChildrensServices(request, site, index),
    ]),
    ...(request.training ?? []).flatMap((training, index) => trainingGroupSize(training, index, schedule)),
  ];
  return errors.length > 0 ? errors : somethingToPrice(request);
}

function atLeastOneSite(request: QuoteRequest): QuoteError[] {
  if (request.sites.length > 0) return [];
  return [
    {
      code: 'no_sites',
      rule: 'Section 9: licences are site-specific, so a quote names the sites they are for.',
      message: 'Add at least one site. An existing partner buying training or publications names a site it already holds a licence for.',
      field: 'sites',
    },
  ];
}

function siteKey(name: string): string {
  return name.trim().toLocaleLowerCase('en-GB');
}

function uniqueSiteName(sites: readonly QuoteSiteRequest[], index: number): QuoteError[] {
  const site = sites[index];
  if (site === undefined) return [];
  const key = siteKey(site.name);
  // Only the second and later uses of a name are reported, so the first stays unmarked on the form.
  if (sites.findIndex((other) => siteKey(other.name) === key) === index) return [];
  return [
    {
      code: 'duplicate_site_name',
      rule: 'Section 9: each site is named on the agreement and needs its own licence.',
      message: `"${site.name.trim()}" appears more than once. Give each site a different name, or list all of that site's licences under one entry.`,
      field: `sites.${index}.name`,
    },
  ];
}

function siteHasALicence(site: QuoteSiteRequest, index: number): QuoteError[] {
  if (site.licences.length > 0 || (site.heldLicences?.length ?? 0) > 0) return [];
  return [
    {
      code: 'no_licences',
      rule: 'Section 9: each site named on the agreement needs its own licence.',
      // The Start-Up Form shows this message too, so it speaks of the site, not of "the quote".
      message: `Choose at least one licence for "${site.name.trim()}", or remove the site.`,
      field: `sites.${index}.licences`,
    },
  ];
}

function duplicatesIn(codes: readonly LicenceTypeCode[]): LicenceTypeCode[] {
  return [...new Set(codes.filter((code, position) => codes.indexOf(code) !== position))];
}

function noDuplicateLicences(site: QuoteSiteRequest, index: number): QuoteError[] {
  const rule = 'Section 3: a site holds one licence for each programme it delivers.';
  const name = site.name.trim();
  const held = site.heldLicences ?? [];
  return [
    ...duplicatesIn(site.licences).map(
      (code): QuoteError => ({
        code: 'duplicate_licence',
        rule,
        message: `${licenceTypeName(code)} is listed more than once for "${name}". List each licence once.`,
        field: `sites.${index}.licences`,
      }),
    ),
    ...duplicatesIn(held).map(
      (code): QuoteError => ({
        code: 'duplicate_licence',
        rule,
        message: `${licenceTypeName(code)} is listed more than once among the licences "${name}" already holds. List it once.`,
        field: `sites.${index}.heldLicences`,
      }),
    ),
    ...[...new Set(site.licences.filter((code) => held.includes(code)))].map(
      (code): QuoteError => ({
        code: 'licence_already_held',
        rule,
        message:
          `"${name}" already holds the ${licenceTypeName(code)} licence. Remove it from the licences to buy, ` +
          'or, if this quote is to renew it, from the licences already held.',
        field: `sites.${index}.licences`,
      }),
    ),
  ];
}

function satelliteSiteTakesOnlySatellite(site: QuoteSiteRequest, index: number): QuoteError[] {
  if (site.satellite !== true) return [];
  const name = site.name.trim();
  const lists = [
    { field: `sites.${index}.licences`, codes: site.licences },
    { field: `sites.${index}.heldLicences`, codes: site.heldLicences ?? [] },
  ];
  return lists.flatMap(({ field, codes }) =>
    [...new Set(codes.filter((code) => code !== 'satellite'))].map(
      (code): QuoteError => ({
        code: 'satellite_site_licence',
        rule: 'Section 3: a satellite site is covered by the SMART Satellite licence, which extends the licence held at a main site.',
        message:
          `"${name}" is marked as a satellite site, so its only licence is SMART Satellite. Remove ${licenceTypeName(code)}, ` +
          'or, if this is a main site, do not mark it as a satellite.',
        field,
      }),
    ),
  );
}

function satelliteLicenceOnlyAtSatelliteSite(site: QuoteSiteRequest, index: number): QuoteError[] {
  if (site.satellite === true) return [];
  const lists = [
    { field: `sites.${index}.licences`, codes: site.licences },
    { field: `sites.${index}.heldLicences`, codes: site.heldLicences ?? [] },
  ];
  return lists
    .filter(({ codes }) => codes.includes('satellite'))
    .map(
      ({ field }): QuoteError => ({
        code: 'satellite_licence_needs_satellite_site',
        rule: "Section 3: the SMART Satellite licence is for premises that are not your organisation's main site.",
        message:
          `"${site.name.trim()}" is not marked as a satellite site, so it cannot take the SMART Satellite licence. ` +
          'Mark it as a satellite site, or choose a programme licence for it instead.',
        field,
      }),
    );
}

function hasPrimaryLicence(site: QuoteSiteRequest): boolean {
  // Any programme licence can be extended by a satellite; the satellite licence itself cannot.
  return site.satellite !== true && [...site.licences, ...(site.heldLicences ?? [])].some((code) => code !== 'satellite');
}

function satelliteHasAPrimarySite(sites: readonly QuoteSiteRequest[], index: number): QuoteError[] {
  const site = sites[index];
  if (site?.satellite !== true) return [];
  if (sites.some((other, otherIndex) => otherIndex !== index && hasPrimaryLicence(other))) return [];
  return [
    {
      code: 'satellite_needs_primary_site',
      rule: 'Section 3: a Satellite licence extends your existing licence coverage to an additional location.',
      message:
        `"${site.name.trim()}" is a satellite site, but no other site in this quote holds or is buying a programme licence. ` +
        'Add the main site whose licence it extends, with the licences that site already holds.',
      field: `sites.${index}.satellite`,
    },
  ];
}

// Section 10 gives the Satellite licence no training places ("N/A") and Section 3 says satellite
// delivery is by "already-trained staff or volunteers", so trainees are nominated, and extra places
// bought, at the main site whose licence the satellite extends.
function noTrainingPlacesAtSatellite(site: QuoteSiteRequest, index: number): QuoteError[] {
  if (site.satellite !== true || (site.extraTrainingPlaces ?? 0) === 0) return [];
  return [
    {
      code: 'satellite_training_places',
      rule: 'Section 10: a Satellite licence includes no facilitator training places; its delivery is by staff trained under the main site\'s licence (Section 3).',
      message: `Extra training places cannot be bought for satellite site "${site.name.trim()}". Buy them for the main site instead.`,
      field: `sites.${index}.extraTrainingPlaces`,
    },
  ];
}

function veteransForVeteransServices(request: QuoteRequest, site: QuoteSiteRequest, index: number): QuoteError[] {
  if (request.servesVeterans === true || !site.licences.includes('veterans')) return [];
  return [
    {
      code: 'veterans_not_eligible',
      rule: 'Section 4: to commission the Veterans programme, organisations must already be providing services for veterans.',
      message:
        `The SMART Veterans licence for "${site.name.trim()}" is only for organisations that already provide services to veterans. ` +
        'If yours does, say so on the quote; if not, remove it (the SMART Recovery licence may suit you, and your Community Coordinator can advise).',
      field: `sites.${index}.licences`,
    },
  ];
}

function startSmartOnSale(site: QuoteSiteRequest, index: number, schedule: FeeSchedule, today: IsoDate): QuoteError[] {
  const launch = schedule.startSmartLaunchDate;
  if (!site.licences.includes('start-smart') || isStartSmartOnSale(schedule, today)) return [];
  const when = launch === null ? 'not yet on sale' : `not on sale until ${formatLongDate(launch)}`;
  return [
    {
      code: 'start_smart_not_available',
      rule: 'Section 3: Start SMART is being piloted and will be made available for purchase by partners later this year.',
      message:
        `The Start SMART licence is ${when}. Remove it from the quote for "${site.name.trim()}"; ` +
        'to hear when it goes on sale, contact partnerships@smartrecovery.org.uk.',
      field: `sites.${index}.licences`,
    },
  ];
}

function startSmartForChildrensServices(request: QuoteRequest, site: QuoteSiteRequest, index: number): QuoteError[] {
  if (request.childrensServiceProvider === true || !site.licences.includes('start-smart')) return [];
  return [
    {
      code: 'start_smart_not_eligible',
      rule: "Section 4: Start SMART is exclusively available through children's service providers.",
      message:
        `The Start SMART licence for "${site.name.trim()}" is only for children's service providers. ` +
        'If your organisation is one, say so on the quote; if not, remove it.',
      field: `sites.${index}.licences`,
    },
  ];
}

// Section 10: staff-led training is priced per group of 6 to 12 people, so the people asked for
// must fill the groups: at least 6 in each, at most 12.
function trainingGroupSize(training: StaffLedTrainingRequest, index: number, schedule: FeeSchedule): QuoteError[] {
  const { min, max } = schedule.trainingGroupSize;
  const people = training.participants;
  const groups = trainingGroups(training, max);
  if (people >= groups * min && people <= groups * max) return [];
  const online = `buy additional online training places (${formatPence(schedule.additionalTrainingPlacePence)} each) instead`;
  const rule = `Section 10: staff-led Facilitator Training is for groups of ${min} to ${max} people.`;
  if (groups === 1) {
    const instead = people < min ? `For fewer people, ${online}.` : `For more people, book ${Math.ceil(people / max)} groups.`;
    return [
      {
        code: 'training_group_size',
        rule,
        message: `This staff-led training group has ${people} people; it needs between ${min} and ${max}. ${instead}`,
        field: `training.${index}.participants`,
      },
    ];
  }
  const fewest = Math.ceil(people / max);
  const most = Math.floor(people / min);
  const instead =
    people > groups * max
      ? `${people} people need at least ${fewest} groups.`
      : most >= 1
        ? `${people} people make at most ${most} ${most === 1 ? 'group' : 'groups'}.`
        : `For fewer than ${min} people, ${online}.`;
  return [
    {
      code: 'training_group_size',
      rule,
      message: `${groups} groups take between ${groups * min} and ${groups * max} people, not ${people}. ${instead}`,
      field: `training.${index}.groups`,
    },
  ];
}

// A quote made only of licences already held would be an empty quote; saying so helps more than
// a total of £0.00.
function somethingToPrice(request: QuoteRequest): QuoteError[] {
  const anything =
    request.sites.some((site) => site.licences.length > 0 || (site.extraTrainingPlaces ?? 0) > 0) ||
    (request.training?.length ?? 0) > 0 ||
    (request.publications?.length ?? 0) > 0;
  if (anything) return [];
  return [
    {
      code: 'nothing_to_price',
      rule: 'Section 10: a quote prices licences, training places, training or publications to buy.',
      message: 'Every site lists only licences it already holds. Add a licence, training or publications to buy.',
      field: 'sites',
    },
  ];
}
