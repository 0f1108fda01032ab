import type { IsoDate } from '../iso-date.js';

/**
 * Section 9 ("What is a community peer-led meeting?"): UKSR volunteers are interviewed, give
 * references, have a satisfactory DBS/PVG check and complete the SMART Facilitator training before
 * they facilitate. Each stage is recorded with its date and outcome.
 */
export const ONBOARDING_STAGES = ['application', 'interview', 'reference-1', 'reference-2', 'safeguarding-check', 'training'] as const;
export type OnboardingStage = (typeof ONBOARDING_STAGES)[number];

export const ONBOARDING_STAGE_NAMES: Record<OnboardingStage, string> = {
  application: 'Application received',
  interview: 'Interview',
  'reference-1': 'First reference',
  'reference-2': 'Second reference',
  'safeguarding-check': 'DBS or PVG check',
  training: 'SMART Facilitator training',
};

export interface StageRecord {
  stage: OnboardingStage;
  completedOn: IsoDate;
  outcome: 'passed' | 'failed';
}

/** A volunteer is active only when every stage is complete and passed; otherwise the stages still to do. */
export function onboardingProgress(records: readonly StageRecord[]): { active: boolean; outstanding: OnboardingStage[]; failed: OnboardingStage[] } {
  const byStage = new Map(records.map((r) => [r.stage, r]));
  const failed = ONBOARDING_STAGES.filter((s) => byStage.get(s)?.outcome === 'failed');
  const outstanding = ONBOARDING_STAGES.filter((s) => byStage.get(s)?.outcome !== 'passed');
  return { active: outstanding.length === 0, outstanding, failed };
}
