import { z } from 'zod';

/** A person: a facilitator record's id or an account's id (decision 104). */
export const personIdParamsSchema = z.object({ id: z.uuid() });

const rows = z.array(z.record(z.string(), z.unknown()));

/** Everything Partner Hub holds about one person, for a subject access request (UK GDPR Article 15). */
export const subjectAccessSchema = z
  .object({
    exportedAt: z.string(),
    note: z.string(),
    facilitator: z.record(z.string(), z.unknown()).nullable(),
    account: z.record(z.string(), z.unknown()).nullable(),
    organisations: rows,
    sites: rows,
    qualifications: rows,
    safeguardingChecks: rows,
    trainingProgress: rows,
    certificates: rows,
    volunteerOnboarding: rows,
    codeOfConductAcceptances: rows,
    meetingsFacilitated: rows,
    trainingNominations: rows,
    signInAttempts: rows,
    emailsSent: rows,
    invoicesAddressedToThem: rows,
    auditEntriesAboutThem: rows,
    auditEntriesByThem: rows,
    /** Messages they sent through the contact page (decision 158). */
    contactMessages: rows,
  })
  .meta({ id: 'SubjectAccessExport' });
export type SubjectAccessExport = z.infer<typeof subjectAccessSchema>;

/** What an erasure did, without the personal data it removed. */
export const erasureResultSchema = z
  .object({
    facilitatorId: z.string().nullable(),
    userId: z.string().nullable(),
    erasedAt: z.string(),
    /** False when the person had been erased already: nothing changed. */
    changed: z.boolean(),
  })
  .meta({ id: 'ErasureResult' });
export type ErasureResult = z.infer<typeof erasureResultSchema>;
