import { describe, expect, it } from 'vitest';
import type { LicenceTypeCode } from '../reference.js';
import { APRIL_2026_SCHEDULE } from '../fees/fee-schedule.js';
import {
  buyPlaces,
  canUsePlace,
  ledgerSummary,
  openLicenceYear,
  releasePlace,
  usePlace,
  type LedgerResult,
  type PlaceMovement,
} from './places-ledger.js';

const SCHEDULE = APRIL_2026_SCHEDULE;
const OPENS_ON = '2026-04-01';

/** The movement a result allows; fails the test if it was refused. */
function allowed(result: LedgerResult): PlaceMovement {
  if (!result.allowed) throw new Error(`Expected the change to be allowed: ${JSON.stringify(result.reasons)}`);
  return result.movement;
}

function codes(result: { reasons: readonly { code: string }[] }): string[] {
  return result.reasons.map((r) => r.code);
}

/** A new licence year's ledger for a licence type, from the April 2026 schedule. */
function openYear(licenceType: LicenceTypeCode = 'smart-recovery', opensOn = OPENS_ON): PlaceMovement[] {
  return [allowed(openLicenceYear(licenceType, SCHEDULE, opensOn))];
}

/** Appends a used place for each nomination, in turn. */
function useFor(ledger: PlaceMovement[], ...nominationIds: string[]): PlaceMovement[] {
  let movements = ledger;
  for (const nominationId of nominationIds) {
    movements = [...movements, allowed(usePlace(movements, { nominationId, at: '2026-05-01' }, SCHEDULE))];
  }
  return movements;
}

describe('openLicenceYear: the included places for a licence year', () => {
  it.each<[LicenceTypeCode, number]>([
    ['smart-recovery', 6],
    ['family-and-friends', 3],
    ['criminal-justice', 10],
    ['veterans', 6],
    ['community', 6],
  ])('a %s licence year opens with %i places', (licenceType, places) => {
    const result = openLicenceYear(licenceType, SCHEDULE, OPENS_ON);
    expect(allowed(result)).toMatchObject({ kind: 'included', places, at: OPENS_ON });
    expect(ledgerSummary(openYear(licenceType))).toEqual({ included: places, bought: 0, used: 0, released: 0, remaining: places });
  });

  it('notes where the places come from', () => {
    expect(allowed(openLicenceYear('family-and-friends', SCHEDULE, OPENS_ON)).note).toBe(
      'Section 10: 3 training places included with the SMART Family & Friends licence this year.',
    );
  });

  it('refuses a Satellite licence, whose staff train under the main site\'s licence', () => {
    expect(openLicenceYear('satellite', SCHEDULE, OPENS_ON)).toEqual({
      allowed: false,
      reasons: [
        {
          code: 'no_places_for_licence_type',
          message: "A SMART Satellite licence includes no training places: its staff train under the main site's licence, so places are held and bought there.",
        },
      ],
    });
  });

  it('refuses Start SMART while the schedule sets no places for it', () => {
    expect(openLicenceYear('start-smart', SCHEDULE, OPENS_ON)).toEqual({
      allowed: false,
      reasons: [
        {
          code: 'places_not_published',
          message: 'The fee schedule does not yet set the training places included with a Start SMART licence, so Central Office will confirm them.',
        },
      ],
    });
  });

  it('opens Start SMART once a schedule sets its places', () => {
    const later = { ...SCHEDULE, licences: { ...SCHEDULE.licences, 'start-smart': { ...SCHEDULE.licences['start-smart'], includedTrainingPlaces: 4 } } };
    expect(allowed(openLicenceYear('start-smart', later, OPENS_ON)).places).toBe(4);
  });
});

describe('ledgerSummary', () => {
  it('is all zeros for an empty ledger', () => {
    expect(ledgerSummary([])).toEqual({ included: 0, bought: 0, used: 0, released: 0, remaining: 0 });
  });

  it('adds included and bought, takes away used, and gives back released', () => {
    const movements: PlaceMovement[] = [
      { kind: 'included', places: 6, at: '2026-04-01' },
      { kind: 'bought', places: 2, at: '2026-04-10' },
      { kind: 'used', places: 1, at: '2026-05-01', nominationId: 'n1' },
      { kind: 'used', places: 1, at: '2026-05-01', nominationId: 'n2' },
      { kind: 'used', places: 1, at: '2026-05-02', nominationId: 'n3' },
      { kind: 'released', places: 1, at: '2026-06-01', nominationId: 'n2', note: 'Left the organisation' },
    ];
    expect(ledgerSummary(movements)).toEqual({ included: 6, bought: 2, used: 3, released: 1, remaining: 6 });
  });

  it('refuses a stored movement that would give a wrong count', () => {
    expect(() => ledgerSummary([{ kind: 'included', places: -6, at: OPENS_ON }])).toThrow(RangeError);
    expect(() => ledgerSummary([{ kind: 'bought', places: 0, at: OPENS_ON }])).toThrow(RangeError);
    expect(() => ledgerSummary([{ kind: 'used', places: 2, at: OPENS_ON, nominationId: 'n1' }])).toThrow(RangeError);
    expect(() => ledgerSummary([{ kind: 'used', places: 1, at: OPENS_ON }])).toThrow(RangeError);
    expect(() => ledgerSummary([{ kind: 'included', places: 6, at: '1 April 2026' }])).toThrow(RangeError);
  });
});

