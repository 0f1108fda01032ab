import { z } from 'zod';
import { REGIONS } from '../../domain/reference.js';
import { ONBOARDING_STAGES } from '../../domain/eligibility/volunteer-onboarding.js';

/** Someone applying to be a UKSR volunteer facilitator (Section 9). */
export const volunteerApplicationSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'Enter your full name').max(200),
    email: z.string().trim().toLowerCase().max(254).pipe(z.email('Enter an email address in the right format, like name@example.org')),
    phone: z.string().trim().max(30).optional(),
    region: z.enum(REGIONS.map((r) => r.code) as [string, ...string[]], { error: 'Choose the region you live in' }),
  })
  .meta({ id: 'VolunteerApplication' });
export type VolunteerApplication = z.infer<typeof volunteerApplicationSchema>;

export const onboardingStageRequestSchema = z
  .strictObject({
    stage: z.enum(ONBOARDING_STAGES),
    completedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD'),
    outcome: z.enum(['passed', 'failed']),
    note: z.string().trim().max(500).optional(),
  })
  .meta({ id: 'OnboardingStageRequest' });

export const volunteerSchema = z
  .object({
    facilitatorId: z.string(),
    name: z.string(),
    email: z.string(),
    status: z.string(),
    stages: z.array(z.object({ stage: z.string(), completedOn: z.string(), outcome: z.string(), recordedBy: z.string().nullable() })),
    outstanding: z.array(z.string()),
  })
  .meta({ id: 'Volunteer' });
