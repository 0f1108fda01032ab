import { z } from 'zod';
import { isIsoDate } from '../../domain/iso-date.js';

/**
 * Facilitators, their qualifications, safeguarding checks (metadata only), the recheck policy and
 * the Facilitator Code of Conduct (Sections 4, 7, 8 and 9). The same schemas validate the API and
 * drive the portal's forms.
 */

export const QUALIFICATION_CODES = ['smart-facilitator', 'family-and-friends-module', 'veterans-module'] as const;
export const QUALIFICATION_NAMES: Record<(typeof QUALIFICATION_CODES)[number], string> = {
  'smart-facilitator': 'SMART Facilitator',
  'family-and-friends-module': 'Family & Friends module',
  'veterans-module': 'Veterans module',
};
export const CAPACITIES = ['staff', 'volunteer'] as const;
export const VOLUNTEER_STATUSES = ['onboarding', 'active', 'paused', 'left'] as const;
export const CHECK_KINDS = ['dbs', 'pvg', 'accessni'] as const;
export const CHECK_DECISIONS = ['suitable', 'not_suitable'] as const;
/** The levels each kind of check comes in; a facilitator working with adults needs at least enhanced DBS. */
export const CHECK_LEVELS = {
  dbs: ['basic', 'standard', 'enhanced', 'enhanced-with-barred-lists'],
  accessni: ['basic', 'standard', 'enhanced'],
  pvg: ['pvg-scheme-record', 'pvg-scheme-update'],
} as const satisfies Record<(typeof CHECK_KINDS)[number], readonly string[]>;
export const CHECK_LEVEL_NAMES: Record<string, string> = {
  basic: 'Basic',
  standard: 'Standard',
  enhanced: 'Enhanced',
  'enhanced-with-barred-lists': 'Enhanced with barred lists',
  'pvg-scheme-record': 'PVG Scheme Record',
  'pvg-scheme-update': 'PVG Scheme Record update',
};

export const isoDate = (message = 'Enter a real date, like 2026-11-24') => z.string({ error: message }).refine(isIsoDate, message);

const email = z.email({ error: 'Enter an email address, like name@example.org' }).max(200, 'The email address must be 200 characters or fewer');

/** A SMART Lead adds a facilitator to their organisation and invites them (Central Office may add UKSR volunteers). */
export const newFacilitatorSchema = z
  .strictObject({
    name: z.string({ error: 'Enter their full name' }).trim().min(1, 'Enter their full name').max(200, 'The name must be 200 characters or fewer'),
    email,
    phone: z.string().trim().max(40, 'The phone number must be 40 characters or fewer').optional(),
    organisationId: z.uuid().optional(),
    capacity: z.enum(CAPACITIES, { error: 'Say whether they are staff or a volunteer' }).optional(),
    uksrVolunteerStatus: z.enum(VOLUNTEER_STATUSES).optional(),
    isVeteran: z.boolean().default(false),
    inTraining: z.boolean().default(false),
    invite: z.boolean().default(true),
  })
  .meta({ id: 'NewFacilitator' });
export type NewFacilitator = z.infer<typeof newFacilitatorSchema>;

/**
 * A SMART Lead corrects a facilitator's record (docs/decisions/043). Only the fields sent change;
 * the email address, which is how the person signs in and is invited, only Central Office may change.
 */
export const updateFacilitatorSchema = z
  .strictObject({
    name: z.string({ error: 'Enter their full name' }).trim().min(1, 'Enter their full name').max(200, 'The name must be 200 characters or fewer').optional(),
    email: email.optional(),
    phone: z.string().trim().max(40, 'The phone number must be 40 characters or fewer').nullable().optional(),
    isVeteran: z.boolean().optional(),
    inTraining: z.boolean().optional(),
  })
  .meta({ id: 'FacilitatorUpdate' });
export type UpdateFacilitator = z.infer<typeof updateFacilitatorSchema>;

/** The sites, of the organisations they facilitate for, where the facilitator facilitates. */
export const facilitatorSitesSchema = z
  .strictObject({ siteIds: z.array(z.uuid({ error: 'Choose sites from the list' })).max(200) })
  .meta({ id: 'FacilitatorSites' });

export const qualificationSchema = z.strictObject({ code: z.enum(QUALIFICATION_CODES), achievedOn: isoDate() }).meta({ id: 'Qualification' });

