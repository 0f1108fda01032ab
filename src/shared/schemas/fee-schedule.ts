import { z } from 'zod';
import { LICENCE_TYPES } from '../../domain/reference.js';

const pence = z.number().int().min(0).max(100_000_000);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD');

export const licenceFeesSchema = z
  .strictObject({
    nonProfitPence: pence.nullable(),
    nonProfitReducedPence: pence.nullable(),
    forProfitPence: pence.nullable(),
    forProfitReducedPence: pence.nullable(),
    includedTrainingPlaces: z.number().int().min(0).max(100).nullable(),
  })
  .meta({ id: 'LicenceFees' });

const licenceCodes = LICENCE_TYPES.map((l) => l.code) as [string, ...string[]];

/** A fee schedule: Section 10's fees in pence, from an effective date. Null means price on request. */
export const feeScheduleSchema = z
  .strictObject({
    id: z.string().trim().min(1).max(64).regex(/^[a-z0-9-]+$/, 'Use lower-case letters, digits and hyphens'),
    name: z.string().trim().min(1).max(200),
    effectiveFrom: isoDate,
    licences: z.record(z.enum(licenceCodes), licenceFeesSchema),
    additionalTrainingPlacePence: pence,
    inPersonTrainingPence: pence,
    webinarTrainingPence: pence,
    trainingGroupSize: z.strictObject({ min: z.number().int().min(1).max(100), max: z.number().int().min(1).max(100) }),
    coBrandingSurcharge: z.strictObject({ numerator: z.number().int().min(0).max(100), denominator: z.number().int().min(1).max(100) }),
    startSmartLaunchDate: isoDate.nullable(),
  })
  .refine((s) => licenceCodes.every((code) => code in s.licences), { path: ['licences'], message: 'Give fees for every licence type' })
  .refine((s) => s.trainingGroupSize.min <= s.trainingGroupSize.max, { path: ['trainingGroupSize'], message: 'The smallest group cannot be larger than the largest' })
  .meta({ id: 'FeeSchedule' });
export type FeeScheduleBody = z.infer<typeof feeScheduleSchema>;
