import { describe, expect, it } from 'vitest';
import { meetingSlug, postcodeDistrict, slugSuffix, slugWords } from './slug.js';

describe('meetingSlug', () => {
  it('reads programme, day, town and suffix', () => {
    expect(meetingSlug({ programme: 'smart-recovery', day: 2, town: 'Preston', postcode: 'PR1 8BU', suffix: '7k2f' })).toBe('smart-recovery-tuesday-preston-7k2f');
  });

  it('falls back to the postcode district without a town, and to "online" without either', () => {
    expect(meetingSlug({ programme: 'family-and-friends', day: 0, town: null, postcode: 'pr18bu', suffix: 'ab2c' })).toBe('family-and-friends-sunday-pr1-ab2c');
    expect(meetingSlug({ programme: 'veterans', day: 6, town: null, postcode: null, suffix: 'zz99' })).toBe('veterans-saturday-online-zz99');
  });

  it('makes a town with punctuation and accents readable', () => {
    expect(meetingSlug({ programme: 'start-smart', day: 5, town: "Bishop's Stortford & Ystradgynlais", postcode: null, suffix: 'q3rt' })).toBe(
      'start-smart-friday-bishop-s-stortford-and-ystradg-q3rt',
    );
    expect(slugWords('Ynys Môn')).toBe('ynys-mon');
  });

  it('gives the postcode district', () => {
    expect(postcodeDistrict('SW1A 1AA')).toBe('sw1a');
  });

  it('draws the suffix from letters and digits that cannot be misread', () => {
    const suffix = slugSuffix(new Uint8Array([0, 1, 30, 255]));
    expect(suffix).toMatch(/^[a-hjkmnp-z2-9]{4}$/);
  });
});

describe('slug length', () => {
  it('keeps every slug within the Meeting Guide format’s 64 characters, however long the place', () => {
    const slug = meetingSlug({ programme: 'family-and-friends', day: 3, town: 'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch', postcode: null, suffix: 'abcd' });
    expect(slug.length).toBeLessThanOrEqual(64);
    expect(slug).toMatch(/^family-and-friends-wednesday-llanfairpwll[a-z]*-abcd$/);
  });
});
