import { z } from 'zod';
import { isIsoDate } from '../../domain/iso-date.js';
import { REGIONS } from '../../domain/reference.js';

/**
 * The Coordinator's workspace (Sections 1, 6 and 7): the home page of what needs them in their
 * region or programme, each partner organisation's page, and notes of contact. Decisions 125–126.
 */

const regionCodes = REGIONS.map((r) => r.code) as [string, ...string[]];
const isoDate = (message: string) => z.string().refine(isIsoDate, { message });

export const workspaceQuerySchema = z.object({
  /** Narrow to one region (always within the person's own scope). */
  region: z.enum(regionCodes).optional(),
});

const named = z.object({ id: z.string(), name: z.string() });

/**
 * The home page's sections. The home page carries each one's first page and its count; the rest
 * of a section is read a page at a time from GET /api/v1/workspace/sections/:section (decision 159).
 */
export const WORKSPACE_SECTIONS = [
  'nominations-to-enrol',
  'new-meetings',
  'smart-leads-not-qualified',
  'facilitators-due',
  'meetings-behind-on-surveys',
  'licences',
  'organisations-without-meetings',
] as const;
export type WorkspaceSection = (typeof WORKSPACE_SECTIONS)[number];
/** How many of each section the home page shows at a time. */
export const WORKSPACE_PAGE_SIZE = 20;

export const workspaceSectionParamsSchema = z.object({ section: z.enum(WORKSPACE_SECTIONS) });
export const workspaceSectionQuerySchema = workspaceQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(100).default(WORKSPACE_PAGE_SIZE),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type WorkspaceSectionQuery = z.infer<typeof workspaceSectionQuerySchema>;

const nominationItem = z.object({ id: z.string(), nomineeName: z.string(), organisation: named, siteName: z.string(), nominatedOn: z.string() });
const newMeetingItem = z.object({ id: z.string(), name: z.string(), organisation: named.nullable(), regionName: z.string(), startsOn: z.string(), registeredOn: z.string() });
const smartLeadItem = z.object({ organisation: named, smartLead: z.string().nullable(), inTraining: z.boolean() });
const facilitatorDueItem = z.object({
  id: z.string(),
  name: z.string(),
  organisations: z.array(named),
  check: z.enum(['missing', 'due', 'expired', 'current']),
  checkDueOn: z.string().nullable(),
  /** The last day the check counts (the day before checkDueOn), as the facilitator record shows it. */
  checkValidUntil: z.string().nullable(),
  codeOfConductCurrent: z.boolean(),
});
const behindItem = z.object({ id: z.string(), name: z.string(), organisation: named.nullable(), overdue: z.number().int() });
const licenceItem = z.object({ id: z.string(), number: z.string(), status: z.string(), licenceTypeName: z.string(), organisation: named, siteName: z.string(), endsOn: z.string() });
const organisationItem = z.object({ id: z.string(), name: z.string(), regionName: z.string() });

export const workspaceHomeSchema = z
  .object({
    today: z.string(),
    scopeLabel: z.string(),
    region: z.string().nullable(),
    /** Each list below is the first page of its section, at most this many; the counts are the sections' totals. */
    pageSize: z.number().int(),
    counts: z.object({
      organisations: z.number().int(),
      nominationsToEnrol: z.number().int(),
      newMeetings: z.number().int(),
      smartLeadsNotQualified: z.number().int(),
      facilitatorsDue: z.number().int(),
      meetingsBehindOnSurveys: z.number().int(),
      licencesExpiring: z.number().int(),
      licencesLapsed: z.number().int(),
      organisationsWithoutMeetings: z.number().int(),
    }),
    nominationsToEnrol: z.array(nominationItem),
    newMeetings: z.array(newMeetingItem),
    smartLeadsNotQualified: z.array(smartLeadItem),
    facilitatorsDue: z.array(facilitatorDueItem),
    meetingsBehindOnSurveys: z.array(behindItem),
    /** Expiring licences first, then those in grace or lapsed. */
    licences: z.array(licenceItem),
    organisationsWithoutMeetings: z.array(organisationItem),
  })
  .meta({ id: 'WorkspaceHome' });
