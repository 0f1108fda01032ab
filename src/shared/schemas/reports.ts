import { z } from 'zod';
import { isIsoDate } from '../../domain/iso-date.js';
import { REGIONS } from '../../domain/reference.js';

/** The network reports Central Office and Coordinators look at (decisions 127–129). */

const regionCodes = REGIONS.map((r) => r.code) as [string, ...string[]];
const isoDate = (message: string) => z.string().refine(isIsoDate, { message });

export const NETWORK_CSV_TABLES = [
  'summary',
  'meetings-by-week',
  'meetings-by-region',
  'meetings-by-programme',
  'licences-by-month',
  'licences-by-region',
  'licences-by-programme',
  'licences-by-organisation-type',
  'licences-by-sector',
  'training-funnel',
  'survey-completion',
  'visit-coverage',
  'income-by-programme',
] as const;
export type NetworkCsvTable = (typeof NETWORK_CSV_TABLES)[number];

export const networkReportQuerySchema = z.object({
  region: z.enum(regionCodes, { message: 'Choose a region from the list' }).optional(),
  from: isoDate('Enter the start of the period, like 2026-01-01').optional(),
  to: isoDate('Enter the end of the period, like 2026-12-31').optional(),
  format: z.enum(['json', 'csv']).default('json'),
  /** Which table the CSV holds. */
  table: z.enum(NETWORK_CSV_TABLES).default('summary'),
});

const count = z.object({ key: z.string(), label: z.string(), count: z.number().int() });

export const networkReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    today: z.string(),
    region: z.string().nullable(),
    scopeLabel: z.string(),
    meetings: z.object({
      runningThisWeek: z.number().int(),
      byWeek: z.array(z.object({ weekStarting: z.string(), count: z.number().int() })),
      byRegion: z.array(count),
      byProgramme: z.array(count),
    }),
    licences: z.object({
      inOperation: z.number().int(),
      byMonth: z.array(z.object({ month: z.string(), count: z.number().int() })),
      byRegion: z.array(count),
      byProgramme: z.array(count),
      byOrganisationType: z.array(count),
      bySector: z.array(count),
    }),
    training: z.object({ nominated: z.number().int(), enrolled: z.number().int(), qualified: z.number().int(), facilitating: z.number().int() }),
    surveys: z.object({ due: z.number().int(), completed: z.number().int(), notHeld: z.number().int(), overdue: z.number().int(), rate: z.number().int().nullable() }),
    visits: z.object({
      organisations: z.number().int(),
      organisationsVisited: z.number().int(),
      runningMeetings: z.number().int(),
      meetingsQualityAssured: z.number().int(),
      visitsRecorded: z.number().int(),
    }),
    income: z.object({ totalPence: z.number().int(), byProgramme: z.array(z.object({ key: z.string(), label: z.string(), pence: z.number().int() })) }),
  })
  .meta({ id: 'NetworkReport' });
export type NetworkReportResponse = z.infer<typeof networkReportSchema>;

export const networkMapQuerySchema = z.object({
  region: z.enum(regionCodes, { message: 'Choose a region from the list' }).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

export const networkMapSchema = z
  .object({
    region: z.string().nullable(),
    /**
     * Whether the places are grouped (decision 161): every licensed site and running meeting is a
     * point while there are at most MAP_POINT_LIMIT of them (src/domain/reports/network.ts);
     * beyond that `points` is empty and `groups` counts them by region and map cell.
     */
    grouped: z.boolean(),
    points: z.array(
      z.object({
        kind: z.enum(['site', 'meeting']),
        id: z.string(),
        name: z.string(),
        organisationName: z.string().nullable(),
        regionName: z.string(),
        postcode: z.string().nullable(),
        latitude: z.number().nullable(),
        longitude: z.number().nullable(),
        /** A licensed site with no running meeting there. */
        gap: z.boolean(),
      }),
    ),
    /** The places of one region in one cell of the map; latitude and longitude are their mean (null: none has coordinates). */
    groups: z.array(
      z.object({
        key: z.string(),
        regionName: z.string(),
        latitude: z.number().nullable(),
        longitude: z.number().nullable(),
        licensedSites: z.number().int(),
        /** Of those, licensed sites with no running meeting there. */
        sitesWithoutMeeting: z.number().int(),
        runningMeetings: z.number().int(),
      }),
    ),
    /** Every licensed site with no running meeting there, grouped or not. */
    sitesWithoutMeeting: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        organisationName: z.string(),
        regionName: z.string(),
        postcode: z.string(),
        latitude: z.number().nullable(),
        longitude: z.number().nullable(),
      }),
    ),
    regions: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        licensedSites: z.number().int(),
        runningMeetings: z.number().int(),
        coordinatorVacant: z.boolean(),
        gap: z.boolean(),
      }),
    ),
    /** Postcode areas (the letters: PR, M, G) with licensed sites but no running meeting. */
    areaGaps: z.array(z.object({ area: z.string(), regionName: z.string(), licensedSites: z.number().int() })),
  })
  .meta({ id: 'NetworkMap' });
export type NetworkMapResponse = z.infer<typeof networkMapSchema>;
