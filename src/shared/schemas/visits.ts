import { z } from 'zod';
import { isIsoDate } from '../../domain/iso-date.js';
import { STRUCTURE_ITEMS, type StructureItem } from '../../domain/visits/meeting-structure.js';

const isoDate = (message: string) => z.string().refine(isIsoDate, { message });
const time = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'Enter a time like 18:30');
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));
const uuid = (message: string) => z.uuid({ message });

/** A Coordinator schedules a site visit or a quality-assurance visit (Section 6, ongoing support). */
export const newVisitSchema = z
  .strictObject({
    kind: z.enum(['site', 'quality_assurance'], { message: 'Choose the kind of visit' }),
    organisationId: uuid('Choose the organisation'),
    siteId: uuid('Choose the site'),
    meetingId: z.union([z.uuid({ message: 'Choose a meeting from the list' }), z.literal('').transform(() => undefined)]).optional(),
    scheduledOn: isoDate('Enter the date of the visit, like 2026-12-10'),
    scheduledTime: z.union([time, z.literal('').transform(() => undefined)]).optional(),
    purpose: optionalText(1000),
  })
  .meta({ id: 'NewVisit' });
export type NewVisit = z.infer<typeof newVisitSchema>;

export const newVisitActionSchema = z.strictObject({
  description: z.string().trim().min(1, 'Describe the action').max(500, 'Use 500 characters or fewer'),
  owner: optionalText(200),
  dueOn: z.union([isoDate('Enter a real date, like 2027-01-15'), z.literal('').transform(() => undefined)]).optional(),
});

/** What the visitor saw against the SMART Recovery Meeting Structure (Section 8), their feedback and the actions agreed. */
export const recordVisitSchema = z
  .strictObject({
    visitedOn: isoDate('Enter the date of the visit, like 2026-12-10'),
    structure: z.strictObject(Object.fromEntries(STRUCTURE_ITEMS.map((item) => [item, z.boolean({ message: 'Say whether you saw this' })])) as Record<StructureItem, z.ZodBoolean>),
    observations: z.string().trim().min(1, 'Write what you observed').max(5000, 'Use 5,000 characters or fewer'),
    feedback: z.string().trim().min(1, 'Write the feedback for the SMART Lead and facilitators').max(5000, 'Use 5,000 characters or fewer'),
    actions: z.array(newVisitActionSchema).max(20, 'Agree at most 20 actions at one visit').default([]),
  })
  .meta({ id: 'RecordVisit' });
export type RecordVisit = z.infer<typeof recordVisitSchema>;

export const visitListQuerySchema = z.strictObject({
  organisationId: z.uuid().optional(),
  status: z.enum(['scheduled', 'recorded']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const visitActionSchema = z.object({
  id: z.string(),
  visitId: z.string(),
  description: z.string(),
  owner: z.string().nullable(),
  dueOn: z.string().nullable(),
  status: z.enum(['open', 'done']),
  doneOn: z.string().nullable(),
});
export type VisitActionResponse = z.infer<typeof visitActionSchema>;

export const visitSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(['site', 'quality_assurance']),
  status: z.enum(['scheduled', 'recorded']),
  organisation: z.object({ id: z.string(), name: z.string() }),
  site: z.object({ id: z.string(), name: z.string() }),
  meeting: z.object({ id: z.string(), name: z.string() }).nullable(),
  scheduledOn: z.string(),
  scheduledTime: z.string().nullable(),
  visitor: z.object({ id: z.string(), name: z.string() }),
  openActions: z.number().int(),
});

export const visitListSchema = z.object({ items: z.array(visitSummarySchema), total: z.number().int() }).meta({ id: 'VisitList' });

export const visitSchema = visitSummarySchema
  .extend({
    purpose: z.string().nullable(),
    visitedOn: z.string().nullable(),
    structure: z.array(z.object({ code: z.string(), name: z.string(), observed: z.boolean() })).nullable(),
    observations: z.string().nullable(),
    feedback: z.string().nullable(),
    reportSentTo: z.string().nullable(),
    actions: z.array(visitActionSchema),
    /** Whether the person looking may record the visit and its actions. */
    canRecord: z.boolean(),
    canCloseActions: z.boolean(),
  })
  .meta({ id: 'Visit' });
export type VisitResponse = z.infer<typeof visitSchema>;

export const visitActionListQuerySchema = z.strictObject({
  organisationId: z.uuid().optional(),
  status: z.enum(['open', 'done']).default('open'),
});
export const visitActionListSchema = z
  .object({ items: z.array(visitActionSchema.extend({ organisation: z.object({ id: z.string(), name: z.string() }), visitedOn: z.string().nullable() })) })
  .meta({ id: 'VisitActionList' });

export const meetingChoicesQuerySchema = z.strictObject({ siteId: z.uuid({ message: 'Choose the site' }) });
export const meetingChoicesSchema = z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) }).meta({ id: 'VisitMeetingChoices' });
