import { z } from 'zod';
import { AUDIENCE_CODES } from '../../domain/meetings/audiences.js';
import { PROGRAMMES, type ProgrammeCode } from '../../domain/reference.js';

// The public meeting finder (/meetings) and its API (/api/v1/meetings). Query strings arrive as
// strings; the schemas check them as strings (a day of '' is refused rather than read as Sunday)
// and the finder's service turns them into numbers. The messages are worded for people: the
// finder page shows them next to its fields.

const PROGRAMME_CODES = PROGRAMMES.map((p) => p.code) as [ProgrammeCode, ...ProgrammeCode[]];

export const TIMES_OF_DAY = [
  { code: 'morning', name: 'Morning (before 12 noon)', from: '00:00', to: '12:00' },
  { code: 'afternoon', name: 'Afternoon (12 noon to 5pm)', from: '12:00', to: '17:00' },
  { code: 'evening', name: 'Evening (from 5pm)', from: '17:00', to: '24:00' },
] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number]['code'];

export const ATTENDANCE = ['in_person', 'online', 'hybrid'] as const;
export type Attendance = (typeof ATTENDANCE)[number];

export const RADIUS_CHOICES_KM = [5, 10, 25, 50, 100] as const;
export const DEFAULT_RADIUS_KM = 25;
export const MAX_RADIUS_KM = 200;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export const meetingSearchQuerySchema = z
  .object({
    near: z
      .string()
      .trim()
      .min(1, 'Enter a postcode or a town')
      .max(100, 'Enter a postcode or a town of at most 100 characters')
      .optional()
      .meta({ description: "Where to search near: a UK postcode ('PR1 8BU'), a town ('Preston'), or 'latitude,longitude' ('53.76,-2.70')." }),
    radiusKm: z.coerce
      .number({ error: 'Enter a distance in kilometres, like 25' })
      .min(1, 'Choose a distance of at least 1 km')
      .max(MAX_RADIUS_KM, `Choose a distance of at most ${MAX_RADIUS_KM} km`)
      .default(DEFAULT_RADIUS_KM)
      .meta({ description: 'How far from `near` to look, in kilometres (default 25).' }),
    day: z
      .string()
      .regex(/^[0-6]$/, 'Choose a day of the week')
      .optional()
      .meta({ description: '0 = Sunday … 6 = Saturday, as in the Meeting Guide format.' }),
    timeOfDay: z.enum(TIMES_OF_DAY.map((t) => t.code) as [TimeOfDay, ...TimeOfDay[]], { error: 'Choose morning, afternoon or evening' }).optional(),
    programme: z.enum(PROGRAMME_CODES, { error: 'Choose a programme from the list' }).optional(),
    attendance: z
      .enum(ATTENDANCE, { error: 'Choose in person, online or hybrid' })
      .optional()
      .meta({
        description:
          'How you want to take part: in_person = meetings you can go to (in person or hybrid); online = meetings you can join online (online or hybrid); hybrid = hybrid meetings only.',
      }),
    audience: z.enum(AUDIENCE_CODES, { error: 'Choose who the meeting is for from the list' }).optional(),
    limit: z.coerce
      .number({ error: 'Enter a whole number of results' })
      .int('Enter a whole number of results')
      .min(1, 'Ask for at least 1 result')
      .max(MAX_LIMIT, `Ask for at most ${MAX_LIMIT} results`)
      .default(DEFAULT_LIMIT),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/, 'Use the nextCursor from the previous page')
      .optional()
      .meta({ description: 'nextCursor from the previous page, with the same other parameters.' }),
  });
// No schema id: a query string's schema must stay inline for the OpenAPI document's parameters.
export type MeetingSearchQuery = z.output<typeof meetingSearchQuerySchema>;

export const meetingSlugParamsSchema = z.object({
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(120),
});

export const meetingLocationSchema = z
  .object({
    venueName: z.string(),
    address: z.string().nullable(),
    postcode: z.string().nullable(),
    latitude: z.number(),
    longitude: z.number(),
    /** true when the pin is the postcode's centre rather than the door. */
    approximate: z.boolean(),
  })
  .meta({ id: 'MeetingLocation' });

export const meetingOnlineSchema = z
  .object({
    url: z.string().nullable(),
    phone: z.string().nullable(),
    notes: z.string().nullable(),
  })
  .meta({ id: 'MeetingOnlineDetails' });

export const publicMeetingSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    url: z.string().meta({ description: 'The meeting’s public page.' }),
    programme: z.string(),
    programmeName: z.string(),
    frequency: z.enum(['weekly', 'fortnightly', 'monthly']),
    weekOfMonth: z.number().nullable().meta({ description: 'Monthly meetings: 1–4, or -1 for the last week.' }),
    day: z.number().int().min(0).max(6),
    time: z.string().meta({ description: "Start, 'HH:MM' UK time (Europe/London)." }),
    endTime: z.string().meta({ description: "End, 'HH:MM' UK time (Europe/London)." }),
    timeZone: z.literal('Europe/London'),
    attendance: z.enum(ATTENDANCE),
    audiences: z.array(z.string()),
    distanceKm: z.number().nullable().meta({ description: 'From `near`, one decimal place; null for online-only meetings and searches without `near`.' }),
    location: meetingLocationSchema.nullable().meta({ description: 'Where to go; null for online-only meetings.' }),
    online: meetingOnlineSchema.nullable().meta({ description: 'How to join; null for in-person meetings.' }),
  })
  .meta({ id: 'PublicMeeting' });
export type PublicMeeting = z.infer<typeof publicMeetingSchema>;

export const meetingSearchResultSchema = z
  .object({
    near: z
      .object({ latitude: z.number(), longitude: z.number(), label: z.string() })
      .nullable()
      .meta({ description: 'Where the search was measured from.' }),
    radiusKm: z.number(),
    meetings: z.array(publicMeetingSchema),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'MeetingSearchResult' });
export type MeetingSearchResult = z.infer<typeof meetingSearchResultSchema>;

export const publicMeetingDetailSchema = publicMeetingSchema
  .extend({
    description: z.string().nullable(),
    startsOn: z.iso.date(),
    endsOn: z.iso.date().nullable(),
    calendarUrl: z.string(),
  })
  .meta({ id: 'PublicMeetingDetail' });
export type PublicMeetingDetail = z.infer<typeof publicMeetingDetailSchema>;
