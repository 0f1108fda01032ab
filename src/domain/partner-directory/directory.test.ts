import { describe, expect, it } from 'vitest';
import { directoryEntries, licenceInForceOn, type DirectoryCandidate } from './directory.js';

const today = '2027-03-01';
const year = { startsOn: '2026-06-01', endsOn: '2027-05-31' };
const org = (o: Partial<DirectoryCandidate> & { name: string }): DirectoryCandidate => ({
  id: o.name,
  regionCode: 'north-west',
  agreedToBeListed: true,
  licences: [{ licenceType: 'smart-recovery', status: 'active', ...year }],
  ...o,
});

describe('licenceInForceOn', () => {
  it('is in force between its dates unless lapsed, and after its end only in grace', () => {
    expect(licenceInForceOn({ ...year, status: 'active' }, today)).toBe(true);
    expect(licenceInForceOn({ ...year, status: 'lapsed' }, today)).toBe(false);
    expect(licenceInForceOn({ ...year, status: 'active' }, '2026-05-31')).toBe(false);
    expect(licenceInForceOn({ ...year, status: 'active' }, '2027-06-01')).toBe(false);
    expect(licenceInForceOn({ ...year, status: 'in_grace' }, '2027-06-10')).toBe(true);
  });
});

describe('directoryEntries', () => {
  it('lists only organisations that agreed and hold a licence in force, by name', () => {
    const entries = directoryEntries(
      [
        org({ name: 'Zeta Recovery' }),
        org({ name: 'Alpha Recovery' }),
        org({ name: 'Not Agreed', agreedToBeListed: false }),
        org({ name: 'Lapsed Only', licences: [{ licenceType: 'smart-recovery', status: 'lapsed', ...year }] }),
        org({ name: 'No Licence', licences: [] }),
        org({ name: 'Satellite Only', licences: [{ licenceType: 'satellite', status: 'active', ...year }] }),
      ],
      today,
    );
    expect(entries.map((e) => e.name)).toEqual(['Alpha Recovery', 'Zeta Recovery']);
  });

  it('shows the licence types in force only, in the guidance order, without satellites', () => {
    const [entry] = directoryEntries(
      [
        org({
          name: 'Mixed',
          licences: [
            { licenceType: 'veterans', status: 'active', ...year },
            { licenceType: 'smart-recovery', status: 'active', ...year },
            { licenceType: 'family-and-friends', status: 'lapsed', ...year },
            { licenceType: 'satellite', status: 'active', ...year },
          ],
        }),
      ],
      today,
    );
    expect(entry).toEqual({ id: 'Mixed', name: 'Mixed', regionCode: 'north-west', licenceTypes: ['smart-recovery', 'veterans'] });
  });

  it('filters by region and by a licence type in force', () => {
    const all = [
      org({ name: 'North West SR' }),
      org({ name: 'Scotland SR', regionCode: 'scotland' }),
      org({ name: 'Scotland FF', regionCode: 'scotland', licences: [{ licenceType: 'family-and-friends', status: 'active', ...year }] }),
      org({ name: 'Scotland FF lapsed', regionCode: 'scotland', licences: [{ licenceType: 'smart-recovery', status: 'active', ...year }, { licenceType: 'family-and-friends', status: 'lapsed', ...year }] }),
    ];
    expect(directoryEntries(all, today, { region: 'scotland' }).map((e) => e.name)).toEqual(['Scotland FF', 'Scotland FF lapsed', 'Scotland SR']);
    expect(directoryEntries(all, today, { region: 'scotland', licenceType: 'family-and-friends' }).map((e) => e.name)).toEqual(['Scotland FF']);
  });
});
