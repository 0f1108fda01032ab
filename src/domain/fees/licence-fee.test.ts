import { describe, expect, it } from 'vitest';
import type { LicenceTypeCode } from '../reference.js';
import { APRIL_2026_SCHEDULE } from './fee-schedule.js';
import { licenceFee } from './licence-fee.js';

const schedule = APRIL_2026_SCHEDULE;

describe('licenceFee for a non-profit organisation (Section 10, first table)', () => {
  it.each<[LicenceTypeCode, number]>([
    ['smart-recovery', 70_000],
    ['family-and-friends', 70_000],
    ['criminal-justice', 111_000],
    ['veterans', 111_000],
    ['community', 110_000],
    ['satellite', 18_000],
  ])('charges the full %s fee of %i pence without SMART Recovery at the site', (licence, pence) => {
    expect(licenceFee(licence, 'non-profit', null, schedule)).toEqual({
      priceOnRequest: false,
      amountPence: pence,
      rule: 'Section 10: annual fee per site for non-profit organisations.',
    });
  });

  it.each<[LicenceTypeCode, number]>([
    ['family-and-friends', 41_000],
    ['veterans', 57_500],
  ])('reduces %s to %i pence where SMART Recovery is already held at the site', (licence, pence) => {
    const price = licenceFee(licence, 'non-profit', 'held', schedule);
    expect(price).toMatchObject({ priceOnRequest: false, amountPence: pence });
  });

  it('reduces Family & Friends to £410 where SMART Recovery is bought for the site in the same quote', () => {
    expect(licenceFee('family-and-friends', 'non-profit', 'in-quote', schedule)).toMatchObject({ amountPence: 41_000 });
  });

  it.each<LicenceTypeCode>(['smart-recovery', 'criminal-justice', 'community', 'satellite'])(
    'does not reduce %s, which has no reduced fee, when SMART Recovery is at the site',
    (licence) => {
      const full = licenceFee(licence, 'non-profit', null, schedule);
      expect(licenceFee(licence, 'non-profit', 'held', schedule)).toEqual(full);
    },
  );

  it('says in the rule that a held SMART Recovery licence reduced the fee, and from what', () => {
    expect(licenceFee('family-and-friends', 'non-profit', 'held', schedule)).toMatchObject({
      rule: 'Section 10: reduced from £700.00 because this site already holds a SMART Recovery licence.',
    });
  });

  it('says in the rule that a SMART Recovery licence in the same quote reduced the fee', () => {
    expect(licenceFee('veterans', 'non-profit', 'in-quote', schedule)).toMatchObject({
      rule: 'Section 10: reduced from £1,110.00 because this quote includes a SMART Recovery licence for this site.',
    });
  });

  it('prices Start SMART on request because no fee is published', () => {
    expect(licenceFee('start-smart', 'non-profit', null, schedule)).toEqual({
      priceOnRequest: true,
      rule: 'Section 10: there is no published Start SMART fee yet, so Central Office will price this licence.',
    });
  });
});

describe('licenceFee for a profit-making organisation (Section 10, second table)', () => {
  it('charges £1,400 for SMART Recovery', () => {
    expect(licenceFee('smart-recovery', 'for-profit', null, schedule)).toEqual({
      priceOnRequest: false,
      amountPence: 140_000,
      rule: 'Section 10: annual fee per site for profit-making organisations.',
    });
  });

  it('charges £1,400 for Family & Friends without SMART Recovery at the site', () => {
    expect(licenceFee('family-and-friends', 'for-profit', null, schedule)).toMatchObject({ amountPence: 140_000 });
  });

  it('reduces Family & Friends to £700 where SMART Recovery is held at the site', () => {
    expect(licenceFee('family-and-friends', 'for-profit', 'held', schedule)).toEqual({
      priceOnRequest: false,
      amountPence: 70_000,
      rule: 'Section 10: reduced from £1,400.00 because this site already holds a SMART Recovery licence.',
    });
  });

  it.each<[LicenceTypeCode, string]>([
    ['criminal-justice', 'SMART Criminal Justice'],
    ['veterans', 'SMART Veterans'],
    ['start-smart', 'Start SMART'],
    ['community', 'SMART Community'],
    ['satellite', 'SMART Satellite'],
  ])('prices %s on request, with Central Office to price it', (licence, name) => {
    expect(licenceFee(licence, 'for-profit', 'held', schedule)).toEqual({
      priceOnRequest: true,
      rule: `Section 10: there is no published ${name} fee for profit-making organisations, so Central Office will price this licence.`,
    });
  });
});

describe('licenceFee for a corporate organisation (Section 10, corporate partnerships)', () => {
  it.each<LicenceTypeCode>(['smart-recovery', 'family-and-friends', 'criminal-justice', 'veterans', 'community', 'satellite'])(
    'prices %s on request',
    (licence) => {
      expect(licenceFee(licence, 'corporate', 'held', schedule)).toMatchObject({ priceOnRequest: true });
    },
  );

  it('mentions per-head pricing for more than 50,000 employees in the rule', () => {
    const price = licenceFee('smart-recovery', 'corporate', null, schedule);
    expect(price.rule).toContain('more than 50,000 employees may be eligible for per-head pricing');
  });
});

