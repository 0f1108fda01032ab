import { londonDate } from '../../../domain/iso-date.js';
import { meetingSlug } from '../../../domain/meetings/slug.js';
import type { ProgrammeCode } from '../../../domain/reference.js';
import { refreshListings } from '../../modules/meetings/listing.service.js';
import { insertMeeting, replaceFacilitators, type MeetingValues } from '../../modules/meetings/meetings.repository.js';
import { upsertPostcodes } from '../../modules/postcodes/postcodes.repository.js';
import type { DB } from '../database.js';

/**
 * Demo meetings (docs/decisions/070–075): invented meetings across the demo organisations and two
 * UKSR community meetings, with facilitators who meet every rule so the listed ones really pass
 * the listing rule and the public finder shows them. One is closed (at the prison whose licence has
 * lapsed), one unlisted by choice, one online, one hybrid, one fortnightly and one monthly.
 * Coordinates come from approximate postcode centres loaded into `postcodes`, so geocoding works
 * offline.
 */

const POSTCODES = [
  { postcode: 'PR1 8BU', latitude: 53.758, longitude: -2.703, town: 'Preston' },
  { postcode: 'BB2 1AA', latitude: 53.748, longitude: -2.487, town: 'Blackburn' },
  { postcode: 'LS1 4AP', latitude: 53.799, longitude: -1.549, town: 'Leeds' },
  { postcode: 'NG5 1AA', latitude: 52.987, longitude: -1.17, town: 'Nottingham' },
  { postcode: 'PO1 3AX', latitude: 50.798, longitude: -1.091, town: 'Portsmouth' },
  { postcode: 'G2 8AA', latitude: 55.86, longitude: -4.257, town: 'Glasgow' },
  { postcode: 'LL30 2AA', latitude: 53.324, longitude: -3.827, town: 'Llandudno' },
  { postcode: 'BT15 3AA', latitude: 54.62, longitude: -5.92, town: 'Belfast' },
  { postcode: 'LS7 3PD', latitude: 53.82, longitude: -1.53, town: 'Leeds' },
  { postcode: 'CF24 3AA', latitude: 51.49, longitude: -3.16, town: 'Cardiff' },
];

/** Invented facilitators (no accounts), each qualified, checked for their nation and signed up to the Code of Conduct. */
const FACILITATORS: {
  key: string;
  name: string;
  organisation: string | null;
  check: 'dbs' | 'pvg';
  modules?: ('family-and-friends-module' | 'veterans-module')[];
  volunteer?: boolean;
  veteran?: boolean;
}[] = [
  { key: 'ff', name: 'Imogen Trelawney', organisation: 'Riverside Recovery Partnership', check: 'dbs', modules: ['family-and-friends-module'] },
  { key: 'northbridge', name: 'Tobias Okafor-Reeve', organisation: 'Northbridge Health NHS Trust', check: 'dbs' },
  { key: 'eastmoor', name: 'Delphine Marsh-Adebayo', organisation: 'HMP Eastmoor', check: 'dbs' },
  { key: 'forward-march', name: 'Callum Brightwater', organisation: 'Forward March Veterans Support', check: 'dbs', modules: ['veterans-module'], veteran: true },
  { key: 'brighter-paths', name: 'Isla Fenwick-Rao', organisation: 'Brighter Paths Youth Service', check: 'pvg' },
  { key: 'harbourview', name: 'Gethin Llewellyn-Pryce', organisation: 'Harbourview Residential Clinic Ltd', check: 'dbs' },
  { key: 'volunteer-leeds', name: 'Nadia Holloway-Finch', organisation: null, check: 'dbs', volunteer: true },
  { key: 'volunteer-cardiff', name: 'Efa Morgan-Tate', organisation: null, check: 'dbs', volunteer: true },
];

type DemoMeeting = Partial<MeetingValues> & {
  suffix: string;
  name: string;
  programme_code: ProgrammeCode;
  day: number;
  start_time: string;
  end_time: string;
  /** A partner's meeting: the organisation and site by name. */
  at?: { organisation: string; site: string };
  /** A UKSR community meeting: its venue. */
  venue?: { name: string; address: string; postcode: string; nation: string; region: string };
  facilitators: string[];
};

