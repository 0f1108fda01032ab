import type { z } from 'zod';
import type { QuoteError, QuoteRequest } from '../../../domain/fees/quote.js';
import { type LicenceTypeCode, LICENCE_TYPES } from '../../../domain/reference.js';
import { MAX_QUOTE_SITES } from '../../../shared/schemas/quote.js';

/**
 * The public Quote page's form, as typed. Every value stays a string so the page can show it back
 * exactly as it was typed when something needs correcting.
 */
export interface QuoteFormValues {
  organisationType: string;
  servesVeterans: string;
  childrensServiceProvider: string;
  sites: QuoteFormSite[];
  inPersonParticipants: string;
  /** Blank: the fewest groups of up to 12 that take everyone. */
  inPersonGroups: string;
  webinarParticipants: string;
  webinarGroups: string;
  publications: QuoteFormPublication[];
}

export interface QuoteFormSite {
  name: string;
  satellite: boolean;
  licences: string[];
  /** Licences the site already holds, so an existing partner's SMART Recovery earns the reduced fees (Section 10). */
  heldLicences: string[];
  extraTrainingPlaces: string;
}

export interface QuoteFormPublication {
  title: string;
  rrp: string;
  quantity: string;
  coBranded: boolean;
}

/** Site rows shown before anyone asks for another: most organisations start with one or two sites. */
export const INITIAL_SITE_ROWS = 2;
export const INITIAL_PUBLICATION_ROWS = 1;
export const MAX_PUBLICATION_ROWS = 20;

export function emptyQuoteForm(): QuoteFormValues {
  return {
    organisationType: '',
    servesVeterans: '',
    childrensServiceProvider: '',
    sites: Array.from({ length: INITIAL_SITE_ROWS }, emptySite),
    inPersonParticipants: '',
    inPersonGroups: '',
    webinarParticipants: '',
    webinarGroups: '',
    publications: Array.from({ length: INITIAL_PUBLICATION_ROWS }, emptyPublication),
  };
}

export function emptySite(): QuoteFormSite {
  return { name: '', satellite: false, licences: [], heldLicences: [], extraTrainingPlaces: '' };
}

export function emptyPublication(): QuoteFormPublication {
  return { title: '', rrp: '', quantity: '', coBranded: false };
}

type RawForm = Record<string, unknown>;

