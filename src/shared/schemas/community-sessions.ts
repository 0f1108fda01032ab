import { z } from 'zod';
import { COMMUNITY_SESSION_KIND_CODES } from '../../domain/community-sessions/sessions.js';
import { isIsoDate } from '../../domain/iso-date.js';
import { REGIONS } from '../../domain/reference.js';

const regionCodes = REGIONS.map((r) => r.code) as [string, ...string[]];

/** A Facilitator Community Group or Tool Time session, online, for a region's facilitators or everyone's (Section 6). */
export const newCommunitySessionSchema = z
  .strictObject({
    kind: z.enum(COMMUNITY_SESSION_KIND_CODES, { message: 'Choose the kind of session' }),
    title: z.string().trim().max(200, 'Use 200 characters or fewer').optional().transform((v) => (v ? v : undefined)),
    date: z.string().refine(isIsoDate, { message: 'Enter the date, like 2026-12-10' }),
    time: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'Enter the start time in UK time, like 18:30'),
    durationMinutes: z.coerce.number({ message: 'Enter how long it lasts in minutes' }).int('Enter a whole number of minutes').min(15, 'A session lasts at least 15 minutes').max(480, 'A session lasts at most 8 hours'),
    joiningUrl: z
      .string()
      .trim()
      .max(500, 'Use 500 characters or fewer')
      .pipe(z.url({ protocol: /^https$/, message: 'Enter the joining link, starting https://' })),
    /** A region's code, or 'national' for every facilitator. */
    audience: z.enum([...regionCodes, 'national'] as [string, ...string[]], { message: 'Choose who is invited' }),
    description: z.string().trim().max(2000, 'Use 2,000 characters or fewer').optional().transform((v) => (v ? v : undefined)),
  })
  .meta({ id: 'NewCommunitySession' });
export type NewCommunitySession = z.infer<typeof newCommunitySessionSchema>;

export const attendanceSchema = z
  .strictObject({ facilitatorIds: z.array(z.uuid({ message: 'Choose facilitators from the list' })).max(1000) })
  .meta({ id: 'CommunitySessionAttendance' });

export const sessionListQuerySchema = z.strictObject({
  when: z.enum(['upcoming', 'past', 'all']).default('all'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const communitySessionSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(COMMUNITY_SESSION_KIND_CODES),
  kindName: z.string(),
  title: z.string(),
  startsAt: z.string(),
  durationMinutes: z.number().int(),
  joiningUrl: z.string(),
  audience: z.object({ code: z.string(), name: z.string() }),
  invitationsSentAt: z.string().nullable(),
  attended: z.number().int(),
});
export const communitySessionListSchema = z.object({ items: z.array(communitySessionSummarySchema), total: z.number().int() }).meta({ id: 'CommunitySessionList' });

export const communitySessionSchema = communitySessionSummarySchema
  .extend({
    description: z.string().nullable(),
    /** Everyone the session is for: the facilitators in its audience, whether invited and whether they attended. */
    facilitators: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), where: z.string(), invited: z.boolean(), attended: z.boolean() })),
    canManage: z.boolean(),
  })
  .meta({ id: 'CommunitySession' });
export type CommunitySessionResponse = z.infer<typeof communitySessionSchema>;

export const invitationResultSchema = z.object({ invited: z.number().int(), alreadyInvited: z.number().int() }).meta({ id: 'CommunitySessionInvitations' });

export const facilitatorSessionsSchema = z
  .object({ items: z.array(z.object({ id: z.string(), kindName: z.string(), title: z.string(), startsAt: z.string(), attended: z.boolean() })) })
  .meta({ id: 'FacilitatorCommunitySessions' });
