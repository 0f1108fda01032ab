import { describe, expect, it } from 'vitest';
import { hiddenOnlyByOutsideCauses, listingChange } from './listing-change.js';

const visible = { visible: true, reasonCodes: [], checked: true };
const hidden = (...reasonCodes: string[]) => ({ visible: false, reasonCodes, checked: true });

describe('listingChange', () => {
  it('tells people when a listed meeting comes off because its licence lapsed', () => {
    expect(listingChange(visible, hidden('site_not_licensed'))).toBe('taken_off');
  });

  it('tells people when a listed meeting comes off because a facilitator is no longer eligible', () => {
    expect(listingChange(visible, hidden('facilitator_not_eligible', 'facilitator_not_eligible'))).toBe('taken_off');
  });

  it('says nothing when the facilitator unlisted, closed or ended the meeting, even with an outside cause too', () => {
    expect(listingChange(visible, hidden('not_listed_publicly'))).toBeNull();
    expect(listingChange(visible, hidden('meeting_closed_down', 'site_not_licensed'))).toBeNull();
    expect(listingChange(visible, hidden('closed_meeting'))).toBeNull();
    expect(listingChange(visible, hidden('meeting_ended'))).toBeNull();
  });

  it('tells people again when a meeting taken off for an outside cause returns', () => {
    expect(listingChange(hidden('site_not_licensed'), visible)).toBe('returned');
  });

  it('says nothing when a meeting the facilitator had unlisted is listed again', () => {
    expect(listingChange(hidden('not_listed_publicly'), visible)).toBeNull();
  });

  it('says nothing about a new meeting, whose listing has never been worked out', () => {
    expect(listingChange({ visible: false, reasonCodes: [], checked: false }, visible)).toBeNull();
    expect(listingChange({ visible: false, reasonCodes: [], checked: false }, hidden('site_not_licensed'))).toBeNull();
  });

  it('says nothing when nothing changes', () => {
    expect(listingChange(visible, visible)).toBeNull();
    expect(listingChange(hidden('site_not_licensed'), hidden('site_not_licensed', 'facilitator_not_eligible'))).toBeNull();
  });
});

describe('hiddenOnlyByOutsideCauses', () => {
  it('needs at least one reason, all of them outside the meeting', () => {
    expect(hiddenOnlyByOutsideCauses([])).toBe(false);
    expect(hiddenOnlyByOutsideCauses(['site_not_licensed'])).toBe(true);
    expect(hiddenOnlyByOutsideCauses(['site_not_licensed', 'not_listed_publicly'])).toBe(false);
  });
});
