import { describe, expect, it } from 'vitest';
import { formatPostcode, isUkPostcode, nationOfPostcode, postcodeArea, standardPostcode } from './postcode.js';

describe('isUkPostcode', () => {
  it.each(['PR1 8BU', 'pr18bu', 'G2 8AA', 'EC1A 1BB', 'W1A 0AX', 'SW1A 1AA', 'BT15 3AA', 'LL30 2AA', ' ls1 4ap ', 'GIR 0AA'])(
    'accepts %s',
    (postcode) => expect(isUkPostcode(postcode)).toBe(true),
  );

  it.each(['', 'PR1', '8BU', 'PR1 8B', 'PR1 88U', '12345', 'PRR1 8BU', 'PR1-8BU', 'not a postcode'])('refuses %j', (postcode) =>
    expect(isUkPostcode(postcode)).toBe(false),
  );
});

describe('formatPostcode', () => {
  it('writes capitals with one space before the inward code', () => {
    expect(formatPostcode('pr18bu')).toBe('PR1 8BU');
    expect(formatPostcode('  ec1a   1bb ')).toBe('EC1A 1BB');
  });
});

describe('standardPostcode', () => {
  it('writes a UK postcode in capitals with one space, and leaves anything else as typed', () => {
    expect(standardPostcode('pr1 8bu')).toBe('PR1 8BU');
    expect(standardPostcode(' pr18bu ')).toBe('PR1 8BU');
    expect(standardPostcode('pr1 8b')).toBe('pr1 8b');
    expect(standardPostcode('')).toBe('');
  });
});

describe('postcodeArea', () => {
  it('reads the one or two letters at the start', () => {
    expect(postcodeArea('G2 8AA')).toBe('G');
    expect(postcodeArea('GL1 1AA')).toBe('GL');
    expect(postcodeArea('nonsense')).toBeNull();
  });
});

describe('nationOfPostcode', () => {
  it('reads the nation of an area inside one nation', () => {
    expect(nationOfPostcode('BT15 3AA')).toBe('northern-ireland');
    expect(nationOfPostcode('G2 8AA')).toBe('scotland');
    expect(nationOfPostcode('EH1 1AA')).toBe('scotland');
    expect(nationOfPostcode('CF10 1AA')).toBe('wales');
    expect(nationOfPostcode('LL30 2AA')).toBe('wales');
    expect(nationOfPostcode('PR1 8BU')).toBe('england');
    expect(nationOfPostcode('GL1 1AA')).toBe('england');
  });

  it('gives no nation for an area that crosses a border, so the person is asked', () => {
    for (const postcode of ['TD15 1AA', 'CH5 1AA', 'SY23 1AA', 'NP16 5AA', 'LD7 1AA', 'HR2 0AA']) expect(nationOfPostcode(postcode)).toBeNull();
  });

  it('gives no nation for the Crown Dependencies, which are in none of the four', () => {
    for (const postcode of ['GY1 1AA', 'JE2 3AA', 'IM1 1AA']) expect(nationOfPostcode(postcode)).toBeNull();
  });

  it('gives no nation for a string that is not a postcode', () => {
    expect(nationOfPostcode('PR1')).toBeNull();
  });
});
