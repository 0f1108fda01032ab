/**
 * Reference data from the scheme's guidance. The database is seeded from these lists, and
 * both server and web use the codes.
 */

/** Section 9 and the safeguarding rules: which check applies follows the nation. */
export const NATIONS = [
  { code: 'england', name: 'England', safeguardingCheck: 'dbs' },
  { code: 'wales', name: 'Wales', safeguardingCheck: 'dbs' },
  { code: 'scotland', name: 'Scotland', safeguardingCheck: 'pvg' },
  { code: 'northern-ireland', name: 'Northern Ireland', safeguardingCheck: 'accessni' },
] as const;
export type NationCode = (typeof NATIONS)[number]['code'];

/**
 * Section 11: UKSR regions and their Community Coordinator posts. Two regions have a vacant post.
 * South Wales and Northern Ireland have no post named in the guidance; they are regions with no
 * post, so their work goes to Central Office's inboxes (docs/decisions/005-regions-and-posts.md).
 */
export const REGIONS = [
  { code: 'north-east-yorkshire', name: 'North East & Yorkshire', nation: 'england' },
  { code: 'north-west', name: 'North West', nation: 'england' },
  { code: 'south-of-england', name: 'South of England', nation: 'england' },
  { code: 'midlands-london', name: 'The Midlands & London', nation: 'england' },
  { code: 'scotland', name: 'Scotland', nation: 'scotland' },
  { code: 'north-wales', name: 'North Wales', nation: 'wales' },
  { code: 'south-wales', name: 'South Wales', nation: 'wales' },
  { code: 'northern-ireland', name: 'Northern Ireland', nation: 'northern-ireland' },
] as const satisfies readonly { code: string; name: string; nation: NationCode }[];
export type RegionCode = (typeof REGIONS)[number]['code'];

/** Section 11: the posts. A post with no holder is vacant ("Currently Recruiting"). */
export const COORDINATOR_POSTS = [
  { code: 'veterans-lead', title: 'SMART Veterans Programme Lead (England & Wales)', region: null, programme: 'veterans' },
  { code: 'north-east-yorkshire', title: 'Community Coordinator (North East & Yorkshire)', region: 'north-east-yorkshire', programme: null },
  { code: 'criminal-justice-lead', title: 'National Criminal Justice Lead', region: null, programme: 'criminal-justice' },
  { code: 'north-west', title: 'Community Coordinator (North West)', region: 'north-west', programme: null },
  { code: 'south-of-england', title: 'Community Coordinator (South of England)', region: 'south-of-england', programme: null },
  { code: 'scotland-1', title: 'Community Coordinator (Scotland)', region: 'scotland', programme: null },
  { code: 'scotland-2', title: 'Community Coordinator (Scotland)', region: 'scotland', programme: null },
  { code: 'midlands-london', title: 'Community Coordinator (The Midlands & London)', region: 'midlands-london', programme: null },
  { code: 'north-wales', title: 'Community Coordinator (North Wales)', region: 'north-wales', programme: null },
] as const satisfies readonly { code: string; title: string; region: RegionCode | null; programme: string | null }[];

/** Posts the guidance lists as "Currently Recruiting". */
export const VACANT_POSTS: readonly string[] = ['midlands-london', 'north-wales'];

/** Section 11: Central Office team inboxes. */
export const TEAM_INBOXES = [
  { code: 'partnerships', name: 'Partnership enquiries', email: 'partnerships@smartrecovery.org.uk' },
  { code: 'training', name: 'Training enquiries', email: 'training@smartrecovery.org.uk' },
  { code: 'updates', name: 'Meeting updates and changes', email: 'updates@smartrecovery.org.uk' },
  { code: 'support', name: 'Technical support', email: 'support@smartrecovery.org.uk' },
  { code: 'volunteer', name: 'Volunteer enquiries', email: 'volunteer@smartrecovery.org.uk' },
  { code: 'info', name: 'General / Central Office', email: 'info@smartrecovery.org.uk' },
] as const;
export type TeamInboxCode = (typeof TEAM_INBOXES)[number]['code'];

/** Section 11 and the guidance's back page: Central Office's telephone number (the charity's, not a person's). */
export const CENTRAL_OFFICE_PHONE = '0330 053 6022';

/** Sections 2 and 4: the programmes a meeting can deliver. */
export const PROGRAMMES = [
  { code: 'smart-recovery', name: 'SMART Recovery 4-Point Programme' },
  { code: 'family-and-friends', name: 'SMART Family & Friends' },
  { code: 'insideout', name: 'SMART InsideOut' },
  { code: 'veterans', name: 'SMART Veterans' },
  { code: 'start-smart', name: 'Start SMART' },
] as const;
export type ProgrammeCode = (typeof PROGRAMMES)[number]['code'];

/** Section 3: the licence types, with the codes used in the API, the database and URLs. */
export const LICENCE_TYPES = [
  { code: 'smart-recovery', name: 'SMART Recovery' },
  { code: 'family-and-friends', name: 'SMART Family & Friends' },
  { code: 'criminal-justice', name: 'SMART Criminal Justice (includes InsideOut)' },
  { code: 'veterans', name: 'SMART Veterans' },
  { code: 'start-smart', name: 'Start SMART' },
  { code: 'community', name: 'SMART Community' },
  { code: 'satellite', name: 'SMART Satellite' },
] as const;
export type LicenceTypeCode = (typeof LICENCE_TYPES)[number]['code'];

/** Section 1: the kinds of partner organisation the scheme works with. */
export const SECTORS = [
  { code: 'treatment-service', name: 'Addiction treatment service' },
  { code: 'nhs', name: 'NHS' },
  { code: 'prison', name: 'Prison or criminal justice setting' },
  { code: 'veterans-service', name: 'Veterans service' },
  { code: 'youth-service', name: "Youth or children's service" },
  { code: 'residential', name: 'Residential (private) provider' },
  { code: 'voluntary', name: 'Voluntary support organisation' },
] as const;
export type SectorCode = (typeof SECTORS)[number]['code'];

export const ORGANISATION_TYPES = ['non-profit', 'for-profit', 'corporate'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];
/** What people read for each organisation type (reports, documents). */
export const ORGANISATION_TYPE_NAMES: Record<OrganisationType, string> = { 'non-profit': 'Non-profit', 'for-profit': 'For-profit', corporate: 'Corporate' };