function text(form: RawForm, name: string): string {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

function list(form: RawForm, name: string): string[] {
  const value = form[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

/** How many rows of a repeated group the form sent, e.g. 3 when it has sites.0 to sites.2. */
function rowCount(form: RawForm, group: string, minimum: number, maximum: number): number {
  const pattern = new RegExp(`^${group}\\.(\\d+)\\.`);
  let rows = minimum;
  for (const key of Object.keys(form)) {
    const index = Number(pattern.exec(key)?.[1] ?? -1);
    if (index + 1 > rows) rows = index + 1;
  }
  return Math.min(rows, maximum);
}

/** The two kinds of staff-led training and their fields on the form. */
const TRAINING_FIELDS = [
  { kind: 'in-person', people: 'inPersonParticipants', groups: 'inPersonGroups' },
  { kind: 'webinar', people: 'webinarParticipants', groups: 'webinarGroups' },
] as const;

/** Reads the posted form (application/x-www-form-urlencoded) into the values the page shows back. */
export function readQuoteForm(form: RawForm): QuoteFormValues {
  const licenceCodes = new Set<string>(LICENCE_TYPES.map((type) => type.code));
  return {
    organisationType: text(form, 'organisationType'),
    servesVeterans: text(form, 'servesVeterans'),
    childrensServiceProvider: text(form, 'childrensServiceProvider'),
    sites: Array.from({ length: rowCount(form, 'sites', INITIAL_SITE_ROWS, MAX_QUOTE_SITES) }, (_, i) => ({
      name: text(form, `sites.${i}.name`),
      satellite: text(form, `sites.${i}.satellite`) === 'yes',
      // Unknown codes are dropped here: the checkboxes only offer real ones.
      licences: list(form, `sites.${i}.licences`).filter((code) => licenceCodes.has(code)),
      heldLicences: list(form, `sites.${i}.heldLicences`).filter((code) => licenceCodes.has(code)),
      extraTrainingPlaces: text(form, `sites.${i}.extraTrainingPlaces`),
    })),
    inPersonParticipants: text(form, 'inPersonParticipants'),
    inPersonGroups: text(form, 'inPersonGroups'),
    webinarParticipants: text(form, 'webinarParticipants'),
    webinarGroups: text(form, 'webinarGroups'),
    publications: Array.from({ length: rowCount(form, 'publications', INITIAL_PUBLICATION_ROWS, MAX_PUBLICATION_ROWS) }, (_, i) => ({
      title: text(form, `publications.${i}.title`),
      rrp: text(form, `publications.${i}.rrp`),
      quantity: text(form, `publications.${i}.quantity`),
      coBranded: text(form, `publications.${i}.coBranded`) === 'yes',
    })),
  };
}

/** Where an error about an API field belongs on the form, and how to name its row in the message. */
interface FormPlace {
  field: string;
  prefix: string;
}

export interface ConvertedQuoteForm {
  /** The body POST /api/v1/quotes would take, still to be checked by quoteRequestSchema. */
  body: Record<string, unknown>;
  /** Maps a request path such as 'sites.0.licences' to the form field it came from. */
  placeOf(path: string): FormPlace;
}

/**
 * Turns the form into the API's request body, the one conversion both the page and the tests rely
 * on. Blank rows are left out, so the request's indexes can differ from the form's rows; placeOf
 * maps them back. Numbers that do not read as numbers are passed on as typed, so the schema's
 * message about them is the one shown.
 */
export function formToQuoteRequest(values: QuoteFormValues): ConvertedQuoteForm {
  const siteRows = values.sites.flatMap((site, row) => (isBlankSite(site) ? [] : [row]));
  const publicationRows = values.publications.flatMap((publication, row) => (isBlankPublication(publication) ? [] : [row]));
  const trainingKinds = TRAINING_FIELDS.filter(({ people, groups }) => values[people].trim() !== '' || values[groups].trim() !== '');

  const body: Record<string, unknown> = {
    organisationType: values.organisationType === '' ? undefined : values.organisationType,
    servesVeterans: yesNo(values.servesVeterans),
    childrensServiceProvider: yesNo(values.childrensServiceProvider),
    sites: siteRows.map((row) => {
      const site = values.sites[row]!;
      return {
        name: site.name,
        satellite: site.satellite,
        licences: site.licences as LicenceTypeCode[],
        heldLicences: site.heldLicences.length > 0 ? (site.heldLicences as LicenceTypeCode[]) : undefined,
        extraTrainingPlaces: number(site.extraTrainingPlaces),
      };
    }),
    training: trainingKinds.map(({ kind, people, groups }) => ({
      kind,
      // Groups without people is still a question to answer: the schema asks for the number of people.
      participants: number(values[people]) ?? '',
      groups: number(values[groups]),
    })),
    publications: publicationRows.map((row) => {
      const publication = values.publications[row]!;
      return {
        title: publication.title,
        rrpPence: pounds(publication.rrp),
        quantity: number(publication.quantity) ?? '',
        coBranded: publication.coBranded,
      };
    }),
  };

  return {
    body,
    placeOf(path) {
      const [group, indexText, name] = path.split('.');
      const index = Number(indexText);
      if (group === 'sites' && Number.isInteger(index) && siteRows[index] !== undefined) {
        const row = siteRows[index];
        return { field: `sites.${row}.${name ?? 'name'}`, prefix: `Site ${row + 1}: ` };
      }
      if (group === 'publications' && Number.isInteger(index) && publicationRows[index] !== undefined) {
        const row = publicationRows[index];
        const field = name === 'rrpPence' ? 'rrp' : (name ?? 'title');
        return { field: `publications.${row}.${field}`, prefix: `Publication ${row + 1}: ` };
      }
      if (group === 'training' && Number.isInteger(index) && trainingKinds[index] !== undefined) {
        const { kind, people, groups } = trainingKinds[index];
        return { field: name === 'groups' ? groups : people, prefix: kind === 'in-person' ? 'In-person training: ' : 'Webinar training: ' };
      }
      if (group === 'organisationType' || group === 'servesVeterans' || group === 'childrensServiceProvider' || group === 'sites') {
        return { field: group, prefix: '' };
      }
      return { field: 'quote-form', prefix: '' };
    },
  };
}

function isBlankSite(site: QuoteFormSite): boolean {
  return (
    site.name.trim() === '' && !site.satellite && site.licences.length === 0 && site.heldLicences.length === 0 && site.extraTrainingPlaces.trim() === ''
  );
}

function isBlankPublication(publication: QuoteFormPublication): boolean {
  return publication.title.trim() === '' && publication.rrp.trim() === '' && publication.quantity.trim() === '' && !publication.coBranded;
}

function yesNo(value: string): boolean | undefined {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  return undefined;
}

/** '' → absent; '12' → 12; anything else is passed on as typed for the schema to refuse. */
function number(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** '12', '12.5', '£12.50' or '1,200.00' → pence; anything else is passed on as typed for the schema to refuse. */
function pounds(value: string): number | string {
  const trimmed = value.trim().replace(/^£\s*/, '').replace(/,/g, '');
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(trimmed);
  if (!match) return value.trim();
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export type FormErrors = Record<string, string>;

/** The schema's complaints, each next to the form field it concerns. */
export function schemaErrors(error: z.ZodError, converted: ConvertedQuoteForm): FormErrors {
  return collect(error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })), converted);
}

/** The scheme's rules the request breaks, each next to the form field it concerns. */
export function ruleErrors(errors: readonly Pick<QuoteError, 'field' | 'message'>[], converted: ConvertedQuoteForm): FormErrors {
  return collect(errors.map((e) => ({ path: e.field, message: e.message })), converted);
}

function collect(problems: { path: string; message: string }[], converted: ConvertedQuoteForm): FormErrors {
  const byField = new Map<string, string[]>();
  for (const { path, message } of problems) {
    const { field, prefix } = converted.placeOf(path);
    const text = `${prefix}${message}`;
    const messages = byField.get(field) ?? [];
    // The same message twice (say, two unknown licence codes) would read as a stutter.
    if (!messages.includes(text)) messages.push(text);
    byField.set(field, messages);
  }
  return Object.fromEntries([...byField].map(([field, messages]) => [field, messages.join(' ')]));
}

/**
 * The request as far as it can be read when the schema refuses part of it, so the scheme's rules
 * can be checked in the same round: a value the schema refused is left out (or made harmless) and
 * the schema's own message stands for it. The rules do not depend on the organisation's type.
 */
export function readableQuoteRequest(body: Record<string, unknown>): QuoteRequest {
  const whole = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined);
  const sites = Array.isArray(body.sites) ? (body.sites as Record<string, unknown>[]) : [];
  const training = Array.isArray(body.training) ? (body.training as Record<string, unknown>[]) : [];
  const codes = (value: unknown) => (Array.isArray(value) ? (value as LicenceTypeCode[]) : []);
  return {
    organisationType: 'non-profit',
    servesVeterans: body.servesVeterans === true,
    childrensServiceProvider: body.childrensServiceProvider === true,
    sites: sites.map((site, index) => ({
      // A blank name has the schema's message; the rules still need a name to speak of.
      name: typeof site.name === 'string' && site.name.trim() !== '' ? site.name : `Site ${index + 1}`,
      satellite: site.satellite === true,
      licences: codes(site.licences),
      heldLicences: codes(site.heldLicences),
      extraTrainingPlaces: whole(site.extraTrainingPlaces),
    })),
    // A row the schema refused is left to the schema's message: see refusedTrainingRows.
    training: training.map((item) => ({
      kind: item.kind === 'webinar' ? ('webinar' as const) : ('in-person' as const),
      participants: whole(item.participants) ?? 0,
      groups: whole(item.groups) || undefined,
    })),
    publications: Array.isArray(body.publications) ? (body.publications as QuoteRequest['publications']) : [],
  };
}

/** The training rows ('training.0') the schema refused something in; the rules say nothing more of them. */
export function refusedTrainingRows(error: z.ZodError): Set<string> {
  return new Set(error.issues.filter((issue) => issue.path[0] === 'training').map((issue) => issue.path.slice(0, 2).map(String).join('.')));
}

/** Both sets of messages, the schema's first; a field the schema already speaks of keeps its message alone. */
export function mergeErrors(schema: FormErrors, rules: FormErrors): FormErrors {
  const merged = { ...schema };
  for (const [field, message] of Object.entries(rules)) if (merged[field] === undefined) merged[field] = message;
  return merged;
}
