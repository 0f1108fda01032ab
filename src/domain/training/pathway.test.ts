import { describe, expect, it } from 'vitest';
import { changeProgress, mayTake, type ModuleProgress, pathwayOrder, type Trainee, TRAINING_MODULES, withProgress } from './pathway.js';

const TODAY = '2026-11-24';
const done = (module: ModuleProgress['module'], on: string): ModuleProgress => ({ module, status: 'completed', enrolledOn: on, startedOn: null, completedOn: on, withdrawnOn: null });
const nobody: Trainee = { progress: [], placesFor: [], uksrVolunteer: null };
const nominee: Trainee = { progress: [done('introduction-to-smart', '2026-10-01'), done('getting-smart', '2026-10-02')], placesFor: ['smart-facilitator'], uksrVolunteer: null };

describe('the training pathway (Section 6 steps 4 and 5)', () => {
  it('lists the modules in the order they are taken, each with the qualification it gives', () => {
    expect(TRAINING_MODULES.map((m) => [m.code, m.qualification])).toEqual([
      ['introduction-to-smart', null],
      ['getting-smart', null],
      ['smart-facilitator', 'smart-facilitator'],
      ['family-and-friends-module', 'family-and-friends-module'],
      ['veterans-module', 'veterans-module'],
    ]);
    expect(pathwayOrder('getting-smart')).toBeLessThan(pathwayOrder('smart-facilitator'));
  });

  it('lets anyone enrol on Introduction to SMART and Getting SMART', () => {
    expect(mayTake('introduction-to-smart', nobody, TODAY)).toEqual([]);
    expect(mayTake('getting-smart', nobody, TODAY)).toEqual([]);
  });

  it('refuses the Facilitator training until both prerequisite modules are completed, naming each one missing', () => {
    const reasons = mayTake('smart-facilitator', { ...nobody, placesFor: ['smart-facilitator'] }, TODAY);
    expect(reasons.map((r) => r.code)).toEqual(['prerequisite_missing', 'prerequisite_missing']);
    expect(reasons.map((r) => r.message)).toEqual([
      'SMART Facilitator training follows on from Introduction to SMART, which is not completed yet.',
      'SMART Facilitator training follows on from Getting SMART, which is not completed yet.',
    ]);
  });

  it('refuses a prerequisite completed after the day of the change', () => {
    const reasons = mayTake('smart-facilitator', nominee, '2026-10-01');
    expect(reasons).toEqual([{ code: 'prerequisite_missing', message: expect.stringContaining('Getting SMART was completed on 2 October 2026') }]);
  });

  it('gives the Facilitator training only to a partner’s nominee with a Facilitator place or a UKSR volunteer', () => {
    const withPrerequisites = { ...nominee, placesFor: [] };
    expect(mayTake('smart-facilitator', withPrerequisites, TODAY).map((r) => r.code)).toEqual(['not_partner_or_volunteer']);
    expect(mayTake('smart-facilitator', { ...withPrerequisites, placesFor: ['family-and-friends-module'] }, TODAY).map((r) => r.code)).toEqual(['not_partner_or_volunteer']);
    expect(mayTake('smart-facilitator', { ...withPrerequisites, uksrVolunteer: 'onboarding' }, TODAY)).toEqual([]);
    expect(mayTake('smart-facilitator', { ...withPrerequisites, uksrVolunteer: 'left' }, TODAY).map((r) => r.code)).toEqual(['not_partner_or_volunteer']);
    expect(mayTake('smart-facilitator', nominee, TODAY)).toEqual([]);
  });

  it.each([['family-and-friends-module'], ['veterans-module']] as const)('opens the %s only after the Facilitator training', (module) => {
    expect(mayTake(module, nominee, TODAY).map((r) => r.message)).toEqual([expect.stringContaining('follows on from SMART Facilitator training')]);
    expect(mayTake(module, withProgress(nominee, done('smart-facilitator', '2026-11-01')), TODAY)).toEqual([]);
  });
});

