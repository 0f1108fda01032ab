import { describe, expect, it } from 'vitest';
import { regionOfPostcode } from './region-of-postcode.js';

describe('regionOfPostcode', () => {
  it('places English postcodes in the four English regions', () => {
    expect(regionOfPostcode('PR1 8BU')).toBe('north-west');
    expect(regionOfPostcode('LS1 4AP')).toBe('north-east-yorkshire');
    expect(regionOfPostcode('NG5 1AA')).toBe('midlands-london');
    expect(regionOfPostcode('SW1A 1AA')).toBe('midlands-london');
    expect(regionOfPostcode('PO1 3AX')).toBe('south-of-england');
  });

  it('splits Wales into North and South, and keeps Scotland and Northern Ireland whole', () => {
    expect(regionOfPostcode('LL30 2AA')).toBe('north-wales');
    expect(regionOfPostcode('CF10 1AA')).toBe('south-wales');
    expect(regionOfPostcode('G2 8AA')).toBe('scotland');
    expect(regionOfPostcode('BT15 3AA')).toBe('northern-ireland');
  });

  it('follows the nation given for a border area', () => {
    expect(regionOfPostcode('CH5 1AA', 'wales')).toBe('north-wales');
    expect(regionOfPostcode('CH1 1AA', 'england')).toBe('north-west');
  });

  it('answers null for what is not a postcode', () => {
    expect(regionOfPostcode('not a postcode')).toBeNull();
  });
});
