import { describe, expect, it } from 'vitest';
import type { RegisteredMeeting } from '../../../shared/schemas/meetings.js';
import { emptyMeetingValues, newMeetingFromValues, rebaseValues, updateFromValues, valuesFromMeeting, type MeetingFormValues } from './meeting-form-values.js';

const ORG = '11111111-1111-4111-8111-111111111111';
const SITE = '22222222-2222-4222-8222-222222222222';
const SAM = '33333333-3333-4333-8333-333333333333';

function filled(patch: Partial<MeetingFormValues> = {}): MeetingFormValues {
  return {
    ...emptyMeetingValues('partner', ORG),
    siteId: SITE,
    name: '  Preston Tuesday evening  ',
    programme: 'smart-recovery',
    attendance: 'in_person',
    day: '2',
    startTime: '18:30',
    endTime: '20:00',
    startsOn: '2026-12-01',
    access: 'open',
    listedPublicly: 'yes',
    facilitatorIds: [SAM],
    ...patch,
  };
}

const meeting: RegisteredMeeting = {
  id: 'm1', slug: 'preston-tuesday', name: 'Preston Tuesday evening', programme: 'smart-recovery', programmeName: 'SMART Recovery 4-Point Programme',
  provider: 'partner', organisationId: ORG, organisationName: 'Riverside', siteId: SITE, siteName: 'Riverside Hub', siteIsSatellite: false,
  venueName: null, venueAddress: null, venuePostcode: null, postcode: 'PR1 8BU', nation: 'england', region: 'north-west', regionName: 'North West',
  attendance: 'in_person', onlineUrl: null, onlinePhone: null, onlineNotes: null, frequency: 'weekly', day: 2, dayName: 'Tuesday', weekOfMonth: null,
  startTime: '18:30', endTime: '20:00', startsOn: '2026-12-01', endsOn: null, access: 'open', audiences: [], listedPublicly: true, status: 'running',
  description: null, latitude: 53.75, longitude: -2.7, locationApproximate: true, pinSetByHand: false, facilitators: [{ id: SAM, name: 'Sam' }],
  listing: { publiclyVisible: true, checkedOn: '2026-11-24', reasons: [], publicPath: '/meetings/preston-tuesday' }, canEdit: true, version: 3,
  createdAt: '2026-11-24T10:00:00.000Z', updatedAt: '2026-11-24T10:00:00.000Z',
};

describe('registering from the form', () => {
  it('sends a partner meeting with its site, trimmed, and leaves out what does not apply', () => {
    const result = newMeetingFromValues(filled({ venueName: 'ignored', onlineUrl: 'https://ignored.example', weekOfMonth: '2' }));
    expect(result).toEqual({
      ok: true,
      body: {
        provider: 'partner', organisationId: ORG, siteId: SITE, name: 'Preston Tuesday evening', programme: 'smart-recovery', attendance: 'in_person',
        frequency: 'weekly', day: 2, startTime: '18:30', endTime: '20:00', startsOn: '2026-12-01', access: 'open', audiences: [], listedPublicly: true,
        facilitatorIds: [SAM],
      },
    });
  });

  it('never lists a closed meeting, whatever the listing choice says (Section 9)', () => {
    const result = newMeetingFromValues(filled({ access: 'closed', listedPublicly: 'yes' }));
    expect(result.ok && result.body.listedPublicly).toBe(false);
  });

  it('asks for the online details, the week of a monthly meeting and a readable pin, with the schema’s own messages', () => {
    const result = newMeetingFromValues(filled({ attendance: 'hybrid', frequency: 'monthly', latitude: 'north', longitude: '' }));
    expect(result).toEqual({
      ok: false,
      errors: {
        onlineUrl: 'Enter the meeting link or a phone number to join by',
        weekOfMonth: 'Choose which week of the month',
        latitude: 'Enter the latitude as a number, like 53.7632',
      },
    });
  });

  it('names every missing choice against its field', () => {
    const result = newMeetingFromValues(emptyMeetingValues('partner', ORG));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual(expect.arrayContaining(['siteId', 'name', 'programme', 'attendance', 'day', 'startTime', 'endTime', 'startsOn', 'access', 'listedPublicly', 'facilitatorIds']));
  });

  it('sends a hand-set pin as numbers, reading a comma as a decimal point', () => {
    const result = newMeetingFromValues(filled({ latitude: '53,7632', longitude: '-2.7031' }));
    expect(result.ok && [result.body.latitude, result.body.longitude]).toEqual([53.7632, -2.7031]);
  });
});

describe('changing a meeting from the form', () => {
  it('opens with the meeting as registered, and the pin empty while it follows the postcode', () => {
    const values = valuesFromMeeting(meeting);
    expect(values).toMatchObject({ siteId: SITE, day: '2', listedPublicly: 'yes', latitude: '', longitude: '', facilitatorIds: [SAM] });
    expect(updateFromValues(values, meeting)).toEqual({ ok: true, body: {} });
  });

  it('sends only what changed, and null for a detail emptied', () => {
    const withPin = { ...meeting, pinSetByHand: true, latitude: 53.76, longitude: -2.71, description: 'Side door' };
    const values = { ...valuesFromMeeting(withPin), startTime: '19:00', endTime: '20:30', latitude: '', longitude: '', description: '' };
    expect(updateFromValues(values, withPin)).toEqual({ ok: true, body: { startTime: '19:00', endTime: '20:30', description: null, latitude: null, longitude: null } });
  });

  it('checks the whole meeting before sending a change', () => {
    const values = { ...valuesFromMeeting(meeting), frequency: 'monthly' };
    expect(updateFromValues(values, meeting)).toEqual({ ok: false, errors: { weekOfMonth: 'Choose which week of the month' } });
  });
});

describe('after someone else saved first', () => {
  it('keeps what this person changed and takes the other person’s value for the rest', () => {
    const theirs = { ...meeting, startTime: '19:00', audiences: ['women'], version: 4 };
    const typed = { ...valuesFromMeeting(meeting), name: 'Preston Tuesday late', endTime: '21:00' };
    const rebased = rebaseValues(typed, meeting, theirs);
    expect(rebased).toMatchObject({ name: 'Preston Tuesday late', endTime: '21:00', startTime: '19:00', audiences: ['women'] });
    // Saving again sends only this person's changes, on top of the other person's.
    expect(updateFromValues(rebased, theirs)).toEqual({ ok: true, body: { name: 'Preston Tuesday late', endTime: '21:00' } });
  });
});
