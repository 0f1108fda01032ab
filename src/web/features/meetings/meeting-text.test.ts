import { describe, expect, it } from 'vitest';
import type { RegisteredMeeting } from '../../../shared/schemas/meetings.js';
import { changesBetween, listingSummary, placeText, scheduleText } from './meeting-text.js';

describe('how the portal words a meeting', () => {
  it('says when it meets, weekly, fortnightly and monthly', () => {
    const base = { day: 2, startTime: '18:30', endTime: '20:00', weekOfMonth: null };
    expect(scheduleText({ ...base, frequency: 'weekly' })).toBe('Every Tuesday, 18:30 to 20:00');
    expect(scheduleText({ ...base, frequency: 'fortnightly' })).toBe('Every other Tuesday, 18:30 to 20:00');
    expect(scheduleText({ ...base, frequency: 'monthly', weekOfMonth: -1 })).toBe('The last Tuesday of each month, 18:30 to 20:00');
    expect(scheduleText({ ...base, frequency: 'monthly', weekOfMonth: 1, day: 0 })).toBe('The first Sunday of each month, 18:30 to 20:00');
  });

  it('says where: the site (satellite premises named as such) or the community venue', () => {
    expect(placeText({ provider: 'partner', siteName: 'Riverside Outreach Office', siteIsSatellite: true, venueName: null, postcode: 'BB2 1AA' })).toBe(
      'Riverside Outreach Office (satellite premises), BB2 1AA',
    );
    expect(placeText({ provider: 'uksr', siteName: null, venueName: 'St Mary’s Church Hall', postcode: 'PR1 2AA' })).toBe('St Mary’s Church Hall, PR1 2AA');
  });

  it('says whether it is publicly listed and, if not, why in plain words', () => {
    expect(listingSummary({ publiclyVisible: true, listingReasonCodes: [] })).toBe('Yes, on the public meeting finder');
    expect(listingSummary({ publiclyVisible: false, listingReasonCodes: ['closed_meeting', 'not_listed_publicly', 'site_not_licensed'] })).toBe(
      'No: it is a closed meeting, and closed meetings are never listed; it is registered as not listed publicly; the site is not licensed for this programme.',
    );
    // Two facilitators not eligible read as one reason.
    expect(listingSummary({ publiclyVisible: false, listingReasonCodes: ['facilitator_not_eligible', 'facilitator_not_eligible'] })).toBe(
      'No: a facilitator may not facilitate it yet.',
    );
  });

  it('lists what someone else changed, as a person reads it', () => {
    const before = {
      name: 'Preston Tuesday', programmeName: 'SMART Recovery 4-Point Programme', provider: 'partner', siteName: 'Riverside Hub', siteIsSatellite: false,
      venueName: null, postcode: 'PR1 8BU', venueAddress: null, attendance: 'in_person', onlineUrl: null, onlinePhone: null, onlineNotes: null,
      frequency: 'weekly', day: 2, weekOfMonth: null, startTime: '18:30', endTime: '20:00', startsOn: '2026-12-01', endsOn: null, access: 'open',
      audiences: [], listedPublicly: true, description: null, pinSetByHand: false, latitude: null, longitude: null, facilitators: [{ id: 'a', name: 'Sam' }],
      status: 'running',
    } as unknown as RegisteredMeeting;
    const after = { ...before, startTime: '19:00', audiences: ['women'], facilitators: [{ id: 'a', name: 'Sam' }, { id: 'b', name: 'Alex' }] } as RegisteredMeeting;
    expect(changesBetween(before, after)).toEqual([
      { label: 'When', was: 'Every Tuesday, 18:30 to 20:00', now: 'Every Tuesday, 19:00 to 20:00' },
      { label: 'Who it is for', was: '', now: 'Women only' },
      { label: 'Facilitators', was: 'Sam', now: 'Sam, Alex' },
    ]);
  });
});