const DBS_NUMBER = /^\d{12}$/;
const PVG_NUMBER = /^\d{16}$/;
const ACCESSNI_NUMBER = /^[A-Z0-9]{6,20}$/;

/**
 * A safeguarding check as metadata only. The schema is strict, so nothing but these fields (no
 * image, no copy, no contents of the certificate) can be sent.
 */
export const newSafeguardingCheckSchema = z
  .strictObject({
    kind: z.enum(CHECK_KINDS, { error: 'Choose the kind of check' }),
    level: z.string({ error: 'Choose the level of the check' }).min(1, 'Choose the level of the check').max(40),
    certificateNumber: z.string({ error: 'Enter the certificate or PVG scheme number' }).trim().toUpperCase().min(1, 'Enter the certificate or PVG scheme number').max(30),
    issuedOn: isoDate('Enter the date the certificate was issued, like 2026-11-24'),
    updateServiceSubscribed: z.boolean().default(false),
    updateServiceCheckedOn: isoDate('Enter the date the Update Service was last checked, like 2026-11-24').nullable().default(null),
    verifiedOn: isoDate('Enter the date you saw the certificate, like 2026-11-24'),
    decision: z.enum(CHECK_DECISIONS, { error: 'Record your decision' }),
  })
  .superRefine((check, ctx) => {
    const levels: readonly string[] = CHECK_LEVELS[check.kind];
    if (!levels.includes(check.level)) ctx.addIssue({ code: 'custom', path: ['level'], message: 'Choose a level this kind of check comes in' });
    const pattern = check.kind === 'dbs' ? DBS_NUMBER : check.kind === 'pvg' ? PVG_NUMBER : ACCESSNI_NUMBER;
    const shape = check.kind === 'dbs' ? 'a DBS certificate number is 12 digits' : check.kind === 'pvg' ? 'a PVG scheme number is 16 digits' : 'an AccessNI certificate number is 6 to 20 letters and digits';
    if (!pattern.test(check.certificateNumber)) ctx.addIssue({ code: 'custom', path: ['certificateNumber'], message: `Enter the number as printed: ${shape}` });
    if (check.kind !== 'dbs' && check.updateServiceSubscribed) {
      ctx.addIssue({ code: 'custom', path: ['updateServiceSubscribed'], message: 'Only DBS certificates can be on the DBS Update Service' });
    }
    if (check.updateServiceSubscribed && !check.updateServiceCheckedOn) {
      ctx.addIssue({ code: 'custom', path: ['updateServiceCheckedOn'], message: 'Enter when the Update Service was last checked' });
    }
    if (check.verifiedOn < check.issuedOn) ctx.addIssue({ code: 'custom', path: ['verifiedOn'], message: 'The certificate must have been seen on or after its issue date' });
  })
  .meta({ id: 'NewSafeguardingCheck' });
export type NewSafeguardingCheck = z.infer<typeof newSafeguardingCheckSchema>;

/** What everyone who may see the facilitator sees about a check: its status and until when it counts. */
export const checkSummarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(CHECK_KINDS),
    status: z.enum(['valid', 'due', 'expired', 'not_suitable']),
    validUntil: z.string(),
  })
  .meta({ id: 'SafeguardingCheckSummary' });

/** The details, for Central Office and the facilitator's own SMART Lead; every view is audited. */
export const checkDetailSchema = checkSummarySchema
  .extend({
    level: z.string(),
    /** Null once removed under the retention policy (decision 102). */
    certificateNumber: z.string().nullable(),
    issuedOn: z.string(),
    recheckDueOn: z.string(),
    updateServiceSubscribed: z.boolean(),
    updateServiceCheckedOn: z.string().nullable(),
    verifiedBy: z.string().nullable(),
    verifiedOn: z.string(),
    decision: z.enum(CHECK_DECISIONS),
  })
  .meta({ id: 'SafeguardingCheck' });
export type CheckDetail = z.infer<typeof checkDetailSchema>;

