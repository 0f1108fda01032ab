import type { z } from 'zod';
import { standardPostcode } from '../../../domain/postcode.js';
import { MAX_QUOTE_SITES } from '../../../shared/schemas/quote.js';
import {
  declarationsSchema,
  keyContactsSchema,
  organisationDetailsSchema,
  purchaseSchema,
  siteLicencesSchema,
  siteListSchema,
  type StartUpFormDraft,
} from '../../../shared/schemas/start-up-form.js';

/**
 * The Start-Up Form's steps, how each reads its page's form into the draft, and how each is
 * checked. Pure functions: the service saves and prices, the pages show.
 *
 * Every field's element id (and form name) is its path in the draft joined with hyphens, e.g.
 * `contacts-smartLead-email` or `sites-1-postcode`, so a message from any schema lands next to
 * its field and the error summary links to it.
 */

export const STEPS = [
  { slug: 'organisation', title: 'Your organisation' },
  { slug: 'contacts', title: 'Key contacts' },
  { slug: 'sites', title: 'Your sites' },
  { slug: 'licences', title: 'Licences for each site' },
  { slug: 'purchase', title: 'Purchase order' },
  { slug: 'declarations', title: 'Declarations' },
  { slug: 'check-answers', title: 'Check your answers' },
] as const;
export type StepSlug = (typeof STEPS)[number]['slug'];
/** The steps that collect answers (all but the last, which shows them). */
export type AnswerStep = Exclude<StepSlug, 'check-answers'>;
export const ANSWER_STEPS: readonly AnswerStep[] = ['organisation', 'contacts', 'sites', 'licences', 'purchase', 'declarations'];

export function isStepSlug(value: string): value is StepSlug {
  return STEPS.some((step) => step.slug === value);
}

export function stepNumber(slug: StepSlug): number {
  return STEPS.findIndex((step) => step.slug === slug) + 1;
}

export function nextStep(slug: StepSlug): StepSlug {
  const index = STEPS.findIndex((step) => step.slug === slug);
  return STEPS[Math.min(index + 1, STEPS.length - 1)]!.slug;
}

export function previousStep(slug: StepSlug): StepSlug | null {
  const index = STEPS.findIndex((step) => step.slug === slug);
  return index > 0 ? STEPS[index - 1]!.slug : null;
}

/** A message for one field (by element id), and the scheme rule behind it when a rule was broken. */
export interface FieldProblem {
  id: string;
  message: string;
  rule?: string;
}

export type StepCheck<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** A path in the draft as an element id: ['sites', 1, 'postcode'] → 'sites-1-postcode'. */
export function fieldId(path: readonly PropertyKey[]): string {
  return path.map(String).join('-');
}

/** Which step asks for the field with this id. */
export function stepOfField(id: string): AnswerStep {
  const [first] = id.split('-');
  if (first === 'sites') return /^sites-\d+-licences/.test(id) ? 'licences' : 'sites';
  if (first === 'organisation' || first === 'contacts' || first === 'purchase' || first === 'declarations') return first;
  return 'sites';
}

// Reading the posted form. Values are kept exactly as typed; only radios and checkboxes become
// booleans, so a draft holds what the API would take.

type Body = Record<string, unknown>;

