import { z } from 'zod';
import { nationName } from '../../domain/names.js';
import { formatPostcode, isUkPostcode, nationOfPostcode, postcodeArea } from '../../domain/postcode.js';
import { NATIONS, ORGANISATION_TYPES, SECTORS, type NationCode, type SectorCode } from '../../domain/reference.js';
import { QUOTE_REFERENCE_PATTERN } from '../../domain/fees/quote-reference.js';
import { licenceTypeCodeSchema, MAX_QUOTE_SITES, QUOTE_STATUSES, quoteLineSchema } from './quote.js';

const QUOTE_REFERENCE_FORMAT = 'Enter the quotation reference as it is on the quotation, like Q-2026-000123, or leave it blank';

// One schema per step of the Start-Up Form (Section 6 steps 1A and 1B), and the whole form for the
// API. The pages validate each step with its schema and show the messages next to the fields; the
// API validates the whole form with the same schemas. The licensing rules (who may buy Veterans or
// Start SMART, satellites, one licence per programme) are not repeated here: they live in
// src/domain/fees and are checked when the form is priced.

const NATION_CODES = NATIONS.map((n) => n.code) as [NationCode, ...NationCode[]];
const SECTOR_CODES = SECTORS.map((s) => s.code) as [SectorCode, ...SectorCode[]];

export const START_UP_FORM_STATUSES = ['draft', 'submitted', 'changes_requested', 'accepted'] as const;
export type StartUpFormStatus = (typeof START_UP_FORM_STATUSES)[number];

export const FACILITATOR_STATUSES = ['qualified', 'will-train'] as const;
export const PURCHASE_METHODS = ['purchase-order', 'quotation-first'] as const;

/** Required text: one message when it is missing or blank, one when it is too long. */
function requiredText(missing: string, tooLong: string, max: number) {
  return z.string({ error: missing }).trim().min(1, missing).max(max, tooLong);
}

function email(whose: string) {
  const missing = `Enter ${whose} email address`;
  return z
    .string({ error: missing })
    .trim()
    .toLowerCase()
    .min(1, missing)
    .max(254, `${whose[0]!.toUpperCase()}${whose.slice(1)} email address must be 254 characters or fewer`)
    .pipe(z.email(`Enter ${whose} email address in the right format, like name@example.org`));
}

/** Optional text: blank is the same as not given. */
function optionalText(schema: z.ZodType<string, string>) {
  return schema.optional().transform((value) => (value === '' ? undefined : value));
}

const postcode = z
  .string({ error: 'Enter the postcode' })
  .trim()
  .min(1, 'Enter the postcode')
  .max(12, 'Enter a UK postcode, like PR1 8BU')
  .refine(isUkPostcode, 'Enter a UK postcode, like PR1 8BU')
  .transform(formatPostcode);

const UK_PHONE = /^(?:\+44|0)\d{9,10}$/;

// Step 1: the organisation. Its type sets the fee table (Section 10) and the two questions decide
// who may buy SMART Veterans and Start SMART (Section 4).
export const organisationDetailsSchema = z
  .strictObject({
    name: requiredText("Enter your organisation's name", "Your organisation's name must be 200 characters or fewer", 200),
    organisationType: z.enum(ORGANISATION_TYPES, { error: 'Choose the type of organisation' }),
    sector: z.enum(SECTOR_CODES, { error: 'Choose the kind of service your organisation provides' }),
    charityOrCompanyNumber: optionalText(
      z
        .string()
        .trim()
        .max(20, 'The charity or company number must be 20 characters or fewer')
        .regex(/^[A-Za-z0-9 -]*$/, 'Enter the charity or company number with letters and numbers only, like 1190001 or SC046247'),
    ),
    address: requiredText("Enter your organisation's address", 'The address must be 500 characters or fewer', 500),
    postcode,
    servesVeterans: z.boolean({ error: 'Say whether your organisation provides services to veterans' }),
    childrensServiceProvider: z.boolean({ error: "Say whether your organisation is a children's service provider" }),
  })
  .meta({ id: 'StartUpFormOrganisation' });

