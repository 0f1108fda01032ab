import { describe, expect, it } from 'vitest';
import { TASK_KINDS, taskKind } from './tasks.js';

describe('task kinds (decision 179)', () => {
  it('links each kind to the page that deals with it, by the subject where the page is per record', () => {
    expect(taskKind('start_up_form.review').link({ id: 'f 1', reference: null })).toBe('/portal/start-up-forms/f%201');
    expect(taskKind('quote.price_on_request').link({ id: 'q1', reference: 'Q-2026-0007' })).toBe('/portal/quote-requests/Q-2026-0007');
    expect(taskKind('quote.price_on_request').link({ id: 'q1', reference: null })).toBe('/portal/quote-requests');
    expect(taskKind('renewal.price_by_hand').link({ id: 'l1:2026-12-01', reference: null })).toBe('/portal/renewals/to-price');
    expect(taskKind('contact.message').link({ id: 'c1', reference: null })).toBeNull();
  });

  it('leaves a task its own page closes to that page, and lets the inbox close every other', () => {
    const closedByPage = Object.entries(TASK_KINDS).filter(([, k]) => k.closedByItsPage).map(([code]) => code).sort();
    expect(closedByPage).toEqual(['nomination.enrol', 'quote.price_on_request', 'start_up_form.review', 'training_request.price']);
  });

  it('names an unknown kind by its code, with no page, closed by hand', () => {
    expect(taskKind('something.new')).toMatchObject({ name: 'something.new', closedByItsPage: false });
    expect(taskKind('something.new').link({ id: 'x', reference: null })).toBeNull();
  });
});
