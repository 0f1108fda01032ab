import { describe, expect, it } from 'vitest';
import { meetingUpdateSchema, newMeetingSchema, newSiteExceptionSchema } from './meetings.js';

const partner = {
  provider: 'partner', organisationId: '6f1c2d3e-4b5a-4c6d-8e7f-901234567890', siteId: '7a1c2d3e-4b5a-4c6d-8e7f-901234567890', name: 'Preston Tuesday',
  programme: 'smart-recovery', attendance: 'in_person', day: 2, startTime: '18:30', endTime: '20:00', startsOn: '2026-12-08', access: 'open',
  listedPublicly: true, facilitatorIds: ['8b1c2d3e-4b5a-4c6d-8e7f-901234567890'],
};

const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];

describe('newMeetingSchema', () => {
  it('accepts a weekly partner meeting, defaulting frequency and audiences', () => {
    const parsed = newMeetingSchema.parse(partner);
    expect(parsed).toMatchObject({ frequency: 'weekly', audiences: [] });
  });

  it('asks for what each kind of meeting needs, against the field', () => {
    expect(issues(newMeetingSchema.safeParse({ ...partner, siteId: undefined, attendance: 'online', frequency: 'monthly', endTime: '18:00' }))).toEqual([
      ['siteId', 'Choose the site'],
      ['onlineUrl', 'Enter the meeting link or a phone number to join by'],
      ['weekOfMonth', 'Choose which week of the month'],
      ['endTime', 'The end time must be after the start time'],
    ]);
    expect(issues(newMeetingSchema.safeParse({ ...partner, provider: 'uksr', organisationId: undefined, siteId: undefined }))).toEqual([
      ['venueName', 'Enter the venue name'],
      ['venuePostcode', 'Enter the venue postcode, like PR1 8BU'],
      ['venueKind', 'Say what kind of place the venue is'],
    ]);
  });

  it('refuses a link that is not https, an unknown audience, and a pin with only one coordinate', () => {
    expect(issues(newMeetingSchema.safeParse({ ...partner, attendance: 'online', onlineUrl: 'ftp://x.example', audiences: ['everyone'] })).map(([path]) => path)).toEqual([
      'onlineUrl', 'audiences.0',
    ]);
    expect(issues(newMeetingSchema.safeParse({ ...partner, latitude: 53.7 }))).toEqual([['longitude', 'Place the pin on the map, or leave it at the postcode']]);
  });
});

describe('meetingUpdateSchema', () => {
  it('takes only what changes, with null clearing optional fields', () => {
    expect(meetingUpdateSchema.parse({ endsOn: null, onlineUrl: null, weekOfMonth: -1 })).toEqual({ endsOn: null, onlineUrl: null, weekOfMonth: -1 });
    expect(meetingUpdateSchema.safeParse({ provider: 'uksr' }).success).toBe(false);
  });
});

describe('newSiteExceptionSchema', () => {
  it('needs the last day on or after the first', () => {
    expect(issues(newSiteExceptionSchema.safeParse({ programme: 'veterans', from: '2027-01-01', to: '2026-12-01', agreedOn: '2026-11-20', reason: 'Pilot' }))).toEqual([
      ['to', 'The last day must be on or after the first'],
    ]);
  });
});