describe('changeProgress', () => {
  it('moves a module from enrolled to in progress to completed, keeping each date', () => {
    const enrolled = changeProgress(nominee, 'smart-facilitator', 'enrolled', '2026-10-05', TODAY);
    expect(enrolled).toMatchObject({ allowed: true, unchanged: false, progress: { status: 'enrolled', enrolledOn: '2026-10-05' } });
    const t1 = withProgress(nominee, (enrolled as { progress: ModuleProgress }).progress);
    const started = changeProgress(t1, 'smart-facilitator', 'in_progress', '2026-10-06', TODAY);
    const t2 = withProgress(t1, (started as { progress: ModuleProgress }).progress);
    expect(changeProgress(t2, 'smart-facilitator', 'completed', '2026-11-01', TODAY)).toEqual({
      allowed: true,
      unchanged: false,
      progress: { module: 'smart-facilitator', status: 'completed', enrolledOn: '2026-10-05', startedOn: '2026-10-06', completedOn: '2026-11-01', withdrawnOn: null },
    });
  });

  it('accepts a completion with no enrolment recorded, dating the enrolment the same day', () => {
    expect(changeProgress(nobody, 'getting-smart', 'completed', '2026-09-01', TODAY)).toMatchObject({ allowed: true, progress: { enrolledOn: '2026-09-01', completedOn: '2026-09-01' } });
  });

  it('changes nothing when the same completion, or an earlier step, is recorded again', () => {
    const t = withProgress(nominee, done('smart-facilitator', '2026-11-01'));
    expect(changeProgress(t, 'smart-facilitator', 'completed', '2026-11-01', TODAY)).toMatchObject({ allowed: true, unchanged: true });
    expect(changeProgress(t, 'smart-facilitator', 'enrolled', '2026-10-01', TODAY)).toMatchObject({ allowed: true, unchanged: true });
  });

  it('refuses a second completion date, a withdrawal after completion and a date in the future', () => {
    const t = withProgress(nominee, done('smart-facilitator', '2026-11-01'));
    expect(changeProgress(t, 'smart-facilitator', 'completed', '2026-11-02', TODAY)).toMatchObject({ allowed: false, reasons: [{ code: 'already_completed' }] });
    expect(changeProgress(t, 'smart-facilitator', 'withdrawn', '2026-11-02', TODAY)).toMatchObject({ allowed: false, reasons: [{ code: 'already_completed' }] });
    expect(changeProgress(nobody, 'getting-smart', 'enrolled', '2026-11-25', TODAY)).toMatchObject({ allowed: false, reasons: [{ code: 'date_in_future' }] });
  });

  it('withdraws an enrolled person and lets them enrol again later', () => {
    const enrolled = withProgress(nobody, { module: 'getting-smart', status: 'enrolled', enrolledOn: '2026-09-01', startedOn: null, completedOn: null, withdrawnOn: null });
    const withdrawn = changeProgress(enrolled, 'getting-smart', 'withdrawn', '2026-09-10', TODAY);
    expect(withdrawn).toMatchObject({ allowed: true, progress: { status: 'withdrawn', withdrawnOn: '2026-09-10' } });
    const again = changeProgress(withProgress(enrolled, (withdrawn as { progress: ModuleProgress }).progress), 'getting-smart', 'enrolled', '2026-10-01', TODAY);
    expect(again).toMatchObject({ allowed: true, progress: { status: 'enrolled', enrolledOn: '2026-10-01', withdrawnOn: null } });
    expect(changeProgress(nobody, 'getting-smart', 'withdrawn', '2026-09-10', TODAY)).toMatchObject({ allowed: false, reasons: [{ code: 'not_enrolled' }] });
  });

  it('refuses a date earlier than one already recorded', () => {
    const enrolled = withProgress(nobody, { module: 'getting-smart', status: 'enrolled', enrolledOn: '2026-09-01', startedOn: null, completedOn: null, withdrawnOn: null });
    expect(changeProgress(enrolled, 'getting-smart', 'completed', '2026-08-01', TODAY)).toMatchObject({ allowed: false, reasons: [{ code: 'date_before_previous' }] });
  });

  it('refuses Facilitator training for someone who is neither nominated nor a volunteer, with the reason', () => {
    const result = changeProgress({ ...nominee, placesFor: [] }, 'smart-facilitator', 'completed', '2026-11-01', TODAY);
    expect(result).toMatchObject({ allowed: false, reasons: [{ code: 'not_partner_or_volunteer', message: expect.stringContaining('Section 6 step 4') }] });
  });
});