// Step 2: the key contacts. Section 7: a SMART Lead is a qualified SMART Recovery Facilitator, or
// is willing to take the training if not yet qualified when the licence is set up.
export const keyContactsSchema = z
  .strictObject({
    smartLead: z.strictObject({
      name: requiredText("Enter the SMART Lead's full name", "The SMART Lead's name must be 200 characters or fewer", 200),
      email: email("the SMART Lead's"),
      phone: optionalText(
        z
          .string()
          .trim()
          .max(30, 'Enter a UK phone number, like 01632 960 001')
          .refine((value) => value === '' || UK_PHONE.test(value.replace(/[\s()-]/g, '')), 'Enter a UK phone number, like 01632 960 001 or +44 7700 900 982'),
      ),
      jobTitle: requiredText("Enter the SMART Lead's job title", 'The job title must be 200 characters or fewer', 200),
      facilitator: z.enum(FACILITATOR_STATUSES, {
        error: 'Say whether the SMART Lead is already a qualified SMART facilitator or will do the training',
      }),
    }),
    finance: z.strictObject({
      name: requiredText('Enter the name of the person or team who receives invoices', 'The finance contact must be 200 characters or fewer', 200),
      email: email("the finance contact's"),
    }),
  })
  .meta({ id: 'StartUpFormContacts' });

const siteDetailsShape = {
  name: requiredText('Enter a name for the site', 'The site name must be 120 characters or fewer', 120),
  address: requiredText("Enter the site's address", 'The address must be 500 characters or fewer', 500),
  postcode,
  /** Left out, it is read from the postcode area where the area lies in one nation. */
  nation: z.enum(NATION_CODES, { error: 'Choose England, Scotland, Wales or Northern Ireland' }).optional(),
  /** Section 3: outreach premises that are not the organisation's main site. */
  satellite: z.boolean({ error: 'Say whether the site is a satellite premises' }).default(false),
};

/**
 * Fills in a site's nation from its postcode area, or asks for it where the area crosses a border;
 * a chosen nation that contradicts the postcode is refused, since the nation decides the
 * safeguarding check its facilitators need.
 */
function withNation<T extends { postcode: string; nation?: NationCode | undefined }>(site: T, ctx: z.RefinementCtx): T & { nation: NationCode } {
  const fromArea = nationOfPostcode(site.postcode);
  if (site.nation === undefined) {
    if (fromArea !== null) return { ...site, nation: fromArea };
    ctx.addIssue({
      code: 'custom',
      path: ['nation'],
      message: `Choose the nation the site is in: postcodes starting ${postcodeArea(site.postcode) ?? site.postcode} are not all in one nation`,
    });
    return z.NEVER;
  }
  if (fromArea !== null && fromArea !== site.nation) {
    ctx.addIssue({
      code: 'custom',
      path: ['nation'],
      message: `${site.postcode} is in ${nationName(fromArea)}: choose ${nationName(fromArea)}, or check the postcode`,
    });
    return z.NEVER;
  }
  return { ...site, nation: site.nation };
}

const siteDetailsSchema = z.strictObject(siteDetailsShape).transform(withNation);

// Step 3: the sites. Section 9: licences are site-specific, so every site is named.
export const siteListSchema = z.strictObject({
  sites: z
    .array(siteDetailsSchema)
    .min(1, 'Add at least one site')
    .max(MAX_QUOTE_SITES, `List at most ${MAX_QUOTE_SITES} sites; for more, contact partnerships@smartrecovery.org.uk`),
});

// Step 4: the licences for each site. Leaving a site with none is left to the domain's rule, which
// says which site and what to do.
export const siteLicencesSchema = z.strictObject({
  sites: z.array(z.strictObject({ licences: z.array(licenceTypeCodeSchema).max(20) })).max(MAX_QUOTE_SITES),
});

// Step 5: Section 6 step 1A: a Purchase Order Number so UKSR can raise the invoice, or a request
// for a quotation first so that the organisation can raise a PO.
export const purchaseSchema = z
  .strictObject({
    method: z.enum(PURCHASE_METHODS, { error: 'Say whether you have a purchase order number or need a quotation first' }),
    purchaseOrderNumber: optionalText(z.string().trim().max(50, 'The purchase order number must be 50 characters or fewer')),
    // The quotation Partner Hub issued for these licences, if any, so Central Office sees the prices
    // quoted (docs/decisions/177). Whether it was issued is checked against the quotes kept.
    quoteReference: optionalText(
      z
        .string()
        .trim()
        .toUpperCase()
        .max(40, QUOTE_REFERENCE_FORMAT)
        .refine((value) => value === '' || QUOTE_REFERENCE_PATTERN.test(value), QUOTE_REFERENCE_FORMAT),
    ),
  })
  .superRefine((purchase, ctx) => {
    if (purchase.method === 'purchase-order' && purchase.purchaseOrderNumber === undefined) {
      ctx.addIssue({ code: 'custom', path: ['purchaseOrderNumber'], message: 'Enter the purchase order number' });
    }
  })
  // A number typed before choosing "quotation first" is not a PO the invoice can quote.
  .transform((purchase) =>
    purchase.method === 'quotation-first' ? { method: purchase.method, ...(purchase.quoteReference ? { quoteReference: purchase.quoteReference } : {}) } : purchase,
  )
  .meta({ id: 'StartUpFormPurchase' });