const MEETINGS: DemoMeeting[] = [
  { suffix: 'rv7k', name: 'Riverside Tuesday Evening', programme_code: 'smart-recovery', day: 2, start_time: '18:30', end_time: '20:00', at: { organisation: 'Riverside Recovery Partnership', site: 'Riverside Hub' }, facilitators: ['facilitator'], description: 'A friendly weekly SMART Recovery meeting. Tea and coffee from 18:15.' },
  { suffix: 'ff3p', name: 'Riverside Family & Friends', programme_code: 'family-and-friends', day: 4, start_time: '18:00', end_time: '19:30', frequency: 'fortnightly', at: { organisation: 'Riverside Recovery Partnership', site: 'Riverside Hub' }, facilitators: ['ff'], audiences: [] },
  { suffix: 'bb2m', name: 'Blackburn Monday Morning', programme_code: 'smart-recovery', day: 1, start_time: '10:30', end_time: '12:00', at: { organisation: 'Riverside Recovery Partnership', site: 'Riverside Outreach Office' }, facilitators: ['facilitator'] },
  { suffix: 'on5s', name: 'Riverside Online Saturday', programme_code: 'smart-recovery', day: 6, start_time: '10:00', end_time: '11:00', attendance: 'online', online_url: 'https://meet.example.org/riverside-saturday', online_notes: 'The link opens ten minutes before the start.', at: { organisation: 'Riverside Recovery Partnership', site: 'Riverside Hub' }, facilitators: ['facilitator'] },
  { suffix: 'hy8w', name: 'Northbridge Women’s Meeting', programme_code: 'smart-recovery', day: 3, start_time: '17:30', end_time: '19:00', attendance: 'hybrid', online_url: 'https://meet.example.org/northbridge-wednesday', audiences: ['women'], at: { organisation: 'Northbridge Health NHS Trust', site: 'Northbridge Community Drug and Alcohol Service' }, facilitators: ['northbridge'] },
  { suffix: 'mo1f', name: 'Northbridge First Friday', programme_code: 'smart-recovery', day: 5, start_time: '13:00', end_time: '14:30', frequency: 'monthly', week_of_month: 1, at: { organisation: 'Northbridge Health NHS Trust', site: 'Northbridge Community Drug and Alcohol Service' }, facilitators: ['northbridge'] },
  { suffix: 'un4t', name: 'Northbridge Aftercare Group', programme_code: 'smart-recovery', day: 2, start_time: '11:00', end_time: '12:30', listed_publicly: false, at: { organisation: 'Northbridge Health NHS Trust', site: 'Northbridge Community Drug and Alcohol Service' }, facilitators: ['northbridge'], description: 'For people leaving the service’s day programme; not listed publicly.' },
  { suffix: 'cl9d', name: 'Eastmoor InsideOut', programme_code: 'insideout', day: 1, start_time: '14:00', end_time: '15:30', access: 'closed', listed_publicly: false, at: { organisation: 'HMP Eastmoor', site: 'HMP Eastmoor Healthcare Unit' }, facilitators: ['eastmoor'] },
  { suffix: 'vt6q', name: 'Forward March Veterans', programme_code: 'veterans', day: 3, start_time: '19:00', end_time: '20:30', audiences: ['veterans'], at: { organisation: 'Forward March Veterans Support', site: 'Forward March Drop-in Centre' }, facilitators: ['forward-march'] },
  { suffix: 'gy2h', name: 'Brighter Paths Young People', programme_code: 'smart-recovery', day: 1, start_time: '16:00', end_time: '17:00', audiences: ['young-people'], at: { organisation: 'Brighter Paths Youth Service', site: 'Brighter Paths Glasgow' }, facilitators: ['brighter-paths'] },
  { suffix: 'll3n', name: 'Harbourview Thursday', programme_code: 'smart-recovery', day: 4, start_time: '18:00', end_time: '19:30', at: { organisation: 'Harbourview Residential Clinic Ltd', site: 'Harbourview House' }, facilitators: ['harbourview'] },
  { suffix: 'ca7e', name: 'Chapel Allerton Community SMART', programme_code: 'smart-recovery', day: 4, start_time: '19:00', end_time: '20:30', venue: { name: 'Chapel Allerton Community Centre', address: '21 Harrogate Road, Leeds', postcode: 'LS7 3PD', nation: 'england', region: 'north-east-yorkshire' }, facilitators: ['volunteer-leeds'] },
  { suffix: 'rh2g', name: 'Roath LGBTQ+ SMART', programme_code: 'smart-recovery', day: 2, start_time: '18:30', end_time: '20:00', audiences: ['lgbtq'], venue: { name: 'Roath Church Hall', address: '4 Albany Road, Cardiff', postcode: 'CF24 3AA', nation: 'wales', region: 'south-wales' }, facilitators: ['volunteer-cardiff'] },
];