function text(body: Body, name: string): string | undefined {
  const value = body[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A select or radio: an unchosen one ('' or missing) is not an answer. */
function choice(body: Body, name: string): string | undefined {
  const value = text(body, name);
  return value === undefined || value === '' ? undefined : value;
}

function yesNo(body: Body, name: string): boolean | undefined {
  const value = text(body, name);
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}

function ticked(body: Body, name: string): true | undefined {
  return text(body, name) === undefined ? undefined : true;
}

/** A postcode field, kept in its written form (decision 178) so "Check your answers" shows 'PR1 8BU', not 'pr1 8bu'. */
function postcodeText(body: Body, name: string): string | undefined {
  const value = text(body, name);
  return value === undefined ? undefined : standardPostcode(value);
}

function many(body: Body, name: string): string[] {
  const value = body[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** Reads one step's posted fields into the draft, keeping the rest of the draft as it was. */
export function readStep(step: AnswerStep, body: Body, draft: StartUpFormDraft): StartUpFormDraft {
  switch (step) {
    case 'organisation':
      return {
        ...draft,
        organisation: {
          name: text(body, 'organisation-name'),
          organisationType: choice(body, 'organisation-organisationType'),
          sector: choice(body, 'organisation-sector'),
          charityOrCompanyNumber: text(body, 'organisation-charityOrCompanyNumber'),
          address: text(body, 'organisation-address'),
          postcode: postcodeText(body, 'organisation-postcode'),
          servesVeterans: yesNo(body, 'organisation-servesVeterans'),
          childrensServiceProvider: yesNo(body, 'organisation-childrensServiceProvider'),
        },
      };
    case 'contacts':
      return {
        ...draft,
        contacts: {
          smartLead: {
            name: text(body, 'contacts-smartLead-name'),
            email: text(body, 'contacts-smartLead-email'),
            phone: text(body, 'contacts-smartLead-phone'),
            jobTitle: text(body, 'contacts-smartLead-jobTitle'),
            facilitator: choice(body, 'contacts-smartLead-facilitator'),
          },
          finance: { name: text(body, 'contacts-finance-name'), email: text(body, 'contacts-finance-email') },
        },
      };
    case 'sites': {
      const sites: NonNullable<StartUpFormDraft['sites']> = [];
      // A site's name field is always posted, even when empty, so it marks the sites on the page.
      for (let i = 0; i < MAX_QUOTE_SITES && text(body, `sites-${i}-name`) !== undefined; i++) {
        sites.push({
          name: text(body, `sites-${i}-name`),
          address: text(body, `sites-${i}-address`),
          postcode: postcodeText(body, `sites-${i}-postcode`),
          nation: choice(body, `sites-${i}-nation`),
          satellite: text(body, `sites-${i}-satellite`) !== undefined,
          // The licences are chosen on the next step; keep any already chosen.
          licences: draft.sites?.[i]?.licences,
        });
      }
      return { ...draft, sites };
    }
    case 'licences':
      return { ...draft, sites: (draft.sites ?? []).map((site, i) => ({ ...site, licences: many(body, `sites-${i}-licences`) })) };
    case 'purchase':
      return {
        ...draft,
        purchase: {
          method: choice(body, 'purchase-method'),
          purchaseOrderNumber: text(body, 'purchase-purchaseOrderNumber'),
          quoteReference: text(body, 'purchase-quoteReference'),
        },
      };
    case 'declarations':
      return {
        ...draft,
        declarations: {
          licensedSitesOnly: ticked(body, 'declarations-licensedSitesOnly'),
          trainedFacilitators: ticked(body, 'declarations-trainedFacilitators'),
          registerMeetings: ticked(body, 'declarations-registerMeetings'),
          codeOfConduct: ticked(body, 'declarations-codeOfConduct'),
          authorised: ticked(body, 'declarations-authorised'),
        },
      };
  }
}

/** Adds a blank site to the draft (the "Add another site" button, which works without JavaScript). */
export function addSite(draft: StartUpFormDraft): StartUpFormDraft {
  const sites = draft.sites ?? [];
  if (sites.length >= MAX_QUOTE_SITES) return draft;
  return { ...draft, sites: [...sites, { satellite: false }] };
}

/** Removes one site, with its licences. */
export function removeSite(draft: StartUpFormDraft, index: number): StartUpFormDraft {
  return { ...draft, sites: (draft.sites ?? []).filter((_, i) => i !== index) };
}

function checkWith<S extends z.ZodType>(schema: S, value: unknown, prefix: readonly string[]): StepCheck<z.output<S>> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems: FieldProblem[] = [];
  for (const issue of parsed.error.issues) {
    let id = fieldId([...prefix, ...issue.path]);
    // "Add at least one site" belongs to the first site's name.
    if (id === 'sites') id = 'sites-0-name';
    if (!problems.some((p) => p.id === id)) problems.push({ id, message: issue.message });
  }
  return { ok: false, problems };
}

export const checkOrganisation = (draft: StartUpFormDraft) => checkWith(organisationDetailsSchema, draft.organisation, ['organisation']);
export const checkContacts = (draft: StartUpFormDraft) =>
  checkWith(keyContactsSchema, { smartLead: draft.contacts?.smartLead ?? {}, finance: draft.contacts?.finance ?? {} }, ['contacts']);
export const checkSites = (draft: StartUpFormDraft) =>
  checkWith(siteListSchema, { sites: (draft.sites ?? []).map(({ licences: _licences, ...details }) => details) }, []);
export const checkLicenceChoices = (draft: StartUpFormDraft) =>
  checkWith(siteLicencesSchema, { sites: (draft.sites ?? []).map((site) => ({ licences: site.licences ?? [] })) }, []);
export const checkPurchase = (draft: StartUpFormDraft) => checkWith(purchaseSchema, draft.purchase, ['purchase']);
export const checkDeclarations = (draft: StartUpFormDraft) => checkWith(declarationsSchema, draft.declarations, ['declarations']);

/** Checks one step's answers against its schema (the licences step's scheme rules are checked when pricing). */
export function checkStep(step: AnswerStep, draft: StartUpFormDraft): StepCheck<unknown> {
  const checks = {
    organisation: checkOrganisation,
    contacts: checkContacts,
    sites: checkSites,
    licences: checkLicenceChoices,
    purchase: checkPurchase,
    declarations: checkDeclarations,
  } satisfies Record<AnswerStep, (draft: StartUpFormDraft) => StepCheck<unknown>>;
  return checks[step](draft);
}

/** Whether a step has been answered at all, so the form can say where to carry on. */
export function stepStarted(step: AnswerStep, draft: StartUpFormDraft): boolean {
  switch (step) {
    case 'organisation':
      return draft.organisation !== undefined;
    case 'contacts':
      return draft.contacts !== undefined;
    case 'sites':
      return (draft.sites?.length ?? 0) > 0;
    case 'licences':
      return (draft.sites ?? []).some((site) => site.licences !== undefined);
    case 'purchase':
      return draft.purchase !== undefined;
    case 'declarations':
      return draft.declarations !== undefined;
  }
}