// Step 6: what the organisation agrees to.
export const declarationsSchema = z
  .strictObject({
    // Section 9: meetings take place at the licensed sites listed in the partnership agreement.
    licensedSitesOnly: z.literal(true, { error: 'Confirm that SMART meetings will take place only at licensed sites' }),
    // Sections 3 and 8: programmes are delivered by suitably trained and qualified facilitators.
    trainedFacilitators: z.literal(true, { error: 'Confirm that only trained SMART facilitators will deliver SMART programmes' }),
    // Section 6 step 6 and Section 9: every meeting is registered with UKSR, open or closed.
    registerMeetings: z.literal(true, { error: 'Confirm that every SMART meeting will be registered with UKSR' }),
    // Section 7: facilitators comply with the UKSR Facilitator Code of Conduct.
    codeOfConduct: z.literal(true, { error: 'Confirm that facilitators will follow the UKSR Facilitator Code of Conduct' }),
    authorised: z.literal(true, { error: 'Confirm that you are authorised to submit this form for your organisation' }),
  })
  .meta({ id: 'StartUpFormDeclarations' });

/** The whole Start-Up Form, as the API takes it and as it is kept once submitted. */
export const startUpFormSchema = z
  .strictObject({
    organisation: organisationDetailsSchema,
    contacts: keyContactsSchema,
    sites: z
      .array(
        z
          .strictObject({ ...siteDetailsShape, licences: z.array(licenceTypeCodeSchema).max(20) })
          .transform(withNation),
      )
      .min(1, 'Add at least one site')
      .max(MAX_QUOTE_SITES, `List at most ${MAX_QUOTE_SITES} sites`),
    purchase: purchaseSchema,
    declarations: declarationsSchema,
  })
  .meta({ id: 'StartUpForm' });
export type StartUpFormInput = z.input<typeof startUpFormSchema>;
export type StartUpFormAnswers = z.output<typeof startUpFormSchema>;

/**
 * What a draft holds: whatever was typed, valid or not, in the form's own shape. Nothing typed is
 * lost, so every field may be missing or wrong until the step is checked.
 */
export type StartUpFormDraft = Loose<StartUpFormInput>;
type Loose<T> = T extends boolean
  ? boolean
  : T extends string
    ? string
    : T extends readonly (infer U)[]
      ? Loose<U>[]
      : T extends object
        ? { [K in keyof T]?: Loose<T[K]> | undefined }
        : T;

// Answers.

/** The answer to a submission: its reference and the prices fixed from the schedule in force. */
export const startUpFormSubmittedSchema = z
  .object({
    reference: z.string(),
    status: z.enum(START_UP_FORM_STATUSES),
    lines: z.array(quoteLineSchema),
    totalPence: z.int().nonnegative(),
    /** True while Central Office still has to price a line; the total is then not the final price. */
    priceOnRequest: z.boolean(),
  })
  .meta({ id: 'StartUpFormSubmitted' });
export type StartUpFormSubmitted = z.infer<typeof startUpFormSubmittedSchema>;

/** A priced line as Central Office reviews it. */
export const startUpFormLineSchema = z
  .object({
    /** The line's position, which the prices request names. */
    index: z.int().nonnegative(),
    site: z.string().nullable(),
    description: z.string(),
    rule: z.string(),
    /** Central Office prices this line (Section 10: corporate partnerships, or no published fee). */
    priceOnRequest: z.boolean(),
    /** Pence; null while a price-on-request line has no agreed amount yet. */
    amountPence: z.int().nonnegative().nullable(),
  })
  .meta({ id: 'StartUpFormLine' });
export type StartUpFormLine = z.infer<typeof startUpFormLineSchema>;

export const startUpFormSummarySchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    status: z.enum(START_UP_FORM_STATUSES),
    organisationName: z.string(),
    submittedAt: z.string(),
    totalPence: z.int().nonnegative(),
    /** Lines still waiting for Central Office's price. */
    unpricedLines: z.int().nonnegative(),
  })
  .meta({ id: 'StartUpFormSummary' });
export type StartUpFormSummary = z.infer<typeof startUpFormSummarySchema>;

