import { describe, expect, it } from 'vitest';
import type { MeetingSchedule } from './schedule.js';
import { completionRate, isOverdue, surveyAnswerProblems, surveyDatesDue, surveyRemindersDue } from './surveys.js';

// Tuesdays 18:00–19:30 from 3 November 2026.
const tuesdays: MeetingSchedule & { endTime: string } = { frequency: 'weekly', day: 2, weekOfMonth: null, startsOn: '2026-11-03', endsOn: null, endTime: '19:30' };

describe('which meeting dates are surveyed', () => {
  it('asks about dates that have passed, and today only once the meeting has ended', () => {
    expect(surveyDatesDue(tuesdays, { date: '2026-11-24', time: '19:29' })).toEqual(['2026-11-03', '2026-11-10', '2026-11-17']);
    expect(surveyDatesDue(tuesdays, { date: '2026-11-24', time: '19:30' })).toEqual(['2026-11-03', '2026-11-10', '2026-11-17', '2026-11-24']);
  });

  it('never asks about a date before the meeting starts or after it ends', () => {
    expect(surveyDatesDue({ ...tuesdays, startsOn: '2026-11-20' }, { date: '2026-11-23', time: '12:00' })).toEqual([]);
    expect(surveyDatesDue({ ...tuesdays, endsOn: '2026-11-12' }, { date: '2026-11-30', time: '12:00' })).toEqual(['2026-11-03', '2026-11-10']);
  });

  it('looks back no further than the window', () => {
    expect(surveyDatesDue({ ...tuesdays, startsOn: '2026-01-06' }, { date: '2026-11-25', time: '09:00' }, 14)).toEqual(['2026-11-17', '2026-11-24']);
  });
});

describe('survey reminders', () => {
  it('are due 3 and 10 days after the ask, each once', () => {
    expect(surveyRemindersDue('2026-11-10', '2026-11-12', [])).toEqual([]);
    expect(surveyRemindersDue('2026-11-10', '2026-11-13', [])).toEqual([3]);
    expect(surveyRemindersDue('2026-11-10', '2026-11-19', [3])).toEqual([]);
    expect(surveyRemindersDue('2026-11-10', '2026-11-20', [3])).toEqual([10]);
    expect(surveyRemindersDue('2026-11-10', '2026-11-30', [3, 10])).toEqual([]);
  });

  it('still sends a stage the run missed, late', () => {
    expect(surveyRemindersDue('2026-11-10', '2026-11-25', [])).toEqual([3, 10]);
  });
});

describe('completion rate', () => {
  it('counts completed and not-held surveys as answered, rounding down', () => {
    expect(completionRate({ due: 1, completed: 1, notHeld: 1 })).toBe(66);
    expect(completionRate({ due: 0, completed: 4, notHeld: 0 })).toBe(100);
    expect(completionRate({ due: 3, completed: 0, notHeld: 0 })).toBe(0);
  });

  it('has no rate when nobody has been asked', () => {
    expect(completionRate({ due: 0, completed: 0, notHeld: 0 })).toBeNull();
  });

  it('calls a survey overdue once the last reminder point has passed', () => {
    expect(isOverdue('2026-11-10', '2026-11-19')).toBe(false);
    expect(isOverdue('2026-11-10', '2026-11-20')).toBe(true);
  });
});

describe('a survey answer', () => {
  const good = { held: true, attendance: 8, newAttendees: 2, toolsUsed: ['abc', 'change-plan'], guidelinesShared: true };

  it('accepts a complete answer, and a meeting that did not take place with nothing more', () => {
    expect(surveyAnswerProblems(good)).toEqual([]);
    expect(surveyAnswerProblems({ ...good, attendance: 0, newAttendees: 0, toolsUsed: [] })).toEqual([]);
    expect(surveyAnswerProblems({ held: false })).toEqual([]);
  });

  it('refuses a negative, fractional, missing or implausible attendance', () => {
    for (const attendance of [-1, 2.5, null, undefined]) {
      expect(surveyAnswerProblems({ ...good, attendance }).map((p) => p.field)).toContain('attendance');
    }
    expect(surveyAnswerProblems({ ...good, attendance: 501 })).toEqual([{ field: 'attendance', message: 'Attendance must be 500 or fewer: check the number' }]);
  });

  it('refuses more new people than attended', () => {
    expect(surveyAnswerProblems({ ...good, attendance: 3, newAttendees: 4 })).toEqual([
      { field: 'newAttendees', message: 'The number of new people cannot be more than the number who attended' },
    ]);
    expect(surveyAnswerProblems({ ...good, newAttendees: -1 }).map((p) => p.field)).toEqual(['newAttendees']);
  });

  it('refuses unknown or repeated tools, and a missing answer about the Meeting Guidelines', () => {
    expect(surveyAnswerProblems({ ...good, toolsUsed: ['abc', 'crystal-ball'] }).map((p) => p.field)).toEqual(['toolsUsed']);
    expect(surveyAnswerProblems({ ...good, toolsUsed: ['abc', 'abc'] }).map((p) => p.message)).toEqual(['Choose each tool once']);
    expect(surveyAnswerProblems({ ...good, guidelinesShared: null })).toEqual([{ field: 'guidelinesShared', message: 'Say whether the Meeting Guidelines were shared' }]);
  });
});
