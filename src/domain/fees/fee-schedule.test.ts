import { describe, expect, it } from 'vitest';
import { LICENCE_TYPES } from '../reference.js';
import { APRIL_2026_SCHEDULE, isStartSmartOnSale } from './fee-schedule.js';

describe('APRIL_2026_SCHEDULE', () => {
  it('has fees for every licence type in the reference data', () => {
    expect(Object.keys(APRIL_2026_SCHEDULE.licences).sort()).toEqual(LICENCE_TYPES.map((type) => type.code).sort());
  });

  it('includes the facilitator training places of Section 10 per licence type', () => {
    const places = Object.fromEntries(
      Object.entries(APRIL_2026_SCHEDULE.licences).map(([code, fees]) => [code, fees.includedTrainingPlaces]),
    );
    expect(places).toEqual({
      'smart-recovery': 6,
      'family-and-friends': 3,
      'criminal-justice': 10,
      veterans: 6,
      'start-smart': null,
      community: 6,
      satellite: 0,
    });
  });

  it('publishes for-profit prices only for SMART Recovery and Family & Friends', () => {
    const priced = Object.entries(APRIL_2026_SCHEDULE.licences)
      .filter(([, fees]) => fees.forProfitPence !== null)
      .map(([code]) => code);
    expect(priced).toEqual(['smart-recovery', 'family-and-friends']);
  });

  it('makes every reduced fee lower than the full fee it reduces', () => {
    for (const fees of Object.values(APRIL_2026_SCHEDULE.licences)) {
      if (fees.nonProfitReducedPence !== null) expect(fees.nonProfitReducedPence).toBeLessThan(fees.nonProfitPence ?? 0);
      if (fees.forProfitReducedPence !== null) expect(fees.forProfitReducedPence).toBeLessThan(fees.forProfitPence ?? 0);
    }
  });

  it('has no published Start SMART fee and no launch date while it is in pilot', () => {
    expect(APRIL_2026_SCHEDULE.licences['start-smart'].nonProfitPence).toBeNull();
    expect(APRIL_2026_SCHEDULE.startSmartLaunchDate).toBeNull();
  });

  it('prices training and co-branding as Sections 9 and 10 do', () => {
    expect(APRIL_2026_SCHEDULE).toMatchObject({
      additionalTrainingPlacePence: 12_000,
      inPersonTrainingPence: 200_000,
      webinarTrainingPence: 125_000,
      trainingGroupSize: { min: 6, max: 12 },
      coBrandingSurcharge: { numerator: 1, denominator: 3 },
    });
  });

  it('holds only whole pence', () => {
    const amounts = [
      ...Object.values(APRIL_2026_SCHEDULE.licences).flatMap((fees) => [
        fees.nonProfitPence,
        fees.nonProfitReducedPence,
        fees.forProfitPence,
        fees.forProfitReducedPence,
      ]),
      APRIL_2026_SCHEDULE.additionalTrainingPlacePence,
      APRIL_2026_SCHEDULE.inPersonTrainingPence,
      APRIL_2026_SCHEDULE.webinarTrainingPence,
    ].filter((amount) => amount !== null);
    expect(amounts.every(Number.isSafeInteger)).toBe(true);
  });
});

describe('isStartSmartOnSale', () => {
  it('is false while the schedule has no launch date (Section 3: in pilot)', () => {
    expect(isStartSmartOnSale(APRIL_2026_SCHEDULE, '2026-11-24')).toBe(false);
  });

  it('is true from the launch date, and not the day before', () => {
    const launched = { ...APRIL_2026_SCHEDULE, startSmartLaunchDate: '2027-01-04' };
    expect(isStartSmartOnSale(launched, '2027-01-03')).toBe(false);
    expect(isStartSmartOnSale(launched, '2027-01-04')).toBe(true);
  });
});
