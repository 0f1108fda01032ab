import { describe, expect, it } from 'vitest';
import { ONBOARDING_STAGES, onboardingProgress, type StageRecord } from './volunteer-onboarding.js';

const passed = (stages: readonly string[]): StageRecord[] => stages.map((stage) => ({ stage: stage as StageRecord['stage'], completedOn: '2026-11-01', outcome: 'passed' }));

describe('UKSR volunteer onboarding', () => {
  it('makes a volunteer active only when all six stages are passed', () => {
    expect(onboardingProgress(passed(ONBOARDING_STAGES))).toEqual({ active: true, outstanding: [], failed: [] });
  });

  it('lists the stages still to do, in order', () => {
    expect(onboardingProgress(passed(['application', 'interview', 'reference-1'])).outstanding).toEqual(['reference-2', 'safeguarding-check', 'training']);
  });

  it('keeps a volunteer with a failed stage inactive and names it', () => {
    const records = [...passed(ONBOARDING_STAGES.filter((s) => s !== 'safeguarding-check')), { stage: 'safeguarding-check' as const, completedOn: '2026-11-02', outcome: 'failed' as const }];
    expect(onboardingProgress(records)).toEqual({ active: false, outstanding: ['safeguarding-check'], failed: ['safeguarding-check'] });
  });
});