export type WorkspaceHomeResponse = z.infer<typeof workspaceHomeSchema>;

const sectionPage = <S extends WorkspaceSection, T extends z.ZodType>(section: S, item: T) =>
  z.object({ section: z.literal(section), region: z.string().nullable(), total: z.number().int(), limit: z.number().int(), offset: z.number().int(), items: z.array(item) });

/** One page of one section of the home page, with the section's total. */
export const workspaceSectionSchema = z
  .discriminatedUnion('section', [
    sectionPage('nominations-to-enrol', nominationItem),
    sectionPage('new-meetings', newMeetingItem),
    sectionPage('smart-leads-not-qualified', smartLeadItem),
    sectionPage('facilitators-due', facilitatorDueItem),
    sectionPage('meetings-behind-on-surveys', behindItem),
    sectionPage('licences', licenceItem),
    sectionPage('organisations-without-meetings', organisationItem),
  ])
  .meta({ id: 'WorkspaceSectionPage' });
export type WorkspaceSectionResponse = z.infer<typeof workspaceSectionSchema>;

export const CONTACT_KINDS = [
  { code: 'call', name: 'Phone or video call' },
  { code: 'email', name: 'Email' },
  { code: 'visit', name: 'Visit' },
  { code: 'meeting', name: 'Meeting' },
  { code: 'other', name: 'Other' },
] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number]['code'];

/** A Coordinator records a dated note of a call, email, visit or meeting with an organisation. */
export const newContactNoteSchema = z
  .strictObject({
    contactOn: isoDate('Enter the date of the contact, like 2026-11-20'),
    kind: z.enum(CONTACT_KINDS.map((k) => k.code) as [ContactKind, ...ContactKind[]], { message: 'Choose how you were in contact' }),
    summary: z.string().trim().min(1, 'Enter a note of the contact').max(4000, 'Use 4,000 characters or fewer'),
  })
  .meta({ id: 'NewContactNote' });
export type NewContactNote = z.infer<typeof newContactNoteSchema>;

export const contactNoteSchema = z.object({
  id: z.string(),
  contactOn: z.string(),
  kind: z.string(),
  summary: z.string(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
});
export type ContactNoteResponse = z.infer<typeof contactNoteSchema>;

export const workspaceOrganisationSchema = z
  .object({
    organisation: z.object({
      id: z.string(),
      name: z.string(),
      organisationType: z.string(),
      sectorName: z.string(),
      regionName: z.string(),
      address: z.string().nullable(),
      postcode: z.string().nullable(),
    }),
    smartLead: z.object({ name: z.string().nullable(), qualified: z.boolean(), inTraining: z.boolean() }),
    sites: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        address: z.string(),
        postcode: z.string(),
        regionName: z.string(),
        satellite: z.boolean(),
        latitude: z.number().nullable(),
        longitude: z.number().nullable(),
      }),
    ),
    licences: z.array(z.object({ id: z.string(), number: z.string(), licenceTypeName: z.string(), status: z.string(), siteName: z.string(), startsOn: z.string(), endsOn: z.string() })),
    facilitators: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        qualified: z.boolean(),
        inTraining: z.boolean(),
        check: z.enum(['missing', 'due', 'expired', 'current']),
        checkDueOn: z.string().nullable(),
        checkValidUntil: z.string().nullable(),
        codeOfConductCurrent: z.boolean(),
        eligible: z.boolean(),
        reasons: z.array(z.string()),
      }),
    ),
    meetings: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        programmeName: z.string(),
        status: z.string(),
        when: z.string(),
        siteName: z.string().nullable(),
        publiclyVisible: z.boolean(),
        latitude: z.number().nullable(),
        longitude: z.number().nullable(),
      }),
    ),
    visits: z.array(z.object({ id: z.string(), kind: z.string(), status: z.string(), scheduledOn: z.string(), visitedOn: z.string().nullable(), siteName: z.string() })),
    notes: z.array(contactNoteSchema),
  })
  .meta({ id: 'WorkspaceOrganisation' });
export type WorkspaceOrganisationResponse = z.infer<typeof workspaceOrganisationSchema>;