export async function loadDemoMeetings(db: DB, facilitatorEmail: string): Promise<void> {
  await upsertPostcodes(db, POSTCODES, true);
  // The Outreach Office holds a Satellite licence: it is satellite premises, covered by the Hub's licences.
  await db.updateTable('sites').set({ satellite: true }).where('name', '=', 'Riverside Outreach Office').execute();
  const code = await db.selectFrom('code_of_conduct_versions').select('version').orderBy('published_at', 'desc').limit(1).executeTakeFirstOrThrow();

  const facilitatorIds = new Map<string, string>();
  const demoFacilitator = await db.selectFrom('facilitators').select('id').where('email', '=', facilitatorEmail).executeTakeFirst();
  if (demoFacilitator) facilitatorIds.set('facilitator', demoFacilitator.id);
  for (const f of FACILITATORS) {
    const { id } = await db
      .insertInto('facilitators')
      .values({ name: f.name, email: `${f.key}.facilitator@demo.partnerhub.example`, is_veteran: f.veteran ?? false, uksr_volunteer_status: f.volunteer ? 'active' : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    facilitatorIds.set(f.key, id);
    if (f.organisation) {
      const organisation = await db.selectFrom('organisations').select('id').where('name', '=', f.organisation).executeTakeFirstOrThrow();
      await db.insertInto('facilitator_organisations').values({ facilitator_id: id, organisation_id: organisation.id, capacity: 'staff' }).execute();
    }
    for (const qualification of ['smart-facilitator', ...(f.modules ?? [])] as const) {
      await db.insertInto('facilitator_qualifications').values({ facilitator_id: id, code: qualification, achieved_on: '2025-10-20', recorded_by: null }).execute();
    }
    await db
      .insertInto('safeguarding_checks')
      .values({
        facilitator_id: id, kind: f.check, level: f.check === 'pvg' ? 'pvg-scheme-record' : 'enhanced', certificate_number: f.check === 'pvg' ? '1000000000000001' : '000000000002',
        issued_on: '2025-09-01', verified_on: '2025-09-08', verified_by: null, decision: 'suitable',
      })
      .execute();
    await db.insertInto('code_of_conduct_acceptances').values({ facilitator_id: id, version: code.version }).execute();
  }

  for (const m of MEETINGS) {
    const site = m.at
      ? await db
          .selectFrom('sites as s')
          .innerJoin('organisations as o', 'o.id', 's.organisation_id')
          .select(['s.id', 's.organisation_id', 's.postcode', 's.nation_code', 's.region_code'])
          .where('o.name', '=', m.at.organisation)
          .where('s.name', '=', m.at.site)
          .executeTakeFirstOrThrow()
      : null;
    const postcode = site?.postcode ?? m.venue!.postcode;
    const place = POSTCODES.find((p) => p.postcode === postcode);
    const { id } = await insertMeeting(db, {
      slug: meetingSlug({ programme: m.programme_code, day: m.day, town: place?.town ?? null, postcode, suffix: m.suffix }),
      provider: site ? 'partner' : 'uksr',
      organisation_id: site?.organisation_id ?? null,
      registered_by: null,
      name: m.name,
      programme_code: m.programme_code,
      site_id: site?.id ?? null,
      venue_name: m.venue?.name ?? null,
      venue_address: m.venue?.address ?? null,
      venue_postcode: m.venue?.postcode ?? null,
      nation_code: site?.nation_code ?? m.venue!.nation,
      region_code: site?.region_code ?? m.venue!.region,
      attendance: m.attendance ?? 'in_person',
      online_url: m.online_url ?? null,
      online_phone: m.online_phone ?? null,
      online_notes: m.online_notes ?? null,
      frequency: m.frequency ?? 'weekly',
      day: m.day,
      week_of_month: m.week_of_month ?? null,
      start_time: m.start_time,
      end_time: m.end_time,
      starts_on: '2026-01-06',
      ends_on: null,
      access: m.access ?? 'open',
      audiences: m.audiences ?? [],
      listed_publicly: m.listed_publicly ?? true,
      description: m.description ?? null,
      latitude: place?.latitude ?? null,
      longitude: place?.longitude ?? null,
      location_approximate: true,
      pin_set_by_hand: false,
    });
    await replaceFacilitators(db, id, m.facilitators.map((key) => facilitatorIds.get(key)!).filter(Boolean));
  }
  // The listing rule decides what the finder shows, as for any meeting.
  await refreshListings(db, 'all', { today: londonDate(new Date()) });
}