export const startUpFormListSchema = z
  .object({ items: z.array(startUpFormSummarySchema), total: z.int().nonnegative() })
  .meta({ id: 'StartUpFormList' });
export type StartUpFormList = z.infer<typeof startUpFormListSchema>;

export const startUpFormListQuerySchema = z.object({
  /** Without a status, every form that has been submitted at least once. */
  status: z.enum(['submitted', 'changes_requested', 'accepted']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

// The submitted answers as they are kept: plain values, already checked when they were submitted.
const keptAnswersSchema = z
  .object({
    organisation: z.object({
      name: z.string(),
      organisationType: z.enum(ORGANISATION_TYPES),
      sector: z.string(),
      charityOrCompanyNumber: z.string().optional(),
      address: z.string(),
      postcode: z.string(),
      servesVeterans: z.boolean(),
      childrensServiceProvider: z.boolean(),
    }),
    contacts: z.object({
      smartLead: z.object({
        name: z.string(),
        email: z.string(),
        phone: z.string().optional(),
        jobTitle: z.string(),
        facilitator: z.enum(FACILITATOR_STATUSES),
      }),
      finance: z.object({ name: z.string(), email: z.string() }),
    }),
    sites: z.array(
      z.object({
        name: z.string(),
        address: z.string(),
        postcode: z.string(),
        nation: z.enum(NATION_CODES),
        satellite: z.boolean(),
        licences: z.array(licenceTypeCodeSchema),
      }),
    ),
    // quoteReference is absent from forms submitted before it was asked for.
    purchase: z.object({ method: z.enum(PURCHASE_METHODS), purchaseOrderNumber: z.string().optional(), quoteReference: z.string().optional() }),
    declarations: z.record(z.string(), z.boolean()),
  })
  .meta({ id: 'StartUpFormAnswers' });

/** A quotation named on a Start-Up Form, for Central Office beside the form's own prices. */
export const startUpFormQuoteSchema = z
  .object({
    reference: z.string(),
    issuedOn: z.iso.date(),
    validUntil: z.iso.date(),
    /** Whether the quotation still held its prices on the UK day the form was (last) submitted. */
    validWhenSubmitted: z.boolean(),
    status: z.enum(QUOTE_STATUSES),
    /** The quoted lines as the requester reads them, with any price Central Office agreed since. */
    lines: z.array(quoteLineSchema),
    totalPence: z.int().nonnegative(),
    /** True while a quoted line still waits for Central Office's price. */
    priceOnRequest: z.boolean(),
  })
  .meta({ id: 'StartUpFormQuote' });
export type StartUpFormQuote = z.infer<typeof startUpFormQuoteSchema>;

export const startUpFormDetailSchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    status: z.enum(START_UP_FORM_STATUSES),
    /** Changes with every change to the form; send it back with a review action. */
    version: z.int(),
    answers: keptAnswersSchema,
    feeScheduleId: z.string(),
    lines: z.array(startUpFormLineSchema),
    totalPence: z.int().nonnegative(),
    unpricedLines: z.int().nonnegative(),
    submittedAt: z.string(),
    changesRequested: z.object({ message: z.string(), at: z.string() }).nullable(),
    acceptedAt: z.string().nullable(),
    acceptedBy: z.string().nullable(),
    /**
     * The quotation the applicant named, as it stands, so Central Office can honour its prices
     * (docs/decisions/177); null when none was named.
     */
    quote: startUpFormQuoteSchema.nullable(),
    /** The invoice issued from the accepted form, once there is one (Section 6 step 2). */
    invoice: z.object({ id: z.string(), reference: z.string(), organisationId: z.string() }).nullable(),
  })
  .meta({ id: 'StartUpFormDetail' });
export type StartUpFormDetail = z.infer<typeof startUpFormDetailSchema>;

const version = z.int({ error: 'Send the version of the form you reviewed' }).min(1);

export const requestChangesSchema = z
  .strictObject({
    version,
    message: requiredText('Say what needs to change', 'The message must be 2,000 characters or fewer', 2_000),
  })
  .meta({ id: 'StartUpFormRequestChanges' });

export const agreePricesSchema = z
  .strictObject({
    version,
    prices: z
      .array(z.strictObject({ line: z.int().nonnegative(), amountPence: z.int().nonnegative().max(100_000_000) }))
      .min(1, 'Give the agreed price of at least one line')
      .max(200),
  })
  .meta({ id: 'StartUpFormAgreePrices' });

export const acceptStartUpFormSchema = z.strictObject({ version }).meta({ id: 'StartUpFormAccept' });