export const facilitatorSchema = z
  .object({
    id: z.string(),
    /** The record's version, also its ETag: send it back in If-Match to edit (decision 101). */
    version: z.number().int(),
    name: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    hasAccount: z.boolean(),
    isVeteran: z.boolean(),
    inTraining: z.boolean(),
    uksrVolunteerStatus: z.enum(VOLUNTEER_STATUSES).nullable(),
    organisations: z.array(z.object({ id: z.string(), name: z.string(), capacity: z.enum(CAPACITIES) })),
    /** The sites where they facilitate (docs/decisions/043). */
    sites: z.array(z.object({ id: z.string(), name: z.string(), organisationId: z.string(), nation: z.string() })),
    /** The kinds of check their work needs: the check follows the nation of the sites (Sections 8 and 9). Empty when no site says. */
    checkKindsNeeded: z.array(z.enum(CHECK_KINDS)),
    qualifications: z.array(z.object({ code: z.enum(QUALIFICATION_CODES), name: z.string(), achievedOn: z.string() })),
    checks: z.array(checkSummarySchema),
    codeOfConduct: z.object({ currentVersion: z.string(), acceptedVersion: z.string().nullable(), acceptedAt: z.string().nullable(), current: z.boolean() }),
    /** Whether the viewer may open the check details (Central Office or the facilitator's own SMART Lead). */
    canSeeCheckDetails: z.boolean(),
    isSmartLead: z.boolean(),
    /** The organisations whose link the viewer may manage (edit, sites, remove): Central Office all, a SMART Lead their own. */
    manages: z.array(z.string()),
    /** Whether the viewer may change the email address (Central Office only). */
    canEditEmail: z.boolean(),
  })
  .meta({ id: 'Facilitator' });
export type FacilitatorResponse = z.infer<typeof facilitatorSchema>;

export const facilitatorListSchema = z
  .object({
    items: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), organisations: z.array(z.string()), qualified: z.boolean(), checkValidUntil: z.string().nullable(), codeOfConductCurrent: z.boolean() })),
    total: z.number().int(),
  })
  .meta({ id: 'FacilitatorList' });
export type FacilitatorListResponse = z.infer<typeof facilitatorListSchema>;

/** What a facilitator gets from GET /api/v1/facilitators: the names of their own organisations' facilitators, to choose co-facilitators. */
export const facilitatorNameListSchema = z
  .object({ items: z.array(z.object({ id: z.string(), name: z.string() })), total: z.number().int() })
  .meta({ id: 'FacilitatorNameList' });
export type FacilitatorNameListResponse = z.infer<typeof facilitatorNameListSchema>;

export const facilitatorListQuerySchema = z.object({
  organisationId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const eligibilityQuerySchema = z.object({
  programme: z.enum(['smart-recovery', 'family-and-friends', 'insideout', 'veterans', 'start-smart']),
  siteId: z.uuid(),
  date: isoDate().optional(),
});

export const eligibilitySchema = z
  .object({
    allowed: z.boolean(),
    date: z.string(),
    reasons: z.array(z.object({ code: z.string(), message: z.string(), because: z.array(z.object({ code: z.string(), message: z.string() })).optional() })),
  })
  .meta({ id: 'Eligibility' });
export type EligibilityResponse = z.infer<typeof eligibilitySchema>;

export const safeguardingPolicySchema = z
  .strictObject({
    recheckAfterYears: z.strictObject({
      dbs: z.number().int().min(1).max(10),
      pvg: z.number().int().min(1).max(10),
      accessni: z.number().int().min(1).max(10),
    }),
  })
  .meta({ id: 'SafeguardingPolicy' });

export const codeOfConductSchema = z
  .object({ version: z.string(), body: z.string(), publishedAt: z.string(), acceptedVersion: z.string().nullable(), acceptedAt: z.string().nullable() })
  .meta({ id: 'CodeOfConduct' });
export type CodeOfConductResponse = z.infer<typeof codeOfConductSchema>;

export const newCodeOfConductSchema = z
  .strictObject({
    version: z.string().trim().regex(/^\d{4}\.\d{1,3}$/, 'Give the version as year and number, like 2027.1'),
    body: z.string().trim().min(20, 'Enter the text of the Code of Conduct').max(50_000),
  })
  .meta({ id: 'NewCodeOfConduct' });

export const acceptCodeOfConductSchema = z.strictObject({ version: z.string().max(20) }).meta({ id: 'CodeOfConductAcceptance' });

export const smartLeadHandoverSchema = z.strictObject({ facilitatorId: z.uuid() }).meta({ id: 'SmartLeadHandover' });

export const smartLeadWarningsSchema = z
  .object({ items: z.array(z.object({ organisationId: z.string(), organisationName: z.string(), smartLead: z.string().nullable(), warning: z.string() })) })
  .meta({ id: 'SmartLeadWarnings' });