describe('usePlace and canUsePlace', () => {
  it('takes one place for a nomination', () => {
    const movements = openYear();
    const result = usePlace(movements, { nominationId: 'n1', at: '2026-05-01', note: 'Alex Smith' }, SCHEDULE);
    expect(result).toEqual({ allowed: true, movement: { kind: 'used', places: 1, at: '2026-05-01', note: 'Alex Smith', nominationId: 'n1' }, reasons: [] });
    expect(ledgerSummary([...movements, allowed(result)]).remaining).toBe(5);
  });

  it('lets a SMART Recovery site nominate six people, and refuses the seventh (Section 9)', () => {
    const full = useFor(openYear(), 'n1', 'n2', 'n3', 'n4', 'n5', 'n6');
    expect(ledgerSummary(full)).toMatchObject({ used: 6, remaining: 0 });
    expect(usePlace(full, { nominationId: 'n7', at: '2026-05-02' }, SCHEDULE)).toEqual({
      allowed: false,
      reasons: [
        {
          code: 'no_places_left',
          message:
            'Every training place this licence year is taken (6 included with the licence). More places can be bought at £120.00 each, ' +
            'or a place can be released if a nominated trainee cannot complete the training.',
        },
      ],
    });
  });

  it('gives a Criminal Justice site ten places and a Family & Friends site three', () => {
    expect(ledgerSummary(useFor(openYear('criminal-justice'), 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j')).remaining).toBe(0);
    const ff = useFor(openYear('family-and-friends'), 'a', 'b', 'c');
    expect(codes(usePlace(ff, { nominationId: 'd', at: '2026-05-02' }, SCHEDULE))).toEqual(['no_places_left']);
  });

  it('never lets the places left go below zero', () => {
    let movements = openYear('family-and-friends');
    for (let n = 0; n < 10; n += 1) {
      const result = usePlace(movements, { nominationId: `n${n}`, at: '2026-05-01' }, SCHEDULE);
      if (result.allowed) movements = [...movements, result.movement];
      expect(ledgerSummary(movements).remaining).toBeGreaterThanOrEqual(0);
    }
    expect(ledgerSummary(movements)).toEqual({ included: 3, bought: 0, used: 3, released: 0, remaining: 0 });
  });

  it('takes the price of more places from the schedule', () => {
    const dearer = { ...SCHEDULE, additionalTrainingPlacePence: 13_500 };
    const full = useFor(openYear('family-and-friends'), 'a', 'b', 'c');
    const result = usePlace(full, { nominationId: 'd', at: '2026-05-02' }, dearer);
    expect(result.reasons[0]?.message).toContain('£135.00 each');
  });

  it('names bought places in the refusal', () => {
    const summary = { included: 6, bought: 2, used: 8, released: 0, remaining: 0 };
    expect(canUsePlace(summary, SCHEDULE).reasons[0]?.message).toMatch(/^Every training place this licence year is taken \(6 included with the licence and 2 bought\)\./);
  });

  it('says so when a licence year has no places at all', () => {
    const summary = { included: 0, bought: 0, used: 0, released: 0, remaining: 0 };
    expect(canUsePlace(summary, SCHEDULE).reasons[0]?.message).toMatch(/^This licence year has no training places\. More places can be bought at £120\.00 each/);
  });

  it('allows a place while any is left', () => {
    expect(canUsePlace({ included: 6, bought: 0, used: 5, released: 0, remaining: 1 }, SCHEDULE)).toEqual({ allowed: true, reasons: [] });
  });

  it('refuses a second place for a nomination that already holds one', () => {
    const movements = useFor(openYear(), 'n1');
    expect(usePlace(movements, { nominationId: 'n1', at: '2026-05-02' }, SCHEDULE)).toEqual({
      allowed: false,
      reasons: [
        {
          code: 'nomination_already_has_place',
          message: 'This nominated trainee already holds a training place this licence year; one person needs only one.',
        },
      ],
    });
  });

  it('lists every reason at once', () => {
    const full = useFor(openYear('family-and-friends'), 'a', 'b', 'c');
    expect(codes(usePlace(full, { nominationId: 'a', at: '2026-05-02' }, SCHEDULE))).toEqual(['nomination_already_has_place', 'no_places_left']);
  });
});

describe('releasePlace: release and re-offer (Section 9)', () => {
  it('gives the place back, and someone else can then use it', () => {
    const full = useFor(openYear('family-and-friends'), 'a', 'b', 'c');
    expect(codes(usePlace(full, { nominationId: 'd', at: '2026-06-01' }, SCHEDULE))).toEqual(['no_places_left']);

    const released = [...full, allowed(releasePlace(full, { nominationId: 'b', at: '2026-06-01', note: 'Could not complete the training' }))];
    expect(ledgerSummary(released)).toEqual({ included: 3, bought: 0, used: 3, released: 1, remaining: 1 });

    const reoffered = [...released, allowed(usePlace(released, { nominationId: 'd', at: '2026-06-02' }, SCHEDULE))];
    expect(ledgerSummary(reoffered)).toEqual({ included: 3, bought: 0, used: 4, released: 1, remaining: 0 });
  });

  it('records the release against the nomination', () => {
    const movements = useFor(openYear(), 'n1');
    expect(releasePlace(movements, { nominationId: 'n1', at: '2026-06-01' })).toEqual({
      allowed: true,
      movement: { kind: 'released', places: 1, at: '2026-06-01', nominationId: 'n1' },
      reasons: [],
    });
  });

  it('refuses a nomination that never used a place', () => {
    expect(releasePlace(useFor(openYear(), 'n1'), { nominationId: 'n2', at: '2026-06-01' })).toEqual({
      allowed: false,
      reasons: [
        {
          code: 'nomination_has_no_place',
          message: 'This nominated trainee has not taken a training place this licence year, so there is none to release.',
        },
      ],
    });
  });

  it('refuses to release the same place twice', () => {
    const used = useFor(openYear(), 'n1');
    const released = [...used, allowed(releasePlace(used, { nominationId: 'n1', at: '2026-06-01' }))];
    expect(releasePlace(released, { nominationId: 'n1', at: '2026-06-02' })).toEqual({
      allowed: false,
      reasons: [{ code: 'place_already_released', message: "This nominated trainee's training place has already been released." }],
    });
    expect(ledgerSummary(released).remaining).toBe(6);
  });

  it('lets a nomination whose place was released take one again, and release that one too', () => {
    const used = useFor(openYear(), 'n1');
    const released = [...used, allowed(releasePlace(used, { nominationId: 'n1', at: '2026-06-01' }))];
    const again = [...released, allowed(usePlace(released, { nominationId: 'n1', at: '2026-09-01' }, SCHEDULE))];
    expect(ledgerSummary(again).remaining).toBe(5);
    expect(releasePlace(again, { nominationId: 'n1', at: '2026-10-01' }).allowed).toBe(true);
  });
});

describe('buyPlaces (Section 10: additional places at £120 each)', () => {
  it('adds bought places that can then be used', () => {
    const full = useFor(openYear('family-and-friends'), 'a', 'b', 'c');
    const bought = [...full, allowed(buyPlaces(2, '2026-06-01', 'Invoice INV-0042'))];
    expect(ledgerSummary(bought)).toEqual({ included: 3, bought: 2, used: 3, released: 0, remaining: 2 });
    const more = useFor(bought, 'd', 'e');
    expect(ledgerSummary(more).remaining).toBe(0);
    expect(codes(usePlace(more, { nominationId: 'f', at: '2026-06-02' }, SCHEDULE))).toEqual(['no_places_left']);
  });

  it('records the purchase', () => {
    expect(buyPlaces(1, '2026-06-01')).toEqual({ allowed: true, movement: { kind: 'bought', places: 1, at: '2026-06-01' }, reasons: [] });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses to buy %s places', (places) => {
    expect(buyPlaces(places, '2026-06-01')).toEqual({
      allowed: false,
      reasons: [{ code: 'invalid_place_count', message: 'The number of training places to buy must be a whole number, 1 or more.' }],
    });
  });
});

describe('renewal: a new ledger each licence year (Section 9)', () => {
  it('starts the new year at its included places whatever was left unused', () => {
    const lastYear = useFor(openYear('smart-recovery'), 'n1');
    expect(ledgerSummary(lastYear).remaining).toBe(5);
    expect(ledgerSummary(openYear('smart-recovery', '2027-04-01'))).toEqual({ included: 6, bought: 0, used: 0, released: 0, remaining: 6 });
  });

  it('starts the new year at its included places after a year that ran out and bought more', () => {
    const lastYear = useFor([...openYear('family-and-friends'), allowed(buyPlaces(3, '2026-07-01'))], 'a', 'b', 'c', 'd', 'e', 'f');
    expect(ledgerSummary(lastYear).remaining).toBe(0);
    expect(ledgerSummary(openYear('family-and-friends', '2027-04-01')).remaining).toBe(3);
  });

  it('does not carry a nomination\'s place into the new year', () => {
    const newYear = openYear('smart-recovery', '2027-04-01');
    expect(codes(releasePlace(newYear, { nominationId: 'n1', at: '2027-04-02' }))).toEqual(['nomination_has_no_place']);
    expect(usePlace(newYear, { nominationId: 'n1', at: '2027-04-02' }, SCHEDULE).allowed).toBe(true);
  });
});
