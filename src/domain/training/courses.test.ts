import { describe, expect, it } from 'vitest';
import { APRIL_2026_SCHEDULE } from '../fees/fee-schedule.js';
import { checkCoursePlan, courseFee, courseFlag, courseInvoiceLines, mayBook } from './courses.js';

const fees = APRIL_2026_SCHEDULE;
const TODAY = '2026-12-01';

describe('staff-led course fees (Section 10)', () => {
  it('charges £2,000 for in person and £1,250 for a webinar, per course', () => {
    expect(courseFee('in_person', fees)).toBe(200_000);
    expect(courseFee('webinar', fees)).toBe(125_000);
  });
});

describe('checkCoursePlan', () => {
  const inPerson = { format: 'in_person' as const, sessionDates: ['2027-01-13', '2027-01-12'], places: 12, cutOffOn: '2026-12-20', venue: 'Example Hall, Preston' };

  it('accepts two full days in person with 6 to 12 places, and puts the sessions in date order', () => {
    expect(checkCoursePlan(inPerson, fees, TODAY)).toEqual({ ok: true, sessionDates: ['2027-01-12', '2027-01-13'] });
    expect(checkCoursePlan({ ...inPerson, places: 6 }, fees, TODAY).ok).toBe(true);
  });

  it('needs four half-days for a webinar, and no venue', () => {
    const webinar = { format: 'webinar' as const, sessionDates: ['2027-01-12', '2027-01-14', '2027-01-19', '2027-01-21'], places: 8, cutOffOn: '2027-01-05' };
    expect(checkCoursePlan(webinar, fees, TODAY).ok).toBe(true);
    const short = checkCoursePlan({ ...webinar, sessionDates: webinar.sessionDates.slice(0, 2) }, fees, TODAY);
    expect(short).toEqual({ ok: false, reasons: [expect.objectContaining({ field: 'sessionDates', message: expect.stringContaining('4 sessions (half days)') })] });
  });

  it('refuses fewer than 6 or more than 12 places, a cut-off on or after the first session, two sessions on one day and a missing venue, all at once', () => {
    const result = checkCoursePlan({ format: 'in_person', sessionDates: ['2027-01-12', '2027-01-12'], places: 13, cutOffOn: '2026-11-30', venue: ' ' }, fees, TODAY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reasons.map((r) => r.field)).toEqual(['sessionDates', 'places', 'cutOffOn', 'venue']);
    expect(result.reasons[1]!.message).toBe('Section 10: a staff-led course is for 6 to 12 people.');
    const late = checkCoursePlan({ ...inPerson, places: 5, cutOffOn: '2027-01-12' }, fees, TODAY);
    expect(late.ok ? [] : late.reasons.map((r) => r.message)).toEqual([
      'Section 10: a staff-led course is for 6 to 12 people.',
      'The booking cut-off date is before the first session (12 January 2027).',
    ]);
  });

  it('refuses sessions on or before today', () => {
    const result = checkCoursePlan({ ...inPerson, sessionDates: [TODAY, '2027-01-13'] }, fees, TODAY);
    expect(result.ok ? [] : result.reasons.map((r) => r.message)).toContain('The sessions must be after today.');
  });
});

describe('mayBook', () => {
  const course = { places: 6, booked: 5, firstSessionOn: '2027-01-12', cutOffOn: '2026-12-20' };
  it('books up to the places, and not one more', () => {
    expect(mayBook(course, TODAY)).toEqual({ allowed: true });
    expect(mayBook({ ...course, booked: 6 }, TODAY)).toMatchObject({ allowed: false, reason: { code: 'course_full' } });
  });
  it('still books after the cut-off, but not once the course has started', () => {
    expect(mayBook(course, '2026-12-21')).toEqual({ allowed: true });
    expect(mayBook(course, '2027-01-12')).toMatchObject({ allowed: false, reason: { code: 'course_started' } });
  });
});

describe('courseFlag', () => {
  const course = { places: 12, booked: 4, firstSessionOn: '2027-01-12', cutOffOn: '2026-12-20' };
  it('says how many more are needed before the cut-off, and flags the course once the cut-off has passed with fewer than 6', () => {
    expect(courseFlag(course, fees, '2026-12-20')).toEqual({ kind: 'filling', message: '2 more people needed by 20 December 2026 for the course to run.' });
    expect(courseFlag(course, fees, '2026-12-21')).toEqual({ kind: 'under_booked', message: 'Only 4 of the 6 people needed were booked by the cut-off date, 20 December 2026.' });
  });
  it('does not flag a course with 6 booked', () => {
    expect(courseFlag({ ...course, booked: 6 }, fees, '2026-12-21')).toBeNull();
  });
});

describe('courseInvoiceLines', () => {
  const sessions = ['2027-01-12', '2027-01-13'];
  it('adds the trainer’s expenses to an in-person course as a second line', () => {
    const result = courseInvoiceLines({ format: 'in_person', feePence: 200_000, sessionDates: sessions, places: 10 }, { pence: 18_450, note: 'Rail and one night' });
    expect(result).toEqual({
      ok: true,
      lines: [
        { kind: 'fee', description: 'Staff-led in-person Facilitator Training, 12 January 2027 to 13 January 2027', rule: expect.stringContaining('£2,000.00 per course plus staff expenses'), amountPence: 200_000 },
        { kind: 'expenses', description: 'Trainer travel and accommodation: Rail and one night', rule: expect.stringContaining('travel & accommodation'), amountPence: 18_450 },
      ],
    });
  });
  it('needs the expenses of an in-person course entered, even as £0.00, and refuses expenses on a webinar', () => {
    expect(courseInvoiceLines({ format: 'in_person', feePence: 200_000, sessionDates: sessions, places: 10 }, null).ok).toBe(false);
    const none = courseInvoiceLines({ format: 'in_person', feePence: 200_000, sessionDates: sessions, places: 10 }, { pence: 0 });
    expect(none.ok && none.lines.map((l) => l.amountPence)).toEqual([200_000]);
    expect(courseInvoiceLines({ format: 'webinar', feePence: 125_000, sessionDates: sessions, places: 10 }, { pence: 100 })).toMatchObject({ ok: false, reasons: [{ field: 'expensesPence' }] });
    const webinar = courseInvoiceLines({ format: 'webinar', feePence: 125_000, sessionDates: sessions, places: 10 }, null);
    expect(webinar.ok && webinar.lines).toHaveLength(1);
  });
});
