import { z } from 'zod';
import { isIsoDate } from '../../domain/iso-date.js';
import { TRAINING_MODULES } from '../../domain/training/pathway.js';

const moduleCodes = TRAINING_MODULES.map((m) => m.code) as [string, ...string[]];
export const progressStatusSchema = z.enum(['enrolled', 'in_progress', 'completed', 'withdrawn']);

/** One change to a person's progress on a module, recorded by Central Office or the region's Coordinator. */
export const progressChangeSchema = z
  .strictObject({
    module: z.enum(moduleCodes, { message: 'Choose a module' }),
    status: z.enum(['enrolled', 'in_progress', 'completed', 'withdrawn'], { message: 'Choose what happened' }),
    on: z.string().refine(isIsoDate, { message: 'Enter a real date, like 2026-11-01' }),
  })
  .meta({ id: 'TrainingProgressChange' });
export type ProgressChangeRequest = z.infer<typeof progressChangeSchema>;

export const moduleProgressSchema = z.object({
  module: z.string(),
  moduleName: z.string(),
  status: progressStatusSchema.nullable(),
  enrolledOn: z.string().nullable(),
  startedOn: z.string().nullable(),
  completedOn: z.string().nullable(),
  withdrawnOn: z.string().nullable(),
  /** Why the person may not take the module today, if they may not (prerequisites, who it is for). */
  blockedBecause: z.array(z.string()),
});

export const trainingProgressSchema = z
  .object({
    facilitator: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    modules: z.array(moduleProgressSchema),
    certificate: z.object({ number: z.string(), completedOn: z.string(), url: z.string() }).nullable(),
    /** Whether the person looking may record progress for this person. */
    canRecord: z.boolean(),
  })
  .meta({ id: 'TrainingProgress' });
export type TrainingProgressResponse = z.infer<typeof trainingProgressSchema>;

/** The training platform's CSV export (docs/examples/training-completions.csv); a dry run writes nothing. */
export const trainingImportRequestSchema = z
  .strictObject({
    csv: z.string().min(1, 'Paste the CSV export').max(2_000_000, 'The file is too large: split it into parts of 2 MB or less'),
    dryRun: z.boolean().default(true),
  })
  .meta({ id: 'TrainingImportRequest' });

export const trainingImportReportSchema = z
  .object({
    dryRun: z.boolean(),
    imported: z.boolean(),
    rows: z.number().int(),
    rejected: z.array(z.object({ line: z.number().int(), email: z.string(), reason: z.string() })),
    accepted: z.array(z.object({ line: z.number().int(), email: z.string(), module: z.string(), status: progressStatusSchema, outcome: z.enum(['recorded', 'unchanged']) })),
    certificatesIssued: z.number().int(),
  })
  .meta({ id: 'TrainingImportReport' });
export type TrainingImportReport = z.infer<typeof trainingImportReportSchema>;
