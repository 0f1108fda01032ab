import { describe, expect, it } from 'vitest';
import type { LicenceTypeCode } from '../reference.js';
import { APRIL_2026_SCHEDULE } from '../fees/fee-schedule.js';
import { includedPlaces, trainingForPlace, type TrainingPlacesSchedule } from './included-places.js';

describe('includedPlaces (Section 10: training places per site per year)', () => {
  it.each<[LicenceTypeCode, number | null]>([
    ['smart-recovery', 6],
    ['family-and-friends', 3],
    ['criminal-justice', 10],
    ['veterans', 6],
    ['community', 6],
    ['satellite', 0],
    ['start-smart', null],
  ])('under the April 2026 schedule a %s licence includes %s', (licenceType, places) => {
    expect(includedPlaces(licenceType, APRIL_2026_SCHEDULE)).toBe(places);
  });

  it('reads the number from the schedule, so Start SMART gets places once a schedule sets them', () => {
    const later: TrainingPlacesSchedule = {
      ...APRIL_2026_SCHEDULE,
      licences: { ...APRIL_2026_SCHEDULE.licences, 'start-smart': { includedTrainingPlaces: 4 } },
    };
    expect(includedPlaces('start-smart', later)).toBe(4);
  });

  it('refuses a schedule whose number is not a whole number, zero or more', () => {
    const broken = { licences: { ...APRIL_2026_SCHEDULE.licences, community: { includedTrainingPlaces: -1 } } };
    expect(() => includedPlaces('community', broken)).toThrow(RangeError);
  });
});

describe('trainingForPlace', () => {
  it.each<LicenceTypeCode>(['smart-recovery', 'criminal-justice', 'community'])('a %s place is for the SMART Facilitator training', (licenceType) => {
    expect(trainingForPlace(licenceType)).toEqual(['smart-facilitator']);
  });

  it('a Family & Friends place is for the Family & Friends module (Section 4)', () => {
    expect(trainingForPlace('family-and-friends')).toEqual(['family-and-friends-module']);
  });

  it('a Veterans place is for the Facilitator training and then the Veterans module (Section 4)', () => {
    expect(trainingForPlace('veterans')).toEqual(['smart-facilitator', 'veterans-module']);
  });

  it('a Satellite licence, and Start SMART while in pilot, have no training', () => {
    expect(trainingForPlace('satellite')).toEqual([]);
    expect(trainingForPlace('start-smart')).toEqual([]);
  });
});
